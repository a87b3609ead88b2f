/*
 * frontend/term_input.c — terminal input bytes to key strokes.
 *
 * A terminal sends characters and escape sequences, never key releases, so
 * every event here is one key stroke (press+release) with modifiers.
 * Understood: printable ASCII (US layout, Shift added for shifted
 * characters), Ctrl-letters and the other C0 controls, Enter/Tab/
 * Backspace/Esc, Alt as an ESC prefix, and the cursor/editing/function key
 * sequences of xterm, VT220, rxvt and the Linux console — CSI "ESC [",
 * SS3 "ESC O", with xterm's ";modifier" parameter (value-1 = Shift 1,
 * Alt 2, Ctrl 4; XTerm Control Sequences, "PC-Style Function Keys").
 * Ctrl-] starts a front-end command: the next byte is the command letter
 * (Ctrl-] twice sends Ctrl-] to the guest).
 */
#include "frontend/term.h"

#include <string.h>

#define ESC 0x1B

void term_input_init(TermInput *in, TermEventFn emit, void *ctx)
{
    memset(in, 0, sizeof *in);
    in->emit = emit;
    in->ctx = ctx;
}

static void emit_key(TermInput *in, KeyCode key, unsigned mods)
{
    if (key == KEY_NONE)
        return;
    TermEvent ev = {.type = TERM_EV_KEY, .key = key, .mods = mods};
    in->emit(in->ctx, &ev);
}

static void emit_command(TermInput *in, char c)
{
    TermEvent ev = {.type = TERM_EV_COMMAND, .command = c};
    in->emit(in->ctx, &ev);
}

/* C0 control characters 0x00-0x1F (0x1B and 0x1D are handled by the
 * parser): what key a terminal user pressed to produce them. */
static const struct { KeyCode key; unsigned char mods; } control_keys[32] = {
    [0x00] = {KEY_SPACE, TERM_MOD_CTRL},
    [0x08] = {KEY_BACKSPACE, 0},
    [0x09] = {KEY_TAB, 0},
    [0x0A] = {KEY_ENTER, 0},
    [0x0D] = {KEY_ENTER, 0},
    [0x1B] = {KEY_ESC, 0},
    [0x1C] = {KEY_BACKSLASH, TERM_MOD_CTRL},
    [0x1D] = {KEY_RBRACKET, TERM_MOD_CTRL},
    [0x1E] = {KEY_6, TERM_MOD_CTRL | TERM_MOD_SHIFT},
    [0x1F] = {KEY_MINUS, TERM_MOD_CTRL | TERM_MOD_SHIFT},
};

bool term_byte_to_key(unsigned char c, KeyCode *key, unsigned *mods)
{
    *mods = 0;
    *key = KEY_NONE;
    if (c < 0x20) {
        if (control_keys[c].key != KEY_NONE) {
            *key = control_keys[c].key;
            *mods = control_keys[c].mods;
        } else {
            /* Ctrl-A .. Ctrl-Z */
            int shift;
            *key = keycode_from_ascii((char)('a' + c - 1), &shift);
            *mods = TERM_MOD_CTRL;
        }
        return *key != KEY_NONE;
    }
    if (c == 0x7F) {
        *key = KEY_BACKSPACE;
        return true;
    }
    if (c >= 0x80)
        return false; /* UTF-8 / 8-bit characters have no US key */
    int shift;
    *key = keycode_from_ascii((char)c, &shift);
    if (shift)
        *mods = TERM_MOD_SHIFT;
    return *key != KEY_NONE;
}

/* "ESC [ n ~" sequences (VT220 editing keys and function keys). */
static const KeyCode tilde_keys[35] = {
    [1] = KEY_HOME,     [2] = KEY_INSERT,  [3] = KEY_DELETE, [4] = KEY_END,
    [5] = KEY_PAGEUP,   [6] = KEY_PAGEDOWN, [7] = KEY_HOME,  [8] = KEY_END,
    [11] = KEY_F1,      [12] = KEY_F2,     [13] = KEY_F3,    [14] = KEY_F4,
    [15] = KEY_F5,      [17] = KEY_F6,     [18] = KEY_F7,    [19] = KEY_F8,
    [20] = KEY_F9,      [21] = KEY_F10,    [23] = KEY_F11,   [24] = KEY_F12,
};

/* Final byte of "ESC [ ... X" and "ESC O X" sequences. */
static const struct { char final; KeyCode key; } letter_keys[] = {
    {'A', KEY_UP},   {'B', KEY_DOWN}, {'C', KEY_RIGHT}, {'D', KEY_LEFT},
    {'H', KEY_HOME}, {'F', KEY_END},  {'P', KEY_F1},    {'Q', KEY_F2},
    {'R', KEY_F3},   {'S', KEY_F4},   {'E', KEY_KP_5},
    /* SS3 keypad in application mode (VT100 "Keypad Character Selection") */
    {'M', KEY_KP_ENTER}, {'j', KEY_KP_MULTIPLY}, {'k', KEY_KP_PLUS},
    {'m', KEY_KP_MINUS}, {'n', KEY_KP_DOT},      {'o', KEY_KP_DIVIDE},
    {'p', KEY_KP_0}, {'q', KEY_KP_1}, {'r', KEY_KP_2}, {'s', KEY_KP_3},
    {'t', KEY_KP_4}, {'u', KEY_KP_5}, {'v', KEY_KP_6}, {'w', KEY_KP_7},
    {'x', KEY_KP_8}, {'y', KEY_KP_9},
};

static KeyCode letter_key(unsigned char final)
{
    for (size_t i = 0; i < sizeof letter_keys / sizeof letter_keys[0]; i++)
        if ((unsigned char)letter_keys[i].final == final)
            return letter_keys[i].key;
    return KEY_NONE;
}

