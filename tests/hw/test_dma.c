/*
 * tests/hw/test_dma.c — the 8237 pair programmed as a BIOS floppy driver
 * and a Sound Blaster driver do: single-cycle transfers to/from memory,
 * terminal count and auto-mask, auto-init, partial transfers, address
 * decrement, 64 KiB / 128 KiB block wrap, word channels, masks, master
 * clear, verify, cascade, page registers and the POST code port; and
 * memory-to-memory on channels 0/1 (8237A datasheet), started by a
 * software request.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "hw/dma.h"
#include "plat_bus.h"

static PlatBus *pb;
static Dma *dma;
static uint8_t post_codes[8];
static unsigned npost;

static void on_post(void *opaque, uint8_t code)
{
    (void)opaque;
    if (npost < 8)
        post_codes[npost] = code;
    npost++;
}

static void setup(void)
{
    pb = pb_create();
    dma = dma_create(&pb->bus);
    ck_assert_ptr_nonnull(dma);
    npost = 0;
    dma_set_post_hook(dma, on_post, NULL);
}

static void teardown(void)
{
    dma_destroy(dma);
    pb_destroy(pb);
}

static const uint16_t page_port[8] = {0x87, 0x83, 0x81, 0x82, 0x8F, 0x8B, 0x89, 0x8A};

/* Program an 8-bit channel the way the BIOS floppy code does. */
static void program8(unsigned ch, uint8_t mode, uint32_t phys, uint16_t count)
{
    pb_out8(pb, 0x0A, (uint8_t)(0x04 | ch));        /* mask */
    pb_out8(pb, 0x0C, 0);                            /* clear flip-flop */
    pb_out8(pb, 0x0B, (uint8_t)(mode | ch));
    pb_out8(pb, (uint16_t)(ch * 2), (uint8_t)phys);
    pb_out8(pb, (uint16_t)(ch * 2), (uint8_t)(phys >> 8));
    pb_out8(pb, page_port[ch], (uint8_t)(phys >> 16));
    pb_out8(pb, (uint16_t)(ch * 2 + 1), (uint8_t)count);
    pb_out8(pb, (uint16_t)(ch * 2 + 1), (uint8_t)(count >> 8));
    pb_out8(pb, 0x0A, (uint8_t)ch);                  /* unmask */
}

/* Word channel: address and count in words. */
static void program16(unsigned ch, uint8_t mode, uint32_t phys, uint16_t words_minus_1)
{
    unsigned r = ch - 4;
    pb_out8(pb, 0xD4, (uint8_t)(0x04 | r));
    pb_out8(pb, 0xD8, 0);
    pb_out8(pb, 0xD6, (uint8_t)(mode | r));
    uint16_t waddr = (uint16_t)(phys >> 1);
    pb_out8(pb, (uint16_t)(0xC0 + r * 4), (uint8_t)waddr);
    pb_out8(pb, (uint16_t)(0xC0 + r * 4), (uint8_t)(waddr >> 8));
    pb_out8(pb, page_port[ch], (uint8_t)((phys >> 16) & 0xFE));
    pb_out8(pb, (uint16_t)(0xC2 + r * 4), (uint8_t)words_minus_1);
    pb_out8(pb, (uint16_t)(0xC2 + r * 4), (uint8_t)(words_minus_1 >> 8));
    pb_out8(pb, 0xD4, (uint8_t)r);
}

static uint16_t read16(uint16_t port, uint16_t ffport)
{
    pb_out8(pb, ffport, 0);
    uint16_t lo = pb_in8(pb, port);
    return (uint16_t)(lo | pb_in8(pb, port) << 8);
}

START_TEST(floppy_read_sector_to_memory)
{
    ck_assert_ptr_eq(pb->bus.dma_engine, dma);
    program8(2, 0x46, 0x11000, 511);                 /* single, write to mem */
    uint8_t sector[512];
    for (int i = 0; i < 512; i++)
        sector[i] = (uint8_t)(i * 3 + 1);
    bool tc = false;
    ck_assert_uint_eq(bus_dma(&pb->bus, 2, sector, 512, DMA_TO_MEMORY, &tc), 512);
    ck_assert(tc);
    uint8_t back[512];
    mem_read_block(pb->bus.mem, 0x11000, back, 512);
    ck_assert_mem_eq(back, sector, 512);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x11200), 0);
    /* Status: TC for channel 2, cleared by the read. */
    ck_assert_uint_eq(pb_in8(pb, 0x08) & 0x0F, 0x04);
    ck_assert_uint_eq(pb_in8(pb, 0x08) & 0x0F, 0x00);
    /* No auto-init: the channel masked itself. */
    ck_assert_uint_eq(pb_in8(pb, 0x0F) & 0x04, 0x04);
    ck_assert_uint_eq(bus_dma(&pb->bus, 2, sector, 512, DMA_TO_MEMORY, &tc), 0);
    ck_assert(!tc);
    /* Current address and count after TC. */
    ck_assert_uint_eq(read16(0x04, 0x0C), 0x1200);
    ck_assert_uint_eq(read16(0x05, 0x0C), 0xFFFF);
}
END_TEST

