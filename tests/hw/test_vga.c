/*
 * tests/hw/test_vga.c — the VGA adapter: every standard mode programmed
 * through the registers (table-driven) with its rendered geometry, write
 * modes 0-3 / read modes 0-1 / latches / set-reset / rotate / logical ops /
 * bit mask against hand-computed plane contents, chain-4 and odd/even
 * addressing, rendered pictures compared pixel-for-pixel with pictures
 * computed here from the DAC and memory contents, DISPI modes and the
 * banked window, text rendering of all 256 CP437 glyphs compared with a
 * reference drawn from the font source (bios/vgabios/font8x16.inc), the
 * text-screen export, retrace timing, and the VGA BIOS ROM image header.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/vga.h"
#include "testlib.h"

static PhysMem *mem;
static IoBus *io;
static Sched sched;
static Bus bus;
static Vga *vga;

static void setup(void)
{
    mem = mem_create(1024 * 1024);
    io = io_create();
    sched_init(&sched, NULL, NULL);
    memset(&bus, 0, sizeof bus);
    bus.mem = mem;
    bus.io = io;
    bus.sched = &sched;
    vga = vga_create(&bus);
    ck_assert_ptr_nonnull(vga);
}

static void teardown(void)
{
    vga_destroy(vga);
    io_destroy(io);
    mem_destroy(mem);
}

static void outb(uint16_t port, uint8_t v) { io_write(io, port, v, 1); }
static uint8_t inb(uint16_t port) { return (uint8_t)io_read(io, port, 1); }
static void outw(uint16_t port, uint16_t v) { io_write(io, port, v, 2); }
static uint16_t inw(uint16_t port) { return (uint16_t)io_read(io, port, 2); }

/* ---- standard modes ------------------------------------------------------ */

typedef struct ModeRegs {
    int mode;
    uint8_t misc, seq[4], crtc[25], ac[20], gc[9];
    int width, height; /* expected rendered size */
    bool text;
} ModeRegs;

static const ModeRegs modes[] = {
    {0x01, 0x67, {0x08, 0x03, 0x00, 0x02},
     {0x2D,0x27,0x28,0x90,0x2B,0xA0,0xBF,0x1F,0x00,0x4F,0x0D,0x0E,0x00,0x00,0x00,0x00,
      0x9C,0x8E,0x8F,0x14,0x1F,0x96,0xB9,0xA3,0xFF},
     {0x00,0x01,0x02,0x03,0x04,0x05,0x14,0x07,0x38,0x39,0x3A,0x3B,0x3C,0x3D,0x3E,0x3F,
      0x0C,0x00,0x0F,0x08},
     {0x00,0x00,0x00,0x00,0x00,0x10,0x0E,0x00,0xFF}, 360, 400, true},
    {0x03, 0x67, {0x00, 0x03, 0x00, 0x02},
     {0x5F,0x4F,0x50,0x82,0x55,0x81,0xBF,0x1F,0x00,0x4F,0x0D,0x0E,0x00,0x00,0x00,0x00,
      0x9C,0x8E,0x8F,0x28,0x1F,0x96,0xB9,0xA3,0xFF},
     {0x00,0x01,0x02,0x03,0x04,0x05,0x14,0x07,0x38,0x39,0x3A,0x3B,0x3C,0x3D,0x3E,0x3F,
      0x0C,0x00,0x0F,0x08},
     {0x00,0x00,0x00,0x00,0x00,0x10,0x0E,0x00,0xFF}, 720, 400, true},
    {0x04, 0x63, {0x09, 0x03, 0x00, 0x02},
     {0x2D,0x27,0x28,0x90,0x2B,0x80,0xBF,0x1F,0x00,0xC1,0x00,0x00,0x00,0x00,0x00,0x00,
      0x9C,0x8E,0x8F,0x14,0x00,0x96,0xB9,0xA2,0xFF},
     {0x00,0x13,0x15,0x17,0x02,0x04,0x06,0x07,0x10,0x11,0x12,0x13,0x14,0x15,0x16,0x17,
      0x01,0x00,0x03,0x00},
     {0x00,0x00,0x00,0x00,0x00,0x30,0x0F,0x00,0xFF}, 320, 200, false},
    {0x06, 0x63, {0x01, 0x01, 0x00, 0x06},
     {0x5F,0x4F,0x50,0x82,0x54,0x80,0xBF,0x1F,0x00,0xC1,0x00,0x00,0x00,0x00,0x00,0x00,
      0x9C,0x8E,0x8F,0x28,0x00,0x96,0xB9,0xC2,0xFF},
     {0x00,0x17,0x17,0x17,0x17,0x17,0x17,0x17,0x17,0x17,0x17,0x17,0x17,0x17,0x17,0x17,
      0x01,0x00,0x01,0x00},
     {0x00,0x00,0x00,0x00,0x00,0x00,0x0D,0x00,0xFF}, 640, 200, false},
    {0x07, 0x66, {0x00, 0x03, 0x00, 0x02},
     {0x5F,0x4F,0x50,0x82,0x55,0x81,0xBF,0x1F,0x00,0x4F,0x0D,0x0E,0x00,0x00,0x00,0x00,
      0x9C,0x8E,0x8F,0x28,0x0F,0x96,0xB9,0xA3,0xFF},
     {0x00,0x08,0x08,0x08,0x08,0x08,0x08,0x08,0x10,0x18,0x18,0x18,0x18,0x18,0x18,0x18,
      0x0E,0x00,0x0F,0x08},
     {0x00,0x00,0x00,0x00,0x00,0x10,0x0A,0x00,0xFF}, 720, 400, true},
    {0x0D, 0x63, {0x09, 0x0F, 0x00, 0x06},
     {0x2D,0x27,0x28,0x90,0x2B,0x80,0xBF,0x1F,0x00,0xC0,0x00,0x00,0x00,0x00,0x00,0x00,
      0x9C,0x8E,0x8F,0x14,0x00,0x96,0xB9,0xE3,0xFF},
     {0x00,0x01,0x02,0x03,0x04,0x05,0x06,0x07,0x10,0x11,0x12,0x13,0x14,0x15,0x16,0x17,
      0x01,0x00,0x0F,0x00},
     {0x00,0x00,0x00,0x00,0x00,0x00,0x05,0x0F,0xFF}, 320, 200, false},
    {0x0E, 0x63, {0x01, 0x0F, 0x00, 0x06},
     {0x5F,0x4F,0x50,0x82,0x54,0x80,0xBF,0x1F,0x00,0xC0,0x00,0x00,0x00,0x00,0x00,0x00,
      0x9C,0x8E,0x8F,0x28,0x00,0x96,0xB9,0xE3,0xFF},
     {0x00,0x01,0x02,0x03,0x04,0x05,0x06,0x07,0x10,0x11,0x12,0x13,0x14,0x15,0x16,0x17,
      0x01,0x00,0x0F,0x00},
     {0x00,0x00,0x00,0x00,0x00,0x00,0x05,0x0F,0xFF}, 640, 200, false},
    {0x0F, 0xA2, {0x01, 0x0F, 0x00, 0x06},
     {0x5F,0x4F,0x50,0x82,0x54,0x80,0xBF,0x1F,0x00,0x40,0x00,0x00,0x00,0x00,0x00,0x00,
      0x83,0x85,0x5D,0x28,0x0F,0x63,0xBA,0xE3,0xFF},
     {0x00,0x08,0x00,0x00,0x18,0x18,0x00,0x00,0x00,0x08,0x00,0x00,0x00,0x18,0x00,0x00,
      0x0B,0x00,0x05,0x00},
     {0x00,0x00,0x00,0x00,0x00,0x00,0x05,0x05,0xFF}, 640, 350, false},
    {0x10, 0xA3, {0x01, 0x0F, 0x00, 0x06},
     {0x5F,0x4F,0x50,0x82,0x54,0x80,0xBF,0x1F,0x00,0x40,0x00,0x00,0x00,0x00,0x00,0x00,
      0x83,0x85,0x5D,0x28,0x0F,0x63,0xBA,0xE3,0xFF},
     {0x00,0x01,0x02,0x03,0x04,0x05,0x14,0x07,0x38,0x39,0x3A,0x3B,0x3C,0x3D,0x3E,0x3F,
      0x01,0x00,0x0F,0x00},
     {0x00,0x00,0x00,0x00,0x00,0x00,0x05,0x0F,0xFF}, 640, 350, false},
    {0x11, 0xE3, {0x01, 0x0F, 0x00, 0x06},
     {0x5F,0x4F,0x50,0x82,0x54,0x80,0x0B,0x3E,0x00,0x40,0x00,0x00,0x00,0x00,0x00,0x00,
      0xEA,0x8C,0xDF,0x28,0x00,0xE7,0x04,0xC3,0xFF},
     {0x00,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,0x3F,
      0x01,0x00,0x0F,0x00},
     {0x00,0x00,0x00,0x00,0x00,0x00,0x05,0x0F,0xFF}, 640, 480, false},
    {0x12, 0xE3, {0x01, 0x0F, 0x00, 0x06},
     {0x5F,0x4F,0x50,0x82,0x54,0x80,0x0B,0x3E,0x00,0x40,0x00,0x00,0x00,0x00,0x00,0x00,
      0xEA,0x8C,0xDF,0x28,0x00,0xE7,0x04,0xE3,0xFF},
     {0x00,0x01,0x02,0x03,0x04,0x05,0x14,0x07,0x38,0x39,0x3A,0x3B,0x3C,0x3D,0x3E,0x3F,
      0x01,0x00,0x0F,0x00},
     {0x00,0x00,0x00,0x00,0x00,0x00,0x05,0x0F,0xFF}, 640, 480, false},
    {0x13, 0x63, {0x01, 0x0F, 0x00, 0x0E},
     {0x5F,0x4F,0x50,0x82,0x54,0x80,0xBF,0x1F,0x00,0x41,0x00,0x00,0x00,0x00,0x00,0x00,
      0x9C,0x8E,0x8F,0x28,0x40,0x96,0xB9,0xA3,0xFF},
     {0x00,0x01,0x02,0x03,0x04,0x05,0x06,0x07,0x08,0x09,0x0A,0x0B,0x0C,0x0D,0x0E,0x0F,
      0x41,0x00,0x0F,0x00},
     {0x00,0x00,0x00,0x00,0x00,0x40,0x05,0x0F,0xFF}, 320, 200, false},
};

