/*
 * hw/vga.c — the VGA adapter's registers and video memory access.
 *
 * Owns: sequencer, CRT controller, graphics controller, attribute
 * controller, DAC, misc output / feature control / input status ports
 * (0x3B0-0x3DF), the CPU view of the four 64 KiB planes through the
 * 0xA0000-0xBFFFF window (read modes 0-1, write modes 0-3, latches,
 * set/reset, rotate, logical ops, bit mask, chain-4, odd/even, memory map
 * select), and create/reset/save/load.  Rendering lives in hw/vga_render.c,
 * the DISPI extension in hw/vga_dispi.c.
 *
 * Register semantics follow the IBM VGA Technical Reference (sequencer,
 * CRTC, graphics and attribute controller chapters).
 */
#include <stdlib.h>
#include <string.h>

#include "hw/vga_internal.h"

#define VGA_WINDOW_BASE 0xA0000u
#define VGA_WINDOW_SIZE 0x20000u

/* ---- memory window ------------------------------------------------------ */

/* Translates a CPU address in the legacy window to a plane offset given the
 * memory map select (GC 06h bits 2-3).  Returns false outside the window. */
static bool window_offset(const Vga *vga, uint32_t addr, uint32_t *off)
{
    uint32_t a = addr - VGA_WINDOW_BASE;
    switch ((vga->gc[6] >> 2) & 3) {
    case 0: *off = a; return true;                    /* A0000, 128 KiB */
    case 1: if (a >= 0x10000) return false; *off = a; return true;
    case 2: if (a < 0x10000 || a >= 0x18000) return false;
            *off = a - 0x10000; return true;          /* B0000, 32 KiB */
    default: if (a < 0x18000) return false;
             *off = a - 0x18000; return true;         /* B8000, 32 KiB */
    }
}

static inline uint8_t *vram_at(Vga *vga, uint32_t plane_off)
{
    return &vga->vram[(plane_off & 0xFFFF) * 4];
}

static uint8_t vga_mem_read8(Vga *vga, uint32_t addr)
{
    uint32_t off;
    if (vga_dispi_enabled(vga)) {
        uint8_t v;
        if (vga_dispi_banked_read(vga, addr - VGA_WINDOW_BASE, &v))
            return v;
    }
    if (!window_offset(vga, addr, &off))
        return 0xFF;

    unsigned plane;
    uint32_t poff;
    if (vga->seq[4] & 0x08) {               /* chain-4 */
        plane = off & 3;
        poff = off & ~3u;
    } else if (vga->gc[5] & 0x10) {         /* host odd/even read */
        plane = (vga->gc[4] & 2) | (off & 1);
        poff = off & ~1u;
    } else {
        plane = vga->gc[4] & 3;
        poff = off;
    }
    uint8_t *p = vram_at(vga, poff);
    memcpy(vga->latch, p, 4);

    if (!(vga->gc[5] & 0x08))               /* read mode 0 */
        return vga->latch[plane];

    /* Read mode 1: colour compare.  A bit is 1 where every plane enabled in
     * Color Don't Care matches its Color Compare bit. */
    uint8_t result = 0xFF;
    for (unsigned i = 0; i < 4; i++) {
        if (!(vga->gc[7] & (1u << i)))
            continue;
        uint8_t want = (vga->gc[2] & (1u << i)) ? 0xFF : 0x00;
        result &= (uint8_t)~(vga->latch[i] ^ want);
    }
    return result;
}

static inline uint8_t logical_op(const Vga *vga, uint8_t v, uint8_t latch)
{
    switch ((vga->gc[3] >> 3) & 3) {
    case 1: return v & latch;
    case 2: return v | latch;
    case 3: return v ^ latch;
    default: return v;
    }
}

