/*
 * tests/hw/test_fwcfg.c — the fw_cfg interface as SeaBIOS uses it: select
 * through port 510h (16-bit), read bytes from 511h; signature, feature
 * bitmap, the big-endian file directory and a file's contents.
 */
#include <check.h>
#include <string.h>

#include "hw/fwcfg.h"
#include "plat_bus.h"

static PlatBus *pb;
static FwCfg *fw;

static void setup(void)
{
    pb = pb_create();
    fw = fwcfg_create(&pb->bus);
    ck_assert_ptr_nonnull(fw);
}

static void teardown(void)
{
    fwcfg_destroy(fw);
    pb_destroy(pb);
}

static void sel(uint16_t key) { pb_out(pb, 0x510, key, 2); }

static void rd(uint8_t *buf, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = pb_in8(pb, 0x511);
}

START_TEST(signature_and_id)
{
    uint8_t b[4];
    sel(0x0000);
    rd(b, 4);
    ck_assert(memcmp(b, "QEMU", 4) == 0);
    sel(0x0001);
    rd(b, 4);
    ck_assert_uint_eq(b[0] & 1, 1);
    sel(0x0000); /* reselecting rewinds */
    rd(b, 1);
    ck_assert_uint_eq(b[0], 'Q');
    sel(0x1234); /* unknown item and past the end read 0 */
    rd(b, 2);
    ck_assert_uint_eq(b[0] | b[1], 0);
}
END_TEST

START_TEST(file_directory)
{
    static const uint8_t rom[5] = {0x55, 0xAA, 1, 2, 3};
    ck_assert_int_eq(fwcfg_add_file(fw, "vgaroms/vgabios.bin", rom, 5), 0);
    uint8_t d[4 + 64];
    sel(0x0019);
    rd(d, sizeof d);
    ck_assert_uint_eq(d[0] | d[1] | d[2], 0);
    ck_assert_uint_eq(d[3], 1);                        /* count, BE */
    ck_assert_uint_eq(d[4 + 3], 5);                    /* size, BE */
    uint16_t key = (uint16_t)(d[4 + 4] << 8 | d[4 + 5]); /* select, BE */
    ck_assert_str_eq((const char *)d + 4 + 8, "vgaroms/vgabios.bin");
    uint8_t b[6];
    sel(key);
    rd(b, 6);
    ck_assert(memcmp(b, rom, 5) == 0);
    ck_assert_uint_eq(b[5], 0);
}
END_TEST

Suite *fwcfg_suite(void)
{
    Suite *s = suite_create("fwcfg");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, signature_and_id);
    tcase_add_test(tc, file_directory);
    suite_add_tcase(s, tc);
    return s;
}