static const ModeRegs *find_mode(int mode)
{
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (modes[i].mode == mode)
            return &modes[i];
    return NULL;
}

static void set_mode_regs(const ModeRegs *m)
{
    outw(0x3C4, 0x0100);
    for (int i = 0; i < 4; i++)
        outw(0x3C4, (uint16_t)((m->seq[i] << 8) | (i + 1)));
    outb(0x3C2, m->misc);
    outw(0x3C4, 0x0300);
    uint16_t crtc = (m->misc & 1) ? 0x3D4 : 0x3B4;
    outw(crtc, 0x0011); /* unlock */
    for (int i = 0; i < 25; i++)
        outw(crtc, (uint16_t)((m->crtc[i] << 8) | i));
    inb((uint16_t)(crtc + 6));
    for (int i = 0; i < 20; i++) {
        outb(0x3C0, (uint8_t)i);
        outb(0x3C0, m->ac[i]);
    }
    for (int i = 0; i < 9; i++)
        outw(0x3CE, (uint16_t)((m->gc[i] << 8) | i));
    outb(0x3C0, 0x20);
}

static void set_mode(int mode)
{
    const ModeRegs *m = find_mode(mode);
    ck_assert_ptr_nonnull(m);
    set_mode_regs(m);
}

/* DAC entry i = distinct colour derived from i (6-bit components). */
static void load_test_dac(void)
{
    outb(0x3C8, 0);
    for (int i = 0; i < 256; i++) {
        outb(0x3C9, (uint8_t)(i & 0x3F));
        outb(0x3C9, (uint8_t)((i * 7) & 0x3F));
        outb(0x3C9, (uint8_t)((i >> 2) ^ 0x15));
    }
}

static uint32_t expect_dac(int i)
{
    uint32_t r = (uint32_t)(i & 0x3F), g = (uint32_t)((i * 7) & 0x3F),
             b = (uint32_t)(((i >> 2) ^ 0x15) & 0x3F);
    return (r << 2 | r >> 4) << 16 | (g << 2 | g >> 4) << 8 | (b << 2 | b >> 4);
}

static uint32_t checksum(const DisplayBuffer *d)
{
    uint32_t h = 2166136261u;
    for (int i = 0; i < d->width * d->height; i++) {
        h ^= d->pixels[i];
        h *= 16777619u;
    }
    return h;
}

