/*
 * tests/hw/test_ps2kbd.c — the PS/2 keyboard's scancode sets as a driver
 * selects them with F0h: get/set (raw and through the 8042's translation),
 * set 3 make/break codes for specific keys (IBM set 3 table), the per-key
 * types of commands F7h-FDh (typematic, make/break, make only) including
 * repeat in guest time, the FBh-FDh key lists ending at the next command,
 * defaults restored by F6h/FFh, and save/load of the set 3 state.  Sets 1
 * and 2 are covered by test_i8042.c.
 */
#include <check.h>
#include <stdio.h>

#include "hw/i8042.h"
#include "plat_bus.h"

static PlatBus *pb;
static Ps2Kbd *kbd;
static Ps2Mouse *mouse;
static I8042 *ctl;

#define MS 1000000ull

static void setup(void)
{
    pb = pb_create();
    kbd = ps2kbd_create(&pb->bus);
    mouse = ps2mouse_create(&pb->bus);
    ctl = i8042_create(&pb->bus, kbd, mouse);
    ck_assert_ptr_nonnull(ctl);
    /* Command byte: IRQ1, system flag, no translation. */
    pb_out8(pb, 0x64, 0x60);
    pb_out8(pb, 0x60, 0x05);
}

static void teardown(void)
{
    i8042_destroy(ctl);
    ps2mouse_destroy(mouse);
    ps2kbd_destroy(kbd);
    pb_destroy(pb);
}

static int read_data(void) { return pb_kbc_read(pb); }
#define EXPECT(...) PB_KBC_EXPECT(pb, __VA_ARGS__)
#define EXPECT_NOTHING() ck_assert_int_eq(read_data(), -1)

static void kbd_out(uint8_t b) { pb_out8(pb, 0x60, b); }
static void tap(KeyCode k)
{
    ps2kbd_key(kbd, k, true);
    ps2kbd_key(kbd, k, false);
}

static void select_set(uint8_t set)
{
    kbd_out(0xF0);
    kbd_out(set);
    EXPECT(0xFA, 0xFA);
}

START_TEST(get_and_set_scancode_set)
{
    kbd_out(0xF0);
    kbd_out(0x00);
    EXPECT(0xFA, 0xFA, 0x02);
    for (uint8_t set = 1; set <= 3; set++) {
        select_set(set);
        kbd_out(0xF0);
        kbd_out(0x00);
        EXPECT(0xFA, 0xFA, set);
    }
    /* No set 4: Resend, set unchanged. */
    kbd_out(0xF0);
    kbd_out(0x04);
    EXPECT(0xFA, 0xFE);
    kbd_out(0xF0);
    kbd_out(0x00);
    EXPECT(0xFA, 0xFA, 0x03);
    /* Through the 8042 translation the reply reads 43h/41h/3Fh. */
    pb_out8(pb, 0x64, 0x60);
    pb_out8(pb, 0x60, 0x45);
    static const uint8_t translated[4] = {0, 0x43, 0x41, 0x3F};
    for (uint8_t set = 1; set <= 3; set++) {
        select_set(set);
        kbd_out(0xF0);
        kbd_out(0x00);
        EXPECT(0xFA, 0xFA, translated[set]);
    }
    /* Reset brings set 2 back. */
    kbd_out(0xFF);
    EXPECT(0xFA, 0xAA);
    kbd_out(0xF0);
    kbd_out(0x00);
    EXPECT(0xFA, 0xFA, 0x41);
}
END_TEST

