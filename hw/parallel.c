/*
 * hw/parallel.c — SPP parallel port with a printer attached (see
 * parallel.h).
 *
 * Registers (base+0 data, +1 status, +2 control) as on the IBM PC printer
 * adapter.  Status bits: 7 nBUSY, 6 nACK, 5 paper end, 4 select, 3 nERROR.
 * Control bits: 0 STROBE, 1 AUTOFEED, 2 nINIT, 3 SELECT IN, 4 IRQ enable,
 * 5 direction (bidirectional ports; reads of data then return the lines).
 *
 * The printer takes the byte on the rising edge of STROBE (control bit 0
 * written 1), is BUSY for a short while, then pulses nACK low; the end of
 * the ACK pulse raises IRQ7 when control bit 4 is set.  This is the
 * handshake the BIOS INT 17h and DOS printer drivers wait for.
 */
#include "hw/parallel.h"

#include <stdlib.h>
#include <string.h>

#define BUSY_NS 10000u /* printer busy after a strobe */
#define ACK_NS 5000u   /* length of the nACK pulse */

enum { ST_NERROR = 0x08, ST_SELECT = 0x10, ST_NACK = 0x40, ST_NBUSY = 0x80 };
enum { CT_STROBE = 0x01, CT_NINIT = 0x04, CT_IRQ = 0x10, CT_INPUT = 0x20 };

typedef struct ParallelState {
    uint8_t data;
    uint8_t control;
    uint8_t busy;  /* 1 between strobe and ACK */
    uint8_t in_ack; /* 1 while nACK is low */
    uint64_t when; /* next handshake step, 0 = none */
} ParallelState;

struct Parallel {
    Bus *bus;
    uint16_t base;
    unsigned irq;
    CharDev *chr;
    SchedEvent event;
    ParallelState s;
};

static const StateField parallel_fields[] = {
    STATE_INT(ParallelState, data), STATE_INT(ParallelState, control),
    STATE_INT(ParallelState, busy), STATE_INT(ParallelState, in_ack),
    STATE_INT(ParallelState, when), STATE_END,
};

static void handshake(void *opaque, uint64_t now)
{
    Parallel *p = opaque;
    if (p->s.busy) { /* printer done: start the ACK pulse */
        p->s.busy = 0;
        p->s.in_ack = 1;
        p->s.when = now + ACK_NS;
        event_schedule(p->bus->sched, &p->event, p->s.when);
        return;
    }
    p->s.in_ack = 0;
    p->s.when = 0;
    /* The adapter interrupts on the rising edge of nACK. */
    if (p->s.control & CT_IRQ)
        bus_irq_pulse(p->bus, p->irq);
}

static uint8_t status(const Parallel *p)
{
    uint8_t v = ST_NERROR | ST_SELECT | 0x07;
    if (!p->s.busy)
        v |= ST_NBUSY;
    if (!p->s.in_ack)
        v |= ST_NACK;
    return v;
}

static uint32_t parallel_read(void *opaque, uint16_t port, unsigned size)
{
    Parallel *p = opaque;
    (void)size;
    switch (port - p->base) {
    case 0:
        return p->s.data;
    case 1:
        return status(p);
    default:
        return 0xE0 | p->s.control;
    }
}

static void parallel_write(void *opaque, uint16_t port, uint32_t val,
                           unsigned size)
{
    Parallel *p = opaque;
    uint8_t v = (uint8_t)val;
    (void)size;
    switch (port - p->base) {
    case 0:
        p->s.data = v;
        break;
    case 1:
        break;
    default: {
        uint8_t old = p->s.control;
        p->s.control = v & 0x3F;
        bool strobe = (v & CT_STROBE) && !(old & CT_STROBE);
        /* A printer in reset (nINIT low) ignores strobes. */
        if (strobe && (v & CT_NINIT) && !(v & CT_INPUT)) {
            if (p->chr)
                chardev_write(p->chr, &p->s.data, 1);
            p->s.busy = 1;
            p->s.in_ack = 0;
            p->s.when = bus_now(p->bus) + BUSY_NS;
            event_schedule(p->bus->sched, &p->event, p->s.when);
        }
        break;
    }
    }
}

void parallel_reset(Parallel *p)
{
    event_cancel(p->bus->sched, &p->event);
    memset(&p->s, 0, sizeof p->s);
    p->s.control = CT_NINIT;
}

Parallel *parallel_create(Bus *bus, uint16_t base, unsigned irq, CharDev *chr)
{
    Parallel *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->bus = bus;
    p->base = base;
    p->irq = irq;
    p->chr = chr;
    event_init(&p->event, "parallel", handshake, p);
    if (io_register(bus->io, base, 3, "parallel", parallel_read,
                    parallel_write, p, IO_W8)) {
        free(p);
        return NULL;
    }
    parallel_reset(p);
    return p;
}

void parallel_destroy(Parallel *p)
{
    if (!p)
        return;
    event_cancel(p->bus->sched, &p->event);
    io_unregister(p->bus->io, p->base, 3);
    free(p);
}

int parallel_save(Parallel *p, StateWriter *w)
{
    return state_save_fields(w, "parallel", 1, &p->s, parallel_fields);
}

int parallel_load(Parallel *p, StateReader *r)
{
    if (state_load_fields(r, "parallel", 1, &p->s, parallel_fields))
        return -1;
    event_cancel(p->bus->sched, &p->event);
    if (p->s.when)
        event_schedule(p->bus->sched, &p->event, p->s.when);
    return 0;
}

static void dev_reset(void *self) { parallel_reset(self); }
static int dev_save(void *self, StateWriter *w) { return parallel_save(self, w); }
static int dev_load(void *self, StateReader *r) { return parallel_load(self, r); }
static void dev_destroy(void *self) { parallel_destroy(self); }

Device parallel_device(Parallel *p)
{
    return (Device){"parallel", p, dev_reset, dev_save, dev_load, dev_destroy};
}
