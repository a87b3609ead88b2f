/*
 * mem/memory.c — the guest physical address space: RAM, ROM, MMIO regions,
 * the page table of host pointers used by the CPU's fast path, and the A20
 * gate mask.  See memory.h for the contract.
 */
#include "mem/memory.h"

#include <stdlib.h>
#include <string.h>

#define PC_HOLE_START 0xA0000u
#define PC_HOLE_END   0x100000u

static void notify_map_changed(PhysMem *mem)
{
    if (mem->map_changed_hook)
        mem->map_changed_hook(mem->map_changed_opaque);
}

/* Recompute the fast-path pointers of one page from its region. */
static void page_refresh(PhysMem *mem, uint32_t page)
{
    unsigned ri = mem->page_region[page];
    const MemRegion *r = ri ? &mem->regions[ri] : NULL;
    uint8_t *rd = NULL, *wr = NULL;

    if (r && (r->kind == MEM_RAM || r->kind == MEM_ROM)) {
        rd = r->host + ((page << MEM_PAGE_SHIFT) - r->base);
        if (r->kind == MEM_RAM || r->writable)
            wr = rd;
    }
    if (mem->page_flags[page] & MEM_PAGE_CODE)
        wr = NULL;
    mem->page_read[page] = rd;
    mem->page_write[page] = wr;
}

/* The bytes of a page may change: decoded instructions from it are stale. */
static void code_gen_bump(PhysMem *mem, uint32_t page)
{
    mem->code_gen[page]++;
}

static int region_add(PhysMem *mem, const MemRegion *proto)
{
    if ((proto->base & MEM_PAGE_MASK) || proto->size == 0 ||
        (proto->size & MEM_PAGE_MASK))
        return -1;
    if ((uint64_t)proto->base + proto->size > 0x100000000ull)
        return -1;
    if (mem->nregions >= MEM_MAX_REGIONS)
        return -1;
    uint32_t first = proto->base >> MEM_PAGE_SHIFT;
    uint32_t n = proto->size >> MEM_PAGE_SHIFT;
    for (uint32_t p = first; p < first + n; p++)
        if (mem->page_region[p])
            return -1;
    unsigned ri = mem->nregions++;
    mem->regions[ri] = *proto;
    for (uint32_t p = first; p < first + n; p++) {
        mem->page_region[p] = (uint8_t)ri;
        code_gen_bump(mem, p);
        page_refresh(mem, p);
    }
    notify_map_changed(mem);
    return 0;
}

PhysMem *mem_create(uint32_t ram_size)
{
    if (ram_size < 64 * 1024 || (ram_size & MEM_PAGE_MASK) ||
        ram_size > 0xE0000000u)
        return NULL;
    PhysMem *mem = calloc(1, sizeof *mem);
    if (!mem)
        return NULL;
    mem->ram = calloc(ram_size, 1);
    mem->page_read = calloc(MEM_NPAGES, sizeof *mem->page_read);
    mem->page_write = calloc(MEM_NPAGES, sizeof *mem->page_write);
    mem->page_region = calloc(MEM_NPAGES, 1);
    mem->page_flags = calloc(MEM_NPAGES, 1);
    mem->code_gen = calloc(MEM_NPAGES, sizeof *mem->code_gen);
    if (!mem->ram || !mem->page_read || !mem->page_write ||
        !mem->page_region || !mem->page_flags || !mem->code_gen) {
        mem_destroy(mem);
        return NULL;
    }
    mem->ram_size = ram_size;
    mem->a20_mask = 0xFFFFFFFFu;
    mem->nregions = 1; /* index 0 means "unmapped" */

    MemRegion low = {.name = "ram-low", .kind = MEM_RAM, .base = 0,
                     .size = ram_size < PC_HOLE_START ? ram_size
                                                      : PC_HOLE_START,
                     .host = mem->ram};
    region_add(mem, &low);
    if (ram_size > PC_HOLE_END) {
        MemRegion high = {.name = "ram-high", .kind = MEM_RAM,
                          .base = PC_HOLE_END, .size = ram_size - PC_HOLE_END,
                          .host = mem->ram + PC_HOLE_END};
        region_add(mem, &high);
    }
    return mem;
}

void mem_destroy(PhysMem *mem)
{
    if (!mem)
        return;
    for (unsigned i = 1; i < mem->nregions; i++)
        if (mem->regions[i].kind == MEM_ROM)
            free(mem->regions[i].host);
    free(mem->ram);
    free(mem->page_read);
    free(mem->page_write);
    free(mem->page_region);
    free(mem->page_flags);
    free(mem->code_gen);
    free(mem);
}

