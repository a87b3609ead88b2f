/*
 * tests/debug/test_monitor.c — a scripted session of the built-in debugger
 * (-monitor stdio -S, commands piped in) on tests/debug/gdbguest.bin: stop
 * at each mode switch, then check the decoded GDT and the page walks line
 * by line.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"

START_TEST(scripted_monitor_session)
{
    char guest[4096], cmds[4096];
    snprintf(guest, sizeof guest, "%s/tests/debug/gdbguest.bin", test_builddir());
    snprintf(cmds, sizeof cmds, "%s/tests/debug/monitor_session.txt", test_srcdir());
    if (access(guest, R_OK) != 0) {
        test_skip("scripted_monitor_session", "gdbguest.bin not built");
        return;
    }
    char out[] = "/tmp/px86-mon-XXXXXX";
    close(mkstemp(out));
    char cmd[12288];
    snprintf(cmd, sizeof cmd,
             "%s -bios %s -display none -device isa-debug-exit -clock virtual "
             "-monitor stdio -S -timeout 60 < %s > %s 2>&1",
             test_px86(), guest, cmds, out);
    int rc = system(cmd);
    int status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    FILE *f = fopen(out, "r");
    char *text = calloc(1, 1 << 20);
    size_t n = fread(text, 1, (1 << 20) - 1, f);
    text[n] = 0;
    fclose(f);
    const char *expect[] = {
        "(px86) break-mode\n",
        "breakpoint 1: any switch between real, protected, V86 mode or paging\n",
        "mode switch at ",
        "protected mode (CR0.PE=1, EFLAGS.VM=0), paging off (CR0.PG=0)",
        "protected mode (CR0.PE=1, EFLAGS.VM=0), paging on (CR0.PG=1)",
        "GDT at linear 00007e10, limit 0017 (3 entries)\n",
        "  GDT[0] sel 0000: null descriptor\n",
        "  GDT[1] sel 0008: code, 32-bit, ring 0, base 00000000, limit 4 GiB (execute/read",
        "  GDT[2] sel 0010: data, 32-bit, ring 0, base 00000000, limit 4 GiB (read/write",
        "linear c0007e00 = directory index 768, table index 7, offset e00\n",
        "CR3=00020000: directory entry 768 at physical 00020c00 = 00021003: present, writable, supervisor",
        "-> page table at 00021000: entry 7 at physical 0002101c = 0000700",
        "-> page frame 00007000 + offset e00 = physical 00007e00\n",
        "linear d0000000 = directory index 832, table index 0, offset 000\n",
        "CR3=00020000: directory entry 832 at physical 00020d00 = 00000000: NOT present",
        "-> not mapped: an access would raise #PF\n",
        "CS=0008 -> GDT[1], RPL 0: code, 32-bit, ring 0, base 00000000, limit 4 GiB",
        "PIC master (20h): requested ", "PIT channel 0 (IRQ0 timer): mode ",
        "RTC time 00:00:0", "VGA: ", "IDE primary (1F0h, IRQ14) master: no disk",
    };
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
        ck_assert_msg(strstr(text, expect[i]) != NULL,
                      "monitor output lacks '%s'\n---\n%s", expect[i], text);
    ck_assert_msg(status == 33, "exit status %d, want 33\n%s", status, text);
    free(text);
    unlink(out);
}
END_TEST

Suite *monitor_suite(void)
{
    Suite *s = suite_create("monitor");
    TCase *tc = tcase_create("session");
    tcase_set_timeout(tc, 90);
    tcase_add_test(tc, scripted_monitor_session);
    suite_add_tcase(s, tc);
    return s;
}