START_TEST(every_mode_geometry)
{
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        set_mode_regs(&modes[i]);
        const DisplayBuffer *d = vga_render(vga);
        ck_assert_msg(d->width == modes[i].width && d->height == modes[i].height,
                      "mode %02Xh rendered %dx%d, want %dx%d", modes[i].mode,
                      d->width, d->height, modes[i].width, modes[i].height);
        ck_assert_int_eq(d->aspect_num * 3, d->aspect_den * 4);
        TextScreen ts;
        vga_text_screen(vga, &ts);
        ck_assert_int_eq(ts.text_mode, modes[i].text);
        if (modes[i].text) {
            ck_assert_int_eq(ts.rows, 25);
            ck_assert_int_eq(ts.cols, modes[i].crtc[1] + 1);
        }
    }
}
END_TEST

/* ---- memory access: write/read modes ---------------------------------------- */

static uint8_t plane(unsigned p, unsigned off) { return vga_vram_peek(vga, p, off); }

START_TEST(write_mode0_setreset_rotate_logic_mask)
{
    set_mode(0x12);
    /* Plain write: all planes get the byte. */
    mem_write8(mem, 0xA0000, 0x5A);
    for (unsigned p = 0; p < 4; p++)
        ck_assert_uint_eq(plane(p, 0), 0x5A);
    /* Map mask 0x0E leaves plane 0 alone. */
    outw(0x3C4, 0x0E02);
    mem_write8(mem, 0xA0001, 0xFF);
    ck_assert_uint_eq(plane(0, 1), 0x00);
    ck_assert_uint_eq(plane(3, 1), 0xFF);
    outw(0x3C4, 0x0F02);
    /* Set/reset: enable planes 0,1; value 0b0001 -> plane0 FF, plane1 00. */
    outw(0x3CE, 0x0301);
    outw(0x3CE, 0x0100);
    mem_write8(mem, 0xA0002, 0x3C);
    ck_assert_uint_eq(plane(0, 2), 0xFF);
    ck_assert_uint_eq(plane(1, 2), 0x00);
    ck_assert_uint_eq(plane(2, 2), 0x3C);
    ck_assert_uint_eq(plane(3, 2), 0x3C);
    outw(0x3CE, 0x0001);
    /* Rotate by 4 + XOR with latches + bit mask 0xF0. */
    mem_read8(mem, 0xA0000); /* latches = 5A in every plane */
    outw(0x3CE, 0x1C03);     /* XOR, rotate 4 */
    outw(0x3CE, 0xF008);
    mem_write8(mem, 0xA0003, 0x12); /* rotated: 0x21 */
    /* masked bits: (0x21 ^ 0x5A) & F0 | 0x5A & 0F = 0x70 | 0x0A */
    for (unsigned p = 0; p < 4; p++)
        ck_assert_uint_eq(plane(p, 3), 0x7A);
    /* AND and OR. */
    outw(0x3CE, 0x0803);
    outw(0x3CE, 0xFF08);
    mem_write8(mem, 0xA0004, 0x0F);
    ck_assert_uint_eq(plane(2, 4), 0x0A);
    outw(0x3CE, 0x1003);
    mem_write8(mem, 0xA0005, 0x81);
    ck_assert_uint_eq(plane(1, 5), 0xDB);
    outw(0x3CE, 0x0003);
}
END_TEST

START_TEST(write_modes_1_2_3_and_read_modes)
{
    set_mode(0x12);
    /* Put distinct bytes in each plane at offset 10 via the map mask. */
    static const uint8_t pv[4] = {0x11, 0x22, 0x44, 0x88};
    for (unsigned p = 0; p < 4; p++) {
        outw(0x3C4, (uint16_t)(((1u << p) << 8) | 2));
        mem_write8(mem, 0xA000A, pv[p]);
    }
    outw(0x3C4, 0x0F02);
    /* Read mode 0 with read map select. */
    for (unsigned p = 0; p < 4; p++) {
        outw(0x3CE, (uint16_t)((p << 8) | 4));
        ck_assert_uint_eq(mem_read8(mem, 0xA000A), pv[p]);
    }
    /* Write mode 1 copies the latches. */
    outw(0x3CE, 0x0105);
    mem_read8(mem, 0xA000A);
    mem_write8(mem, 0xA0020, 0x00);
    for (unsigned p = 0; p < 4; p++)
        ck_assert_uint_eq(plane(p, 0x20), pv[p]);
    /* Write mode 2: colour 0b0101 through bit mask 0x0F (latches from 0x0A). */
    outw(0x3CE, 0x0205);
    outw(0x3CE, 0x0F08);
    mem_read8(mem, 0xA000A);
    mem_write8(mem, 0xA0021, 0x05);
    ck_assert_uint_eq(plane(0, 0x21), (0x11 & 0xF0) | 0x0F);
    ck_assert_uint_eq(plane(1, 0x21), (0x22 & 0xF0) | 0x00);
    ck_assert_uint_eq(plane(2, 0x21), (0x44 & 0xF0) | 0x0F);
    ck_assert_uint_eq(plane(3, 0x21), (0x88 & 0xF0) | 0x00);
    /* Write mode 3: set/reset colour 0b1010, data ANDed with bit mask. */
    outw(0x3CE, 0x0305);
    outw(0x3CE, 0xFF08);
    outw(0x3CE, 0x0A00);
    mem_read8(mem, 0xA000A);
    mem_write8(mem, 0xA0022, 0xC3);
    ck_assert_uint_eq(plane(0, 0x22), 0x11 & ~0xC3);
    ck_assert_uint_eq(plane(1, 0x22), (0x22 & ~0xC3) | 0xC3);
    ck_assert_uint_eq(plane(2, 0x22), 0x44 & ~0xC3);
    ck_assert_uint_eq(plane(3, 0x22), (0x88 & ~0xC3) | 0xC3);
    outw(0x3CE, 0x0000);
    /* Read mode 1: colour compare 0b0001 with all planes cared about:
     * bit set where plane0=1, planes1-3=0. */
    outw(0x3CE, 0x0805);
    outw(0x3CE, 0x0102);
    outw(0x3CE, 0x0F07);
    uint8_t want = (uint8_t)(0x11 & ~0x22 & ~0x44 & ~0x88);
    ck_assert_uint_eq(mem_read8(mem, 0xA000A), want);
    /* Don't care about plane 0: match where planes 1-3 are 0. */
    outw(0x3CE, 0x0E07);
    ck_assert_uint_eq(mem_read8(mem, 0xA000A), (uint8_t)~(0x22 | 0x44 | 0x88));
    outw(0x3CE, 0x0005);
}
END_TEST

