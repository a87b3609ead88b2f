/*
 * tests/cpu/test_guestbugs.c — runs tests/cpu/pm/guestbugs.asm, the
 * regression ROM for CPU bugs found by booting real guests, on the CPU alone
 * (build/tools/pmrun) and on px86 (-bios ROM, debug console, isa-debug-exit).
 * Pass = exit status 33 (isa-debug-exit 0x10) and no "FAIL" line.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "testlib.h"

#define PASS_STATUS 33

static void rom_path(char *buf, size_t n)
{
    snprintf(buf, n, "%s/tests/cpu/pm/guestbugs.bin", test_builddir());
}

static int run_pmrun(const char *model, char **out)
{
    char rom[4096], cmd[9000];
    rom_path(rom, sizeof rom);
    snprintf(cmd, sizeof cmd, "timeout 60 '%s/tools/pmrun' -cpu %s '%s' 2>&1",
             test_builddir(), model, rom);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t cap = 1 << 16, len = 0, n;
    char *buf = malloc(cap);
    if (!buf) {
        pclose(p);
        return -1;
    }
    while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0)
        len += n;
    buf[len] = 0;
    *out = buf;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void check_verdict(const char *how, int st, const char *out)
{
    const char *fail = out ? strstr(out, "FAIL") : NULL;
    if (st != PASS_STATUS || fail)
        fprintf(stderr, "---- %s guestbugs: status %d ----\n%s\n", how, st,
                out ? out : "(no output)");
    ck_assert_msg(st == PASS_STATUS, "%s: exit status %d, want %d", how, st,
                  PASS_STATUS);
    ck_assert_msg(fail == NULL, "%s: %.200s", how, fail);
}

static void run_model(const char *model)
{
    char *out = NULL;
    int st = run_pmrun(model, &out);
    check_verdict("pmrun", st, out);
    free(out);

    char rom[4096];
    rom_path(rom, sizeof rom);
    const char *argv[] = {"px86", "-cpu", model, "-m", "16", "-bios", rom,
                          "-display", "none", "-debugcon", "stdio",
                          "-device", "isa-debug-exit", "-clock", "virtual",
                          "-timeout", "20", NULL};
    out = NULL;
    st = test_run_px86(argv, &out, 30);
    check_verdict("px86", st, out);
    free(out);
}

START_TEST(test_guestbugs_486)
{
    run_model("486");
}
END_TEST

START_TEST(test_guestbugs_386)
{
    run_model("386");
}
END_TEST

Suite *guestbugs_suite(void)
{
    Suite *s = suite_create("guestbugs");
    TCase *tc = tcase_create("rom");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_guestbugs_486);
    tcase_add_test(tc, test_guestbugs_386);
    suite_add_tcase(s, tc);
    return s;
}
