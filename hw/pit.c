/*
 * hw/pit.c — the 8254 programmable interval timer.
 *
 * Owns: the three counters (modes 0-5, binary/BCD, LSB/MSB/LSB-then-MSB
 * access, counter latch and read-back commands, null-count and status),
 * the gate inputs and the channel 0 output on IRQ0.
 *
 * Nothing ticks: every channel keeps the tick t0 where it (re)started and
 * its count; the counter value and the OUT pin at tick t are computed on
 * demand (pit_channel_count/pit_channel_out).  Channel 0 posts one event
 * per rising OUT edge (the edge the 8259 latches).
 *
 * References: Intel 8254 datasheet (231164): "Mode definitions" (modes
 * 0-5 with their gate behaviour), "Read operations" (counter latch,
 * read-back command, status byte), "Write operations" (count loading: new
 * count used on the next CLK; modes 2/3 take a new count at the end of the
 * current period).
 */
#include "hw/pit.h"

#include <stdlib.h>
#include <string.h>

struct Pit {
    Bus *bus;
    PitChannel ch[3];
    SchedEvent irq_event;
    uint64_t irq_edge_tick; /* tick of the pending channel 0 edge */
    uint8_t irq_level;      /* IRQ0 line as driven by us */
    pit_change_fn change;
    void *change_opaque;
};

#define TICK_NEVER UINT64_MAX

static const StateField channel_fields[] = {
    STATE_INT(PitChannel, mode), STATE_INT(PitChannel, mode_bits),
    STATE_INT(PitChannel, bcd), STATE_INT(PitChannel, rw),
    STATE_INT(PitChannel, gate), STATE_INT(PitChannel, loaded),
    STATE_INT(PitChannel, counting), STATE_INT(PitChannel, out_done),
    STATE_INT(PitChannel, frozen_out), STATE_INT(PitChannel, prev_valid),
    STATE_INT(PitChannel, null_count),
    STATE_INT(PitChannel, write_lsb_pending), STATE_INT(PitChannel, write_lsb),
    STATE_INT(PitChannel, read_msb_next),
    STATE_INT(PitChannel, count_latched),
    STATE_INT(PitChannel, count_latch_msb_next),
    STATE_INT(PitChannel, status_latched), STATE_INT(PitChannel, status_latch),
    STATE_INT(PitChannel, count_latch), STATE_INT(PitChannel, reload),
    STATE_INT(PitChannel, start), STATE_INT(PitChannel, frozen),
    STATE_INT(PitChannel, prev_period), STATE_INT(PitChannel, t0),
    STATE_INT(PitChannel, prev_t0), STATE_END,
};

static const StateField pit_fields[] = {
    STATE_INT(Pit, irq_edge_tick), STATE_INT(Pit, irq_level), STATE_END,
};

static uint32_t modulus(const PitChannel *c) { return c->bcd ? 10000u : 65536u; }
static bool periodic(const PitChannel *c) { return c->mode == 2 || c->mode == 3; }

static uint64_t now_tick(const Pit *p) { return pit_tick_of(bus_now(p->bus)); }

/* First guest ns at which the tick count has reached `tick`. */
static uint64_t tick_start_ns(uint64_t tick)
{
    uint64_t ns = sched_ticks_to_ns(tick, PIT_HZ);
    while (pit_tick_of(ns) < tick)
        ns++;
    return ns;
}

static uint32_t periodic_count(uint32_t period, uint64_t t0, uint64_t t,
                               uint8_t mode)
{
    uint32_t e = (uint32_t)((t - t0) % period);
    if (mode == 2)
        return period - e;
    /* Mode 3 decrements by two, once in each half of the period. */
    uint32_t high = (period + 1) / 2;
    uint32_t even = period & ~1u;
    uint32_t v = e < high ? even - 2 * e : even - 2 * (e - high);
    return v ? v : 2;
}

