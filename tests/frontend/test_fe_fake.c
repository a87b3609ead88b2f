/*
 * tests/frontend/test_fe_fake.c — end-to-end tests of the terminal and SDL
 * front ends against the fake machine of tests/tools/fe_fake.c (no guest
 * needed): the terminal front end inside tmux, the SDL window inside Xvfb
 * driven by xdotool.  Each case prints SKIP when its tools are missing.
 */
#include <check.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>

#include "config.h"
#include "e2e.h"
#include "testlib.h"

/* Path of build/tools/fe_fake, or NULL after printing SKIP for `test`. */
static const char *fake_path(const char *test)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/tools/fe_fake", test_builddir());
    if (access(buf, X_OK) == 0)
        return buf;
    test_skip(test, "build/tools/fe_fake not built");
    return NULL;
}

/* --- curses in tmux ----------------------------------------------------------------- */

/* The fake machine and tmux for a curses case, with the private tmux
 * socket named: the fake's path, or NULL after printing SKIP for `test`. */
static const char *fake_for_tmux(const char *test)
{
    const char *fake = fake_path(test);
    if (!fake)
        return NULL;
    if (!e2e_have("tmux")) {
        test_skip(test, "tmux not installed");
        return NULL;
    }
    snprintf(e2e_tmux_socket, sizeof e2e_tmux_socket, "px86-fe-%d", (int)getpid());
    return fake;
}

static int tmux(const char *const *args, char **out) { return e2e_tmux(args, out); }
static char *capture_pane(void) { return e2e_tmux_capture("fe"); }
static bool pane_contains(const char *text, double timeout_s)
{
    return e2e_tmux_wait_text("fe", text, timeout_s);
}

START_TEST(curses_in_tmux)
{
    const char *fake = fake_for_tmux("fe_fake curses");
    if (!fake)
        return;
    const char *dir = e2e_tmpdir();
    ck_assert_ptr_nonnull(dir);
    char cmd[8192], log[512], exitf[512];
    snprintf(log, sizeof log, "%s/log", dir);
    snprintf(exitf, sizeof exitf, "%s/exit", dir);
    snprintf(cmd, sizeof cmd,
             "%s -display curses -log %s -seconds 60 -shot %s; echo EXIT=$? > %s; sleep 60",
             fake, log, dir, exitf);
    ck_assert_int_eq(tmux((const char *[]){"new-session", "-d", "-s", "fe", "-x", "100",
                                           "-y", "30", cmd, NULL}, NULL), 0);
    ck_assert(e2e_wait_file(log, "started curses", 90));
    ck_assert(pane_contains("A:\\>", 10));
    ck_assert(pane_contains("Ctrl-] h for help", 10));

    tmux((const char *[]){"send-keys", "-t", "fe", "ver", "Enter", NULL}, NULL);
    ck_assert_msg(pane_contains("FakeCom version 1.0", 10), "typed 'ver' not answered");
    /* CP437 box drawing and the smiley arrive as UTF-8 */
    ck_assert(pane_contains("\xe2\x95\xa1 FAKE PC \xe2\x95\x9e \xe2\x98\xba", 5));

    tmux((const char *[]){"send-keys", "-t", "fe", "F5", "Up", "C-c", "M-x", "Home", NULL}, NULL);
    ck_assert(e2e_wait_file(log, "key home up", 90));
    char *l = e2e_read_file(log);
    ck_assert_ptr_nonnull(l);
    ck_assert_ptr_nonnull(strstr(l, "key f5 down\nkey f5 up\nkey up down\nkey up up\n"
                                    "key ctrl down\nkey c down\nkey c up\nkey ctrl up\n"
                                    "key alt down\nkey x down\nkey x up\nkey alt up\n"));
    free(l);

    /* graphics modes: a placeholder instead of the picture */
    tmux((const char *[]){"send-keys", "-t", "fe", "mode13", "Enter", NULL}, NULL);
    ck_assert(pane_contains("graphics mode 320x200", 10));
    tmux((const char *[]){"send-keys", "-t", "fe", "mode3", "Enter", NULL}, NULL);
    ck_assert(pane_contains("A:\\>mode3", 10));

    /* Ctrl-] p pauses, Ctrl-] h shows help, Ctrl-] q quits */
    tmux((const char *[]){"send-keys", "-t", "fe", "C-]", "p", NULL}, NULL);
    ck_assert(e2e_wait_file(log, "pause 1", 90));
    ck_assert(pane_contains("paused", 5));
    tmux((const char *[]){"send-keys", "-t", "fe", "C-]", "h", NULL}, NULL);
    ck_assert(pane_contains("q quit", 5));
    tmux((const char *[]){"send-keys", "-t", "fe", "C-]", "q", NULL}, NULL);
    ck_assert_msg(e2e_wait_file(exitf, "EXIT=0", 90), "Ctrl-] q did not quit");
    ck_assert(e2e_wait_file(log, "release-all", 90));
    /* terminal restored: the alternate screen is gone */
    e2e_sleep(0.3);
    char *pane = capture_pane();
    ck_assert_ptr_nonnull(pane);
    ck_assert_msg(strstr(pane, "A:\\>") == NULL, "screen not restored:\n%s", pane);
    free(pane);
    tmux((const char *[]){"kill-server", NULL}, NULL);
    e2e_rmdir(dir);
}
END_TEST

