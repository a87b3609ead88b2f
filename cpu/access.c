/*
 * cpu/access.c — the CPU's memory path, slow side: segment limit/rights
 * faults, the 8086/186 64 KiB offset wrap, linear→physical translation
 * (paging walk via pm_page_walk, A20 mask), TLB fill and flush, page
 * crossing, MMIO/ROM through PhysMem, and the instruction fetch refill.
 */
#include <string.h>

#include "cpu/access.h"

/* ---- TLB ------------------------------------------------------------- */

void cpu_tlb_flush(Cpu *cpu)
{
    memset(cpu->tlb_rd, 0, sizeof cpu->tlb_rd);
    memset(cpu->tlb_wr, 0, sizeof cpu->tlb_wr);
    cpu->fc_span = 0;
}

void cpu_tlb_flush_page(Cpu *cpu, uint32_t linear)
{
    unsigned i = TLB_IDX(linear);
    cpu->tlb_rd[i].tag = 0;
    cpu->tlb_wr[i].tag = 0;
    cpu->fc_span = 0;
}

/* Linear → physical for an access of kind acc by `user` privilege. */
static uint32_t translate(Cpu *cpu, uint32_t lin, AccessKind acc, bool user)
{
    uint32_t phys = lin;
    if (cpu->paging)
        phys = pm_page_walk(cpu, lin, acc, user);
    return phys & cpu->mem->a20_mask;
}

static bool user_access(const Cpu *cpu)
{
    return cpu->cpl == 3;
}

/* Fill the TLB entry for lin (for the current privilege); returns the
 * physical address of lin.  Only RAM-backed pages are entered. */
static uint32_t tlb_fill(Cpu *cpu, uint32_t lin, AccessKind acc)
{
    uint32_t phys = translate(cpu, lin, acc, user_access(cpu));
    uint32_t page = phys >> MEM_PAGE_SHIFT;
    uint8_t *host = acc == ACC_WRITE ? cpu->mem->page_write[page]
                                     : cpu->mem->page_read[page];
    /* cpu-pm: while DR7 enables breakpoints or #AC checking is live,
     * every data access must reach the slow path (no TLB entries). */
    if (host && !cpu_data_checks(cpu) && !cpu_ac_active(cpu)) {
        TlbEntry *t = acc == ACC_WRITE ? &cpu->tlb_wr[TLB_IDX(lin)]
                                       : &cpu->tlb_rd[TLB_IDX(lin)];
        t->tag = TLB_TAG(lin);
        t->phys = phys & ~(uint32_t)0xFFF;
        t->host = host;
    }
    return phys;
}

/* Data access seen by DR7 breakpoints and the debugger's memory watch. */
static void cpu_data_check(Cpu *cpu, uint32_t lin, unsigned size, bool write)
{
    if (cpu->dr[7] & 0xFF)
        pm_debug_data_check(cpu, lin, size, write);
    if (cpu->watch_len)
        cpu_mem_watch_check(cpu, lin, size, write);
}

static uint8_t lin_rd8(Cpu *cpu, uint32_t lin)
{
    if (CPU_UNLIKELY(cpu_data_checks(cpu)))
        cpu_data_check(cpu, lin, 1, false);
    TlbEntry *t = &cpu->tlb_rd[TLB_IDX(lin)];
    if (t->tag == TLB_TAG(lin))
        return t->host[lin & 0xFFF];
    uint32_t phys = tlb_fill(cpu, lin, ACC_READ);
    return mem_read8(cpu->mem, phys);
}

static void lin_wr8(Cpu *cpu, uint32_t lin, uint8_t v)
{
    if (CPU_UNLIKELY(cpu_data_checks(cpu)))
        cpu_data_check(cpu, lin, 1, true);
    TlbEntry *t = &cpu->tlb_wr[TLB_IDX(lin)];
    if (t->tag == TLB_TAG(lin)) {
        t->host[lin & 0xFFF] = v;
        return;
    }
    uint32_t phys = tlb_fill(cpu, lin, ACC_WRITE);
    mem_write8(cpu->mem, phys, v);
}

