/*
 * tests/frontend/test_term_input.c — terminal bytes to key strokes:
 * printable characters with Shift, control characters, Alt via ESC, the
 * xterm/VT220/Linux-console escape sequences with modifiers, the lone-Esc
 * timeout and the Ctrl-] command key.
 */
#include <check.h>
#include <string.h>

#include "frontend/term.h"

#define MAXEV 64
static TermEvent evs[MAXEV];
static int nev;

static void collect(void *ctx, const TermEvent *ev)
{
    (void)ctx;
    ck_assert_int_lt(nev, MAXEV);
    evs[nev++] = *ev;
}

static void feed(const char *bytes, bool flush)
{
    static TermInput in;
    nev = 0;
    term_input_init(&in, collect, NULL);
    term_input_feed(&in, (const unsigned char *)bytes, strlen(bytes));
    if (flush)
        term_input_flush(&in);
}

static void expect_key(int i, KeyCode key, unsigned mods)
{
    ck_assert_int_lt(i, nev);
    ck_assert_int_eq(evs[i].type, TERM_EV_KEY);
    ck_assert_msg(evs[i].key == key, "event %d: key %s, want %s", i,
                  keycode_names[evs[i].key], keycode_names[key]);
    ck_assert_uint_eq(evs[i].mods, mods);
}

static void expect_one(const char *bytes, KeyCode key, unsigned mods)
{
    feed(bytes, true);
    ck_assert_msg(nev == 1, "'%s': %d events", bytes + (bytes[0] == 27), nev);
    expect_key(0, key, mods);
}

START_TEST(printable_ascii)
{
    feed("aZ9!~ ", false);
    ck_assert_int_eq(nev, 6);
    expect_key(0, KEY_A, 0);
    expect_key(1, KEY_Z, TERM_MOD_SHIFT);
    expect_key(2, KEY_9, 0);
    expect_key(3, KEY_1, TERM_MOD_SHIFT);
    expect_key(4, KEY_GRAVE, TERM_MOD_SHIFT);
    expect_key(5, KEY_SPACE, 0);
    /* every printable ASCII character has a key */
    for (int c = 0x20; c < 0x7F; c++) {
        KeyCode k;
        unsigned mods;
        ck_assert_msg(term_byte_to_key((unsigned char)c, &k, &mods), "char %c", c);
        ck_assert_uint_ne(keycode_set2[k], 0);
    }
    feed("\xc3\xa9", true); /* UTF-8 e-acute: no US key */
    ck_assert_int_eq(nev, 0);
}
END_TEST

START_TEST(control_characters)
{
    expect_one("\r", KEY_ENTER, 0);
    expect_one("\n", KEY_ENTER, 0);
    expect_one("\t", KEY_TAB, 0);
    expect_one("\x7f", KEY_BACKSPACE, 0);
    expect_one("\b", KEY_BACKSPACE, 0);
    expect_one("\x01", KEY_A, TERM_MOD_CTRL);
    expect_one("\x03", KEY_C, TERM_MOD_CTRL);
    expect_one("\x1a", KEY_Z, TERM_MOD_CTRL);
    expect_one("\x1c", KEY_BACKSLASH, TERM_MOD_CTRL);
    KeyCode k;
    unsigned mods;
    ck_assert(term_byte_to_key(0x00, &k, &mods)); /* Ctrl-Space / Ctrl-@ */
    ck_assert_int_eq(k, KEY_SPACE);
    ck_assert_uint_eq(mods, TERM_MOD_CTRL);
    ck_assert(!term_byte_to_key(0x80, &k, &mods));
}
END_TEST

START_TEST(escape_and_alt)
{
    expect_one("\x1b", KEY_ESC, 0);          /* lone ESC after the timeout */
    feed("\x1b", false);
    ck_assert_int_eq(nev, 0);                /* still ambiguous */
    expect_one("\x1bx", KEY_X, TERM_MOD_ALT);
    expect_one("\x1bX", KEY_X, TERM_MOD_ALT | TERM_MOD_SHIFT);
    expect_one("\x1b\x06", KEY_F, TERM_MOD_ALT | TERM_MOD_CTRL);
    feed("\x1b\x1b", true);
    ck_assert_int_eq(nev, 2);
    expect_key(0, KEY_ESC, 0);
    expect_key(1, KEY_ESC, 0);
    expect_one("\x1b[", KEY_LBRACKET, TERM_MOD_ALT); /* Alt+[ then timeout */
}
END_TEST