START_TEST(direction_mask_and_disable)
{
    uint8_t buf[16] = {0};
    program8(1, 0x48, 0x2000, 15);                   /* read from memory */
    ck_assert_uint_eq(bus_dma(&pb->bus, 1, buf, 16, DMA_TO_MEMORY, NULL), 0);
    pb_out8(pb, 0x0A, 0x05);                         /* mask ch1 */
    ck_assert_uint_eq(bus_dma(&pb->bus, 1, buf, 16, DMA_FROM_MEMORY, NULL), 0);
    pb_out8(pb, 0x0A, 0x01);
    pb_out8(pb, 0x08, 0x04);                         /* controller disable */
    ck_assert_uint_eq(bus_dma(&pb->bus, 1, buf, 16, DMA_FROM_MEMORY, NULL), 0);
    pb_out8(pb, 0x08, 0x00);
    mem_write8(pb->bus.mem, 0x2000, 0xAB);
    ck_assert_uint_eq(bus_dma(&pb->bus, 1, buf, 16, DMA_FROM_MEMORY, NULL), 16);
    ck_assert_uint_eq(buf[0], 0xAB);
    /* Bad channel numbers and the cascade channel move nothing. */
    ck_assert_uint_eq(bus_dma(&pb->bus, 9, buf, 16, DMA_FROM_MEMORY, NULL), 0);
    ck_assert_uint_eq(bus_dma(&pb->bus, 4, buf, 16, DMA_FROM_MEMORY, NULL), 0);
}
END_TEST

START_TEST(partial_transfers_then_tc)
{
    program8(3, 0x44, 0x30000, 255);                 /* 256 bytes */
    uint8_t buf[100];
    memset(buf, 0x5A, sizeof buf);
    bool tc = false;
    ck_assert_uint_eq(bus_dma(&pb->bus, 3, buf, 100, DMA_TO_MEMORY, &tc), 100);
    ck_assert(!tc);
    ck_assert_uint_eq(read16(0x07, 0x0C), 155);
    ck_assert_uint_eq(read16(0x06, 0x0C), 100);
    ck_assert_uint_eq(bus_dma(&pb->bus, 3, buf, 100, DMA_TO_MEMORY, &tc), 100);
    ck_assert_uint_eq(bus_dma(&pb->bus, 3, buf, 100, DMA_TO_MEMORY, &tc), 56);
    ck_assert(tc);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x300FF), 0x5A);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x30100), 0x00);
}
END_TEST

START_TEST(auto_init_sound_blaster_style)
{
    for (int i = 0; i < 64; i++)
        mem_write8(pb->bus.mem, 0x40000 + (uint32_t)i, (uint8_t)i);
    program8(1, 0x58, 0x40000, 63);                  /* single, auto-init, read */
    uint8_t out[48];
    bool tc;
    unsigned tcs = 0;
    uint8_t seen[256];
    size_t total = 0;
    for (int round = 0; round < 4; round++) {
        tc = false;
        size_t n = bus_dma(&pb->bus, 1, out, 48, DMA_FROM_MEMORY, &tc);
        ck_assert(n > 0);
        memcpy(seen + total, out, n);
        total += n;
        tcs += tc;
    }
    /* 48 + 16 (TC) + 48 + 16 (TC): the buffer loops. */
    ck_assert_uint_eq(total, 128);
    ck_assert_uint_eq(tcs, 2);
    for (size_t i = 0; i < total; i++)
        ck_assert_uint_eq(seen[i], i % 64);
    ck_assert_uint_eq(pb_in8(pb, 0x0F) & 0x02, 0);   /* still unmasked */
    ck_assert_uint_eq(read16(0x03, 0x0C), 63);       /* reloaded */
}
END_TEST

