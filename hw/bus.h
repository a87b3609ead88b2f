/*
 * hw/bus.h — what a device may touch: the machine's buses.
 *
 * Devices talk to the rest of the machine only through this: port I/O
 * registration (IoBus), memory regions (PhysMem), IRQ lines, DMA channels,
 * timed events (Sched), and a few machine-level requests (reset, exit, A20).
 * The machine fills it in; the interrupt controller and the DMA controller
 * install themselves as the IRQ sink and DMA engine.
 */
#ifndef PX86_HW_BUS_H
#define PX86_HW_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/iobus.h"
#include "hw/sched.h"
#include "mem/memory.h"

typedef struct Bus Bus;

/* Direction of a DMA transfer as seen by memory. */
enum { DMA_TO_MEMORY = 1, DMA_FROM_MEMORY = 0 };

struct Bus {
    PhysMem *mem;
    IoBus *io;
    Sched *sched;

    /* IRQ sink (the PIC pair): level of ISA IRQ line 0..15. */
    void (*irq_set)(void *sink, unsigned irq, bool level);
    void *irq_sink;

    /* DMA engine (the 8237 pair).  dma_transfer moves up to len bytes
     * between buf and memory on channel chan, following the channel's
     * programmed address, count, mode and page; returns the bytes moved and
     * sets *tc when the terminal count was reached.  Returns 0 if the
     * channel is masked or programmed for the other direction. */
    size_t (*dma_transfer)(void *engine, unsigned chan, void *buf, size_t len,
                           int direction, bool *tc);
    void *dma_engine;

    /* Machine-level requests (safe to call from any device callback). */
    void (*request_reset)(void *machine);       /* CPU/system reset */
    void (*request_exit)(void *machine, int status); /* end the run */
    void (*cpu_nmi)(void *machine);             /* raise NMI */
    void (*cpu_ferr_clear)(void *machine);      /* port 0xF0 */
    void *machine;
};

static inline void bus_irq(Bus *bus, unsigned irq, bool level)
{
    if (bus->irq_set)
        bus->irq_set(bus->irq_sink, irq, level);
}

/* Edge helper: pulse a line low->high->low (ISA edge-triggered devices that
 * model a short pulse). */
static inline void bus_irq_pulse(Bus *bus, unsigned irq)
{
    bus_irq(bus, irq, true);
    bus_irq(bus, irq, false);
}

static inline size_t bus_dma(Bus *bus, unsigned chan, void *buf, size_t len,
                             int direction, bool *tc)
{
    bool dummy;
    if (!tc)
        tc = &dummy;
    *tc = false;
    return bus->dma_transfer
               ? bus->dma_transfer(bus->dma_engine, chan, buf, len, direction, tc)
               : 0;
}

static inline uint64_t bus_now(const Bus *bus)
{
    return sched_now(bus->sched);
}

#endif