START_TEST(cursor_and_editing_keys)
{
    expect_one("\x1b[A", KEY_UP, 0);
    expect_one("\x1b[B", KEY_DOWN, 0);
    expect_one("\x1b[C", KEY_RIGHT, 0);
    expect_one("\x1b[D", KEY_LEFT, 0);
    expect_one("\x1bOA", KEY_UP, 0);
    expect_one("\x1b[H", KEY_HOME, 0);
    expect_one("\x1b[F", KEY_END, 0);
    expect_one("\x1bOH", KEY_HOME, 0);
    expect_one("\x1b[1~", KEY_HOME, 0);
    expect_one("\x1b[2~", KEY_INSERT, 0);
    expect_one("\x1b[3~", KEY_DELETE, 0);
    expect_one("\x1b[4~", KEY_END, 0);
    expect_one("\x1b[5~", KEY_PAGEUP, 0);
    expect_one("\x1b[6~", KEY_PAGEDOWN, 0);
    expect_one("\x1b[7~", KEY_HOME, 0);
    expect_one("\x1b[8~", KEY_END, 0);
    expect_one("\x1b[Z", KEY_TAB, TERM_MOD_SHIFT);
    expect_one("\x1b[1;5C", KEY_RIGHT, TERM_MOD_CTRL);
    expect_one("\x1b[1;2A", KEY_UP, TERM_MOD_SHIFT);
    expect_one("\x1b[1;3D", KEY_LEFT, TERM_MOD_ALT);
    expect_one("\x1b[3;5~", KEY_DELETE, TERM_MOD_CTRL);
    expect_one("\x1b[1;8H", KEY_HOME, TERM_MOD_CTRL | TERM_MOD_ALT | TERM_MOD_SHIFT);
}
END_TEST

START_TEST(function_keys)
{
    static const struct { const char *seq; KeyCode key; } fk[] = {
        {"\x1bOP", KEY_F1},   {"\x1bOQ", KEY_F2},   {"\x1bOR", KEY_F3},
        {"\x1bOS", KEY_F4},   {"\x1b[11~", KEY_F1}, {"\x1b[12~", KEY_F2},
        {"\x1b[13~", KEY_F3}, {"\x1b[14~", KEY_F4}, {"\x1b[15~", KEY_F5},
        {"\x1b[17~", KEY_F6}, {"\x1b[18~", KEY_F7}, {"\x1b[19~", KEY_F8},
        {"\x1b[20~", KEY_F9}, {"\x1b[21~", KEY_F10}, {"\x1b[23~", KEY_F11},
        {"\x1b[24~", KEY_F12}, {"\x1b[[A", KEY_F1}, {"\x1b[[B", KEY_F2},
        {"\x1b[[E", KEY_F5},
    };
    for (size_t i = 0; i < sizeof fk / sizeof fk[0]; i++)
        expect_one(fk[i].seq, fk[i].key, 0);
    expect_one("\x1b[1;2P", KEY_F1, TERM_MOD_SHIFT);
    expect_one("\x1b[15;5~", KEY_F5, TERM_MOD_CTRL);
    expect_one("\x1bO2Q", KEY_F2, TERM_MOD_SHIFT);
}
END_TEST

START_TEST(sequences_back_to_back)
{
    feed("a\x1b[Ab\x1bOPc\x1b[3~\r", true);
    ck_assert_int_eq(nev, 7);
    expect_key(0, KEY_A, 0);
    expect_key(1, KEY_UP, 0);
    expect_key(2, KEY_B, 0);
    expect_key(3, KEY_F1, 0);
    expect_key(4, KEY_C, 0);
    expect_key(5, KEY_DELETE, 0);
    expect_key(6, KEY_ENTER, 0);
    /* unknown sequences vanish without eating what follows */
    feed("\x1b[?1;2cq\x1b[200~z", true);
    ck_assert_int_eq(nev, 2);
    expect_key(0, KEY_Q, 0);
    expect_key(1, KEY_Z, 0);
}
END_TEST

