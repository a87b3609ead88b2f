/*
 * hw/debugexit.h — QEMU-compatible isa-debug-exit: a write of V to the
 * port (default 0xF4) ends the run with exit status (V << 1) | 1 through
 * bus->request_exit.  iosize 1, 2 or 4 selects how many ports it claims
 * and how wide an access it takes in one piece.
 */
#ifndef PX86_HW_DEBUGEXIT_H
#define PX86_HW_DEBUGEXIT_H

#include <stdint.h>

#include "hw/bus.h"
#include "hw/device.h"

typedef struct DebugExit DebugExit;

/* NULL if iosize is not 1, 2 or 4 or the ports are taken. */
DebugExit *debugexit_create(Bus *bus, uint16_t port, unsigned iosize);
void debugexit_reset(DebugExit *de);
void debugexit_destroy(DebugExit *de);
Device debugexit_device(DebugExit *de);

#endif
