/*
 * tests/frontend/test_curses_tmux.c — the terminal display end to end with
 * the real machine: px86 -display curses boots FreeDOS inside a tmux pane;
 * capture-pane must show the A:\> prompt, keys sent with send-keys must
 * reach the guest (`ver` answers with the FreeCom version line, also
 * visible in the pane), Ctrl-] d must reboot the guest, and Ctrl-] q must
 * quit with status 0 and restore the terminal.  SKIPs without tmux or when the machine cannot boot
 * FreeDOS yet.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e.h"
#include "testlib.h"

#define T "curses_tmux"

START_TEST(freedos_in_tmux)
{
    if (!e2e_have("tmux")) {
        test_skip(T, "tmux not installed");
        return;
    }
    const char *img = e2e_bootable_freedos(T);
    if (!img)
        return;
    const char *dir = e2e_tmpdir();
    ck_assert_ptr_nonnull(dir);
    char script[512], ready[512], ver[512], rebooted[512], exitf[512], text[4096], cmd[8192];
    snprintf(script, sizeof script, "%s/curses.script", dir);
    snprintf(ready, sizeof ready, "%s/ready.txt", dir);
    snprintf(ver, sizeof ver, "%s/ver.txt", dir);
    snprintf(rebooted, sizeof rebooted, "%s/rebooted.txt", dir);
    snprintf(exitf, sizeof exitf, "%s/exit", dir);
    snprintf(text, sizeof text,
             E2E_FREEDOS_READY_SCRIPT
             "wait-screen \"FreeCom version\" 300\n"
             "screen-text %s\n"
             "wait-screen \"FreeDOS kernel\" 100000\n"
             "screen-text %s\n"
             "wait-screen \"PX86-E2E-NEVER\" 100000\n",
             ready, ver, rebooted);
    ck_assert(e2e_write_file(script, text));
    snprintf(cmd, sizeof cmd,
             "'%s' -display curses -fda '%s' -boot a -snapshot -clock virtual -script '%s' "
             "-timeout 600; echo EXIT=$? > '%s'; sleep 120",
             test_px86(), img, script, exitf);
    snprintf(e2e_tmux_socket, sizeof e2e_tmux_socket, "px86-e2e-%d", (int)getpid());
    ck_assert_int_eq(e2e_tmux((const char *[]){"new-session", "-d", "-s", "px", "-x", "100",
                                               "-y", "32", cmd, NULL}, NULL), 0);

    e2e_assert_freedos_ready(ready);
    ck_assert_msg(e2e_tmux_wait_text("px", "A:\\>", 90), "pane does not show A:\\>");
    ck_assert(e2e_tmux_wait_text("px", "Ctrl-] h for help", 90));

    e2e_tmux((const char *[]){"send-keys", "-t", "px", "ver", "Enter", NULL}, NULL);
    ck_assert_msg(e2e_wait_file(ver, "FreeCom version", 120), "guest did not run ver");
    char *pane = NULL;
    bool shown = e2e_tmux_wait_text("px", "A:\\>ver", 90) &&
                 e2e_tmux_wait_text("px", "FreeCom version", 90);
    pane = e2e_tmux_capture("px");
    ck_assert_msg(shown, "pane lacks the ver output:\n%s", pane ? pane : "");
    free(pane);

    /* Ctrl-] d sends Ctrl-Alt-Del: FreeDOS boots again */
    e2e_tmux((const char *[]){"send-keys", "-t", "px", "C-]", "d", NULL}, NULL);
    ck_assert_msg(e2e_wait_file(rebooted, "FreeDOS kernel", 240), "Ctrl-] d did not reboot");
    /* The rebooted guest clears the screen within a frame or two, so the
     * pane may never show the kernel banner: it must show a fresh prompt
     * with the earlier `ver` output gone. */
    bool fresh = false;
    for (int i = 0; i < 450 && !fresh; i++) {
        char *p = e2e_tmux_capture("px");
        fresh = p && strstr(p, "A:\\>") && !strstr(p, "FreeCom version");
        free(p);
        if (!fresh)
            usleep(200000);
    }
    pane = e2e_tmux_capture("px");
    ck_assert_msg(fresh, "pane still shows the old screen after reboot:\n%s",
                  pane ? pane : "");
    free(pane);

    e2e_tmux((const char *[]){"send-keys", "-t", "px", "C-]", "q", NULL}, NULL);
    ck_assert_msg(e2e_wait_file(exitf, "EXIT=", 90), "Ctrl-] q did not end px86");
    char *ex = e2e_read_file(exitf);
    ck_assert_msg(strstr(ex, "EXIT=0") != NULL, "%s", ex);
    free(ex);
    e2e_sleep(0.3);
    pane = e2e_tmux_capture("px");
    ck_assert_msg(pane && !strstr(pane, "A:\\>"), "terminal not restored:\n%s", pane ? pane : "");
    free(pane);
    e2e_tmux((const char *[]){"kill-server", NULL}, NULL);
    e2e_rmdir(dir);
}
END_TEST

Suite *curses_tmux_suite(void)
{
    Suite *s = suite_create("curses_tmux");
    TCase *tc = tcase_create("curses_tmux");
    tcase_set_timeout(tc, 900);
    tcase_add_test(tc, freedos_in_tmux);
    suite_add_tcase(s, tc);
    return s;
}
