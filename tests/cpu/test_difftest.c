/*
 * tests/cpu/test_difftest.c — runs build/tools/difftest (our CPU against
 * the host CPU on the 386/486 32-bit integer forms): 300 cases per form
 * under `make check`, 100,000 per form under `make check-long`.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "testlib.h"

START_TEST(difftest_forms)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s/tools/difftest -n %s 2>&1", test_builddir(),
             test_long() ? "100000" : "300");
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    char line[1024], last[1024] = "";
    bool skipped = false;
    while (fgets(line, sizeof line, p)) {
        fputs(line, stdout);
        if (!strncmp(line, "SKIP", 4))
            skipped = true;
        snprintf(last, sizeof last, "%s", line);
    }
    int st = pclose(p);
    if (skipped)
        return;
    unsigned long pass = 0, fail = 1;
    ck_assert_msg(sscanf(last, "%lu passed, %lu failed", &pass, &fail) == 2,
                  "unexpected difftest output: %s", last);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0 && fail == 0, "%s", last);
    ck_assert_uint_gt(pass, 1000);
}
END_TEST

Suite *difftest_suite(void)
{
    Suite *s = suite_create("difftest");
    TCase *tc = tcase_create("host");
    tcase_set_timeout(tc, 3600);
    tcase_add_test(tc, difftest_forms);
    suite_add_tcase(s, tc);
    return s;
}
