/*
 * tests/frontend/test_term_render.c — the ANSI text renderer: colour
 * mapping, incremental redraw (unchanged frames send nothing, one changed
 * cell sends one cell), the graphics placeholder, and a small VT100 model
 * here that replays the output and must end up showing the guest screen.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/term.h"

/* --- a minimal terminal model: CUP, ED 2, SGR and other CSI ignored,
 * UTF-8 characters occupy one cell each. --------------------------------- */
#define VT_COLS 140
#define VT_ROWS 64
typedef struct Vt {
    uint32_t cell[VT_ROWS][VT_COLS];
    unsigned char attr[VT_ROWS][VT_COLS];
    int cols, rows, x, y, sgr_fg, sgr_bg;
    bool cursor_on;
} Vt;

static void vt_init(Vt *vt, int cols, int rows)
{
    memset(vt, 0, sizeof *vt);
    vt->cols = cols;
    vt->rows = rows;
    for (int y = 0; y < VT_ROWS; y++)
        for (int x = 0; x < VT_COLS; x++)
            vt->cell[y][x] = ' ';
}

static void vt_feed(Vt *vt, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0x1B) {
            ck_assert_uint_lt(i + 1, n);
            ck_assert_int_eq(s[i + 1], '[');
            i += 2;
            int p[8] = {0}, np = 0;
            bool priv = false;
            while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == ';' || s[i] == '?')) {
                if (s[i] == '?')
                    priv = true;
                else if (s[i] == ';')
                    np++;
                else if (np < 8)
                    p[np] = p[np] * 10 + (s[i] - '0');
                i++;
            }
            ck_assert_uint_lt(i, n);
            char fin = s[i++];
            if (fin == 'H') {
                vt->y = (p[0] ? p[0] : 1) - 1;
                vt->x = (np >= 1 && p[1] ? p[1] : 1) - 1;
                ck_assert_int_lt(vt->y, vt->rows);
                ck_assert_int_lt(vt->x, vt->cols);
            } else if (fin == 'J' && p[0] == 2 && !priv) {
                for (int y = 0; y < VT_ROWS; y++)
                    for (int x = 0; x < VT_COLS; x++)
                        vt->cell[y][x] = ' ';
            } else if (fin == 'h' && priv && p[0] == 25) {
                vt->cursor_on = true;
            } else if (fin == 'l' && priv && p[0] == 25) {
                vt->cursor_on = false;
            }
            continue;
        }
        ck_assert_msg(c >= 0x20, "control byte %02x sent to the terminal", c);
        uint32_t cp;
        int len = 1;
        if (c < 0x80)
            cp = c;
        else if ((c & 0xE0) == 0xC0)
            cp = c & 0x1F, len = 2;
        else
            cp = c & 0x0F, len = 3;
        for (int k = 1; k < len; k++)
            cp = cp << 6 | ((unsigned char)s[i + (size_t)k] & 0x3F);
        i += (size_t)len;
        ck_assert_msg(vt->x < vt->cols, "write past the right edge (row %d)", vt->y);
        vt->cell[vt->y][vt->x++] = cp;
    }
}

static TextScreen ts;
static TermRender tr;
static TermOut out;
static Vt vt;

static void fill_screen(int cols, int rows, unsigned seed)
{
    memset(&ts, 0, sizeof ts);
    ts.text_mode = true;
    ts.cols = cols;
    ts.rows = rows;
    for (int i = 0; i < cols * rows; i++) {
        seed = seed * 1103515245u + 12345u;
        ts.cells[i] = (uint16_t)((seed >> 16) & 0xFFFF);
    }
    ts.cursor_visible = true;
    ts.cursor_x = 3;
    ts.cursor_y = 2;
}

static void frame(int tcols, int trows, const char *status)
{
    termout_reset(&out);
    term_render_frame(&tr, &out, &ts, 640, 480, status, tcols, trows);
    vt_feed(&vt, out.buf ? out.buf : "", out.len);
}

/* The terminal shows the guest screen from guest cell (vx, vy) on. */
static void check_vt_view(int tcols, int trows, int vx, int vy)
{
    int rows = ts.rows - vy < trows - 1 ? ts.rows - vy : trows - 1;
    int cols = ts.cols - vx < tcols ? ts.cols - vx : tcols;
    for (int y = 0; y < rows; y++)
        for (int x = 0; x < cols; x++) {
            unsigned char ch = (unsigned char)ts.cells[(y + vy) * ts.cols + x + vx];
            ck_assert_msg(vt.cell[y][x] == cp437_unicode[ch],
                          "cell %d,%d shows U+%04X, want CP437 %02X", x, y,
                          vt.cell[y][x], ch);
        }
}

static void check_vt_matches(int tcols, int trows) { check_vt_view(tcols, trows, 0, 0); }