uint32_t pit_channel_count(const PitChannel *c, uint64_t t)
{
    if (!c->counting)
        return c->frozen;
    if (periodic(c)) {
        if (t >= c->t0)
            return periodic_count(c->reload, c->t0, t, c->mode);
        if (c->prev_valid && t >= c->prev_t0)
            return periodic_count(c->prev_period, c->prev_t0, t, c->mode);
        return c->frozen;
    }
    if (t < c->t0)
        return c->frozen;
    uint32_t m = modulus(c);
    uint32_t e = (uint32_t)((t - c->t0) % m);
    return (c->start + m - e) % m;
}

static bool periodic_out(uint32_t period, uint64_t t0, uint64_t t, uint8_t mode)
{
    uint32_t e = (uint32_t)((t - t0) % period);
    if (mode == 2)
        return e != period - 1; /* low while the counter is 1 */
    return e < (period + 1) / 2;
}

bool pit_channel_out(const PitChannel *c, uint64_t t)
{
    if (!c->counting)
        return c->frozen_out;
    switch (c->mode) {
    case 0:
        if (c->out_done)
            return true;
        return t >= c->t0 && t - c->t0 >= c->start;
    case 1:
        return !(t >= c->t0 && t - c->t0 < c->start);
    case 4:
    case 5:
        return !(t >= c->t0 && t - c->t0 == c->start);
    default:
        if (t >= c->t0)
            return periodic_out(c->reload, c->t0, t, c->mode);
        if (c->prev_valid && t >= c->prev_t0)
            return periodic_out(c->prev_period, c->prev_t0, t, c->mode);
        return true;
    }
}

/* First tick after t where OUT rises, or TICK_NEVER. */
static uint64_t next_rise(const PitChannel *c, uint64_t t)
{
    if (!c->counting)
        return TICK_NEVER;
    uint64_t edge;
    switch (c->mode) {
    case 0:
        if (c->out_done)
            return TICK_NEVER;
        edge = c->t0 + c->start;
        return edge > t ? edge : TICK_NEVER;
    case 1:
        edge = c->t0 + c->start;
        return edge > t ? edge : TICK_NEVER;
    case 4:
    case 5:
        edge = c->t0 + c->start + 1;
        return edge > t ? edge : TICK_NEVER;
    default:
        if (t < c->t0)
            return c->prev_valid ? c->t0 : c->t0 + c->reload;
        return c->t0 + ((t - c->t0) / c->reload + 1) * c->reload;
    }
}

/* Modes 0 and 1 hold IRQ0 at the OUT level; the others pulse it on each
 * rising edge. */
static bool irq_follows_out(const PitChannel *c) { return c->mode <= 1; }

static void set_irq_level(Pit *p, bool level)
{
    if (p->irq_level != level) {
        p->irq_level = level;
        bus_irq(p->bus, 0, level);
    }
}

static void schedule_irq(Pit *p, uint64_t from_tick)
{
    uint64_t e = next_rise(&p->ch[0], from_tick);
    if (e == TICK_NEVER) {
        event_cancel(p->bus->sched, &p->irq_event);
        return;
    }
    p->irq_edge_tick = e;
    event_schedule(p->bus->sched, &p->irq_event, tick_start_ns(e));
}

static void irq_event_fn(void *opaque, uint64_t now_ns)
{
    Pit *p = opaque;
    PitChannel *c = &p->ch[0];
    if (irq_follows_out(c)) {
        set_irq_level(p, true);
    } else {
        set_irq_level(p, false);
        bus_irq_pulse(p->bus, 0);
    }
    /* Running late (slow host in realtime mode): coalesce missed edges. */
    uint64_t t = pit_tick_of(now_ns);
    schedule_irq(p, t > p->irq_edge_tick ? t : p->irq_edge_tick);
}

/* Channel state changed: re-derive the consequences. */
static void channel_changed(Pit *p, unsigned n)
{
    if (n == 0) {
        PitChannel *c = &p->ch[0];
        uint64_t t = now_tick(p);
        set_irq_level(p, irq_follows_out(c) && pit_channel_out(c, t));
        schedule_irq(p, t);
    } else if (n == 2 && p->change) {
        p->change(p->change_opaque, bus_now(p->bus));
    }
}

