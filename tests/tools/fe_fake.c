/*
 * tests/tools/fe_fake.c — drives a front end (sdl, curses, none) against a
 * fake Machine, so the front ends can be tested end to end (tmux, Xvfb)
 * without booting a guest.  Test-only: the fake implements just the
 * hw/machine.h calls the front ends make.
 *
 * The fake guest is a tiny line editor on an 80x25 text screen: it shows
 * "A:\>" and echoes typed characters (tracking Shift like a keyboard
 * driver would); Enter starts a new prompt line and "ver" answers
 * "FakeCom version 1.0".  Every machine_key/mouse/reset/pause call is
 * appended to the log file (-log FILE) as one line, e.g. "key a down".
 * "mode13" switches to a 320x200 graphics picture, "mode3" back to text.
 * The text picture is 720x400 with solid 9x16 cells (lit in the
 * foreground colour where the character is not blank).
 *
 * usage: fe_fake -display sdl|curses|none [-log FILE] [-seconds N]
 *                [-graphics] [-shot DIR] [-leds N] [-noaudio]
 *                [-integer] [-square]
 */
/* frontend.h first: hw/machine.h's ClockMode enum names clash with the
 * GUEST_CLOCK_REALTIME macro of <time.h> when time.h comes first. */
#include "frontend/frontend.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct Machine {
    TextScreen ts;
    DisplayBuffer db;
    uint32_t pixels[720 * 400];
    bool graphics;
    bool paused;
    bool down[KEY_COUNT];
    unsigned leds;
    uint64_t disk;
    char line[80];
    size_t line_len;
    FILE *log;
    double tone_phase;
};

static const uint32_t palette[16] = {
    0x000000, 0x0000AA, 0x00AA00, 0x00AAAA, 0xAA0000, 0xAA00AA, 0xAA5500, 0xAAAAAA,
    0x555555, 0x5555FF, 0x55FF55, 0x55FFFF, 0xFF5555, 0xFF55FF, 0xFFFF55, 0xFFFFFF,
};

