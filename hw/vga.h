/*
 * hw/vga.h — the VGA adapter (IBM VGA register set, 256 KiB of planar video
 * memory) with the Bochs "DISPI" VBE extension and its linear framebuffer.
 *
 * Owns: ports 0x3B0-0x3DF and 0x1CE-0x1CF, the legacy window
 * 0xA0000-0xBFFFF (MMIO), the linear framebuffer at VGA_LFB_BASE, and the
 * renderer that turns video memory into a DisplayBuffer / TextScreen.
 * The VGA BIOS ROM itself is mapped by the machine (roms/vgabios.bin).
 */
#ifndef PX86_HW_VGA_H
#define PX86_HW_VGA_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/bus.h"
#include "hw/device.h"
#include "hw/display.h"

#define VGA_VRAM_SIZE  (256u * 1024u) /* four 64 KiB planes */
#define VGA_LFB_BASE   0xE0000000u
#define VGA_LFB_SIZE   (16u * 1024u * 1024u)
#define VGA_DISPI_MAX_XRES 1600
#define VGA_DISPI_MAX_YRES 1200
#define VGA_DISPI_MAX_BPP  32

typedef struct Vga Vga;

/* Creates the adapter, registers its ports and memory; NULL on failure
 * (port or memory conflict). */
Vga *vga_create(Bus *bus);
void vga_reset(Vga *vga);
void vga_destroy(Vga *vga);
int vga_save(Vga *vga, StateWriter *w);
int vga_load(Vga *vga, StateReader *r);
Device vga_device(Vga *vga);

/* Brings the picture up to date and returns it (the buffer stays owned by
 * the adapter and is valid until the next call or vga_destroy).  Rows that
 * changed since the last call are reported in dirty_y0..dirty_y1
 * (dirty_y0 > dirty_y1 when nothing changed). */
const DisplayBuffer *vga_render(Vga *vga);
/* Characters, attributes and cursor of the visible text page
 * (text_mode=false in graphics modes). */
void vga_text_screen(Vga *vga, TextScreen *ts);

/* Direct access for tests and the debugger: plane p (0..3) byte at
 * offset off (0..0xFFFF). */
uint8_t vga_vram_peek(const Vga *vga, unsigned plane, unsigned off);

#endif