static void vga_mem_write8(Vga *vga, uint32_t addr, uint8_t val)
{
    uint32_t off;
    if (vga_dispi_enabled(vga) &&
        vga_dispi_banked_write(vga, addr - VGA_WINDOW_BASE, val))
        return;
    if (!window_offset(vga, addr, &off))
        return;

    unsigned planes = vga->seq[2] & 0x0F;
    uint32_t poff;
    if (vga->seq[4] & 0x08) {               /* chain-4: A0-1 pick the plane */
        planes &= 1u << (off & 3);
        poff = off & ~3u;
    } else if (!(vga->seq[4] & 0x04)) {     /* odd/even: A0 picks 0/2 or 1/3 */
        planes &= (off & 1) ? 0x0A : 0x05;
        poff = off & ~1u;
    } else {
        poff = off;
    }
    if (!planes)
        return;

    /* Common case (text, mode 13h): write mode 0 with no set/reset, rotate,
     * logical op or bit mask stores the byte itself. */
    if ((vga->gc[5] & 3) == 0 && (vga->gc[1] & 0x0F) == 0 &&
        (vga->gc[3] & 0x1F) == 0 && vga->gc[8] == 0xFF) {
        uint8_t *p = vram_at(vga, poff);
        for (unsigned i = 0; i < 4; i++)
            if (planes & (1u << i))
                p[i] = val;
        vga_mark_dirty(vga, poff);
        if (planes & 4)
            vga->font_dirty = true;
        return;
    }

    uint8_t out[4];
    uint8_t rot = (uint8_t)(vga->gc[3] & 7);
    uint8_t rv = (uint8_t)((val >> rot) | (val << ((8 - rot) & 7)));
    uint8_t mask = vga->gc[8];
    switch (vga->gc[5] & 3) {
    case 0:
        for (unsigned i = 0; i < 4; i++) {
            uint8_t v = rv;
            if (vga->gc[1] & (1u << i))
                v = (vga->gc[0] & (1u << i)) ? 0xFF : 0x00;
            v = logical_op(vga, v, vga->latch[i]);
            out[i] = (uint8_t)((v & mask) | (vga->latch[i] & ~mask));
        }
        break;
    case 1:
        memcpy(out, vga->latch, 4);
        break;
    case 2:
        for (unsigned i = 0; i < 4; i++) {
            uint8_t v = (val & (1u << i)) ? 0xFF : 0x00;
            v = logical_op(vga, v, vga->latch[i]);
            out[i] = (uint8_t)((v & mask) | (vga->latch[i] & ~mask));
        }
        break;
    default: /* 3: rotated data ANDed with the bit mask becomes the mask */
        mask &= rv;
        for (unsigned i = 0; i < 4; i++) {
            uint8_t v = (vga->gc[0] & (1u << i)) ? 0xFF : 0x00;
            v = logical_op(vga, v, vga->latch[i]);
            out[i] = (uint8_t)((v & mask) | (vga->latch[i] & ~mask));
        }
        break;
    }
    uint8_t *p = vram_at(vga, poff);
    for (unsigned i = 0; i < 4; i++)
        if (planes & (1u << i))
            p[i] = out[i];
    vga_mark_dirty(vga, poff);
    if (planes & 4)
        vga->font_dirty = true;
}

static uint32_t vga_mmio_read(void *opaque, uint32_t addr, unsigned size)
{
    Vga *vga = opaque;
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)vga_mem_read8(vga, addr + i) << (8 * i);
    return v;
}

static void vga_mmio_write(void *opaque, uint32_t addr, uint32_t val,
                           unsigned size)
{
    Vga *vga = opaque;
    for (unsigned i = 0; i < size; i++)
        vga_mem_write8(vga, addr + i, (uint8_t)(val >> (8 * i)));
}

uint8_t vga_vram_peek(const Vga *vga, unsigned plane, unsigned off)
{
    return vga->vram[(off & 0xFFFF) * 4 + (plane & 3)];
}

/* ---- timing ---------------------------------------------------------------- */

static unsigned vertical_display_end(const Vga *vga)
{
    return (unsigned)vga->crtc[0x12] | ((vga->crtc[7] & 0x02u) << 7) |
           ((vga->crtc[7] & 0x40u) << 3);
}

/* 25.175 MHz dot clock: 449-line modes run at 70 Hz, 525-line at 60 Hz. */
uint64_t vga_frame_ns(const Vga *vga)
{
    return vertical_display_end(vga) >= 450 ? NS_PER_SEC / 60
                                            : NS_PER_SEC / 70;
}

/* Input status 1 (3BA/3DA): bit 3 = vertical retrace, bit 0 = display
 * disabled (horizontal or vertical blanking).  Derived from guest time; the
 * retrace window is kept as long as the vertical blank (about 10% of the
 * frame) so polling guests see it even with coarse time steps. */
static uint8_t input_status1(const Vga *vga)
{
    uint64_t frame = vga_frame_ns(vga);
    uint64_t t = bus_now(vga->bus) % frame;
    uint64_t line_ns = 31778; /* 31.47 kHz */
    uint8_t v = 0;
    if (t >= frame - frame / 10)
        v |= 0x09;
    else if (t % line_ns >= line_ns * 4 / 5)
        v |= 0x01;
    return v;
}

