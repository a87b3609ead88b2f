/*
 * tests/hw/test_storage_board.c — the storage board as wired into px86:
 * command-line disk errors are clear and fatal (exit status 1), and (long
 * run only, needs the whole machine) a guest booted from an IDE disk
 * prints on COM1 through the UART.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stor_bus.h"
#include "testlib.h"

static bool have_px86(const char *test)
{
    if (access(test_px86(), X_OK) != 0) {
        test_skip(test, "px86 binary not built");
        return false;
    }
    return true;
}

static void expect_error(const char *const *argv, const char *needle)
{
    char *out = NULL;
    int rc = test_run_px86(argv, &out, 30);
    ck_assert_msg(rc == 1, "exit %d, output: %s", rc, out ? out : "");
    ck_assert_msg(out && strstr(out, needle), "no '%s' in: %s", needle,
                  out ? out : "");
    free(out);
}

START_TEST(bad_disk_arguments_fail_clearly)
{
    if (!have_px86("bad_disk_arguments_fail_clearly"))
        return;
    char *bad = tb_temp_image(100000, NULL);
    char *iso = tb_temp_image(2048 * 4, NULL);
    const char *a1[] = {"px86", "-display", "none", "-timeout", "5", "-fda", bad, NULL};
    expect_error(a1, "not a PC floppy size");
    const char *a2[] = {"px86", "-display", "none", "-timeout", "5", "-hda",
                        "/nonexistent/disk.img", NULL};
    expect_error(a2, "-hda");
    const char *a3[] = {"px86", "-display", "none", "-timeout", "5", "-hdc", bad,
                        "-hdd", bad, "-cdrom", iso, NULL};
    expect_error(a3, "-cdrom");
    unlink(bad);
    unlink(iso);
    free(bad);
    free(iso);
}
END_TEST

START_TEST(guest_on_ide_disk_prints_on_com1)
{
    if (!test_long()) {
        test_skip("guest_on_ide_disk_prints_on_com1", "long test (make check-long)");
        return;
    }
    const char *img = test_shared_path("bench/bench-quick.img");
    if (!img) {
        test_skip("guest_on_ide_disk_prints_on_com1", "shared bench image absent");
        return;
    }
    if (!have_px86("guest_on_ide_disk_prints_on_com1"))
        return;
    char log[] = "/tmp/px86-com1-XXXXXX";
    int fd = mkstemp(log);
    close(fd);
    char spec[64];
    snprintf(spec, sizeof spec, "file:%s", log);
    const char *argv[] = {"px86", "-display", "none", "-boot", "c", "-hda", img,
                          "-snapshot", "-serial", spec, "-timeout", "20", NULL};
    char *out = NULL;
    test_run_px86(argv, &out, 40);
    free(out);
    FILE *f = fopen(log, "rb");
    char buf[4096] = {0};
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = 0;
    unlink(log);
    ck_assert_msg(strstr(buf, "BENCH START") != NULL, "COM1 got: %s", buf);
}
END_TEST

Suite *storage_board_suite(void)
{
    Suite *s = suite_create("storage_board");
    TCase *tc = tcase_create("storage_board");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, bad_disk_arguments_fail_clearly);
    tcase_add_test(tc, guest_on_ide_disk_prints_on_com1);
    suite_add_tcase(s, tc);
    return s;
}
