/*
 * hw/vga_render.c — turns VGA registers + video memory into pixels and a
 * text-screen description.
 *
 * Owns: the DAC-to-RGB palette cache, the scan-line model of the CRT
 * controller (start address, offset, word/doubleword addressing, CGA row
 * interleave, maximum scan line, double scanning, line compare split,
 * preset row scan, horizontal pel panning), the text, planar (16-colour),
 * CGA 2/4-colour and 256-colour (chain-4 and Mode X) pixel shifters,
 * cursor and blink, and the per-line dirty tracking.
 *
 * Output resolution is the "logical" one: a double-scanned or line-repeated
 * mode is emitted once per source line (mode 13h -> 320x200, mode 3 ->
 * 720x400), with aspect 4:3 for the front end to stretch.
 */
#include <string.h>

#include "hw/vga_internal.h"

static inline uint32_t dac_rgb(const Vga *vga, unsigned i)
{
    const uint8_t *c = &vga->dac[(i & 0xFF) * 3];
    if (vga->dispi[DISPI_ENABLE] & DISPI_8BIT_DAC)
        return (uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2];
    uint32_t r = c[0] & 0x3F, g = c[1] & 0x3F, b = c[2] & 0x3F;
    /* 6-bit DAC values widen to 8 bits by replicating the top bits. */
    return (r << 2 | r >> 4) << 16 | (g << 2 | g >> 4) << 8 | (b << 2 | b >> 4);
}

void vga_update_palette_entry(Vga *vga, unsigned idx)
{
    vga->palette_rgb[idx & 0xFF] = dac_rgb(vga, idx);
}

void vga_render_init_palette(Vga *vga)
{
    for (unsigned i = 0; i < 256; i++)
        vga_update_palette_entry(vga, i);
}

/* 4-bit pixel value -> DAC index through the attribute controller palette,
 * colour plane enable, and colour select (AC 10h bit 7, AC 14h). */
static inline unsigned ac_index(const Vga *vga, unsigned v)
{
    v &= vga->ac[0x12] & 0x0F;
    unsigned p = vga->ac[v];
    if (vga->ac[0x10] & 0x80)
        p = (p & 0x0F) | ((vga->ac[0x14] & 0x03u) << 4);
    p |= (vga->ac[0x14] & 0x0Cu) << 4;
    return p;
}

static inline uint32_t ac_rgb(const Vga *vga, unsigned v)
{
    return vga->palette_rgb[ac_index(vga, v) & vga->pel_mask];
}

/* ---- CRTC geometry ------------------------------------------------------- */

typedef struct Geometry {
    bool text;         /* alphanumeric (GC 06h bit 0 clear) */
    bool shift256;     /* GC 05h bit 6: 256-colour shifter */
    bool cga_shift;    /* GC 05h bit 5: interleaved 2-bit shifter */
    int char_width;    /* 8 or 9 dots */
    int cols;          /* character clocks displayed per line */
    int width, height; /* output pixels */
    int scanlines;     /* vertical display end + 1 */
    int max_scan;      /* CRTC 09h bits 0-4 */
    int dbl;           /* 2 when double scanning */
    int vdiv;          /* scan lines per output line */
    uint32_t start;
    uint32_t pitch;    /* character-clock addresses per character row */
    int line_compare;
    int addr_shift;    /* 0 byte, 1 word, 2 doubleword addressing */
} Geometry;

static void compute_geometry(const Vga *vga, Geometry *g)
{
    const uint8_t *c = vga->crtc;
    g->text = !(vga->gc[6] & 1);
    g->shift256 = (vga->gc[5] & 0x40) != 0;
    g->cga_shift = !g->shift256 && (vga->gc[5] & 0x20);
    g->char_width = (vga->seq[1] & 1) ? 8 : 9;
    if (!g->text)
        g->char_width = 8;
    g->cols = c[1] + 1;
    g->scanlines = (int)((unsigned)c[0x12] | ((c[7] & 0x02u) << 7) |
                         ((c[7] & 0x40u) << 3)) + 1;
    g->max_scan = c[9] & 0x1F;
    g->dbl = (c[9] & 0x80) ? 2 : 1;
    g->vdiv = g->dbl;
    /* Graphics modes that repeat each memory line (13h: max scan 1) are
     * emitted once per memory line, unless the CGA row interleave makes the
     * repeated rows differ. */
    if (!g->text && (c[0x17] & 0x01) && (c[0x17] & 0x02))
        g->vdiv *= g->max_scan + 1;
    g->start = ((uint32_t)c[0x0C] << 8) | c[0x0D];
    g->pitch = (uint32_t)c[0x13] * 2;
    g->line_compare = (int)((unsigned)c[0x18] | ((c[7] & 0x10u) << 4) |
                            ((c[9] & 0x40u) << 3));
    if (c[0x14] & 0x40)
        g->addr_shift = 2;
    else if (!(c[0x17] & 0x40))
        g->addr_shift = 1;
    else
        g->addr_shift = 0;
    int px_per_clock = g->shift256 ? 4 : g->char_width;
    /* 256 character clocks of 9 dots would exceed the display buffer. */
    if (g->cols * px_per_clock > DISPLAY_MAX_W)
        g->cols = DISPLAY_MAX_W / px_per_clock;
    g->width = g->cols * px_per_clock;
    g->height = (g->scanlines + g->vdiv - 1) / g->vdiv;
    if (g->width < 1) g->width = 1;
    if (g->height < 1) g->height = 1;
    if (g->width > DISPLAY_MAX_W) g->width = DISPLAY_MAX_W;
    if (g->height > DISPLAY_MAX_H) g->height = DISPLAY_MAX_H;
}

