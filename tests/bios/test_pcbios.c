/*
 * tests/bios/test_pcbios.c — invariants of the system BIOS image
 * roms/pcbios.bin: size, reset vector, the IBM PC/AT fixed entry points and
 * tables DOS-era software relies on, date string and model byte; and a
 * guest run of tests/bios/biostest.asm (a boot floppy checking the INT 11h-
 * 1Ah and 15h services) under px86 on each CPU model.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#define ROM_SIZE 65536

static unsigned char rom[ROM_SIZE];
static long rom_len;

static void load_rom(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/roms/pcbios.bin", test_srcdir());
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    rom_len = (long)fread(rom, 1, sizeof rom, f);
    /* Anything beyond 64 KiB would make the size check below fail. */
    if (rom_len == ROM_SIZE && fgetc(f) != EOF)
        rom_len++;
    fclose(f);
}

static unsigned rd16(unsigned off) { return rom[off] | (unsigned)rom[off + 1] << 8; }

/* Target offset of the near/short jump at off, or -1 if none is there. */
static long jump_target(unsigned off)
{
    if (rom[off] == 0xE9)
        return (long)((off + 3 + rd16(off + 1)) & 0xFFFF);
    if (rom[off] == 0xEB)
        return (long)((off + 2 + (signed char)rom[off + 1]) & 0xFFFF);
    return -1;
}

START_TEST(image_is_64k)
{
    load_rom();
    ck_assert_int_eq(rom_len, ROM_SIZE);
}
END_TEST

START_TEST(reset_vector_far_jumps_to_post)
{
    load_rom();
    ck_assert_uint_eq(rom[0xFFF0], 0xEA);           /* JMP FAR */
    ck_assert_uint_eq(rd16(0xFFF3), 0xF000);
    ck_assert_uint_eq(rd16(0xFFF1), 0xE05B);        /* IBM POST entry */
    ck_assert_int_ge(jump_target(0xE05B), 0);
}
END_TEST

/* Entry points at the addresses of the IBM PC/AT BIOS. */
static const unsigned fixed_entries[] = {
    0xE05B, /* POST */
    0xE2C3, /* NMI */
    0xE6F2, /* INT 19h */
    0xE739, /* INT 14h */
    0xE82E, /* INT 16h */
    0xE987, /* INT 09h */
    0xEC59, /* INT 13h diskette / INT 40h */
    0xEF57, /* INT 0Eh */
    0xEFD2, /* INT 17h */
    0xF065, /* INT 10h */
    0xF841, /* INT 12h */
    0xF84D, /* INT 11h */
    0xF859, /* INT 15h */
    0xFE6E, /* INT 1Ah */
    0xFEA5, /* INT 08h */
    0xFF54, /* INT 05h */
};

START_TEST(fixed_entry_points_jump_into_the_rom_code)
{
    load_rom();
    for (size_t i = 0; i < sizeof fixed_entries / sizeof fixed_entries[0]; i++) {
        long t = jump_target(fixed_entries[i]);
        ck_assert_msg(t >= 0, "no jump at F000:%04X", fixed_entries[i]);
        /* Service code lives below the fixed area and is not padding. */
        ck_assert_msg(t < 0xE05B, "F000:%04X jumps to %04lX", fixed_entries[i], t);
        ck_assert_msg(rom[t] != 0xFF, "F000:%04X jumps into padding", fixed_entries[i]);
    }
    ck_assert_uint_eq(rom[0xFF53], 0xCF);           /* the dummy IRET */
}
END_TEST

START_TEST(date_and_model_byte)
{
    load_rom();
    const unsigned char *d = rom + 0xFFF5;          /* "MM/DD/YY" */
    for (int i = 0; i < 8; i++) {
        if (i == 2 || i == 5)
            ck_assert_uint_eq(d[i], '/');
        else
            ck_assert_msg(d[i] >= '0' && d[i] <= '9', "date char %d is %02X", i, d[i]);
    }
    int month = (d[0] - '0') * 10 + (d[1] - '0');
    int day = (d[3] - '0') * 10 + (d[4] - '0');
    ck_assert_int_ge(month, 1);
    ck_assert_int_le(month, 12);
    ck_assert_int_ge(day, 1);
    ck_assert_int_le(day, 31);
    ck_assert_uint_eq(rom[0xFFFE], 0xFC);           /* PC/AT model byte */
}
END_TEST

