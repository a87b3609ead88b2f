/*
 * tests/hw/test_rtc.c — the MC146818A as BIOS INT 1Ah and OS drivers use
 * it: fixed-date start, BCD/binary and 12/24 h formats, setting the time
 * under SET, calendar rollover, the UIP window, update/alarm/periodic
 * interrupts and rates, divider reset, NMI mask, CMOS RAM, checksum, NVRAM
 * file, save/load.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/rtc.h"
#include "plat_bus.h"

static PlatBus *pb;
static Rtc *rtc;

#define MS 1000000ull

static void setup(void)
{
    pb = pb_create();
    RtcConfig cfg = {.use_fixed_time = true, .fixed_time = RTC_Y2K_EPOCH};
    rtc = rtc_create(&pb->bus, &cfg);
    ck_assert_ptr_nonnull(rtc);
}

static void teardown(void)
{
    rtc_destroy(rtc);
    pb_destroy(pb);
}

static uint8_t rd(uint8_t idx)
{
    pb_out8(pb, 0x70, idx);
    return pb_in8(pb, 0x71);
}

static void wr(uint8_t idx, uint8_t v)
{
    pb_out8(pb, 0x70, idx);
    pb_out8(pb, 0x71, v);
}

START_TEST(fixed_y2k_start_bcd)
{
    ck_assert_uint_eq(rd(0x00), 0x00);
    ck_assert_uint_eq(rd(0x02), 0x00);
    ck_assert_uint_eq(rd(0x04), 0x00);
    ck_assert_uint_eq(rd(0x06), 7);        /* Saturday */
    ck_assert_uint_eq(rd(0x07), 0x01);
    ck_assert_uint_eq(rd(0x08), 0x01);
    ck_assert_uint_eq(rd(0x09), 0x00);
    ck_assert_uint_eq(rd(0x32), 0x20);
    ck_assert_uint_eq(rd(0x0A), 0x26);
    ck_assert_uint_eq(rd(0x0B), 0x02);
    ck_assert_uint_eq(rd(0x0D), 0x80);
    pb_advance(pb, 61 * NS_PER_SEC + 500 * MS);
    ck_assert_uint_eq(rd(0x00), 0x01);
    ck_assert_uint_eq(rd(0x02), 0x01);
    pb_advance(pb, 3600 * NS_PER_SEC * 13);
    ck_assert_uint_eq(rd(0x04), 0x13);
    ck_assert_int_eq(rtc_time(rtc), RTC_Y2K_EPOCH + 61 + 13 * 3600);
}
END_TEST

START_TEST(uip_window_before_update)
{
    /* Updates come each second after creation (t = 0). */
    pb_advance(pb, NS_PER_SEC - 300000);
    ck_assert_uint_eq(rd(0x0A) & 0x80, 0);
    ck_assert_uint_eq(rd(0x00), 0x00);
    pb_advance(pb, 100000);                /* 200 us before */
    ck_assert_uint_eq(rd(0x0A) & 0x80, 0x80);
    pb_advance(pb, 200000);                /* the update */
    ck_assert_uint_eq(rd(0x0A) & 0x80, 0);
    ck_assert_uint_eq(rd(0x00), 0x01);
    /* A BIOS-style wait: poll UIP 1 -> 0, then read. */
    unsigned polls = 0;
    while (!(rd(0x0A) & 0x80)) {
        pb_advance(pb, 50000);
        polls++;
    }
    while (rd(0x0A) & 0x80)
        pb_advance(pb, 10000);
    ck_assert(polls > 19000 && polls < 20100);
    ck_assert_uint_eq(rd(0x00), 0x02);
}
END_TEST

START_TEST(formats_binary_and_12h)
{
    pb_advance(pb, (13 * 3600 + 5 * 60 + 9) * NS_PER_SEC + 1);
    ck_assert_uint_eq(rd(0x04), 0x13);
    wr(0x0B, 0x06);                          /* binary, 24 h */
    ck_assert_uint_eq(rd(0x04), 13);
    ck_assert_uint_eq(rd(0x02), 5);
    ck_assert_uint_eq(rd(0x00), 9);
    wr(0x0B, 0x00);                          /* BCD, 12 h */
    ck_assert_uint_eq(rd(0x04), 0x81);       /* 1 PM */
    wr(0x0B, 0x04);                          /* binary, 12 h */
    ck_assert_uint_eq(rd(0x04), 0x81);
    pb_advance(pb, 11 * 3600 * NS_PER_SEC);  /* 00:05 next day */
    ck_assert_uint_eq(rd(0x04), 12);         /* 12 AM */
    ck_assert_uint_eq(rd(0x07), 2);
}
END_TEST