static uint16_t lin_rd16(Cpu *cpu, uint32_t lin)
{
    if (CPU_UNLIKELY(cpu->cr[0] & CR0_AM) && (lin & 1) && cpu_ac_active(cpu))
        cpu_exception(cpu, EXC_AC, 0);
    if ((lin & 0xFFF) == 0xFFF) {
        uint8_t lo = lin_rd8(cpu, lin);
        return (uint16_t)(lo | (lin_rd8(cpu, (lin + 1) & cpu->addr_mask) << 8));
    }
    if (CPU_UNLIKELY(cpu_data_checks(cpu)))
        cpu_data_check(cpu, lin, 2, false);
    TlbEntry *t = &cpu->tlb_rd[TLB_IDX(lin)];
    if (t->tag == TLB_TAG(lin))
        return ld16le(t->host + (lin & 0xFFF));
    uint32_t phys = tlb_fill(cpu, lin, ACC_READ);
    return mem_read16(cpu->mem, phys);
}

static uint32_t lin_rd32(Cpu *cpu, uint32_t lin)
{
    if (CPU_UNLIKELY(cpu->cr[0] & CR0_AM) && (lin & 3) && cpu_ac_active(cpu))
        cpu_exception(cpu, EXC_AC, 0);
    if ((lin & 0xFFF) > 0xFFC) {
        uint32_t v = 0;
        for (unsigned i = 0; i < 4; i++)
            v |= (uint32_t)lin_rd8(cpu, (lin + i) & cpu->addr_mask) << (8 * i);
        return v;
    }
    if (CPU_UNLIKELY(cpu_data_checks(cpu)))
        cpu_data_check(cpu, lin, 4, false);
    TlbEntry *t = &cpu->tlb_rd[TLB_IDX(lin)];
    if (t->tag == TLB_TAG(lin))
        return ld32le(t->host + (lin & 0xFFF));
    uint32_t phys = tlb_fill(cpu, lin, ACC_READ);
    return mem_read32(cpu->mem, phys);
}

static void lin_wr16(Cpu *cpu, uint32_t lin, uint16_t v)
{
    if (CPU_UNLIKELY(cpu->cr[0] & CR0_AM) && (lin & 1) && cpu_ac_active(cpu))
        cpu_exception(cpu, EXC_AC, 0);
    if ((lin & 0xFFF) == 0xFFF) {
        /* Check both pages before writing either (no partial writes on
         * a page fault in the second page). */
        if (cpu->paging) {
            translate(cpu, lin, ACC_WRITE, user_access(cpu));
            translate(cpu, (lin + 1) & cpu->addr_mask, ACC_WRITE,
                      user_access(cpu)); /* = first byte of page 2 */
        }
        lin_wr8(cpu, lin, (uint8_t)v);
        lin_wr8(cpu, (lin + 1) & cpu->addr_mask, (uint8_t)(v >> 8));
        return;
    }
    if (CPU_UNLIKELY(cpu_data_checks(cpu)))
        cpu_data_check(cpu, lin, 2, true);
    TlbEntry *t = &cpu->tlb_wr[TLB_IDX(lin)];
    if (t->tag == TLB_TAG(lin)) {
        st16le(t->host + (lin & 0xFFF), v);
        return;
    }
    uint32_t phys = tlb_fill(cpu, lin, ACC_WRITE);
    mem_write16(cpu->mem, phys, v);
}

