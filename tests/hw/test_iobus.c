/*
 * tests/hw/test_iobus.c — port dispatch at all widths, splitting for
 * byte-only devices, unclaimed ports, conflicts, watchers.
 */
#include <check.h>

#include "hw/iobus.h"

typedef struct FakeDev {
    uint8_t regs[16];
    unsigned reads[5], writes[5]; /* by size */
} FakeDev;

static uint32_t fake_read(void *o, uint16_t port, unsigned size)
{
    FakeDev *d = o;
    d->reads[size]++;
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)d->regs[(port + i) & 15] << (8 * i);
    return v;
}

static void fake_write(void *o, uint16_t port, uint32_t val, unsigned size)
{
    FakeDev *d = o;
    d->writes[size]++;
    for (unsigned i = 0; i < size; i++)
        d->regs[(port + i) & 15] = (uint8_t)(val >> (8 * i));
}

START_TEST(all_widths_native)
{
    IoBus *io = io_create();
    FakeDev d = {0};
    ck_assert_int_eq(io_register(io, 0x1F0, 8, "ide", fake_read, fake_write, &d, IO_WALL), 0);
    io_write(io, 0x1F0, 0x12345678, 4);
    ck_assert_uint_eq(d.writes[4], 1);
    ck_assert_uint_eq(io_read(io, 0x1F0, 2), 0x5678);
    ck_assert_uint_eq(io_read(io, 0x1F2, 1), 0x34);
    ck_assert_uint_eq(io_read(io, 0x1F0, 4), 0x12345678);
    ck_assert_str_eq(io_owner(io, 0x1F7), "ide");
    ck_assert_ptr_null(io_owner(io, 0x1F8));
    io_destroy(io);
}
END_TEST

START_TEST(byte_device_gets_split_accesses)
{
    IoBus *io = io_create();
    FakeDev d = {0};
    io_register(io, 0x60, 5, "kbd", fake_read, fake_write, &d, IO_W8);
    io_write(io, 0x60, 0xAABB, 2);
    ck_assert_uint_eq(d.writes[1], 2);
    ck_assert_uint_eq(d.writes[2], 0);
    ck_assert_uint_eq(io_read(io, 0x60, 2), 0xAABB);
    ck_assert_uint_eq(d.reads[1], 2);
    /* A dword that runs off the end of the device reads ones there. */
    ck_assert_uint_eq(io_read(io, 0x63, 4), 0xFFFF0000u | (d.regs[4] << 8) | d.regs[3]);
    io_destroy(io);
}
END_TEST

START_TEST(word_device_gets_dword_as_two_words)
{
    IoBus *io = io_create();
    FakeDev d = {0};
    io_register(io, 0x1CE, 2, "dispi", fake_read, fake_write, &d, IO_W8 | IO_W16);
    io_register(io, 0x1D0, 2, "dispi", fake_read, fake_write, &d, IO_W8 | IO_W16);
    io_write(io, 0x1CE, 0x00040003, 4);
    ck_assert_uint_eq(d.writes[2], 2);
    io_destroy(io);
}
END_TEST

START_TEST(unclaimed_ports_read_ones)
{
    IoBus *io = io_create();
    ck_assert_uint_eq(io_read(io, 0x1234, 1), 0xFF);
    ck_assert_uint_eq(io_read(io, 0x1234, 2), 0xFFFF);
    ck_assert_uint_eq(io_read(io, 0x1234, 4), 0xFFFFFFFF);
    io_write(io, 0x1234, 5, 1);
    ck_assert_uint_eq(io_unclaimed_count(io), 4);
    io_destroy(io);
}
END_TEST

START_TEST(conflicts_rejected)
{
    IoBus *io = io_create();
    FakeDev a = {0}, b = {0};
    ck_assert_int_eq(io_register(io, 0x3F8, 8, "com1", fake_read, fake_write, &a, IO_W8), 0);
    ck_assert_int_eq(io_register(io, 0x3FC, 8, "other", fake_read, fake_write, &b, IO_W8), -1);
    ck_assert_int_eq(io_register(io, 0xFFFF, 2, "wrap", fake_read, fake_write, &b, IO_W8), -1);
    io_unregister(io, 0x3F8, 8);
    ck_assert_int_eq(io_register(io, 0x3FC, 8, "other", fake_read, fake_write, &b, IO_W8), 0);
    io_destroy(io);
}
END_TEST

static unsigned watched;
static void watch(void *o, uint16_t port, uint32_t val, unsigned size, int w)
{
    (void)o; (void)val; (void)size;
    if (port == 0x80 && w)
        watched++;
}

START_TEST(watcher_sees_accesses)
{
    IoBus *io = io_create();
    io_set_watch(io, watch, NULL);
    io_write(io, 0x80, 0x55, 1);
    io_read(io, 0x80, 1);
    ck_assert_uint_eq(watched, 1);
    io_destroy(io);
}
END_TEST

Suite *iobus_suite(void)
{
    Suite *s = suite_create("iobus");
    TCase *tc = tcase_create("dispatch");
    tcase_add_test(tc, all_widths_native);
    tcase_add_test(tc, byte_device_gets_split_accesses);
    tcase_add_test(tc, word_device_gets_dword_as_two_words);
    tcase_add_test(tc, unclaimed_ports_read_ones);
    tcase_add_test(tc, conflicts_rejected);
    tcase_add_test(tc, watcher_sees_accesses);
    suite_add_tcase(s, tc);
    return s;
}
