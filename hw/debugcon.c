/*
 * hw/debugcon.c — the debug console port: guest bytes out, nothing in.
 * Owns only the port registration and a byte counter; it has no guest
 * visible state to save.
 */
#include "hw/debugcon.h"

#include <stdlib.h>

struct Debugcon {
    Bus *bus;
    uint16_t port;
    debugcon_out_fn out;
    void *opaque;
    uint64_t bytes;
};

static uint32_t dc_read(void *opaque, uint16_t port, unsigned size)
{
    return 0xE9; /* the "port E9 hack is present" signature */
}

static void dc_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    Debugcon *dc = opaque;
    dc->bytes++;
    if (dc->out)
        dc->out(dc->opaque, (uint8_t)val);
}

uint64_t debugcon_bytes(const Debugcon *dc) { return dc->bytes; }

void debugcon_reset(Debugcon *dc) { (void)dc; }

Debugcon *debugcon_create(Bus *bus, uint16_t port, debugcon_out_fn out, void *opaque)
{
    Debugcon *dc = calloc(1, sizeof *dc);
    if (!dc)
        return NULL;
    dc->bus = bus;
    dc->port = port;
    dc->out = out;
    dc->opaque = opaque;
    if (io_register(bus->io, port, 1, "debugcon", dc_read, dc_write, dc, IO_W8)) {
        free(dc);
        return NULL;
    }
    return dc;
}

void debugcon_destroy(Debugcon *dc)
{
    if (!dc)
        return;
    io_unregister(dc->bus->io, dc->port, 1);
    free(dc);
}

static void dev_reset(void *s) { debugcon_reset(s); }
static int dev_save(void *s, StateWriter *w) { (void)s; (void)w; return 0; }
static int dev_load(void *s, StateReader *r) { (void)s; (void)r; return 0; }
static void dev_destroy(void *s) { debugcon_destroy(s); }

Device debugcon_device(Debugcon *dc)
{
    return (Device){"debugcon", dc, dev_reset, dev_save, dev_load, dev_destroy};
}
