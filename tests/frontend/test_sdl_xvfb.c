/*
 * tests/frontend/test_sdl_xvfb.c — the SDL window end to end with the
 * real machine: px86 -display sdl boots FreeDOS inside Xvfb while a
 * -script watches the guest; xdotool types `ver`, the guest must answer
 * with its FreeCom version line, the window must show what the guest's
 * own screenshot shows (within scaling), a key held while the window
 * loses focus must not stay stuck in the guest, Ctrl+Alt+Del must reboot
 * the guest and Ctrl+Alt+Q must quit with status 0.  SKIPs when Xvfb/xdotool/ImageMagick are missing or the
 * machine cannot boot FreeDOS yet.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "e2e.h"
#include "testlib.h"

#define T "sdl_xvfb"

/* The guest's command line holding `marker`: text before it on that line
 * in *before (malloc'd), and whether anything follows it. */
static bool find_line(const char *screen, const char *marker, char **before, bool *trailing)
{
    const char *m = strstr(screen, marker);
    if (!m)
        return false;
    const char *ls = m;
    while (ls > screen && ls[-1] != '\n')
        ls--;
    *before = strndup(ls, (size_t)(m - ls));
    const char *after = m + strlen(marker);
    *trailing = *after != '\n' && *after != '\0';
    return true;
}

