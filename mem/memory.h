/*
 * mem/memory.h — the guest physical address space.
 *
 * Owns: guest RAM, ROM images, memory-mapped I/O regions and the A20 gate
 * mask.  Physical addresses are 32-bit.  The map is page-granular (4 KiB):
 * every page is either plain RAM, ROM (read-only host bytes, or writable
 * "shadow" RAM), MMIO (handler callbacks) or unmapped (reads all ones,
 * writes ignored).
 *
 * Fast path: mem->page_read[p] / mem->page_write[p] give a host pointer to
 * the start of physical page p, or NULL when an access must take the slow
 * path (mem_read/mem_write), e.g. ROM writes, MMIO, unmapped memory or RAM
 * pages holding decoded code (MEM_PAGE_CODE) whose writes must be seen.
 *
 * The A20 gate is NOT applied here: only CPU accesses are gated on a PC, so
 * the CPU masks its physical addresses with mem->a20_mask.  DMA and device
 * accesses use raw physical addresses.
 */
#ifndef PX86_MEM_MEMORY_H
#define PX86_MEM_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MEM_PAGE_SHIFT 12
#define MEM_PAGE_SIZE  4096u
#define MEM_PAGE_MASK  0xFFFu
#define MEM_NPAGES     (1u << 20) /* 4 GiB of 4 KiB pages */
#define MEM_MAX_REGIONS 64

/* Page flags (mem->page_flags[p]). */
enum {
    /* The CPU holds decoded instructions from this page: page_write is
     * NULL so every write takes the slow path, which bumps the page's
     * code generation and clears the flag (later writes are fast again
     * until the CPU decodes from the page once more). */
    MEM_PAGE_CODE = 1u << 0,
};

typedef uint32_t (*mmio_read_fn)(void *opaque, uint32_t addr, unsigned size);
typedef void (*mmio_write_fn)(void *opaque, uint32_t addr, uint32_t val,
                              unsigned size);

typedef enum MemKind {
    MEM_UNMAPPED = 0,
    MEM_RAM,
    MEM_ROM,
    MEM_MMIO,
} MemKind;

typedef struct MemRegion {
    const char *name;
    MemKind kind;
    uint32_t base; /* page aligned */
    uint32_t size; /* multiple of the page size */
    uint8_t *host; /* RAM/ROM backing store (ROM: owned copy) */
    bool writable; /* ROM only: shadow RAM that accepts writes */
    mmio_read_fn read;
    mmio_write_fn write;
    void *opaque;
} MemRegion;

typedef struct PhysMem {
    uint8_t *ram;      /* guest RAM; index = physical address */
    uint32_t ram_size; /* bytes; RAM covers [0, ram_size) minus the PC hole */
    uint8_t **page_read;
    uint8_t **page_write;
    uint8_t *page_region; /* region index per page (0 = unmapped) */
    uint8_t *page_flags;  /* MEM_PAGE_* */
    /* Code generation per page: changes whenever the bytes of a page may
     * have changed behind the CPU's decoded-instruction cache (a write to
     * a MEM_PAGE_CODE page, or the page being mapped or unmapped).  The
     * cache stores the generation with each entry and compares it. */
    uint32_t *code_gen;
    MemRegion regions[MEM_MAX_REGIONS];
    unsigned nregions;
    uint32_t a20_mask; /* 0xFFFFFFFF with A20 on, 0xFFEFFFFF off */

    /* Called after a write by the slow path lands in a MEM_PAGE_CODE page
     * (the page's code generation has already been bumped). */
    void (*code_write_hook)(void *opaque, uint32_t phys, unsigned size);
    void *code_write_opaque;
    /* Called whenever the map or the A20 gate changes, so the CPU can flush
     * its TLB (it caches host pointers taken from page_read/page_write). */
    void (*map_changed_hook)(void *opaque);
    void *map_changed_opaque;
} PhysMem;

/* Create with ram_size bytes of RAM (multiple of 4 KiB, at most 3.5 GiB).
 * RAM is mapped at [0, 0xA0000) and [0x100000, ram_size); the legacy hole
 * [0xA0000, 0x100000) is left for VGA and ROMs.  Returns NULL on failure. */
PhysMem *mem_create(uint32_t ram_size);
void mem_destroy(PhysMem *mem);

/* Map a ROM image (copied) at base; size is rounded up to whole pages with
 * 0xFF fill.  writable=true makes it shadow RAM.  Returns 0 or -1 (overlap,
 * too many regions, bad alignment). */
int mem_map_rom(PhysMem *mem, const char *name, uint32_t base,
                const uint8_t *data, uint32_t size, bool writable);
/* Map MMIO handlers at [base, base+size) (page aligned). Handlers receive the
 * physical address and access size 1, 2 or 4 (wider accesses are split). */
int mem_map_mmio(PhysMem *mem, const char *name, uint32_t base, uint32_t size,
                 mmio_read_fn read, mmio_write_fn write, void *opaque);
/* Map a block of host memory the caller owns as RAM at base (e.g. a linear
 * framebuffer). */
int mem_map_host(PhysMem *mem, const char *name, uint32_t base, uint32_t size,
                 uint8_t *host);
/* Remove a region previously mapped (by its base). */
int mem_unmap(PhysMem *mem, uint32_t base);

/* A20 gate. */
void mem_set_a20(PhysMem *mem, bool enabled);
static inline bool mem_a20_enabled(const PhysMem *mem)
{
    return mem->a20_mask == 0xFFFFFFFFu;
}

/* Slow-path physical accesses (any alignment; may cross pages; MMIO splits
 * into the widths its handler gets).  Unmapped reads return all ones. */
uint8_t mem_read8(PhysMem *mem, uint32_t addr);
uint16_t mem_read16(PhysMem *mem, uint32_t addr);
uint32_t mem_read32(PhysMem *mem, uint32_t addr);
void mem_write8(PhysMem *mem, uint32_t addr, uint8_t val);
void mem_write16(PhysMem *mem, uint32_t addr, uint16_t val);
void mem_write32(PhysMem *mem, uint32_t addr, uint32_t val);
/* Bulk copies for DMA and disk transfers. */
void mem_read_block(PhysMem *mem, uint32_t addr, void *buf, size_t len);
void mem_write_block(PhysMem *mem, uint32_t addr, const void *buf, size_t len);

/* Debugger access: reads/writes RAM and ROM (ROM writes allowed) without
 * MMIO side effects; returns false for MMIO or unmapped bytes. */
bool mem_debug_read(PhysMem *mem, uint32_t addr, uint8_t *val);
bool mem_debug_write(PhysMem *mem, uint32_t addr, uint8_t val);

/* Mark/unmark a RAM page as holding decoded code: while marked, its
 * page_write entry is NULL so writes take the slow path and call
 * code_write_hook.  Both call map_changed_hook only when asked. */
void mem_set_code_page(PhysMem *mem, uint32_t page, bool code);

/* Little-endian helpers for host buffers, portable to any host. */
static inline uint16_t ld16le(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}
static inline uint32_t ld32le(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}
static inline void st16le(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}
static inline void st32le(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

#endif
