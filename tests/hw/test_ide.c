/*
 * tests/hw/test_ide.c — ATA disks on the primary channel, driven as a BIOS
 * or OS driver does: signatures, IDENTIFY, PIO reads/writes in LBA and CHS
 * (with INITIALIZE DEVICE PARAMETERS translation), multiple mode, 16- and
 * 32-bit data access, interrupts with nIEN, SRST, diagnostics, absent
 * devices, range errors, read-only and -snapshot images, and garbage.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/ide.h"
#include "ide_util.h"

#define DISK_SECTORS 8192u
#define DISK_SIZE (DISK_SECTORS * 512u)

static TestBus *tb;
static Ide *ide;
static DiskImage *img;
static char *path;

static void open_ide(bool snapshot, bool ro)
{
    char err[256];
    tb = tb_create();
    ide = ide_create(&tb->bus, IDE_PRIMARY);
    ck_assert_ptr_nonnull(ide);
    path = tb_temp_image(DISK_SIZE, tb_pattern);
    img = disk_open(path, snapshot, ro, err, sizeof err);
    ck_assert_ptr_nonnull(img);
    ck_assert_int_eq(ide_attach_disk(ide, 0, img, err, sizeof err), 0);
}

static void setup(void) { open_ide(false, false); }

static void teardown(void)
{
    ide_destroy(ide);
    disk_close(img);
    unlink(path);
    free(path);
    tb_destroy(tb);
}

static void read_sector_words(uint16_t *w)
{
    for (int i = 0; i < 256; i++)
        w[i] = in16(tb, P);
}

static void assert_sector_is_image(const uint16_t *w, uint64_t lba)
{
    for (int i = 0; i < 256; i++) {
        uint64_t off = lba * 512 + (uint64_t)i * 2;
        uint16_t want = (uint16_t)(tb_pattern(off) | (tb_pattern(off + 1) << 8));
        ck_assert_msg(w[i] == want, "lba %llu word %d: %04x != %04x",
                      (unsigned long long)lba, i, w[i], want);
    }
}

START_TEST(signature_and_identify)
{
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    ck_assert_uint_eq(tb_in8(tb, P + 2), 1);
    ck_assert_uint_eq(tb_in8(tb, P + 3), 1);
    ck_assert_uint_eq(tb_in8(tb, P + 4), 0);
    ck_assert_uint_eq(tb_in8(tb, P + 5), 0);
    tb_out8(tb, P + 6, 0xA0);
    tb_out8(tb, P + 7, 0xEC);
    ck_assert(tb->irq[14]);
    ck_assert_uint_eq(tb_in8(tb, CTL), 0x58); /* alt status: IRQ stays */
    ck_assert(tb->irq[14]);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x58);
    ck_assert(!tb->irq[14]);
    uint16_t w[256];
    read_sector_words(w);
    ck_assert_uint_eq(tb_in8(tb, P + 7) & 0x08, 0);
    ck_assert_uint_eq(w[0], 0x0040);
    ck_assert_uint_eq(w[1], 8);  /* 8192 / (16 * 63) */
    ck_assert_uint_eq(w[3], 16);
    ck_assert_uint_eq(w[6], 63);
    ck_assert_uint_eq(w[27], ('P' << 8) | 'X');
    ck_assert_uint_eq(w[28], ('8' << 8) | '6');
    ck_assert_uint_eq(w[47] & 0xFF, 16);
    ck_assert_uint_eq(w[49] & 0x0200, 0x0200);
    ck_assert_uint_eq(w[60] | ((uint32_t)w[61] << 16), DISK_SECTORS);
    ck_assert_uint_eq(w[57] | ((uint32_t)w[58] << 16), 8 * 16 * 63);
    uint8_t sum = 0;
    for (int i = 0; i < 256; i++)
        sum = (uint8_t)(sum + (w[i] & 0xFF) + (w[i] >> 8));
    ck_assert_uint_eq(sum, 0);
    ck_assert_uint_eq(w[255] & 0xFF, 0xA5);
    IdeGeometry g;
    ck_assert(ide_disk_geometry(ide, 0, &g));
    ck_assert_uint_eq(g.cylinders, 8);
    ck_assert_uint_eq(g.total_sectors, DISK_SECTORS);
    ck_assert(!ide_disk_geometry(ide, 1, &g));
}
END_TEST

