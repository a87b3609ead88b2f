/*
 * hw/vga_dispi.c — the Bochs "DISPI" VBE extension of the VGA adapter.
 *
 * Owns: ports 0x1CE (index) / 0x1CF (data), the 16 MiB linear framebuffer
 * at VGA_LFB_BASE (host memory mapped as RAM, so guest writes cost nothing)
 * and the 64 KiB banked window at 0xA0000 used when the LFB is not enabled,
 * plus rendering of DISPI modes (8 bpp through the DAC, 15/16/24/32 bpp
 * direct colour).  Register numbers and semantics follow the Bochs VBE
 * interface as documented for guest drivers (ID 0xB0C0-0xB0C5).
 */
#include <string.h>

#include "hw/vga_internal.h"

#define DISPI_ID5 0xB0C5
#define DISPI_BANK_SIZE 0x10000u

bool vga_dispi_enabled(const Vga *vga)
{
    return vga->dispi[DISPI_ENABLE] & DISPI_ENABLED;
}

static unsigned bytes_per_pixel(unsigned bpp)
{
    return (bpp + 7) / 8;
}

static uint32_t dispi_pitch(const Vga *vga)
{
    return (uint32_t)vga->dispi[DISPI_VIRT_WIDTH] *
           bytes_per_pixel(vga->dispi[DISPI_BPP]);
}

bool vga_dispi_banked_read(Vga *vga, uint32_t off, uint8_t *val)
{
    if (off >= DISPI_BANK_SIZE)
        return false;
    uint32_t a = (uint32_t)vga->dispi[DISPI_BANK] * DISPI_BANK_SIZE + off;
    *val = a < VGA_LFB_SIZE ? vga->lfb[a] : 0xFF;
    return true;
}

bool vga_dispi_banked_write(Vga *vga, uint32_t off, uint8_t val)
{
    if (off >= DISPI_BANK_SIZE)
        return false;
    uint32_t a = (uint32_t)vga->dispi[DISPI_BANK] * DISPI_BANK_SIZE + off;
    if (a < VGA_LFB_SIZE)
        vga->lfb[a] = val;
    return true;
}

static bool valid_bpp(unsigned bpp)
{
    return bpp == 4 || bpp == 8 || bpp == 15 || bpp == 16 || bpp == 24 ||
           bpp == 32;
}

static void dispi_enable(Vga *vga, uint16_t v)
{
    uint16_t old = vga->dispi[DISPI_ENABLE];
    if ((v & DISPI_ENABLED) && !(old & DISPI_ENABLED)) {
        /* Validate the mode; refuse (stay disabled) if it cannot fit. */
        unsigned x = vga->dispi[DISPI_XRES], y = vga->dispi[DISPI_YRES];
        unsigned bpp = vga->dispi[DISPI_BPP];
        if (!valid_bpp(bpp) || x == 0 || y == 0 || x > VGA_DISPI_MAX_XRES ||
            y > VGA_DISPI_MAX_YRES ||
            (uint64_t)x * y * bytes_per_pixel(bpp) > VGA_LFB_SIZE) {
            vga->dispi[DISPI_ENABLE] = 0;
            return;
        }
        vga->dispi[DISPI_VIRT_WIDTH] = (uint16_t)x;
        uint32_t vh = VGA_LFB_SIZE / (x * bytes_per_pixel(bpp));
        vga->dispi[DISPI_VIRT_HEIGHT] = (uint16_t)(vh > 0xFFFF ? 0xFFFF : vh);
        vga->dispi[DISPI_X_OFFSET] = vga->dispi[DISPI_Y_OFFSET] = 0;
        vga->dispi[DISPI_BANK] = 0;
        if (!(v & DISPI_NOCLEARMEM))
            memset(vga->lfb, 0, VGA_LFB_SIZE);
    }
    vga->dispi[DISPI_ENABLE] = v & (DISPI_ENABLED | DISPI_GETCAPS |
                                    DISPI_8BIT_DAC | DISPI_LFB_ENABLED |
                                    DISPI_NOCLEARMEM);
    if ((v ^ old) & DISPI_8BIT_DAC)
        for (unsigned i = 0; i < 256; i++)
            vga_update_palette_entry(vga, i);
    vga->full_redraw = true;
    vga->display.mode_generation++;
}

