/*
 * hw/debugexit.c — isa-debug-exit.  Owns the port range; no saved state.
 * The status formula (V << 1) | 1 is QEMU's, so a guest test suite gets
 * the same exit codes under either emulator (and 0 can never mean
 * "passed by accident").
 */
#include "hw/debugexit.h"

#include <stdlib.h>

struct DebugExit {
    Bus *bus;
    uint16_t port;
    unsigned iosize;
};

static uint32_t de_read(void *opaque, uint16_t port, unsigned size)
{
    return 0xFFFFFFFFu; /* nothing to read, as an unclaimed port */
}

static void de_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    DebugExit *de = opaque;
    if (size < 4)
        val &= (1u << (8 * size)) - 1;
    if (de->bus->request_exit)
        de->bus->request_exit(de->bus->machine, (int)((val << 1) | 1u));
}

void debugexit_reset(DebugExit *de) { (void)de; }

DebugExit *debugexit_create(Bus *bus, uint16_t port, unsigned iosize)
{
    if (iosize != 1 && iosize != 2 && iosize != 4)
        return NULL;
    DebugExit *de = calloc(1, sizeof *de);
    if (!de)
        return NULL;
    de->bus = bus;
    de->port = port;
    de->iosize = iosize;
    unsigned widths = iosize == 1 ? IO_W8 : iosize == 2 ? IO_W8 | IO_W16 : IO_WALL;
    if (io_register(bus->io, port, iosize, "isa-debug-exit", de_read, de_write, de,
                    widths)) {
        free(de);
        return NULL;
    }
    return de;
}

void debugexit_destroy(DebugExit *de)
{
    if (!de)
        return;
    io_unregister(de->bus->io, de->port, de->iosize);
    free(de);
}

static void dev_reset(void *s) { debugexit_reset(s); }
static int dev_save(void *s, StateWriter *w) { (void)s; (void)w; return 0; }
static int dev_load(void *s, StateReader *r) { (void)s; (void)r; return 0; }
static void dev_destroy(void *s) { debugexit_destroy(s); }

Device debugexit_device(DebugExit *de)
{
    return (Device){"isa-debug-exit", de, dev_reset, dev_save, dev_load, dev_destroy};
}