START_TEST(read_sectors_lba_chs_and_32bit)
{
    ide_lba(tb, 0, 100, 3);
    tb_out8(tb, P + 7, 0x20);
    uint16_t w[256];
    for (int s = 0; s < 3; s++) {
        ck_assert(tb->irq[14]);
        ck_assert_uint_eq(tb_in8(tb, P + 7), 0x58);
        read_sector_words(w);
        assert_sector_is_image(w, 100 + (unsigned)s);
    }
    ck_assert_uint_eq(tb->irq_rises[14], 3);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    ck_assert_uint_eq(tb_in8(tb, P + 3), 102); /* last sector read */
    /* CHS: cylinder 1, head 2, sector 5. */
    tb_out8(tb, P + 6, 0xA2);
    tb_out8(tb, P + 2, 1);
    tb_out8(tb, P + 3, 5);
    tb_out8(tb, P + 4, 1);
    tb_out8(tb, P + 5, 0);
    tb_out8(tb, P + 7, 0x21);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x58);
    for (int i = 0; i < 128; i++) { /* 32-bit data port */
        uint32_t v = in32(tb, P);
        w[2 * i] = (uint16_t)v;
        w[2 * i + 1] = (uint16_t)(v >> 16);
    }
    assert_sector_is_image(w, (1 * 16 + 2) * 63 + 4);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    /* Data port reads with no DRQ do nothing harmful. */
    ck_assert_uint_eq(in16(tb, P), 0xFFFF);
}
END_TEST

START_TEST(write_then_read_back_and_multiple)
{
    ide_lba(tb, 0, 4000, 2);
    tb_out8(tb, P + 7, 0x30);
    ck_assert(!tb->irq[14]); /* no interrupt before the first block */
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x58);
    for (int i = 0; i < 512; i++) {
        out16(tb, P, (uint16_t)(i * 3 + 1));
        if (i == 255) { /* block done: interrupt, DRQ for the next one */
            ck_assert(tb->irq[14]);
            ck_assert_uint_eq(tb_in8(tb, P + 7), 0x58);
        }
    }
    ck_assert(tb->irq[14]);
    ck_assert_uint_eq(tb->irq_rises[14], 2);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    uint8_t buf[1024];
    ck_assert_int_eq(disk_read(img, 4000 * 512, buf, 1024), 0);
    for (int i = 0; i < 512; i++)
        ck_assert_uint_eq(buf[2 * i] | (buf[2 * i + 1] << 8), (uint16_t)(i * 3 + 1));
    ck_assert_int_eq(disk_read(img, 4002 * 512, buf, 1), 0);
    ck_assert_uint_eq(buf[0], tb_pattern(4002 * 512));
    /* READ MULTIPLE before SET MULTIPLE: aborted. */
    ide_lba(tb, 0, 0, 8);
    tb_out8(tb, P + 7, 0xC4);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x51);
    ck_assert_uint_eq(tb_in8(tb, P + 1), 0x04);
    tb_out8(tb, P + 2, 3); /* not a power of two */
    tb_out8(tb, P + 7, 0xC6);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x51);
    tb_out8(tb, P + 2, 4);
    tb_out8(tb, P + 7, 0xC6);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    unsigned rises = tb->irq_rises[14];
    ide_lba(tb, 0, 10, 10); /* blocks of 4, 4, 2 */
    tb_out8(tb, P + 7, 0xC4);
    uint16_t w[256];
    for (int s = 0; s < 10; s++) {
        if (s % 4 == 0) { /* one interrupt per block */
            ck_assert(tb->irq[14]);
            tb_in8(tb, P + 7);
        }
        read_sector_words(w);
        assert_sector_is_image(w, 10 + (unsigned)s);
    }
    ck_assert_uint_eq(tb->irq_rises[14] - rises, 3);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    /* IDENTIFY reports the multiple setting. */
    tb_out8(tb, P + 7, 0xEC);
    read_sector_words(w);
    ck_assert_uint_eq(w[59], 0x0104);
    /* WRITE MULTIPLE of 6 sectors: blocks of 4 and 2. */
    ide_lba(tb, 0, 300, 6);
    tb_out8(tb, P + 7, 0xC5);
    for (int i = 0; i < 6 * 256; i++)
        out16(tb, P, 0xBEEF);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    ck_assert_int_eq(disk_read(img, 305 * 512 + 510, buf, 4), 0);
    ck_assert_uint_eq(buf[0], 0xEF);
    ck_assert_uint_eq(buf[1], 0xBE);
    ck_assert_uint_eq(buf[2], tb_pattern(306 * 512));
}
END_TEST