START_TEST(chain4_and_odd_even_addressing)
{
    set_mode(0x13);
    for (unsigned i = 0; i < 8; i++)
        mem_write8(mem, 0xA0000 + i, (uint8_t)(0x10 + i));
    /* Chain-4: A0-1 pick the plane, the plane offset keeps the address. */
    ck_assert_uint_eq(plane(0, 0), 0x10);
    ck_assert_uint_eq(plane(3, 0), 0x13);
    ck_assert_uint_eq(plane(1, 4), 0x15);
    ck_assert_uint_eq(mem_read8(mem, 0xA0006), 0x16);
    set_mode(0x03);
    mem_write16(mem, 0xB8000, 0x1F41);
    mem_write16(mem, 0xB8002, 0x2E42);
    ck_assert_uint_eq(plane(0, 0), 0x41);
    ck_assert_uint_eq(plane(1, 0), 0x1F);
    ck_assert_uint_eq(plane(0, 2), 0x42);
    ck_assert_uint_eq(plane(1, 2), 0x2E);
    ck_assert_uint_eq(mem_read16(mem, 0xB8002), 0x2E42);
    /* Memory map select: the A0000 window is closed in mode 3. */
    ck_assert_uint_eq(mem_read8(mem, 0xA0000), 0xFF);
    /* Mode 7 uses B0000. */
    set_mode(0x07);
    mem_write16(mem, 0xB0000, 0x0748);
    ck_assert_uint_eq(plane(0, 0), 0x48);
    ck_assert_uint_eq(mem_read8(mem, 0xB8000), 0xFF);
}
END_TEST

/* ---- rendering ------------------------------------------------------------------ */

START_TEST(mode13_render_matches_memory)
{
    set_mode(0x13);
    load_test_dac();
    for (unsigned y = 0; y < 200; y++)
        for (unsigned x = 0; x < 320; x++)
            mem_write8(mem, 0xA0000 + y * 320 + x, (uint8_t)(x ^ (y * 3)));
    const DisplayBuffer *d = vga_render(vga);
    ck_assert_int_eq(d->width, 320);
    ck_assert_int_eq(d->height, 200);
    for (int y = 0; y < 200; y++)
        for (int x = 0; x < 320; x++)
            ck_assert_msg(d->pixels[y * 320 + x] == expect_dac((x ^ (y * 3)) & 0xFF),
                          "pixel %d,%d", x, y);
    /* Palette address source clear blanks the picture; setting it again
     * brings the picture back without any memory write. */
    inb(0x3DA);
    outb(0x3C0, 0x00);
    d = vga_render(vga);
    ck_assert_uint_eq(d->pixels[5 * 320 + 100], 0);
    inb(0x3DA);
    outb(0x3C0, 0x20);
    d = vga_render(vga);
    ck_assert_uint_eq(d->pixels[5 * 320 + 100], expect_dac((100 ^ 15) & 0xFF));
    /* Pel mask 0x0F limits the DAC index. */
    outb(0x3C6, 0x0F);
    d = vga_render(vga);
    ck_assert_uint_eq(d->pixels[5 * 320 + 100], expect_dac((100 ^ 15) & 0x0F));
    outb(0x3C6, 0xFF);
    /* Dirty rows: one write dirties exactly its line. */
    d = vga_render(vga);
    vga_render(vga);
    ((DisplayBuffer *)d)->dirty_y0 = 1;
    ((DisplayBuffer *)d)->dirty_y1 = 0;
    mem_write8(mem, 0xA0000 + 123 * 320 + 7, 0xEE);
    d = vga_render(vga);
    ck_assert_int_eq(d->dirty_y0, 123);
    ck_assert_int_eq(d->dirty_y1, 123);
}
END_TEST

START_TEST(modex_unchained_render)
{
    set_mode(0x13);
    load_test_dac();
    /* Mode X: chain-4 off, byte mode, doubleword off. */
    outw(0x3C4, 0x0604);
    outw(0x3D4, 0x0014);
    outw(0x3D4, 0xE317);
    for (unsigned p = 0; p < 4; p++) {
        outw(0x3C4, (uint16_t)(((1u << p) << 8) | 2));
        for (unsigned off = 0; off < 80 * 200; off++)
            mem_write8(mem, 0xA0000 + off, (uint8_t)(off * 4 + p));
    }
    const DisplayBuffer *d = vga_render(vga);
    ck_assert_int_eq(d->width, 320);
    for (int y = 0; y < 200; y += 17)
        for (int x = 0; x < 320; x++) {
            unsigned off = (unsigned)(y * 80 + x / 4);
            ck_assert_uint_eq(d->pixels[y * 320 + x],
                              expect_dac((int)((off * 4 + (unsigned)(x & 3)) & 0xFF)));
        }
    /* Start address moves the picture by whole 4-pixel groups. */
    outw(0x3D4, 0x0A0D);
    d = vga_render(vga);
    ck_assert_uint_eq(d->pixels[0], expect_dac((10 * 4) & 0xFF));
}
END_TEST

/* Planar pixel colour at x,y of mode 12h computed from the planes. */
static unsigned planar_pixel(unsigned x, unsigned y)
{
    unsigned off = y * 80 + x / 8, bit = 7 - (x & 7), v = 0;
    for (unsigned p = 0; p < 4; p++)
        v |= ((plane(p, off) >> bit) & 1u) << p;
    return v;
}

static uint32_t draw_mode12_pattern(unsigned map_mask)
{
    set_mode(0x12);
    load_test_dac();
    for (unsigned i = 0; i < 80 * 480; i++) /* clear all planes */
        mem_write8(mem, 0xA0000 + i, 0);
    outw(0x3C4, (uint16_t)((map_mask << 8) | 2));
    outw(0x3CE, 0x0205); /* write mode 2 */
    for (unsigned y = 0; y < 480; y += 3)
        for (unsigned x = 0; x < 640; x += 5) {
            outw(0x3CE, (uint16_t)(((0x80u >> (x & 7)) << 8) | 8));
            mem_read8(mem, 0xA0000 + y * 80 + x / 8);
            mem_write8(mem, 0xA0000 + y * 80 + x / 8, (uint8_t)((x + y) & 0x0F));
        }
    outw(0x3CE, 0x0005);
    outw(0x3CE, 0xFF08);
    outw(0x3C4, 0x0F02);
    return checksum(vga_render(vga));
}

