/*
 * tests/hw/test_fdc.c — the floppy controller programmed the way a BIOS
 * and DOS/Linux drivers do: reset and polling interrupts, recalibrate/seek
 * and SENSE INTERRUPT, DMA reads and writes with TC and end-of-track,
 * multi-track, READ ID, FORMAT, error paths (wrong cylinder, missing
 * sector, no disk, no drive, read-only and -snapshot images, masked DMA),
 * geometry detection, CONFIGURE/LOCK/DUMPREG, and garbage input.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/fdc.h"
#include "stor_bus.h"

#define SZ_144 1474560u
#define MSR 0x3F4
#define FIFO 0x3F5
#define DOR 0x3F2
#define DIR 0x3F7
#define BUF 0x10000u

static TestBus *tb;
static Fdc *fdc;
static DiskImage *img;
static char *path;

static void open_fdc(uint64_t size, bool snapshot, bool ro)
{
    char err[256];
    tb = tb_create();
    fdc = fdc_create(&tb->bus);
    ck_assert_ptr_nonnull(fdc);
    path = tb_temp_image(size, tb_pattern);
    img = disk_open(path, snapshot, ro, err, sizeof err);
    ck_assert_ptr_nonnull(img);
    ck_assert_int_eq(fdc_attach(fdc, 0, img, err, sizeof err), 0);
}

static void setup(void) { open_fdc(SZ_144, false, false); }

static void teardown(void)
{
    fdc_destroy(fdc);
    disk_close(img);
    unlink(path);
    free(path);
    tb_destroy(tb);
}

static void wait_irq(void)
{
    for (int i = 0; i < 1000 && !tb->irq[6]; i++)
        tb_advance(tb, 10000);
    ck_assert_msg(tb->irq[6], "no IRQ6");
}

static void cmd(int n, const uint8_t *bytes)
{
    for (int i = 0; i < n; i++) {
        ck_assert_uint_eq(tb_in8(tb, MSR) & 0xC0, 0x80); /* RQM, to FDC */
        tb_out8(tb, FIFO, bytes[i]);
    }
}
#define CMD(...) do { const uint8_t b_[] = {__VA_ARGS__}; cmd(sizeof b_, b_); } while (0)

static void result(int n, uint8_t *out)
{
    for (int i = 0; i < n; i++) {
        ck_assert_uint_eq(tb_in8(tb, MSR) & 0xC0, 0xC0); /* RQM, from FDC */
        out[i] = tb_in8(tb, FIFO);
    }
    ck_assert_uint_eq(tb_in8(tb, MSR) & 0xD0, 0x80); /* idle again */
}

static void reset_and_sense(void)
{
    tb_out8(tb, DOR, 0x00);
    ck_assert_uint_eq(tb_in8(tb, MSR), 0x00);
    tb_out8(tb, DOR, 0x1C);
    wait_irq();
    uint8_t r[2];
    for (int d = 0; d < 4; d++) {
        CMD(0x08);
        result(2, r);
        ck_assert_uint_eq(r[0], 0xC0 | d);
    }
    ck_assert(!tb->irq[6]);
    CMD(0x03, 0xDF, 0x02); /* specify: DMA mode */
}

static void seek(uint8_t drive_head, uint8_t cyl)
{
    uint8_t r[2];
    CMD(0x0F, drive_head, cyl);
    wait_irq();
    CMD(0x08);
    result(2, r);
    ck_assert_uint_eq(r[0], 0x20 | (drive_head & 7));
    ck_assert_uint_eq(r[1], cyl);
}

static uint64_t chs_off(unsigned c, unsigned h, unsigned s, unsigned heads,
                        unsigned spt)
{
    return (((uint64_t)c * heads + h) * spt + s - 1) * 512;
}

static void assert_mem_is_image(uint32_t addr, uint64_t off, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++)
        ck_assert_msg(mem_read8(tb->bus.mem, addr + i) == tb_pattern(off + i),
                      "byte %u differs", i);
}

