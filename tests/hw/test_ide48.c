/*
 * tests/hw/test_ide48.c — the ATA/ATAPI-6 48-bit Address feature set of
 * the IDE disk, driven through the ports on sparse images larger than
 * 128 GiB (and one larger than 2^32 sectors): the two-deep HOB register
 * FIFOs and Device Control HOB reads, IDENTIFY words 83/86/100-103,
 * READ/WRITE SECTOR(S) EXT, READ/WRITE MULTIPLE EXT with counts over 256,
 * READ VERIFY SECTOR(S) EXT, FLUSH CACHE EXT, the 28-bit limit, range and
 * CHS errors, and save/load in the middle of an EXT transfer.  Data is
 * checked against the image file at the byte offset the LBA names.  A
 * guest case boots tests/hw/ide48boot.asm under px86 so the system BIOS's
 * INT 13h extensions drive the device across the 28-bit limit.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/ide.h"
#include "ide_util.h"
#include "testlib.h"

/* 200 GiB: 419430400 sectors, well past 2^28 = 268435456. */
#define BIG_SECTORS (200ull * 2 * 1024 * 1024)

static TestBus *tb;
static Ide *ide;
static DiskImage *img;
static char *path;

/* A sparse image of `sectors` sectors on unit 0; false if the host file
 * system cannot hold a file that large. */
static bool open_sparse(uint64_t sectors)
{
    char err[256];
    tb = tb_create();
    ide = ide_create(&tb->bus, IDE_PRIMARY);
    ck_assert_ptr_nonnull(ide);
    path = tb_temp_image(0, NULL);
    ck_assert_ptr_nonnull(path);
    if (truncate(path, (off_t)(sectors * 512)) != 0)
        return false;
    img = disk_open(path, false, false, err, sizeof err);
    ck_assert_msg(img != NULL, "%s", err);
    ck_assert_int_eq(ide_attach_disk(ide, 0, img, err, sizeof err), 0);
    return true;
}

static void setup(void) { ck_assert(open_sparse(BIG_SECTORS)); }

static void teardown(void)
{
    ide_destroy(ide);
    if (img)
        disk_close(img);
    img = NULL;
    unlink(path);
    free(path);
    tb_destroy(tb);
}

/* 48-bit task file, previous contents first as the standard's host
 * protocol writes it: count 15:8, LBA 31:24, 39:32, 47:40, then count 7:0,
 * LBA 7:0, 15:8, 23:16. */
static void ide_lba48(uint64_t lba, uint16_t count)
{
    tb_out8(tb, P + 6, 0x40); /* LBA, device 0 */
    tb_out8(tb, P + 2, (uint8_t)(count >> 8));
    tb_out8(tb, P + 3, (uint8_t)(lba >> 24));
    tb_out8(tb, P + 4, (uint8_t)(lba >> 32));
    tb_out8(tb, P + 5, (uint8_t)(lba >> 40));
    tb_out8(tb, P + 2, (uint8_t)count);
    tb_out8(tb, P + 3, (uint8_t)lba);
    tb_out8(tb, P + 4, (uint8_t)(lba >> 8));
    tb_out8(tb, P + 5, (uint8_t)(lba >> 16));
}

/* The 48-bit address in the task file, read with HOB clear and set. */
static uint64_t read_lba48(void)
{
    tb_out8(tb, CTL, 0x00);
    uint64_t lo = tb_in8(tb, P + 3) | ((uint64_t)tb_in8(tb, P + 4) << 8) |
                  ((uint64_t)tb_in8(tb, P + 5) << 16);
    tb_out8(tb, CTL, 0x80);
    uint64_t hi = tb_in8(tb, P + 3) | ((uint64_t)tb_in8(tb, P + 4) << 8) |
                  ((uint64_t)tb_in8(tb, P + 5) << 16);
    tb_out8(tb, CTL, 0x00);
    return lo | (hi << 24);
}

static uint16_t read_count48(void)
{
    tb_out8(tb, CTL, 0x00);
    uint16_t lo = tb_in8(tb, P + 2);
    tb_out8(tb, CTL, 0x80);
    uint16_t hi = tb_in8(tb, P + 2);
    tb_out8(tb, CTL, 0x00);
    return (uint16_t)(lo | (hi << 8));
}

