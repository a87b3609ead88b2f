/*
 * hw/vga_internal.h — the VGA adapter state shared by hw/vga.c (registers
 * and memory access), hw/vga_render.c (picture and text export) and
 * hw/vga_dispi.c (Bochs DISPI / VBE extension).  Not for other devices.
 */
#ifndef PX86_HW_VGA_INTERNAL_H
#define PX86_HW_VGA_INTERNAL_H

#include "hw/vga.h"

/* Video memory is stored interleaved: plane p of offset o is
 * vram[o * 4 + p], so one offset's four plane bytes sit together (latches,
 * chain-4 and the 256-colour shifter all want that). */
#define VGA_PLANE_SIZE 0x10000u
#define VGA_DIRTY_SHIFT 9 /* dirty tracking granularity: 512 offsets */
#define VGA_DIRTY_BLOCKS (VGA_PLANE_SIZE >> VGA_DIRTY_SHIFT)
#define VGA_SHADOW_SIZE ((size_t)VGA_DISPI_MAX_XRES * VGA_DISPI_MAX_YRES * 4)

/* DISPI register indexes (port 0x1CE selects, 0x1CF reads/writes). */
enum {
    DISPI_ID, DISPI_XRES, DISPI_YRES, DISPI_BPP, DISPI_ENABLE, DISPI_BANK,
    DISPI_VIRT_WIDTH, DISPI_VIRT_HEIGHT, DISPI_X_OFFSET, DISPI_Y_OFFSET,
    DISPI_VIDEO_MEMORY_64K, DISPI_NREGS
};
enum {
    DISPI_ENABLED = 0x01, DISPI_GETCAPS = 0x02, DISPI_8BIT_DAC = 0x20,
    DISPI_LFB_ENABLED = 0x40, DISPI_NOCLEARMEM = 0x80,
};

struct Vga {
    Bus *bus;

    /* --- saved state (see vga_state_fields) --- */
    uint8_t misc;          /* 3C2 write / 3CC read */
    uint8_t feature;       /* 3BA/3DA write, 3CA read */
    uint8_t seq_index, seq[8];
    uint8_t crtc_index, crtc[32];
    uint8_t gc_index, gc[16];
    uint8_t ac_index, ac[32];
    uint8_t ac_flipflop;   /* 0: next 3C0 write is an index */
    uint8_t dac_read_index, dac_write_index, dac_component, dac_state;
    uint8_t dac_read_component;
    uint8_t pel_mask;
    uint8_t dac[768];      /* 6-bit R,G,B (8-bit when DISPI 8-bit DAC) */
    uint8_t dac_latch[3];
    uint8_t latch[4];
    uint16_t dispi_index;
    uint16_t dispi[DISPI_NREGS];
    uint8_t vram[VGA_VRAM_SIZE];

    /* --- not saved --- */
    uint8_t *lfb;          /* VGA_LFB_SIZE bytes, mapped at VGA_LFB_BASE */
    uint8_t *lfb_shadow;   /* last rendered raw rows of the visible area */
    bool lfb_mapped;
    /* Rendering state. */
    DisplayBuffer display;
    uint32_t *linebuf;     /* one line + panning slack */
    bool full_redraw;      /* registers/palette changed */
    uint8_t dirty[VGA_DIRTY_BLOCKS]; /* plane offsets written since render */
    bool font_dirty;       /* plane 2 written (text glyphs) */
    int last_blink_phase;
    int last_w, last_h;
    uint32_t palette_rgb[256]; /* DAC entries as 0x00RRGGBB */
};

/* hw/vga_dispi.c */
void vga_dispi_reset(Vga *vga);
void vga_dispi_sanitize(Vga *vga);
int vga_dispi_init(Vga *vga);
bool vga_dispi_enabled(const Vga *vga);
bool vga_dispi_banked_read(Vga *vga, uint32_t off, uint8_t *val);
bool vga_dispi_banked_write(Vga *vga, uint32_t off, uint8_t val);
bool vga_dispi_render(Vga *vga, DisplayBuffer *d);

/* hw/vga_render.c */
void vga_render_init_palette(Vga *vga);
void vga_update_palette_entry(Vga *vga, unsigned idx);
/* Guest time helpers shared by status port and blink. */
uint64_t vga_frame_ns(const Vga *vga);

static inline void vga_mark_dirty(Vga *vga, uint32_t plane_off)
{
    vga->dirty[(plane_off & 0xFFFF) >> VGA_DIRTY_SHIFT] = 1;
}

#endif
