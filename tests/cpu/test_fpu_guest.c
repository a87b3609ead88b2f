/*
 * tests/cpu/test_fpu_guest.c — the x87 on the whole machine: runs the
 * bare-metal ROM tests/cpu/fpu/fpu_guest.asm on px86 (-bios, debug console
 * on port E9h, verdict through isa-debug-exit) and checks that every line
 * passed.  It covers what only the assembled machine can show: #MF with
 * CR0.NE=1 (fault address, FIP/FOP/FCS kept for the handler), and with
 * CR0.NE=0 FERR# reaching the 8259 as IRQ 13.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"

#define PASS_STATUS 33 /* isa-debug-exit value 0x10 */

START_TEST(fpu_guest_rom)
{
    char rom[4096];
    snprintf(rom, sizeof rom, "%s/tests/cpu/fpu/fpu_guest.bin",
             test_builddir());
    if (access(rom, R_OK) != 0) {
        test_skip("fpu_guest_rom", "fpu_guest.bin not built (make check)");
        return;
    }
    if (access(test_px86(), X_OK) != 0) {
        test_skip("fpu_guest_rom", "px86 not built");
        return;
    }
    const char *argv[] = {"px86", "-cpu", "486", "-m", "16", "-bios", rom,
                          "-display", "none", "-debugcon", "stdio",
                          "-device", "isa-debug-exit", "-clock", "virtual",
                          "-timeout", "20", NULL};
    char *out = NULL;
    int st = test_run_px86(argv, &out, 30);
    const char *fail = out ? strstr(out, "FAIL") : NULL;
    if (st != PASS_STATUS || fail)
        fprintf(stderr, "---- fpu_guest: status %d ----\n%s\n", st,
                out ? out : "(no output)");
    ck_assert_msg(st == PASS_STATUS, "exit status %d, want %d", st,
                  PASS_STATUS);
    ck_assert_msg(fail == NULL, "%.200s", fail);
    ck_assert_ptr_nonnull(strstr(out, "DONE fpu_guest"));
    free(out);
}
END_TEST

Suite *fpu_guest_suite(void)
{
    Suite *s = suite_create("fpu_guest");
    TCase *t = tcase_create("fpu_guest");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, fpu_guest_rom);
    suite_add_tcase(s, t);
    return s;
}