static void lin_wr32(Cpu *cpu, uint32_t lin, uint32_t v)
{
    if (CPU_UNLIKELY(cpu->cr[0] & CR0_AM) && (lin & 3) && cpu_ac_active(cpu))
        cpu_exception(cpu, EXC_AC, 0);
    if ((lin & 0xFFF) > 0xFFC) {
        if (cpu->paging) {
            translate(cpu, lin, ACC_WRITE, user_access(cpu));
            /* CR2 = the first byte on the second page (cpu-pm) */
            translate(cpu, (lin + 3) & cpu->addr_mask & ~(uint32_t)0xFFF,
                      ACC_WRITE, user_access(cpu));
        }
        for (unsigned i = 0; i < 4; i++)
            lin_wr8(cpu, (lin + i) & cpu->addr_mask, (uint8_t)(v >> (8 * i)));
        return;
    }
    if (CPU_UNLIKELY(cpu_data_checks(cpu)))
        cpu_data_check(cpu, lin, 4, true);
    TlbEntry *t = &cpu->tlb_wr[TLB_IDX(lin)];
    if (t->tag == TLB_TAG(lin)) {
        st32le(t->host + (lin & 0xFFF), v);
        return;
    }
    uint32_t phys = tlb_fill(cpu, lin, ACC_WRITE);
    mem_write32(cpu->mem, phys, v);
}

uint8_t cpu_lin_rd8(Cpu *cpu, uint32_t lin) { return lin_rd8(cpu, lin & cpu->addr_mask); }
uint16_t cpu_lin_rd16(Cpu *cpu, uint32_t lin) { return lin_rd16(cpu, lin & cpu->addr_mask); }
uint32_t cpu_lin_rd32(Cpu *cpu, uint32_t lin) { return lin_rd32(cpu, lin & cpu->addr_mask); }
void cpu_lin_wr8(Cpu *cpu, uint32_t lin, uint8_t v) { lin_wr8(cpu, lin & cpu->addr_mask, v); }
void cpu_lin_wr16(Cpu *cpu, uint32_t lin, uint16_t v) { lin_wr16(cpu, lin & cpu->addr_mask, v); }
void cpu_lin_wr32(Cpu *cpu, uint32_t lin, uint32_t v) { lin_wr32(cpu, lin & cpu->addr_mask, v); }

/* System accesses: supervisor privilege, never through the TLB (which is
 * filled for the current CPL). */
static uint32_t sys_phys(Cpu *cpu, uint32_t lin, AccessKind acc)
{
    return translate(cpu, lin & cpu->addr_mask, acc, false);
}

uint8_t cpu_sys_rd8(Cpu *cpu, uint32_t lin)
{
    return mem_read8(cpu->mem, sys_phys(cpu, lin, ACC_READ));
}

uint16_t cpu_sys_rd16(Cpu *cpu, uint32_t lin)
{
    return (uint16_t)(cpu_sys_rd8(cpu, lin) | (cpu_sys_rd8(cpu, lin + 1) << 8));
}

uint32_t cpu_sys_rd32(Cpu *cpu, uint32_t lin)
{
    return cpu_sys_rd16(cpu, lin) | ((uint32_t)cpu_sys_rd16(cpu, lin + 2) << 16);
}

void cpu_sys_wr8(Cpu *cpu, uint32_t lin, uint8_t v)
{
    mem_write8(cpu->mem, sys_phys(cpu, lin, ACC_WRITE), v);
}

void cpu_sys_wr16(Cpu *cpu, uint32_t lin, uint16_t v)
{
    cpu_sys_wr8(cpu, lin, (uint8_t)v);
    cpu_sys_wr8(cpu, lin + 1, (uint8_t)(v >> 8));
}

void cpu_sys_wr32(Cpu *cpu, uint32_t lin, uint32_t v)
{
    cpu_sys_wr16(cpu, lin, (uint16_t)v);
    cpu_sys_wr16(cpu, lin + 2, (uint16_t)(v >> 16));
}

/* ---- segment checks ---------------------------------------------------- */