START_TEST(address_decrement)
{
    program8(0, 0x64, 0x5000F, 15);                  /* decrement, write */
    uint8_t buf[16];
    for (int i = 0; i < 16; i++)
        buf[i] = (uint8_t)(0xA0 + i);
    ck_assert_uint_eq(bus_dma(&pb->bus, 0, buf, 16, DMA_TO_MEMORY, NULL), 16);
    for (int i = 0; i < 16; i++)
        ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x5000F - (uint32_t)i), 0xA0 + i);
}
END_TEST

START_TEST(wrap_inside_64k_block)
{
    program8(2, 0x44, 0x2FFF0, 31);
    uint8_t buf[32];
    for (int i = 0; i < 32; i++)
        buf[i] = (uint8_t)(i + 1);
    ck_assert_uint_eq(bus_dma(&pb->bus, 2, buf, 32, DMA_TO_MEMORY, NULL), 32);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x2FFFF), 16);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x20000), 17);   /* page does not carry */
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x30000), 0);
}
END_TEST

START_TEST(word_channels)
{
    program16(5, 0x44, 0x30000 + 0x10000, 3);         /* page 0x04 (bit 0 ignored) */
    ck_assert_uint_eq(pb_in8(pb, 0x8B), 0x04);
    uint8_t buf[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    bool tc = false;
    ck_assert_uint_eq(bus_dma(&pb->bus, 5, buf, 9, DMA_TO_MEMORY, &tc), 8);
    ck_assert(tc);
    ck_assert_uint_eq(mem_read32(pb->bus.mem, 0x40000), 0x04030201);
    ck_assert_uint_eq(mem_read32(pb->bus.mem, 0x40004), 0x08070605);
    ck_assert_uint_eq(pb_in8(pb, 0xD0) & 0x02, 0x02); /* TC ch5 */
    /* 128 KiB block wrap: word address 0xFFFE -> 0x0000. */
    program16(6, 0x44, 0x60000 + 0x1FFFC, 3);
    ck_assert_uint_eq(bus_dma(&pb->bus, 6, buf, 8, DMA_TO_MEMORY, NULL), 8);
    ck_assert_uint_eq(mem_read32(pb->bus.mem, 0x7FFFC), 0x04030201);
    ck_assert_uint_eq(mem_read32(pb->bus.mem, 0x60000), 0x08070605);
}
END_TEST

START_TEST(masks_master_clear_flipflop)
{
    pb_out8(pb, 0x0E, 0);                            /* clear all masks */
    ck_assert_uint_eq(pb_in8(pb, 0x0F) & 0x0F, 0x00);
    pb_out8(pb, 0x0F, 0x0A);
    ck_assert_uint_eq(pb_in8(pb, 0x0F) & 0x0F, 0x0A);
    pb_out8(pb, 0x0D, 0);                            /* master clear */
    ck_assert_uint_eq(pb_in8(pb, 0x0F) & 0x0F, 0x0F);
    /* Flip-flop: master clear reset it, so low byte first. */
    pb_out8(pb, 0x00, 0x34);
    pb_out8(pb, 0x00, 0x12);
    ck_assert_uint_eq(read16(0x00, 0x0C), 0x1234);
    /* Software request bits show in the status register. */
    pb_out8(pb, 0x09, 0x06);
    ck_assert_uint_eq(pb_in8(pb, 0x08) & 0xF0, 0x40);
    pb_out8(pb, 0x09, 0x02);
    dma_set_dreq(dma, 3, true);
    ck_assert_uint_eq(pb_in8(pb, 0x08) & 0xF0, 0x80);
    /* The second controller on even ports. */
    pb_out8(pb, 0xDA, 0);
    ck_assert_uint_eq(pb_in8(pb, 0xDE) & 0x0F, 0x0F);
    pb_out8(pb, 0xDC, 0);
    ck_assert_uint_eq(pb_in8(pb, 0xDE) & 0x0F, 0x00);
    ck_assert_uint_eq(pb_in8(pb, 0xDF), 0xFF);       /* odd: unused */
}
END_TEST

START_TEST(verify_moves_no_memory)
{
    mem_write8(pb->bus.mem, 0x8000, 0x77);
    program8(2, 0x40, 0x8000, 9);                     /* verify */
    uint8_t buf[10];
    memset(buf, 0xEE, sizeof buf);
    bool tc = false;
    ck_assert_uint_eq(bus_dma(&pb->bus, 2, buf, 10, DMA_TO_MEMORY, &tc), 10);
    ck_assert(tc);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x8000), 0x77);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x8001), 0x00);
}
END_TEST