static uint32_t decode_count(const PitChannel *c, uint16_t v)
{
    uint32_t n = v;
    if (c->bcd)
        n = (v >> 12 & 15u) * 1000u + (v >> 8 & 15u) * 100u +
            (v >> 4 & 15u) * 10u + (v & 15u);
    if (n == 0)
        n = modulus(c);
    if (n > modulus(c))
        n = modulus(c);
    return n;
}

static uint16_t encode_count(const PitChannel *c, uint32_t n)
{
    if (!c->bcd)
        return (uint16_t)n;
    n %= 10000u;
    return (uint16_t)((n / 1000u) << 12 | (n / 100u % 10u) << 8 |
                      (n / 10u % 10u) << 4 | (n % 10u));
}

static void start_fresh(PitChannel *c, uint64_t t, uint32_t start)
{
    c->counting = 1;
    c->prev_valid = 0;
    c->t0 = t + 1; /* the count is transferred on the next CLK */
    c->start = start;
}

/* Freeze the counter at tick t (its value and OUT are kept). */
static void freeze(PitChannel *c, uint64_t t)
{
    c->frozen = pit_channel_count(c, t);
    c->frozen_out = pit_channel_out(c, t);
    c->counting = 0;
}

/* Modes 0 and 4: a count write stops the counter with OUT at `out`; it
 * counts from the new value on the next CLK if GATE is high, else once
 * GATE rises. */
static void reload_stopped(PitChannel *c, uint64_t t, uint32_t count,
                           uint8_t out)
{
    freeze(c, t);
    c->frozen_out = out;
    c->reload = count;
    c->loaded = 1;
    if (c->gate)
        start_fresh(c, t, count);
    else
        c->frozen = count;
}

static void load_count(Pit *p, unsigned n, uint16_t raw)
{
    PitChannel *c = &p->ch[n];
    uint64_t t = now_tick(p);
    uint32_t count = decode_count(c, raw);
    c->null_count = 1;
    switch (c->mode) {
    case 0:
        reload_stopped(c, t, count, 0); /* OUT goes low on a count write */
        c->out_done = 0;
        break;
    case 1:
    case 5:
        c->reload = count; /* used at the next gate trigger */
        c->loaded = 1;
        break;
    case 4:
        reload_stopped(c, t, count, 1);
        break;
    default: /* 2, 3 */
        if (c->counting && t >= c->t0) {
            /* The running period completes first, then the new count. */
            uint64_t end = c->t0 + ((t - c->t0) / c->reload + 1) * c->reload;
            c->prev_period = c->reload;
            c->prev_t0 = c->t0;
            c->prev_valid = 1;
            c->t0 = end;
            c->reload = count;
        } else {
            c->reload = count;
            c->loaded = 1;
            if (c->gate) {
                c->frozen_out = 1;
                start_fresh(c, t, count);
            }
        }
        c->loaded = 1;
        break;
    }
    channel_changed(p, n);
}

void pit_set_gate(Pit *p, unsigned n, bool level)
{
    if (n > 2)
        return;
    PitChannel *c = &p->ch[n];
    if (c->gate == level)
        return;
    uint64_t t = now_tick(p);
    c->gate = level;
    if (level) {
        switch (c->mode) {
        case 0:
        case 4:
            if (c->loaded && !c->counting) { /* resume */
                c->counting = 1;
                c->prev_valid = 0;
                c->t0 = t + 1; /* the gate is sampled on the next CLK */
                c->start = c->frozen ? c->frozen : modulus(c);
                if (c->mode == 0 && c->frozen_out)
                    c->out_done = 1;
            }
            break;
        case 1:
        case 5:
        case 2:
        case 3:
            if (c->loaded) /* trigger / restart from the reload value */
                start_fresh(c, t, c->reload);
            break;
        }
    } else {
        switch (c->mode) {
        case 0:
        case 4:
            if (c->counting) {
                freeze(c, t);
                if (c->mode == 0 && c->frozen_out)
                    c->out_done = 1;
            }
            break;
        case 2:
        case 3:
            if (c->counting) {
                freeze(c, t);
                c->frozen_out = 1; /* gate low forces OUT high */
            }
            break;
        default:
            break; /* modes 1/5: the gate only triggers */
        }
    }
    channel_changed(p, n);
}

