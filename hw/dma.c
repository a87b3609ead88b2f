/*
 * hw/dma.c — the 8237A pair, the 74LS612 page registers and the POST code
 * latch at port 0x80.
 *
 * Owns: per channel base/current address and count, mode; per controller
 * command, status (terminal count and request bits), request, mask and
 * the byte-pointer flip-flop; the 16 page/scratch registers; the transfer
 * engine used by devices through bus->dma_transfer.
 *
 * Transfers follow the real address generation: channels 0-3 move bytes
 * with A0-A15 from the 8237 and A16-A23 from the page register (the page
 * does not advance, so an address wraps inside its 64 KiB block); channels
 * 5-7 move words with A1-A16 from the 8237 and A17-A23 from the page
 * register (bit 0 of the page ignored: 128 KiB blocks).  Terminal count
 * sets the status bit and, without auto-initialization, the mask bit.
 * Channels 0-3 do not depend on the state of the cascade channel 4 (mask
 * or disable of the second controller), which every BIOS sets up the same
 * way anyway.
 *
 * Memory-to-memory (first controller, command bit 0): a software request
 * on channel 0 moves bytes from channel 0's address to channel 1's through
 * the temporary register until channel 1's count reaches terminal count.
 * Channel 0's address steps by its own mode (increment/decrement) unless
 * command bit 1 (channel 0 address hold) keeps it, so one byte can fill a
 * block; channel 1's address steps by its mode and only its count is
 * decremented.  At the end: channel 1's TC status bit, the request bit
 * cleared, each channel auto-initialized or (channel 1) masked per its
 * mode, and the temporary register holds the last byte.  The whole block
 * moves at once, inside the port write that starts it.  The second
 * controller's channels 4/5 cannot do it (4 is the cascade).
 *
 * Reference: Intel 8237A datasheet (231466): register addresses, mode
 * register (transfer type, auto-init, address decrement, demand / single /
 * block / cascade), "Terminal count", status and command registers,
 * "Memory-to-Memory" transfer and the temporary register, software
 * commands (clear byte pointer, master clear, clear mask, write all mask);
 * IBM PC/AT Technical Reference for page register ports and
 * the word-channel address shift.
 */
#include "hw/dma.h"

#include <stdlib.h>
#include <string.h>

enum {
    MODE_TYPE_SHIFT = 2, TYPE_VERIFY = 0, TYPE_WRITE = 1, TYPE_READ = 2,
    MODE_AUTOINIT = 0x10, MODE_DECREMENT = 0x20, MODE_CASCADE = 0xC0,
};
enum { CMD_MEM_TO_MEM = 0x01, CMD_CH0_HOLD = 0x02, CMD_DISABLE = 0x04 };

/* Page register port (index from 0x80) of each channel. */
static const uint8_t page_index[8] = {0x07, 0x03, 0x01, 0x02, 0x0F, 0x0B, 0x09, 0x0A};

struct Dma {
    Bus *bus;
    uint16_t base_addr[8], base_count[8], cur_addr[8], cur_count[8];
    uint8_t mode[8];
    uint8_t command[2], status[2], request[2], mask[2], flipflop[2], temp[2];
    uint8_t dreq[2];
    uint8_t pages[16];
    dma_post_fn post;
    void *post_opaque;
};

static const StateField dma_fields[] = {
    STATE_ARRAY(Dma, base_addr), STATE_ARRAY(Dma, base_count),
    STATE_ARRAY(Dma, cur_addr), STATE_ARRAY(Dma, cur_count),
    STATE_ARRAY(Dma, mode), STATE_ARRAY(Dma, command),
    STATE_ARRAY(Dma, status), STATE_ARRAY(Dma, request),
    STATE_ARRAY(Dma, mask), STATE_ARRAY(Dma, flipflop),
    STATE_ARRAY(Dma, temp), STATE_ARRAY(Dma, dreq), STATE_ARRAY(Dma, pages),
    STATE_END,
};

static uint8_t page_of(const Dma *d, unsigned ch) { return d->pages[page_index[ch]]; }

/* Physical address of transfer unit `a` (8237 address) on channel ch. */
static uint32_t unit_phys(const Dma *d, unsigned ch, uint16_t a)
{
    if (ch < 4)
        return (uint32_t)page_of(d, ch) << 16 | a;
    return (uint32_t)(page_of(d, ch) & 0xFEu) << 16 | (uint32_t)a << 1;
}

