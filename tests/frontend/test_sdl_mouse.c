/*
 * tests/frontend/test_sdl_mouse.c — the mouse reaches the guest: px86
 * -display sdl boots tests/frontend/mousetest.bin (a boot floppy that
 * counts PS/2 packets through the BIOS INT 15h C2h interface) inside
 * Xvfb; xdotool clicks into the window (which grabs the mouse) and moves
 * it; the guest must report "MOUSE MOVED".  SKIPs without Xvfb/xdotool.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "e2e.h"
#include "testlib.h"

#define T "sdl_mouse"

START_TEST(mouse_packets_reach_guest)
{
#if !PX86_HAVE_SDL
    test_skip(T, "built without SDL2");
    return;
#endif
    if (!e2e_have("Xvfb") || !e2e_have("xdotool")) {
        test_skip(T, "needs Xvfb and xdotool");
        return;
    }
    char img[4096];
    snprintf(img, sizeof img, "%s/tests/frontend/mousetest.bin", test_builddir());
    if (access(img, R_OK) != 0) {
        test_skip(T, "build/tests/frontend/mousetest.bin not built");
        return;
    }
    const char *dir = e2e_tmpdir();
    ck_assert_ptr_nonnull(dir);
    char script[512], ready[512], moved[512], log[512], text[2048];
    snprintf(script, sizeof script, "%s/mouse.script", dir);
    snprintf(ready, sizeof ready, "%s/ready.txt", dir);
    snprintf(moved, sizeof moved, "%s/moved.txt", dir);
    snprintf(log, sizeof log, "%s/px86.log", dir);
    snprintf(text, sizeof text,
             "wait-screen \"MOUSE READY\" 60\n"
             "screen-text %s\n"
             "wait-screen \"MOUSE MOVED\" 100000\n"
             "screen-text %s\n"
             "quit 0\n",
             ready, moved);
    ck_assert(e2e_write_file(script, text));
    pid_t xvfb = e2e_start_xvfb(e2e_display, sizeof e2e_display);
    ck_assert_msg(xvfb > 0, "Xvfb did not start");
    pid_t px = e2e_spawn((const char *[]){test_px86(), "-display", "sdl,audio=off",
                                          "-snapshot", "-fda", img, "-script", script,
                                          "-timeout", "300", NULL},
                         log, e2e_display);
    ck_assert(px > 0);
    char *wid = e2e_find_window("px86", 90);
    ck_assert_msg(wid != NULL, "no px86 window appeared");
    ck_assert_msg(e2e_wait_file(ready, "MOUSE READY", 120), "guest mouse setup failed");
    /* A click grabs the mouse; then relative motion in small steps. */
    e2e_xdotool((const char *[]){"mousemove", "--window", wid, "100", "100", "click", "1", NULL});
    bool seen = false;
    for (int i = 0; i < 60 && !seen; i++) {
        e2e_xdotool((const char *[]){"mousemove_relative", "--", "5", "3", NULL});
        e2e_xdotool((const char *[]){"mousemove_relative", "--", "-4", "-2", NULL});
        seen = e2e_wait_file(moved, "MOUSE MOVED", 1);
    }
    char *out = e2e_read_file(log);
    ck_assert_msg(seen, "the guest saw no mouse packets; px86 output:\n%s", out ? out : "");
    free(out);
    int st = e2e_wait(px, 30);
    if (st < 0)
        e2e_kill(px);
    ck_assert_msg(st == 0, "px86 exit status %d", st);
    free(wid);
    e2e_kill(xvfb);
    e2e_rmdir(dir);
}
END_TEST

Suite *sdl_mouse_suite(void)
{
    Suite *s = suite_create("sdl_mouse");
    TCase *tc = tcase_create("sdl_mouse");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, mouse_packets_reach_guest);
    suite_add_tcase(s, tc);
    return s;
}
