/*
 * tests/hw/test_uart.c — the 16550A as a BIOS/OS serial driver programs it:
 * divisor latch, paced transmission, FIFOs, interrupt priorities and the
 * OUT2 gate, receive trigger and timeout, loopback, overrun, save/load.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/uart16550.h"
#include "stor_bus.h"

#define B 0x3F8
enum { RBR = 0, IER = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };

static TestBus *tb;
static CharDev *cd;
static Uart *u;
static char out[4096];
static size_t outlen;

static void tap(void *o, const uint8_t *d, size_t n)
{
    (void)o;
    for (size_t i = 0; i < n && outlen < sizeof out - 1; i++)
        out[outlen++] = (char)d[i];
    out[outlen] = 0;
}

static void setup(void)
{
    char err[128];
    tb = tb_create();
    cd = chardev_open("null", err, sizeof err);
    chardev_add_tap(cd, tap, NULL);
    outlen = 0;
    out[0] = 0;
    u = uart_create_com(&tb->bus, 0, cd);
    ck_assert_ptr_nonnull(u);
}

static void teardown(void)
{
    uart_destroy(u);
    chardev_close(cd);
    tb_destroy(tb);
}

static void set_baud(unsigned divisor, uint8_t lcr)
{
    tb_out8(tb, B + LCR, 0x80);
    tb_out8(tb, B + 0, (uint8_t)divisor);
    tb_out8(tb, B + 1, (uint8_t)(divisor >> 8));
    tb_out8(tb, B + LCR, lcr);
}

START_TEST(reset_state_and_registers)
{
    ck_assert_uint_eq(tb_in8(tb, B + LSR), 0x60);
    ck_assert_uint_eq(tb_in8(tb, B + IIR), 0x01);
    ck_assert_uint_eq(tb_in8(tb, B + MSR) & 0xF0, 0xB0);
    tb_out8(tb, B + SCR, 0x5A);
    ck_assert_uint_eq(tb_in8(tb, B + SCR), 0x5A);
    set_baud(0x0180, 0x1B);
    tb_out8(tb, B + LCR, 0x9B);
    ck_assert_uint_eq(tb_in8(tb, B + 0), 0x80);
    ck_assert_uint_eq(tb_in8(tb, B + 1), 0x01);
    tb_out8(tb, B + LCR, 0x1B);
    ck_assert_uint_eq(tb_in8(tb, B + LCR), 0x1B);
    ck_assert_uint_eq(tb_in8(tb, B + IER), 0);
    /* Unrelated ports are not claimed. */
    ck_assert_uint_eq(tb_in8(tb, 0x2F8 + LSR), 0xFF);
}
END_TEST

START_TEST(transmit_paced_by_divisor)
{
    set_baud(12, 0x03); /* 9600 8N1: 10 bits = 1.0417 ms per char */
    tb_out8(tb, B + 0, 'A');
    ck_assert_uint_eq(outlen, 0);
    /* 16450 mode: THR empties into the shift register at once. */
    ck_assert_uint_eq(tb_in8(tb, B + LSR) & 0x60, 0x20);
    tb_out8(tb, B + 0, 'B');
    ck_assert_uint_eq(tb_in8(tb, B + LSR) & 0x60, 0x00);
    tb_advance(tb, 1000000);
    ck_assert_uint_eq(outlen, 0);
    tb_advance(tb, 50000);
    ck_assert_str_eq(out, "A");
    ck_assert_uint_eq(tb_in8(tb, B + LSR) & 0x60, 0x20);
    tb_advance(tb, 1100000);
    ck_assert_str_eq(out, "AB");
    ck_assert_uint_eq(tb_in8(tb, B + LSR) & 0x60, 0x60);
}
END_TEST