static uint8_t status_byte(const PitChannel *c, uint64_t t)
{
    bool null = c->null_count && !(c->counting && t >= c->t0);
    return (uint8_t)((pit_channel_out(c, t) ? 0x80u : 0) | (null ? 0x40u : 0) |
                     (unsigned)c->rw << 4 | (unsigned)c->mode_bits << 1 | c->bcd);
}

static void latch_count(PitChannel *c, uint64_t t)
{
    if (c->count_latched)
        return; /* the first latch holds until read */
    c->count_latch = encode_count(c, pit_channel_count(c, t));
    c->count_latched = 1;
    c->count_latch_msb_next = c->rw == 2;
}

static void control_word(Pit *p, uint8_t v)
{
    uint64_t t = now_tick(p);
    unsigned sc = v >> 6;
    if (sc == 3) { /* read-back */
        for (unsigned n = 0; n < 3; n++) {
            if (!(v & (2u << n)))
                continue;
            PitChannel *c = &p->ch[n];
            if (!(v & 0x20u))
                latch_count(c, t);
            if (!(v & 0x10u) && !c->status_latched) {
                c->status_latch = status_byte(c, t);
                c->status_latched = 1;
            }
        }
        return;
    }
    PitChannel *c = &p->ch[sc];
    unsigned rw = (v >> 4) & 3u;
    if (rw == 0) {
        latch_count(c, t);
        return;
    }
    freeze(c, t);
    c->rw = (uint8_t)rw;
    c->mode_bits = (v >> 1) & 7u;
    c->mode = c->mode_bits > 5 ? c->mode_bits - 4 : c->mode_bits;
    c->bcd = v & 1u;
    c->frozen_out = c->mode != 0; /* mode 0 starts low, the others high */
    c->loaded = 0;
    c->out_done = 0;
    c->prev_valid = 0;
    c->null_count = 1;
    c->write_lsb_pending = 0;
    c->read_msb_next = 0;
    c->count_latched = 0;
    channel_changed(p, sc);
}

static void pit_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    Pit *p = opaque;
    uint8_t v = (uint8_t)val;
    unsigned n = port & 3u;
    if (n == 3) {
        control_word(p, v);
        return;
    }
    PitChannel *c = &p->ch[n];
    switch (c->rw) {
    case 1: load_count(p, n, v); break;
    case 2: load_count(p, n, (uint16_t)(v << 8)); break;
    case 3:
        if (!c->write_lsb_pending) {
            c->write_lsb = v;
            c->write_lsb_pending = 1;
        } else {
            c->write_lsb_pending = 0;
            load_count(p, n, (uint16_t)(c->write_lsb | v << 8));
        }
        break;
    default: break; /* no control word yet */
    }
}

static uint32_t pit_read(void *opaque, uint16_t port, unsigned size)
{
    Pit *p = opaque;
    unsigned n = port & 3u;
    if (n == 3)
        return 0xFF; /* the control register is write-only */
    PitChannel *c = &p->ch[n];
    if (c->status_latched) {
        c->status_latched = 0;
        return c->status_latch;
    }
    if (c->count_latched) {
        uint8_t b;
        if (c->rw == 3) {
            b = c->count_latch_msb_next ? (uint8_t)(c->count_latch >> 8)
                                        : (uint8_t)c->count_latch;
            if (c->count_latch_msb_next)
                c->count_latched = 0;
            c->count_latch_msb_next ^= 1;
        } else {
            b = c->rw == 2 ? (uint8_t)(c->count_latch >> 8) : (uint8_t)c->count_latch;
            c->count_latched = 0;
        }
        return b;
    }
    uint16_t v = encode_count(c, pit_channel_count(c, now_tick(p)));
    switch (c->rw) {
    case 2: return (uint8_t)(v >> 8);
    case 3: {
        uint8_t b = c->read_msb_next ? (uint8_t)(v >> 8) : (uint8_t)v;
        c->read_msb_next ^= 1;
        return b;
    }
    default: return (uint8_t)v;
    }
}

