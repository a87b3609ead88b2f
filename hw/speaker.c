/*
 * hw/speaker.c — port 0x61 (system control port B) and the PC speaker
 * sound generator.
 *
 * Owns: the port 0x61 latch, the refresh-toggle bit, PIT channel 2's gate,
 * and the log of speaker state changes in guest time that
 * speaker_samples() turns into PCM.  Each log entry is the complete state
 * after a change (port bits + a copy of PIT channel 2), so rendering needs
 * no access to the live PIT.  When the log fills (nobody renders, e.g. a
 * headless run) the oldest entry is folded into the base state.
 *
 * Reference: IBM PC/AT Technical Reference, "System board I/O: port 61h"
 * (bit 4 toggles with each refresh request, every 15.085 us).
 */
#include "hw/speaker.h"

#include <stdlib.h>
#include <string.h>

#define LOG_SIZE 1024
#define REFRESH_NS 15085u
#define AMPLITUDE 8000
#define SUBSAMPLES 4

typedef struct SpeakerState {
    uint64_t ns;
    uint8_t port61;
    PitChannel ch2;
} SpeakerState;

struct Speaker {
    Bus *bus;
    Pit *pit;
    uint8_t port61; /* bits 0-3 as written */
    SpeakerState base;
    SpeakerState log[LOG_SIZE];
    unsigned head, count;
    bool started;
    uint64_t pos_ns;   /* guest time of the next sample */
    uint64_t pos_frac; /* remainder of the sample step, in 1/rate ns */
    unsigned last_rate;
    double hp_x, hp_y; /* DC-blocking filter memory */
};

static const StateField speaker_fields[] = {
    STATE_INT(Speaker, port61), STATE_END,
};

static void log_change(Speaker *sp, uint64_t now)
{
    if (sp->count == LOG_SIZE) { /* fold the oldest into the base */
        sp->base = sp->log[sp->head];
        sp->head = (sp->head + 1) % LOG_SIZE;
        sp->count--;
    }
    SpeakerState *e = &sp->log[(sp->head + sp->count) % LOG_SIZE];
    e->ns = now;
    e->port61 = sp->port61;
    pit_channel_snapshot(sp->pit, 2, &e->ch2);
    sp->count++;
}

static void pit_changed(void *opaque, uint64_t now_ns)
{
    log_change(opaque, now_ns);
}

static uint32_t port61_read(void *opaque, uint16_t port, unsigned size)
{
    Speaker *sp = opaque;
    uint64_t now = bus_now(sp->bus);
    uint8_t v = sp->port61 & 0x0Fu;
    if ((now / REFRESH_NS) & 1u)
        v |= 0x10u;
    if (pit_out(sp->pit, 2))
        v |= 0x20u;
    return v;
}

static void port61_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    Speaker *sp = opaque;
    uint8_t v = (uint8_t)val & 0x0Fu;
    if (v == sp->port61)
        return;
    sp->port61 = v;
    pit_set_gate(sp->pit, 2, v & 1u); /* logs through the PIT hook if it changed */
    log_change(sp, bus_now(sp->bus));
}

bool speaker_level(Speaker *sp)
{
    return (sp->port61 & 2u) && pit_out(sp->pit, 2);
}

static bool state_level(const SpeakerState *s, uint64_t ns)
{
    return (s->port61 & 2u) && pit_channel_out(&s->ch2, pit_tick_of(ns));
}

/* Apply every logged change at or before ns to the base state. */
static void consume_until(Speaker *sp, uint64_t ns)
{
    while (sp->count && sp->log[sp->head].ns <= ns) {
        sp->base = sp->log[sp->head];
        sp->head = (sp->head + 1) % LOG_SIZE;
        sp->count--;
    }
}

static void advance(Speaker *sp, uint64_t step, uint64_t rem, unsigned rate)
{
    sp->pos_ns += step;
    sp->pos_frac += rem;
    if (sp->pos_frac >= rate) {
        sp->pos_frac -= rate;
        sp->pos_ns++;
    }
}