static uint32_t dispi_read(void *opaque, uint16_t port, unsigned size)
{
    Vga *vga = opaque;
    (void)size;
    if (port == 0x1CE)
        return vga->dispi_index;
    unsigned i = vga->dispi_index;
    if (i >= DISPI_NREGS)
        return 0xFFFF;
    if (vga->dispi[DISPI_ENABLE] & DISPI_GETCAPS) {
        if (i == DISPI_XRES) return VGA_DISPI_MAX_XRES;
        if (i == DISPI_YRES) return VGA_DISPI_MAX_YRES;
        if (i == DISPI_BPP) return VGA_DISPI_MAX_BPP;
    }
    if (i == DISPI_VIDEO_MEMORY_64K)
        return VGA_LFB_SIZE / DISPI_BANK_SIZE;
    return vga->dispi[i];
}

static void dispi_write(void *opaque, uint16_t port, uint32_t val,
                        unsigned size)
{
    Vga *vga = opaque;
    uint16_t v = (uint16_t)val;
    if (size == 1) /* byte access: the low half of the register */
        v = (uint16_t)(val & 0xFF);
    if (port == 0x1CE) {
        vga->dispi_index = v;
        return;
    }
    switch (vga->dispi_index) {
    case DISPI_ID:
        if (v >= 0xB0C0 && v <= DISPI_ID5)
            vga->dispi[DISPI_ID] = v;
        break;
    case DISPI_XRES:
    case DISPI_YRES:
    case DISPI_BPP:
        /* Geometry is only changeable while disabled. */
        if (!vga_dispi_enabled(vga))
            vga->dispi[vga->dispi_index] = v;
        break;
    case DISPI_ENABLE:
        dispi_enable(vga, v);
        break;
    case DISPI_BANK:
        if ((uint32_t)v * DISPI_BANK_SIZE < VGA_LFB_SIZE)
            vga->dispi[DISPI_BANK] = v;
        break;
    case DISPI_VIRT_WIDTH: {
        unsigned bpp = bytes_per_pixel(vga->dispi[DISPI_BPP]);
        if (v >= vga->dispi[DISPI_XRES] && bpp && (uint32_t)v * bpp <= VGA_LFB_SIZE) {
            vga->dispi[DISPI_VIRT_WIDTH] = v;
            uint32_t h = VGA_LFB_SIZE / ((uint32_t)v * bpp);
            vga->dispi[DISPI_VIRT_HEIGHT] = (uint16_t)(h > 0xFFFF ? 0xFFFF : h);
        }
        vga->full_redraw = true;
        break;
    }
    case DISPI_VIRT_HEIGHT:
        break; /* derived from the width and memory size */
    case DISPI_X_OFFSET:
    case DISPI_Y_OFFSET:
        vga->dispi[vga->dispi_index] = v;
        vga->full_redraw = true;
        break;
    default:
        break;
    }
}

/* After loading saved state: never trust the geometry. */
void vga_dispi_sanitize(Vga *vga)
{
    unsigned x = vga->dispi[DISPI_XRES], y = vga->dispi[DISPI_YRES];
    unsigned bpp = vga->dispi[DISPI_BPP];
    if (!valid_bpp(bpp) || x == 0 || y == 0 || x > VGA_DISPI_MAX_XRES ||
        y > VGA_DISPI_MAX_YRES ||
        (uint64_t)x * y * bytes_per_pixel(bpp) > VGA_LFB_SIZE) {
        vga->dispi[DISPI_ENABLE] &= (uint16_t)~DISPI_ENABLED;
        vga->dispi[DISPI_XRES] = 640;
        vga->dispi[DISPI_YRES] = 480;
        vga->dispi[DISPI_BPP] = 8;
    }
    if (vga->dispi[DISPI_VIRT_WIDTH] < vga->dispi[DISPI_XRES])
        vga->dispi[DISPI_VIRT_WIDTH] = vga->dispi[DISPI_XRES];
    if ((uint32_t)vga->dispi[DISPI_BANK] * DISPI_BANK_SIZE >= VGA_LFB_SIZE)
        vga->dispi[DISPI_BANK] = 0;
}

void vga_dispi_reset(Vga *vga)
{
    memset(vga->dispi, 0, sizeof vga->dispi);
    vga->dispi[DISPI_ID] = 0xB0C0;
    vga->dispi[DISPI_XRES] = 640;
    vga->dispi[DISPI_YRES] = 480;
    vga->dispi[DISPI_BPP] = 8;
    vga->dispi_index = 0;
}