static void set_time(uint8_t yy, uint8_t mo, uint8_t dd, uint8_t hh,
                     uint8_t mi, uint8_t ss)
{
    wr(0x0B, rd(0x0B) | 0x80);
    wr(0x09, yy);
    wr(0x08, mo);
    wr(0x07, dd);
    wr(0x04, hh);
    wr(0x02, mi);
    wr(0x00, ss);
    wr(0x0B, rd(0x0B) & 0x7F);
}

START_TEST(set_time_and_rollover)
{
    set_time(0x23, 0x12, 0x31, 0x23, 0x59, 0x58);
    pb_advance(pb, 500 * MS);
    ck_assert_uint_eq(rd(0x00), 0x58);     /* held under SET, phase kept */
    pb_advance(pb, 2 * NS_PER_SEC);
    ck_assert_uint_eq(rd(0x00), 0x00);
    ck_assert_uint_eq(rd(0x04), 0x00);
    ck_assert_uint_eq(rd(0x07), 0x01);
    ck_assert_uint_eq(rd(0x08), 0x01);
    ck_assert_uint_eq(rd(0x09), 0x24);
    ck_assert_uint_eq(rd(0x06), 2);        /* 2024-01-01 was a Monday */
    /* Leap day. */
    set_time(0x24, 0x02, 0x28, 0x23, 0x59, 0x59);
    pb_advance(pb, NS_PER_SEC);
    ck_assert_uint_eq(rd(0x07), 0x29);
    ck_assert_uint_eq(rd(0x08), 0x02);
    /* Non-leap 2023: Feb 28 -> Mar 1. */
    set_time(0x23, 0x02, 0x28, 0x23, 0x59, 0x59);
    pb_advance(pb, NS_PER_SEC);
    ck_assert_uint_eq(rd(0x07), 0x01);
    ck_assert_uint_eq(rd(0x08), 0x03);
}
END_TEST

START_TEST(set_stops_clock_and_clears_uie)
{
    wr(0x0B, 0x12);
    wr(0x0B, 0x92);
    ck_assert_uint_eq(rd(0x0B), 0x82);
    pb_advance(pb, 5 * NS_PER_SEC);
    ck_assert_uint_eq(rd(0x00), 0x00);
    ck_assert_uint_eq(rd(0x0A) & 0x80, 0); /* no UIP while SET */
    ck_assert(!pb->irq[8]);
    wr(0x0B, 0x02);
    pb_advance(pb, NS_PER_SEC);
    ck_assert_uint_eq(rd(0x00), 0x01);
}
END_TEST

START_TEST(update_ended_interrupt)
{
    wr(0x0B, 0x12);                         /* UIE */
    ck_assert_uint_eq(rd(0x0C), 0x00);
    pb_advance(pb, NS_PER_SEC);
    ck_assert(pb->irq[8]);
    ck_assert_uint_eq(pb->irq_rises[8], 1);
    ck_assert_uint_eq(pb->irq_rise_time[8][0], NS_PER_SEC);
    /* Without reading C the line stays high: no new edges. */
    pb_advance(pb, 3 * NS_PER_SEC);
    ck_assert_uint_eq(pb->irq_rises[8], 1);
    ck_assert_uint_eq(rd(0x0C) & 0xB0, 0x90); /* PF runs regardless of PIE */
    ck_assert(!pb->irq[8]);
    ck_assert_uint_eq(rd(0x0C), 0x00);
    pb_advance(pb, NS_PER_SEC);
    ck_assert_uint_eq(pb->irq_rises[8], 2);
}
END_TEST