START_TEST(configuration_table_matches_model)
{
    load_rom();
    /* INT 15h AH=C0h table at F000:E6F5: length word, model, submodel. */
    ck_assert_uint_ge(rd16(0xE6F5), 8);
    ck_assert_uint_eq(rom[0xE6F7], rom[0xFFFE]);
    /* feature byte 1: second 8259 (bit 6) and RTC (bit 5) present */
    ck_assert_uint_eq(rom[0xE6FA] & 0x60, 0x60);
}
END_TEST

START_TEST(diskette_parameter_table)
{
    load_rom();
    const unsigned char *t = rom + 0xEFC7;
    ck_assert_uint_eq(t[3], 2);                     /* 512-byte sectors */
    ck_assert_uint_eq(t[4], 18);                    /* 1.44 MB: 18 per track */
    ck_assert_uint_ne(t[2], 0);                     /* motor-off delay */
}
END_TEST

START_TEST(font_has_blank_nul_and_drawn_letters)
{
    load_rom();
    const unsigned char *f = rom + 0xFA6E;
    int nul = 0, a = 0;
    for (int i = 0; i < 8; i++) {
        nul |= f[i];
        a |= f['A' * 8 + i];
    }
    ck_assert_int_eq(nul, 0);
    ck_assert_int_ne(a, 0);
    /* 'A' and 'B' differ */
    ck_assert_int_ne(memcmp(f + 'A' * 8, f + 'B' * 8, 8), 0);
}
END_TEST

START_TEST(baud_divisors)
{
    load_rom();
    /* 1.8432 MHz / 16 / divisor: 110 ... 9600 baud */
    static const unsigned baud[8] = {110, 150, 300, 600, 1200, 2400, 4800, 9600};
    for (int i = 0; i < 8; i++) {
        unsigned div = rd16(0xE729 + 2 * i);
        ck_assert_uint_ne(div, 0);
        unsigned got = 115200 / div;
        ck_assert_msg(got + 1 >= baud[i] && got <= baud[i] + 1, "divisor %u for %u baud", div, baud[i]);
    }
}
END_TEST

/* Boot build/tests/bios/biostest.bin under px86 with -cpu model.  The
 * program prints "BIOSTEST PASS" or "BIOSTEST FAIL" on the debug console.
 * If the machine never gets as far as the test's title line, the BIOS is
 * not what failed: report a SKIP instead. */
static void run_biostest(const char *model)
{
    char img[4096];
    snprintf(img, sizeof img, "%s/tests/bios/biostest.bin", test_builddir());
    FILE *f = fopen(img, "rb");
    if (!f) {
        test_skip("pcbios biostest", "build/tests/bios/biostest.bin not built");
        return;
    }
    fclose(f);
    const char *argv[] = {"px86", "-cpu", model, "-m", "16", "-fda", img, "-display", "none",
                          "-debugcon", "stdio", "-device", "isa-debug-exit", "-snapshot",
                          "-clock", "virtual", "-timeout", "30", NULL};
    char *out = NULL;
    int rc = test_run_px86(argv, &out, 60);
    if (rc < 0 || !out) {
        free(out);
        test_skip("pcbios biostest", "px86 could not be run");
        return;
    }
    if (!strstr(out, "px86 BIOS test")) {
        char why[64];
        snprintf(why, sizeof why, "px86 -cpu %s did not reach the test program", model);
        test_skip("pcbios biostest", why);
        free(out);
        return;
    }
    ck_assert_msg(strstr(out, "BIOSTEST PASS") != NULL, "-cpu %s:\n%s", model, out);
    free(out);
}

START_TEST(biostest_486) { run_biostest("486"); }
END_TEST

START_TEST(biostest_all_models)
{
    if (!test_long())
        return;
    static const char *const models[] = {"8086", "186", "286", "386", "386,nofpu", "486sx"};
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++)
        run_biostest(models[i]);
}
END_TEST

Suite *pcbios_suite(void)
{
    Suite *s = suite_create("pcbios");
    TCase *tc = tcase_create("rom");
    tcase_add_test(tc, image_is_64k);
    tcase_add_test(tc, reset_vector_far_jumps_to_post);
    tcase_add_test(tc, fixed_entry_points_jump_into_the_rom_code);
    tcase_add_test(tc, date_and_model_byte);
    tcase_add_test(tc, configuration_table_matches_model);
    tcase_add_test(tc, diskette_parameter_table);
    tcase_add_test(tc, font_has_blank_nul_and_drawn_letters);
    tcase_add_test(tc, baud_divisors);
    suite_add_tcase(s, tc);
    TCase *guest = tcase_create("guest");
    tcase_set_timeout(guest, 600);
    tcase_add_test(guest, biostest_486);
    tcase_add_test(guest, biostest_all_models);
    suite_add_tcase(s, guest);
    return s;
}