START_TEST(fifo_transmit_never_loses_bytes)
{
    set_baud(1, 0x03);
    tb_out8(tb, B + FCR, 0x07);
    ck_assert_uint_eq(tb_in8(tb, B + IIR) & 0xC0, 0xC0);
    char msg[64];
    for (int i = 0; i < 50; i++)
        msg[i] = (char)('!' + i);
    msg[50] = 0;
    for (int i = 0; i < 50; i++)
        tb_out8(tb, B + 0, (uint8_t)msg[i]);
    ck_assert_uint_lt(outlen, 50);
    tb_advance(tb, 100000000);
    ck_assert_str_eq(out, msg);
    ck_assert_uint_eq(tb_in8(tb, B + LSR) & 0x60, 0x60);
}
END_TEST

START_TEST(thre_interrupt_gated_by_out2)
{
    set_baud(1, 0x03);
    tb_out8(tb, B + IER, 0x02);
    /* Pending in IIR, but OUT2 is off: the ISA line stays low. */
    ck_assert(!tb->irq[4]);
    tb_out8(tb, B + MCR, 0x08);
    ck_assert(tb->irq[4]);
    ck_assert_uint_eq(tb_in8(tb, B + IIR), 0x02);
    ck_assert(!tb->irq[4]); /* reading IIR cleared THRE */
    ck_assert_uint_eq(tb_in8(tb, B + IIR), 0x01);
    tb_out8(tb, B + 0, 'x');
    /* Moved to the shift register: THR empty again. */
    ck_assert(tb->irq[4]);
    tb_out8(tb, B + 0, 'y');
    ck_assert(!tb->irq[4]);
    tb_advance(tb, 200000);
    ck_assert(tb->irq[4]);
    ck_assert_str_eq(out, "xy");
    tb_out8(tb, B + MCR, 0x00);
    ck_assert(!tb->irq[4]);
}
END_TEST

START_TEST(receive_trigger_and_timeout)
{
    set_baud(1, 0x03);
    tb_out8(tb, B + FCR, 0x41); /* FIFO, trigger 4 */
    tb_out8(tb, B + IER, 0x01);
    tb_out8(tb, B + MCR, 0x08);
    chardev_inject(cd, (const uint8_t *)"hello", 5);
    tb_advance(tb, 1000000); /* first poll */
    tb_advance(tb, 300000);
    ck_assert(tb->irq[4]);
    ck_assert_uint_eq(tb_in8(tb, B + IIR), 0xC4);
    char got[8] = {0};
    int n = 0;
    while (tb_in8(tb, B + LSR) & 1)
        got[n++] = (char)tb_in8(tb, B + RBR);
    ck_assert_int_ge(n, 4);
    ck_assert(!tb->irq[4]);
    if (n < 5) {
        /* The last byte arrives below the trigger: character timeout. */
        tb_advance(tb, 1000000);
        ck_assert(tb->irq[4]);
        ck_assert_uint_eq(tb_in8(tb, B + IIR), 0xCC);
        got[n++] = (char)tb_in8(tb, B + RBR);
        ck_assert(!tb->irq[4]);
    }
    ck_assert_str_eq(got, "hello");
    ck_assert_uint_eq(tb_in8(tb, B + LSR) & 1, 0);
}
END_TEST

START_TEST(input_never_overruns)
{
    set_baud(1, 0x03); /* 16450 mode: one byte at a time */
    uint8_t data[40];
    for (int i = 0; i < 40; i++)
        data[i] = (uint8_t)(i + 1);
    chardev_inject(cd, data, 40);
    tb_advance(tb, 50000000); /* the guest does not read for a long time */
    ck_assert_uint_eq(tb_in8(tb, B + LSR) & 0x03, 0x01);
    for (int i = 0; i < 40; i++) {
        for (int k = 0; k < 100 && !(tb_in8(tb, B + LSR) & 1); k++)
            tb_advance(tb, 100000);
        uint8_t lsr = tb_in8(tb, B + LSR);
        ck_assert_uint_eq(lsr & 0x03, 0x01);
        ck_assert_uint_eq(tb_in8(tb, B + RBR), data[i]);
    }
}
END_TEST