START_TEST(curses_guest_caps_lock)
{
    const char *fake = fake_for_tmux("fe_fake curses caps");
    if (!fake)
        return;
    const char *dir = e2e_tmpdir();
    ck_assert_ptr_nonnull(dir);
    char cmd[8192], log[512];
    snprintf(log, sizeof log, "%s/log", dir);
    /* guest Caps Lock on: typed "aB" must still arrive as a, B */
    snprintf(cmd, sizeof cmd, "%s -display curses -log %s -seconds 30 -leds 4", fake, log);
    ck_assert_int_eq(tmux((const char *[]){"new-session", "-d", "-s", "fe", cmd, NULL}, NULL), 0);
    ck_assert(e2e_wait_file(log, "started curses", 90));
    tmux((const char *[]){"send-keys", "-t", "fe", "aB", NULL}, NULL);
    ck_assert(e2e_wait_file(log, "key b up", 90));
    char *l = e2e_read_file(log);
    ck_assert_msg(strstr(l, "key shift down\nkey a down\nkey a up\nkey shift up\n"
                            "key b down\nkey b up\n"), "log:\n%s", l);
    free(l);
    tmux((const char *[]){"kill-server", NULL}, NULL);
    e2e_rmdir(dir);
}
END_TEST

START_TEST(curses_restores_terminal_on_signals)
{
    const char *fake = fake_for_tmux("fe_fake curses signals");
    if (!fake)
        return;
    static const struct { const char *name; int num; } sigs[] = {
        {"TERM", 15}, {"SEGV", 11}, {"HUP", 1},
    };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        char cmd[4200];
        snprintf(cmd, sizeof cmd, "exec %s -display curses -seconds 30", fake);
        ck_assert_int_eq(tmux((const char *[]){"new-session", "-d", "-s", "fe", cmd, ";",
                                               "set-option", "-t", "fe", "remain-on-exit",
                                               "on", NULL}, NULL), 0);
        ck_assert(pane_contains("A:\\>", 10));
        char *pid = NULL;
        tmux((const char *[]){"list-panes", "-t", "fe", "-F", "#{pane_pid}", NULL}, &pid);
        ck_assert_ptr_nonnull(pid);
        ck_assert_int_gt(atoi(pid), 1);
        ck_assert_int_eq(kill((pid_t)atoi(pid), sigs[i].num), 0);
        free(pid);
        char *state = NULL;
        double end = e2e_now() + 10;
        for (;;) {
            free(state);
            state = NULL;
            tmux((const char *[]){"list-panes", "-t", "fe", "-F",
                                  "#{pane_dead} #{alternate_on}", NULL},
                 &state);
            if ((state && state[0] == '1') || e2e_now() > end)
                break;
            e2e_sleep(0.1);
        }
        /* dead, and the alternate screen was left on the way out */
        ck_assert_msg(state && strncmp(state, "1 0", 3) == 0,
                      "SIG%s: pane state '%s', want '1 0' (dead, alternate screen off)",
                      sigs[i].name, state ? state : "");
        free(state);
        tmux((const char *[]){"kill-server", NULL}, NULL);
    }
}
END_TEST

/* --- SDL in Xvfb ---------------------------------------------------------------------- */

