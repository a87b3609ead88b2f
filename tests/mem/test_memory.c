/*
 * tests/mem/test_memory.c — the physical memory map: RAM, the PC hole, ROM,
 * shadow ROM, MMIO dispatch and splitting, the A20 mask, code-page hooks.
 */
#include <check.h>
#include <string.h>

#include "mem/memory.h"

static PhysMem *mem;

static void setup(void) { mem = mem_create(2 * 1024 * 1024); }
static void teardown(void) { mem_destroy(mem); }

START_TEST(ram_read_write_all_widths)
{
    mem_write8(mem, 0x1000, 0x12);
    mem_write16(mem, 0x1001, 0x5634);
    mem_write32(mem, 0x1003, 0xDEBC9A78);
    ck_assert_uint_eq(mem_read32(mem, 0x1000), 0x78563412);
    ck_assert_uint_eq(mem_read32(mem, 0x1004), 0x00DEBC9A);
    ck_assert_uint_eq(mem_read16(mem, 0x1002), 0x7856);
    /* Crossing a page boundary in high RAM. */
    mem_write32(mem, 0x100FFE, 0xAABBCCDD);
    ck_assert_uint_eq(mem_read32(mem, 0x100FFE), 0xAABBCCDD);
    ck_assert_uint_eq(mem_read8(mem, 0x101001), 0xAA);
}
END_TEST

START_TEST(hole_and_beyond_ram_unmapped)
{
    ck_assert_uint_eq(mem_read8(mem, 0xB8000), 0xFF);
    mem_write8(mem, 0xB8000, 1);
    ck_assert_uint_eq(mem_read8(mem, 0xB8000), 0xFF);
    ck_assert_uint_eq(mem_read32(mem, 0x200000), 0xFFFFFFFF);
    ck_assert_uint_eq(mem_read16(mem, 0x1FFFFF), 0xFF00 | mem_read8(mem, 0x1FFFFF));
}
END_TEST

START_TEST(rom_is_read_only_shadow_is_not)
{
    uint8_t img[16] = {0xEA, 0x5B, 0xE0, 0x00, 0xF0};
    ck_assert_int_eq(mem_map_rom(mem, "bios", 0xF0000, img, sizeof img, false), 0);
    ck_assert_uint_eq(mem_read8(mem, 0xF0000), 0xEA);
    ck_assert_uint_eq(mem_read8(mem, 0xF0010), 0xFF); /* padding */
    mem_write8(mem, 0xF0000, 0x90);
    ck_assert_uint_eq(mem_read8(mem, 0xF0000), 0xEA);
    ck_assert_int_eq(mem_map_rom(mem, "shadow", 0xE0000, img, sizeof img, true), 0);
    mem_write8(mem, 0xE0000, 0x90);
    ck_assert_uint_eq(mem_read8(mem, 0xE0000), 0x90);
    /* Overlap is refused. */
    ck_assert_int_eq(mem_map_rom(mem, "x", 0xF0000, img, 1, false), -1);
    /* Debug writes reach ROM. */
    ck_assert(mem_debug_write(mem, 0xF0001, 0x42));
    ck_assert_uint_eq(mem_read8(mem, 0xF0001), 0x42);
}
END_TEST

static uint32_t last_addr, last_val;
static unsigned last_size, nreads, nwrites;
static uint32_t mmio_rd(void *o, uint32_t a, unsigned s)
{
    (void)o;
    nreads++;
    last_addr = a;
    last_size = s;
    return 0x11223344u & (s == 4 ? 0xFFFFFFFFu : (1u << (8 * s)) - 1);
}
static void mmio_wr(void *o, uint32_t a, uint32_t v, unsigned s)
{
    (void)o;
    nwrites++;
    last_addr = a;
    last_val = v;
    last_size = s;
}

START_TEST(mmio_dispatch_and_split)
{
    ck_assert_int_eq(mem_map_mmio(mem, "vga", 0xA0000, 0x20000, mmio_rd, mmio_wr, NULL), 0);
    ck_assert_uint_eq(mem_read32(mem, 0xA0010), 0x11223344);
    ck_assert_uint_eq(last_size, 4);
    ck_assert_uint_eq(last_addr, 0xA0010);
    mem_write16(mem, 0xB8000, 0x0741);
    ck_assert_uint_eq(last_val, 0x0741);
    ck_assert_uint_eq(last_size, 2);
    /* An access that leaves the region splits into bytes. */
    nwrites = 0;
    mem_write32(mem, 0xBFFFE, 0x01020304);
    ck_assert_uint_eq(nwrites, 2);
    ck_assert_uint_eq(mem_read8(mem, 0xA0000), 0x44);
    uint8_t b;
    ck_assert(!mem_debug_read(mem, 0xA0000, &b));
    ck_assert_int_eq(mem_unmap(mem, 0xA0000), 0);
    ck_assert_uint_eq(mem_read8(mem, 0xA0000), 0xFF);
}
END_TEST

