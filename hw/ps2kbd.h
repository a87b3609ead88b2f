/*
 * hw/ps2kbd.h — a PS/2 (MF2) keyboard behind the 8042.
 *
 * Front ends call ps2kbd_key() with physical keys (hw/keycodes.h) on press
 * and release only; auto-repeat is generated here from guest time with the
 * typematic rate/delay the guest programmed (host key repeat must not be
 * forwarded).  Scancode sets 1, 2 and 3 are produced (F0h 00h-03h); in
 * set 3 the per-key types of commands F7h-FDh apply.
 */
#ifndef PX86_HW_PS2KBD_H
#define PX86_HW_PS2KBD_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/bus.h"
#include "hw/device.h"
#include "hw/keycodes.h"
#include "hw/ps2.h"

typedef struct Ps2Kbd Ps2Kbd;

Ps2Kbd *ps2kbd_create(Bus *bus);
void ps2kbd_reset(Ps2Kbd *kbd);
void ps2kbd_destroy(Ps2Kbd *kbd);
Device ps2kbd_device(Ps2Kbd *kbd);
int ps2kbd_save(Ps2Kbd *kbd, StateWriter *w);
int ps2kbd_load(Ps2Kbd *kbd, StateReader *r);

/* Host side. */
void ps2kbd_key(Ps2Kbd *kbd, KeyCode key, bool down);
void ps2kbd_release_all(Ps2Kbd *kbd);
unsigned ps2kbd_leds(const Ps2Kbd *kbd); /* KBD_LED_* */

/* Controller side. */
void ps2kbd_attach(Ps2Kbd *kbd, ps2_notify_fn notify, void *ctrl);
void ps2kbd_write(Ps2Kbd *kbd, uint8_t byte); /* command/data from the host */
bool ps2kbd_pending(const Ps2Kbd *kbd);
uint8_t ps2kbd_read(Ps2Kbd *kbd); /* next byte to the host (0 if none) */

#endif