/* xterm modifier parameter: value - 1 is a bit set (Shift, Alt, Ctrl). */
static unsigned xterm_mods(int param)
{
    if (param < 2)
        return 0;
    unsigned bits = (unsigned)(param - 1);
    return (bits & 1 ? TERM_MOD_SHIFT : 0) | (bits & 2 ? TERM_MOD_ALT : 0) |
           (bits & 4 ? TERM_MOD_CTRL : 0);
}

/* A complete CSI or SS3 sequence in in->seq: turn it into a key. */
static void decode_sequence(TermInput *in)
{
    const unsigned char *s = in->seq;
    size_t n = in->seq_len;
    unsigned char final = s[n - 1];

    /* Linux console F1-F5: ESC [ [ A..E */
    if (s[1] == '[' && n == 4 && s[2] == '[') {
        if (final >= 'A' && final <= 'E')
            emit_key(in, (KeyCode)(final == 'E' ? KEY_F5 : KEY_F1 + (final - 'A')), 0);
        return;
    }
    /* Parameters: up to two decimal numbers separated by ';'. */
    int params[2] = {0, 0}, np = 0;
    bool digits = false;
    for (size_t i = 2; i + 1 < n; i++) {
        unsigned char c = s[i];
        if (c >= '0' && c <= '9') {
            if (np < 2 && params[np] < 1000)
                params[np] = params[np] * 10 + (c - '0');
            digits = true;
        } else if (c == ';') {
            np++;
            digits = false;
        } else {
            return; /* private/intermediate bytes: not a key we know */
        }
    }
    if (digits || np > 0)
        np++;
    unsigned mods = 0;

    if (final == '~') {
        if (np >= 2)
            mods = xterm_mods(params[1]);
        if (params[0] > 0 && params[0] < (int)(sizeof tilde_keys / sizeof tilde_keys[0]))
            emit_key(in, tilde_keys[params[0]], mods);
        return;
    }
    if (final == 'Z' && s[1] == '[') { /* back-tab */
        emit_key(in, KEY_TAB, TERM_MOD_SHIFT);
        return;
    }
    /* "ESC [ 1 ; m X" (xterm) or "ESC O m X" (some terminals). */
    if (np >= 2)
        mods = xterm_mods(params[1]);
    else if (np == 1 && s[1] == 'O')
        mods = xterm_mods(params[0]);
    if (s[1] == '[' && final >= 'j' && final <= 'y')
        return; /* keypad letters only exist after SS3 */
    emit_key(in, letter_key(final), mods);
}

/* Is the sequence in in->seq complete? */
static bool sequence_complete(const TermInput *in)
{
    const unsigned char *s = in->seq;
    size_t n = in->seq_len;
    if (n < 3)
        return false;
    unsigned char last = s[n - 1];
    if (s[1] == '[') {
        if (n == 3 && last == '[')
            return false; /* Linux console "ESC [ [" prefix */
        if (n == 4 && s[2] == '[')
            return true;
        return last >= 0x40 && last <= 0x7E;
    }
    /* SS3: optional digits, then the final character. */
    return !(last >= '0' && last <= '9') && last != ';';
}

static void feed_byte(TermInput *in, unsigned char c)
{
    KeyCode key;
    unsigned mods;

    if (in->command_pending) {
        in->command_pending = false;
        if (c == TERM_ESCAPE_BYTE)
            emit_key(in, KEY_RBRACKET, TERM_MOD_CTRL);
        else
            emit_command(in, (char)c);
        return;
    }
    if (in->seq_len > 0) {
        if (in->seq_len == 1) {
            if (c == '[' || c == 'O') {
                in->seq[in->seq_len++] = c;
                return;
            }
            in->seq_len = 0;
            if (c == ESC) {
                /* ESC ESC: the first was the Esc key. */
                emit_key(in, KEY_ESC, 0);
                in->seq[0] = ESC;
                in->seq_len = 1;
                return;
            }
            if (c == TERM_ESCAPE_BYTE) {
                emit_key(in, KEY_ESC, 0);
                in->command_pending = true;
                return;
            }
            /* Alt + key */
            if (term_byte_to_key(c, &key, &mods))
                emit_key(in, key, mods | TERM_MOD_ALT);
            return;
        }
        if (c == ESC) {
            /* A new sequence interrupts an unfinished one. */
            in->seq[0] = ESC;
            in->seq_len = 1;
            return;
        }
        in->seq[in->seq_len++] = c;
        if (sequence_complete(in)) {
            decode_sequence(in);
            in->seq_len = 0;
        } else if (in->seq_len == sizeof in->seq) {
            in->seq_len = 0; /* overlong: not a key sequence */
        }
        return;
    }
    if (c == ESC) {
        in->seq[0] = ESC;
        in->seq_len = 1;
        return;
    }
    if (c == TERM_ESCAPE_BYTE) {
        in->command_pending = true;
        return;
    }
    if (term_byte_to_key(c, &key, &mods))
        emit_key(in, key, mods);
}

void term_input_feed(TermInput *in, const unsigned char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        feed_byte(in, buf[i]);
}

void term_input_flush(TermInput *in)
{
    KeyCode key;
    unsigned mods;
    if (in->seq_len == 1) {
        emit_key(in, KEY_ESC, 0);
    } else if (in->seq_len == 2) {
        /* "ESC [" or "ESC O" and nothing more: Alt+[ or Alt+O. */
        if (term_byte_to_key(in->seq[1], &key, &mods))
            emit_key(in, key, mods | TERM_MOD_ALT);
    }
    in->seq_len = 0;
}