START_TEST(mode12_render_and_plane_mask_matters)
{
    uint32_t good = draw_mode12_pattern(0x0F);
    const DisplayBuffer *d = vga_render(vga);
    ck_assert_int_eq(d->width, 640);
    ck_assert_int_eq(d->height, 480);
    static const uint8_t ac12[16] = {0x00,0x01,0x02,0x03,0x04,0x05,0x14,0x07,
                                     0x38,0x39,0x3A,0x3B,0x3C,0x3D,0x3E,0x3F};
    for (unsigned y = 0; y < 480; y += 3)
        for (unsigned x = 0; x < 640; x += 5) {
            unsigned c = planar_pixel(x, y);
            ck_assert_uint_eq(c, (x + y) & 0x0F);
            ck_assert_uint_eq(d->pixels[y * 640 + x], expect_dac(ac12[c]));
        }
    /* Horizontal pel panning by 3 shifts the picture left by 3 pixels. */
    inb(0x3DA);
    outb(0x3C0, 0x13);
    outb(0x3C0, 0x03);
    outb(0x3C0, 0x20);
    d = vga_render(vga);
    for (unsigned x = 5; x < 600; x += 5)
        ck_assert_uint_eq(d->pixels[3 * 640 + x - 3], expect_dac(ac12[planar_pixel(x, 3)]));
    inb(0x3DA);
    outb(0x3C0, 0x13);
    outb(0x3C0, 0x00);
    outb(0x3C0, 0x20);
    uint32_t bad = draw_mode12_pattern(0x0E);
    ck_assert_uint_ne(good, bad);
    ck_assert_uint_eq(draw_mode12_pattern(0x0F), good);
    /* Colour plane enable (AC 12h) masks the pixel value. */
    inb(0x3DA);
    outb(0x3C0, 0x12);
    outb(0x3C0, 0x01);
    outb(0x3C0, 0x20);
    ck_assert_uint_ne(checksum(vga_render(vga)), good);
}
END_TEST

START_TEST(cga_modes_render)
{
    set_mode(0x04);
    load_test_dac();
    /* Row 1 is in the odd bank at B8000+2000h. */
    mem_write8(mem, 0xB8000 + 0x2000, 0x1B); /* pixels 0,1,2,3 = 0,1,2,3 */
    const DisplayBuffer *d = vga_render(vga);
    ck_assert_int_eq(d->width, 320);
    ck_assert_int_eq(d->height, 200);
    static const uint8_t ac4[4] = {0x00, 0x13, 0x15, 0x17};
    for (int x = 0; x < 4; x++)
        ck_assert_uint_eq(d->pixels[320 + x], expect_dac(ac4[x]));
    ck_assert_uint_eq(d->pixels[0], expect_dac(0));
    set_mode(0x06);
    load_test_dac();
    mem_write8(mem, 0xB8000 + 0x2000 + 80, 0x80); /* line 3, pixel 0 */
    d = vga_render(vga);
    ck_assert_int_eq(d->width, 640);
    ck_assert_uint_eq(d->pixels[3 * 640], expect_dac(0x17));
    ck_assert_uint_eq(d->pixels[3 * 640 + 1], expect_dac(0));
}
END_TEST

START_TEST(line_compare_split)
{
    set_mode(0x13);
    load_test_dac();
    for (unsigned i = 0; i < 64000; i++)
        mem_write8(mem, 0xA0000 + i, (uint8_t)(i / 320));
    /* Start at line 50; split at scan line 200 (output line 100). */
    outw(0x3D4, (uint16_t)(((50 * 80) >> 8) << 8 | 0x0C));
    outw(0x3D4, (uint16_t)(((50 * 80) & 0xFF) << 8 | 0x0D));
    outw(0x3D4, (200 << 8) | 0x18);
    outw(0x3D4, 0x0F07); /* overflow: line compare bit 8 clear */
    outw(0x3D4, 0x0109); /* max scan 1, line compare bit 9 clear */
    const DisplayBuffer *d = vga_render(vga);
    ck_assert_uint_eq(d->pixels[0], expect_dac(50));
    ck_assert_uint_eq(d->pixels[99 * 320], expect_dac(149));
    ck_assert_uint_eq(d->pixels[100 * 320], expect_dac(0));
    ck_assert_uint_eq(d->pixels[101 * 320], expect_dac(1));
}
END_TEST

/* ---- text ---------------------------------------------------------------------------- */

/* Parse bios/vgabios/font8x16.inc (db lines) into 256*16 bytes. */
static bool load_font_source(uint8_t *font)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/bios/vgabios/font8x16.inc", test_srcdir());
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char line[512];
    int n = 0;
    while (fgets(line, sizeof line, f) && n < 256 * 16) {
        char *p = strstr(line, "db ");
        if (!p || line[0] == ';')
            continue;
        p += 3;
        while (*p && *p != ';' && n < 256 * 16) {
            char *end;
            long v = strtol(p, &end, 0);
            if (end == p)
                break;
            font[n++] = (uint8_t)v;
            p = end;
            while (*p == ',' || *p == ' ' || *p == '\t')
                p++;
        }
    }
    fclose(f);
    return n == 256 * 16;
}

static void load_font_plane2(const uint8_t *font)
{
    outw(0x3C4, 0x0402);
    outw(0x3C4, 0x0704);
    outw(0x3CE, 0x0204);
    outw(0x3CE, 0x0005);
    outw(0x3CE, 0x0406);
    for (unsigned c = 0; c < 256; c++)
        for (unsigned r = 0; r < 32; r++)
            mem_write8(mem, 0xA0000 + c * 32 + r, r < 16 ? font[c * 16 + r] : 0);
    outw(0x3C4, 0x0302);
    outw(0x3C4, 0x0204);
    outw(0x3CE, 0x0004);
    outw(0x3CE, 0x1005);
    outw(0x3CE, 0x0E06);
}

