/*
 * hw/parallel.h — PC parallel printer port (LPT1 at 0x378, IRQ7).
 *
 * Owns: the data, status and control registers of a standard (SPP) port
 * and the BUSY/ACK handshake of a printer that takes each strobed byte.
 * Strobed bytes go to a CharDev (may be NULL: discarded).
 */
#ifndef PX86_HW_PARALLEL_H
#define PX86_HW_PARALLEL_H

#include <stdint.h>

#include "hw/bus.h"
#include "hw/chardev.h"
#include "hw/device.h"

#define PARALLEL_LPT1_BASE 0x378
#define PARALLEL_LPT1_IRQ 7

typedef struct Parallel Parallel;

Parallel *parallel_create(Bus *bus, uint16_t base, unsigned irq, CharDev *chr);
void parallel_reset(Parallel *p);
void parallel_destroy(Parallel *p); /* does not close the CharDev */
Device parallel_device(Parallel *p);
int parallel_save(Parallel *p, StateWriter *w);
int parallel_load(Parallel *p, StateReader *r);

#endif