static void setup(void)
{
    term_render_init(&tr);
    termout_reset(&out);
}

START_TEST(attribute_mapping)
{
    char sgr[32];
    term_attr_sgr(0x07, sgr);
    ck_assert_str_eq(sgr, "\x1b[0;37;40m");
    term_attr_sgr(0x1E, sgr); /* yellow on blue */
    ck_assert_str_eq(sgr, "\x1b[0;93;44m");
    term_attr_sgr(0x4F, sgr); /* bright white on red */
    ck_assert_str_eq(sgr, "\x1b[0;97;41m");
    term_attr_sgr(0x8C, sgr); /* blinking light red on black */
    ck_assert_str_eq(sgr, "\x1b[0;91;40;5m");
    term_attr_sgr(0x36, sgr); /* brown on cyan */
    ck_assert_str_eq(sgr, "\x1b[0;33;46m");
    term_attr_sgr(0x70, sgr); /* black on light grey */
    ck_assert_str_eq(sgr, "\x1b[0;30;47m");
}
END_TEST

START_TEST(full_then_incremental)
{
    vt_init(&vt, 80, 26);
    fill_screen(80, 25, 1);
    frame(80, 26, "status one");
    check_vt_matches(80, 26);
    ck_assert(vt.cursor_on);
    ck_assert_int_eq(vt.x, 3);
    ck_assert_int_eq(vt.y, 2);
    /* status line on the last row */
    ck_assert_int_eq(vt.cell[25][0], 's');
    ck_assert_int_eq(vt.cell[25][7], 'o');

    /* nothing changed: nothing sent */
    frame(80, 26, "status one");
    ck_assert_uint_eq(out.len, 0);

    /* one cell: one position + one character + cursor restore */
    ts.cells[10 * 80 + 40] = (uint16_t)((ts.cells[10 * 80 + 40] & 0xFF00) | 'Q');
    frame(80, 26, "status one");
    ck_assert_ptr_nonnull(strstr(out.buf, "\x1b[11;41H"));
    ck_assert_uint_lt(out.len, 40);
    check_vt_matches(80, 26);
    ck_assert_int_eq(vt.x, 3);

    /* many random changes over several frames */
    for (unsigned f = 0; f < 20; f++) {
        unsigned seed = f * 7919u;
        for (int k = 0; k < 50; k++) {
            seed = seed * 1103515245u + 12345u;
            ts.cells[(seed >> 8) % 2000] = (uint16_t)(seed >> 16);
        }
        ts.cursor_x = (int)f;
        frame(80, 26, f % 2 ? "odd" : "even");
        check_vt_matches(80, 26);
        ck_assert_int_eq(vt.x, (int)f);
        ck_assert_int_eq(vt.y, 2);
    }
    ck_assert_int_eq(vt.cell[25][0], 'o');

    /* cursor moves alone: only the cursor is sent */
    ts.cursor_x = 79;
    ts.cursor_y = 24;
    frame(80, 26, "odd");
    ck_assert_str_eq(out.buf, "\x1b[25;80H\x1b[?25h");
    ts.cursor_visible = false;
    frame(80, 26, "odd");
    ck_assert_str_eq(out.buf, "\x1b[?25l");
}
END_TEST

START_TEST(mode_change_redraws)
{
    vt_init(&vt, 100, 50);
    fill_screen(80, 25, 5);
    frame(100, 50, "s");
    check_vt_matches(100, 50);
    fill_screen(80, 43, 6);
    frame(100, 50, "s");
    check_vt_matches(100, 50);
    /* to graphics: the placeholder, then silence */
    ts.text_mode = false;
    frame(100, 50, "s");
    ck_assert_ptr_nonnull(strstr(out.buf, "graphics mode 640x480"));
    ck_assert_ptr_nonnull(strstr(out.buf, "-display sdl"));
    frame(100, 50, "s");
    ck_assert_uint_eq(out.len, 0);
    /* no picture at all yet */
    termout_reset(&out);
    term_render_frame(&tr, &out, &ts, 0, 0, "s", 100, 50);
    ck_assert_ptr_nonnull(strstr(out.buf, "(no video signal)"));
    /* back to text: full redraw */
    fill_screen(40, 25, 7);
    frame(100, 50, "s");
    check_vt_matches(100, 50);
    ck_assert_int_eq(vt.cell[0][45], ' ');
}
END_TEST

