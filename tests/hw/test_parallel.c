/*
 * tests/hw/test_parallel.c — LPT1 printing the way INT 17h does it: data,
 * strobe pulse, BUSY then ACK, IRQ7 when enabled, nothing printed while
 * the printer is held in reset.
 */
#include <check.h>
#include <string.h>

#include "hw/parallel.h"
#include "stor_bus.h"

static char out[256];
static size_t outlen;
static void tap(void *o, const uint8_t *d, size_t n)
{
    (void)o;
    for (size_t i = 0; i < n && outlen < sizeof out - 1; i++)
        out[outlen++] = (char)d[i];
    out[outlen] = 0;
}

/* BIOS-style: write data, pulse strobe, wait until not busy. */
static void print_char(TestBus *tb, uint8_t c, uint8_t ctl)
{
    tb_out8(tb, 0x378, c);
    tb_out8(tb, 0x37A, ctl | 1);
    tb_out8(tb, 0x37A, ctl);
    int spins = 0;
    while (!(tb_in8(tb, 0x379) & 0x80) && spins++ < 100)
        tb_advance(tb, 1000);
    ck_assert_int_lt(spins, 100);
}

START_TEST(print_with_handshake_and_irq)
{
    TestBus *tb = tb_create();
    char err[64];
    CharDev *cd = chardev_open("null", err, sizeof err);
    outlen = 0;
    chardev_add_tap(cd, tap, NULL);
    Parallel *p = parallel_create(&tb->bus, PARALLEL_LPT1_BASE,
                                  PARALLEL_LPT1_IRQ, cd);
    ck_assert_ptr_nonnull(p);
    /* Idle printer: not busy, no ACK, selected, no error. */
    ck_assert_uint_eq(tb_in8(tb, 0x379) & 0xF8, 0xD8);
    tb_out8(tb, 0x378, 0x5A);
    ck_assert_uint_eq(tb_in8(tb, 0x378), 0x5A);
    ck_assert_uint_eq(outlen, 0); /* data alone prints nothing */
    /* Strobe: busy at once, then an ACK pulse. */
    tb_out8(tb, 0x378, 'P');
    tb_out8(tb, 0x37A, 0x0D);
    ck_assert_uint_eq(tb_in8(tb, 0x379) & 0x80, 0);
    tb_out8(tb, 0x37A, 0x0C);
    ck_assert_uint_eq(tb_in8(tb, 0x37A) & 0x1F, 0x0C);
    tb_advance(tb, 11000);
    ck_assert_uint_eq(tb_in8(tb, 0x379) & 0xC0, 0x80); /* ACK low */
    tb_advance(tb, 10000);
    ck_assert_uint_eq(tb_in8(tb, 0x379) & 0xC0, 0xC0);
    ck_assert_uint_eq(tb->irq_rises[7], 0); /* IRQ disabled */
    print_char(tb, 'C', 0x1C);
    tb_advance(tb, 10000);
    ck_assert_uint_eq(tb->irq_rises[7], 1);
    print_char(tb, '\n', 0x0C);
    /* In reset (nINIT low): strobes are ignored. */
    tb_out8(tb, 0x378, 'X');
    tb_out8(tb, 0x37A, 0x09);
    tb_out8(tb, 0x37A, 0x08);
    ck_assert_str_eq(out, "PC\n");
    parallel_destroy(p);
    chardev_close(cd);
    tb_destroy(tb);
}
END_TEST

Suite *parallel_suite(void)
{
    Suite *s = suite_create("parallel");
    TCase *tc = tcase_create("parallel");
    tcase_add_test(tc, print_with_handshake_and_irq);
    suite_add_tcase(s, tc);
    return s;
}
