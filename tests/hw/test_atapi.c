/*
 * tests/hw/test_atapi.c — the ATAPI CD-ROM as slave of the primary channel
 * behind an ATA disk: signature, IDENTIFY PACKET DEVICE, the PACKET
 * protocol (interrupt reason, byte count limit, DRQ chunks), the MMC
 * commands a BIOS El Torito loader and OS drivers use, sense data, and
 * the empty drive.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/ide.h"
#include "ide_util.h"

#define ISO_SECTORS 100u

static TestBus *tb;
static Ide *ide;
static DiskImage *hd, *iso;
static char *hd_path, *iso_path;
static uint8_t data[65536];
static uint32_t data_len;
static unsigned chunks;

static void setup(void)
{
    char err[256];
    tb = tb_create();
    ide = ide_create(&tb->bus, IDE_PRIMARY);
    hd_path = tb_temp_image(512 * 64, tb_pattern);
    iso_path = tb_temp_image(ISO_SECTORS * 2048, tb_pattern);
    hd = disk_open(hd_path, true, false, err, sizeof err);
    iso = disk_open(iso_path, false, true, err, sizeof err);
    ck_assert_int_eq(ide_attach_disk(ide, 0, hd, err, sizeof err), 0);
    ck_assert_int_eq(ide_attach_cdrom(ide, 1, iso, err, sizeof err), 0);
    tb_out8(tb, P + 6, 0xB0);
}

static void teardown(void)
{
    ide_destroy(ide);
    disk_close(hd);
    disk_close(iso);
    unlink(hd_path);
    unlink(iso_path);
    free(hd_path);
    free(iso_path);
    tb_destroy(tb);
}

/* Issue a packet; collect data-in; return the final status. */
static uint8_t packet(const uint8_t cdb[12], uint16_t limit)
{
    tb_out8(tb, P + 1, 0);
    tb_out8(tb, P + 4, (uint8_t)limit);
    tb_out8(tb, P + 5, (uint8_t)(limit >> 8));
    tb_out8(tb, P + 7, 0xA0);
    uint8_t st = tb_in8(tb, CTL);
    ck_assert_uint_eq(st & 0x89, 0x08);
    ck_assert_uint_eq(tb_in8(tb, P + 2) & 3, 1); /* C/D, to device */
    for (int i = 0; i < 6; i++)
        out16(tb, P, (uint16_t)(cdb[2 * i] | (cdb[2 * i + 1] << 8)));
    data_len = 0;
    chunks = 0;
    for (;;) {
        ck_assert(tb->irq[14]);
        st = tb_in8(tb, P + 7);
        ck_assert(!tb->irq[14]);
        uint8_t reason = tb_in8(tb, P + 2) & 3;
        if (!(st & 0x08)) {
            ck_assert_uint_eq(reason, 3); /* status phase */
            return st;
        }
        ck_assert_uint_eq(reason, 2);     /* data to host */
        unsigned n = tb_in8(tb, P + 4) | (tb_in8(tb, P + 5) << 8);
        ck_assert_uint_gt(n, 0);
        ck_assert_uint_le(n, limit ? limit : 0xFFFE);
        chunks++;
        for (unsigned i = 0; i < n; i += 2) {
            uint16_t w = in16(tb, P);
            if (data_len + 2 <= sizeof data) {
                data[data_len++] = (uint8_t)w;
                data[data_len++] = (uint8_t)(w >> 8);
            }
        }
    }
}

static void sense(uint8_t *key, uint8_t *asc)
{
    const uint8_t cdb[12] = {0x03, 0, 0, 0, 18};
    ck_assert_uint_eq(packet(cdb, 0xFFFE) & 1, 0);
    ck_assert_uint_eq(data_len, 18);
    ck_assert_uint_eq(data[0], 0x70);
    *key = data[2] & 0x0F;
    *asc = data[12];
}