START_TEST(reset_polling_version_and_disk_change)
{
    reset_and_sense();
    uint8_t r[2];
    CMD(0x08); /* nothing pending: invalid */
    result(1, r);
    ck_assert_uint_eq(r[0], 0x80);
    CMD(0x10);
    result(1, r);
    ck_assert_uint_eq(r[0], 0x90);
    CMD(0x1F); /* invalid opcode */
    result(1, r);
    ck_assert_uint_eq(r[0], 0x80);
    ck_assert_uint_eq(tb_in8(tb, DIR) & 0x80, 0x80);
    /* Reset through DSR also gives the polling interrupt. */
    tb_out8(tb, MSR, 0x80);
    ck_assert(!tb->irq[6]);
    wait_irq();
    /* No IRQ line while DOR's DMA/IRQ enable bit is clear. */
    tb_out8(tb, DOR, 0x14);
    ck_assert(!tb->irq[6]);
    tb_out8(tb, DOR, 0x1C);
    ck_assert(tb->irq[6]);
    CMD(0x08);
    result(2, r);
    ck_assert_uint_eq(r[0], 0xC0);
    ck_assert(!tb->irq[6]);
}
END_TEST

START_TEST(recalibrate_seek_and_drive_status)
{
    reset_and_sense();
    uint8_t r[2];
    CMD(0x07, 0x00);
    ck_assert_uint_eq(tb_in8(tb, MSR) & 0x01, 0x01); /* drive 0 busy */
    ck_assert(!tb->irq[6]); /* completes later, not in the port write */
    wait_irq();
    CMD(0x08);
    result(2, r);
    ck_assert_uint_eq(r[0], 0x20);
    ck_assert_uint_eq(r[1], 0);
    ck_assert_uint_eq(tb_in8(tb, DIR) & 0x80, 0x00); /* change line cleared */
    CMD(0x04, 0x00);
    result(1, r);
    ck_assert_uint_eq(r[0], 0x20 | 0x10 | 0x08); /* RDY T0 TS */
    seek(0x04, 5);
    CMD(0x04, 0x04);
    result(1, r);
    ck_assert_uint_eq(r[0], 0x20 | 0x08 | 0x04);
    /* Relative seeks in and out. */
    CMD(0xCF, 0x00, 3);
    wait_irq();
    CMD(0x08);
    result(2, r);
    ck_assert_uint_eq(r[1], 8);
    CMD(0x8F, 0x00, 2);
    wait_irq();
    CMD(0x08);
    result(2, r);
    ck_assert_uint_eq(r[1], 6);
    /* A drive that does not exist: equipment check. */
    CMD(0x07, 0x02);
    wait_irq();
    CMD(0x08);
    result(2, r);
    ck_assert_uint_eq(r[0], 0x70 | 2);
}
END_TEST

START_TEST(read_multi_sector_with_tc)
{
    reset_and_sense();
    seek(0x04, 2);
    tb_dma_setup(tb, 2, BUF, 3 * 512, DMA_TO_MEMORY);
    CMD(0xE6, 0x04, 2, 1, 3, 2, 18, 0x1B, 0xFF);
    ck_assert(!tb->irq[6]);
    ck_assert_uint_eq(tb_in8(tb, MSR) & 0x90, 0x10); /* busy, no RQM */
    wait_irq();
    uint8_t r[7];
    result(7, r);
    ck_assert(!tb->irq[6]);
    ck_assert_uint_eq(r[0], 0x04);
    ck_assert_uint_eq(r[1], 0);
    ck_assert_uint_eq(r[2], 0);
    ck_assert_uint_eq(r[3], 2);
    ck_assert_uint_eq(r[4], 1);
    ck_assert_uint_eq(r[5], 6);
    ck_assert_uint_eq(r[6], 2);
    assert_mem_is_image(BUF, chs_off(2, 1, 3, 2, 18), 3 * 512);
    ck_assert_uint_eq(mem_read8(tb->bus.mem, BUF + 3 * 512), 0);
}
END_TEST

START_TEST(read_to_end_of_track_without_tc)
{
    reset_and_sense();
    seek(0x00, 7);
    tb_dma_setup(tb, 2, BUF, 8 * 512, DMA_TO_MEMORY);
    CMD(0x46, 0x00, 7, 0, 17, 2, 18, 0x1B, 0xFF); /* MT=0 */
    wait_irq();
    uint8_t r[7];
    result(7, r);
    ck_assert_uint_eq(r[0], 0x40);
    ck_assert_uint_eq(r[1], 0x80); /* EN */
    ck_assert_uint_eq(r[3], 8);
    ck_assert_uint_eq(r[5], 1);
    ck_assert_uint_eq(tb->dma[2].moved, 2 * 512);
    assert_mem_is_image(BUF, chs_off(7, 0, 17, 2, 18), 2 * 512);
}
END_TEST