static bool window_size_is(const char *wid, const char *geometry, double timeout_s)
{
    double end = e2e_now() + timeout_s;
    char want[64];
    snprintf(want, sizeof want, "Geometry: %s\n", geometry);
    do {
        char *g = e2e_xdotool_out((const char *[]){"getwindowgeometry", wid, NULL}, 10);
        bool ok = g && strstr(g, want);
        free(g);
        if (ok)
            return true;
        e2e_sleep(0.1);
    } while (e2e_now() < end);
    return false;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

START_TEST(sdl_in_xvfb)
{
#if !PX86_HAVE_SDL
    test_skip("fe_fake sdl", "built without SDL2");
    return;
#endif
    const char *fake = fake_path("fe_fake sdl");
    if (!fake)
        return;
    if (!e2e_have("Xvfb") || !e2e_have("xdotool") || !e2e_have("import") ||
        !e2e_have("compare")) {
        test_skip("fe_fake sdl", "needs Xvfb, xdotool and ImageMagick");
        return;
    }
    pid_t xvfb = e2e_start_xvfb(e2e_display, sizeof e2e_display);
    ck_assert_msg(xvfb > 0, "Xvfb did not start");
    const char *dir = e2e_tmpdir();
    char log[512], out[512], xshot[512];
    snprintf(log, sizeof log, "%s/log", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(xshot, sizeof xshot, "%s/window.png", dir);
    pid_t fe = e2e_spawn((const char *[]){fake, "-display", "sdl", "-log", log, "-seconds",
                                          "60", "-shot", dir, "-leds", "2", "-noaudio", NULL}, out, e2e_display);
    ck_assert(fe > 0);
    char *wid = e2e_find_window("px86", 90);
    ck_assert_msg(wid != NULL, "no px86 window");
    e2e_xdotool((const char *[]){"windowfocus", "--sync", wid, NULL});
    ck_assert(e2e_wait_file(log, "started sdl", 90));
    /* 720x400 text shown at 4:3 */
    ck_assert_msg(window_size_is(wid, "720x540", 5), "window not 720x540");

    /* typing reaches the guest, host repeat never does */
    e2e_xdotool((const char *[]){"type", "--delay", "40", "ver", NULL});
    e2e_xdotool((const char *[]){"key", "Return", NULL});
    ck_assert(e2e_wait_file(log, "key ret up", 90));
    char *l = e2e_read_file(log);
    /* the guest had Num Lock on, the X server has it off: the first key
     * stroke after focus is preceded by a Num Lock tap */
    ck_assert_msg(strstr(l, "key num_lock down\nkey num_lock up\nkey v down\nkey v up\n"
                            "key e down\nkey e up\nkey r down\n"), "log:\n%s", l);
    free(l);

    /* a held key: one press however long the X server auto-repeats */
    e2e_xdotool((const char *[]){"keydown", "k", NULL});
    e2e_sleep(1.5);
    e2e_xdotool((const char *[]){"keyup", "k", NULL});
    ck_assert(e2e_wait_file(log, "key k up", 90));
    l = e2e_read_file(log);
    ck_assert_int_eq(count(l, "key k down"), 1);
    free(l);
    e2e_xdotool((const char *[]){"key", "BackSpace", NULL});

    /* mode change: the window follows (320x200 at 4:3, doubled) */
    e2e_xdotool((const char *[]){"type", "--delay", "40", "mode13", NULL});
    e2e_xdotool((const char *[]){"key", "Return", NULL});
    ck_assert(e2e_wait_file(log, "mode 320x200", 90));
    ck_assert_msg(window_size_is(wid, "640x480", 5), "window did not follow the mode");
    e2e_xdotool((const char *[]){"type", "--delay", "40", "mode3", NULL});
    e2e_xdotool((const char *[]){"key", "Return", NULL});
    ck_assert(e2e_wait_file(log, "mode 720x400", 90));
    ck_assert_msg(window_size_is(wid, "720x540", 5), "window did not follow back");

    /* title: MIPS and disk indicator */
    e2e_sleep(0.7);
    char *title = e2e_xdotool_out((const char *[]){"getwindowname", wid, NULL}, 10);
    ck_assert_ptr_nonnull(title);
    ck_assert_msg(strstr(title, "MIPS") && strstr(title, "disk"), "title '%s'", title);
    free(title);

    /* Ctrl+Alt+S: guest screenshot; compare with what the window shows */
    e2e_xdotool((const char *[]){"key", "ctrl+alt+s", NULL});
    char pattern[600];
    snprintf(pattern, sizeof pattern, "%s/px86-*.png", dir);
    glob_t g = {0};
    double end = e2e_now() + 10;
    while (glob(pattern, 0, NULL, &g) != 0 && e2e_now() < end) {
        globfree(&g);
        e2e_sleep(0.1);
    }
    ck_assert_msg(g.gl_pathc == 1, "Ctrl+Alt+S wrote no screenshot");
    const char *argv_import[] = {"import", "-window", wid, xshot, NULL};
    ck_assert_int_eq(e2e_run(argv_import, NULL, 30, e2e_display), 0);
    ck_assert(e2e_image_has_content(g.gl_pathv[0]));
    double diff = e2e_image_difference(g.gl_pathv[0], xshot);
    double blank = e2e_image_blank_difference(g.gl_pathv[0]);
    ck_assert_msg(diff >= 0 && blank > 0 && diff < 0.35 * blank,
                  "window differs from the guest picture: %f (blank: %f)", diff, blank);
    fprintf(stderr, "fe_fake sdl: window vs guest %f, blank %f\n", diff, blank);
    globfree(&g);

    /* Ctrl+Alt+P pauses; the P itself is not sent */
    e2e_xdotool((const char *[]){"key", "ctrl+alt+p", NULL});
    ck_assert(e2e_wait_file(log, "pause 1", 90));
    e2e_xdotool((const char *[]){"key", "ctrl+alt+p", NULL});
    ck_assert(e2e_wait_file(log, "pause 0", 90));
    l = e2e_read_file(log);
    ck_assert_ptr_null(strstr(l, "key p down"));
    free(l);

    /* mouse: a click grabs (not sent), then motion and buttons are sent */
    e2e_xdotool((const char *[]){"mousemove", "--window", wid, "100", "100", "click", "1", NULL});
    e2e_sleep(0.3);
    e2e_xdotool((const char *[]){"mousemove_relative", "--", "7", "-3", NULL});
    e2e_xdotool((const char *[]){"click", "3", NULL});
    ck_assert(e2e_wait_file(log, "mouse 0 0 0 2", 90));
    /* wheel: away from the user is dz < 0 */
    e2e_xdotool((const char *[]){"click", "4", NULL});
    ck_assert(e2e_wait_file(log, "mouse 0 0 -1 0", 90));
    e2e_xdotool((const char *[]){"click", "5", NULL});
    ck_assert(e2e_wait_file(log, "mouse 0 0 1 0", 90));
    l = e2e_read_file(log);
    ck_assert_msg(strstr(l, "mouse 7 -3 0 0"), "relative motion missing:\n%s", l);
    free(l);
    title = e2e_xdotool_out((const char *[]){"getwindowname", wid, NULL}, 10);
    ck_assert_msg(title && strstr(title, "grabbed"), "title '%s'", title ? title : "");
    free(title);
    e2e_xdotool((const char *[]){"key", "ctrl+alt+g", NULL});

    /* focus loss with a key held: the guest sees it released */
    e2e_xdotool((const char *[]){"keydown", "a", NULL});
    ck_assert(e2e_wait_file(log, "key a down", 90));
    if (e2e_have("xmessage")) {
        pid_t other = e2e_spawn((const char *[]){"xmessage", "other window", NULL}, NULL, e2e_display);
        char *owid = e2e_find_window("xmessage", 90);
        ck_assert_ptr_nonnull(owid);
        e2e_xdotool((const char *[]){"windowfocus", "--sync", owid, NULL});
        ck_assert_msg(e2e_wait_file(log, "release-all", 90), "no release on focus loss");
        e2e_xdotool((const char *[]){"keyup", "a", NULL});
        free(owid);
        e2e_kill(other);
        e2e_xdotool((const char *[]){"windowfocus", "--sync", wid, NULL});
    } else {
        test_skip("fe_fake sdl focus loss", "xmessage not installed");
        e2e_xdotool((const char *[]){"keyup", "a", NULL});
    }

    /* Ctrl+Alt+Q quits cleanly */
    e2e_xdotool((const char *[]){"key", "ctrl+alt+q", NULL});
    int st = e2e_wait(fe, 15);
    if (st < 0)
        e2e_kill(fe);
    ck_assert_int_eq(st, 0);
    free(wid);
    e2e_kill(xvfb);
    e2e_rmdir(dir);
}
END_TEST

START_TEST(sdl_audio)
{
#if !PX86_HAVE_SDL
    test_skip("fe_fake sdl audio", "built without SDL2");
    return;
#endif
    const char *fake = fake_path("fe_fake sdl audio");
    if (!fake)
        return;
    if (!e2e_have("Xvfb") || !e2e_have("xdotool")) {
        test_skip("fe_fake sdl audio", "needs Xvfb and xdotool");
        return;
    }
    pid_t xvfb = e2e_start_xvfb(e2e_display, sizeof e2e_display);
    ck_assert(xvfb > 0);
    const char *dir = e2e_tmpdir();
    char log[512], raw[512];
    snprintf(log, sizeof log, "%s/log", dir);
    snprintf(raw, sizeof raw, "%s/audio.raw", dir);
    /* SDL's "disk" driver plays into a file at real-time pace. */
    setenv("SDL_AUDIODRIVER", "disk", 1);
    setenv("SDL_DISKAUDIOFILE", raw, 1);
    pid_t fe = e2e_spawn((const char *[]){fake, "-display", "sdl", "-log", log, "-seconds",
                                          "4", NULL}, NULL, e2e_display);
    char *wid = e2e_find_window("px86", 90);
    ck_assert_ptr_nonnull(wid);
    e2e_xdotool((const char *[]){"windowfocus", "--sync", wid, NULL});
    e2e_sleep(0.5);
    /* the fake guest beeps 440 Hz while Scroll Lock is on */
    e2e_xdotool((const char *[]){"key", "Scroll_Lock", NULL});
    e2e_sleep(1.0);
    e2e_xdotool((const char *[]){"key", "Scroll_Lock", NULL});
    e2e_wait(fe, 15);
    size_t len = 0;
    FILE *f = fopen(raw, "rb");
    ck_assert_ptr_nonnull(f);
    static int16_t samples[44100 * 8];
    len = fread(samples, sizeof samples[0], sizeof samples / sizeof samples[0], f);
    fclose(f);
    size_t first = 0, last = 0, crossings = 0;
    for (size_t i = 0; i < len; i++) {
        if (samples[i] > 1000 || samples[i] < -1000) {
            if (!first)
                first = i;
            last = i;
        }
        if (i && samples[i - 1] < 0 && samples[i] >= 0)
            crossings++;
    }
    ck_assert_msg(first > 0, "no tone played (%zu samples)", len);
    double seconds = (double)(last - first) / 44100.0;
    ck_assert_msg(seconds > 0.6 && seconds < 1.6, "tone lasted %f s", seconds);
    double freq = (double)crossings / seconds;
    ck_assert_msg(freq > 380 && freq < 500, "tone at %f Hz", freq);
    free(wid);
    e2e_kill(xvfb);
    e2e_rmdir(dir);
}
END_TEST

START_TEST(headless_runs_quietly)
{
    const char *fake = fake_path("fe_fake headless");
    if (!fake)
        return;
    const char *dir = e2e_tmpdir();
    char log[512];
    snprintf(log, sizeof log, "%s/log", dir);
    char *out = NULL;
    /* no window, no terminal output; polls until the fake's time is up */
    int st = e2e_run((const char *[]){fake, "-display", "none", "-log", log, "-seconds", "0.5",
                                      NULL}, &out, 30, NULL);
    ck_assert_int_eq(st, 1); /* the fake's "timeout" status: poll never asked to quit */
    ck_assert_msg(out && out[0] == '\0', "headless printed: %s", out ? out : "");
    free(out);
    char *l = e2e_read_file(log);
    ck_assert_ptr_nonnull(strstr(l, "started none\ntimeout\n"));
    free(l);
    e2e_rmdir(dir);
}
END_TEST

START_TEST(sdl_without_display)
{
#if !PX86_HAVE_SDL
    test_skip("fe_fake sdl", "built without SDL2");
    return;
#endif
    const char *fake = fake_path("fe_fake sdl");
    if (!fake)
        return;
    /* No X server at all: init fails with a reason, no crash. */
    char *out = NULL;
    int st = e2e_run((const char *[]){fake, "-display", "sdl", "-seconds", "5", NULL}, &out, 30,
                     ":12345");
    ck_assert_int_eq(st, 4);
    ck_assert_msg(out && strstr(out, "cannot open an SDL window"), "output: %s", out ? out : "");
    free(out);
}
END_TEST

Suite *fe_fake_suite(void)
{
    Suite *s = suite_create("fe_fake");
    TCase *tc = tcase_create("fe_fake");
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, curses_in_tmux);
    tcase_add_test(tc, curses_guest_caps_lock);
    tcase_add_test(tc, curses_restores_terminal_on_signals);
    tcase_add_test(tc, sdl_in_xvfb);
    tcase_add_test(tc, sdl_audio);
    tcase_add_test(tc, headless_runs_quietly);
    tcase_add_test(tc, sdl_without_display);
    suite_add_tcase(s, tc);
    return s;
}
