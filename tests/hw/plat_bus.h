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

/* The 8042's output buffer: the next byte (waiting up to one PS/2 byte
 * frame, about 1.1 ms, if it is empty), or -1 if none arrives; and a
 * Check assertion that the next bytes are exactly `want`. */
#define PB_PS2_FRAME_NS 1100000ull
int pb_kbc_read(PlatBus *pb);
void pb_kbc_expect(PlatBus *pb, const uint8_t *want, unsigned n);
#define PB_KBC_EXPECT(pb, ...)                                              \
    do {                                                                    \
        const uint8_t w_[] = {__VA_ARGS__};                                 \
        pb_kbc_expect(pb, w_, sizeof w_);                                   \
    } while (0)

#endif