START_TEST(never_outside_ram)
{
    /* 2 MiB of RAM; page 0xFF is far beyond it: writes dropped, reads FF. */
    program8(2, 0x44, 0xFF0000, 15);
    uint8_t buf[16];
    memset(buf, 1, sizeof buf);
    ck_assert_uint_eq(bus_dma(&pb->bus, 2, buf, 16, DMA_TO_MEMORY, NULL), 16);
    program8(2, 0x48, 0xFF0000, 15);
    ck_assert_uint_eq(bus_dma(&pb->bus, 2, buf, 16, DMA_FROM_MEMORY, NULL), 16);
    ck_assert_uint_eq(buf[0], 0xFF);
    /* The legacy hole too. */
    program8(2, 0x44, 0x0B8000, 15);
    ck_assert_uint_eq(bus_dma(&pb->bus, 2, buf, 16, DMA_TO_MEMORY, NULL), 16);
}
END_TEST

START_TEST(page_registers_and_post_codes)
{
    for (uint16_t p = 0x81; p <= 0x8F; p++)
        pb_out8(pb, p, (uint8_t)(p ^ 0x5A));
    for (uint16_t p = 0x81; p <= 0x8F; p++)
        ck_assert_uint_eq(pb_in8(pb, p), (uint8_t)(p ^ 0x5A));
    ck_assert_uint_eq(npost, 0);
    pb_out8(pb, 0x80, 0x12);
    pb_out8(pb, 0x80, 0x34);
    ck_assert_uint_eq(npost, 2);
    ck_assert_uint_eq(post_codes[0], 0x12);
    ck_assert_uint_eq(post_codes[1], 0x34);
    ck_assert_uint_eq(dma_post_code(dma), 0x34);
    ck_assert_uint_eq(pb_in8(pb, 0x80), 0x34);
    DmaChannelInfo info;
    dma_channel_info(dma, 2, &info);
    ck_assert_uint_eq(info.phys >> 16, 0x81 ^ 0x5A);
    ck_assert(info.masked);
}
END_TEST

START_TEST(save_load_roundtrip)
{
    program8(2, 0x46, 0x11000, 511);
    uint8_t buf[100] = {0};
    bus_dma(&pb->bus, 2, buf, 100, DMA_TO_MEMORY, NULL);
    FILE *f = tmpfile();
    StateWriter w = {f, 0};
    Device d = dma_device(dma);
    ck_assert_int_eq(d.save(d.self, &w), 0);
    d.reset(d.self);
    rewind(f);
    StateReader r = {f, 0};
    ck_assert_int_eq(d.load(d.self, &r), 0);
    fclose(f);
    bool tc = false;
    ck_assert_uint_eq(bus_dma(&pb->bus, 2, buf, 100, DMA_TO_MEMORY, &tc), 100);
    ck_assert_uint_eq(read16(0x04, 0x0C), 0x1000 + 200);
}
END_TEST

/* Memory-to-memory: 100 bytes from 12340h (channel 0, page 1) to 25000h
 * (channel 1, page 2), started by a software request for channel 0. */
START_TEST(memory_to_memory_copy)
{
    for (uint32_t i = 0; i < 0x200; i++)
        mem_write8(pb->bus.mem, 0x12300 + i, (uint8_t)(i * 7 + 3));
    program8(0, 0x88, 0x12340, 0xFFFF); /* block, read; count unused */
    program8(1, 0x84, 0x25000, 99);     /* block, write: 100 bytes */
    /* Without the enable bit a software request moves nothing. */
    pb_out8(pb, 0x09, 0x04);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x25000), 0);
    pb_out8(pb, 0x09, 0x00);
    pb_out8(pb, 0x08, 0x01); /* memory-to-memory enable */
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x25000), 0); /* no request yet */
    pb_out8(pb, 0x09, 0x04); /* software request, channel 0 */
    for (uint32_t i = 0; i < 100; i++)
        ck_assert_msg(mem_read8(pb->bus.mem, 0x25000 + i) == (uint8_t)((0x40 + i) * 7 + 3),
                      "byte %u", (unsigned)i);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x25064), 0); /* one past */
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x24FFF), 0);
    /* Addresses stepped, channel 1 at terminal count and masked, the
     * request gone, the temporary register holds the last byte. */
    ck_assert_uint_eq(read16(0x00, 0x0C), 0x2340 + 100);
    ck_assert_uint_eq(read16(0x01, 0x0C), 0xFFFF); /* channel 0 count kept */
    ck_assert_uint_eq(read16(0x02, 0x0C), 0x5000 + 100);
    ck_assert_uint_eq(read16(0x03, 0x0C), 0xFFFF);
    uint8_t st = pb_in8(pb, 0x08);
    ck_assert_uint_eq(st & 0x0F, 0x02);
    ck_assert_uint_eq(st & 0x10, 0x00);
    ck_assert_uint_eq(pb_in8(pb, 0x0F) & 0x02, 0x02);
    ck_assert_uint_eq(pb_in8(pb, 0x0D), (uint8_t)((0x40 + 99) * 7 + 3));
    /* Disabled controller: a request waits, and runs when enabled. */
    program8(1, 0x84, 0x26000, 9);
    pb_out8(pb, 0x08, 0x05);
    pb_out8(pb, 0x09, 0x04);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x26000), 0);
    pb_out8(pb, 0x08, 0x01);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x26000), (uint8_t)((0x40 + 100) * 7 + 3));
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x26009), (uint8_t)((0x40 + 109) * 7 + 3));
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x2600A), 0);
}
END_TEST

