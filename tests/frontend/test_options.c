/*
 * tests/frontend/test_options.c — the command line: every option parses
 * into the configuration, bad values give one clear message.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/options.h"

static int parse(Options *o, char *err, int n, ...);

#include <stdarg.h>
static int parse(Options *o, char *err, int n, ...)
{
    char *argv[40];
    va_list ap;
    va_start(ap, n);
    argv[0] = "px86";
    for (int i = 0; i < n; i++)
        argv[i + 1] = va_arg(ap, char *);
    va_end(ap);
    err[0] = 0;
    return options_parse(n + 1, argv, o, err, 256);
}

START_TEST(defaults)
{
    Options o;
    char err[256];
    ck_assert_int_eq(parse(&o, err, 0), 0);
    ck_assert_int_eq(o.machine.cpu.model, CPU_486);
    ck_assert(o.machine.cpu.fpu);
    ck_assert_uint_eq(o.machine.ram_mb, 16);
    ck_assert_str_eq(o.machine.boot_order, "ac");
    ck_assert_int_eq(o.machine.clock, GUEST_CLOCK_REALTIME);
    ck_assert_ptr_null(o.display);
}
END_TEST

START_TEST(machine_options)
{
    Options o;
    char err[256];
    ck_assert_int_eq(parse(&o, err, 22, "-cpu", "286", "-m", "64M", "-fda", "a.img",
                           "-hda", "c.img", "-cdrom", "x.iso", "-boot", "dc",
                           "-bios", "b.bin", "--vgabios", "v.bin",
                           "-no-reboot", "-snapshot", "-clock", "virtual,mips=50",
                           "-device", "isa-debug-exit,iobase=0x501,iosize=2"), 0);
    ck_assert_int_eq(o.machine.cpu.model, CPU_286);
    ck_assert(!o.machine.cpu.fpu);
    ck_assert_uint_eq(o.machine.ram_mb, 64);
    ck_assert_str_eq(o.machine.fd[0], "a.img");
    ck_assert_str_eq(o.machine.hd[0], "c.img");
    ck_assert_str_eq(o.machine.cdrom, "x.iso");
    ck_assert_str_eq(o.machine.boot_order, "dc");
    ck_assert_str_eq(o.machine.bios_path, "b.bin");
    ck_assert_str_eq(o.machine.vgabios_path, "v.bin");
    ck_assert(o.machine.no_reboot && o.machine.snapshot && o.machine.debug_exit);
    ck_assert_uint_eq(o.machine.debug_exit_port, 0x501);
    ck_assert_int_eq(o.machine.clock, GUEST_CLOCK_VIRTUAL);
    ck_assert_uint_eq(o.machine.virtual_mips, 50);
}
END_TEST

START_TEST(io_and_run_options)
{
    Options o;
    char err[256];
    ck_assert_int_eq(parse(&o, err, 16, "-serial", "stdio", "-serial", "file:/tmp/x",
                           "-parallel", "file:/tmp/lpt", "-debugcon", "stdio",
                           "-display", "sdl,aspect=square,scale=integer",
                           "-script", "s.txt", "-timeout", "2.5", "-m", "1G"), 0);
    ck_assert_str_eq(o.machine.serial[0], "stdio");
    ck_assert_str_eq(o.machine.serial[1], "file:/tmp/x");
    ck_assert_str_eq(o.machine.parallel, "file:/tmp/lpt");
    ck_assert_str_eq(o.machine.debugcon, "stdio");
    ck_assert_str_eq(o.display, "sdl");
    ck_assert(o.frontend.square_pixels && o.frontend.integer_scale);
    ck_assert_str_eq(o.script, "s.txt");
    ck_assert(o.timeout_s == 2.5);
    ck_assert_uint_eq(o.machine.ram_mb, 1024);
    ck_assert_int_eq(parse(&o, err, 1, "-nographic"), 0);
    ck_assert_str_eq(o.display, "none");
    ck_assert_str_eq(o.machine.serial[0], "stdio");
}
END_TEST

START_TEST(bad_values_are_one_clear_line)
{
    Options o;
    char err[256];
    ck_assert_int_eq(parse(&o, err, 2, "-cpu", "pentium"), -1);
    ck_assert(strstr(err, "unknown CPU model 'pentium'"));
    ck_assert_int_eq(parse(&o, err, 2, "-m", "0"), -1);
    ck_assert(strstr(err, "impossible") || strstr(err, "not a memory size"));
    ck_assert_int_eq(parse(&o, err, 2, "-m", "lots"), -1);
    ck_assert_int_eq(parse(&o, err, 2, "-m", "5000"), -1);
    ck_assert_int_eq(parse(&o, err, 2, "-m", "1.5"), -1);
    ck_assert_int_eq(parse(&o, err, 1, "-fda"), -1);
    ck_assert(strstr(err, "needs an argument"));
    ck_assert_int_eq(parse(&o, err, 1, "-frobnicate"), -1);
    ck_assert(strstr(err, "unknown option '-frobnicate'"));
    ck_assert_int_eq(parse(&o, err, 2, "-boot", "z"), -1);
    ck_assert_int_eq(parse(&o, err, 2, "-display", "gtk"), -1);
    ck_assert_int_eq(parse(&o, err, 2, "-clock", "fast"), -1);
    ck_assert_int_eq(parse(&o, err, 2, "-device", "sb16"), -1);
    ck_assert_int_eq(parse(&o, err, 2, "-timeout", "-3"), -1);
    ck_assert_int_eq(parse(&o, err, 1, "disk.img"), -1);
    ck_assert(strstr(err, "-fda disk.img"));
    ck_assert(strchr(err, '\n') == NULL);
    ck_assert_int_eq(parse(&o, err, 10, "-serial", "a", "-serial", "b", "-serial", "c",
                           "-serial", "d", "-serial", "e"), -1);
}
END_TEST

START_TEST(help_lists_every_option)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    options_usage(f);
    fclose(f);
    const char *must[] = {"-cpu", "-m ", "-fda", "-fdb", "-hda", "-hdd", "-cdrom",
                          "-boot", "-bios", "-vgabios", "-display", "-serial",
                          "-parallel", "-debugcon", "-device", "-no-reboot",
                          "-snapshot", "-gdb", "-S ", "-clock", "-script",
                          "-timeout", "-help", "-version", "Ctrl+Alt", "Ctrl-]"};
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
        ck_assert_msg(strstr(buf, must[i]), "--help lacks %s", must[i]);
    free(buf);
}
END_TEST

Suite *options_suite(void)
{
    Suite *s = suite_create("options");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, defaults);
    tcase_add_test(tc, machine_options);
    tcase_add_test(tc, io_and_run_options);
    tcase_add_test(tc, bad_values_are_one_clear_line);
    tcase_add_test(tc, help_lists_every_option);
    suite_add_tcase(s, tc);
    return s;
}
