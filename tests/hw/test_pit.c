/*
 * tests/hw/test_pit.c — the 8254 programmed as the BIOS, DOS programs and
 * OS timer drivers do, against a scheduler on manual guest time: periodic
 * IRQ0 rates (modes 2/3), one-shots (modes 0/1/4), latches and read-back,
 * BCD, access modes, gates, mid-period reload, events only when needed.
 */
#include <check.h>
#include <stdio.h>

#include "hw/pit.h"
#include "plat_bus.h"

static PlatBus *pb;
static Pit *pit;
static void advance_to_tick(uint64_t tick);
static uint64_t tick_now(void);

static void setup(void)
{
    pb = pb_create();
    pb_advance(pb, 12345); /* not at tick 0 */
    pit = pit_create(&pb->bus);
    ck_assert_ptr_nonnull(pit);
    advance_to_tick(tick_now() + 1);       /* start on a clock edge */
}

static void teardown(void)
{
    pit_destroy(pit);
    pb_destroy(pb);
}

static uint64_t ticks_ns(uint64_t ticks) { return sched_ticks_to_ns(ticks, PIT_HZ); }
static uint64_t tick_now(void) { return pit_tick_of(pb_now(pb)); }

static void advance_to_tick(uint64_t tick)
{
    uint64_t ns = sched_ticks_to_ns(tick, PIT_HZ);
    while (pit_tick_of(ns) < tick)
        ns++;
    pb_advance(pb, ns - pb_now(pb));
}

static void adv_ticks(uint64_t n) { advance_to_tick(tick_now() + n); }

static void program(unsigned chan, uint8_t mode_bits, uint16_t count)
{
    pb_out8(pb, 0x43, (uint8_t)(chan << 6 | 0x30 | mode_bits << 1));
    pb_out8(pb, (uint16_t)(0x40 + chan), (uint8_t)count);
    pb_out8(pb, (uint16_t)(0x40 + chan), (uint8_t)(count >> 8));
}

static uint16_t read_count_latched(unsigned chan)
{
    pb_out8(pb, 0x43, (uint8_t)(chan << 6));
    uint16_t lo = pb_in8(pb, (uint16_t)(0x40 + chan));
    return (uint16_t)(lo | pb_in8(pb, (uint16_t)(0x40 + chan)) << 8);
}

START_TEST(bios_18hz_mode2)
{
    program(0, 2, 0);                      /* 65536: 18.2065 Hz */
    pb_advance(pb, NS_PER_SEC);
    ck_assert_uint_eq(pb->irq_rises[0], 18);
    pb_advance(pb, 10 * NS_PER_SEC);
    /* 11 s * 18.2065 = 200.27 */
    ck_assert_uint_eq(pb->irq_rises[0], 200);
    /* Edges exactly 65536 ticks apart, no drift. */
    uint64_t d = pb->irq_rise_time[0][63] - pb->irq_rise_time[0][0];
    uint64_t expect = ticks_ns(63ull * 65536);
    ck_assert(d >= expect - 1 && d <= expect + 1);
}
END_TEST

START_TEST(mode2_1khz_period_and_count)
{
    uint64_t t_write = tick_now();
    program(0, 2, 1193);
    pb_advance(pb, 100 * 1000 * 1000);     /* 100 ms */
    ck_assert_uint_eq(pb->irq_rises[0], 100); /* 1193 ticks = 0.99985 ms */
    uint64_t first = pit_tick_of(pb->irq_rise_time[0][0]);
    ck_assert_uint_eq(first, t_write + 1 + 1193);
    for (int i = 1; i < 64; i++) {
        uint64_t d = pb->irq_rise_time[0][i] - pb->irq_rise_time[0][i - 1];
        ck_assert(d >= 999847 - 1 && d <= 999848 + 1);
    }
    /* The counter counts down from 1193 to 1. */
    uint64_t t = tick_now();
    uint64_t phase = (t - (t_write + 1)) % 1193;
    ck_assert_uint_eq(read_count_latched(0), 1193 - phase);
}
END_TEST