START_TEST(set3_codes_for_specific_keys)
{
    select_set(3);
    static const struct { KeyCode key; uint8_t code; } keys[] = {
        {KEY_ESC, 0x08},       {KEY_F1, 0x07},        {KEY_F7, 0x37},
        {KEY_F12, 0x5E},       {KEY_A, 0x1C},         {KEY_Z, 0x1A},
        {KEY_BACKSLASH, 0x5C}, {KEY_CAPSLOCK, 0x14},  {KEY_LCTRL, 0x11},
        {KEY_LALT, 0x19},      {KEY_RALT, 0x39},      {KEY_RCTRL, 0x58},
        {KEY_LGUI, 0x8B},      {KEY_MENU, 0x8D},      {KEY_INSERT, 0x67},
        {KEY_HOME, 0x6E},      {KEY_DELETE, 0x64},    {KEY_UP, 0x63},
        {KEY_LEFT, 0x61},      {KEY_DOWN, 0x60},      {KEY_RIGHT, 0x6A},
        {KEY_NUMLOCK, 0x76},   {KEY_KP_DIVIDE, 0x77}, {KEY_KP_MINUS, 0x84},
        {KEY_KP_ENTER, 0x79},  {KEY_KP_7, 0x6C},      {KEY_SCROLLLOCK, 0x5F},
        {KEY_NONUS_BACKSLASH, 0x13},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        tap(keys[i].key);
        EXPECT(keys[i].code, 0xF0, keys[i].code);
    }
    /* Print Screen and Pause are plain one-byte keys (with a break), with
     * or without modifiers. */
    tap(KEY_PRINTSCREEN);
    EXPECT(0x57, 0xF0, 0x57);
    ps2kbd_key(kbd, KEY_LALT, true);
    tap(KEY_PRINTSCREEN);
    ps2kbd_key(kbd, KEY_LALT, false);
    EXPECT(0x19, 0x57, 0xF0, 0x57, 0xF0, 0x19);
    ps2kbd_key(kbd, KEY_LCTRL, true);
    tap(KEY_PAUSE);
    ps2kbd_key(kbd, KEY_LCTRL, false);
    EXPECT(0x11, 0x62, 0xF0, 0x62, 0xF0, 0x11);
    EXPECT_NOTHING();
    /* Every key has a distinct non-zero set 3 code. */
    for (int a = 1; a < KEY_COUNT; a++) {
        ck_assert_msg(keycode_set3[a] != 0, "%s has no set 3 code", keycode_names[a]);
        for (int b = a + 1; b < KEY_COUNT; b++)
            ck_assert_msg(keycode_set3[a] != keycode_set3[b], "%s and %s share %02X",
                          keycode_names[a], keycode_names[b], keycode_set3[a]);
    }
    /* Back to set 2: the E0 forms again. */
    select_set(2);
    tap(KEY_DELETE);
    EXPECT(0xE0, 0x71, 0xE0, 0xF0, 0x71);
}
END_TEST

START_TEST(set3_translated_by_8042)
{
    select_set(3);
    pb_out8(pb, 0x64, 0x60);
    pb_out8(pb, 0x60, 0x45); /* XLAT on: the 8042 maps set 3 bytes too */
    tap(KEY_A);              /* 1C -> 1E, F0 1C -> 9E */
    EXPECT(0x1E, 0x9E);
    tap(KEY_ESC);            /* 08 -> 64 */
    EXPECT(0x64, 0xE4);
    /* Set 1 through translation stays what it was. */
    pb_out8(pb, 0x64, 0x60);
    pb_out8(pb, 0x60, 0x05);
    select_set(1);
    tap(KEY_A);
    EXPECT(0x1E, 0x9E);
}
END_TEST

START_TEST(set3_key_types_all_keys)
{
    select_set(3);
    kbd_out(0xF9); /* all keys make only */
    EXPECT(0xFA);
    tap(KEY_A);
    tap(KEY_LSHIFT);
    EXPECT(0x1C, 0x12);
    EXPECT_NOTHING();
    /* Make only: no repeat either. */
    ps2kbd_key(kbd, KEY_B, true);
    pb_advance(pb, 2000 * MS);
    EXPECT(0x32);
    EXPECT_NOTHING();
    ps2kbd_key(kbd, KEY_B, false);
    kbd_out(0xF8); /* all keys make/break: breaks, no repeat */
    EXPECT(0xFA);
    ps2kbd_key(kbd, KEY_B, true);
    pb_advance(pb, 2000 * MS);
    ps2kbd_key(kbd, KEY_B, false);
    EXPECT(0x32, 0xF0, 0x32);
    EXPECT_NOTHING();
    kbd_out(0xF7); /* all keys typematic: make and repeats, no break */
    EXPECT(0xFA);
    kbd_out(0xF3);
    kbd_out(0x00); /* 30 cps, 250 ms */
    EXPECT(0xFA, 0xFA);
    ps2kbd_key(kbd, KEY_B, true);
    EXPECT(0x32);
    pb_advance(pb, 250 * MS + 34 * MS * 3);
    int repeats = 0;
    while (read_data() == 0x32)
        repeats++;
    ck_assert_int_ge(repeats, 3);
    ck_assert_int_le(repeats, 5);
    ps2kbd_key(kbd, KEY_B, false);
    EXPECT_NOTHING();
    kbd_out(0xFA); /* all keys typematic/make/break */
    EXPECT(0xFA);
    tap(KEY_B);
    EXPECT(0x32, 0xF0, 0x32);
    /* Types do not affect set 2. */
    kbd_out(0xF9);
    EXPECT(0xFA);
    select_set(2);
    tap(KEY_B);
    EXPECT(0x32, 0xF0, 0x32);
}
END_TEST