static void master_clear(Dma *d, unsigned c)
{
    d->command[c] = 0;
    d->status[c] = 0;
    d->request[c] = 0;
    d->temp[c] = 0;
    d->flipflop[c] = 0;
    d->mask[c] = 0x0F;
}

static uint8_t status_read(Dma *d, unsigned c)
{
    uint8_t v = (uint8_t)(d->status[c] | (uint8_t)((d->request[c] | d->dreq[c]) << 4));
    d->status[c] &= 0xF0u; /* TC bits clear on read */
    return v;
}

/* Memory-to-memory block on the first controller (see the top comment):
 * runs when it is enabled, the controller is on and channel 0 has a
 * software request. */
static void memory_to_memory(Dma *d)
{
    if ((d->command[0] & (CMD_MEM_TO_MEM | CMD_DISABLE)) != CMD_MEM_TO_MEM ||
        !(d->request[0] & 1u))
        return;
    PhysMem *mem = d->bus->mem;
    bool hold = d->command[0] & CMD_CH0_HOLD;
    bool src_down = d->mode[0] & MODE_DECREMENT;
    bool dst_down = d->mode[1] & MODE_DECREMENT;
    for (;;) {
        uint8_t b;
        mem_read_block(mem, unit_phys(d, 0, d->cur_addr[0]), &b, 1);
        d->temp[0] = b;
        mem_write_block(mem, unit_phys(d, 1, d->cur_addr[1]), &b, 1);
        if (!hold)
            d->cur_addr[0] = (uint16_t)(src_down ? d->cur_addr[0] - 1 : d->cur_addr[0] + 1);
        d->cur_addr[1] = (uint16_t)(dst_down ? d->cur_addr[1] - 1 : d->cur_addr[1] + 1);
        if (d->cur_count[1]-- == 0)
            break; /* channel 1 terminal count */
    }
    d->status[0] |= 0x02u;
    d->request[0] &= (uint8_t)~1u;
    for (unsigned ch = 0; ch < 2; ch++) {
        if (d->mode[ch] & MODE_AUTOINIT) {
            d->cur_addr[ch] = d->base_addr[ch];
            d->cur_count[ch] = d->base_count[ch];
        } else if (ch == 1) {
            d->mask[0] |= 0x02u;
        }
    }
}

/* Register index 0..15 of the 8237 at controller c. */
static void reg_write(Dma *d, unsigned c, unsigned reg, uint8_t v)
{
    if (reg < 8) {
        unsigned ch = c * 4 + reg / 2;
        uint16_t *base = reg & 1 ? &d->base_count[ch] : &d->base_addr[ch];
        uint16_t *cur = reg & 1 ? &d->cur_count[ch] : &d->cur_addr[ch];
        if (d->flipflop[c])
            *base = (uint16_t)((*base & 0x00FFu) | v << 8);
        else
            *base = (uint16_t)((*base & 0xFF00u) | v);
        *cur = *base;
        d->flipflop[c] ^= 1;
        return;
    }
    switch (reg) {
    case 8:
        d->command[c] = v;
        if (c == 0)
            memory_to_memory(d);
        break;
    case 9:
        if (v & 4)
            d->request[c] |= (uint8_t)(1u << (v & 3));
        else
            d->request[c] &= (uint8_t)~(1u << (v & 3));
        if (c == 0)
            memory_to_memory(d);
        break;
    case 10:
        if (v & 4)
            d->mask[c] |= (uint8_t)(1u << (v & 3));
        else
            d->mask[c] &= (uint8_t)~(1u << (v & 3));
        break;
    case 11: d->mode[c * 4 + (v & 3)] = v; break;
    case 12: d->flipflop[c] = 0; break;
    case 13: master_clear(d, c); break;
    case 14: d->mask[c] = 0; break;
    case 15: d->mask[c] = v & 0x0Fu; break;
    }
}

