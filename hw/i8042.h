/*
 * hw/i8042.h — the 8042 keyboard/auxiliary controller (ports 0x60/0x64)
 * and PS/2 system control port A (0x92: fast A20 and fast reset).
 *
 * The controller owns the A20 gate: A20 is enabled when either output port
 * bit 1 (command D1h) or port 0x92 bit 1 is set (mem_set_a20).  Reset
 * requests (output port bit 0 low, pulse command FEh, port 0x92 bit 0)
 * go to bus->request_reset.  IRQ1/IRQ12 follow the output buffer as
 * enabled by the command byte.
 */
#ifndef PX86_HW_I8042_H
#define PX86_HW_I8042_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/bus.h"
#include "hw/device.h"
#include "hw/ps2kbd.h"
#include "hw/ps2mouse.h"

typedef struct I8042 I8042;

/* kbd and mouse may be NULL (nothing on that port). */
I8042 *i8042_create(Bus *bus, Ps2Kbd *kbd, Ps2Mouse *mouse);
/* Power-on state: command byte 0x41 (XLAT, IRQ1; SYS clear = cold boot),
 * A20 enabled.  Does not reset the attached devices. */
void i8042_reset(I8042 *c);
void i8042_destroy(I8042 *c);
Device i8042_device(I8042 *c);
int i8042_save(I8042 *c, StateWriter *w);
int i8042_load(I8042 *c, StateReader *r);

/* The command byte (debugger / tests). */
uint8_t i8042_command_byte(const I8042 *c);

#endif