START_TEST(multi_track_read_crosses_to_head_1)
{
    reset_and_sense();
    seek(0x00, 10);
    tb_dma_setup(tb, 2, BUF, 2 * 512, DMA_TO_MEMORY);
    CMD(0xC6, 0x00, 10, 0, 18, 2, 18, 0x1B, 0xFF); /* MT MFM */
    wait_irq();
    uint8_t r[7];
    result(7, r);
    ck_assert_uint_eq(r[0] & 0xC0, 0x00);
    ck_assert_uint_eq(r[3], 10);
    ck_assert_uint_eq(r[4], 1);
    ck_assert_uint_eq(r[5], 2);
    assert_mem_is_image(BUF, chs_off(10, 0, 18, 2, 18), 512);
    assert_mem_is_image(BUF + 512, chs_off(10, 1, 1, 2, 18), 512);
}
END_TEST

START_TEST(write_then_read_back)
{
    reset_and_sense();
    seek(0x00, 3);
    for (uint32_t i = 0; i < 1024; i++)
        mem_write8(tb->bus.mem, BUF + i, (uint8_t)(i ^ 0x5A));
    tb_dma_setup(tb, 2, BUF, 1024, DMA_FROM_MEMORY);
    CMD(0xC5, 0x00, 3, 0, 4, 2, 18, 0x1B, 0xFF);
    wait_irq();
    uint8_t r[7];
    result(7, r);
    ck_assert_uint_eq(r[0] & 0xC0, 0);
    ck_assert_uint_eq(r[5], 6);
    uint8_t back[1024];
    ck_assert_int_eq(disk_read(img, chs_off(3, 0, 4, 2, 18), back, 1024), 0);
    for (uint32_t i = 0; i < 1024; i++)
        ck_assert_uint_eq(back[i], (uint8_t)(i ^ 0x5A));
    /* The sectors around are untouched. */
    ck_assert_int_eq(disk_read(img, chs_off(3, 0, 3, 2, 18), back, 512), 0);
    ck_assert_uint_eq(back[100], tb_pattern(chs_off(3, 0, 3, 2, 18) + 100));
    tb_dma_setup(tb, 2, BUF + 0x1000, 1024, DMA_TO_MEMORY);
    CMD(0xE6, 0x00, 3, 0, 4, 2, 18, 0x1B, 0xFF);
    wait_irq();
    result(7, r);
    for (uint32_t i = 0; i < 1024; i++)
        ck_assert_uint_eq(mem_read8(tb->bus.mem, BUF + 0x1000 + i), (uint8_t)(i ^ 0x5A));
}
END_TEST

static void write_protected_case(bool snapshot, bool ro)
{
    teardown();
    open_fdc(SZ_144, snapshot, ro);
    reset_and_sense();
    seek(0x00, 1);
    CMD(0x04, 0x00);
    uint8_t r[7];
    result(1, r);
    ck_assert_uint_eq(r[0] & 0x40, ro ? 0x40 : 0);
    for (uint32_t i = 0; i < 512; i++)
        mem_write8(tb->bus.mem, BUF + i, 0xEE);
    tb_dma_setup(tb, 2, BUF, 512, DMA_FROM_MEMORY);
    CMD(0x45, 0x00, 1, 0, 1, 2, 18, 0x1B, 0xFF);
    wait_irq();
    result(7, r);
    if (ro) {
        ck_assert_uint_eq(r[0], 0x40);
        ck_assert_uint_eq(r[1], 0x02); /* NW */
        ck_assert_uint_eq(tb->dma[2].moved, 0);
    } else {
        ck_assert_uint_eq(r[0] & 0xC0, 0);
        /* The guest sees its write... */
        tb_dma_setup(tb, 2, BUF + 0x1000, 512, DMA_TO_MEMORY);
        CMD(0x46, 0x00, 1, 0, 1, 2, 18, 0x1B, 0xFF);
        wait_irq();
        result(7, r);
        ck_assert_uint_eq(mem_read8(tb->bus.mem, BUF + 0x1000 + 77), 0xEE);
    }
    /* ...but the file never changes. */
    disk_flush(img);
    ck_assert(tb_file_is_pattern(path, SZ_144));
}

