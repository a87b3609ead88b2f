/*
 * tests/hw/stor_bus.h — a self-contained Bus for the storage/serial device
 * tests: 1 MiB of RAM, an I/O bus, a manual-time scheduler, an IRQ sink that
 * records line levels and rising edges, and a fake single-cycle DMA engine.
 */
#ifndef PX86_TESTS_STOR_BUS_H
#define PX86_TESTS_STOR_BUS_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/bus.h"

typedef struct FakeDmaChan {
    bool enabled;
    int direction;   /* DMA_TO_MEMORY / DMA_FROM_MEMORY */
    uint32_t addr;   /* next physical address */
    uint32_t count;  /* bytes left before terminal count */
    uint64_t moved;  /* total bytes moved */
} FakeDmaChan;

typedef struct TestBus {
    Bus bus;
    Sched sched;
    bool irq[16];
    unsigned irq_rises[16];
    FakeDmaChan dma[8];
} TestBus;

TestBus *tb_create(void);
void tb_destroy(TestBus *tb);
/* Advance guest time by ns and run due events. */
void tb_advance(TestBus *tb, uint64_t ns);
/* Program DMA channel chan for count bytes at addr. */
void tb_dma_setup(TestBus *tb, unsigned chan, uint32_t addr, uint32_t count,
                  int direction);
uint8_t tb_in8(TestBus *tb, uint16_t port);
void tb_out8(TestBus *tb, uint16_t port, uint8_t v);
/* Make a temporary file of size bytes filled by fill(i) (or pattern).
 * Returns a malloc'd path. */
char *tb_temp_image(uint64_t size, uint8_t (*fill)(uint64_t off));
uint8_t tb_pattern(uint64_t off);
/* Compare a file with the pattern (true if byte-identical). */
bool tb_file_is_pattern(const char *path, uint64_t size);

#endif