START_TEST(mode3_square_wave)
{
    program(0, 3, 1000);
    uint64_t t0 = tick_now() + 1;
    /* Out high the first half, low the second. */
    adv_ticks(1);
    ck_assert(pit_out(pit, 0));
    adv_ticks(499);
    ck_assert_uint_eq(tick_now() - t0, 499);
    ck_assert(pit_out(pit, 0));
    adv_ticks(2);
    ck_assert(!pit_out(pit, 0));
    /* Count decrements by 2 in each half. */
    uint16_t a = read_count_latched(0);
    adv_ticks(10);
    uint16_t b = read_count_latched(0);
    ck_assert_uint_eq(a % 2, 0);
    ck_assert_uint_eq(a - b, 20);
    pb_clear_irq_counts(pb);
    pb_advance(pb, 50 * 1000 * 1000);
    /* 50 ms / (1000 ticks = 838.1 us) = 59.66 */
    ck_assert(pb->irq_rises[0] == 59 || pb->irq_rises[0] == 60);
}
END_TEST

START_TEST(mode0_one_shot_level)
{
    program(0, 0, 100);
    ck_assert(!pb->irq[0]);
    ck_assert(!pit_out(pit, 0));
    adv_ticks(99);
    ck_assert(!pb->irq[0]);
    adv_ticks(3);
    ck_assert(pb->irq[0]);                 /* stays high */
    ck_assert_uint_eq(pb->irq_rises[0], 1);
    ck_assert_uint_eq(sched_next_deadline(&pb->sched), SCHED_NEVER);
    /* The counter wraps and keeps counting. */
    uint16_t c = read_count_latched(0);
    ck_assert(c > 65000);
    pb_advance(pb, NS_PER_SEC);
    ck_assert_uint_eq(pb->irq_rises[0], 1);
    /* A new count drops OUT until the new terminal count. */
    pb_out8(pb, 0x40, 50);
    pb_out8(pb, 0x40, 0);
    ck_assert(!pb->irq[0]);
    adv_ticks(60);
    ck_assert(pb->irq[0]);
    ck_assert_uint_eq(pb->irq_rises[0], 2);
}
END_TEST

START_TEST(counter_latch_holds)
{
    program(0, 2, 0);
    adv_ticks(1000);
    pb_out8(pb, 0x43, 0x00);               /* latch channel 0 */
    adv_ticks(500);
    pb_out8(pb, 0x43, 0x00);               /* second latch ignored */
    uint16_t v = pb_in8(pb, 0x40);
    v |= (uint16_t)(pb_in8(pb, 0x40) << 8);
    ck_assert_uint_eq(v, 65536 - 999);
    /* Unlatched read follows the live counter. */
    v = pb_in8(pb, 0x40);
    v |= (uint16_t)(pb_in8(pb, 0x40) << 8);
    ck_assert_uint_eq(v, 65536 - 1499);
}
END_TEST

START_TEST(readback_status_and_count)
{
    program(2, 0, 300);                    /* gate low: loaded, not counting */
    pb_out8(pb, 0x43, 0xE8);               /* read-back status only, ch2 */
    uint8_t st = pb_in8(pb, 0x42);
    ck_assert_uint_eq(st, 0x40 | 0x30 | 0x00); /* OUT low, null count, lohi mode 0 */
    pit_set_gate(pit, 2, true);
    adv_ticks(10);
    pb_out8(pb, 0x43, 0xC8);               /* status + count, ch2 */
    st = pb_in8(pb, 0x42);
    ck_assert_uint_eq(st, 0x30);           /* counting, OUT low */
    uint16_t v = pb_in8(pb, 0x42);
    v |= (uint16_t)(pb_in8(pb, 0x42) << 8);
    ck_assert_uint_eq(v, 291);      /* 10 clocks, the first samples the gate */
    adv_ticks(300);
    pb_out8(pb, 0x43, 0xE8);
    ck_assert_uint_eq(pb_in8(pb, 0x42), 0xB0); /* OUT high */
    /* Read-back for several channels at once. */
    program(0, 2, 0x1234);
    advance_to_tick(tick_now() + 1);        /* the load clock */
    pb_out8(pb, 0x43, 0xDA);               /* count only, ch0 + ch2 */
    ck_assert_uint_eq(pb_in8(pb, 0x40), 0x34);
    ck_assert_uint_eq(pb_in8(pb, 0x40), 0x12);
    ck_assert_uint_eq(pb_in8(pb, 0x43), 0xFF);
}
END_TEST