/* ---- ports ------------------------------------------------------------------- */

static bool crtc_port_active(const Vga *vga, uint16_t port)
{
    /* Misc output bit 0 selects colour (3Dx) or mono (3Bx) addressing. */
    bool color = vga->misc & 1;
    return color ? (port & 0xFFF0) == 0x3D0 : (port & 0xFFF0) == 0x3B0;
}

static uint32_t vga_port_read(void *opaque, uint16_t port, unsigned size)
{
    Vga *vga = opaque;
    if (size == 2) /* e.g. IN AX,DX at an index port: index, then data */
        return vga_port_read(opaque, port, 1) |
               vga_port_read(opaque, (uint16_t)(port + 1), 1) << 8;
    if ((port >= 0x3B0 && port <= 0x3BF) || (port >= 0x3D0 && port <= 0x3DF)) {
        if (!crtc_port_active(vga, port))
            return 0xFF;
        switch (port & 0x0F) {
        case 0x4: return vga->crtc_index;
        case 0x5: return vga->crtc_index < 0x19 ? vga->crtc[vga->crtc_index] : 0xFF;
        case 0xA:
            vga->ac_flipflop = 0;
            return input_status1(vga);
        default: return 0xFF;
        }
    }
    switch (port) {
    case 0x3C0: return vga->ac_index;
    case 0x3C1: return vga->ac[vga->ac_index & 0x1F];
    case 0x3C2: return 0x10; /* input status 0: switch sense (colour monitor) */
    case 0x3C3: return 0x01;
    case 0x3C4: return vga->seq_index;
    case 0x3C5: return vga->seq_index < 5 ? vga->seq[vga->seq_index] : 0xFF;
    case 0x3C6: return vga->pel_mask;
    case 0x3C7: return vga->dac_state;
    case 0x3C8: return vga->dac_write_index;
    case 0x3C9: {
        uint8_t v = vga->dac[vga->dac_read_index * 3 + vga->dac_read_component];
        if (++vga->dac_read_component == 3) {
            vga->dac_read_component = 0;
            vga->dac_read_index++;
        }
        return v;
    }
    case 0x3CA: return vga->feature;
    case 0x3CC: return vga->misc;
    case 0x3CE: return vga->gc_index;
    case 0x3CF: return vga->gc_index < 9 ? vga->gc[vga->gc_index] : 0xFF;
    default: return 0xFF;
    }
}

static void crtc_write(Vga *vga, uint8_t v)
{
    unsigned i = vga->crtc_index;
    if (i >= 0x19)
        return;
    /* CRTC 11h bit 7 write-protects 00h-07h, except the line compare bit
     * (bit 4) of the overflow register 07h. */
    if ((vga->crtc[0x11] & 0x80) && i <= 7) {
        if (i == 7)
            vga->crtc[7] = (uint8_t)((vga->crtc[7] & ~0x10) | (v & 0x10));
        return;
    }
    if (vga->crtc[i] != v) {
        vga->crtc[i] = v;
        vga->full_redraw = true;
    }
}