/* Channel 0 address hold fills a block with one byte; decrement and
 * auto-initialization follow each channel's mode. */
START_TEST(memory_to_memory_hold_decrement_autoinit)
{
    mem_write8(pb->bus.mem, 0x30000, 0xA5);
    program8(0, 0x88, 0x30000, 0);
    program8(1, 0x84, 0x31000, 255);
    pb_out8(pb, 0x08, 0x03); /* enable + channel 0 address hold */
    pb_out8(pb, 0x09, 0x04);
    for (uint32_t i = 0; i < 256; i++)
        ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x31000 + i), 0xA5);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x31100), 0);
    ck_assert_uint_eq(read16(0x00, 0x0C), 0x0000); /* held */
    /* Reverse copy: source decrementing, destination incrementing, and
     * channel 1 auto-initialized (so it stays unmasked and reloaded). */
    for (uint32_t i = 0; i < 4; i++)
        mem_write8(pb->bus.mem, 0x40010 + i, (uint8_t)(0x10 + i));
    program8(0, 0xA8, 0x40013, 0);      /* decrement */
    program8(1, 0x94, 0x41000, 3);      /* auto-init */
    pb_out8(pb, 0x08, 0x01);
    pb_out8(pb, 0x09, 0x04);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x41000), 0x13);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x41001), 0x12);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x41002), 0x11);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x41003), 0x10);
    ck_assert_uint_eq(read16(0x00, 0x0C), 0x000F);
    ck_assert_uint_eq(read16(0x02, 0x0C), 0x1000); /* reloaded */
    ck_assert_uint_eq(read16(0x03, 0x0C), 3);
    ck_assert_uint_eq(pb_in8(pb, 0x0F) & 0x02, 0x00);
    /* Device transfers on channel 0/1 still work normally afterwards
     * once memory-to-memory is off. */
    pb_out8(pb, 0x08, 0x00);
    program8(1, 0x44, 0x42000, 1);
    uint8_t two[2] = {0x66, 0x77};
    bool tc = false;
    ck_assert_uint_eq(bus_dma(&pb->bus, 1, two, 2, DMA_TO_MEMORY, &tc), 2);
    ck_assert(tc);
    ck_assert_uint_eq(mem_read8(pb->bus.mem, 0x42001), 0x77);
}
END_TEST

Suite *dma_suite(void)
{
    Suite *s = suite_create("dma");
    TCase *tc = tcase_create("dma");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, floppy_read_sector_to_memory);
    tcase_add_test(tc, direction_mask_and_disable);
    tcase_add_test(tc, partial_transfers_then_tc);
    tcase_add_test(tc, auto_init_sound_blaster_style);
    tcase_add_test(tc, address_decrement);
    tcase_add_test(tc, wrap_inside_64k_block);
    tcase_add_test(tc, word_channels);
    tcase_add_test(tc, masks_master_clear_flipflop);
    tcase_add_test(tc, verify_moves_no_memory);
    tcase_add_test(tc, never_outside_ram);
    tcase_add_test(tc, page_registers_and_post_codes);
    tcase_add_test(tc, save_load_roundtrip);
    tcase_add_test(tc, memory_to_memory_copy);
    tcase_add_test(tc, memory_to_memory_hold_decrement_autoinit);
    suite_add_tcase(s, tc);
    return s;
}