START_TEST(range_errors)
{
    ide_lba(tb, 0, DISK_SECTORS - 2, 5);
    tb_out8(tb, P + 7, 0x20);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x51);
    ck_assert_uint_eq(tb_in8(tb, P + 1), 0x10);
    ide_lba(tb, 0, 0x0FFFFFFF, 0); /* 256 sectors at the LBA28 end */
    tb_out8(tb, P + 7, 0x30);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x51);
    /* CHS: sector 0, head beyond, cylinder beyond. */
    const uint8_t bad[3][3] = {{0, 0, 0}, {64, 0, 0}, {1, 8, 0}};
    const uint8_t heads[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        tb_out8(tb, P + 6, 0xA0 | heads[i]);
        tb_out8(tb, P + 2, 1);
        tb_out8(tb, P + 3, bad[i][0]);
        tb_out8(tb, P + 4, bad[i][1]);
        tb_out8(tb, P + 5, bad[i][2]);
        tb_out8(tb, P + 7, 0x20);
        ck_assert_uint_eq(tb_in8(tb, P + 7), 0x51);
        ck_assert_uint_eq(tb_in8(tb, P + 1), 0x10);
    }
    /* Verify and seek check the range too. */
    ide_lba(tb, 0, DISK_SECTORS, 1);
    tb_out8(tb, P + 7, 0x40);
    ck_assert_uint_eq(tb_in8(tb, P + 1), 0x10);
    tb_out8(tb, P + 7, 0x70);
    ck_assert_uint_eq(tb_in8(tb, P + 1), 0x10);
    ide_lba(tb, 0, DISK_SECTORS - 4, 4);
    tb_in8(tb, P + 7);
    tb_out8(tb, P + 7, 0x40);
    ck_assert(tb->irq[14]);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    /* Unknown command and NOP: aborted. */
    tb_out8(tb, P + 7, 0x00);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x51);
    ck_assert_uint_eq(tb_in8(tb, P + 1), 0x04);
    tb_out8(tb, P + 1, 0x99);
    tb_out8(tb, P + 7, 0xEF); /* SET FEATURES with a bogus feature */
    ck_assert_uint_eq(tb_in8(tb, P + 1), 0x04);
    tb_out8(tb, P + 1, 0x03);
    tb_out8(tb, P + 2, 0x0C);
    tb_out8(tb, P + 7, 0xEF);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    tb_out8(tb, P + 7, 0xA1); /* IDENTIFY PACKET on a disk */
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x51);
    /* READ NATIVE MAX ADDRESS: the last LBA (LBA mode) or CHS sector. */
    tb_out8(tb, P + 6, 0xE0);
    tb_out8(tb, P + 7, 0xF8);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    ck_assert_uint_eq(tb_in8(tb, P + 3) | (tb_in8(tb, P + 4) << 8), DISK_SECTORS - 1);
    ck_assert_uint_eq(tb_in8(tb, P + 5), 0);
    tb_out8(tb, P + 6, 0xA0); /* CHS: 8 cylinders of 16 x 63 */
    tb_out8(tb, P + 7, 0xF8);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    ck_assert_uint_eq(tb_in8(tb, P + 4), 7);
    ck_assert_uint_eq(tb_in8(tb, P + 6) & 0x0F, 15);
    ck_assert_uint_eq(tb_in8(tb, P + 3), 63);
}
END_TEST

static void protected_case(bool snapshot, bool ro)
{
    teardown();
    open_ide(snapshot, ro);
    ide_lba(tb, 0, 7, 1);
    tb_out8(tb, P + 7, 0x30);
    if (ro) {
        ck_assert_uint_eq(tb_in8(tb, P + 7), 0x51);
        ck_assert_uint_eq(tb_in8(tb, P + 1), 0x04);
        for (int i = 0; i < 256; i++)
            out16(tb, P, 0x1111); /* ignored, no DRQ */
    } else {
        for (int i = 0; i < 256; i++)
            out16(tb, P, 0x1111);
        ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
        ide_lba(tb, 0, 7, 1);
        tb_out8(tb, P + 7, 0x20);
        ck_assert_uint_eq(in16(tb, P), 0x1111);
    }
    tb_out8(tb, P + 7, 0xE7); /* FLUSH CACHE */
    disk_flush(img);
    ck_assert(tb_file_is_pattern(path, DISK_SIZE));
}

