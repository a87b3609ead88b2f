/*
 * tests/hw/plat_bus.h — a self-contained Bus for the platform-chip tests
 * (PIC, PIT, RTC, 8042, DMA...): 2 MiB of RAM, an I/O bus, a scheduler on
 * manual time, an IRQ sink recording line levels and rising edges, and
 * recorders for reset/exit/FERR requests.  Prefix pb_ (the storage tests
 * own tb_).
 */
#ifndef PX86_TESTS_PLAT_BUS_H
#define PX86_TESTS_PLAT_BUS_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/bus.h"

typedef struct PlatBus {
    Bus bus;
    Sched sched;
    bool irq[16];
    unsigned irq_rises[16];
    uint64_t irq_rise_time[16][64]; /* guest ns of the first 64 rises */
    unsigned resets, exits, ferr_clears, nmis;
    int exit_status;
} PlatBus;

PlatBus *pb_create(void);
void pb_destroy(PlatBus *pb);
/* Advance guest time to `now + ns`, running every event at its own
 * deadline (the clock steps to each deadline before its callback). */
void pb_advance(PlatBus *pb, uint64_t ns);
uint64_t pb_now(PlatBus *pb);
uint8_t pb_in8(PlatBus *pb, uint16_t port);
void pb_out8(PlatBus *pb, uint16_t port, uint8_t v);
uint32_t pb_in(PlatBus *pb, uint16_t port, unsigned size);
void pb_out(PlatBus *pb, uint16_t port, uint32_t v, unsigned size);
void pb_clear_irq_counts(PlatBus *pb);

#endif
