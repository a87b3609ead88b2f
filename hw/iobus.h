/*
 * hw/iobus.h — the x86 I/O port space (64 Ki ports).
 *
 * Owns: the table of port handlers.  Devices register a range of ports with
 * byte/word/dword handlers and an opaque pointer; the CPU (through the
 * machine) calls io_read/io_write.  A device that registers only a byte
 * handler gets wide accesses split into little-endian byte accesses.
 * Unclaimed reads return all ones; unclaimed writes are dropped (and counted
 * so the debugger can list them).
 */
#ifndef PX86_HW_IOBUS_H
#define PX86_HW_IOBUS_H

#include <stdint.h>

/* Accepted widths (bit mask). */
enum { IO_W8 = 1, IO_W16 = 2, IO_W32 = 4, IO_WALL = 7 };

typedef uint32_t (*io_read_fn)(void *opaque, uint16_t port, unsigned size);
typedef void (*io_write_fn)(void *opaque, uint16_t port, uint32_t val,
                            unsigned size);

typedef struct IoHandler {
    const char *name; /* device name, for conflict reports and the debugger */
    io_read_fn read;  /* may be NULL: reads return all ones */
    io_write_fn write; /* may be NULL: writes are ignored */
    void *opaque;
    unsigned widths; /* IO_W8|IO_W16|IO_W32: sizes the handlers accept */
} IoHandler;

typedef struct IoBus IoBus;

/* Observer of every port access (debugger I/O breakpoints, -trace). */
typedef void (*io_watch_fn)(void *opaque, uint16_t port, uint32_t val,
                            unsigned size, int is_write);

IoBus *io_create(void);
void io_destroy(IoBus *io);
/* Register ports [base, base+count).  Returns 0, or -1 if any port of the
 * range is taken (the message names both devices on stderr). */
int io_register(IoBus *io, uint16_t base, unsigned count, const char *name,
                io_read_fn read, io_write_fn write, void *opaque,
                unsigned widths);
void io_unregister(IoBus *io, uint16_t base, unsigned count);
/* Name of the device owning a port, or NULL. */
const char *io_owner(const IoBus *io, uint16_t port);

uint32_t io_read(IoBus *io, uint16_t port, unsigned size);
void io_write(IoBus *io, uint16_t port, uint32_t val, unsigned size);

void io_set_watch(IoBus *io, io_watch_fn fn, void *opaque);
/* Count of accesses nobody claimed (for diagnostics). */
uint64_t io_unclaimed_count(const IoBus *io);

#endif