START_TEST(read_only_image_write_protected)
{
    write_protected_case(false, true);
}
END_TEST

START_TEST(snapshot_image_file_untouched)
{
    write_protected_case(true, false);
}
END_TEST

START_TEST(error_paths)
{
    char err[256];
    ck_assert_int_eq(fdc_attach(fdc, 1, NULL, err, sizeof err), 0); /* empty drive */
    reset_and_sense();
    seek(0x00, 4);
    uint8_t r[7];
    /* A cylinder beyond the disk (the implied seek goes there): no
     * formatted track, missing address mark. */
    tb_dma_setup(tb, 2, BUF, 512, DMA_TO_MEMORY);
    CMD(0x46, 0x00, 90, 0, 1, 2, 18, 0x1B, 0xFF);
    wait_irq();
    result(7, r);
    ck_assert_uint_eq(r[0], 0x40);
    ck_assert_uint_eq(r[1], 0x01);
    ck_assert_uint_eq(tb->dma[2].moved, 0);
    seek(0x00, 4);
    /* Sector 19 does not exist on a 1.44M track. */
    CMD(0x46, 0x00, 4, 0, 19, 2, 19, 0x1B, 0xFF);
    wait_irq();
    result(7, r);
    ck_assert_uint_eq(r[1], 0x04);
    /* Wrong sector size code. */
    CMD(0x46, 0x00, 4, 0, 1, 3, 18, 0x1B, 0xFF);
    wait_irq();
    result(7, r);
    ck_assert_uint_eq(r[1], 0x04);
    /* FM mode on an MFM disk: missing address mark. */
    CMD(0x06, 0x00, 4, 0, 1, 2, 18, 0x1B, 0xFF);
    wait_irq();
    result(7, r);
    ck_assert_uint_eq(r[1], 0x01);
    /* Beyond the last cylinder. */
    seek(0x00, 83);
    CMD(0x46, 0x00, 83, 0, 1, 2, 18, 0x1B, 0xFF);
    wait_irq();
    result(7, r);
    ck_assert_uint_eq(r[0], 0x40);
    ck_assert_uint_eq(r[1], 0x01);
    /* Empty drive 1: seek works, reads fail, disk change stays set. */
    seek(0x01, 1);
    tb_out8(tb, DOR, 0x1D);
    ck_assert_uint_eq(tb_in8(tb, DIR) & 0x80, 0x80);
    CMD(0x46, 0x01, 1, 0, 1, 2, 18, 0x1B, 0xFF);
    wait_irq();
    result(7, r);
    ck_assert_uint_eq(r[0], 0x41);
    ck_assert_uint_eq(r[1], 0x01);
    CMD(0x4A, 0x01);
    wait_irq();
    result(7, r);
    ck_assert_uint_eq(r[0], 0x41);
    tb_out8(tb, DOR, 0x1C);
    /* DMA channel masked: overrun. */
    seek(0x00, 0);
    tb->dma[2].enabled = false;
    CMD(0x46, 0x00, 0, 0, 1, 2, 18, 0x1B, 0xFF);
    wait_irq();
    result(7, r);
    ck_assert_uint_eq(r[0], 0x40);
    ck_assert_uint_eq(r[1], 0x10);
    /* Result bytes beyond the result phase read as idle. */
    ck_assert_uint_eq(tb_in8(tb, MSR) & 0xC0, 0x80);
}
END_TEST

