/*
 * hw/ps2mouse.h — a PS/2 mouse (with IntelliMouse wheel and 5-button
 * extensions) behind the 8042 auxiliary port.
 *
 * ps2mouse_motion(): dx > 0 right, dy > 0 DOWN (screen convention; the
 * packet's Y axis points up), dz > 0 wheel towards the user (scroll down),
 * buttons bit 0 left, 1 right, 2 middle, 3 button 4, 4 button 5.  Motion
 * is accumulated and sent in as many packets as needed (nothing is lost
 * or invented); a packet is built whenever the previous one was taken by
 * the controller.
 */
#ifndef PX86_HW_PS2MOUSE_H
#define PX86_HW_PS2MOUSE_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/bus.h"
#include "hw/device.h"
#include "hw/ps2.h"

enum { MOUSE_LEFT = 1, MOUSE_RIGHT = 2, MOUSE_MIDDLE = 4, MOUSE_BUTTON4 = 8,
       MOUSE_BUTTON5 = 16 };

typedef struct Ps2Mouse Ps2Mouse;

Ps2Mouse *ps2mouse_create(Bus *bus);
void ps2mouse_reset(Ps2Mouse *m);
void ps2mouse_destroy(Ps2Mouse *m);
Device ps2mouse_device(Ps2Mouse *m);
int ps2mouse_save(Ps2Mouse *m, StateWriter *w);
int ps2mouse_load(Ps2Mouse *m, StateReader *r);

void ps2mouse_motion(Ps2Mouse *m, int dx, int dy, int dz, unsigned buttons);

/* Controller side. */
void ps2mouse_attach(Ps2Mouse *m, ps2_notify_fn notify, void *ctrl);
void ps2mouse_write(Ps2Mouse *m, uint8_t byte);
bool ps2mouse_pending(const Ps2Mouse *m);
uint8_t ps2mouse_read(Ps2Mouse *m);

#endif