size_t speaker_samples(Speaker *sp, int16_t *out, size_t frames, unsigned rate)
{
    uint64_t now = bus_now(sp->bus);
    if (!rate)
        return 0;
    if (!sp->started || rate != sp->last_rate || now < sp->pos_ns) {
        sp->started = true;
        sp->last_rate = rate;
        sp->pos_ns = now;
        sp->pos_frac = 0;
        consume_until(sp, now);
        return 0;
    }
    uint64_t step = NS_PER_SEC / rate, rem = NS_PER_SEC % rate;
    uint64_t avail = sched_ns_to_ticks(now - sp->pos_ns, rate);
    if (avail > frames) { /* keep only the most recent `frames` */
        uint64_t skip = avail - frames;
        uint64_t skip_ns = sched_ticks_to_ns(skip, rate);
        sp->pos_ns += skip_ns;
        avail = frames;
    }
    uint64_t sub = step / SUBSAMPLES;
    for (size_t i = 0; i < avail; i++) {
        unsigned high = 0;
        for (unsigned k = 0; k < SUBSAMPLES; k++) {
            uint64_t t = sp->pos_ns + k * sub;
            consume_until(sp, t);
            high += state_level(&sp->base, t);
        }
        double x = (double)AMPLITUDE * high / SUBSAMPLES;
        sp->hp_y = x - sp->hp_x + 0.995 * sp->hp_y;
        sp->hp_x = x;
        double y = sp->hp_y;
        if (y > 32767)
            y = 32767;
        if (y < -32768)
            y = -32768;
        out[i] = (int16_t)y;
        advance(sp, step, rem, rate);
    }
    return (size_t)avail;
}

static void init_base(Speaker *sp)
{
    sp->head = sp->count = 0;
    sp->base.ns = bus_now(sp->bus);
    sp->base.port61 = sp->port61;
    pit_channel_snapshot(sp->pit, 2, &sp->base.ch2);
}

void speaker_reset(Speaker *sp)
{
    sp->port61 = 0;
    pit_set_gate(sp->pit, 2, false);
    init_base(sp);
    sp->hp_x = sp->hp_y = 0;
}

Speaker *speaker_create(Bus *bus, Pit *pit)
{
    Speaker *sp = calloc(1, sizeof *sp);
    if (!sp)
        return NULL;
    sp->bus = bus;
    sp->pit = pit;
    if (io_register(bus->io, 0x61, 1, "port61", port61_read, port61_write, sp,
                    IO_W8)) {
        free(sp);
        return NULL;
    }
    pit_set_change_hook(pit, pit_changed, sp);
    speaker_reset(sp);
    return sp;
}

void speaker_destroy(Speaker *sp)
{
    if (!sp)
        return;
    pit_set_change_hook(sp->pit, NULL, NULL);
    io_unregister(sp->bus->io, 0x61, 1);
    free(sp);
}

int speaker_save(Speaker *sp, StateWriter *w)
{
    return state_save_fields(w, "speaker", 1, sp, speaker_fields);
}

int speaker_load(Speaker *sp, StateReader *r)
{
    if (state_load_fields(r, "speaker", 1, sp, speaker_fields))
        return -1;
    sp->port61 &= 0x0Fu;
    /* The PIT restores its own gate; restart the log from now. */
    init_base(sp);
    return 0;
}

static void dev_reset(void *s) { speaker_reset(s); }
static int dev_save(void *s, StateWriter *w) { return speaker_save(s, w); }
static int dev_load(void *s, StateReader *r) { return speaker_load(s, r); }
static void dev_destroy(void *s) { speaker_destroy(s); }

Device speaker_device(Speaker *sp)
{
    return (Device){"speaker", sp, dev_reset, dev_save, dev_load, dev_destroy};
}