/* Memory address (plane offset) of character clock ma on a line with row
 * scan rs, per CRTC 17h (word/byte mode, MA13/MA15 wrap, CGA and Hercules
 * row interleave) and 14h (doubleword mode). */
static inline uint32_t mem_addr(const Vga *vga, const Geometry *g,
                                uint32_t ma, int rs)
{
    uint32_t a;
    switch (g->addr_shift) {
    case 2: a = (ma << 2) | ((ma >> 14) & 3); break;
    case 1: a = (ma << 1) | ((ma >> ((vga->crtc[0x17] & 0x20) ? 15 : 13)) & 1); break;
    default: a = ma; break;
    }
    if (!(vga->crtc[0x17] & 0x01))
        a = (a & ~0x2000u) | ((uint32_t)(rs & 1) << 13);
    if (!(vga->crtc[0x17] & 0x02))
        a = (a & ~0x4000u) | ((uint32_t)(rs & 2) << 13);
    return a & 0xFFFF;
}

/* ---- blink ----------------------------------------------------------------- */

/* Cursor toggles every 16 frames, blinking characters every 32. */
static int blink_phase(const Vga *vga)
{
    uint64_t frames = bus_now(vga->bus) / vga_frame_ns(vga);
    return (int)((frames >> 4) & 3);
}

/* ---- line renderers ------------------------------------------------------- */

static void render_text_line(Vga *vga, const Geometry *g, uint32_t *out,
                             uint32_t ma, int rs, int phase)
{
    const uint8_t *vram = vga->vram;
    unsigned cmap = vga->seq[3];
    uint32_t font_a = ((cmap >> 5) & 1) * 0x2000u + ((cmap >> 2) & 3) * 0x4000u;
    uint32_t font_b = ((cmap >> 4) & 1) * 0x2000u + (cmap & 3) * 0x4000u;
    bool blink_en = vga->ac[0x10] & 0x08;
    bool line_gfx = vga->ac[0x10] & 0x04;
    bool cursor_on = !(vga->crtc[0x0A] & 0x20) && !(phase & 1);
    uint32_t cursor = ((uint32_t)vga->crtc[0x0E] << 8) | vga->crtc[0x0F];
    int cur_start = vga->crtc[0x0A] & 0x1F, cur_end = vga->crtc[0x0B] & 0x1F;
    int underline = vga->crtc[0x14] & 0x1F;
    int cw = g->char_width;

    for (int col = 0; col < g->cols; col++) {
        uint32_t a = mem_addr(vga, g, ma + (uint32_t)col, rs);
        unsigned ch = vram[a * 4 + 0];
        unsigned at = vram[a * 4 + 1];
        uint32_t font = (at & 0x08) ? font_a : font_b;
        uint8_t bits = (rs < 32) ? vram[((font + ch * 32u + (unsigned)rs) & 0xFFFF) * 4 + 2] : 0;
        unsigned fg = at & 0x0F, bg = at >> 4;
        if (blink_en) {
            bg &= 7;
            if ((at & 0x80) && (phase & 2))
                bits = 0;
        }
        if (rs == underline && (at & 0x77) == 0x01)
            bits = 0xFF;
        if (cursor_on && ((ma + (uint32_t)col) & 0xFFFF) == cursor &&
            rs >= cur_start && rs <= cur_end)
            bits = 0xFF;
        uint32_t cf = ac_rgb(vga, fg), cb = ac_rgb(vga, bg);
        for (int b = 0; b < 8; b++)
            out[b] = (bits & (0x80 >> b)) ? cf : cb;
        if (cw == 9) {
            bool ext = line_gfx && ch >= 0xC0 && ch <= 0xDF && (bits & 1);
            out[8] = ext ? cf : cb;
        }
        out += cw;
    }
}

