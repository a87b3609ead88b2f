/*
 * tests/frontend/test_sdl_keymap.c — the SDL scancode table: every mapped
 * scancode lands on a KeyCode with a set-2 code, every px86 key can be
 * reached from some SDL scancode, and spot checks of positions.
 */
#include <check.h>
#include <stdio.h>

#include "config.h"
#include "testlib.h"

#if PX86_HAVE_SDL
#include "frontend/sdl_keymap.h"

START_TEST(mapped_keys_have_scancodes)
{
    int mapped = 0;
    for (int sc = 0; sc < SDL_NUM_SCANCODES; sc++) {
        KeyCode k = sdl_scancode_to_key((SDL_Scancode)sc);
        ck_assert_int_ge(k, KEY_NONE);
        ck_assert_int_lt(k, KEY_COUNT);
        if (k == KEY_NONE)
            continue;
        mapped++;
        ck_assert_msg(keycode_set2[k] != 0, "SDL scancode %d -> %s has no set-2 code",
                      sc, keycode_names[k]);
    }
    ck_assert_int_ge(mapped, KEY_COUNT - 1);
    ck_assert_int_eq(sdl_scancode_to_key((SDL_Scancode)-1), KEY_NONE);
    ck_assert_int_eq(sdl_scancode_to_key((SDL_Scancode)SDL_NUM_SCANCODES), KEY_NONE);
}
END_TEST

START_TEST(every_key_reachable)
{
    bool reached[KEY_COUNT] = {false};
    for (int sc = 0; sc < SDL_NUM_SCANCODES; sc++)
        reached[sdl_scancode_to_key((SDL_Scancode)sc)] = true;
    for (int k = 1; k < KEY_COUNT; k++)
        ck_assert_msg(reached[k], "no SDL scancode produces %s", keycode_names[k]);
}
END_TEST

START_TEST(spot_checks)
{
    static const struct { SDL_Scancode sc; unsigned set2; } spots[] = {
        {SDL_SCANCODE_A, 0x1C},        {SDL_SCANCODE_RETURN, 0x5A},
        {SDL_SCANCODE_KP_ENTER, 0xE05A}, {SDL_SCANCODE_RCTRL, 0xE014},
        {SDL_SCANCODE_LCTRL, 0x14},    {SDL_SCANCODE_PAUSE, 0xE114},
        {SDL_SCANCODE_PRINTSCREEN, 0xE07C}, {SDL_SCANCODE_KP_DIVIDE, 0xE04A},
        {SDL_SCANCODE_SLASH, 0x4A},    {SDL_SCANCODE_UP, 0xE075},
        {SDL_SCANCODE_KP_8, 0x75},     {SDL_SCANCODE_F7, 0x83},
        {SDL_SCANCODE_NONUSBACKSLASH, 0x61}, {SDL_SCANCODE_GRAVE, 0x0E},
        {SDL_SCANCODE_NUMLOCKCLEAR, 0x77}, {SDL_SCANCODE_APPLICATION, 0xE02F},
    };
    for (size_t i = 0; i < sizeof spots / sizeof spots[0]; i++)
        ck_assert_msg(keycode_set2[sdl_scancode_to_key(spots[i].sc)] == spots[i].set2,
                      "scancode %d", (int)spots[i].sc);
}
END_TEST
#else
START_TEST(no_sdl)
{
    test_skip("sdl_keymap", "built without SDL2");
}
END_TEST
#endif

Suite *sdl_keymap_suite(void)
{
    Suite *s = suite_create("sdl_keymap");
    TCase *tc = tcase_create("sdl_keymap");
#if PX86_HAVE_SDL
    tcase_add_test(tc, mapped_keys_have_scancodes);
    tcase_add_test(tc, every_key_reachable);
    tcase_add_test(tc, spot_checks);
#else
    tcase_add_test(tc, no_sdl);
#endif
    suite_add_tcase(s, tc);
    return s;
}