START_TEST(freedos_in_sdl_window)
{
#if !PX86_HAVE_SDL
    test_skip(T, "built without SDL2");
    return;
#endif
    if (!e2e_have("Xvfb") || !e2e_have("xdotool") || !e2e_have("import") ||
        !e2e_have("compare")) {
        test_skip(T, "needs Xvfb, xdotool and ImageMagick (import, compare)");
        return;
    }
    const char *img = e2e_bootable_freedos(T);
    if (!img)
        return;
    const char *dir = e2e_tmpdir();
    ck_assert_ptr_nonnull(dir);
    char script[512], ready[512], ver[512], held[512], rebooted[512], guest_png[512],
        window_png[512], log[512], text[4096];
    snprintf(script, sizeof script, "%s/sdl.script", dir);
    snprintf(ready, sizeof ready, "%s/ready.txt", dir);
    snprintf(ver, sizeof ver, "%s/ver.txt", dir);
    snprintf(held, sizeof held, "%s/held.txt", dir);
    snprintf(rebooted, sizeof rebooted, "%s/rebooted.txt", dir);
    snprintf(guest_png, sizeof guest_png, "%s/guest.png", dir);
    snprintf(window_png, sizeof window_png, "%s/window.png", dir);
    snprintf(log, sizeof log, "%s/px86.log", dir);
    /* The script runs alongside the window; the test acts through X. */
    snprintf(text, sizeof text,
             E2E_FREEDOS_READY_SCRIPT
             "wait-screen \"FreeCom version\" 300\n"
             "sleep 1\n"
             "screenshot %s\n"
             "screen-text %s\n"
             "wait-screen \"ZQX\" 100000\n"
             "sleep 3\n"
             "screen-text %s\n"
             "wait-screen \"FreeDOS kernel\" 100000\n"
             "screen-text %s\n"
             "wait-screen \"PX86-E2E-NEVER\" 100000\n",
             ready, guest_png, ver, held, rebooted);
    ck_assert(e2e_write_file(script, text));

    pid_t xvfb = e2e_start_xvfb(e2e_display, sizeof e2e_display);
    ck_assert_msg(xvfb > 0, "Xvfb did not start");
    pid_t px = e2e_spawn((const char *[]){test_px86(), "-display", "sdl,audio=off",
                                          E2E_FREEDOS_ARGS(img), "-script", script,
                                          "-timeout", "600", NULL},
                         log, e2e_display);
    ck_assert(px > 0);
    char *wid = e2e_find_window("px86", 90);
    ck_assert_msg(wid != NULL, "no px86 window appeared");
    e2e_assert_freedos_ready(ready);
    e2e_xdotool((const char *[]){"windowfocus", "--sync", wid, NULL});
    e2e_sleep(0.3);

    /* keys typed into the window reach the guest */
    e2e_xdotool((const char *[]){"type", "--delay", "60", "ver", NULL});
    e2e_xdotool((const char *[]){"key", "Return", NULL});
    ck_assert_msg(e2e_wait_file(ver, "FreeCom version", 120), "no FreeCom version line");

    /* the window shows the guest picture (scaled to 4:3) */
    e2e_sleep(0.5);
    ck_assert_int_eq(e2e_run((const char *[]){"import", "-window", wid, window_png, NULL},
                             NULL, 30, e2e_display), 0);
    ck_assert(e2e_image_has_content(guest_png));
    /* much closer to the guest picture than a blank window would be */
    double diff = e2e_image_difference(guest_png, window_png);
    double blank = e2e_image_blank_difference(guest_png);
    ck_assert_msg(diff >= 0 && blank > 0 && diff < 0.35 * blank,
                  "window differs from the guest screenshot: %f (blank: %f)", diff, blank);
    fprintf(stderr, "sdl_xvfb: window vs guest %f, blank %f\n", diff, blank);

    /* hold 'a', lose focus, release elsewhere: the guest must not keep
     * repeating it (nothing may follow the ZQX typed afterwards) */
    bool focus_test = e2e_have("xmessage");
    if (focus_test) {
        e2e_xdotool((const char *[]){"keydown", "a", NULL});
        e2e_sleep(1.0);
        pid_t other = e2e_spawn((const char *[]){"xmessage", "focus thief", NULL}, NULL,
                                e2e_display);
        char *owid = e2e_find_window("xmessage", 90);
        ck_assert_ptr_nonnull(owid);
        e2e_xdotool((const char *[]){"windowfocus", "--sync", owid, NULL});
        e2e_sleep(0.5);
        e2e_xdotool((const char *[]){"keyup", "a", NULL});
        e2e_kill(other);
        free(owid);
        e2e_xdotool((const char *[]){"windowfocus", "--sync", wid, NULL});
        e2e_sleep(0.3);
    } else {
        test_skip(T " focus loss", "xmessage not installed");
    }
    e2e_xdotool((const char *[]){"type", "--delay", "60", " ZQX", NULL});
    ck_assert_msg(e2e_wait_file(held, "ZQX", 120), "typed ZQX never appeared");
    char *screen = e2e_read_file(held);
    char *before = NULL;
    bool trailing = true;
    ck_assert(find_line(screen, " ZQX", &before, &trailing));
    ck_assert_msg(!trailing, "a key kept repeating after focus loss:\n%s", screen);
    if (focus_test)
        ck_assert_msg(strchr(before, 'a') != NULL, "held key never reached the guest:\n%s", screen);
    free(before);
    free(screen);

    /* Ctrl+Alt+Del reaches the guest: FreeDOS boots again */
    e2e_xdotool((const char *[]){"key", "ctrl+alt+Delete", NULL});
    ck_assert_msg(e2e_wait_file(rebooted, "FreeDOS kernel", 240), "Ctrl+Alt+Del did not reboot");

    /* Ctrl+Alt+Q quits with status 0 */
    e2e_xdotool((const char *[]){"key", "ctrl+alt+q", NULL});
    int st = e2e_wait(px, 20);
    if (st < 0)
        e2e_kill(px);
    char *out = e2e_read_file(log);
    ck_assert_msg(st == 0, "px86 exit status %d; output:\n%s", st, out ? out : "");
    free(out);
    free(wid);
    e2e_kill(xvfb);
    e2e_rmdir(dir);
}
END_TEST

Suite *sdl_xvfb_suite(void)
{
    Suite *s = suite_create("sdl_xvfb");
    TCase *tc = tcase_create("sdl_xvfb");
    tcase_set_timeout(tc, 900);
    tcase_add_test(tc, freedos_in_sdl_window);
    suite_add_tcase(s, tc);
    return s;
}
