/*
 * tests/cpu/test_conformance.c — runs build/tools/conformance over the
 * SingleStepTests vectors: a representative subset (the first 150 tests of
 * every opcode file of both sets) under `make check`, every vector under
 * `make check-long`.  Any failing vector fails the test.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "testlib.h"

static int run_tool(const char *set, bool full, char *last, size_t lastsz)
{
    char cmd[4096];
    const char *dir = test_shared_path(set);
    snprintf(cmd, sizeof cmd, "%s/tools/conformance -q -n 3 %s '%s' 2>&1",
             test_builddir(), full ? "" : "-l 150", dir);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    char line[1024];
    last[0] = 0;
    while (fgets(line, sizeof line, p)) {
        fputs(line, stdout);
        snprintf(last, lastsz, "%s", line);
    }
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void check_set(const char *set)
{
    if (!test_shared_path(set)) {
        test_skip("conformance", "shared conformance vectors not found");
        return;
    }
    char last[1024];
    int rc = run_tool(set, test_long(), last, sizeof last);
    unsigned long pass = 0, fail = 1;
    ck_assert_msg(sscanf(last, "%lu passed, %lu failed", &pass, &fail) == 2,
                  "unexpected conformance output: %s", last);
    ck_assert_msg(rc == 0 && fail == 0, "%s: %s", set, last);
    ck_assert_uint_gt(pass, 1000);
}

START_TEST(conformance_8086)
{
    check_set("conformance/8086");
}
END_TEST

START_TEST(conformance_286)
{
    check_set("conformance/80286");
}
END_TEST

Suite *conformance_suite(void)
{
    Suite *s = suite_create("conformance");
    TCase *tc = tcase_create("vectors");
    tcase_set_timeout(tc, 1200);
    tcase_add_test(tc, conformance_8086);
    tcase_add_test(tc, conformance_286);
    suite_add_tcase(s, tc);
    return s;
}