START_TEST(signature_and_identify_packet)
{
    ck_assert_uint_eq(tb_in8(tb, P + 4), 0x14);
    ck_assert_uint_eq(tb_in8(tb, P + 5), 0xEB);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x00);
    tb_out8(tb, P + 7, 0xEC); /* IDENTIFY DEVICE: aborted, signature */
    ck_assert_uint_eq(tb_in8(tb, P + 7) & 1, 1);
    ck_assert_uint_eq(tb_in8(tb, P + 1) & 0x04, 0x04);
    ck_assert_uint_eq(tb_in8(tb, P + 5), 0xEB);
    tb_out8(tb, P + 7, 0xA1);
    ck_assert_uint_eq(tb_in8(tb, P + 7) & 0x08, 0x08);
    uint16_t w[256];
    for (int i = 0; i < 256; i++)
        w[i] = in16(tb, P);
    ck_assert_uint_eq(w[0], 0x85C0);
    ck_assert_uint_eq(w[27], ('P' << 8) | 'X');
    ck_assert_uint_eq(w[255] & 0xFF, 0xA5);
    /* The master is still an ATA disk with its own signature. */
    tb_out8(tb, P + 6, 0xA0);
    ck_assert_uint_eq(tb_in8(tb, P + 5), 0x00);
    ck_assert_uint_eq(tb_in8(tb, P + 7), 0x50);
}
END_TEST

START_TEST(inquiry_capacity_and_unit_ready)
{
    const uint8_t tur[12] = {0x00};
    ck_assert_uint_eq(packet(tur, 0xFFFE), 0x50);
    const uint8_t inq[12] = {0x12, 0, 0, 0, 36};
    ck_assert_uint_eq(packet(inq, 0xFFFE), 0x50);
    ck_assert_uint_eq(data_len, 36);
    ck_assert_uint_eq(data[0], 0x05);
    ck_assert_uint_eq(data[1], 0x80);
    ck_assert_int_eq(memcmp(data + 8, "PX86", 4), 0);
    const uint8_t inq5[12] = {0x12, 0, 0, 0, 6}; /* allocation length */
    packet(inq5, 0xFFFE);
    ck_assert_uint_eq(data_len, 6);
    const uint8_t cap[12] = {0x25};
    packet(cap, 0xFFFE);
    ck_assert_uint_eq(data_len, 8);
    ck_assert_uint_eq(data[3], ISO_SECTORS - 1);
    ck_assert_uint_eq((data[6] << 8) | data[7], 2048);
}
END_TEST

START_TEST(read10_chunks_by_byte_limit)
{
    const uint8_t rd[12] = {0x28, 0, 0, 0, 0, 5, 0, 0, 20};
    ck_assert_uint_eq(packet(rd, 0x1000), 0x50);
    ck_assert_uint_eq(data_len, 20 * 2048);
    ck_assert_uint_eq(chunks, 10);
    for (uint32_t i = 0; i < data_len; i++)
        ck_assert_uint_eq(data[i], tb_pattern(5 * 2048 + i));
    /* An odd limit is rounded down to even. */
    const uint8_t rd1[12] = {0x28, 0, 0, 0, 0, 99, 0, 0, 1};
    packet(rd1, 0x7FF);
    ck_assert_uint_eq(data_len, 2048);
    ck_assert_uint_eq(chunks, 2); /* 2046 + 2 */
    ck_assert_uint_eq(data[2047], tb_pattern(99 * 2048 + 2047));
    /* READ(12), and 32-bit data access for a big read across refills. */
    const uint8_t rd12[12] = {0xA8, 0, 0, 0, 0, 40, 0, 0, 0, 20};
    tb_out8(tb, P + 4, 0xFE);
    tb_out8(tb, P + 5, 0xFF);
    tb_out8(tb, P + 7, 0xA0);
    for (int i = 0; i < 6; i++)
        out16(tb, P, (uint16_t)(rd12[2 * i] | (rd12[2 * i + 1] << 8)));
    uint32_t got = 0;
    while (tb_in8(tb, P + 7) & 0x08) {
        unsigned n = tb_in8(tb, P + 4) | (tb_in8(tb, P + 5) << 8);
        for (unsigned i = 0; i < n; i += 4, got += 4) {
            uint32_t v = in32(tb, P);
            ck_assert_uint_eq(v & 0xFF, tb_pattern(40 * 2048 + got));
            ck_assert_uint_eq(v >> 24, tb_pattern(40 * 2048 + got + 3));
        }
    }
    ck_assert_uint_eq(got, 20 * 2048);
    /* Zero sectors: no data phase. */
    const uint8_t rd0[12] = {0x28, 0, 0, 0, 0, 1, 0, 0, 0};
    ck_assert_uint_eq(packet(rd0, 0xFFFE), 0x50);
    ck_assert_uint_eq(data_len, 0);
}
END_TEST