/* Sector contents a test writes: depends on the LBA and word index. */
static uint16_t data_word(uint64_t lba, int i)
{
    return (uint16_t)(lba * 7 + (uint64_t)i * 13 + (lba >> 24));
}

static void file_pwrite(uint64_t off, const void *buf, size_t len)
{
    int fd = open(path, O_WRONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pwrite(fd, buf, len, (off_t)off), (ssize_t)len);
    close(fd);
}

static void file_pread(uint64_t off, void *buf, size_t len)
{
    int fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pread(fd, buf, len, (off_t)off), (ssize_t)len);
    close(fd);
}

/* The sector at lba in the image file holds data_word(lba, i). */
static void assert_file_sector(uint64_t lba)
{
    uint8_t b[512];
    file_pread(lba * 512, b, sizeof b);
    for (int i = 0; i < 256; i++)
        ck_assert_msg((b[2 * i] | (b[2 * i + 1] << 8)) == data_word(lba, i),
                      "lba %llu word %d", (unsigned long long)lba, i);
}

static void fill_file_sector(uint64_t lba)
{
    uint8_t b[512];
    for (int i = 0; i < 256; i++) {
        b[2 * i] = (uint8_t)data_word(lba, i);
        b[2 * i + 1] = (uint8_t)(data_word(lba, i) >> 8);
    }
    file_pwrite(lba * 512, b, sizeof b);
}

static void write_sector_words(uint64_t lba)
{
    for (int i = 0; i < 256; i++)
        out16(tb, P, data_word(lba, i));
}

static void read_and_check_sector(uint64_t lba)
{
    for (int i = 0; i < 256; i++) {
        uint16_t w = in16(tb, P);
        ck_assert_msg(w == data_word(lba, i), "lba %llu word %d: %04x",
                      (unsigned long long)lba, i, w);
    }
}

START_TEST(identify_reports_48bit_capacity)
{
    tb_out8(tb, P + 6, 0xA0);
    tb_out8(tb, P + 7, 0xEC);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x58);
    uint16_t w[256];
    for (int i = 0; i < 256; i++)
        w[i] = in16(tb, P);
    ck_assert_uint_eq(w[83] & 0xC000, 0x4000);
    ck_assert_uint_eq(w[83] & 0x0400, 0x0400); /* 48-bit supported */
    ck_assert_uint_eq(w[86] & 0x0400, 0x0400); /* ... and enabled */
    ck_assert_uint_eq(w[83] & 0x2000, 0x2000); /* FLUSH CACHE EXT */
    uint64_t cap = w[100] | ((uint64_t)w[101] << 16) |
                   ((uint64_t)w[102] << 32) | ((uint64_t)w[103] << 48);
    ck_assert_uint_eq(cap, BIG_SECTORS);
    ck_assert_uint_eq(w[60] | ((uint32_t)w[61] << 16), 0x0FFFFFFFu);
    uint8_t sum = 0;
    for (int i = 0; i < 256; i++)
        sum = (uint8_t)(sum + (w[i] & 0xFF) + (w[i] >> 8));
    ck_assert_uint_eq(sum, 0);
}
END_TEST