START_TEST(read_id_and_format)
{
    reset_and_sense();
    seek(0x04, 1);
    uint8_t r[7];
    CMD(0x4A, 0x04);
    wait_irq();
    result(7, r);
    ck_assert_uint_eq(r[0], 0x04);
    ck_assert_uint_eq(r[3], 1);
    ck_assert_uint_eq(r[4], 1);
    ck_assert_uint_eq(r[6], 2);
    uint8_t first = r[5];
    CMD(0x4A, 0x04);
    wait_irq();
    result(7, r);
    ck_assert_uint_eq(r[5], first % 18 + 1);
    /* Format cylinder 1 head 1 with filler 0xF6, IDs from memory. */
    for (unsigned s = 0; s < 18; s++) {
        mem_write8(tb->bus.mem, BUF + s * 4 + 0, 1);
        mem_write8(tb->bus.mem, BUF + s * 4 + 1, 1);
        mem_write8(tb->bus.mem, BUF + s * 4 + 2, (uint8_t)(s + 1));
        mem_write8(tb->bus.mem, BUF + s * 4 + 3, 2);
    }
    tb_dma_setup(tb, 2, BUF, 18 * 4, DMA_FROM_MEMORY);
    CMD(0x4D, 0x04, 2, 18, 0x54, 0xF6);
    wait_irq();
    result(7, r);
    ck_assert_uint_eq(r[0] & 0xC0, 0);
    uint8_t sec[512];
    ck_assert_int_eq(disk_read(img, chs_off(1, 1, 18, 2, 18), sec, 512), 0);
    ck_assert_uint_eq(sec[0], 0xF6);
    ck_assert_uint_eq(sec[511], 0xF6);
    ck_assert_int_eq(disk_read(img, chs_off(1, 0, 18, 2, 18), sec, 512), 0);
    ck_assert_uint_eq(sec[0], tb_pattern(chs_off(1, 0, 18, 2, 18)));
}
END_TEST

START_TEST(geometry_from_image_size)
{
    static const struct { uint32_t size; int cmos; unsigned c, h, s; } fmts[] = {
        {163840, 1, 40, 1, 8}, {184320, 1, 40, 1, 9}, {327680, 1, 40, 2, 8},
        {368640, 1, 40, 2, 9}, {737280, 3, 80, 2, 9}, {1228800, 2, 80, 2, 15},
        {1474560, 4, 80, 2, 18}, {1720320, 4, 80, 2, 21}, {2949120, 5, 80, 2, 36},
    };
    ck_assert_int_eq(fdc_cmos_type(fdc, 1), 0);
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        teardown();
        open_fdc(fmts[i].size, true, false);
        ck_assert_int_eq(fdc_cmos_type(fdc, 0), fmts[i].cmos);
        reset_and_sense();
        /* The very last sector of the disk. */
        unsigned c = fmts[i].c - 1, h = fmts[i].h - 1, s = fmts[i].s;
        seek((uint8_t)(h << 2), (uint8_t)c);
        tb_dma_setup(tb, 2, BUF, 512, DMA_TO_MEMORY);
        CMD(0x46, (uint8_t)(h << 2), (uint8_t)c, (uint8_t)h, (uint8_t)s, 2,
            (uint8_t)s, 0x1B, 0xFF);
        wait_irq();
        uint8_t r[7];
        result(7, r);
        ck_assert_msg((r[0] & 0xC0) == 0, "format %u: st0 %02x st1 %02x",
                      fmts[i].size, r[0], r[1]);
        assert_mem_is_image(BUF, fmts[i].size - 512, 512);
    }
    /* A size that is no floppy: a clear error. */
    char *p2 = tb_temp_image(1000000, NULL);
    char err[256] = "";
    DiskImage *bad = disk_open(p2, false, false, err, sizeof err);
    ck_assert_int_eq(fdc_attach(fdc, 1, bad, err, sizeof err), -1);
    ck_assert(strstr(err, "1000000") != NULL);
    ck_assert_int_eq(fdc_attach(fdc, 2, img, err, sizeof err), -1);
    disk_close(bad);
    unlink(p2);
    free(p2);
}
END_TEST

