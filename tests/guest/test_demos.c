/*
 * tests/guest/test_demos.c — the size-coded graphics demos in A:\DEMOS of
 * freedos-utils-720k run and draw: two screenshots of each (50 ms and 3 s
 * of guest time after starting it) must not be blank and must differ.
 * (None of these demos turns out to need the x87 — they run the same with
 * -cpu 486sx — so this checks mode 13h drawing on the default 486DX.)
 * Uses ImageMagick's `convert`/`compare` to read the PNGs; SKIP without it.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"

static const char *const demos[] = {"mandel~1", "dawn", "lebhaft", "knead",
                                    "cluster"};

static long run_number(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    long v = -1;
    if (fscanf(p, "%ld", &v) != 1)
        v = -1;
    pclose(p);
    return v;
}

START_TEST(demo_draws)
{
    const char *demo = demos[_i];
    const char *img = test_shared_path("guests/freedos-utils-720k.img");
    if (!img) {
        test_skip(demo, "freedos-utils-720k.img not found (set PX86_SHARED)");
        return;
    }
    if (system("convert -version >/dev/null 2>&1") != 0) {
        test_skip(demo, "ImageMagick not installed");
        return;
    }
    char dir[] = "/tmp/px86-demo-XXXXXX";
    ck_assert(mkdtemp(dir) != NULL);
    char script[4200], a[4200], b[4200];
    snprintf(script, sizeof script, "%s/run.script", dir);
    snprintf(a, sizeof a, "%s/a.png", dir);
    snprintf(b, sizeof b, "%s/b.png", dir);
    FILE *f = fopen(script, "w");
    fprintf(f, "wait-screen \"A:\\>\" 60\n"
               "type \"\\\\demos\\\\%s\\n\"\n"
               "sleep 0.05\nscreenshot %s\nsleep 3\nscreenshot %s\nquit 0\n",
            demo, a, b);
    fclose(f);
    char tbuf[16];
    snprintf(tbuf, sizeof tbuf, "%d", 120 * test_timeout_scale());
    const char *argv[] = {"px86", "-m", "64", "-fda", img, "-display", "none",
                          "-clock", "virtual", "-snapshot", "-script", script,
                          "-timeout", tbuf, NULL};
    char *out = NULL;
    int status = test_run_px86(argv, &out, 150 * test_timeout_scale());
    ck_assert_msg(status == 0, "%s: px86 exited %d\n%s", demo, status, out ? out : "");
    free(out);
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "convert '%s' -format %%k info:", b);
    long colours = run_number(cmd);
    snprintf(cmd, sizeof cmd, "compare -metric AE '%s' '%s' null: 2>&1", a, b);
    long changed = run_number(cmd);
    ck_assert_msg(colours > 4, "%s: picture is blank (%ld colours)", demo, colours);
    ck_assert_msg(changed > 0, "%s: picture did not change over 3 s", demo);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
}
END_TEST

Suite *demos_suite(void)
{
    Suite *s = suite_create("demos");
    TCase *tc = tcase_create("draw");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, demo_draws, 0, (int)(sizeof demos / sizeof demos[0]));
    suite_add_tcase(s, tc);
    return s;
}
