/*
 * tests/hw/ide_util.h — small driver-side helpers for the IDE/ATAPI tests
 * (header-only, static inline).
 */
#ifndef PX86_TESTS_IDE_UTIL_H
#define PX86_TESTS_IDE_UTIL_H

#include "stor_bus.h"

#define P 0x1F0
#define CTL 0x3F6

static inline uint16_t in16(TestBus *tb, uint16_t port)
{
    return (uint16_t)io_read(tb->bus.io, port, 2);
}
static inline uint32_t in32(TestBus *tb, uint16_t port)
{
    return io_read(tb->bus.io, port, 4);
}
static inline void out16(TestBus *tb, uint16_t port, uint16_t v)
{
    io_write(tb->bus.io, port, v, 2);
}

/* Task file for an LBA28 command on unit. */
static inline void ide_lba(TestBus *tb, int unit, uint32_t lba, uint8_t count)
{
    tb_out8(tb, P + 6, (uint8_t)(0xE0 | (unit << 4) | ((lba >> 24) & 0x0F)));
    tb_out8(tb, P + 2, count);
    tb_out8(tb, P + 3, (uint8_t)lba);
    tb_out8(tb, P + 4, (uint8_t)(lba >> 8));
    tb_out8(tb, P + 5, (uint8_t)(lba >> 16));
}

#endif