static void logf_(Machine *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void logf_(Machine *m, const char *fmt, ...)
{
    if (!m->log)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(m->log, fmt, ap);
    va_end(ap);
    fputc('\n', m->log);
    fflush(m->log);
}

static void scroll_if_needed(Machine *m)
{
    if (m->ts.cursor_y < 24)
        return;
    memmove(m->ts.cells, m->ts.cells + 80, sizeof m->ts.cells[0] * 80 * 23);
    for (int x = 0; x < 80; x++)
        m->ts.cells[23 * 80 + x] = 0x0720;
    m->ts.cursor_y = 23;
}

static void put_text(Machine *m, const char *s, int attr)
{
    for (; *s; s++) {
        if (*s == '\n') {
            m->ts.cursor_x = 0;
            m->ts.cursor_y++;
            scroll_if_needed(m);
            continue;
        }
        m->ts.cells[m->ts.cursor_y * 80 + m->ts.cursor_x] =
            (uint16_t)((unsigned char)*s | attr << 8);
        if (++m->ts.cursor_x == 80) {
            m->ts.cursor_x = 0;
            m->ts.cursor_y++;
            scroll_if_needed(m);
        }
    }
}

static void fake_boot(Machine *m)
{
    memset(&m->ts, 0, sizeof m->ts);
    m->ts.text_mode = !m->graphics;
    m->ts.cols = 80;
    m->ts.rows = 25;
    m->ts.cursor_visible = true;
    for (int i = 0; i < 80 * 25; i++)
        m->ts.cells[i] = 0x0720;
    /* status bar in row 24 with colours and CP437 box characters */
    for (int x = 0; x < 80; x++)
        m->ts.cells[24 * 80 + x] = 0x1FCD;
    const char *title = "\xB5 FAKE PC \xC6 \x01\x03";
    for (int i = 0; title[i]; i++)
        m->ts.cells[24 * 80 + 30 + i] = (uint16_t)(0x1E00 | (unsigned char)title[i]);
    put_text(m, "Fake machine for front-end tests\n\nA:\\>", 0x07);
    m->line_len = 0;
}

static char key_char(Machine *m, KeyCode k)
{
    bool shift = m->down[KEY_LSHIFT] || m->down[KEY_RSHIFT];
    for (int c = 0x20; c < 0x7F; c++) {
        int needs;
        if (keycode_from_ascii((char)c, &needs) == k && needs == (shift ? 1 : 0))
            return (char)c;
    }
    return 0;
}

/* --- hw/machine.h, the parts front ends use ----------------------------------- */

void machine_key(Machine *m, KeyCode key, bool down)
{
    if (key <= KEY_NONE || key >= KEY_COUNT) {
        logf_(m, "bad key %d", (int)key);
        return;
    }
    logf_(m, "key %s %s", keycode_names[key], down ? "down" : "up");
    bool was = m->down[key];
    m->down[key] = down;
    if (!down || was)
        return;
    if (key == KEY_CAPSLOCK)
        m->leds ^= KBD_LED_CAPS;
    if (key == KEY_NUMLOCK)
        m->leds ^= KBD_LED_NUM;
    if (key == KEY_SCROLLLOCK)
        m->leds ^= KBD_LED_SCROLL;
    if (key == KEY_ENTER) {
        m->line[m->line_len] = '\0';
        put_text(m, "\n", 7);
        if (strcmp(m->line, "ver") == 0)
            put_text(m, "FakeCom version 1.0\n", 0x07);
        if (strcmp(m->line, "mode13") == 0 || strcmp(m->line, "mode3") == 0) {
            m->graphics = m->line[4] == '1';
            m->ts.text_mode = !m->graphics;
            logf_(m, "mode %s", m->graphics ? "320x200" : "720x400");
        }
        put_text(m, "A:\\>", 0x07);
        m->line_len = 0;
        m->disk++;
        return;
    }
    if (key == KEY_BACKSPACE && m->line_len > 0) {
        m->line_len--;
        m->ts.cursor_x--;
        m->ts.cells[m->ts.cursor_y * 80 + m->ts.cursor_x] = 0x0720;
        return;
    }
    if (m->down[KEY_LCTRL] || m->down[KEY_RCTRL] || m->down[KEY_LALT] ||
        m->down[KEY_RALT])
        return;
    char c = key_char(m, key);
    if (c && m->line_len < sizeof m->line - 1) {
        m->line[m->line_len++] = c;
        char s[2] = {c, 0};
        put_text(m, s, 0x0F);
    }
}

void machine_release_all_keys(Machine *m)
{
    logf_(m, "release-all");
    memset(m->down, 0, sizeof m->down);
}

void machine_mouse(Machine *m, int dx, int dy, int dz, unsigned buttons)
{
    logf_(m, "mouse %d %d %d %u", dx, dy, dz, buttons);
}

unsigned machine_keyboard_leds(Machine *m) { return m->leds; }
double machine_mips(Machine *m) { return 42.5; }
uint64_t machine_disk_activity(Machine *m) { return m->disk; }
bool machine_paused(const Machine *m) { return m->paused; }

void machine_set_paused(Machine *m, bool paused)
{
    logf_(m, "pause %d", paused ? 1 : 0);
    m->paused = paused;
}

void machine_reset(Machine *m)
{
    logf_(m, "reset");
    fake_boot(m);
}

void machine_text_screen(Machine *m, TextScreen *out) { *out = m->ts; }

static double render_seconds; /* time spent in the fake's own renderer */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const DisplayBuffer *render_picture(Machine *m);

const DisplayBuffer *machine_render(Machine *m)
{
    double t0 = now_seconds();
    const DisplayBuffer *db = render_picture(m);
    render_seconds += now_seconds() - t0;
    return db;
}

static const DisplayBuffer *render_picture(Machine *m)
{
    DisplayBuffer *db = &m->db;
    db->pixels = m->pixels;
    if (m->graphics) {
        db->width = 320;
        db->height = 200;
        for (int y = 0; y < 200; y++)
            for (int x = 0; x < 320; x++)
                m->pixels[y * 320 + x] = palette[(x / 20 + y / 25) & 15];
    } else {
        db->width = 720;
        db->height = 400;
        for (int cy = 0; cy < 25; cy++)
            for (int cx = 0; cx < 80; cx++) {
                uint16_t cell = m->ts.cells[cy * 80 + cx];
                unsigned ch = cell & 0xFF, attr = cell >> 8;
                bool lit = ch != 0x20 && ch != 0;
                uint32_t fg = palette[attr & 15], bg = palette[(attr >> 4) & 7];
                for (int y = 0; y < 16; y++)
                    for (int x = 0; x < 9; x++)
                        m->pixels[(cy * 16 + y) * 720 + cx * 9 + x] =
                            lit && y >= 2 && y < 14 && x < 7 ? fg : bg;
            }
    }
    db->aspect_num = 4;
    db->aspect_den = 3;
    db->dirty_y0 = 0;
    db->dirty_y1 = db->height - 1;
    db->mode_generation = m->graphics ? 2 : 1;
    return db;
}

size_t machine_speaker_samples(Machine *m, int16_t *out, size_t frames,
                               unsigned rate)
{
    /* Silence unless Scroll Lock is on: then a quiet 440 Hz tone. */
    for (size_t i = 0; i < frames; i++) {
        out[i] = (m->leds & KBD_LED_SCROLL) ? (int16_t)(3000 * sin(m->tone_phase)) : 0;
        m->tone_phase += 2 * 3.14159265358979 * 440.0 / rate;
    }
    return frames;
}

void machine_request_exit(Machine *m, int status)
{
    logf_(m, "exit %d", status);
}

/* --- driver ----------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    static Machine machine;
    Machine *m = &machine;
    const char *display = "none", *log_path = NULL;
    double seconds = 30;
    FrontendOptions opt = {.audio = true, .screenshot_dir = "."};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-display") && i + 1 < argc)
            display = argv[++i];
        else if (!strcmp(argv[i], "-log") && i + 1 < argc)
            log_path = argv[++i];
        else if (!strcmp(argv[i], "-seconds") && i + 1 < argc)
            seconds = atof(argv[++i]);
        else if (!strcmp(argv[i], "-graphics"))
            m->graphics = true;
        else if (!strcmp(argv[i], "-shot") && i + 1 < argc)
            opt.screenshot_dir = argv[++i];
        else if (!strcmp(argv[i], "-leds") && i + 1 < argc)
            m->leds = (unsigned)atoi(argv[++i]);
        else if (!strcmp(argv[i], "-noaudio"))
            opt.audio = false;
        else if (!strcmp(argv[i], "-integer"))
            opt.integer_scale = true;
        else if (!strcmp(argv[i], "-square"))
            opt.square_pixels = true;
        else {
            fprintf(stderr, "fe_fake: bad argument %s\n", argv[i]);
            return 2;
        }
    }
    if (log_path) {
        m->log = fopen(log_path, "w");
        if (!m->log) {
            perror(log_path);
            return 2;
        }
    }
    fake_boot(m);
    Frontend *fe = !strcmp(display, "sdl")      ? frontend_sdl()
                   : !strcmp(display, "curses") ? frontend_curses()
                                                : frontend_headless();
    if (!fe) {
        fprintf(stderr, "fe_fake: front end %s not built\n", display);
        return 3;
    }
    char err[256] = "";
    if (fe->init(fe, m, &opt, err, sizeof err) != 0) {
        fprintf(stderr, "fe_fake: %s: %s\n", display, err);
        fe->shutdown(fe);
        return 4;
    }
    logf_(m, "started %s", fe->name);
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int status = 0;
    double poll_seconds = 0;
    long polls = 0;
    for (;;) {
        double p0 = now_seconds();
        bool go_on = fe->poll(fe);
        poll_seconds += now_seconds() - p0;
        polls++;
        if (!go_on) {
            logf_(m, "quit");
            break;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if ((double)(now.tv_sec - t0.tv_sec) + (now.tv_nsec - t0.tv_nsec) * 1e-9 > seconds) {
            logf_(m, "timeout");
            status = 1;
            break;
        }
        struct timespec slice = {0, 16 * 1000 * 1000};
        nanosleep(&slice, NULL);
    }
    fe->shutdown(fe);
    logf_(m, "poll cost %.3f ms average over %ld polls (fake renderer excluded)",
          polls ? (poll_seconds - render_seconds) * 1e3 / (double)polls : 0.0, polls);
    if (m->log)
        fclose(m->log);
    return status;
}