START_TEST(hob_fifo_and_readback)
{
    tb_out8(tb, P + 6, 0x40);
    const uint8_t first[4] = {0x11, 0x22, 0x33, 0x44};
    const uint8_t second[4] = {0x55, 0x66, 0x77, 0x88};
    for (int r = 0; r < 4; r++)
        tb_out8(tb, (uint16_t)(P + 2 + r), first[r]);
    for (int r = 0; r < 4; r++)
        tb_out8(tb, (uint16_t)(P + 2 + r), second[r]);
    for (int r = 0; r < 4; r++)
        ck_assert_uint_eq(tb_in8(tb, (uint16_t)(P + 2 + r)), second[r]);
    tb_out8(tb, CTL, 0x80);
    for (int r = 0; r < 4; r++)
        ck_assert_uint_eq(tb_in8(tb, (uint16_t)(P + 2 + r)), first[r]);
    /* Status, alternate status and Device are not FIFOs. */
    ck_assert_uint_eq(tb_in8(tb, P + 6), 0xE0);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    ck_assert_uint_eq(tb_in8(tb, CTL), 0x50);
    /* A third write pushes the second value back. */
    tb_out8(tb, P + 3, 0x99); /* and clears HOB */
    ck_assert_uint_eq(tb_in8(tb, P + 3), 0x99);
    ck_assert_uint_eq(tb_in8(tb, P + 2), 0x55);
    tb_out8(tb, CTL, 0x80);
    ck_assert_uint_eq(tb_in8(tb, P + 3), 0x66);
    ck_assert_uint_eq(tb_in8(tb, P + 2), 0x11);
    /* Writing the Features or Device register clears HOB too. */
    tb_out8(tb, P + 1, 0x00);
    ck_assert_uint_eq(tb_in8(tb, P + 3), 0x99);
    tb_out8(tb, CTL, 0x80);
    tb_out8(tb, P + 6, 0x40);
    ck_assert_uint_eq(tb_in8(tb, P + 4), 0x77);
    tb_out8(tb, CTL, 0x80);
    ck_assert_uint_eq(tb_in8(tb, P + 4), 0x33);
    out16(tb, P, 0x1234); /* the data register too (no DRQ: data dropped) */
    ck_assert_uint_eq(tb_in8(tb, P + 4), 0x77);
}
END_TEST

START_TEST(write_ext_beyond_lba28_lands_at_file_offset)
{
    const uint64_t lba = 0x12345678ull; /* > 2^28 */
    ide_lba48(lba, 3);
    tb_out8(tb, P + 7, 0x34);
    ck_assert(!tb->irq[14]); /* PIO out: no interrupt before block 1 */
    ck_assert_uint_eq(tb_in8(tb, CTL), 0x58);
    for (int s = 0; s < 3; s++) {
        write_sector_words(lba + (unsigned)s);
        ck_assert(tb->irq[14]);
        ck_assert_uint_eq(tb_in8(tb, P + 7), s < 2 ? 0x58 : 0x50);
    }
    ck_assert_uint_eq(tb->irq_rises[14], 3);
    for (int s = 0; s < 3; s++)
        assert_file_sector(lba + (unsigned)s);
    /* Neighbours untouched (still sparse zeros). */
    uint8_t b[2];
    file_pread((lba + 3) * 512, b, 2);
    ck_assert_uint_eq(b[0] | b[1], 0);
    file_pread(lba * 512 - 2, b, 2);
    ck_assert_uint_eq(b[0] | b[1], 0);
    /* The 28-bit truncation of that LBA was not written either. */
    file_pread((lba & 0x0FFFFFFF) * 512, b, 2);
    ck_assert_uint_eq(b[0] | b[1], 0);
    /* Task file: the last sector written, count 0. */
    ck_assert_uint_eq(read_lba48(), lba + 2);
    ck_assert_uint_eq(read_count48(), 0);
    /* And READ SECTOR(S) EXT gives the data back. */
    ide_lba48(lba, 3);
    tb_out8(tb, P + 7, 0x24);
    for (int s = 0; s < 3; s++) {
        ck_assert_uint_eq(tb_in8(tb, P + 7), 0x58);
        read_and_check_sector(lba + (unsigned)s);
    }
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    ck_assert_uint_eq(read_lba48(), lba + 2);
}
END_TEST