START_TEST(sequence_split_across_reads)
{
    static TermInput in;
    nev = 0;
    term_input_init(&in, collect, NULL);
    term_input_feed(&in, (const unsigned char *)"\x1b", 1);
    term_input_feed(&in, (const unsigned char *)"[1;", 3);
    ck_assert_int_eq(nev, 0);
    term_input_feed(&in, (const unsigned char *)"5A", 2);
    ck_assert_int_eq(nev, 1);
    expect_key(0, KEY_UP, TERM_MOD_CTRL);
}
END_TEST

START_TEST(command_key)
{
    feed("\x1dq", true);
    ck_assert_int_eq(nev, 1);
    ck_assert_int_eq(evs[0].type, TERM_EV_COMMAND);
    ck_assert_int_eq(evs[0].command, 'q');
    feed("x\x1dpy", true);
    ck_assert_int_eq(nev, 3);
    expect_key(0, KEY_X, 0);
    ck_assert_int_eq(evs[1].type, TERM_EV_COMMAND);
    ck_assert_int_eq(evs[1].command, 'p');
    expect_key(2, KEY_Y, 0);
    expect_one("\x1d\x1d", KEY_RBRACKET, TERM_MOD_CTRL);
    /* the command key survives the ESC timeout (typed slowly) */
    static TermInput in;
    nev = 0;
    term_input_init(&in, collect, NULL);
    term_input_feed(&in, (const unsigned char *)"\x1d", 1);
    term_input_flush(&in);
    term_input_feed(&in, (const unsigned char *)"h", 1);
    ck_assert_int_eq(nev, 1);
    ck_assert_int_eq(evs[0].type, TERM_EV_COMMAND);
    ck_assert_int_eq(evs[0].command, 'h');
}
END_TEST

static int fuzz_events;

static void check_event(void *ctx, const TermEvent *ev)
{
    (void)ctx;
    fuzz_events++;
    if (ev->type == TERM_EV_KEY) {
        ck_assert_int_gt(ev->key, KEY_NONE);
        ck_assert_int_lt(ev->key, KEY_COUNT);
        ck_assert_uint_le(ev->mods, TERM_MOD_SHIFT | TERM_MOD_ALT | TERM_MOD_CTRL);
    } else {
        ck_assert_int_eq(ev->type, TERM_EV_COMMAND);
    }
}

START_TEST(random_bytes_never_misbehave)
{
    /* Line noise, binary pastes: only valid keys come out. */
    static TermInput in;
    term_input_init(&in, check_event, NULL);
    uint32_t seed = 0x12345678;
    unsigned char buf[4096];
    for (int round = 0; round < 64; round++) {
        for (size_t i = 0; i < sizeof buf; i++) {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            /* bias towards ESC, '[', digits and ';' to reach deep states */
            unsigned r = seed & 0xFF;
            buf[i] = r < 40 ? 0x1B : r < 80 ? '[' : r < 120 ? (unsigned char)('0' + r % 10)
                   : r < 130 ? ';' : (unsigned char)(seed >> 8);
        }
        term_input_feed(&in, buf, (size_t)(seed % sizeof buf));
        if (round % 7 == 0)
            term_input_flush(&in);
        ck_assert_uint_lt(in.seq_len, sizeof in.seq);
    }
    ck_assert_int_gt(fuzz_events, 300);
}
END_TEST

Suite *term_input_suite(void)
{
    Suite *s = suite_create("term_input");
    TCase *tc = tcase_create("term_input");
    tcase_set_timeout(tc, 60); /* the random rounds are slow under sanitizers */
    tcase_add_test(tc, printable_ascii);
    tcase_add_test(tc, control_characters);
    tcase_add_test(tc, escape_and_alt);
    tcase_add_test(tc, cursor_and_editing_keys);
    tcase_add_test(tc, function_keys);
    tcase_add_test(tc, sequences_back_to_back);
    tcase_add_test(tc, sequence_split_across_reads);
    tcase_add_test(tc, command_key);
    tcase_add_test(tc, random_bytes_never_misbehave);
    suite_add_tcase(s, tc);
    return s;
}
