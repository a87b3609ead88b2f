/*
 * hw/debugcon.h — the Bochs/QEMU debug console port (default 0xE9): every
 * byte the guest writes goes to an output callback (the machine forwards
 * it to the -debugcon CharDev); reads return 0xE9 so guests can detect it.
 */
#ifndef PX86_HW_DEBUGCON_H
#define PX86_HW_DEBUGCON_H

#include <stdint.h>

#include "hw/bus.h"
#include "hw/device.h"

typedef struct Debugcon Debugcon;
typedef void (*debugcon_out_fn)(void *opaque, uint8_t byte);

Debugcon *debugcon_create(Bus *bus, uint16_t port, debugcon_out_fn out, void *opaque);
void debugcon_reset(Debugcon *dc);
void debugcon_destroy(Debugcon *dc);
Device debugcon_device(Debugcon *dc);
uint64_t debugcon_bytes(const Debugcon *dc); /* bytes written so far */

#endif
