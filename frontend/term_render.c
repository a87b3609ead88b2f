/*
 * frontend/term_render.c — draw a VGA text screen on an ANSI/VT100
 * terminal, sending only the cells that changed since the last frame.
 *
 * Colours: the 16 VGA text colours map to the 8 ANSI colours plus the
 * aixterm bright range (SGR 90-97) for foregrounds 8-15.  The VGA order
 * (blue=1, red=4) differs from ANSI (red=1, blue=4), hence vga_to_ansi.
 * Attribute bit 7 is blink on a VGA in its default mode (attribute
 * controller mode register bit 3 set), so it becomes SGR 5 with the
 * normal background; the TextScreen does not say when a program switched
 * to bright backgrounds, and blink is the power-on default.
 * Characters go through the CP437 table.  The bottom terminal row is the
 * status line.
 */
#include "frontend/term.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNKNOWN_CELL 0xFFFFFFFFu

/* --- output buffer ---------------------------------------------------------- */

static void termout_reserve(TermOut *o, size_t more)
{
    if (o->len + more + 1 <= o->cap)
        return;
    size_t cap = o->cap ? o->cap : 4096;
    while (cap < o->len + more + 1)
        cap *= 2;
    char *nb = realloc(o->buf, cap);
    if (!nb)
        abort(); /* out of memory while drawing: nothing sensible left */
    o->buf = nb;
    o->cap = cap;
}

void termout_reset(TermOut *o) { o->len = 0; }

void termout_free(TermOut *o)
{
    free(o->buf);
    o->buf = NULL;
    o->len = o->cap = 0;
}

static void termout_write(TermOut *o, const char *s, size_t n)
{
    termout_reserve(o, n);
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

void termout_puts(TermOut *o, const char *s) { termout_write(o, s, strlen(s)); }

void termout_printf(TermOut *o, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof tmp)
        n = sizeof tmp - 1;
    termout_write(o, tmp, (size_t)n);
}

/* --- attributes ----------------------------------------------------------------- */

static const unsigned char vga_to_ansi[8] = {0, 4, 2, 6, 1, 5, 3, 7};

void term_attr_sgr(int attr, char out[32])
{
    int fg = attr & 0x0F, bg = (attr >> 4) & 0x07;
    int fg_sgr = (fg & 8 ? 90 : 30) + vga_to_ansi[fg & 7];
    snprintf(out, 32, "\x1b[0;%d;%d%sm", fg_sgr, 40 + vga_to_ansi[bg],
             attr & 0x80 ? ";5" : "");
}

/* --- frames ---------------------------------------------------------------------- */

void term_render_init(TermRender *r)
{
    memset(r, 0, sizeof *r);
    term_render_invalidate(r);
}

void term_render_invalidate(TermRender *r)
{
    for (size_t i = 0; i < sizeof r->shown / sizeof r->shown[0]; i++)
        r->shown[i] = UNKNOWN_CELL;
    r->cols = r->rows = -1;
    r->cur_attr = -1;
    r->graphics_shown = false;
    r->gfx_w = r->gfx_h = -1;
    r->status[0] = '\0';
    r->status_row = -1;
    r->cursor_x = r->cursor_y = -2;
    r->view_x = r->view_y = 0;
}

/* Display width of UTF-8 text = number of non-continuation bytes (every
 * character we print is one column wide). */
static size_t utf8_width(const char *s, size_t *bytes_for_width, size_t max)
{
    size_t w = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (w == max)
                break;
            w++;
        }
    }
    *bytes_for_width = i;
    return w;
}

static void draw_status(TermRender *r, TermOut *o, const char *status,
                        int term_cols, int row)
{
    if (row < 0 || term_cols < 2)
        return;
    /* Stay off the last column so the terminal never wraps or scrolls. */
    size_t max = (size_t)term_cols - 1, bytes;
    size_t w = utf8_width(status, &bytes, max);
    termout_printf(o, "\x1b[%d;1H\x1b[0;7m", row + 1);
    termout_write(o, status, bytes);
    for (; w < max; w++)
        termout_write(o, " ", 1);
    termout_puts(o, "\x1b[0m");
    r->cur_attr = -1;
    snprintf(r->status, sizeof r->status, "%s", status);
    r->status_row = row;
}

static void draw_graphics_placeholder(TermRender *r, TermOut *o, int gfx_w,
                                      int gfx_h, int term_cols, int text_rows)
{
    char line[96];
    if (gfx_w > 0 && gfx_h > 0)
        snprintf(line, sizeof line, "graphics mode %dx%d \xe2\x80\x94 use -display sdl",
                 gfx_w, gfx_h);
    else
        snprintf(line, sizeof line, "(no video signal)");
    size_t bytes;
    size_t w = utf8_width(line, &bytes, term_cols > 0 ? (size_t)term_cols : 0);
    int x = term_cols > (int)w ? (term_cols - (int)w) / 2 : 0;
    int y = text_rows > 0 ? text_rows / 2 : 0;
    termout_printf(o, "\x1b[0m\x1b[2J\x1b[%d;%dH", y + 1, x + 1);
    termout_write(o, line, bytes);
    r->cur_attr = -1;
    r->graphics_shown = true;
    r->gfx_w = gfx_w;
    r->gfx_h = gfx_h;
}

/* Scroll offset along one axis: 0 when everything fits, else the least
 * movement that keeps the cursor inside [view, view + avail). */