START_TEST(read_ext_at_last_sector_and_range)
{
    const uint64_t last = BIG_SECTORS - 1;
    fill_file_sector(last);
    fill_file_sector(0x10000001);
    ide_lba48(last, 1);
    tb_out8(tb, P + 7, 0x24);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x58);
    read_and_check_sector(last);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    /* One sector past the end, and a run crossing it: IDNF. */
    ide_lba48(BIG_SECTORS, 1);
    tb_out8(tb, P + 7, 0x24);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x51);
    ck_assert_uint_eq(tb_in8(tb, P + 1), 0x10);
    ide_lba48(last, 2);
    tb_out8(tb, P + 7, 0x34);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x51);
    ck_assert_uint_eq(tb_in8(tb, P + 1), 0x10);
    /* Count 0000h means 65536 sectors: past the end from last-1000. */
    ide_lba48(last - 1000, 0);
    tb_out8(tb, P + 7, 0x42);
    ck_assert_uint_eq(tb_in8(tb, P + 1), 0x10);
    /* ... but fine from LBA 0 (verify transfers nothing). */
    ide_lba48(0, 0);
    tb_out8(tb, P + 7, 0x42);
    ck_assert(tb->irq[14]);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    ck_assert_uint_eq(read_lba48(), 65535);
    /* A CHS address has no 48-bit form: aborted. */
    ide_lba48(0x10000001, 1);
    tb_out8(tb, P + 6, 0x00);
    tb_out8(tb, P + 7, 0x24);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x51);
    ck_assert_uint_eq(tb_in8(tb, P + 1), 0x04);
    /* With the LBA bit: reads the sector at 10000001h. */
    tb_out8(tb, P + 6, 0x40);
    tb_out8(tb, P + 7, 0x24);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x58);
    read_and_check_sector(0x10000001);
}
END_TEST

START_TEST(lba28_commands_stop_at_0fffffff)
{
    /* Words 60-61 say 0FFFFFFFh sectors: 28-bit commands reach LBA
     * 0FFFFFFEh and no further. */
    fill_file_sector(0x0FFFFFFE);
    ide_lba(tb, 0, 0x0FFFFFFE, 1);
    tb_out8(tb, P + 7, 0x20);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x58);
    read_and_check_sector(0x0FFFFFFE);
    ide_lba(tb, 0, 0x0FFFFFFF, 1);
    tb_out8(tb, P + 7, 0x20);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x51);
    ck_assert_uint_eq(tb_in8(tb, P + 1), 0x10);
    /* The same sector through READ SECTOR(S) EXT works. */
    fill_file_sector(0x0FFFFFFF);
    ide_lba48(0x0FFFFFFF, 1);
    tb_out8(tb, P + 7, 0x24);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x58);
    read_and_check_sector(0x0FFFFFFF);
    /* 28-bit commands ignore the HOB bytes left in the FIFOs. */
    ide_lba48(0x0ABCDEF0ull | (0x12ull << 40), 1);
    tb_out8(tb, P + 6, 0xE0 | 0x0A);
    fill_file_sector(0x0ABCDEF0);
    tb_out8(tb, P + 7, 0x20);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x58);
    read_and_check_sector(0x0ABCDEF0);
}
END_TEST

START_TEST(multiple_ext_with_count_over_256)
{
    tb_out8(tb, P + 6, 0x40);
    tb_out8(tb, P + 2, 16);
    tb_out8(tb, P + 7, 0xC6); /* SET MULTIPLE MODE: 16 */
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    const uint64_t lba = 0x11000000ull - 150; /* crosses a 2^24 boundary */
    const unsigned count = 300;               /* 18 blocks of 16 + 12 */
    unsigned rises = tb->irq_rises[14];
    ide_lba48(lba, (uint16_t)count);
    tb_out8(tb, P + 7, 0x39);
    for (unsigned s = 0; s < count; s++) {
        if (s % 16 == 0)
            ck_assert_uint_eq(tb_in8(tb, P + 7), 0x58);
        write_sector_words(lba + s);
    }
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    ck_assert_uint_eq(tb->irq_rises[14] - rises, 19); /* one per block */
    for (unsigned s = 0; s < count; s += 37)
        assert_file_sector(lba + s);
    assert_file_sector(lba + count - 1);
    ck_assert_uint_eq(read_lba48(), lba + count - 1);
    /* READ MULTIPLE EXT of the same run; the count registers show what is
     * left after each block. */
    rises = tb->irq_rises[14];
    ide_lba48(lba, (uint16_t)count);
    tb_out8(tb, P + 7, 0x29);
    for (unsigned s = 0; s < count; s++) {
        if (s % 16 == 0) {
            ck_assert_uint_eq(tb_in8(tb, P + 7), 0x58);
            if (s)
                ck_assert_uint_eq(read_count48(), count - s);
        }
        read_and_check_sector(lba + s);
    }
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    ck_assert_uint_eq(tb->irq_rises[14] - rises, 19);
    /* READ SECTOR(S) EXT of 260 sectors: one block per sector. */
    rises = tb->irq_rises[14];
    ide_lba48(lba + 20, 260);
    tb_out8(tb, P + 7, 0x24);
    for (unsigned s = 0; s < 260; s++) {
        ck_assert(tb->irq[14]);
        ck_assert_uint_eq(tb_in8(tb, P + 7), 0x58);
        read_and_check_sector(lba + 20 + s);
    }
    ck_assert_uint_eq(tb->irq_rises[14] - rises, 260);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    /* Multiple EXT commands without SET MULTIPLE: aborted. */
    tb_out8(tb, P + 2, 0);
    tb_out8(tb, P + 7, 0xC6);
    ide_lba48(lba, 1);
    tb_out8(tb, P + 7, 0x29);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x51);
    ck_assert_uint_eq(tb_in8(tb, P + 1), 0x04);
}
END_TEST