static void vga_port_write(void *opaque, uint16_t port, uint32_t val,
                           unsigned size)
{
    Vga *vga = opaque;
    uint8_t v = (uint8_t)val;
    if (size == 2 && port != 0x3C0) {
        /* A word write to an index port sets index then data. */
        vga_port_write(opaque, port, val & 0xFF, 1);
        vga_port_write(opaque, (uint16_t)(port + 1), (val >> 8) & 0xFF, 1);
        return;
    }
    if (size == 2) {
        vga_port_write(opaque, port, val & 0xFF, 1);
        vga_port_write(opaque, port, (val >> 8) & 0xFF, 1);
        return;
    }
    if ((port >= 0x3B0 && port <= 0x3BF) || (port >= 0x3D0 && port <= 0x3DF)) {
        if (!crtc_port_active(vga, port))
            return;
        switch (port & 0x0F) {
        case 0x4: vga->crtc_index = v & 0x3F; break;
        case 0x5: crtc_write(vga, v); break;
        case 0xA: vga->feature = v & 0x03; break;
        default: break;
        }
        return;
    }
    switch (port) {
    case 0x3C0:
        if (!vga->ac_flipflop) {
            /* Bit 5 (palette address source) blanks the screen when clear. */
            if ((vga->ac_index ^ v) & 0x20)
                vga->full_redraw = true;
            vga->ac_index = v & 0x3F;
        } else {
            unsigned i = vga->ac_index & 0x1F;
            if (i < 0x15) {
                if (i < 0x10)
                    v &= 0x3F;
                vga->ac[i] = v;
            }
            vga->full_redraw = true;
        }
        vga->ac_flipflop ^= 1;
        break;
    case 0x3C2:
        vga->misc = v;
        vga->full_redraw = true;
        break;
    case 0x3C4: vga->seq_index = v & 7; break;
    case 0x3C5:
        if (vga->seq_index < 5) {
            static const uint8_t seq_mask[5] = {0x03, 0x3D, 0x0F, 0x3F, 0x0E};
            vga->seq[vga->seq_index] = v & seq_mask[vga->seq_index];
            vga->full_redraw = true;
        }
        break;
    case 0x3C6:
        vga->pel_mask = v;
        vga->full_redraw = true;
        break;
    case 0x3C7:
        vga->dac_read_index = v;
        vga->dac_read_component = 0;
        vga->dac_state = 0x00; /* read mode */
        break;
    case 0x3C8:
        vga->dac_write_index = v;
        vga->dac_component = 0;
        vga->dac_state = 0x03;
        break;
    case 0x3C9: {
        bool wide = vga->dispi[DISPI_ENABLE] & DISPI_8BIT_DAC;
        vga->dac_latch[vga->dac_component] = wide ? v : (v & 0x3F);
        if (++vga->dac_component == 3) {
            unsigned i = vga->dac_write_index;
            memcpy(&vga->dac[i * 3], vga->dac_latch, 3);
            vga_update_palette_entry(vga, i);
            vga->dac_component = 0;
            vga->dac_write_index++;
            vga->full_redraw = true;
        }
        break;
    }
    case 0x3CE: vga->gc_index = v & 0x0F; break;
    case 0x3CF:
        if (vga->gc_index < 9) {
            vga->gc[vga->gc_index] = v;
            vga->full_redraw = true;
        }
        break;
    default: break;
    }
}

/* ---- lifetime ----------------------------------------------------------------------- */

void vga_reset(Vga *vga)
{
    vga->misc = 0x67;  /* colour, RAM enabled, 28 MHz clock, high page */
    vga->feature = 0;
    vga->seq_index = vga->crtc_index = vga->gc_index = vga->ac_index = 0;
    memset(vga->seq, 0, sizeof vga->seq);
    memset(vga->crtc, 0, sizeof vga->crtc);
    memset(vga->gc, 0, sizeof vga->gc);
    memset(vga->ac, 0, sizeof vga->ac);
    vga->seq[0] = 0x03;
    vga->seq[2] = 0x0F;
    vga->seq[4] = 0x02;
    vga->gc[6] = 0x0C;     /* B8000 window until the BIOS sets a mode */
    vga->gc[8] = 0xFF;
    vga->ac_flipflop = 0;
    vga->dac_read_index = vga->dac_write_index = 0;
    vga->dac_component = vga->dac_read_component = 0;
    vga->dac_state = 0;
    vga->pel_mask = 0xFF;
    memset(vga->dac, 0, sizeof vga->dac);
    memset(vga->latch, 0, sizeof vga->latch);
    memset(vga->vram, 0, sizeof vga->vram);
    vga_dispi_reset(vga);
    vga_render_init_palette(vga);
    vga->full_redraw = true;
    vga->font_dirty = true;
}

static const StateField vga_state_fields[] = {
    STATE_INT(Vga, misc),
    STATE_INT(Vga, feature),
    STATE_INT(Vga, seq_index),
    STATE_ARRAY(Vga, seq),
    STATE_INT(Vga, crtc_index),
    STATE_ARRAY(Vga, crtc),
    STATE_INT(Vga, gc_index),
    STATE_ARRAY(Vga, gc),
    STATE_INT(Vga, ac_index),
    STATE_ARRAY(Vga, ac),
    STATE_INT(Vga, ac_flipflop),
    STATE_INT(Vga, dac_read_index),
    STATE_INT(Vga, dac_write_index),
    STATE_INT(Vga, dac_component),
    STATE_INT(Vga, dac_state),
    STATE_INT(Vga, dac_read_component),
    STATE_INT(Vga, pel_mask),
    STATE_BYTES(Vga, dac),
    STATE_BYTES(Vga, dac_latch),
    STATE_BYTES(Vga, latch),
    STATE_INT(Vga, dispi_index),
    STATE_ARRAY(Vga, dispi),
    STATE_BYTES(Vga, vram),
    STATE_END,
};