int vga_dispi_init(Vga *vga)
{
    /* 0x1D0 is decoded too so a 16-bit access at 0x1CF reaches us whole. */
    if (io_register(vga->bus->io, 0x1CE, 3, "vga-dispi", dispi_read,
                    dispi_write, vga, IO_W8 | IO_W16))
        return -1;
    if (mem_map_host(vga->bus->mem, "vga-lfb", VGA_LFB_BASE, VGA_LFB_SIZE,
                     vga->lfb)) {
        io_unregister(vga->bus->io, 0x1CE, 3);
        return -1;
    }
    vga->lfb_mapped = true;
    return 0;
}

/* Renders the DISPI framebuffer; returns false when DISPI is off. */
bool vga_dispi_render(Vga *vga, DisplayBuffer *d)
{
    if (!vga_dispi_enabled(vga))
        return false;
    int w = vga->dispi[DISPI_XRES], h = vga->dispi[DISPI_YRES];
    unsigned bpp = vga->dispi[DISPI_BPP];
    unsigned bypp = bytes_per_pixel(bpp);
    uint32_t pitch = dispi_pitch(vga);
    if (bpp == 4)
        pitch = vga->dispi[DISPI_VIRT_WIDTH] / 2;
    if (w != d->width || h != d->height) {
        d->width = w;
        d->height = h;
        d->mode_generation++;
        vga->full_redraw = true;
    }
    d->aspect_num = d->aspect_den = 0;
    uint32_t base = (uint32_t)vga->dispi[DISPI_Y_OFFSET] * pitch +
                    (bpp == 4 ? vga->dispi[DISPI_X_OFFSET] / 2
                              : (uint32_t)vga->dispi[DISPI_X_OFFSET] * bypp);
    uint32_t *line = vga->linebuf;
    uint32_t row_bytes = bpp == 4 ? (uint32_t)(w + 1) / 2 : (uint32_t)w * bypp;
    for (int y = 0; y < h; y++) {
        uint64_t row = (uint64_t)base + (uint64_t)y * pitch;
        /* Guest writes to the LFB are invisible (it is plain host memory),
         * so compare each visible row's raw bytes with a shadow copy and
         * convert only rows that changed. */
        uint8_t *shadow = vga->lfb_shadow + (size_t)y * row_bytes;
        bool in_range = row + row_bytes <= VGA_LFB_SIZE;
        if (in_range && !vga->full_redraw &&
            !memcmp(shadow, vga->lfb + row, row_bytes))
            continue;
        if (in_range)
            memcpy(shadow, vga->lfb + row, row_bytes);
        for (int x = 0; x < w; x++) {
            uint64_t a = row + (bpp == 4 ? (uint64_t)x / 2 : (uint64_t)x * bypp);
            if (a + bypp > VGA_LFB_SIZE) {
                line[x] = 0;
                continue;
            }
            const uint8_t *p = vga->lfb + a;
            uint32_t px;
            switch (bpp) {
            case 4:
                px = vga->palette_rgb[((x & 1) ? p[0] : p[0] >> 4) & 0x0F & vga->pel_mask];
                break;
            case 8:
                px = vga->palette_rgb[p[0] & vga->pel_mask];
                break;
            case 15: {
                unsigned v = ld16le(p);
                unsigned r = (v >> 10) & 31, g = (v >> 5) & 31, b = v & 31;
                px = ((r << 3 | r >> 2) << 16) | ((g << 3 | g >> 2) << 8) |
                     (b << 3 | b >> 2);
                break;
            }
            case 16: {
                unsigned v = ld16le(p);
                unsigned r = (v >> 11) & 31, g = (v >> 5) & 63, b = v & 31;
                px = ((r << 3 | r >> 2) << 16) | ((g << 2 | g >> 4) << 8) |
                     (b << 3 | b >> 2);
                break;
            }
            case 24:
                px = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
                break;
            default:
                px = ld32le(p) & 0xFFFFFF;
                break;
            }
            line[x] = px;
        }
        uint32_t *dst = d->pixels + (size_t)y * w;
        if (vga->full_redraw || memcmp(dst, line, (size_t)w * 4)) {
            memcpy(dst, line, (size_t)w * 4);
            if (d->dirty_y0 > d->dirty_y1) {
                d->dirty_y0 = d->dirty_y1 = y;
            } else {
                if (y < d->dirty_y0) d->dirty_y0 = y;
                if (y > d->dirty_y1) d->dirty_y1 = y;
            }
        }
    }
    vga->full_redraw = false;
    return true;
}
