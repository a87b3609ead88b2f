/*
 * tests/cpu/test_pm.c — runs the bare-metal protected-mode test ROMs
 * (tests/cpu/pm/NAME.asm, built to build/tests/cpu/pm/NAME.bin) and checks their
 * verdict: exit status 33 (isa-debug-exit value 0x10) and no "FAIL" line.
 *
 * Each program runs twice:
 *  - on the CPU alone through build/tools/pmrun (no machine; a stand-in
 *    timer for IRQ 0), so the CPU is tested even without the devices;
 *  - on px86 itself: `-bios x.bin -display none -debugcon stdio -device
 *    isa-debug-exit -clock virtual -timeout 20`.  If px86 cannot run a
 *    trivial ROM that prints through port E9h and exits through F4h, the
 *    px86 runs print SKIP (the machine is not wired yet) instead of
 *    failing.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"

#define PASS_STATUS 33 /* (0x10 << 1) | 1 */

static const char *bin_path(const char *name)
{
    static char buf[4][4096];
    static unsigned slot;
    char *b = buf[slot++ % 4];
    snprintf(b, sizeof buf[0], "%s/tests/cpu/pm/%s.bin", test_builddir(),
             name);
    return b;
}

/* Run build/tools/pmrun (a plain child process with a time limit). */
static int run_pmrun(const char *name, const char *model, char **out)
{
    char tool[4096], cmd[9000];
    snprintf(tool, sizeof tool, "%s/tools/pmrun", test_builddir());
    snprintf(cmd, sizeof cmd, "timeout 60 '%s' -cpu %s '%s' 2>&1", tool,
             model, bin_path(name));
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        pclose(p);
        return -1;
    }
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (len + 1 >= cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb)
                break;
            buf = nb;
            cap *= 2;
        }
    }
    buf[len] = 0;
    *out = buf;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int run_px86(const char *name, const char *model, bool no_reboot,
                    char **out)
{
    const char *argv[24];
    int i = 0;
    argv[i++] = "px86";
    argv[i++] = "-cpu";
    argv[i++] = model;
    argv[i++] = "-m";
    argv[i++] = "16";
    argv[i++] = "-bios";
    argv[i++] = bin_path(name);
    argv[i++] = "-display";
    argv[i++] = "none";
    argv[i++] = "-debugcon";
    argv[i++] = "stdio";
    argv[i++] = "-device";
    argv[i++] = "isa-debug-exit";
    argv[i++] = "-clock";
    argv[i++] = "virtual";
    argv[i++] = "-timeout";
    argv[i++] = "20";
    if (no_reboot)
        argv[i++] = "-no-reboot";
    argv[i] = NULL;
    return test_run_px86(argv, out, 30);
}

/* Does px86 run a ROM test at all (debugcon + isa-debug-exit wired)? */
static bool px86_ready(void)
{
    static int ready = -1;
    if (ready < 0) {
        char *out = NULL;
        int st = run_px86("probe", "486", false, &out);
        ready = st == PASS_STATUS && out && strstr(out, "PROBE OK") != NULL;
        free(out);
    }
    return ready == 1;
}

static void check_verdict(const char *how, const char *name, int st,
                          const char *out)
{
    const char *fail = out ? strstr(out, "FAIL") : NULL;
    if (st != PASS_STATUS || fail) {
        fprintf(stderr, "---- %s %s: status %d ----\n%s\n", how, name, st,
                out ? out : "(no output)");
    }
    ck_assert_msg(st == PASS_STATUS, "%s %s: exit status %d, want %d", how,
                  name, st, PASS_STATUS);
    ck_assert_msg(fail == NULL, "%s %s: %.200s", how, name, fail);
}

static void run_both(const char *name, const char *model)
{
    char *out = NULL;
    int st = run_pmrun(name, model, &out);
    check_verdict("pmrun", name, st, out);
    free(out);
    if (!px86_ready()) {
        test_skip(name, "px86 cannot run the probe ROM (-debugcon/"
                        "isa-debug-exit not wired?): px86 run skipped");
        return;
    }
    out = NULL;
    st = run_px86(name, model, false, &out);
    check_verdict("px86", name, st, out);
    free(out);
}