/* The 16 MiB DISPI framebuffer is saved only up to its last non-zero
 * byte (a length word, then the bytes), so machines that never used VBE
 * save nothing extra. */
int vga_save(Vga *vga, StateWriter *w)
{
    if (state_save_fields(w, "vga", 1, vga, vga_state_fields))
        return -1;
    uint32_t used = VGA_LFB_SIZE;
    while (used > 0 && vga->lfb[used - 1] == 0)
        used--;
    uint8_t len[4];
    st32le(len, used);
    if (state_put_blob(w, len, 4))
        return -1;
    return used ? state_put_blob(w, vga->lfb, used) : 0;
}

int vga_load(Vga *vga, StateReader *r)
{
    if (state_load_fields(r, "vga", 1, vga, vga_state_fields))
        return -1;
    uint8_t len[4];
    if (state_get_blob(r, len, 4))
        return -1;
    uint32_t used = ld32le(len);
    if (used > VGA_LFB_SIZE)
        return -1;
    if (used && state_get_blob(r, vga->lfb, used))
        return -1;
    memset(vga->lfb + used, 0, VGA_LFB_SIZE - used);
    vga->seq_index &= 7;
    vga->crtc_index &= 0x3F;
    vga->gc_index &= 0x0F;
    vga->ac_index &= 0x3F;
    if (vga->dispi_index >= DISPI_NREGS)
        vga->dispi_index = 0;
    vga_dispi_sanitize(vga);
    for (unsigned i = 0; i < 256; i++)
        vga_update_palette_entry(vga, i);
    vga->full_redraw = true;
    vga->font_dirty = true;
    vga->display.mode_generation++;
    return 0;
}

static void dev_reset(void *self) { vga_reset(self); }
static int dev_save(void *self, StateWriter *w) { return vga_save(self, w); }
static int dev_load(void *self, StateReader *r) { return vga_load(self, r); }
static void dev_destroy(void *self) { vga_destroy(self); }

Device vga_device(Vga *vga)
{
    Device d = {"vga", vga, dev_reset, dev_save, dev_load, dev_destroy};
    return d;
}

Vga *vga_create(Bus *bus)
{
    Vga *vga = calloc(1, sizeof *vga);
    if (!vga)
        return NULL;
    vga->bus = bus;
    vga->display.pixels = calloc((size_t)DISPLAY_MAX_W * DISPLAY_MAX_H,
                                 sizeof(uint32_t));
    vga->linebuf = calloc(DISPLAY_MAX_W + 64, sizeof(uint32_t));
    vga->lfb = calloc(VGA_LFB_SIZE, 1);
    vga->lfb_shadow = calloc(VGA_SHADOW_SIZE, 1);
    if (!vga->display.pixels || !vga->linebuf || !vga->lfb || !vga->lfb_shadow)
        goto fail;
    if (io_register(bus->io, 0x3B0, 0x30, "vga", vga_port_read, vga_port_write,
                    vga, IO_W8 | IO_W16))
        goto fail;
    if (mem_map_mmio(bus->mem, "vga", VGA_WINDOW_BASE, VGA_WINDOW_SIZE,
                     vga_mmio_read, vga_mmio_write, vga)) {
        io_unregister(bus->io, 0x3B0, 0x30);
        goto fail;
    }
    if (vga_dispi_init(vga)) {
        io_unregister(bus->io, 0x3B0, 0x30);
        mem_unmap(bus->mem, VGA_WINDOW_BASE);
        goto fail;
    }
    vga_reset(vga);
    return vga;
fail:
    free(vga->display.pixels);
    free(vga->linebuf);
    free(vga->lfb);
    free(vga->lfb_shadow);
    free(vga);
    return NULL;
}

void vga_destroy(Vga *vga)
{
    if (!vga)
        return;
    io_unregister(vga->bus->io, 0x3B0, 0x30);
    io_unregister(vga->bus->io, 0x1CE, 3);
    mem_unmap(vga->bus->mem, VGA_WINDOW_BASE);
    if (vga->lfb_mapped)
        mem_unmap(vga->bus->mem, VGA_LFB_BASE);
    free(vga->display.pixels);
    free(vga->linebuf);
    free(vga->lfb);
    free(vga->lfb_shadow);
    free(vga);
}