static void render_planar_line(Vga *vga, const Geometry *g, uint32_t *out,
                               uint32_t ma, int rs)
{
    const uint8_t *vram = vga->vram;
    for (int col = 0; col < g->cols; col++) {
        uint32_t a = mem_addr(vga, g, ma + (uint32_t)col, rs);
        const uint8_t *p = &vram[a * 4];
        if (g->cga_shift) {
            /* Shift register interleave (CGA 4-colour): plane 0 gives the
             * first four 2-bit pixels, plane 1 the next four; planes 2/3
             * supply bits 2-3 the same way. */
            for (int b = 0; b < 8; b++) {
                unsigned lo = b < 4 ? p[0] : p[1];
                unsigned hi = b < 4 ? p[2] : p[3];
                int sh = 6 - 2 * (b & 3);
                unsigned v = ((lo >> sh) & 3) | (((hi >> sh) & 3) << 2);
                out[b] = ac_rgb(vga, v);
            }
        } else {
            for (int b = 0; b < 8; b++) {
                int sh = 7 - b;
                unsigned v = ((p[0] >> sh) & 1) | (((p[1] >> sh) & 1) << 1) |
                             (((p[2] >> sh) & 1) << 2) | (((p[3] >> sh) & 1) << 3);
                out[b] = ac_rgb(vga, v);
            }
        }
        out += 8;
    }
}

static void render_256_line(Vga *vga, const Geometry *g, uint32_t *out,
                            uint32_t ma, int rs)
{
    const uint8_t *vram = vga->vram;
    uint8_t mask = vga->pel_mask;
    for (int col = 0; col < g->cols; col++) {
        uint32_t a = mem_addr(vga, g, ma + (uint32_t)col, rs);
        const uint8_t *p = &vram[a * 4];
        out[0] = vga->palette_rgb[p[0] & mask];
        out[1] = vga->palette_rgb[p[1] & mask];
        out[2] = vga->palette_rgb[p[2] & mask];
        out[3] = vga->palette_rgb[p[3] & mask];
        out += 4;
    }
}

/* Does the line starting at character address ma touch a dirty block? */
static bool line_dirty(const Vga *vga, const Geometry *g, uint32_t ma, int rs)
{
    uint32_t first = mem_addr(vga, g, ma, rs);
    uint32_t last = mem_addr(vga, g, ma + (uint32_t)g->cols, rs);
    if (last < first) /* wrapped: check everything */
        return true;
    for (uint32_t b = first >> VGA_DIRTY_SHIFT; b <= (last >> VGA_DIRTY_SHIFT) &&
                                                b < VGA_DIRTY_BLOCKS; b++)
        if (vga->dirty[b])
            return true;
    return false;
}

static void mark_row(DisplayBuffer *d, int y)
{
    if (d->dirty_y0 > d->dirty_y1) {
        d->dirty_y0 = d->dirty_y1 = y;
        return;
    }
    if (y < d->dirty_y0) d->dirty_y0 = y;
    if (y > d->dirty_y1) d->dirty_y1 = y;
}