START_TEST(text_all_glyphs_match_font_source)
{
    uint8_t *font = malloc(256 * 16);
    if (!load_font_source(font)) {
        free(font);
        test_skip("text_all_glyphs", "bios/vgabios/font8x16.inc not found");
        return;
    }
    set_mode(0x03);
    load_test_dac();
    load_font_plane2(font);
    outw(0x3D4, 0x200A); /* cursor off */
    /* 256 glyphs: row r = c / 64 * 2, column c % 64; attribute varies. */
    for (unsigned c = 0; c < 256; c++) {
        unsigned row = c / 64 * 2, col = c % 64;
        uint8_t attr = (uint8_t)(0x10 + (c % 7) * 0x11 + 1) & 0x7F;
        mem_write16(mem, 0xB8000 + (row * 80 + col) * 2, (uint16_t)(attr << 8 | c));
    }
    const DisplayBuffer *d = vga_render(vga);
    ck_assert_int_eq(d->width, 720);
    static const uint8_t ac3[16] = {0x00,0x01,0x02,0x03,0x04,0x05,0x14,0x07,
                                    0x38,0x39,0x3A,0x3B,0x3C,0x3D,0x3E,0x3F};
    for (unsigned c = 0; c < 256; c++) {
        unsigned row = c / 64 * 2, col = c % 64;
        uint8_t attr = (uint8_t)(0x10 + (c % 7) * 0x11 + 1) & 0x7F;
        uint32_t fg = expect_dac(ac3[attr & 0x0F]), bg = expect_dac(ac3[(attr >> 4) & 7]);
        for (unsigned y = 0; y < 16; y++) {
            uint8_t bits = font[c * 16 + y];
            for (unsigned x = 0; x < 9; x++) {
                bool on = x < 8 ? (bits & (0x80 >> x)) != 0
                                : (c >= 0xC0 && c <= 0xDF && (bits & 1));
                uint32_t px = d->pixels[(row * 16 + y) * 720 + col * 9 + x];
                ck_assert_msg(px == (on ? fg : bg), "glyph %02X at %u,%u", c, x, y);
            }
        }
    }
    free(font);
}
END_TEST

START_TEST(text_cursor_and_blink)
{
    uint8_t *font = calloc(256 * 16, 1);
    font['A' * 16 + 5] = 0xFF; /* one full row in glyph 'A' */
    set_mode(0x03);
    load_test_dac();
    load_font_plane2(font);
    free(font);
    static const uint8_t ac3[16] = {0x00,0x01,0x02,0x03,0x04,0x05,0x14,0x07,
                                    0x38,0x39,0x3A,0x3B,0x3C,0x3D,0x3E,0x3F};
    mem_write16(mem, 0xB8000 + (2 * 80 + 3) * 2, 0x1E20); /* cursor cell */
    mem_write16(mem, 0xB8000 + (4 * 80 + 0) * 2, 0x9E41); /* blinking 'A' */
    outw(0x3D4, 0x0E0A);
    outw(0x3D4, 0x0F0B);
    outw(0x3D4, 0x000E);
    outw(0x3D4, (uint16_t)((2 * 80 + 3) << 8 | 0x0F));
    uint64_t frame = NS_PER_SEC / 70;
    uint32_t fg = expect_dac(ac3[0x0E]), bg = expect_dac(ac3[0x01]);
    /* Phase 0: cursor on, blinking text shown. */
    sched_set_manual_time(&sched, 0);
    const DisplayBuffer *d = vga_render(vga);
    ck_assert_uint_eq(d->pixels[(2 * 16 + 14) * 720 + 3 * 9 + 4], fg);
    ck_assert_uint_eq(d->pixels[(2 * 16 + 13) * 720 + 3 * 9 + 4], bg);
    ck_assert_uint_eq(d->pixels[(4 * 16 + 5) * 720 + 2], fg);
    /* Phase 1: cursor off. */
    sched_set_manual_time(&sched, 16 * frame + frame / 2);
    d = vga_render(vga);
    ck_assert_uint_eq(d->pixels[(2 * 16 + 14) * 720 + 3 * 9 + 4], bg);
    /* Phase 2: blinking characters hidden (background only, bit 7 is blink). */
    sched_set_manual_time(&sched, 32 * frame + frame / 2);
    d = vga_render(vga);
    ck_assert_uint_eq(d->pixels[(4 * 16 + 5) * 720 + 2], bg);
    ck_assert_uint_eq(d->pixels[(2 * 16 + 14) * 720 + 3 * 9 + 4], fg);
    /* Blink disabled (AC 10h bit 3): attribute bit 7 is bright background. */
    inb(0x3DA);
    outb(0x3C0, 0x10);
    outb(0x3C0, 0x04);
    outb(0x3C0, 0x20);
    d = vga_render(vga);
    ck_assert_uint_eq(d->pixels[(4 * 16 + 5) * 720 + 2], fg);
    ck_assert_uint_eq(d->pixels[(4 * 16 + 4) * 720 + 2], expect_dac(ac3[0x09]));
}
END_TEST

START_TEST(text_screen_export_and_scrolling)
{
    set_mode(0x03);
    for (unsigned i = 0; i < 80 * 50; i++)
        mem_write16(mem, 0xB8000 + i * 2, (uint16_t)(0x0700 | ('A' + i / 80 % 26)));
    outw(0x3D4, 0x000E);
    outw(0x3D4, (uint16_t)((80 * 3 + 5) << 8 | 0x0F));
    TextScreen ts;
    vga_text_screen(vga, &ts);
    ck_assert(ts.text_mode);
    ck_assert_int_eq(ts.cols, 80);
    ck_assert_int_eq(ts.rows, 25);
    ck_assert_uint_eq(ts.cells[0], 0x0741);
    ck_assert_uint_eq(ts.cells[80 * 24], 0x0700 | ('A' + 24));
    ck_assert_int_eq(ts.cursor_x, 5);
    ck_assert_int_eq(ts.cursor_y, 3);
    ck_assert(ts.cursor_visible);
    /* Linux-style scroll: start address moves two lines down. */
    outw(0x3D4, 0x000C);
    outw(0x3D4, (uint16_t)(160 << 8 | 0x0D));
    vga_text_screen(vga, &ts);
    ck_assert_uint_eq(ts.cells[0], 0x0743);
    ck_assert_int_eq(ts.cursor_y, 1);
    /* Wider virtual line (offset register 50 words = 100 columns). */
    outw(0x3D4, 0x000D);
    outw(0x3D4, 0x3213);
    vga_text_screen(vga, &ts);
    ck_assert_uint_eq(ts.cells[80], 0x0700 | ('A' + 1));
    ck_assert_uint_eq(ts.cells[80 * 1 + 0], mem_read16(mem, 0xB8000 + 100 * 2));
    /* Cursor disable bit. */
    outw(0x3D4, 0x200A);
    vga_text_screen(vga, &ts);
    ck_assert(!ts.cursor_visible);
    /* 50-row text: 8-line cells. */
    outw(0x3D4, 0x0709);
    outw(0x3D4, 0x2813);
    vga_text_screen(vga, &ts);
    ck_assert_int_eq(ts.rows, 50);
    set_mode(0x13);
    vga_text_screen(vga, &ts);
    ck_assert(!ts.text_mode);
}
END_TEST