START_TEST(configure_lock_dumpreg)
{
    reset_and_sense();
    seek(0x00, 9);
    uint8_t r[10];
    CMD(0x13, 0x00, 0x57, 0x03);
    CMD(0x12, 0x03);
    CMD(0x0E);
    result(10, r);
    ck_assert_uint_eq(r[0], 9);
    ck_assert_uint_eq(r[4], 0xDF);
    ck_assert_uint_eq(r[5], 0x02);
    ck_assert_uint_eq(r[7], 0x03);
    ck_assert_uint_eq(r[8], 0x57);
    ck_assert_uint_eq(r[9], 0x03);
    CMD(0x94);
    result(1, r);
    ck_assert_uint_eq(r[0], 0x10);
    tb_out8(tb, MSR, 0x80); /* reset keeps locked parameters */
    tb_advance(tb, 100000);
    ck_assert(!tb->irq[6]); /* 0x57: POLL bit set, no polling interrupt */
    CMD(0x0E);
    result(10, r);
    ck_assert_uint_eq(r[8], 0x57);
    ck_assert_uint_eq(r[4], 0xDF); /* SPECIFY survives any reset */
    CMD(0x14);
    result(1, r);
    ck_assert_uint_eq(r[0], 0x00);
    tb_out8(tb, MSR, 0x80);
    tb_advance(tb, 100000);
    CMD(0x0E);
    result(10, r);
    ck_assert_uint_eq(r[8], 0x20);
}
END_TEST

START_TEST(non_dma_transfers_through_fifo)
{
    reset_and_sense();
    CMD(0x03, 0xDF, 0x03); /* ND: non-DMA */
    seek(0x00, 6);
    CMD(0x46, 0x00, 6, 0, 4, 2, 5, 0x1B, 0xFF); /* sectors 4..5 */
    for (unsigned sec = 4; sec <= 5; sec++) {
        wait_irq();
        uint64_t off = chs_off(6, 0, sec, 2, 18);
        for (unsigned i = 0; i < 512; i++) {
            ck_assert_uint_eq(tb_in8(tb, MSR), 0xF0);
            ck_assert_uint_eq(tb_in8(tb, FIFO), tb_pattern(off + i));
        }
    }
    wait_irq();
    uint8_t r[7];
    result(7, r);
    ck_assert_uint_eq(r[0], 0x40); /* PIO ends at EOT: end of cylinder */
    ck_assert_uint_eq(r[1], 0x80);
    ck_assert_uint_eq(r[3], 7);
    ck_assert_uint_eq(tb->dma[2].moved, 0);
    CMD(0x45, 0x00, 6, 0, 9, 2, 9, 0x1B, 0xFF);
    wait_irq();
    for (unsigned i = 0; i < 512; i++) {
        ck_assert_uint_eq(tb_in8(tb, MSR), 0xB0);
        tb_out8(tb, FIFO, (uint8_t)(i ^ 0x33));
    }
    wait_irq();
    result(7, r);
    ck_assert_uint_eq(r[1], 0x80);
    uint8_t sec[512];
    ck_assert_int_eq(disk_read(img, chs_off(6, 0, 9, 2, 18), sec, 512), 0);
    for (unsigned i = 0; i < 512; i++)
        ck_assert_uint_eq(sec[i], (uint8_t)(i ^ 0x33));
}
END_TEST

START_TEST(read_deleted_marks)
{
    reset_and_sense();
    seek(0x00, 2);
    uint8_t r[7];
    tb_dma_setup(tb, 2, BUF, 4 * 512, DMA_TO_MEMORY);
    /* Without SK: one sector is read, then the control mark stops it. */
    CMD(0x4C, 0x00, 2, 0, 3, 2, 18, 0x1B, 0xFF);
    wait_irq();
    result(7, r);
    ck_assert_uint_eq(r[0] & 0xC0, 0);
    ck_assert_uint_eq(r[2], 0x40);
    ck_assert_uint_eq(r[5], 4);
    ck_assert_uint_eq(tb->dma[2].moved, 512);
    /* With SK: every sector is skipped up to EOT. */
    tb_dma_setup(tb, 2, BUF, 4 * 512, DMA_TO_MEMORY);
    CMD(0x6C, 0x00, 2, 0, 3, 2, 6, 0x1B, 0xFF);
    wait_irq();
    result(7, r);
    ck_assert_uint_eq(r[0], 0x40);
    ck_assert_uint_eq(r[1], 0x80);
    ck_assert_uint_eq(r[2], 0x40);
    ck_assert_uint_eq(tb->dma[2].moved, 0);
}
END_TEST