START_TEST(bcd_mode)
{
    pb_out8(pb, 0x43, 0x35);               /* ch0, lohi, mode 2, BCD */
    pb_out8(pb, 0x40, 0x00);
    pb_out8(pb, 0x40, 0x10);               /* 1000 decimal */
    adv_ticks(1 + 250);
    pb_out8(pb, 0x43, 0x00);
    uint16_t v = pb_in8(pb, 0x40);
    v |= (uint16_t)(pb_in8(pb, 0x40) << 8);
    ck_assert_uint_eq(v, 0x0750);
    adv_ticks(10 * 1000);
    ck_assert_uint_eq(pb->irq_rises[0], 10);
    /* BCD 0 = 10000 */
    pb_out8(pb, 0x43, 0x31);               /* mode 0 BCD */
    pb_out8(pb, 0x40, 0);
    pb_out8(pb, 0x40, 0);
    adv_ticks(9999);
    ck_assert(!pit_out(pit, 0));
    adv_ticks(2);
    ck_assert(pit_out(pit, 0));
}
END_TEST

START_TEST(lsb_and_msb_only_access)
{
    pb_out8(pb, 0x43, 0x14);               /* ch0 LSB only, mode 2 */
    pb_out8(pb, 0x40, 200);
    adv_ticks(1 + 50);
    ck_assert_uint_eq(pb_in8(pb, 0x40), 150);
    ck_assert_uint_eq(pb_in8(pb, 0x40), 150);
    pb_out8(pb, 0x43, 0x24);               /* MSB only: 0x0200 = 512 */
    pb_out8(pb, 0x40, 0x02);
    adv_ticks(1 + 12);
    ck_assert_uint_eq(pb_in8(pb, 0x40), 0x01); /* 500 = 0x01F4 */
    /* Write before any control word is ignored (no crash). */
    pb_out8(pb, 0x41, 0x55);
}
END_TEST

START_TEST(mode2_reload_at_period_end)
{
    program(0, 2, 1000);
    adv_ticks(1 + 300);
    pb_out8(pb, 0x40, 0xD0);               /* new count 2000 */
    pb_out8(pb, 0x40, 0x07);
    ck_assert_uint_eq(read_count_latched(0), 700);
    pb_clear_irq_counts(pb);
    uint64_t start = pb_now(pb);
    adv_ticks(700);
    ck_assert_uint_eq(pb->irq_rises[0], 1);   /* old period completes */
    adv_ticks(1999);
    ck_assert_uint_eq(pb->irq_rises[0], 1);
    adv_ticks(2);
    ck_assert_uint_eq(pb->irq_rises[0], 2);   /* then 2000-tick periods */
    (void)start;
}
END_TEST

START_TEST(gate_controls_channel2)
{
    /* Mode 2 with gate low: OUT high, no counting; rising gate restarts. */
    program(2, 2, 100);
    adv_ticks(500);
    ck_assert(pit_out(pit, 2));
    ck_assert_uint_eq(pit_count(pit, 2), 0);
    pit_set_gate(pit, 2, true);
    adv_ticks(1 + 40);
    ck_assert_uint_eq(pit_count(pit, 2), 60);
    pit_set_gate(pit, 2, false);
    adv_ticks(40);
    ck_assert_uint_eq(pit_count(pit, 2), 60);   /* stopped */
    /* Mode 0: gate low suspends, high resumes where it left off. */
    program(2, 0, 100);
    pit_set_gate(pit, 2, true);
    adv_ticks(1 + 30);
    pit_set_gate(pit, 2, false);
    adv_ticks(1000);
    ck_assert_uint_eq(pit_count(pit, 2), 70);
    ck_assert(!pit_out(pit, 2));
    pit_set_gate(pit, 2, true);
    adv_ticks(69);
    ck_assert(!pit_out(pit, 2));
    adv_ticks(2);
    ck_assert(pit_out(pit, 2));
}
END_TEST