START_TEST(loopback_data_modem_lines_and_overrun)
{
    set_baud(1, 0x03);
    tb_out8(tb, B + MCR, 0x10);
    ck_assert_uint_eq(tb_in8(tb, B + MSR) & 0xF0, 0x00);
    tb_out8(tb, B + IER, 0x08 | 0x04);
    tb_out8(tb, B + MCR, 0x10 | 0x08 | 0x01); /* DTR, OUT2 */
    ck_assert(!tb->irq[4]); /* OUT2 pin is inactive in loopback */
    ck_assert_uint_eq(tb_in8(tb, B + IIR), 0x00);
    uint8_t msr = tb_in8(tb, B + MSR);
    ck_assert_uint_eq(msr, 0x80 | 0x20 | 0x02 | 0x08); /* DCD DSR, deltas */
    ck_assert_uint_eq(tb_in8(tb, B + MSR), 0xA0);
    ck_assert_uint_eq(tb_in8(tb, B + IIR), 0x01);
    /* RI trailing edge sets TERI. */
    tb_out8(tb, B + MCR, 0x10 | 0x08 | 0x01 | 0x04);
    tb_in8(tb, B + MSR);
    tb_out8(tb, B + MCR, 0x10 | 0x08 | 0x01);
    ck_assert_uint_eq(tb_in8(tb, B + MSR) & 0x04, 0x04);
    /* Data loops back and does not reach the host. */
    tb_out8(tb, B + 0, 0x42);
    tb_advance(tb, 200000);
    ck_assert_uint_eq(outlen, 0);
    ck_assert_uint_eq(tb_in8(tb, B + LSR) & 1, 1);
    ck_assert_uint_eq(tb_in8(tb, B + RBR), 0x42);
    /* Overrun without a FIFO: line status interrupt, highest priority. */
    tb_out8(tb, B + 0, 1);
    tb_out8(tb, B + 0, 2);
    tb_advance(tb, 300000);
    ck_assert_uint_eq(tb_in8(tb, B + IIR), 0x06);
    ck_assert_uint_eq(tb_in8(tb, B + LSR) & 0x03, 0x03);
    ck_assert_uint_eq(tb_in8(tb, B + LSR) & 0x02, 0);
    ck_assert_uint_eq(tb_in8(tb, B + RBR), 1);
}
END_TEST

START_TEST(save_load_roundtrip)
{
    set_baud(3, 0x1F);
    tb_out8(tb, B + SCR, 0x77);
    tb_out8(tb, B + FCR, 0x81);
    FILE *f = tmpfile();
    StateWriter w = {f, 0};
    Device d = uart_device(u);
    ck_assert_int_eq(d.save(d.self, &w), 0);
    uart_reset(u);
    ck_assert_uint_eq(tb_in8(tb, B + SCR), 0);
    rewind(f);
    StateReader r = {f, 0};
    ck_assert_int_eq(d.load(d.self, &r), 0);
    fclose(f);
    ck_assert_uint_eq(tb_in8(tb, B + SCR), 0x77);
    ck_assert_uint_eq(tb_in8(tb, B + LCR), 0x1F);
    ck_assert_uint_eq(tb_in8(tb, B + IIR), 0xC1);
}
END_TEST

Suite *uart_suite(void)
{
    Suite *s = suite_create("uart");
    TCase *tc = tcase_create("uart");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, reset_state_and_registers);
    tcase_add_test(tc, transmit_paced_by_divisor);
    tcase_add_test(tc, fifo_transmit_never_loses_bytes);
    tcase_add_test(tc, thre_interrupt_gated_by_out2);
    tcase_add_test(tc, receive_trigger_and_timeout);
    tcase_add_test(tc, input_never_overruns);
    tcase_add_test(tc, loopback_data_modem_lines_and_overrun);
    tcase_add_test(tc, save_load_roundtrip);
    suite_add_tcase(s, tc);
    return s;
}
