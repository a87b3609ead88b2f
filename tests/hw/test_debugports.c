/*
 * tests/hw/test_debugports.c — the small ports: debug console (0xE9),
 * isa-debug-exit (1/2/4-byte variants, QEMU's status formula) and the
 * FPU error clear port (0xF0).
 */
#include <check.h>
#include <string.h>

#include "hw/debugcon.h"
#include "hw/debugexit.h"
#include "hw/fpuport.h"
#include "plat_bus.h"

static PlatBus *pb;
static char out[64];
static unsigned nout;

static void capture(void *opaque, uint8_t b)
{
    (void)opaque;
    if (nout < sizeof out - 1)
        out[nout++] = (char)b;
}

static void setup(void)
{
    pb = pb_create();
    nout = 0;
    memset(out, 0, sizeof out);
}

static void teardown(void) { pb_destroy(pb); }

START_TEST(debugcon_bytes_out)
{
    Debugcon *dc = debugcon_create(&pb->bus, 0xE9, capture, NULL);
    ck_assert_ptr_nonnull(dc);
    const char *msg = "Hello\n";
    for (const char *p = msg; *p; p++)
        pb_out8(pb, 0xE9, (uint8_t)*p);
    ck_assert_str_eq(out, msg);
    ck_assert_uint_eq(debugcon_bytes(dc), 6);
    ck_assert_uint_eq(pb_in8(pb, 0xE9), 0xE9);
    /* A word write splits: the low byte is ours, the high byte goes to 0xEA. */
    pb_out(pb, 0xE9, 0x4241, 2);
    ck_assert_str_eq(out, "Hello\nA");
    /* A second console on the same port is refused. */
    ck_assert_ptr_null(debugcon_create(&pb->bus, 0xE9, capture, NULL));
    debugcon_destroy(dc);
    ck_assert_uint_eq(pb_in8(pb, 0xE9), 0xFF);
}
END_TEST

START_TEST(debug_exit_status)
{
    DebugExit *de = debugexit_create(&pb->bus, 0xF4, 1);
    ck_assert_ptr_nonnull(de);
    pb_out8(pb, 0xF4, 0x10);
    ck_assert_uint_eq(pb->exits, 1);
    ck_assert_int_eq(pb->exit_status, 0x21);
    pb_out8(pb, 0xF4, 0x00);
    ck_assert_int_eq(pb->exit_status, 1);
    debugexit_destroy(de);
    /* iosize 2: a word write is one exit with the whole value. */
    de = debugexit_create(&pb->bus, 0xF4, 2);
    pb->exits = 0;
    pb_out(pb, 0xF4, 0x0102, 2);
    ck_assert_uint_eq(pb->exits, 1);
    ck_assert_int_eq(pb->exit_status, 0x205);
    debugexit_destroy(de);
    de = debugexit_create(&pb->bus, 0x501, 4);
    pb_out(pb, 0x501, 0x3FFFFFFF, 4);
    ck_assert_int_eq(pb->exit_status, 0x7FFFFFFF);
    debugexit_destroy(de);
    ck_assert_ptr_null(debugexit_create(&pb->bus, 0xF4, 3));
}
END_TEST

START_TEST(fpu_port_clears_ferr)
{
    FpuPort *fp = fpuport_create(&pb->bus);
    ck_assert_ptr_nonnull(fp);
    ck_assert_uint_eq(pb->ferr_clears, 0);
    pb_out8(pb, 0xF0, 0x00);
    ck_assert_uint_eq(pb->ferr_clears, 1);
    pb_out8(pb, 0xF1, 0x00);                 /* not ours */
    ck_assert_uint_eq(pb->ferr_clears, 1);
    fpuport_destroy(fp);
}
END_TEST

Suite *debugports_suite(void)
{
    Suite *s = suite_create("debugports");
    TCase *tc = tcase_create("debugports");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, debugcon_bytes_out);
    tcase_add_test(tc, debug_exit_status);
    tcase_add_test(tc, fpu_port_clears_ferr);
    suite_add_tcase(s, tc);
    return s;
}