START_TEST(mode1_gate_triggered_one_shot)
{
    program(2, 1, 50);
    adv_ticks(100);
    ck_assert(pit_out(pit, 2));            /* waits for a trigger */
    pit_set_gate(pit, 2, true);
    adv_ticks(1 + 10);
    ck_assert(!pit_out(pit, 2));
    adv_ticks(40);
    ck_assert(pit_out(pit, 2));
    /* Retrigger */
    pit_set_gate(pit, 2, false);
    pit_set_gate(pit, 2, true);
    adv_ticks(1 + 49);
    ck_assert(!pit_out(pit, 2));
    adv_ticks(1);
    ck_assert(pit_out(pit, 2));
}
END_TEST

START_TEST(mode4_strobe)
{
    program(0, 4, 500);
    ck_assert(pit_out(pit, 0));
    adv_ticks(1 + 499);
    ck_assert_uint_eq(pb->irq_rises[0], 0);
    ck_assert(pit_out(pit, 0));
    adv_ticks(1);
    ck_assert(!pit_out(pit, 0));           /* one clock low */
    adv_ticks(1);
    ck_assert(pit_out(pit, 0));
    ck_assert_uint_eq(pb->irq_rises[0], 1);
    pb_advance(pb, NS_PER_SEC);
    ck_assert_uint_eq(pb->irq_rises[0], 1);
    ck_assert_uint_eq(sched_next_deadline(&pb->sched), SCHED_NEVER);
}
END_TEST

START_TEST(control_word_stops_channel0_events)
{
    program(0, 2, 100);
    ck_assert(sched_next_deadline(&pb->sched) != SCHED_NEVER);
    pb_out8(pb, 0x43, 0x34);               /* new mode, no count yet */
    ck_assert_uint_eq(sched_next_deadline(&pb->sched), SCHED_NEVER);
    pb_advance(pb, NS_PER_SEC);
    ck_assert_uint_eq(pb->irq_rises[0], 0);
}
END_TEST

START_TEST(save_load_keeps_timing)
{
    program(0, 2, 1193);
    adv_ticks(400);
    FILE *f = tmpfile();
    StateWriter w = {f, 0};
    Device d = pit_device(pit);
    ck_assert_int_eq(d.save(d.self, &w), 0);
    uint16_t before = read_count_latched(0);
    pit_reset(pit);
    ck_assert_uint_eq(sched_next_deadline(&pb->sched), SCHED_NEVER);
    rewind(f);
    StateReader r = {f, 0};
    ck_assert_int_eq(d.load(d.self, &r), 0);
    fclose(f);
    ck_assert_uint_eq(read_count_latched(0), before);
    pb_clear_irq_counts(pb);
    pb_advance(pb, 100 * 1000 * 1000);
    ck_assert_uint_eq(pb->irq_rises[0], 100);
}
END_TEST

Suite *pit_suite(void)
{
    Suite *s = suite_create("pit");
    TCase *tc = tcase_create("pit");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, bios_18hz_mode2);
    tcase_add_test(tc, mode2_1khz_period_and_count);
    tcase_add_test(tc, mode3_square_wave);
    tcase_add_test(tc, mode0_one_shot_level);
    tcase_add_test(tc, counter_latch_holds);
    tcase_add_test(tc, readback_status_and_count);
    tcase_add_test(tc, bcd_mode);
    tcase_add_test(tc, lsb_and_msb_only_access);
    tcase_add_test(tc, mode2_reload_at_period_end);
    tcase_add_test(tc, gate_controls_channel2);
    tcase_add_test(tc, mode1_gate_triggered_one_shot);
    tcase_add_test(tc, mode4_strobe);
    tcase_add_test(tc, control_word_stops_channel0_events);
    tcase_add_test(tc, save_load_keeps_timing);
    suite_add_tcase(s, tc);
    return s;
}