START_TEST(read_only_image_aborts_writes)
{
    protected_case(false, true);
}
END_TEST

START_TEST(snapshot_image_keeps_file)
{
    protected_case(true, false);
}
END_TEST

START_TEST(initialize_device_parameters)
{
    tb_out8(tb, P + 6, 0xA3); /* 4 heads */
    tb_out8(tb, P + 2, 17);   /* 17 sectors per track */
    tb_out8(tb, P + 7, 0x91);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    tb_out8(tb, P + 6, 0xA2); /* c 3 h 2 s 9 */
    tb_out8(tb, P + 2, 1);
    tb_out8(tb, P + 3, 9);
    tb_out8(tb, P + 4, 3);
    tb_out8(tb, P + 5, 0);
    tb_out8(tb, P + 7, 0x20);
    uint16_t w[256];
    read_sector_words(w);
    assert_sector_is_image(w, (3 * 4 + 2) * 17 + 8);
    tb_out8(tb, P + 7, 0xEC);
    read_sector_words(w);
    ck_assert_uint_eq(w[54], DISK_SECTORS / (4 * 17));
    ck_assert_uint_eq(w[55], 4);
    ck_assert_uint_eq(w[56], 17);
    tb_out8(tb, P + 2, 0);
    tb_out8(tb, P + 7, 0x91);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x51);
}
END_TEST

START_TEST(srst_nien_and_diagnostic)
{
    tb_out8(tb, CTL, 0x02); /* nIEN */
    tb_out8(tb, P + 6, 0xA0);
    tb_out8(tb, P + 7, 0x10);
    ck_assert(!tb->irq[14]);
    tb_out8(tb, CTL, 0x00);
    ck_assert(tb->irq[14]); /* still pending */
    tb_in8(tb, P + 7);
    ck_assert(!tb->irq[14]);
    tb_out8(tb, P + 4, 0x55);
    tb_out8(tb, CTL, 0x04);
    ck_assert_uint_eq(tb_in8(tb, CTL) & 0x80, 0x80);
    tb_out8(tb, CTL, 0x00);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    ck_assert_uint_eq(tb_in8(tb, P + 1), 0x01);
    ck_assert_uint_eq(tb_in8(tb, P + 4), 0x00);
    ck_assert(!tb->irq[14]);
    /* Absent slave: status 0, commands ignored, registers shared. */
    tb_out8(tb, P + 6, 0xB0);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x00);
    tb_out8(tb, P + 7, 0xEC);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x00);
    ck_assert(!tb->irq[14]);
    tb_out8(tb, P + 7, 0x90);
    ck_assert(tb->irq[14]);
    ck_assert_uint_eq(tb_in8(tb, P + 6) & 0x10, 0x00); /* master selected */
    ck_assert_uint_eq(tb_in8(tb, P + 1), 0x01);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
}
END_TEST

START_TEST(empty_channel_floats)
{
    Ide *sec = ide_create(&tb->bus, IDE_SECONDARY);
    ck_assert_ptr_nonnull(sec);
    ck_assert_uint_eq(tb_in8(tb, 0x177), 0xFF);
    ck_assert_uint_eq(tb_in8(tb, 0x376), 0xFF);
    tb_out8(tb, 0x177, 0xEC);
    ck_assert(!tb->irq[15]);
    /* Both channels cannot be created twice. */
    ck_assert_ptr_null(ide_create(&tb->bus, IDE_SECONDARY));
    ck_assert_ptr_null(ide_create(&tb->bus, 2));
    ide_destroy(sec);
}
END_TEST