void cpu_seg_derive(Cpu *cpu, SegCache *s)
{
    uint8_t acc = (uint8_t)s->flags;
    if (!s->valid) {
        s->lo = 1;
        s->hi = 0;
        s->rd_ok = s->wr_ok = false;
        return;
    }
    bool code = (acc & 0x18) == 0x18;
    bool data = (acc & 0x18) == 0x10;
    if (code) {
        s->rd_ok = (acc & 0x02) != 0;
        s->wr_ok = false;
    } else if (data) {
        s->rd_ok = true;
        s->wr_ok = (acc & 0x02) != 0;
    } else { /* system segment in a data register: unusable */
        s->rd_ok = s->wr_ok = false;
    }
    /* Real and V86 mode check limits only, never the type: CS is writable
     * there (FreeDOS's kernel patches itself through CS:). */
    if (!cpu->pe || cpu->v86)
        s->rd_ok = s->wr_ok = true;
    if (data && (acc & 0x04)) { /* expand-down: valid offsets above limit */
        s->lo = s->limit + 1;
        s->hi = s->big ? 0xFFFFFFFFu : 0xFFFFu;
        if (s->limit == s->hi) { /* empty */
            s->lo = 1;
            s->hi = 0;
        }
    } else {
        s->lo = 0;
        s->hi = s->limit;
    }
}

/* The fault for a bad access through segment s: #SS for the stack
 * segment, #GP(0) otherwise.  In real mode every segment overrun is
 * interrupt 13, the stack included (80286 PRM "real address mode
 * exceptions"; confirmed by the 286 vectors: POP at SP=FFFFh). */
CPU_NORETURN static void seg_fault(Cpu *cpu, int s)
{
    if (s == SEG_SS && cpu->pe)
        cpu_exception(cpu, EXC_SS, cpu->pe ? 0 : CPU_NO_ERR);
    cpu_exception(cpu, EXC_GP, cpu->pe ? 0 : CPU_NO_ERR);
}

/* Check an access of `size` bytes at off; returns the linear address. */
static uint32_t seg_check(Cpu *cpu, int s, uint32_t off, unsigned size,
                          bool write)
{
    const SegCache *sg = &cpu->seg[s];
    if (write ? !sg->wr_ok : !sg->rd_ok)
        seg_fault(cpu, s);
    uint32_t last = off + size - 1;
    if (off < sg->lo || off > sg->hi || last < off || last > sg->hi)
        seg_fault(cpu, s);
    return (sg->base + off) & cpu->addr_mask;
}

static bool wraps_16(const Cpu *cpu)
{
    return cpu->model < CPU_286;
}

uint8_t cpu_seg_rd8_slow(Cpu *cpu, int s, uint32_t off)
{
    if (wraps_16(cpu))
        return lin_rd8(cpu, (cpu->seg[s].base + (off & 0xFFFF)) & cpu->addr_mask);
    return lin_rd8(cpu, seg_check(cpu, s, off, 1, false));
}

uint16_t cpu_seg_rd16_slow(Cpu *cpu, int s, uint32_t off)
{
    if (wraps_16(cpu)) {
        uint8_t lo = cpu_seg_rd8_slow(cpu, s, off);
        return (uint16_t)(lo | (cpu_seg_rd8_slow(cpu, s, off + 1) << 8));
    }
    return lin_rd16(cpu, seg_check(cpu, s, off, 2, false));
}

uint32_t cpu_seg_rd32_slow(Cpu *cpu, int s, uint32_t off)
{
    if (wraps_16(cpu)) {
        uint16_t lo = cpu_seg_rd16_slow(cpu, s, off);
        return lo | ((uint32_t)cpu_seg_rd16_slow(cpu, s, off + 2) << 16);
    }
    return lin_rd32(cpu, seg_check(cpu, s, off, 4, false));
}

void cpu_seg_wr8_slow(Cpu *cpu, int s, uint32_t off, uint8_t v)
{
    if (wraps_16(cpu)) {
        lin_wr8(cpu, (cpu->seg[s].base + (off & 0xFFFF)) & cpu->addr_mask, v);
        return;
    }
    lin_wr8(cpu, seg_check(cpu, s, off, 1, true), v);
}