START_TEST(small_terminal_clips)
{
    vt_init(&vt, 60, 20);
    fill_screen(80, 25, 9);
    ts.cursor_x = 70; /* right of the terminal: the view scrolls */
    frame(60, 20, "a long status line that is longer than sixty columns, clipped at the edge \xe2\x80\x94 yes");
    check_vt_view(60, 20, 11, 0);
    ck_assert(vt.cursor_on);
    ck_assert_int_eq(vt.x, 59);
    ck_assert_int_eq(vt.cell[19][0], 'a');
    ck_assert_int_eq(vt.cell[19][59], ' '); /* last column stays unused */
    /* the cursor off the screen altogether: hidden, view kept */
    ts.cursor_x = 200;
    frame(60, 20, "x");
    ck_assert(!vt.cursor_on);
    check_vt_view(60, 20, 11, 0);
    /* resize: invalidate and redraw for the new size */
    ts.cursor_x = 3;
    vt_init(&vt, 132, 60);
    term_render_invalidate(&tr);
    frame(132, 60, "x");
    check_vt_matches(132, 60);
}
END_TEST

START_TEST(viewport_follows_cursor)
{
    /* 80x25 guest in an 80x24 terminal: 23 rows for the guest */
    vt_init(&vt, 80, 24);
    fill_screen(80, 25, 11);
    ts.cursor_x = 4;
    ts.cursor_y = 2;
    frame(80, 24, "s");
    check_vt_view(80, 24, 0, 0);
    ck_assert_int_eq(vt.y, 2);
    /* the DOS prompt on the last row: scroll down by two */
    ts.cursor_y = 24;
    frame(80, 24, "s");
    check_vt_view(80, 24, 0, 2);
    ck_assert_int_eq(vt.y, 22);
    ck_assert_int_eq(vt.x, 4);
    /* moving within the view does not scroll */
    ts.cursor_y = 10;
    ts.cells[3 * 80] = 0x0741;
    frame(80, 24, "s");
    check_vt_view(80, 24, 0, 2);
    ck_assert_int_eq(vt.y, 8);
    /* 132 columns in an 80-column terminal: horizontal too */
    vt_init(&vt, 80, 30);
    fill_screen(132, 25, 12);
    ts.cursor_x = 100;
    ts.cursor_y = 5;
    frame(80, 30, "s");
    check_vt_view(80, 30, 21, 0);
    ck_assert_int_eq(vt.x, 79);
    ck_assert(vt.cursor_on);
}
END_TEST

START_TEST(hostile_geometry)
{
    vt_init(&vt, 140, 64);
    memset(&ts, 0, sizeof ts);
    ts.text_mode = true;
    ts.cols = 5000; /* clamped to TEXT_MAX_COLS */
    ts.rows = -3;
    ts.cursor_visible = true;
    ts.cursor_x = -1;
    ts.cursor_y = 100000;
    frame(140, 64, "s");
    ts.cols = TEXT_MAX_COLS;
    ts.rows = TEXT_MAX_ROWS;
    frame(140, 64, "s");
    check_vt_matches(140, 64);
    frame(0, 0, "s");
    ck_assert_uint_eq(out.len, 0);
}
END_TEST

START_TEST(random_screens_and_sizes)
{
    /* Any guest screen on any terminal: nothing is written outside the
     * terminal and the visible part always matches. */
    uint32_t seed = 99;
    for (int round = 0; round < 60; round++) {
        seed = seed * 1103515245u + 12345u;
        int tcols = 1 + (int)((seed >> 8) % 140), trows = 1 + (int)((seed >> 16) % 64);
        if (round % 5 == 0)
            term_render_invalidate(&tr);
        if (round % 5 == 0 || round == 0)
            vt_init(&vt, tcols, trows);
        else {
            tcols = vt.cols;
            trows = vt.rows;
        }
        int cols = 1 + (int)((seed >> 4) % TEXT_MAX_COLS);
        int rows = 1 + (int)((seed >> 12) % TEXT_MAX_ROWS);
        fill_screen(cols, rows, seed);
        ts.cursor_x = (int)((seed >> 3) % 200) - 20;
        ts.cursor_y = (int)((seed >> 5) % 90) - 10;
        ts.cursor_visible = (seed & 1) != 0;
        ts.text_mode = (seed % 11) != 0;
        termout_reset(&out);
        term_render_frame(&tr, &out, &ts, 320, 200, "st", tcols, trows);
        vt_feed(&vt, out.buf ? out.buf : "", out.len);
        if (ts.text_mode && trows >= 2)
            check_vt_view(tcols, trows, tr.view_x, tr.view_y);
    }
}
END_TEST

static void teardown(void) { termout_free(&out); }

Suite *term_render_suite(void)
{
    Suite *s = suite_create("term_render");
    TCase *tc = tcase_create("term_render");
    tcase_set_timeout(tc, 60); /* the random rounds are slow under sanitizers */
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, attribute_mapping);
    tcase_add_test(tc, full_then_incremental);
    tcase_add_test(tc, mode_change_redraws);
    tcase_add_test(tc, small_terminal_clips);
    tcase_add_test(tc, viewport_follows_cursor);
    tcase_add_test(tc, hostile_geometry);
    tcase_add_test(tc, random_screens_and_sizes);
    suite_add_tcase(s, tc);
    return s;
}
