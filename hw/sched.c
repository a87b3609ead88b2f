/*
 * hw/sched.c — a sorted singly linked list of pending events.  Devices keep
 * a handful of events each, so insertion by linear scan is cheaper than a
 * heap and keeps equal deadlines in posting order (determinism).
 */
#include "hw/sched.h"

#include <stddef.h>

void sched_init(Sched *s, sched_clock_fn clock, void *clock_opaque)
{
    s->head = NULL;
    s->clock = clock;
    s->clock_opaque = clock_opaque;
    s->kick = NULL;
    s->kick_opaque = NULL;
    s->manual_now = 0;
}

void sched_set_kick(Sched *s, sched_kick_fn kick, void *opaque)
{
    s->kick = kick;
    s->kick_opaque = opaque;
}

void sched_set_manual_time(Sched *s, uint64_t now_ns)
{
    s->manual_now = now_ns;
}

void event_init(SchedEvent *e, const char *name, event_fn fn, void *opaque)
{
    e->name = name;
    e->fn = fn;
    e->opaque = opaque;
    e->when = 0;
    e->pending = false;
    e->next = NULL;
}

void event_cancel(Sched *s, SchedEvent *e)
{
    if (!e->pending)
        return;
    for (SchedEvent **pp = &s->head; *pp; pp = &(*pp)->next) {
        if (*pp == e) {
            *pp = e->next;
            break;
        }
    }
    e->pending = false;
    e->next = NULL;
}

void event_schedule(Sched *s, SchedEvent *e, uint64_t when)
{
    event_cancel(s, e);
    SchedEvent **pp = &s->head;
    while (*pp && (*pp)->when <= when)
        pp = &(*pp)->next;
    e->when = when;
    e->pending = true;
    e->next = *pp;
    *pp = e;
    if (s->head == e && s->kick)
        s->kick(s->kick_opaque);
}

void event_schedule_in(Sched *s, SchedEvent *e, uint64_t delay)
{
    uint64_t now = sched_now(s);
    uint64_t when = delay > SCHED_NEVER - now ? SCHED_NEVER : now + delay;
    event_schedule(s, e, when);
}

unsigned sched_run_due(Sched *s, uint64_t now)
{
    unsigned ran = 0;
    while (s->head && s->head->when <= now) {
        SchedEvent *e = s->head;
        s->head = e->next;
        e->pending = false;
        e->next = NULL;
        /* Callbacks get their own deadline, so periodic devices can post
         * the next one at deadline + period without drift. */
        e->fn(e->opaque, e->when);
        ran++;
    }
    return ran;
}

/* a*b/c without overflow for a < 2^64, b,c < 2^32 (split a into halves). */
static uint64_t muldiv(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t hi = a >> 32, lo = a & 0xFFFFFFFFu;
    uint64_t hi_p = hi * b;           /* < 2^64 */
    uint64_t q_hi = hi_p / c, r_hi = hi_p % c;
    uint64_t lo_p = (r_hi << 32) + lo * b; /* r_hi < c < 2^32: fits if b < 2^32 */
    return (q_hi << 32) + lo_p / c;
}

uint64_t sched_ns_to_ticks(uint64_t ns, uint64_t hz)
{
    return muldiv(ns, hz, NS_PER_SEC);
}

uint64_t sched_ticks_to_ns(uint64_t ticks, uint64_t hz)
{
    return muldiv(ticks, NS_PER_SEC, hz);
}