void cpu_seg_wr16_slow(Cpu *cpu, int s, uint32_t off, uint16_t v)
{
    if (wraps_16(cpu)) {
        cpu_seg_wr8_slow(cpu, s, off, (uint8_t)v);
        cpu_seg_wr8_slow(cpu, s, off + 1, (uint8_t)(v >> 8));
        return;
    }
    lin_wr16(cpu, seg_check(cpu, s, off, 2, true), v);
}

void cpu_seg_wr32_slow(Cpu *cpu, int s, uint32_t off, uint32_t v)
{
    if (wraps_16(cpu)) {
        cpu_seg_wr16_slow(cpu, s, off, (uint16_t)v);
        cpu_seg_wr16_slow(cpu, s, off + 2, (uint16_t)(v >> 16));
        return;
    }
    lin_wr32(cpu, seg_check(cpu, s, off, 4, true), v);
}

uint8_t cpu_rd8(Cpu *cpu, int s, uint32_t off) { return rd8(cpu, s, off); }
uint16_t cpu_rd16(Cpu *cpu, int s, uint32_t off) { return rd16(cpu, s, off); }
uint32_t cpu_rd32(Cpu *cpu, int s, uint32_t off) { return rd32(cpu, s, off); }
void cpu_wr8(Cpu *cpu, int s, uint32_t off, uint8_t v) { wr8(cpu, s, off, v); }
void cpu_wr16(Cpu *cpu, int s, uint32_t off, uint16_t v) { wr16(cpu, s, off, v); }
void cpu_wr32(Cpu *cpu, int s, uint32_t off, uint32_t v) { wr32(cpu, s, off, v); }

/* ---- instruction fetch ------------------------------------------------- */

uint8_t cpu_fetch8_slow(Cpu *cpu)
{
    SegCache *cs = &cpu->seg[SEG_CS];
    uint32_t eip = cpu->eip;
    if (!wraps_16(cpu) && (eip > cs->limit || eip < cs->lo))
        cpu_exception(cpu, EXC_GP, cpu->pe ? 0 : CPU_NO_ERR);
    uint32_t lin = (cs->base + eip) & cpu->addr_mask;
    uint32_t phys = translate(cpu, lin, ACC_EXEC, user_access(cpu));
    uint8_t *host = cpu->mem->page_read[phys >> MEM_PAGE_SHIFT];
    uint8_t b;
    if (host) {
        uint32_t in_page = lin & 0xFFF;
        uint32_t back = in_page < eip ? in_page : eip; /* bytes before eip */
        uint32_t lo = eip - back;
        uint32_t span = back + (0x1000 - in_page);
        uint32_t maxoff = wraps_16(cpu) ? 0xFFFF : cs->limit;
        if (cpu->ip_mask == 0xFFFF && maxoff > 0xFFFF)
            maxoff = 0xFFFF;
        if (lo + span - 1 > maxoff || lo + span - 1 < lo)
            span = maxoff - lo + 1;
        cpu->fc_lo = lo;
        cpu->fc_span = span;
        cpu->fc_host = host + (in_page - back);
        cpu->fc_phys = (phys & ~(uint32_t)0xFFF) + (in_page - back);
        cpu->fc_stamp = DC_STAMP(cpu->mem->code_gen[phys >> MEM_PAGE_SHIFT], cpu);
        b = host[in_page];
    } else {
        cpu->fc_span = 0;
        b = mem_read8(cpu->mem, phys);
    }
    cpu->eip = (eip + 1) & cpu->ip_mask;
    return b;
}

/* ---- debugger path ----------------------------------------------------- */

bool cpu_debug_translate(Cpu *cpu, uint32_t linear, bool write, uint32_t *phys)
{
    uint32_t p = linear & cpu->addr_mask;
    if (cpu->paging && !pm_page_probe(cpu, p, write, &p))
        return false;
    *phys = p & cpu->mem->a20_mask;
    return true;
}