int mem_map_rom(PhysMem *mem, const char *name, uint32_t base,
                const uint8_t *data, uint32_t size, bool writable)
{
    uint32_t padded = (size + MEM_PAGE_MASK) & ~MEM_PAGE_MASK;
    if (padded == 0)
        return -1;
    uint8_t *copy = malloc(padded);
    if (!copy)
        return -1;
    memset(copy, 0xFF, padded);
    memcpy(copy, data, size);
    MemRegion r = {.name = name, .kind = MEM_ROM, .base = base,
                   .size = padded, .host = copy, .writable = writable};
    if (region_add(mem, &r) < 0) {
        free(copy);
        return -1;
    }
    return 0;
}

int mem_map_mmio(PhysMem *mem, const char *name, uint32_t base, uint32_t size,
                 mmio_read_fn read, mmio_write_fn write, void *opaque)
{
    MemRegion r = {.name = name, .kind = MEM_MMIO, .base = base, .size = size,
                   .read = read, .write = write, .opaque = opaque};
    return region_add(mem, &r);
}

int mem_map_host(PhysMem *mem, const char *name, uint32_t base, uint32_t size,
                 uint8_t *host)
{
    MemRegion r = {.name = name, .kind = MEM_RAM, .base = base, .size = size,
                   .host = host};
    return region_add(mem, &r);
}

int mem_unmap(PhysMem *mem, uint32_t base)
{
    for (unsigned i = 1; i < mem->nregions; i++) {
        MemRegion *r = &mem->regions[i];
        if (r->kind == MEM_UNMAPPED || r->base != base)
            continue;
        uint32_t first = r->base >> MEM_PAGE_SHIFT;
        uint32_t n = r->size >> MEM_PAGE_SHIFT;
        for (uint32_t p = first; p < first + n; p++) {
            mem->page_region[p] = 0;
            code_gen_bump(mem, p);
            page_refresh(mem, p);
        }
        if (r->kind == MEM_ROM)
            free(r->host);
        /* Keep indices stable: the slot stays, marked unmapped. */
        memset(r, 0, sizeof *r);
        notify_map_changed(mem);
        return 0;
    }
    return -1;
}

void mem_set_a20(PhysMem *mem, bool enabled)
{
    uint32_t mask = enabled ? 0xFFFFFFFFu : 0xFFEFFFFFu;
    if (mask != mem->a20_mask) {
        mem->a20_mask = mask;
        notify_map_changed(mem);
    }
}

void mem_set_code_page(PhysMem *mem, uint32_t page, bool code)
{
    page &= MEM_NPAGES - 1;
    if (code)
        mem->page_flags[page] |= MEM_PAGE_CODE;
    else
        mem->page_flags[page] &= (uint8_t)~MEM_PAGE_CODE;
    page_refresh(mem, page);
}

static inline const MemRegion *region_of(const PhysMem *mem, uint32_t addr)
{
    unsigned ri = mem->page_region[addr >> MEM_PAGE_SHIFT];
    return ri ? &mem->regions[ri] : NULL;
}

uint8_t mem_read8(PhysMem *mem, uint32_t addr)
{
    const uint8_t *p = mem->page_read[addr >> MEM_PAGE_SHIFT];
    if (p)
        return p[addr & MEM_PAGE_MASK];
    const MemRegion *r = region_of(mem, addr);
    if (r && r->kind == MEM_MMIO && r->read)
        return (uint8_t)r->read(r->opaque, addr, 1);
    return 0xFF;
}

/* A write landed in a MEM_PAGE_CODE page: invalidate the decoded code of
 * the page and let later writes take the fast path until the CPU decodes
 * from it again (a page mixing code and busy data would otherwise pay
 * the slow path on every write). */
static void code_written(PhysMem *mem, uint32_t addr, unsigned size)
{
    uint32_t page = addr >> MEM_PAGE_SHIFT;
    code_gen_bump(mem, page);
    mem->page_flags[page] &= (uint8_t)~MEM_PAGE_CODE;
    page_refresh(mem, page);
    if (mem->code_write_hook)
        mem->code_write_hook(mem->code_write_opaque, addr, size);
}

void mem_write8(PhysMem *mem, uint32_t addr, uint8_t val)
{
    uint32_t page = addr >> MEM_PAGE_SHIFT;
    uint8_t *p = mem->page_write[page];
    if (p) {
        p[addr & MEM_PAGE_MASK] = val;
        return;
    }
    const MemRegion *r = region_of(mem, addr);
    if (!r)
        return;
    switch (r->kind) {
    case MEM_RAM:
        r->host[addr - r->base] = val;
        if (mem->page_flags[page] & MEM_PAGE_CODE)
            code_written(mem, addr, 1);
        break;
    case MEM_ROM:
        if (r->writable) {
            r->host[addr - r->base] = val;
            if (mem->page_flags[page] & MEM_PAGE_CODE)
                code_written(mem, addr, 1);
        }
        break;
    case MEM_MMIO:
        if (r->write)
            r->write(r->opaque, addr, val, 1);
        break;
    default:
        break;
    }
}