START_TEST(alarm_interrupt)
{
    wr(0x01, 0x05);
    wr(0x03, 0x00);
    wr(0x05, 0x00);
    wr(0x0B, 0x22);                         /* AIE */
    pb_advance(pb, 4 * NS_PER_SEC + 500 * MS);
    ck_assert(!pb->irq[8]);
    ck_assert_uint_eq(rd(0x0C) & 0x20, 0);
    pb_advance(pb, NS_PER_SEC);
    ck_assert(pb->irq[8]);
    ck_assert_uint_eq(rd(0x0C) & 0xB0, 0xB0);      /* IRQF AF UF */
    /* "Don't care" in all three: every second. */
    wr(0x01, 0xC0);
    wr(0x03, 0xFF);
    wr(0x05, 0xC3);
    pb_clear_irq_counts(pb);
    for (int i = 0; i < 10; i++) {
        pb_advance(pb, NS_PER_SEC);
        rd(0x0C);
    }
    ck_assert_uint_eq(pb->irq_rises[8], 10);
}
END_TEST

/* An interrupt handler that acknowledges register C on each IRQ8. */
static unsigned run_periodic(uint64_t total_ns, uint64_t step)
{
    pb_clear_irq_counts(pb);
    for (uint64_t t = 0; t < total_ns; t += step) {
        pb_advance(pb, step);
        if (pb->irq[8])
            ck_assert_uint_eq(rd(0x0C) & 0xC0, 0xC0);
    }
    return pb->irq_rises[8];
}

