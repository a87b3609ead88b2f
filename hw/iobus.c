/*
 * hw/iobus.c — port I/O dispatch: a 64 Ki table of handler pointers, width
 * splitting for devices that only take narrower accesses.
 */
#include "hw/iobus.h"

#include <stdio.h>
#include <stdlib.h>

#define IO_MAX_HANDLERS 256

struct IoBus {
    IoHandler handlers[IO_MAX_HANDLERS];
    unsigned nhandlers;
    uint8_t owner[65536]; /* handler index + 1, 0 = unclaimed */
    io_watch_fn watch;
    void *watch_opaque;
    uint64_t unclaimed;
};

IoBus *io_create(void)
{
    return calloc(1, sizeof(IoBus));
}

void io_destroy(IoBus *io)
{
    free(io);
}

int io_register(IoBus *io, uint16_t base, unsigned count, const char *name,
                io_read_fn read, io_write_fn write, void *opaque,
                unsigned widths)
{
    if (count == 0 || base + count > 65536u || !(widths & IO_WALL))
        return -1;
    for (unsigned p = base; p < base + count; p++) {
        if (io->owner[p]) {
            fprintf(stderr, "px86: port 0x%04x of %s already belongs to %s\n",
                    p, name, io->handlers[io->owner[p] - 1].name);
            return -1;
        }
    }
    /* Reuse an identical handler slot (same callbacks and opaque). */
    unsigned idx;
    for (idx = 0; idx < io->nhandlers; idx++) {
        IoHandler *h = &io->handlers[idx];
        if (h->read == read && h->write == write && h->opaque == opaque &&
            h->widths == widths)
            break;
    }
    if (idx == io->nhandlers) {
        if (io->nhandlers >= IO_MAX_HANDLERS - 1)
            return -1;
        io->handlers[io->nhandlers++] = (IoHandler){
            .name = name, .read = read, .write = write, .opaque = opaque,
            .widths = widths & IO_WALL};
    }
    for (unsigned p = base; p < base + count; p++)
        io->owner[p] = (uint8_t)(idx + 1);
    return 0;
}

void io_unregister(IoBus *io, uint16_t base, unsigned count)
{
    for (unsigned p = base; p < base + count && p < 65536u; p++)
        io->owner[p] = 0;
}

const char *io_owner(const IoBus *io, uint16_t port)
{
    unsigned o = io->owner[port];
    return o ? io->handlers[o - 1].name : NULL;
}

static uint32_t ones(unsigned size)
{
    return size >= 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
}

static uint32_t read_one(IoBus *io, uint16_t port, unsigned size)
{
    unsigned o = io->owner[port];
    if (!o) {
        io->unclaimed++;
        return ones(size);
    }
    IoHandler *h = &io->handlers[o - 1];
    if (!h->read)
        return ones(size);
    if ((h->widths & size) && (size == 1 || io->owner[(uint16_t)(port + size - 1)] == o))
        return h->read(h->opaque, port, size) & ones(size);
    /* Split: into words if the device takes them, else bytes. */
    uint32_t v = 0;
    if (size == 4 && (h->widths & IO_W16)) {
        v = read_one(io, port, 2);
        v |= read_one(io, (uint16_t)(port + 2), 2) << 16;
        return v;
    }
    for (unsigned i = 0; i < size; i++) {
        uint16_t p = (uint16_t)(port + i);
        unsigned oi = io->owner[p];
        uint32_t b;
        if (!oi || !io->handlers[oi - 1].read) {
            b = 0xFF;
        } else if (io->handlers[oi - 1].widths & IO_W8) {
            b = io->handlers[oi - 1].read(io->handlers[oi - 1].opaque, p, 1) & 0xFF;
        } else {
            b = 0xFF;
        }
        v |= b << (8 * i);
    }
    return v;
}

uint32_t io_read(IoBus *io, uint16_t port, unsigned size)
{
    uint32_t v = read_one(io, port, size);
    if (io->watch)
        io->watch(io->watch_opaque, port, v, size, 0);
    return v;
}

static void write_one(IoBus *io, uint16_t port, uint32_t val, unsigned size)
{
    unsigned o = io->owner[port];
    if (!o) {
        io->unclaimed++;
        return;
    }
    IoHandler *h = &io->handlers[o - 1];
    if (!h->write)
        return;
    if ((h->widths & size) && (size == 1 || io->owner[(uint16_t)(port + size - 1)] == o)) {
        h->write(h->opaque, port, val & ones(size), size);
        return;
    }
    if (size == 4 && (h->widths & IO_W16)) {
        write_one(io, port, val & 0xFFFF, 2);
        write_one(io, (uint16_t)(port + 2), val >> 16, 2);
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        uint16_t p = (uint16_t)(port + i);
        unsigned oi = io->owner[p];
        if (oi && io->handlers[oi - 1].write && (io->handlers[oi - 1].widths & IO_W8))
            io->handlers[oi - 1].write(io->handlers[oi - 1].opaque, p,
                                       (val >> (8 * i)) & 0xFF, 1);
    }
}

void io_write(IoBus *io, uint16_t port, uint32_t val, unsigned size)
{
    if (io->watch)
        io->watch(io->watch_opaque, port, val, size, 1);
    write_one(io, port, val, size);
}

void io_set_watch(IoBus *io, io_watch_fn fn, void *opaque)
{
    io->watch = fn;
    io->watch_opaque = opaque;
}

uint64_t io_unclaimed_count(const IoBus *io)
{
    return io->unclaimed;
}
