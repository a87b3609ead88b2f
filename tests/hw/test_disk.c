/*
 * tests/hw/test_disk.c — raw disk images: reads, write-through, bounds,
 * read-only images, the -snapshot overlay leaving the file untouched, and
 * 64-bit offsets on a sparse image larger than 4 GiB.
 */
#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hw/disk.h"
#include "stor_bus.h"

#define IMG_SIZE (64 * 1024 + 100) /* deliberately not a sector multiple */

START_TEST(read_write_through)
{
    char *path = tb_temp_image(IMG_SIZE, tb_pattern);
    char err[256];
    DiskImage *d = disk_open(path, false, false, err, sizeof err);
    ck_assert_msg(d != NULL, "%s", err);
    ck_assert_uint_eq(disk_size(d), IMG_SIZE);
    ck_assert(!disk_read_only(d));
    ck_assert_str_eq(disk_path(d), path);
    uint8_t buf[1000];
    ck_assert_int_eq(disk_read(d, 1234, buf, sizeof buf), 0);
    for (size_t i = 0; i < sizeof buf; i++)
        ck_assert_uint_eq(buf[i], tb_pattern(1234 + i));
    memset(buf, 0xA5, sizeof buf);
    uint64_t act = disk_activity(d);
    ck_assert_int_eq(disk_write(d, 700, buf, 600), 0);
    ck_assert_uint_gt(disk_activity(d), act);
    ck_assert_int_eq(disk_flush(d), 0);
    /* Write-through: visible in the file before close. */
    int fd = open(path, O_RDONLY);
    uint8_t fbuf[600];
    ck_assert_int_eq(pread(fd, fbuf, 600, 700), 600);
    close(fd);
    ck_assert_int_eq(memcmp(fbuf, buf, 600), 0);
    disk_close(d);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(bounds_checked)
{
    char *path = tb_temp_image(IMG_SIZE, tb_pattern);
    char err[256];
    DiskImage *d = disk_open(path, false, false, err, sizeof err);
    ck_assert_ptr_nonnull(d);
    uint8_t buf[512];
    ck_assert_int_eq(disk_read(d, IMG_SIZE - 100, buf, 100), 0);
    ck_assert_int_eq(disk_read(d, IMG_SIZE - 100, buf, 101), -1);
    ck_assert_int_eq(disk_read(d, IMG_SIZE, buf, 0), 0);
    ck_assert_int_eq(disk_read(d, IMG_SIZE + 1, buf, 0), -1);
    ck_assert_int_eq(disk_read(d, UINT64_MAX - 10, buf, 20), -1);
    ck_assert_int_eq(disk_write(d, UINT64_MAX - 10, buf, 20), -1);
    ck_assert_int_eq(disk_write(d, IMG_SIZE - 1, buf, 2), -1);
    disk_close(d);
    /* The failed writes did not grow or change the file. */
    ck_assert(tb_file_is_pattern(path, IMG_SIZE));
    unlink(path);
    free(path);
}
END_TEST

START_TEST(snapshot_overlay_leaves_file_untouched)
{
    char *path = tb_temp_image(IMG_SIZE, tb_pattern);
    char err[256];
    DiskImage *d = disk_open(path, true, false, err, sizeof err);
    ck_assert_ptr_nonnull(d);
    ck_assert(!disk_read_only(d));
    uint8_t w[3000], r[4000];
    for (size_t i = 0; i < sizeof w; i++)
        w[i] = (uint8_t)(i * 13 + 1);
    /* Unaligned write spanning several 512-byte chunks. */
    ck_assert_int_eq(disk_write(d, 1000, w, sizeof w), 0);
    /* Many single-sector writes to force the map to grow. */
    for (uint64_t s = 0; s < 120; s++)
        ck_assert_int_eq(disk_write(d, s * 512 + 10, &w[s], 1), 0);
    ck_assert_int_eq(disk_read(d, 500, r, sizeof r), 0);
    for (size_t i = 0; i < sizeof r; i++) {
        uint64_t off = 500 + i;
        uint8_t want = tb_pattern(off);
        if (off >= 1000 && off < 1000 + sizeof w)
            want = w[off - 1000];
        if (off % 512 == 10 && off / 512 < 120)
            want = w[off / 512];
        ck_assert_uint_eq(r[i], want);
    }
    /* Last partial chunk of the image. */
    ck_assert_int_eq(disk_write(d, IMG_SIZE - 3, w, 3), 0);
    ck_assert_int_eq(disk_read(d, IMG_SIZE - 5, r, 5), 0);
    ck_assert_uint_eq(r[0], tb_pattern(IMG_SIZE - 5));
    ck_assert_uint_eq(r[2], w[0]);
    ck_assert_uint_eq(r[4], w[2]);
    ck_assert_int_eq(disk_flush(d), 0);
    disk_close(d);
    ck_assert(tb_file_is_pattern(path, IMG_SIZE));
    unlink(path);
    free(path);
}
END_TEST

START_TEST(read_only_images)
{
    char *path = tb_temp_image(IMG_SIZE, tb_pattern);
    char err[256];
    DiskImage *d = disk_open(path, false, true, err, sizeof err);
    ck_assert_ptr_nonnull(d);
    ck_assert(disk_read_only(d));
    uint8_t buf[16] = {0};
    ck_assert_int_eq(disk_write(d, 0, buf, sizeof buf), -1);
    ck_assert_int_eq(disk_read(d, 0, buf, sizeof buf), 0);
    ck_assert_uint_eq(buf[1], tb_pattern(1));
    disk_close(d);
    /* A write-protected file opens read-only, even for root (who could
     * open it for writing). */
    chmod(path, 0444);
    d = disk_open(path, false, false, err, sizeof err);
    ck_assert_ptr_nonnull(d);
    ck_assert(disk_read_only(d));
    ck_assert_int_eq(disk_write(d, 0, buf, 1), -1);
    disk_close(d);
    /* -snapshot on a write-protected file: writes go to memory. */
    d = disk_open(path, true, false, err, sizeof err);
    ck_assert(!disk_read_only(d));
    ck_assert_int_eq(disk_write(d, 0, buf, 1), 0);
    disk_close(d);
    /* Snapshot + explicit read-only stays read-only. */
    d = disk_open(path, true, true, err, sizeof err);
    ck_assert(disk_read_only(d));
    ck_assert_int_eq(disk_write(d, 0, buf, 1), -1);
    disk_close(d);
    ck_assert(tb_file_is_pattern(path, IMG_SIZE));
    unlink(path);
    free(path);
}
END_TEST

START_TEST(open_errors)
{
    char err[256] = "";
    ck_assert_ptr_null(disk_open("/nonexistent/px86.img", false, false, err, sizeof err));
    ck_assert(strstr(err, "/nonexistent/px86.img") != NULL);
    ck_assert_ptr_null(disk_open("/tmp", false, false, err, sizeof err));
    char *path = tb_temp_image(0, NULL);
    ck_assert_ptr_null(disk_open(path, false, false, err, sizeof err));
    ck_assert(strstr(err, "empty") != NULL);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(large_sparse_image)
{
    char *path = tb_temp_image(0, NULL);
    uint64_t size = 6ull * 1024 * 1024 * 1024; /* 6 GiB, sparse */
    ck_assert_int_eq(truncate(path, (off_t)size), 0);
    char err[256];
    DiskImage *d = disk_open(path, false, false, err, sizeof err);
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(disk_size(d), size);
    uint8_t w[4] = {1, 2, 3, 4}, r[4];
    uint64_t off = 5ull * 1024 * 1024 * 1024 + 7;
    ck_assert_int_eq(disk_write(d, off, w, 4), 0);
    ck_assert_int_eq(disk_read(d, off, r, 4), 0);
    ck_assert_int_eq(memcmp(w, r, 4), 0);
    /* The low 32 bits of the offset must not alias. */
    ck_assert_int_eq(disk_read(d, off & 0xFFFFFFFFu, r, 4), 0);
    ck_assert_uint_eq(r[0], 0);
    disk_close(d);
    unlink(path);
    free(path);
}
END_TEST

Suite *disk_suite(void)
{
    Suite *s = suite_create("disk");
    TCase *tc = tcase_create("disk");
    tcase_add_test(tc, read_write_through);
    tcase_add_test(tc, bounds_checked);
    tcase_add_test(tc, snapshot_overlay_leaves_file_untouched);
    tcase_add_test(tc, read_only_images);
    tcase_add_test(tc, open_errors);
    tcase_add_test(tc, large_sparse_image);
    suite_add_tcase(s, tc);
    return s;
}
