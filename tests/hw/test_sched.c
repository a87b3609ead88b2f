/*
 * tests/hw/test_sched.c — event ordering, ties in posting order,
 * rescheduling, cancellation, callbacks that post events, the kick, tick
 * conversions, and the Bus IRQ/DMA helpers.
 */
#include <check.h>
#include <string.h>

#include "hw/bus.h"
#include "hw/sched.h"

static char order[32];
static size_t norder;
static void record(void *o, uint64_t now)
{
    (void)now;
    order[norder++] = *(const char *)o;
    order[norder] = 0;
}

START_TEST(events_run_in_deadline_order)
{
    Sched s;
    sched_init(&s, NULL, NULL);
    SchedEvent a, b, c, d;
    event_init(&a, "a", record, "a");
    event_init(&b, "b", record, "b");
    event_init(&c, "c", record, "c");
    event_init(&d, "d", record, "d");
    norder = 0;
    event_schedule(&s, &c, 300);
    event_schedule(&s, &a, 100);
    event_schedule(&s, &b, 200);
    event_schedule(&s, &d, 200); /* tie: after b */
    ck_assert_uint_eq(sched_next_deadline(&s), 100);
    ck_assert_uint_eq(sched_run_due(&s, 99), 0);
    ck_assert_uint_eq(sched_run_due(&s, 200), 3);
    ck_assert_str_eq(order, "abd");
    ck_assert(!event_pending(&a));
    ck_assert(event_pending(&c));
    sched_run_due(&s, 1000);
    ck_assert_str_eq(order, "abdc");
    ck_assert_uint_eq(sched_next_deadline(&s), SCHED_NEVER);
}
END_TEST

START_TEST(reschedule_and_cancel)
{
    Sched s;
    sched_init(&s, NULL, NULL);
    SchedEvent a, b;
    event_init(&a, "a", record, "a");
    event_init(&b, "b", record, "b");
    norder = 0;
    event_schedule(&s, &a, 100);
    event_schedule(&s, &b, 200);
    event_schedule(&s, &a, 300); /* moves, does not duplicate */
    event_cancel(&s, &b);
    event_cancel(&s, &b); /* harmless twice */
    sched_run_due(&s, 1000);
    ck_assert_str_eq(order, "a");
}
END_TEST

static Sched *chain_s;
static SchedEvent chain_ev;
static int chain_left;
static void chain(void *o, uint64_t now)
{
    (void)o;
    if (--chain_left > 0)
        event_schedule(chain_s, &chain_ev, now + 10);
}

START_TEST(callbacks_may_post_events)
{
    Sched s;
    sched_init(&s, NULL, NULL);
    chain_s = &s;
    chain_left = 5;
    event_init(&chain_ev, "chain", chain, NULL);
    event_schedule(&s, &chain_ev, 0);
    /* Each repost is in the future of `now`, so one call runs one. */
    ck_assert_uint_eq(sched_run_due(&s, 5), 1);
    ck_assert_uint_eq(sched_run_due(&s, 100), 4);
    ck_assert_int_eq(chain_left, 0);
}
END_TEST

static uint64_t fake_time;
static uint64_t fake_clock(void *o) { (void)o; return fake_time; }
static int kicks;
static void kick(void *o) { (void)o; kicks++; }

START_TEST(clock_source_and_kick)
{
    Sched s;
    sched_init(&s, fake_clock, NULL);
    sched_set_kick(&s, kick, NULL);
    SchedEvent a, b;
    event_init(&a, "a", record, "a");
    event_init(&b, "b", record, "b");
    fake_time = 1000;
    kicks = 0;
    event_schedule_in(&s, &a, 500);
    ck_assert_uint_eq(a.when, 1500);
    ck_assert_int_eq(kicks, 1);
    event_schedule_in(&s, &b, 900); /* later than the head: no kick */
    ck_assert_int_eq(kicks, 1);
    event_schedule_in(&s, &b, 10);  /* new head: kick */
    ck_assert_int_eq(kicks, 2);
    event_schedule_in(&s, &b, SCHED_NEVER); /* saturates */
    ck_assert_uint_eq(b.when, SCHED_NEVER);
}
END_TEST

START_TEST(tick_conversions)
{
    /* PIT: 1193182 Hz.  One second is 1193182 ticks and back. */
    ck_assert_uint_eq(sched_ns_to_ticks(NS_PER_SEC, 1193182), 1193182);
    ck_assert_uint_eq(sched_ticks_to_ns(1193182, 1193182), NS_PER_SEC);
    /* 65536 ticks = 54.925 ms (the 18.2 Hz BIOS tick). */
    ck_assert_uint_eq(sched_ticks_to_ns(65536, 1193182), 54925401);
    /* A century of guest time does not overflow. */
    uint64_t century = 100ull * 365 * 24 * 3600 * NS_PER_SEC;
    ck_assert_uint_eq(sched_ns_to_ticks(century, 1000), century / 1000000);
    ck_assert_uint_eq(sched_ticks_to_ns(sched_ns_to_ticks(century, 32768), 32768) / NS_PER_SEC,
                      century / NS_PER_SEC);
}
END_TEST

static bool irq_level[16];
static unsigned irq_changes;
static void fake_sink(void *o, unsigned irq, bool level)
{
    (void)o;
    irq_level[irq & 15] = level;
    irq_changes++;
}

START_TEST(bus_routes_irq_lines)
{
    Bus bus = {0};
    bus_irq(&bus, 4, true); /* no sink yet: ignored, no crash */
    bus.irq_set = fake_sink;
    irq_changes = 0;
    bus_irq(&bus, 14, true);
    ck_assert(irq_level[14]);
    bus_irq(&bus, 14, false);
    ck_assert(!irq_level[14]);
    bus_irq_pulse(&bus, 6);
    ck_assert_uint_eq(irq_changes, 4);
    ck_assert(!irq_level[6]);
    bool tc = true;
    uint8_t buf[4];
    ck_assert_uint_eq(bus_dma(&bus, 2, buf, 4, DMA_TO_MEMORY, &tc), 0);
    ck_assert(!tc);
}
END_TEST

Suite *sched_suite(void)
{
    Suite *s = suite_create("sched");
    TCase *tc = tcase_create("events");
    tcase_add_test(tc, events_run_in_deadline_order);
    tcase_add_test(tc, reschedule_and_cancel);
    tcase_add_test(tc, callbacks_may_post_events);
    tcase_add_test(tc, clock_source_and_kick);
    tcase_add_test(tc, tick_conversions);
    tcase_add_test(tc, bus_routes_irq_lines);
    suite_add_tcase(s, tc);
    return s;
}