START_TEST(read_native_max_address)
{
    tb_out8(tb, P + 6, 0x40);
    tb_out8(tb, P + 7, 0x27); /* EXT: the 48-bit last LBA */
    ck_assert(tb->irq[14]);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    ck_assert_uint_eq(read_lba48(), BIG_SECTORS - 1);
    /* 28-bit form: capped at 0FFFFFFFh, bits 27:24 in the Device register. */
    tb_out8(tb, P + 7, 0xF8);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    ck_assert_uint_eq(tb_in8(tb, P + 3), 0xFF);
    ck_assert_uint_eq(tb_in8(tb, P + 4), 0xFF);
    ck_assert_uint_eq(tb_in8(tb, P + 5), 0xFF);
    ck_assert_uint_eq(tb_in8(tb, P + 6), 0xEF);
}
END_TEST

START_TEST(flush_cache_ext)
{
    tb_out8(tb, P + 6, 0x40);
    tb_out8(tb, P + 7, 0xEA);
    ck_assert(tb->irq[14]);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    ck_assert(!tb->irq[14]);
}
END_TEST

START_TEST(lba_above_2_32_sectors)
{
    /* 3 TiB: 6442450944 sectors, so LBA bits 32-39 matter. */
    teardown();
    if (!open_sparse(3ull << 31)) {
        test_skip("ide48 lba_above_2_32_sectors",
                  "host file system cannot hold a 3 TiB sparse file");
        return;
    }
    const uint64_t lba = 0x123456789ull;
    ide_lba48(lba, 1);
    tb_out8(tb, P + 7, 0x34);
    write_sector_words(lba);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    assert_file_sector(lba);
    uint8_t b[2];
    file_pread((lba & 0xFFFFFFFFull) * 512, b, 2); /* 32-bit truncation */
    ck_assert_uint_eq(b[0] | b[1], 0);
    ck_assert_uint_eq(read_lba48(), lba);
    tb_out8(tb, P + 7, 0xEC);
    uint16_t w[256];
    for (int i = 0; i < 256; i++)
        w[i] = in16(tb, P);
    ck_assert_uint_eq(w[100] | ((uint64_t)w[101] << 16) |
                          ((uint64_t)w[102] << 32),
                      3ull << 31);
}
END_TEST

START_TEST(save_load_mid_ext_transfer)
{
    const uint64_t lba = 0x15000000ull;
    for (unsigned s = 0; s < 2; s++)
        fill_file_sector(lba + s);
    ide_lba48(lba, 2);
    tb_out8(tb, P + 7, 0x24);
    uint16_t first = in16(tb, P);
    FILE *f = tmpfile();
    StateWriter w = {f, 0};
    Device d = ide_device(ide);
    ck_assert_int_eq(d.save(d.self, &w), 0);
    ide_reset(ide);
    ck_assert_uint_eq(read_lba48(), 1); /* signature: sector 1 */
    rewind(f);
    StateReader r = {f, 0};
    ck_assert_int_eq(d.load(d.self, &r), 0);
    fclose(f);
    ck_assert_uint_eq(first, data_word(lba, 0));
    for (int i = 1; i < 256; i++)
        ck_assert_uint_eq(in16(tb, P), data_word(lba, i));
    read_and_check_sector(lba + 1);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
    ck_assert_uint_eq(read_lba48(), lba + 1); /* HOB bytes survived */
}
END_TEST