static void render_vga(Vga *vga, DisplayBuffer *d)
{
    Geometry g;
    compute_geometry(vga, &g);
    if (g.width != d->width || g.height != d->height) {
        d->width = g.width;
        d->height = g.height;
        d->mode_generation++;
        vga->full_redraw = true;
    }
    d->aspect_num = 4;
    d->aspect_den = 3;

    int phase = blink_phase(vga);
    bool full = vga->full_redraw;
    if (g.text && (vga->font_dirty || phase != vga->last_blink_phase))
        full = true;
    vga->last_blink_phase = phase;

    /* Screen off (sequencer clocking mode bit 5) or palette source clear
     * (AC index bit 5) shows black. */
    bool blank = (vga->seq[1] & 0x20) || !(vga->ac_index & 0x20);

    /* Horizontal pel panning (AC 13h): 9-dot text uses 8 as "-1". */
    int pan = vga->ac[0x13] & 0x0F;
    if (g.text && g.char_width == 9)
        pan = pan >= 8 ? 0 : pan + 1;  /* 9-dot: 8 means none, 0..7 -> 1..8 */
    else if (g.shift256)
        pan = (pan >> 1) & 3;
    else
        pan &= 7;

    uint32_t ma_row = g.start + ((vga->crtc[8] >> 5) & 3);
    int rs = vga->crtc[8] & 0x1F;
    int sub = 0;
    int out_y = 0;
    bool split = false;
    uint32_t *line = vga->linebuf;
    int pix_per_clock = g.shift256 ? 4 : g.char_width;
    Geometry gl = g;
    gl.cols = g.cols + (pan ? 1 : 0);
    if ((gl.cols * pix_per_clock) > DISPLAY_MAX_W + 32)
        gl.cols = g.cols;

    for (int s = 0; s < g.scanlines && out_y < g.height; s++) {
        if (s == g.line_compare && s != 0) {
            ma_row = 0;
            rs = 0;
            sub = 0;
            split = true;
        }
        if (s % g.vdiv == 0) {
            int line_pan = (split && (vga->ac[0x10] & 0x20)) ? 0 : pan;
            bool need = full || line_dirty(vga, &gl, ma_row, rs);
            if (need) {
                uint32_t *dst = d->pixels + (size_t)out_y * g.width;
                if (blank) {
                    for (int x = 0; x < g.width; x++)
                        line[x] = 0;
                } else if (g.text) {
                    render_text_line(vga, &gl, line, ma_row, rs, phase);
                } else if (g.shift256) {
                    render_256_line(vga, &gl, line, ma_row, rs);
                } else {
                    render_planar_line(vga, &gl, line, ma_row, rs);
                }
                const uint32_t *src = line + (blank ? 0 : line_pan);
                if (full || memcmp(dst, src, (size_t)g.width * 4)) {
                    memcpy(dst, src, (size_t)g.width * 4);
                    mark_row(d, out_y);
                }
            }
            out_y++;
        }
        if (++sub >= g.dbl) {
            sub = 0;
            if (rs >= g.max_scan) {
                rs = 0;
                ma_row += g.pitch;
            } else {
                rs = (rs + 1) & 0x1F;
            }
        }
    }
    for (; out_y < g.height; out_y++) {
        uint32_t *dst = d->pixels + (size_t)out_y * g.width;
        memset(dst, 0, (size_t)g.width * 4);
    }
    memset(vga->dirty, 0, sizeof vga->dirty);
    vga->full_redraw = false;
    vga->font_dirty = false;
}

const DisplayBuffer *vga_render(Vga *vga)
{
    DisplayBuffer *d = &vga->display;
    if (!vga_dispi_render(vga, d))
        render_vga(vga, d);
    return d;
}

void vga_text_screen(Vga *vga, TextScreen *ts)
{
    Geometry g;
    compute_geometry(vga, &g);
    memset(ts, 0, sizeof *ts);
    if (vga_dispi_enabled(vga) || !g.text) {
        ts->text_mode = false;
        return;
    }
    ts->text_mode = true;
    int cell_h = (g.max_scan + 1) * g.dbl;
    int rows = g.scanlines / (cell_h ? cell_h : 1);
    int cols = g.cols;
    if (cols > TEXT_MAX_COLS) cols = TEXT_MAX_COLS;
    if (rows > TEXT_MAX_ROWS) rows = TEXT_MAX_ROWS;
    ts->cols = cols;
    ts->rows = rows;
    uint32_t ma_row = g.start;
    for (int r = 0; r < rows; r++) {
        /* Honour a line-compare split at a character row boundary. */
        if (g.line_compare > 0 && r * cell_h >= g.line_compare &&
            (r - 1) * cell_h < g.line_compare)
            ma_row = 0;
        for (int c = 0; c < cols; c++) {
            uint32_t a = mem_addr(vga, &g, ma_row + (uint32_t)c, 0);
            ts->cells[r * cols + c] =
                (uint16_t)(vga->vram[a * 4] | vga->vram[a * 4 + 1] << 8);
        }
        ma_row += g.pitch;
    }
    uint32_t cursor = ((uint32_t)vga->crtc[0x0E] << 8) | vga->crtc[0x0F];
    uint32_t rel = (cursor - g.start) & 0xFFFF;
    ts->cursor_visible = false;
    if (g.pitch) {
        ts->cursor_x = (int)(rel % g.pitch);
        ts->cursor_y = (int)(rel / g.pitch);
        ts->cursor_visible = !(vga->crtc[0x0A] & 0x20) &&
                             (vga->crtc[0x0A] & 0x1F) <= (vga->crtc[0x0B] & 0x1F) &&
                             ts->cursor_x < cols && ts->cursor_y < rows;
    }
    if (!ts->cursor_visible) {
        if (ts->cursor_x >= cols) ts->cursor_x = 0;
        if (ts->cursor_y >= rows) ts->cursor_y = 0;
    }
}