START_TEST(periodic_rates)
{
    wr(0x0B, 0x42);                          /* PIE, RS=6: 1024 Hz */
    unsigned n = run_periodic(NS_PER_SEC, 100000);
    ck_assert(n >= 1023 && n <= 1025);
    wr(0x0A, 0x2F);                          /* 2 Hz */
    n = run_periodic(5 * NS_PER_SEC, 10 * MS);
    ck_assert(n >= 9 && n <= 11);
    wr(0x0A, 0x23);                          /* 8192 Hz */
    n = run_periodic(10 * MS, 20000);
    ck_assert(n >= 81 && n <= 83);
    wr(0x0A, 0x21);                          /* RS=1: 256 Hz */
    n = run_periodic(NS_PER_SEC, 500000);
    ck_assert(n >= 255 && n <= 257);
    wr(0x0A, 0x20);                          /* RS=0: none */
    n = run_periodic(NS_PER_SEC, 10 * MS);
    ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(periodic_flag_without_pie)
{
    wr(0x0A, 0x2F);                          /* 2 Hz, PIE off */
    rd(0x0C);
    pb_advance(pb, 600 * MS);
    ck_assert(!pb->irq[8]);
    uint8_t c = rd(0x0C);
    ck_assert_uint_eq(c & 0x40, 0x40);       /* PF, no IRQF */
    ck_assert_uint_eq(c & 0x80, 0);
    /* Enabling PIE with PF pending interrupts at once. */
    pb_advance(pb, 600 * MS);
    wr(0x0B, 0x42);
    ck_assert(pb->irq[8]);
}
END_TEST

START_TEST(divider_reset_delays_first_update)
{
    pb_advance(pb, 300 * MS);
    wr(0x0A, 0x76);                          /* hold divider in reset */
    pb_advance(pb, 3 * NS_PER_SEC);
    ck_assert_uint_eq(rd(0x00), 0x00);
    wr(0x0A, 0x26);
    pb_advance(pb, 499 * MS);
    ck_assert_uint_eq(rd(0x00), 0x00);
    pb_advance(pb, 2 * MS);
    ck_assert_uint_eq(rd(0x00), 0x01);
    pb_advance(pb, NS_PER_SEC);
    ck_assert_uint_eq(rd(0x00), 0x02);
}
END_TEST

START_TEST(nmi_mask_and_index)
{
    pb_out8(pb, 0x70, 0x8F);
    ck_assert(rtc_nmi_masked(rtc));
    pb_out8(pb, 0x71, 0x5A);
    pb_out8(pb, 0x70, 0x0F);
    ck_assert(!rtc_nmi_masked(rtc));
    ck_assert_uint_eq(pb_in8(pb, 0x71), 0x5A);
    /* C and D are read-only. */
    wr(0x0D, 0x00);
    ck_assert_uint_eq(rd(0x0D), 0x80);
    wr(0x0A, 0xA6);                          /* UIP is read-only */
    ck_assert_uint_eq(rd(0x0A) & 0x7F, 0x26);
}
END_TEST

START_TEST(cmos_ram_and_checksum)
{
    for (unsigned i = 0x0E; i < 0x80; i++)
        rtc_cmos_write(rtc, i, (uint8_t)(i * 7));
    for (unsigned i = 0x0E; i < 0x80; i++)
        if (i != 0x2E && i != 0x2F)
            ck_assert_uint_eq(rd((uint8_t)i), (uint8_t)(i * 7));
    rtc_cmos_update_checksum(rtc);
    unsigned sum = 0;
    for (unsigned i = 0x10; i <= 0x2D; i++)
        sum += (uint8_t)(i * 7);
    ck_assert_uint_eq(rd(0x2E), (sum >> 8) & 0xFF);
    ck_assert_uint_eq(rd(0x2F), sum & 0xFF);
    ck_assert_uint_eq(rtc_cmos_read(rtc, 0x10), 0x70);
    ck_assert_uint_eq(rtc_cmos_read(rtc, 0x90), rtc_cmos_read(rtc, 0x10));
}
END_TEST

START_TEST(nvram_file_roundtrip)
{
    char path[] = "/tmp/px86-cmos-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    unlink(path);
    char err[200];
    ck_assert_int_eq(rtc_set_nvram_file(rtc, path, err, sizeof err), 0);
    rtc_cmos_write(rtc, 0x40, 0xA5);
    ck_assert_int_eq(rtc_save_nvram(rtc), 0);
    /* A second RTC picks it up. */
    PlatBus *pb2 = pb_create();
    Rtc *r2 = rtc_create(&pb2->bus, NULL);
    ck_assert_int_eq(rtc_set_nvram_file(r2, path, err, sizeof err), 0);
    ck_assert_uint_eq(rtc_cmos_read(r2, 0x40), 0xA5);
    /* Host clock start: a plausible year. */
    ck_assert_int_gt(rtc_time(r2), 1600000000);
    rtc_destroy(r2);
    pb_destroy(pb2);
    /* Wrong size: a clear error. */
    FILE *f = fopen(path, "wb");
    fputs("short", f);
    fclose(f);
    ck_assert_int_eq(rtc_set_nvram_file(rtc, path, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "128 bytes"));
    unlink(path);
}
END_TEST

START_TEST(save_load_roundtrip)
{
    wr(0x0B, 0x42);
    wr(0x20, 0x77);
    pb_advance(pb, 2500 * MS);
    FILE *f = tmpfile();
    StateWriter w = {f, 0};
    Device d = rtc_device(rtc);
    ck_assert_int_eq(d.save(d.self, &w), 0);
    wr(0x20, 0);
    wr(0x0B, 0x02);
    rewind(f);
    StateReader r = {f, 0};
    ck_assert_int_eq(d.load(d.self, &r), 0);
    fclose(f);
    ck_assert_uint_eq(rd(0x20), 0x77);
    ck_assert_uint_eq(rd(0x00), 0x02);
    ck_assert_uint_eq(rd(0x0B), 0x42);
    unsigned n = run_periodic(NS_PER_SEC, 100000);
    ck_assert(n >= 1023 && n <= 1025);
}
END_TEST

Suite *rtc_suite(void)
{
    Suite *s = suite_create("rtc");
    TCase *tc = tcase_create("rtc");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fixed_y2k_start_bcd);
    tcase_add_test(tc, uip_window_before_update);
    tcase_add_test(tc, formats_binary_and_12h);
    tcase_add_test(tc, set_time_and_rollover);
    tcase_add_test(tc, set_stops_clock_and_clears_uie);
    tcase_add_test(tc, update_ended_interrupt);
    tcase_add_test(tc, alarm_interrupt);
    tcase_add_test(tc, periodic_rates);
    tcase_add_test(tc, periodic_flag_without_pie);
    tcase_add_test(tc, divider_reset_delays_first_update);
    tcase_add_test(tc, nmi_mask_and_index);
    tcase_add_test(tc, cmos_ram_and_checksum);
    tcase_add_test(tc, nvram_file_roundtrip);
    tcase_add_test(tc, save_load_roundtrip);
    suite_add_tcase(s, tc);
    return s;
}