START_TEST(retrace_follows_guest_time)
{
    set_mode(0x03);
    uint64_t frame = NS_PER_SEC / 70;
    sched_set_manual_time(&sched, frame * 10 + frame / 2);
    ck_assert_uint_eq(inb(0x3DA) & 0x08, 0);
    sched_set_manual_time(&sched, frame * 11 - frame / 40);
    ck_assert_uint_eq(inb(0x3DA) & 0x08, 0x08);
    /* Reading 3DA resets the attribute flip-flop: next 3C0 write is an index. */
    outb(0x3C0, 0x11);
    inb(0x3DA);
    outb(0x3C0, 0x31);
    ck_assert_uint_eq(inb(0x3C0), 0x31);
}
END_TEST

START_TEST(dac_and_registers_read_back)
{
    outb(0x3C8, 5);
    outb(0x3C9, 0x3F);
    outb(0x3C9, 0x20);
    outb(0x3C9, 0x01);
    outb(0x3C7, 5);
    ck_assert_uint_eq(inb(0x3C9), 0x3F);
    ck_assert_uint_eq(inb(0x3C9), 0x20);
    ck_assert_uint_eq(inb(0x3C9), 0x01);
    set_mode(0x12);
    outb(0x3CE, 5);
    ck_assert_uint_eq(inb(0x3CF), 0x00);
    outb(0x3D4, 0x13);
    ck_assert_uint_eq(inb(0x3D5), 0x28);
    ck_assert_uint_eq(inb(0x3CC), 0xE3);
    /* A word read at an index port returns index and data. */
    outb(0x3CE, 0x06);
    ck_assert_uint_eq(inw(0x3CE), 0x0506);
    /* CRTC write protect keeps 00h-07h. */
    outw(0x3D4, 0x8C11);
    outw(0x3D4, 0x1201);
    outb(0x3D4, 0x01);
    ck_assert_uint_eq(inb(0x3D5), 0x4F);
}
END_TEST

/* ---- DISPI ---------------------------------------------------------------------------- */

static void dispi(uint16_t idx, uint16_t val)
{
    outw(0x1CE, idx);
    outw(0x1CF, val);
}

START_TEST(dispi_modes_render)
{
    outw(0x1CE, 0);
    ck_assert_uint_eq(inw(0x1CF), 0xB0C0);
    dispi(0, 0xB0C5);
    ck_assert_uint_eq(inw(0x1CF), 0xB0C5);
    static const struct { int w, h, bpp; } m[] = {
        {640, 480, 8}, {800, 600, 15}, {1024, 768, 16}, {1280, 1024, 24},
        {1280, 1024, 32}, {1600, 1200, 32},
    };
    load_test_dac();
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        dispi(4, 0);
        dispi(1, (uint16_t)m[i].w);
        dispi(2, (uint16_t)m[i].h);
        dispi(3, (uint16_t)m[i].bpp);
        dispi(4, 0x41);
        outw(0x1CE, 4);
        ck_assert_uint_eq(inw(0x1CF) & 1, 1);
        unsigned bypp = (unsigned)(m[i].bpp + 7) / 8;
        uint32_t a = VGA_LFB_BASE + (uint32_t)(7 * m[i].w + 3) * bypp;
        uint32_t want;
        switch (m[i].bpp) {
        case 8: mem_write8(mem, a, 0x42); want = expect_dac(0x42); break;
        case 15: mem_write16(mem, a, (uint16_t)(31 << 10 | 1)); want = 0xFF0008; break;
        case 16: mem_write16(mem, a, (uint16_t)(63 << 5)); want = 0x00FF00; break;
        case 24: mem_write8(mem, a, 0x12); mem_write8(mem, a + 1, 0x34);
                 mem_write8(mem, a + 2, 0x56); want = 0x563412; break;
        default: mem_write32(mem, a, 0xFFABCDEF); want = 0xABCDEF; break;
        }
        const DisplayBuffer *d = vga_render(vga);
        ck_assert_int_eq(d->width, m[i].w);
        ck_assert_int_eq(d->height, m[i].h);
        ck_assert_uint_eq(d->pixels[7 * m[i].w + 3], want);
        ck_assert_uint_eq(d->pixels[7 * m[i].w + 4], m[i].bpp == 8 ? expect_dac(0) : 0);
        TextScreen ts;
        vga_text_screen(vga, &ts);
        ck_assert(!ts.text_mode);
    }
    /* Y offset scrolls the picture. */
    dispi(9, 7);
    const DisplayBuffer *d = vga_render(vga);
    ck_assert_uint_eq(d->pixels[3], 0xABCDEF);
    /* Too large a mode is refused. */
    dispi(4, 0);
    dispi(1, 4000);
    dispi(4, 1);
    outw(0x1CE, 4);
    ck_assert_uint_eq(inw(0x1CF) & 1, 0);
}
END_TEST

START_TEST(dispi_banked_window)
{
    dispi(4, 0);
    dispi(1, 640);
    dispi(2, 480);
    dispi(3, 8);
    dispi(4, 0x01);
    dispi(5, 2);
    mem_write8(mem, 0xA0010, 0x99);
    dispi(5, 0);
    ck_assert_uint_eq(mem_read8(mem, VGA_LFB_BASE + 2 * 65536 + 0x10), 0x99);
    ck_assert_uint_eq(mem_read8(mem, 0xA0010), 0x00);
    /* Disabling DISPI gives the window back to the VGA planes. */
    dispi(4, 0);
    set_mode(0x13);
    mem_write8(mem, 0xA0010, 0x55);
    ck_assert_uint_eq(plane(0, 0x10), 0x55);
}
END_TEST

/* ---- save/load ---------------------------------------------------------------- */

START_TEST(save_load_round_trip)
{
    set_mode(0x13);
    load_test_dac();
    for (unsigned i = 0; i < 64000; i += 7)
        mem_write8(mem, 0xA0000 + i, (uint8_t)i);
    uint32_t before = checksum(vga_render(vga));
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    StateWriter w = {f, 0};
    ck_assert_int_eq(vga_save(vga, &w), 0);
    long small = ftell(f);
    ck_assert_int_lt(small, 600 * 1024); /* empty LFB is not saved */
    set_mode(0x03);
    mem_write8(mem, 0xB8000, 0x33);
    rewind(f);
    StateReader r = {f, 0};
    ck_assert_int_eq(vga_load(vga, &r), 0);
    fclose(f);
    ck_assert_uint_eq(checksum(vga_render(vga)), before);

    /* DISPI mode with framebuffer content survives too. */
    dispi(4, 0);
    dispi(1, 800);
    dispi(2, 600);
    dispi(3, 32);
    dispi(4, 0x41);
    mem_write32(mem, VGA_LFB_BASE + 4 * (800 * 599 + 799), 0x00123456);
    before = checksum(vga_render(vga));
    f = tmpfile();
    ck_assert_ptr_nonnull(f);
    w.f = f;
    ck_assert_int_eq(vga_save(vga, &w), 0);
    mem_write32(mem, VGA_LFB_BASE + 4 * (800 * 599 + 799), 0);
    dispi(4, 0);
    rewind(f);
    r.f = f;
    ck_assert_int_eq(vga_load(vga, &r), 0);
    fclose(f);
    ck_assert_uint_eq(mem_read32(mem, VGA_LFB_BASE + 4 * (800 * 599 + 799)), 0x00123456);
    ck_assert_uint_eq(checksum(vga_render(vga)), before);
}
END_TEST