#define PM_TEST(name)                 \
    START_TEST(test_pm_##name)        \
    {                                 \
        run_both(#name, "486");       \
    }                                 \
    END_TEST

/* Segmentation: loads, checks, limits, expand-down, accessed bit. */
PM_TEST(seg_load)
/* Far JMP/CALL/RET/IRET, call gates, conforming code, stack switches. */
PM_TEST(far_transfer)
/* IDT delivery: gates, frames, privilege, EXT, traps vs faults, IRQ. */
PM_TEST(idt)
/* Paging: #PF codes, CR2, U/S R/W, WP, A/D, INVLPG, crossing, restart. */
PM_TEST(paging)
/* Task switches: 286/386 TSS, busy, NT, back link, LDT/CR3, task gates. */
PM_TEST(tss)
/* IOPL and the I/O permission bitmap. */
PM_TEST(iopl)
/* V86 mode: entry by IRET and task switch, interrupts, sensitive insns. */
PM_TEST(v86)
/* System instructions. */
PM_TEST(sysinstr)
/* #DF classes, restartable faults, #AC, REP interrupted by IRQs. */
PM_TEST(exceptions)
/* Debug registers: instruction/data breakpoints, TF, GD, REP resume. */
PM_TEST(debugreg)
/* Unreal mode after leaving protected mode; #UD for PM-only insns. */
PM_TEST(unreal)
/* #NM from CR0.EM/TS/MP for ESC and WAIT. */
PM_TEST(fpu_nm)
/* 486-only 0F opcodes: run on the 486 and the 386. */
PM_TEST(model)
/* Self-modifying code against the decoded-instruction cache. */
PM_TEST(smc)

/* 16-bit protected mode as on the 286 (and its model-independent part on
 * the 486). */
START_TEST(test_pm_pm286)
{
    run_both("pm286", "286");
    run_both("pm286", "486");
}
END_TEST

START_TEST(test_pm_model_386)
{
    run_both("model", "386");
}
END_TEST

/* Triple fault: the CPU signals shutdown.  pmrun exits 0 at shutdown;
 * px86 -no-reboot exits, px86 without it resets and the ROM's second boot
 * reports PASS (RAM survives the reset). */
START_TEST(test_pm_triple)
{
    char *out = NULL;
    int st = run_pmrun("triple", "486", &out);
    ck_assert_msg(st == 0 && out && strstr(out, "TRIPLE") &&
                      strstr(out, "shutdown"),
                  "pmrun triple: status %d output %s", st, out ? out : "");
    free(out);
    if (!px86_ready()) {
        test_skip("triple", "px86 not ready: px86 run skipped");
        return;
    }
    out = NULL;
    st = run_px86("triple", "486", true, &out);
    ck_assert_msg(out && strstr(out, "TRIPLE") && !strstr(out, "FAIL") &&
                      st != PASS_STATUS && st >= 0 && st < 124,
                  "px86 -no-reboot triple: status %d output %s", st,
                  out ? out : "");
    free(out);
    out = NULL;
    st = run_px86("triple", "486", false, &out);
    check_verdict("px86 (reboot)", "triple", st, out);
    free(out);
}
END_TEST

Suite *pm_suite(void)
{
    Suite *s = suite_create("pm");
    TCase *tc = tcase_create("guest");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_pm_seg_load);
    tcase_add_test(tc, test_pm_far_transfer);
    tcase_add_test(tc, test_pm_idt);
    tcase_add_test(tc, test_pm_paging);
    tcase_add_test(tc, test_pm_tss);
    tcase_add_test(tc, test_pm_iopl);
    tcase_add_test(tc, test_pm_v86);
    tcase_add_test(tc, test_pm_sysinstr);
    tcase_add_test(tc, test_pm_exceptions);
    tcase_add_test(tc, test_pm_debugreg);
    tcase_add_test(tc, test_pm_unreal);
    tcase_add_test(tc, test_pm_fpu_nm);
    tcase_add_test(tc, test_pm_model);
    tcase_add_test(tc, test_pm_smc);
    tcase_add_test(tc, test_pm_model_386);
    tcase_add_test(tc, test_pm_pm286);
    tcase_add_test(tc, test_pm_triple);
    suite_add_tcase(s, tc);
    return s;
}