static uint8_t reg_read(Dma *d, unsigned c, unsigned reg)
{
    if (reg < 8) {
        unsigned ch = c * 4 + reg / 2;
        uint16_t v = reg & 1 ? d->cur_count[ch] : d->cur_addr[ch];
        uint8_t b = d->flipflop[c] ? (uint8_t)(v >> 8) : (uint8_t)v;
        d->flipflop[c] ^= 1;
        return b;
    }
    switch (reg) {
    case 8: return status_read(d, c);
    case 13: return d->temp[c];
    case 15: return (uint8_t)(0xF0u | d->mask[c]);
    default: return 0xFF;
    }
}

static uint32_t dma1_read(void *opaque, uint16_t port, unsigned size)
{
    return reg_read(opaque, 0, port & 0x0Fu);
}
static void dma1_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    reg_write(opaque, 0, port & 0x0Fu, (uint8_t)val);
}
/* Controller 2 sits on even addresses 0xC0, 0xC2, ... 0xDE. */
static uint32_t dma2_read(void *opaque, uint16_t port, unsigned size)
{
    if (port & 1u)
        return 0xFF;
    return reg_read(opaque, 1, (port - 0xC0u) >> 1);
}
static void dma2_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    if (!(port & 1u))
        reg_write(opaque, 1, (port - 0xC0u) >> 1, (uint8_t)val);
}

static uint32_t page_read(void *opaque, uint16_t port, unsigned size)
{
    Dma *d = opaque;
    return d->pages[port & 0x0Fu];
}

static void page_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    Dma *d = opaque;
    d->pages[port & 0x0Fu] = (uint8_t)val;
    if (port == 0x80 && d->post)
        d->post(d->post_opaque, (uint8_t)val);
}

/* Move `units` units between buf and memory starting at the channel's
 * current address, never past the address block boundary. */
static void move_units(Dma *d, unsigned ch, uint8_t *buf, uint32_t units,
                       bool to_memory, bool decrement)
{
    unsigned unit = ch < 4 ? 1 : 2;
    PhysMem *mem = d->bus->mem;
    if (!decrement) {
        uint32_t phys = unit_phys(d, ch, d->cur_addr[ch]);
        if (to_memory)
            mem_write_block(mem, phys, buf, (size_t)units * unit);
        else
            mem_read_block(mem, phys, buf, (size_t)units * unit);
        d->cur_addr[ch] = (uint16_t)(d->cur_addr[ch] + units);
        return;
    }
    for (uint32_t i = 0; i < units; i++) {
        uint32_t phys = unit_phys(d, ch, d->cur_addr[ch]);
        if (to_memory)
            mem_write_block(mem, phys, buf + (size_t)i * unit, unit);
        else
            mem_read_block(mem, phys, buf + (size_t)i * unit, unit);
        d->cur_addr[ch]--;
    }
}

static size_t transfer(void *engine, unsigned ch, void *buf, size_t len,
                       int direction, bool *tc)
{
    Dma *d = engine;
    if (ch >= 8 || ch == 4)
        return 0;
    unsigned c = ch >> 2, bit = 1u << (ch & 3);
    uint8_t mode = d->mode[ch];
    unsigned type = (mode >> MODE_TYPE_SHIFT) & 3u;
    if ((d->command[c] & CMD_DISABLE) || (d->mask[c] & bit) ||
        (mode & MODE_CASCADE) == MODE_CASCADE || type == 3)
        return 0;
    if ((type == TYPE_WRITE && direction != DMA_TO_MEMORY) ||
        (type == TYPE_READ && direction != DMA_FROM_MEMORY))
        return 0;
    unsigned unit = ch < 4 ? 1 : 2;
    size_t want = len / unit, moved = 0;
    bool decrement = mode & MODE_DECREMENT;
    uint8_t *p = buf;
    while (moved < want) {
        uint32_t remaining = (uint32_t)d->cur_count[ch] + 1;
        uint32_t chunk = want - moved < remaining ? (uint32_t)(want - moved) : remaining;
        if (!decrement) {
            uint32_t to_wrap = 0x10000u - d->cur_addr[ch];
            if (chunk > to_wrap)
                chunk = to_wrap;
        }
        if (type == TYPE_VERIFY)
            d->cur_addr[ch] = (uint16_t)(decrement ? d->cur_addr[ch] - chunk
                                                   : d->cur_addr[ch] + chunk);
        else
            move_units(d, ch, p + moved * unit, chunk, type == TYPE_WRITE, decrement);
        d->cur_count[ch] = (uint16_t)(d->cur_count[ch] - chunk);
        moved += chunk;
        if (chunk == remaining) { /* terminal count */
            d->status[c] |= (uint8_t)bit;
            d->request[c] &= (uint8_t)~bit;
            *tc = true;
            if (mode & MODE_AUTOINIT) {
                d->cur_addr[ch] = d->base_addr[ch];
                d->cur_count[ch] = d->base_count[ch];
            } else {
                d->mask[c] |= (uint8_t)bit;
            }
            break;
        }
    }
    return moved * unit;
}

