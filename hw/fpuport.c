/*
 * hw/fpuport.c — port 0xF0 (clear math coprocessor busy/error).  Owns the
 * port only: the error latch itself lives with the CPU/FPU, which the
 * machine reaches through bus->cpu_ferr_clear.
 * Reference: IBM PC/AT Technical Reference, I/O address map (F0h: clear
 * math coprocessor busy; F1h: reset math coprocessor).
 */
#include "hw/fpuport.h"

#include <stdlib.h>

struct FpuPort {
    Bus *bus;
};

static void f0_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    FpuPort *fp = opaque;
    if (fp->bus->cpu_ferr_clear)
        fp->bus->cpu_ferr_clear(fp->bus->machine);
}

void fpuport_reset(FpuPort *fp) { (void)fp; }

FpuPort *fpuport_create(Bus *bus)
{
    FpuPort *fp = calloc(1, sizeof *fp);
    if (!fp)
        return NULL;
    fp->bus = bus;
    if (io_register(bus->io, 0xF0, 1, "fpu-port", NULL, f0_write, fp, IO_W8)) {
        free(fp);
        return NULL;
    }
    return fp;
}

void fpuport_destroy(FpuPort *fp)
{
    if (!fp)
        return;
    io_unregister(fp->bus->io, 0xF0, 1);
    free(fp);
}

static void dev_reset(void *s) { fpuport_reset(s); }
static int dev_save(void *s, StateWriter *w) { (void)s; (void)w; return 0; }
static int dev_load(void *s, StateReader *r) { (void)s; (void)r; return 0; }
static void dev_destroy(void *s) { fpuport_destroy(s); }

Device fpuport_device(FpuPort *fp)
{
    return (Device){"fpu-port", fp, dev_reset, dev_save, dev_load, dev_destroy};
}