/* The BIOS and the device together: a 128 GiB disk (2^28 sectors, so
 * LBA 0FFFFFFFh is its last sector and only 48-bit commands reach it). */
START_TEST(bios_int13_ext_across_lba28_limit)
{
    char boot[4096];
    snprintf(boot, sizeof boot, "%s/tests/hw/ide48boot.bin", test_builddir());
    if (access(boot, R_OK) != 0) {
        test_skip("ide48 bios", "build/tests/hw/ide48boot.bin not built");
        return;
    }
    char *disk = tb_temp_image(0, NULL);
    ck_assert_ptr_nonnull(disk);
    ck_assert_int_eq(truncate(disk, (off_t)0x10000000 * 512), 0);
    int fd = open(disk, O_RDWR);
    ck_assert_int_ge(fd, 0);
    for (uint32_t lba = 0x0FFFFFFE; lba <= 0x0FFFFFFF; lba++) {
        uint8_t le[4] = {(uint8_t)lba, (uint8_t)(lba >> 8),
                         (uint8_t)(lba >> 16), (uint8_t)(lba >> 24)};
        ck_assert_int_eq(pwrite(fd, le, 4, (off_t)lba * 512), 4);
    }
    const char *argv[] = {"px86", "-cpu", "486", "-m", "16", "-fda", boot,
                          "-hda", disk, "-display", "none", "-debugcon",
                          "stdio", "-device", "isa-debug-exit", "-clock",
                          "virtual", "-timeout", "30", NULL};
    char *out = NULL;
    int rc = test_run_px86(argv, &out, 60 * test_timeout_scale());
    if (rc < 0 || !out) {
        free(out);
        close(fd);
        unlink(disk);
        free(disk);
        test_skip("ide48 bios", "px86 could not be run");
        return;
    }
    uint8_t got[4] = {0};
    ck_assert_int_eq(pread(fd, got, 4, (off_t)0x0FFFFFFF * 512), 4);
    close(fd);
    unlink(disk);
    free(disk);
    ck_assert_msg(strstr(out, "IDE48 PASS") != NULL, "rc %d:\n%s", rc, out);
    free(out);
    ck_assert_uint_eq(rc, 1); /* isa-debug-exit: (0 << 1) | 1 */
    /* "OK" written over the marker's low word, its high word kept. */
    ck_assert_uint_eq(got[0], 'O');
    ck_assert_uint_eq(got[1], 'K');
    ck_assert_uint_eq(got[2], 0xFF);
    ck_assert_uint_eq(got[3], 0x0F);
}
END_TEST

Suite *ide48_suite(void)
{
    Suite *s = suite_create("ide48");
    TCase *tc = tcase_create("ide48");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, identify_reports_48bit_capacity);
    tcase_add_test(tc, hob_fifo_and_readback);
    tcase_add_test(tc, write_ext_beyond_lba28_lands_at_file_offset);
    tcase_add_test(tc, read_ext_at_last_sector_and_range);
    tcase_add_test(tc, lba28_commands_stop_at_0fffffff);
    tcase_add_test(tc, multiple_ext_with_count_over_256);
    tcase_add_test(tc, read_native_max_address);
    tcase_add_test(tc, flush_cache_ext);
    tcase_add_test(tc, lba_above_2_32_sectors);
    tcase_add_test(tc, save_load_mid_ext_transfer);
    suite_add_tcase(s, tc);
    TCase *guest = tcase_create("bios");
    tcase_set_timeout(guest, 300);
    tcase_add_test(guest, bios_int13_ext_across_lba28_limit);
    suite_add_tcase(s, guest);
    return s;
}