static int follow_cursor(int view, int size, int avail, int cursor, bool cursor_valid)
{
    if (size <= avail || avail <= 0)
        return 0;
    if (cursor_valid) {
        if (cursor < view)
            view = cursor;
        else if (cursor >= view + avail)
            view = cursor - avail + 1;
    }
    if (view > size - avail)
        view = size - avail;
    if (view < 0)
        view = 0;
    return view;
}

void term_render_frame(TermRender *r, TermOut *o, const TextScreen *ts,
                       int gfx_w, int gfx_h, const char *status,
                       int term_cols, int term_rows)
{
    if (term_cols < 1 || term_rows < 1)
        return;
    int status_row = term_rows >= 2 ? term_rows - 1 : -1;
    int avail_rows = status_row >= 0 ? status_row : term_rows;
    bool full = false;
    size_t start = o->len;

    if (!ts->text_mode) {
        if (!r->graphics_shown || r->gfx_w != gfx_w || r->gfx_h != gfx_h ||
            r->status_row != status_row) {
            term_render_invalidate(r);
            draw_graphics_placeholder(r, o, gfx_w, gfx_h, term_cols, avail_rows);
            full = true;
        }
        if (full || strcmp(r->status, status) != 0)
            draw_status(r, o, status, term_cols, status_row);
        if (o->len != start || r->cursor_x != -1) {
            termout_puts(o, "\x1b[?25l");
            r->cursor_x = r->cursor_y = -1;
        }
        return;
    }

    int cols = ts->cols < TEXT_MAX_COLS ? ts->cols : TEXT_MAX_COLS;
    int rows = ts->rows < TEXT_MAX_ROWS ? ts->rows : TEXT_MAX_ROWS;
    if (cols < 0)
        cols = 0;
    if (rows < 0)
        rows = 0;
    if (r->graphics_shown || r->cols != cols || r->rows != rows ||
        r->status_row != status_row) {
        term_render_invalidate(r);
        termout_puts(o, "\x1b[0m\x1b[2J");
        r->cols = cols;
        r->rows = rows;
        full = true;
    }
    int draw_cols = cols < term_cols ? cols : term_cols;
    int draw_rows = rows < avail_rows ? rows : avail_rows;
    /* A guest screen bigger than the terminal (25 rows + status line in
     * an 80x24 terminal, 132 columns...) scrolls to keep the cursor in
     * view. */
    bool cursor_in = ts->cursor_x >= 0 && ts->cursor_x < cols && ts->cursor_y >= 0 &&
                     ts->cursor_y < rows;
    int vx = follow_cursor(r->view_x, cols, draw_cols, ts->cursor_x, cursor_in);
    int vy = follow_cursor(r->view_y, rows, draw_rows, ts->cursor_y, cursor_in);
    if (vx != r->view_x || vy != r->view_y) {
        if (!full) {
            term_render_invalidate(r);
            termout_puts(o, "\x1b[0m\x1b[2J");
            r->cols = cols;
            r->rows = rows;
            full = true;
        }
        r->view_x = vx;
        r->view_y = vy;
    }
    /* Where the terminal's cursor is after our last write (-1: unknown). */
    int tx = -1, ty = -1;

    for (int y = 0; y < draw_rows; y++) {
        for (int x = 0; x < draw_cols; x++) {
            int gx = x + vx, gy = y + vy;
            size_t i = (size_t)gy * TEXT_MAX_COLS + (size_t)gx;
            uint32_t cell = ts->cells[(size_t)gy * (size_t)cols + (size_t)gx];
            if (r->shown[i] == cell)
                continue;
            if (tx != x || ty != y)
                termout_printf(o, "\x1b[%d;%dH", y + 1, x + 1);
            int attr = (int)(cell >> 8) & 0xFF;
            if (attr != r->cur_attr) {
                char sgr[32];
                term_attr_sgr(attr, sgr);
                termout_puts(o, sgr);
                r->cur_attr = attr;
            }
            unsigned char ch = (unsigned char)cell;
            char u[4];
            termout_write(o, u, (size_t)cp437_to_utf8(ch, u));
            r->shown[i] = cell;
            /* The pictographs in 0x01-0x1F/0x7F are drawn double width
             * by some terminals (emoji fonts): re-position after them. */
            if (ch < 0x20 || ch == 0x7F)
                tx = -1;
            else
                tx = x + 1;
            ty = y;
        }
    }
    if (full || strcmp(r->status, status) != 0)
        draw_status(r, o, status, term_cols, status_row);
    /* Put the cursor back where the guest has it whenever we moved it
     * or the guest did. */
    int cx = -1, cy = -1;
    if (ts->cursor_visible && cursor_in && ts->cursor_x - vx < draw_cols &&
        ts->cursor_y - vy < draw_rows && ts->cursor_x >= vx && ts->cursor_y >= vy) {
        cx = ts->cursor_x - vx;
        cy = ts->cursor_y - vy;
    }
    if (o->len == start && cx == r->cursor_x && cy == r->cursor_y)
        return;
    if (cx >= 0)
        termout_printf(o, "\x1b[%d;%dH\x1b[?25h", cy + 1, cx + 1);
    else
        termout_puts(o, "\x1b[?25l");
    r->cursor_x = cx;
    r->cursor_y = cy;
}