/* Wide accesses: one handler call when the access stays inside one MMIO
 * page; otherwise split into bytes (little-endian). */
static uint32_t read_wide(PhysMem *mem, uint32_t addr, unsigned size)
{
    uint32_t off = addr & MEM_PAGE_MASK;
    if (off + size <= MEM_PAGE_SIZE) {
        const uint8_t *p = mem->page_read[addr >> MEM_PAGE_SHIFT];
        if (p)
            return size == 2 ? ld16le(p + off) : ld32le(p + off);
        const MemRegion *r = region_of(mem, addr);
        if (r && r->kind == MEM_MMIO && r->read)
            return r->read(r->opaque, addr, size);
    }
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint32_t)mem_read8(mem, addr + i) << (8 * i);
    return v;
}

static void write_wide(PhysMem *mem, uint32_t addr, uint32_t val,
                       unsigned size)
{
    uint32_t off = addr & MEM_PAGE_MASK;
    if (off + size <= MEM_PAGE_SIZE) {
        uint8_t *p = mem->page_write[addr >> MEM_PAGE_SHIFT];
        if (p) {
            if (size == 2)
                st16le(p + off, (uint16_t)val);
            else
                st32le(p + off, val);
            return;
        }
        const MemRegion *r = region_of(mem, addr);
        if (r && r->kind == MEM_MMIO) {
            if (r->write)
                r->write(r->opaque, addr, val, size);
            return;
        }
    }
    for (unsigned i = 0; i < size; i++)
        mem_write8(mem, addr + i, (uint8_t)(val >> (8 * i)));
}

uint16_t mem_read16(PhysMem *mem, uint32_t addr)
{
    return (uint16_t)read_wide(mem, addr, 2);
}
uint32_t mem_read32(PhysMem *mem, uint32_t addr)
{
    return read_wide(mem, addr, 4);
}
void mem_write16(PhysMem *mem, uint32_t addr, uint16_t val)
{
    write_wide(mem, addr, val, 2);
}
void mem_write32(PhysMem *mem, uint32_t addr, uint32_t val)
{
    write_wide(mem, addr, val, 4);
}

void mem_read_block(PhysMem *mem, uint32_t addr, void *buf, size_t len)
{
    uint8_t *out = buf;
    while (len) {
        uint32_t off = addr & MEM_PAGE_MASK;
        size_t chunk = MEM_PAGE_SIZE - off;
        if (chunk > len)
            chunk = len;
        const uint8_t *p = mem->page_read[addr >> MEM_PAGE_SHIFT];
        if (p) {
            memcpy(out, p + off, chunk);
        } else {
            for (size_t i = 0; i < chunk; i++)
                out[i] = mem_read8(mem, addr + (uint32_t)i);
        }
        out += chunk;
        addr += (uint32_t)chunk;
        len -= chunk;
    }
}

void mem_write_block(PhysMem *mem, uint32_t addr, const void *buf, size_t len)
{
    const uint8_t *in = buf;
    while (len) {
        uint32_t off = addr & MEM_PAGE_MASK;
        size_t chunk = MEM_PAGE_SIZE - off;
        if (chunk > len)
            chunk = len;
        uint8_t *p = mem->page_write[addr >> MEM_PAGE_SHIFT];
        if (p) {
            memcpy(p + off, in, chunk);
        } else {
            for (size_t i = 0; i < chunk; i++)
                mem_write8(mem, addr + (uint32_t)i, in[i]);
        }
        in += chunk;
        addr += (uint32_t)chunk;
        len -= chunk;
    }
}

bool mem_debug_read(PhysMem *mem, uint32_t addr, uint8_t *val)
{
    const MemRegion *r = region_of(mem, addr);
    if (!r || (r->kind != MEM_RAM && r->kind != MEM_ROM))
        return false;
    *val = r->host[addr - r->base];
    return true;
}

bool mem_debug_write(PhysMem *mem, uint32_t addr, uint8_t val)
{
    const MemRegion *r = region_of(mem, addr);
    if (!r || (r->kind != MEM_RAM && r->kind != MEM_ROM))
        return false;
    r->host[addr - r->base] = val;
    if (mem->page_flags[addr >> MEM_PAGE_SHIFT] & MEM_PAGE_CODE)
        code_written(mem, addr, 1);
    return true;
}