static int map_changes;
static void on_map(void *o) { (void)o; map_changes++; }

START_TEST(a20_mask_and_notification)
{
    mem->map_changed_hook = on_map;
    map_changes = 0;
    ck_assert(mem_a20_enabled(mem));
    mem_set_a20(mem, false);
    ck_assert_uint_eq(mem->a20_mask, 0xFFEFFFFF);
    ck_assert_int_eq(map_changes, 1);
    mem_set_a20(mem, false);
    ck_assert_int_eq(map_changes, 1);
    /* The CPU applies the mask: 0xFFFF:0x0010 wraps to 0. */
    uint32_t linear = (0xFFFFu << 4) + 0x10;
    mem_write8(mem, 0, 0x5A);
    ck_assert_uint_eq(mem_read8(mem, linear & mem->a20_mask), 0x5A);
    mem_set_a20(mem, true);
    ck_assert_uint_eq(linear & mem->a20_mask, 0x100000);
}
END_TEST

static uint32_t code_hit;
static void on_code(void *o, uint32_t phys, unsigned size)
{
    (void)o;
    (void)size;
    if (!code_hit)
        code_hit = phys; /* first write seen */
}

START_TEST(code_pages_take_slow_path)
{
    mem->code_write_hook = on_code;
    ck_assert_ptr_nonnull(mem->page_write[0x7]);
    mem_set_code_page(mem, 7, true);
    ck_assert_ptr_null(mem->page_write[0x7]);
    ck_assert_ptr_nonnull(mem->page_read[0x7]);
    uint32_t gen = mem->code_gen[7];
    code_hit = 0;
    mem_write8(mem, 0x7C00, 0xCC);
    ck_assert_uint_eq(code_hit, 0x7C00);
    ck_assert_uint_eq(mem_read8(mem, 0x7C00), 0xCC);
    /* the write invalidated the page's code and made it fast again */
    ck_assert_uint_ne(mem->code_gen[7], gen);
    ck_assert_ptr_nonnull(mem->page_write[0x7]);
    gen = mem->code_gen[7];
    uint32_t gen8 = mem->code_gen[8];
    mem_write8(mem, 0x7C01, 0x90); /* not a code page any more: no hook */
    ck_assert_uint_eq(mem->code_gen[7], gen);

    /* DMA-style block write across a code page and a data page */
    mem_set_code_page(mem, 7, true);
    uint8_t buf[4] = {1, 2, 3, 4};
    code_hit = 0;
    mem_write_block(mem, 0x7FFE, buf, 4);
    ck_assert_uint_eq(code_hit, 0x7FFE);
    ck_assert_uint_ne(mem->code_gen[7], gen);
    ck_assert_uint_eq(mem->code_gen[8], gen8);
    ck_assert_uint_eq(mem_read8(mem, 0x8001), 4);
}
END_TEST

START_TEST(remap_bumps_code_generation)
{
    uint32_t gen = mem->code_gen[0xD0];
    static const uint8_t rom[4096] = {0x90};
    ck_assert_int_eq(mem_map_rom(mem, "optrom", 0xD0000, rom, sizeof rom, false), 0);
    ck_assert_uint_ne(mem->code_gen[0xD0], gen);
    gen = mem->code_gen[0xD0];
    ck_assert_int_eq(mem_unmap(mem, 0xD0000), 0);
    ck_assert_uint_ne(mem->code_gen[0xD0], gen);
}
END_TEST

START_TEST(bad_sizes_rejected)
{
    ck_assert_ptr_null(mem_create(0));
    ck_assert_ptr_null(mem_create(1000));
    ck_assert_int_eq(mem_map_mmio(mem, "x", 0xA0001, 0x1000, mmio_rd, mmio_wr, NULL), -1);
}
END_TEST

Suite *memory_suite(void)
{
    Suite *s = suite_create("memory");
    TCase *tc = tcase_create("map");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, ram_read_write_all_widths);
    tcase_add_test(tc, hole_and_beyond_ram_unmapped);
    tcase_add_test(tc, rom_is_read_only_shadow_is_not);
    tcase_add_test(tc, mmio_dispatch_and_split);
    tcase_add_test(tc, a20_mask_and_notification);
    tcase_add_test(tc, code_pages_take_slow_path);
    tcase_add_test(tc, remap_bumps_code_generation);
    tcase_add_test(tc, bad_sizes_rejected);
    suite_add_tcase(s, tc);
    return s;
}
