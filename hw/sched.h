/*
 * hw/sched.h — timed events on the guest clock.
 *
 * Owns: the guest clock (nanoseconds since power-on) and the ordered list of
 * pending events.  Devices post deadlines here instead of counting
 * instructions; the machine runs the CPU up to the earliest deadline, then
 * calls sched_run_due().  How guest time relates to the host (realtime or
 * virtual, derived from the instruction count) is the machine's policy: the
 * scheduler only asks its clock source for "now".
 */
#ifndef PX86_HW_SCHED_H
#define PX86_HW_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#define NS_PER_SEC 1000000000ull
#define SCHED_NEVER UINT64_MAX

typedef struct Sched Sched;
/* Called with the event's own deadline (<= the current guest time). */
typedef void (*event_fn)(void *opaque, uint64_t deadline_ns);

typedef struct SchedEvent {
    const char *name;
    event_fn fn;
    void *opaque;
    uint64_t when; /* guest ns; valid while pending */
    bool pending;
    struct SchedEvent *next;
} SchedEvent;

/* Clock source: returns the current guest time in ns. */
typedef uint64_t (*sched_clock_fn)(void *opaque);
/* Called when an event is posted earlier than the current deadline (so the
 * machine can end the running CPU slice early). */
typedef void (*sched_kick_fn)(void *opaque);

struct Sched {
    SchedEvent *head; /* sorted by (when, insertion order) */
    sched_clock_fn clock;
    void *clock_opaque;
    sched_kick_fn kick;
    void *kick_opaque;
    uint64_t manual_now; /* used when clock is NULL (unit tests) */
};

void sched_init(Sched *s, sched_clock_fn clock, void *clock_opaque);
void sched_set_kick(Sched *s, sched_kick_fn kick, void *opaque);
static inline uint64_t sched_now(const Sched *s)
{
    return s->clock ? s->clock(s->clock_opaque) : s->manual_now;
}
/* Unit tests without a clock source advance time by hand. */
void sched_set_manual_time(Sched *s, uint64_t now_ns);

void event_init(SchedEvent *e, const char *name, event_fn fn, void *opaque);
/* (Re)schedule at absolute guest time `when` (replaces a pending post). */
void event_schedule(Sched *s, SchedEvent *e, uint64_t when);
/* Schedule `delay` ns from now. */
void event_schedule_in(Sched *s, SchedEvent *e, uint64_t delay);
void event_cancel(Sched *s, SchedEvent *e);
static inline bool event_pending(const SchedEvent *e) { return e->pending; }

/* Earliest pending deadline, or SCHED_NEVER. */
static inline uint64_t sched_next_deadline(const Sched *s)
{
    return s->head ? s->head->when : SCHED_NEVER;
}
/* Run every event whose deadline is <= now (callbacks may post more;
 * events posted for "now" or the past run in this same call).  Returns the
 * number of callbacks run. */
unsigned sched_run_due(Sched *s, uint64_t now);

/* Conversions between guest ns and device clock ticks, exact in 64 bits
 * for any rate up to a few GHz and times up to centuries. */
uint64_t sched_ns_to_ticks(uint64_t ns, uint64_t hz);
uint64_t sched_ticks_to_ns(uint64_t ticks, uint64_t hz);

#endif