START_TEST(errors_and_sense)
{
    uint8_t key, asc;
    const uint8_t past[12] = {0x28, 0, 0, 0, 0, 98, 0, 0, 5};
    uint8_t st = packet(past, 0xFFFE);
    ck_assert_uint_eq(st & 1, 1);
    ck_assert_uint_eq(tb_in8(tb, P + 1), 0x54);
    ck_assert_uint_eq(data_len, 0);
    sense(&key, &asc);
    ck_assert_uint_eq(key, 5);
    ck_assert_uint_eq(asc, 0x21);
    sense(&key, &asc); /* cleared by being read */
    ck_assert_uint_eq(key, 0);
    const uint8_t huge[12] = {0xA8, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    ck_assert_uint_eq(packet(huge, 0xFFFE) & 1, 1);
    const uint8_t bogus[12] = {0xFF};
    ck_assert_uint_eq(packet(bogus, 0xFFFE) & 1, 1);
    sense(&key, &asc);
    ck_assert_uint_eq(asc, 0x20);
    /* Lock, then eject refused. */
    const uint8_t lock[12] = {0x1E, 0, 0, 0, 1};
    ck_assert_uint_eq(packet(lock, 0xFFFE), 0x50);
    const uint8_t eject[12] = {0x1B, 0, 0, 0, 2};
    ck_assert_uint_eq(packet(eject, 0xFFFE) & 1, 1);
    sense(&key, &asc);
    ck_assert_uint_eq(asc, 0x53);
    const uint8_t unlock[12] = {0x1E};
    packet(unlock, 0xFFFE);
    ck_assert_uint_eq(packet(eject, 0xFFFE), 0x50);
    /* PACKET with DMA requested: aborted (PIO only). */
    tb_out8(tb, P + 1, 1);
    tb_out8(tb, P + 7, 0xA0);
    ck_assert_uint_eq(tb_in8(tb, P + 7) & 0x09, 0x01);
    /* Event status must be polled. */
    const uint8_t ges_async[12] = {0x4A, 0, 0, 0, 0x10, 0, 0, 0, 8};
    ck_assert_uint_eq(packet(ges_async, 0xFFFE) & 1, 1);
}
END_TEST

START_TEST(toc_mode_sense_config_events)
{
    const uint8_t toc[12] = {0x43, 0, 0, 0, 0, 0, 0, 0, 100};
    packet(toc, 0xFFFE);
    ck_assert_uint_eq(data_len, 20);
    ck_assert_uint_eq((data[0] << 8) | data[1], 18);
    ck_assert_uint_eq(data[2], 1);
    ck_assert_uint_eq(data[3], 1);
    ck_assert_uint_eq(data[5], 0x14);
    ck_assert_uint_eq(data[6], 1);
    ck_assert_uint_eq(data[14], 0xAA);
    ck_assert_uint_eq(data[19], ISO_SECTORS);
    const uint8_t toc_msf[12] = {0x43, 2, 0, 0, 0, 0, 0, 0, 100};
    packet(toc_msf, 0xFFFE);
    /* Lead-out at 100 + 150 frames = 00:03:25. */
    ck_assert_uint_eq(data[17], 0);
    ck_assert_uint_eq(data[18], 3);
    ck_assert_uint_eq(data[19], 25);
    ck_assert_uint_eq(data[9], 0); /* track 1 at 00:02:00 */
    ck_assert_uint_eq(data[10], 2);
    const uint8_t toc1[12] = {0x43, 0, 1, 0, 0, 0, 0, 0, 12};
    packet(toc1, 0xFFFE);
    ck_assert_uint_eq(data_len, 12);
    ck_assert_uint_eq(data[1], 10);
    const uint8_t toc_bad[12] = {0x43, 0, 0, 0, 0, 0, 5, 0, 100};
    ck_assert_uint_eq(packet(toc_bad, 0xFFFE) & 1, 1);
    const uint8_t ms[12] = {0x5A, 0, 0x2A, 0, 0, 0, 0, 0, 64};
    packet(ms, 0xFFFE);
    ck_assert_uint_eq(data_len, 28);
    ck_assert_uint_eq(data[8], 0x2A);
    ck_assert_uint_eq(data[9], 0x12);
    const uint8_t msall[12] = {0x5A, 0, 0x3F, 0, 0, 0, 0, 0, 255};
    packet(msall, 0xFFFE);
    ck_assert_uint_eq(data_len, 36);
    ck_assert_uint_eq(data[8], 0x01);
    const uint8_t msbad[12] = {0x5A, 0, 0x05, 0, 0, 0, 0, 0, 64};
    ck_assert_uint_eq(packet(msbad, 0xFFFE) & 1, 1);
    const uint8_t gc[12] = {0x46, 0, 0, 0, 0, 0, 0, 0, 255};
    packet(gc, 0xFFFE);
    ck_assert_uint_eq((data[6] << 8) | data[7], 0x0008);
    ck_assert_uint_eq((data[8] << 8) | data[9], 0x0000); /* profile list */
    ck_assert_uint_eq((data[12] << 8) | data[13], 0x0008);
    ck_assert_uint_eq(data[14] & 1, 1); /* current */
    ck_assert_uint_ge(data_len, 16);
    const uint8_t di[12] = {0x51, 0, 0, 0, 0, 0, 0, 0, 34};
    packet(di, 0xFFFE);
    ck_assert_uint_eq(data_len, 34);
    ck_assert_uint_eq(data[2], 0x0E);
    ck_assert_uint_eq(data[4], 1);
    const uint8_t mech[12] = {0xBD, 0, 0, 0, 0, 0, 0, 0, 0, 8};
    packet(mech, 0xFFFE);
    ck_assert_uint_eq(data_len, 8);
    const uint8_t ges[12] = {0x4A, 1, 0, 0, 0x10, 0, 0, 0, 8};
    packet(ges, 0xFFFE);
    ck_assert_uint_eq(data_len, 8);
    ck_assert_uint_eq(data[2], 0x04);
    ck_assert_uint_eq(data[4], 2); /* new media */
    ck_assert_uint_eq(data[5] & 2, 2);
    packet(ges, 0xFFFE);
    ck_assert_uint_eq(data[4], 0);
}
END_TEST

START_TEST(empty_drive_not_ready)
{
    char err[256];
    ck_assert_int_eq(ide_attach_cdrom(ide, 1, NULL, err, sizeof err), 0);
    tb_out8(tb, P + 6, 0xB0);
    const uint8_t tur[12] = {0x00};
    ck_assert_uint_eq(packet(tur, 0xFFFE) & 1, 1);
    ck_assert_uint_eq(tb_in8(tb, P + 1) >> 4, 2);
    uint8_t key, asc;
    sense(&key, &asc);
    ck_assert_uint_eq(key, 2);
    ck_assert_uint_eq(asc, 0x3A);
    const uint8_t rd[12] = {0x28, 0, 0, 0, 0, 0, 0, 0, 1};
    ck_assert_uint_eq(packet(rd, 0xFFFE) & 1, 1);
    const uint8_t gc[12] = {0x46, 0, 0, 0, 0, 0, 0, 0, 255};
    packet(gc, 0xFFFE);
    ck_assert_uint_eq((data[6] << 8) | data[7], 0);
}
END_TEST

START_TEST(garbage_packets)
{
    srand(7);
    for (int i = 0; i < 3000; i++) {
        uint8_t cdb[12];
        for (int k = 0; k < 12; k++)
            cdb[k] = (uint8_t)rand();
        static const uint8_t ops[] = {0x00, 0x03, 0x12, 0x1B, 0x1E, 0x25, 0x28,
                                      0xA8, 0x2B, 0x43, 0x46, 0x4A, 0x51, 0x5A,
                                      0xBB, 0xBD};
        cdb[0] = ops[rand() % sizeof ops];
        uint16_t limit = (uint16_t)rand();
        tb_out8(tb, P + 4, (uint8_t)limit);
        tb_out8(tb, P + 5, (uint8_t)(limit >> 8));
        tb_out8(tb, P + 7, 0xA0);
        for (int k = 0; k < 6; k++)
            out16(tb, P, (uint16_t)(cdb[2 * k] | (cdb[2 * k + 1] << 8)));
        /* Read at most a bit of data, then abandon or go on. */
        for (int k = 0; k < 5000 && (tb_in8(tb, P + 7) & 0x08); k++)
            in32(tb, P);
    }
    const uint8_t tur[12] = {0x00};
    tb_out8(tb, CTL, 0x04);
    tb_out8(tb, CTL, 0x00);
    tb_out8(tb, P + 6, 0xB0);
    ck_assert_uint_eq(packet(tur, 0xFFFE), 0x50);
}
END_TEST

Suite *atapi_suite(void)
{
    Suite *s = suite_create("atapi");
    TCase *tc = tcase_create("atapi");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, signature_and_identify_packet);
    tcase_add_test(tc, inquiry_capacity_and_unit_ready);
    tcase_add_test(tc, read10_chunks_by_byte_limit);
    tcase_add_test(tc, errors_and_sense);
    tcase_add_test(tc, toc_mode_sense_config_events);
    tcase_add_test(tc, empty_drive_not_ready);
    tcase_add_test(tc, garbage_packets);
    suite_add_tcase(s, tc);
    return s;
}