START_TEST(attach_errors_and_big_geometry)
{
    char err[256];
    ck_assert_int_eq(ide_attach_disk(ide, 2, img, err, sizeof err), -1);
    ck_assert_int_eq(ide_attach_disk(ide, 1, NULL, err, sizeof err), -1);
    char *p2 = tb_temp_image(0, NULL);
    ck_assert_int_eq(truncate(p2, 40ll * 1024 * 1024 * 1024), 0);
    DiskImage *big = disk_open(p2, true, false, err, sizeof err);
    ck_assert_ptr_nonnull(big);
    ck_assert_int_eq(ide_attach_disk(ide, 1, big, err, sizeof err), 0);
    IdeGeometry g;
    ck_assert(ide_disk_geometry(ide, 1, &g));
    ck_assert_uint_eq(g.cylinders, 16383);
    ck_assert_uint_eq(g.heads, 16);
    ck_assert_uint_eq(g.sectors, 63);
    ck_assert_uint_eq(g.total_sectors, 40ull * 2 * 1024 * 1024);
    /* LBA beyond 4 GiB bytes reads fine. */
    ide_lba(tb, 1, 20000000, 1);
    tb_out8(tb, P + 7, 0x20);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x58);
    ck_assert_uint_eq(in16(tb, P), 0);
    ide_reset(ide);
    ide_destroy(ide);
    ide = ide_create(&tb->bus, IDE_PRIMARY);
    ck_assert_int_eq(ide_attach_disk(ide, 0, img, err, sizeof err), 0);
    disk_close(big);
    unlink(p2);
    free(p2);
    char *p3 = tb_temp_image(100, tb_pattern);
    DiskImage *tiny = disk_open(p3, true, false, err, sizeof err);
    ck_assert_int_eq(ide_attach_disk(ide, 1, tiny, err, sizeof err), -1);
    ck_assert(strstr(err, "smaller") != NULL);
    disk_close(tiny);
    unlink(p3);
    free(p3);
}
END_TEST

START_TEST(garbage_never_escapes)
{
    srand(99);
    for (int i = 0; i < 200000; i++) {
        uint16_t port = (uint16_t)(P + rand() % 8);
        int k = rand() % 10;
        if (k < 3)
            tb_out8(tb, port, (uint8_t)rand());
        else if (k < 5)
            tb_in8(tb, port);
        else if (k < 7)
            io_read(tb->bus.io, P, (unsigned[]){1, 2, 4}[rand() % 3]);
        else if (k < 9)
            io_write(tb->bus.io, P, (uint32_t)rand(), (unsigned[]){1, 2, 4}[rand() % 3]);
        else
            tb_out8(tb, CTL, (uint8_t)(rand() & 0x06));
    }
    /* Still a working disk afterwards. */
    tb_out8(tb, CTL, 0x04);
    tb_out8(tb, CTL, 0x00);
    ide_lba(tb, 0, 1, 1);
    tb_out8(tb, P + 7, 0x20);
    ck_assert_uint_eq(tb_in8(tb, P + 7) & 0x09, 0x08);
}
END_TEST

START_TEST(save_load_roundtrip)
{
    tb_out8(tb, P + 2, 8);
    tb_out8(tb, P + 7, 0xC6);
    ide_lba(tb, 0, 50, 2);
    tb_out8(tb, P + 7, 0x20);
    uint16_t first = in16(tb, P);
    FILE *f = tmpfile();
    StateWriter w = {f, 0};
    Device d = ide_device(ide);
    ck_assert_int_eq(d.save(d.self, &w), 0);
    ide_reset(ide);
    rewind(f);
    StateReader r = {f, 0};
    ck_assert_int_eq(d.load(d.self, &r), 0);
    fclose(f);
    /* The transfer continues where it was. */
    uint16_t w2[256];
    w2[0] = first;
    for (int i = 1; i < 256; i++)
        w2[i] = in16(tb, P);
    assert_sector_is_image(w2, 50);
    read_sector_words(w2);
    assert_sector_is_image(w2, 51);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
}
END_TEST

Suite *ide_suite(void)
{
    Suite *s = suite_create("ide");
    TCase *tc = tcase_create("ide");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, signature_and_identify);
    tcase_add_test(tc, read_sectors_lba_chs_and_32bit);
    tcase_add_test(tc, write_then_read_back_and_multiple);
    tcase_add_test(tc, range_errors);
    tcase_add_test(tc, read_only_image_aborts_writes);
    tcase_add_test(tc, snapshot_image_keeps_file);
    tcase_add_test(tc, initialize_device_parameters);
    tcase_add_test(tc, srst_nien_and_diagnostic);
    tcase_add_test(tc, empty_channel_floats);
    tcase_add_test(tc, attach_errors_and_big_geometry);
    tcase_add_test(tc, garbage_never_escapes);
    tcase_add_test(tc, save_load_roundtrip);
    suite_add_tcase(s, tc);
    return s;
}
