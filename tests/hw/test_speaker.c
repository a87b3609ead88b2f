/*
 * tests/hw/test_speaker.c — port 0x61 and the PC speaker: channel 2 gate
 * and OUT as BIOS beep code and Linux's PIT calibration use them, the
 * refresh toggle, and the PCM rendered in guest time.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "hw/pit.h"
#include "hw/speaker.h"
#include "plat_bus.h"

static PlatBus *pb;
static Pit *pit;
static Speaker *sp;

static void setup(void)
{
    pb = pb_create();
    pit = pit_create(&pb->bus);
    sp = speaker_create(&pb->bus, pit);
    ck_assert_ptr_nonnull(sp);
}

static void teardown(void)
{
    speaker_destroy(sp);
    pit_destroy(pit);
    pb_destroy(pb);
}

/* BIOS beep: channel 2 square wave, then gate + speaker data on. */
static void beep_on(uint16_t divisor)
{
    pb_out8(pb, 0x43, 0xB6);
    pb_out8(pb, 0x42, (uint8_t)divisor);
    pb_out8(pb, 0x42, (uint8_t)(divisor >> 8));
    pb_out8(pb, 0x61, pb_in8(pb, 0x61) | 0x03);
}

START_TEST(bit5_follows_channel2_out)
{
    beep_on(1193);                          /* ~1 kHz */
    ck_assert_uint_eq(pb_in8(pb, 0x61) & 0x03, 0x03);
    unsigned toggles = 0;
    int last = pb_in8(pb, 0x61) & 0x20;
    for (int i = 0; i < 1000; i++) {        /* 10 ms in 10 us steps */
        pb_advance(pb, 10000);
        int b = pb_in8(pb, 0x61) & 0x20;
        toggles += b != last;
        last = b;
    }
    ck_assert(toggles >= 19 && toggles <= 21);
    /* Gate off: mode 3 OUT goes high and stays. */
    pb_out8(pb, 0x61, pb_in8(pb, 0x61) & ~0x01);
    for (int i = 0; i < 100; i++) {
        pb_advance(pb, 10000);
        ck_assert_uint_eq(pb_in8(pb, 0x61) & 0x20, 0x20);
    }
}
END_TEST

START_TEST(refresh_toggle_bit4)
{
    unsigned toggles = 0;
    int last = pb_in8(pb, 0x61) & 0x10;
    for (int i = 0; i < 1000; i++) {        /* 1 ms in 1 us steps */
        pb_advance(pb, 1000);
        int b = pb_in8(pb, 0x61) & 0x10;
        toggles += b != last;
        last = b;
    }
    /* one flip per 15.085 us */
    ck_assert(toggles >= 65 && toggles <= 67);
    /* Writes do not latch bits 4-7. */
    pb_out8(pb, 0x61, 0xFC);
    ck_assert_uint_eq(pb_in8(pb, 0x61) & 0x0F, 0x0C);
}
END_TEST

START_TEST(linux_style_calibration)
{
    /* Gate high, speaker off, mode 0 count 0xFFFF, poll bit 5. */
    pb_out8(pb, 0x61, (pb_in8(pb, 0x61) & ~0x02) | 0x01);
    pb_out8(pb, 0x43, 0xB0);
    pb_out8(pb, 0x42, 0xFF);
    pb_out8(pb, 0x42, 0xFF);
    uint64_t start = pb_now(pb), polls = 0;
    while (!(pb_in8(pb, 0x61) & 0x20)) {
        pb_advance(pb, 1000);
        polls++;
        ck_assert(polls < 1000000);
    }
    uint64_t elapsed = pb_now(pb) - start;
    /* 65536 clocks = 54.925 ms */
    ck_assert(elapsed >= 54924000 && elapsed <= 54927000);
}
END_TEST

static size_t crossings(const int16_t *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 1; i < n; i++)
        c += (s[i - 1] < 0) != (s[i] < 0);
    return c;
}

START_TEST(pcm_tone_in_guest_time)
{
    int16_t buf[8192];
    ck_assert_uint_eq(speaker_samples(sp, buf, 8192, 44100), 0); /* starts clock */
    beep_on(1193);
    pb_advance(pb, 100 * 1000 * 1000);      /* 100 ms */
    size_t n = speaker_samples(sp, buf, 8192, 44100);
    ck_assert_uint_eq(n, 4410);
    /* A 1 kHz square wave crosses zero ~200 times in 100 ms. */
    size_t c = crossings(buf + 100, n - 100);
    ck_assert(c >= 190 && c <= 202);
    /* Speaker data off: the filtered output decays to silence. */
    pb_out8(pb, 0x61, pb_in8(pb, 0x61) & ~0x02);
    pb_advance(pb, 200 * 1000 * 1000);
    n = speaker_samples(sp, buf, 8192, 44100);
    ck_assert_uint_eq(n, 8192);             /* capped at frames */
    ck_assert(abs(buf[n - 1]) < 50);
    ck_assert_uint_eq(crossings(buf + 4000, n - 4000), 0);
}
END_TEST

START_TEST(pcm_replays_port_writes_in_order)
{
    int16_t buf[4096];
    speaker_samples(sp, buf, 4096, 8000);
    /* Drive the cone directly with bit 1 (gate off: OUT high): 500 Hz PWM
     * written as 1 ms toggles over 50 ms, rendered in one call. */
    for (int i = 0; i < 50; i++) {
        pb_out8(pb, 0x61, (i & 1) ? 0x00 : 0x02);
        pb_advance(pb, 1000 * 1000);
    }
    size_t n = speaker_samples(sp, buf, 4096, 8000);
    ck_assert_uint_eq(n, 400);
    size_t c = crossings(buf + 16, n - 16);
    ck_assert(c >= 45 && c <= 50);
}
END_TEST

START_TEST(log_is_bounded)
{
    int16_t buf[64];
    speaker_samples(sp, buf, 64, 44100);
    for (int i = 0; i < 100000; i++) {
        pb_out8(pb, 0x61, (i & 1) ? 0x02 : 0x00);
        pb_advance(pb, 100);
    }
    size_t n = speaker_samples(sp, buf, 64, 44100);
    ck_assert_uint_eq(n, 64);
}
END_TEST

Suite *speaker_suite(void)
{
    Suite *s = suite_create("speaker");
    TCase *tc = tcase_create("speaker");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, bit5_follows_channel2_out);
    tcase_add_test(tc, refresh_toggle_bit4);
    tcase_add_test(tc, linux_style_calibration);
    tcase_add_test(tc, pcm_tone_in_guest_time);
    tcase_add_test(tc, pcm_replays_port_writes_in_order);
    tcase_add_test(tc, log_is_bounded);
    suite_add_tcase(s, tc);
    return s;
}
