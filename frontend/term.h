/*
 * frontend/term.h — the pure parts of the terminal front end, kept apart
 * from frontend/curses.c so the unit tests can drive them without a
 * terminal or a machine:
 *   - code page 437 -> UTF-8 (frontend/cp437.c),
 *   - terminal input bytes -> key strokes and front-end commands
 *     (frontend/term_input.c),
 *   - TextScreen -> ANSI/VT100 output redrawing only changed cells
 *     (frontend/term_render.c).
 */
#ifndef PX86_FRONTEND_TERM_H
#define PX86_FRONTEND_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/display.h"
#include "hw/keycodes.h"

/* --- code page 437 ------------------------------------------------------ */

/* Unicode code point shown for each CP437 character (the IBM PC glyphs,
 * including the graphic symbols in 0x01-0x1F and 0x7F; 0x00 is a blank). */
extern const uint16_t cp437_unicode[256];
/* UTF-8 encoding of cp437_unicode[c] into out (no NUL); returns 1..3. */
int cp437_to_utf8(unsigned char c, char out[4]);
/* Reverse mapping: CP437 code for a code point, or -1 if none. */
int cp437_from_unicode(uint32_t cp);

/* --- terminal input ------------------------------------------------------- */

enum {
    TERM_MOD_SHIFT = 1,
    TERM_MOD_ALT = 2,
    TERM_MOD_CTRL = 4,
};

typedef enum TermEventType {
    TERM_EV_KEY,     /* press+release `key` with modifiers `mods` held */
    TERM_EV_COMMAND, /* front-end command: escape key then `command` */
} TermEventType;

typedef struct TermEvent {
    TermEventType type;
    KeyCode key;
    unsigned mods;   /* TERM_MOD_* */
    char command;    /* for TERM_EV_COMMAND: the letter typed after Ctrl-] */
} TermEvent;

/* The escape key that introduces front-end commands: Ctrl-] (0x1D). */
#define TERM_ESCAPE_BYTE 0x1D

typedef void (*TermEventFn)(void *ctx, const TermEvent *ev);

typedef struct TermInput {
    unsigned char seq[32]; /* pending escape sequence (starts with ESC) */
    size_t seq_len;
    bool command_pending;  /* Ctrl-] seen; next byte is a command */
    TermEventFn emit;
    void *ctx;
} TermInput;

void term_input_init(TermInput *in, TermEventFn emit, void *ctx);
/* Feed bytes read from the terminal; complete events are emitted. */
void term_input_feed(TermInput *in, const unsigned char *buf, size_t len);
/* No more bytes arrived for a while: a pending lone ESC is the Esc key,
 * an unfinished sequence is dropped. */
void term_input_flush(TermInput *in);
/* Map one byte that is not part of an escape sequence to a key stroke;
 * false if it has no key (e.g. non-ASCII). */
bool term_byte_to_key(unsigned char c, KeyCode *key, unsigned *mods);

/* --- screen output ---------------------------------------------------------- */

typedef struct TermOut {
    char *buf;
    size_t len, cap;
} TermOut;

void termout_reset(TermOut *o);
void termout_free(TermOut *o);
void termout_puts(TermOut *o, const char *s);
void termout_printf(TermOut *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

typedef struct TermRender {
    /* What the terminal shows now (CP437 char | attr << 8), or 0xFFFFFFFF
     * for "unknown" after a forced redraw. */
    uint32_t shown[TEXT_MAX_COLS * TEXT_MAX_ROWS];
    int cols, rows;      /* geometry of `shown` */
    int cur_attr;        /* SGR state of the terminal, -1 unknown */
    bool graphics_shown; /* the graphics placeholder is on screen */
    int gfx_w, gfx_h;
    char status[256];    /* last status line drawn */
    int status_row;      /* terminal row (0-based) of the status line */
    int cursor_x, cursor_y; /* cursor shown (-1,-1: hidden / unknown) */
    int view_x, view_y;  /* guest cell at the terminal's top left */
} TermRender;

void term_render_init(TermRender *r);
/* Forget what the terminal shows (after resize, SIGCONT, help overlay):
 * the next frame redraws everything. */
void term_render_invalidate(TermRender *r);
/* Append to `o` the escapes that bring a terminal of term_cols x
 * term_rows from the last frame to `ts` (text modes), or to the
 * graphics placeholder when ts->text_mode is false (gfx_w x gfx_h is the
 * mode shown in it).  The status line goes on the last terminal row; a
 * guest screen larger than the rest scrolls to keep the cursor visible. */
void term_render_frame(TermRender *r, TermOut *o, const TextScreen *ts,
                       int gfx_w, int gfx_h, const char *status,
                       int term_cols, int term_rows);
/* SGR sequence (into out, NUL-terminated) selecting a VGA text attribute:
 * foreground bits 0-3, background 4-6, bit 7 blink. */
void term_attr_sgr(int attr, char out[32]);

#endif