bool pit_out(Pit *p, unsigned n)
{
    return n < 3 && pit_channel_out(&p->ch[n], now_tick(p));
}

uint32_t pit_count(Pit *p, unsigned n)
{
    return n < 3 ? pit_channel_count(&p->ch[n], now_tick(p)) : 0;
}

void pit_set_change_hook(Pit *p, pit_change_fn fn, void *opaque)
{
    p->change = fn;
    p->change_opaque = opaque;
}

void pit_channel_snapshot(const Pit *p, unsigned n, PitChannel *out)
{
    *out = p->ch[n < 3 ? n : 2];
}

void pit_reset(Pit *p)
{
    event_cancel(p->bus->sched, &p->irq_event);
    set_irq_level(p, false);
    for (unsigned n = 0; n < 3; n++) {
        PitChannel *c = &p->ch[n];
        uint8_t gate = n == 2 ? c->gate : 1;
        memset(c, 0, sizeof *c);
        c->gate = gate;
        c->frozen_out = 1;
        c->rw = 3;
        c->reload = 65536;
    }
    channel_changed(p, 2);
}

Pit *pit_create(Bus *bus)
{
    Pit *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->bus = bus;
    event_init(&p->irq_event, "pit-irq0", irq_event_fn, p);
    if (io_register(bus->io, 0x40, 4, "pit", pit_read, pit_write, p, IO_W8)) {
        free(p);
        return NULL;
    }
    pit_reset(p);
    return p;
}

void pit_destroy(Pit *p)
{
    if (!p)
        return;
    event_cancel(p->bus->sched, &p->irq_event);
    io_unregister(p->bus->io, 0x40, 4);
    free(p);
}

static const char *const channel_sections[3] = {"pit-ch0", "pit-ch1", "pit-ch2"};

int pit_save(Pit *p, StateWriter *w)
{
    int rc = state_save_fields(w, "pit", 1, p, pit_fields);
    for (unsigned n = 0; n < 3; n++)
        rc |= state_save_fields(w, channel_sections[n], 1, &p->ch[n], channel_fields);
    return rc ? -1 : 0;
}

static bool channel_sane(const PitChannel *c)
{
    return c->mode <= 5 && c->mode_bits <= 7 && c->rw <= 3 && c->bcd <= 1 &&
           c->reload >= 1 && c->reload <= 65536 && c->start <= 65536 &&
           (!c->prev_valid || (c->prev_period >= 1 && c->prev_period <= 65536));
}

int pit_load(Pit *p, StateReader *r)
{
    if (state_load_fields(r, "pit", 1, p, pit_fields))
        return -1;
    for (unsigned n = 0; n < 3; n++)
        if (state_load_fields(r, channel_sections[n], 1, &p->ch[n], channel_fields) ||
            !channel_sane(&p->ch[n])) {
            pit_reset(p);
            return -1;
        }
    uint8_t level = p->irq_level;
    p->irq_level = !level;
    set_irq_level(p, level);
    schedule_irq(p, now_tick(p));
    channel_changed(p, 2);
    return 0;
}

static void dev_reset(void *s) { pit_reset(s); }
static int dev_save(void *s, StateWriter *w) { return pit_save(s, w); }
static int dev_load(void *s, StateReader *r) { return pit_load(s, r); }
static void dev_destroy(void *s) { pit_destroy(s); }

Device pit_device(Pit *p)
{
    return (Device){"pit", p, dev_reset, dev_save, dev_load, dev_destroy};
}