/* ---- robustness: random register and memory garbage ------------------------------ */

static uint32_t rnd_state;
static unsigned rnd(void)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 8) & 0xFFFF;
}
#define RND() rnd()

START_TEST(random_garbage_never_crashes)
{
    rnd_state = 12345;
    for (int round = 0; round < 40; round++) {
        for (int i = 0; i < 400; i++) {
            unsigned r = RND();
            switch (r % 5) {
            case 0: outb((uint16_t)(0x3B0 + RND() % 0x30), (uint8_t)RND()); break;
            case 1: outw((uint16_t)(0x3B0 + RND() % 0x30), (uint16_t)RND()); break;
            case 2: outw((uint16_t)(0x1CE + RND() % 3), (uint16_t)RND()); break;
            case 3: mem_write8(mem, 0xA0000 + (RND() << 1) % 0x20000, (uint8_t)RND()); break;
            default: (void)inb((uint16_t)(0x3B0 + RND() % 0x30)); break;
            }
        }
        sched_set_manual_time(&sched, (uint64_t)round * 37000000u);
        const DisplayBuffer *d = vga_render(vga);
        ck_assert_int_le(d->width, DISPLAY_MAX_W);
        ck_assert_int_le(d->height, DISPLAY_MAX_H);
        TextScreen ts;
        vga_text_screen(vga, &ts);
        ck_assert_int_le(ts.cols, TEXT_MAX_COLS);
        ck_assert_int_le(ts.rows, TEXT_MAX_ROWS);
    }
    /* Maximal CRTC geometry in 9-dot text. */
    set_mode(0x03);
    outw(0x3D4, 0xFF01);
    outw(0x3D4, 0xFF12);
    outw(0x3D4, 0x4207);
    outw(0x3D4, 0x0009);
    const DisplayBuffer *d = vga_render(vga);
    ck_assert_int_le(d->width, DISPLAY_MAX_W);
    TextScreen ts;
    vga_text_screen(vga, &ts);
    ck_assert_int_le(ts.cols, TEXT_MAX_COLS);
#undef RND
}
END_TEST

/* ---- the ROM image ------------------------------------------------------------------ */

START_TEST(vgabios_rom_header_and_checksum)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/roms/vgabios.bin", test_srcdir());
    FILE *f = fopen(path, "rb");
    if (!f) {
        test_skip("vgabios_rom", "roms/vgabios.bin not found");
        return;
    }
    static uint8_t rom[65536];
    size_t n = fread(rom, 1, sizeof rom, f);
    fclose(f);
    ck_assert_uint_ge(n, 512);
    ck_assert_uint_eq(rom[0], 0x55);
    ck_assert_uint_eq(rom[1], 0xAA);
    ck_assert_uint_eq((size_t)rom[2] * 512, n);
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += rom[i];
    ck_assert_msg((sum & 0xFF) == 0, "ROM checksum %02X (run bios/vgabios/fixsum.sh)",
                  sum & 0xFF);
    ck_assert_uint_eq(rom[3], 0xE9); /* near jump to the init code */
}
END_TEST

/* ---- end to end: the INT 10h test program under px86 ---------------------------- */

START_TEST(int10_program_under_px86)
{
    char img[1024];
    snprintf(img, sizeof img, "%s/tests/hw/vga/int10test.bin", test_builddir());
    if (access(test_px86(), X_OK) != 0 || access(img, R_OK) != 0) {
        test_skip("int10_program_under_px86", "px86 or int10test.bin not built");
        return;
    }
    static const char *const cpus[] = {"486", "8086"};
    for (size_t i = 0; i < 2; i++) {
        const char *argv[] = {"px86", "-cpu", cpus[i], "-hda", img, "-boot", "c",
                              "-snapshot", "-display", "none", "-debugcon", "stdio",
                              "-device", "isa-debug-exit", "-timeout", "60", NULL};
        char *out = NULL;
        int st = test_run_px86(argv, &out, 90);
        ck_assert_msg(out && strstr(out, "INT10 DONE"),
                      "-cpu %s: no result line (status %d):\n%s", cpus[i], st,
                      out ? out : "");
        ck_assert_msg(strstr(out, "fail=00") && st == 1,
                      "-cpu %s: status %d\n%s", cpus[i], st, out);
        free(out);
    }
}
END_TEST

Suite *vga_suite(void)
{
    Suite *s = suite_create("vga");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, every_mode_geometry);
    tcase_add_test(tc, write_mode0_setreset_rotate_logic_mask);
    tcase_add_test(tc, write_modes_1_2_3_and_read_modes);
    tcase_add_test(tc, chain4_and_odd_even_addressing);
    tcase_add_test(tc, mode13_render_matches_memory);
    tcase_add_test(tc, modex_unchained_render);
    tcase_add_test(tc, mode12_render_and_plane_mask_matters);
    tcase_add_test(tc, cga_modes_render);
    tcase_add_test(tc, line_compare_split);
    tcase_add_test(tc, text_all_glyphs_match_font_source);
    tcase_add_test(tc, text_cursor_and_blink);
    tcase_add_test(tc, text_screen_export_and_scrolling);
    tcase_add_test(tc, retrace_follows_guest_time);
    tcase_add_test(tc, dac_and_registers_read_back);
    tcase_add_test(tc, dispi_modes_render);
    tcase_add_test(tc, dispi_banked_window);
    tcase_add_test(tc, save_load_round_trip);
    tcase_add_test(tc, random_garbage_never_crashes);
    tcase_add_test(tc, vgabios_rom_header_and_checksum);
    suite_add_tcase(s, tc);
    TCase *guest = tcase_create("guest");
    tcase_set_timeout(guest, 200);
    tcase_add_test(guest, int10_program_under_px86);
    suite_add_tcase(s, guest);
    return s;
}
