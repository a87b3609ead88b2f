/*
 * hw/pit.h — the 8254 programmable interval timer (ports 0x40-0x43).
 *
 * Channel 0 drives ISA IRQ0, channel 1 is the (unused) refresh timer,
 * channel 2 is gated by port 0x61 bit 0 and drives the PC speaker (see
 * hw/speaker.c, which owns port 0x61).  The counters run at 1.193182 MHz of
 * guest time: counter values and outputs are computed from the scheduler
 * clock when read, and channel 0 posts one scheduler event per output
 * rising edge (none when its output cannot change).
 */
#ifndef PX86_HW_PIT_H
#define PX86_HW_PIT_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/bus.h"
#include "hw/device.h"

#define PIT_HZ 1193182u

/* One counter's programmed state; its output and count at any tick are
 * pure functions of this (so the speaker can keep copies in a log). */
typedef struct PitChannel {
    uint8_t mode;       /* 0..5 (6/7 folded to 2/3) */
    uint8_t mode_bits;  /* M2..M0 as written (status byte) */
    uint8_t bcd;
    uint8_t rw;         /* 1 lsb, 2 msb, 3 lsb then msb */
    uint8_t gate;
    uint8_t loaded;     /* a count was written since the control word */
    uint8_t counting;   /* the counter is running from t0 */
    uint8_t out_done;   /* mode 0: terminal count already reached */
    uint8_t frozen_out; /* output while not counting */
    uint8_t prev_valid; /* modes 2/3: the previous period runs until t0 */
    uint8_t null_count;
    uint8_t write_lsb_pending, write_lsb;
    uint8_t read_msb_next;
    uint8_t count_latched, count_latch_msb_next, status_latched, status_latch;
    uint16_t count_latch;
    uint32_t reload;    /* decoded count N (1..65536 / 1..10000) */
    uint32_t start;     /* counter value at t0 (one-shot modes) */
    uint32_t frozen;    /* counter value while not counting */
    uint32_t prev_period;
    uint64_t t0;        /* tick where counting (or the current period) began */
    uint64_t prev_t0;
} PitChannel;

typedef struct Pit Pit;
/* Called after channel 2 was reprogrammed or its gate changed. */
typedef void (*pit_change_fn)(void *opaque, uint64_t now_ns);

Pit *pit_create(Bus *bus);
void pit_reset(Pit *pit);
void pit_destroy(Pit *pit);
Device pit_device(Pit *pit);
int pit_save(Pit *pit, StateWriter *w);
int pit_load(Pit *pit, StateReader *r);

/* Gate input of channel chan (only channel 2 is wired on a PC). */
void pit_set_gate(Pit *pit, unsigned chan, bool level);
/* Output and counter of channel chan now. */
bool pit_out(Pit *pit, unsigned chan);
uint32_t pit_count(Pit *pit, unsigned chan);
void pit_set_change_hook(Pit *pit, pit_change_fn fn, void *opaque);
/* Copy of channel chan's state, for later evaluation. */
void pit_channel_snapshot(const Pit *pit, unsigned chan, PitChannel *out);

/* Evaluation of a channel at a PIT tick. */
bool pit_channel_out(const PitChannel *c, uint64_t tick);
uint32_t pit_channel_count(const PitChannel *c, uint64_t tick);
static inline uint64_t pit_tick_of(uint64_t ns)
{
    return sched_ns_to_ticks(ns, PIT_HZ);
}

#endif