/* With EIS, and (for the Bochs BIOS) without it: READ moves the head. */
START_TEST(implied_seek)
{
    reset_and_sense();
    tb_dma_setup(tb, 2, BUF, 512, DMA_TO_MEMORY);
    CMD(0x46, 0x00, 7, 0, 3, 2, 18, 0x1B, 0xFF); /* no SEEK, no EIS */
    wait_irq();
    {
        uint8_t r0[7];
        result(7, r0);
        ck_assert_uint_eq(r0[0] & 0xC0, 0);
        assert_mem_is_image(BUF, chs_off(7, 0, 3, 2, 18), 512);
    }
    CMD(0x13, 0x00, 0x40, 0x00); /* EIS */
    tb_dma_setup(tb, 2, BUF, 512, DMA_TO_MEMORY);
    CMD(0xE6, 0x00, 20, 0, 5, 2, 18, 0x1B, 0xFF);
    wait_irq();
    uint8_t r[7];
    result(7, r);
    ck_assert_uint_eq(r[0] & 0xC0, 0);
    assert_mem_is_image(BUF, chs_off(20, 0, 5, 2, 18), 512);
}
END_TEST

START_TEST(garbage_never_escapes)
{
    /* Random port writes and reads with time passing: must not crash or
     * write memory outside the DMA window. */
    srand(1234);
    reset_and_sense();
    for (uint32_t i = 0; i < 0x20000; i += 4)
        mem_write32(tb->bus.mem, i, 0xCCCCCCCC);
    for (int i = 0; i < 20000; i++) {
        int k = rand() % 8;
        tb_dma_setup(tb, 2, BUF, 1024, (rand() & 1) ? DMA_TO_MEMORY : DMA_FROM_MEMORY);
        if (k < 4)
            tb_out8(tb, FIFO, (uint8_t)rand());
        else if (k == 4)
            tb_in8(tb, FIFO);
        else if (k == 5)
            tb_out8(tb, (uint16_t)(0x3F0 + rand() % 8), (uint8_t)(rand() | 0x04));
        else
            tb_advance(tb, (uint64_t)(rand() % 300000));
    }
    for (uint32_t i = 0; i < BUF; i++)
        ck_assert_uint_eq(mem_read8(tb->bus.mem, i), 0xCC);
    for (uint32_t i = BUF + 1024; i < 0x20000; i++)
        ck_assert_uint_eq(mem_read8(tb->bus.mem, i), 0xCC);
}
END_TEST

START_TEST(save_load_roundtrip)
{
    reset_and_sense();
    seek(0x00, 12);
    FILE *f = tmpfile();
    StateWriter w = {f, 0};
    Device d = fdc_device(fdc);
    ck_assert_int_eq(d.save(d.self, &w), 0);
    seek(0x00, 3);
    rewind(f);
    StateReader rd = {f, 0};
    ck_assert_int_eq(d.load(d.self, &rd), 0);
    fclose(f);
    uint8_t r[10];
    CMD(0x0E);
    result(10, r);
    ck_assert_uint_eq(r[0], 12);
}
END_TEST

Suite *fdc_suite(void)
{
    Suite *s = suite_create("fdc");
    TCase *tc = tcase_create("fdc");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, reset_polling_version_and_disk_change);
    tcase_add_test(tc, recalibrate_seek_and_drive_status);
    tcase_add_test(tc, read_multi_sector_with_tc);
    tcase_add_test(tc, read_to_end_of_track_without_tc);
    tcase_add_test(tc, multi_track_read_crosses_to_head_1);
    tcase_add_test(tc, write_then_read_back);
    tcase_add_test(tc, read_only_image_write_protected);
    tcase_add_test(tc, snapshot_image_file_untouched);
    tcase_add_test(tc, error_paths);
    tcase_add_test(tc, read_id_and_format);
    tcase_add_test(tc, geometry_from_image_size);
    tcase_add_test(tc, configure_lock_dumpreg);
    tcase_add_test(tc, implied_seek);
    tcase_add_test(tc, read_deleted_marks);
    tcase_add_test(tc, non_dma_transfers_through_fifo);
    tcase_add_test(tc, garbage_never_escapes);
    tcase_add_test(tc, save_load_roundtrip);
    suite_add_tcase(s, tc);
    return s;
}