START_TEST(set3_key_type_lists)
{
    select_set(3);
    /* FDh: make only for A and Left Ctrl; the list ends at F4h (enable),
     * which is executed. */
    kbd_out(0xFD);
    EXPECT(0xFA);
    kbd_out(0x1C);
    EXPECT(0xFA);
    kbd_out(0x11);
    EXPECT(0xFA);
    kbd_out(0xF4);
    EXPECT(0xFA);
    tap(KEY_A);
    tap(KEY_LCTRL);
    tap(KEY_S);
    EXPECT(0x1C, 0x11, 0x1B, 0xF0, 0x1B);
    EXPECT_NOTHING();
    /* FCh: make/break for S; an unknown code in the list is acknowledged
     * too; the list ends at EEh (echo). */
    kbd_out(0xFC);
    kbd_out(0x1B);
    kbd_out(0x02);
    kbd_out(0xEE);
    EXPECT(0xFA, 0xFA, 0xFA, 0xEE);
    ps2kbd_key(kbd, KEY_S, true);
    pb_advance(pb, 2000 * MS);
    ps2kbd_key(kbd, KEY_S, false);
    EXPECT(0x1B, 0xF0, 0x1B);
    EXPECT_NOTHING();
    /* FBh: typematic for D: repeats, no break. */
    kbd_out(0xFB);
    kbd_out(0x23);
    kbd_out(0xF4);
    EXPECT(0xFA, 0xFA, 0xFA);
    ps2kbd_key(kbd, KEY_D, true);
    pb_advance(pb, 600 * MS);
    ps2kbd_key(kbd, KEY_D, false);
    EXPECT(0x23, 0x23);
    while (read_data() == 0x23)
        ;
    EXPECT_NOTHING();
    /* A make/break key pressed while D repeats stops the repeat. */
    ps2kbd_key(kbd, KEY_D, true);
    ps2kbd_key(kbd, KEY_S, true);
    EXPECT(0x23, 0x1B);
    pb_advance(pb, 2000 * MS);
    EXPECT_NOTHING();
    ps2kbd_key(kbd, KEY_S, false);
    ps2kbd_key(kbd, KEY_D, false);
    EXPECT(0xF0, 0x1B);
    EXPECT_NOTHING();
    /* F6h (set defaults) restores typematic/make/break for every key. */
    kbd_out(0xF6);
    EXPECT(0xFA);
    tap(KEY_A);
    tap(KEY_D);
    EXPECT(0x1C, 0xF0, 0x1C, 0x23, 0xF0, 0x23);
    /* ... and so does reset (which also selects set 2). */
    select_set(3);
    kbd_out(0xF9);
    EXPECT(0xFA);
    kbd_out(0xFF);
    EXPECT(0xFA, 0xAA);
    select_set(3);
    tap(KEY_A);
    EXPECT(0x1C, 0xF0, 0x1C);
}
END_TEST

START_TEST(set3_state_survives_save_load)
{
    select_set(3);
    kbd_out(0xFD);
    kbd_out(0x1C);
    EXPECT(0xFA, 0xFA); /* list still open */
    FILE *f = tmpfile();
    StateWriter w = {f, 0};
    Device d = ps2kbd_device(kbd);
    ck_assert_int_eq(d.save(d.self, &w), 0);
    ps2kbd_reset(kbd);
    rewind(f);
    StateReader r = {f, 0};
    ck_assert_int_eq(d.load(d.self, &r), 0);
    fclose(f);
    kbd_out(0x1B); /* S joins the make-only list */
    kbd_out(0xF4);
    EXPECT(0xFA, 0xFA);
    tap(KEY_A);
    tap(KEY_S);
    tap(KEY_D);
    EXPECT(0x1C, 0x1B, 0x23, 0xF0, 0x23);
    EXPECT_NOTHING();
}
END_TEST

Suite *ps2kbd_suite(void)
{
    Suite *s = suite_create("ps2kbd");
    TCase *tc = tcase_create("ps2kbd");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, get_and_set_scancode_set);
    tcase_add_test(tc, set3_codes_for_specific_keys);
    tcase_add_test(tc, set3_translated_by_8042);
    tcase_add_test(tc, set3_key_types_all_keys);
    tcase_add_test(tc, set3_key_type_lists);
    tcase_add_test(tc, set3_state_survives_save_load);
    suite_add_tcase(s, tc);
    return s;
}