void dma_set_post_hook(Dma *d, dma_post_fn fn, void *opaque)
{
    d->post = fn;
    d->post_opaque = opaque;
}

uint8_t dma_post_code(const Dma *d) { return d->pages[0]; }

void dma_set_dreq(Dma *d, unsigned ch, bool level)
{
    if (ch >= 8)
        return;
    uint8_t bit = (uint8_t)(1u << (ch & 3));
    if (level)
        d->dreq[ch >> 2] |= bit;
    else
        d->dreq[ch >> 2] &= (uint8_t)~bit;
}

void dma_channel_info(const Dma *d, unsigned ch, DmaChannelInfo *out)
{
    ch &= 7u;
    out->phys = unit_phys(d, ch, d->cur_addr[ch]);
    out->count = d->cur_count[ch];
    out->mode = d->mode[ch];
    out->masked = (d->mask[ch >> 2] >> (ch & 3)) & 1u;
}

void dma_reset(Dma *d)
{
    memset(d->base_addr, 0, sizeof d->base_addr);
    memset(d->base_count, 0, sizeof d->base_count);
    memset(d->cur_addr, 0, sizeof d->cur_addr);
    memset(d->cur_count, 0, sizeof d->cur_count);
    memset(d->mode, 0, sizeof d->mode);
    memset(d->dreq, 0, sizeof d->dreq);
    memset(d->pages, 0, sizeof d->pages);
    master_clear(d, 0);
    master_clear(d, 1);
}

Dma *dma_create(Bus *bus)
{
    Dma *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->bus = bus;
    if (io_register(bus->io, 0x00, 16, "dma1", dma1_read, dma1_write, d, IO_W8))
        goto fail;
    if (io_register(bus->io, 0xC0, 32, "dma2", dma2_read, dma2_write, d, IO_W8))
        goto fail_2;
    if (io_register(bus->io, 0x80, 16, "dma-page", page_read, page_write, d, IO_W8))
        goto fail_page;
    bus->dma_transfer = transfer;
    bus->dma_engine = d;
    dma_reset(d);
    return d;
fail_page:
    io_unregister(bus->io, 0xC0, 32);
fail_2:
    io_unregister(bus->io, 0x00, 16);
fail:
    free(d);
    return NULL;
}

void dma_destroy(Dma *d)
{
    if (!d)
        return;
    if (d->bus->dma_engine == d) {
        d->bus->dma_transfer = NULL;
        d->bus->dma_engine = NULL;
    }
    io_unregister(d->bus->io, 0x00, 16);
    io_unregister(d->bus->io, 0xC0, 32);
    io_unregister(d->bus->io, 0x80, 16);
    free(d);
}

int dma_save(Dma *d, StateWriter *w)
{
    return state_save_fields(w, "dma", 1, d, dma_fields);
}

int dma_load(Dma *d, StateReader *r)
{
    if (state_load_fields(r, "dma", 1, d, dma_fields))
        return -1;
    for (unsigned c = 0; c < 2; c++) {
        d->mask[c] &= 0x0Fu;
        d->request[c] &= 0x0Fu;
        d->dreq[c] &= 0x0Fu;
        d->flipflop[c] &= 1u;
    }
    return 0;
}

static void dev_reset(void *s) { dma_reset(s); }
static int dev_save(void *s, StateWriter *w) { return dma_save(s, w); }
static int dev_load(void *s, StateReader *r) { return dma_load(s, r); }
static void dev_destroy(void *s) { dma_destroy(s); }

Device dma_device(Dma *d)
{
    return (Device){"dma", d, dev_reset, dev_save, dev_load, dev_destroy};
}
