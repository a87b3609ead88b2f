/*
 * cpu/access.h — the CPU's memory path, inline fast paths: instruction
 * fetch through the fetch cache, segment:offset data accesses with the
 * limit check folded into one range compare, and the one-compare software
 * TLB.  Everything that misses goes to the out-of-line slow paths in
 * cpu/access.c (page crossing, MMIO/ROM, paging walk, faults, 8086 wrap).
 */
#ifndef PX86_CPU_ACCESS_H
#define PX86_CPU_ACCESS_H

#include "cpu/cpu_internal.h"

/* slow paths (cpu/access.c) */
uint8_t cpu_fetch8_slow(Cpu *cpu);
uint8_t cpu_seg_rd8_slow(Cpu *cpu, int s, uint32_t off);
uint16_t cpu_seg_rd16_slow(Cpu *cpu, int s, uint32_t off);
uint32_t cpu_seg_rd32_slow(Cpu *cpu, int s, uint32_t off);
void cpu_seg_wr8_slow(Cpu *cpu, int s, uint32_t off, uint8_t v);
void cpu_seg_wr16_slow(Cpu *cpu, int s, uint32_t off, uint16_t v);
void cpu_seg_wr32_slow(Cpu *cpu, int s, uint32_t off, uint32_t v);

#define TLB_TAG(lin) (((lin) & ~(uint32_t)0xFFF) | 1u)
#define TLB_IDX(lin) (((lin) >> 12) & (TLB_SIZE - 1))

CPU_INLINE uint8_t fetch8(Cpu *cpu)
{
    uint32_t e = cpu->eip;
    uint8_t b;
    if (CPU_LIKELY(e - cpu->fc_lo < cpu->fc_span)) {
        b = cpu->fc_host[e - cpu->fc_lo];
        cpu->eip = (e + 1) & cpu->ip_mask;
        return b;
    }
    return cpu_fetch8_slow(cpu); /* advances eip itself */
}

CPU_INLINE uint16_t fetch16(Cpu *cpu)
{
    uint32_t e = cpu->eip;
    if (CPU_LIKELY(e - cpu->fc_lo + 1 < cpu->fc_span)) {
        uint16_t v = ld16le(cpu->fc_host + (e - cpu->fc_lo));
        cpu->eip = (e + 2) & cpu->ip_mask;
        return v;
    }
    uint16_t lo = cpu_fetch8_slow(cpu);
    return (uint16_t)(lo | (fetch8(cpu) << 8));
}

CPU_INLINE uint32_t fetch32(Cpu *cpu)
{
    uint32_t e = cpu->eip;
    if (CPU_LIKELY(e - cpu->fc_lo + 3 < cpu->fc_span)) {
        uint32_t v = ld32le(cpu->fc_host + (e - cpu->fc_lo));
        cpu->eip = (e + 4) & cpu->ip_mask;
        return v;
    }
    uint32_t lo = fetch16(cpu);
    return lo | ((uint32_t)fetch16(cpu) << 16);
}

/* Segment accesses.  SegCache.lo/hi bound the offsets of an access (an
 * empty range when the segment is unusable), so the fast path is two
 * compares plus the TLB tag compare. */
CPU_INLINE uint8_t rd8(Cpu *cpu, int s, uint32_t off)
{
    const SegCache *sg = &cpu->seg[s];
    if (CPU_LIKELY(off >= sg->lo && off <= sg->hi && sg->rd_ok)) {
        uint32_t lin = (sg->base + off) & cpu->addr_mask;
        const TlbEntry *t = &cpu->tlb_rd[TLB_IDX(lin)];
        if (CPU_LIKELY(t->tag == TLB_TAG(lin)))
            return t->host[lin & 0xFFF];
    }
    return cpu_seg_rd8_slow(cpu, s, off);
}

CPU_INLINE uint16_t rd16(Cpu *cpu, int s, uint32_t off)
{
    const SegCache *sg = &cpu->seg[s];
    if (CPU_LIKELY(off >= sg->lo && off < sg->hi && sg->rd_ok)) {
        uint32_t lin = (sg->base + off) & cpu->addr_mask;
        const TlbEntry *t = &cpu->tlb_rd[TLB_IDX(lin)];
        if (CPU_LIKELY(t->tag == TLB_TAG(lin) && (lin & 0xFFF) != 0xFFF))
            return ld16le(t->host + (lin & 0xFFF));
    }
    return cpu_seg_rd16_slow(cpu, s, off);
}

CPU_INLINE uint32_t rd32(Cpu *cpu, int s, uint32_t off)
{
    const SegCache *sg = &cpu->seg[s];
    if (CPU_LIKELY(off >= sg->lo && off <= sg->hi - 3 && sg->hi >= 3 &&
                   sg->rd_ok)) {
        uint32_t lin = (sg->base + off) & cpu->addr_mask;
        const TlbEntry *t = &cpu->tlb_rd[TLB_IDX(lin)];
        if (CPU_LIKELY(t->tag == TLB_TAG(lin) && (lin & 0xFFF) <= 0xFFC))
            return ld32le(t->host + (lin & 0xFFF));
    }
    return cpu_seg_rd32_slow(cpu, s, off);
}

CPU_INLINE void wr8(Cpu *cpu, int s, uint32_t off, uint8_t v)
{
    const SegCache *sg = &cpu->seg[s];
    if (CPU_LIKELY(off >= sg->lo && off <= sg->hi && sg->wr_ok)) {
        uint32_t lin = (sg->base + off) & cpu->addr_mask;
        const TlbEntry *t = &cpu->tlb_wr[TLB_IDX(lin)];
        if (CPU_LIKELY(t->tag == TLB_TAG(lin))) {
            t->host[lin & 0xFFF] = v;
            return;
        }
    }
    cpu_seg_wr8_slow(cpu, s, off, v);
}

CPU_INLINE void wr16(Cpu *cpu, int s, uint32_t off, uint16_t v)
{
    const SegCache *sg = &cpu->seg[s];
    if (CPU_LIKELY(off >= sg->lo && off < sg->hi && sg->wr_ok)) {
        uint32_t lin = (sg->base + off) & cpu->addr_mask;
        const TlbEntry *t = &cpu->tlb_wr[TLB_IDX(lin)];
        if (CPU_LIKELY(t->tag == TLB_TAG(lin) && (lin & 0xFFF) != 0xFFF)) {
            st16le(t->host + (lin & 0xFFF), v);
            return;
        }
    }
    cpu_seg_wr16_slow(cpu, s, off, v);
}

CPU_INLINE void wr32(Cpu *cpu, int s, uint32_t off, uint32_t v)
{
    const SegCache *sg = &cpu->seg[s];
    if (CPU_LIKELY(off >= sg->lo && off <= sg->hi - 3 && sg->hi >= 3 &&
                   sg->wr_ok)) {
        uint32_t lin = (sg->base + off) & cpu->addr_mask;
        const TlbEntry *t = &cpu->tlb_wr[TLB_IDX(lin)];
        if (CPU_LIKELY(t->tag == TLB_TAG(lin) && (lin & 0xFFF) <= 0xFFC)) {
            st32le(t->host + (lin & 0xFFF), v);
            return;
        }
    }
    cpu_seg_wr32_slow(cpu, s, off, v);
}

#endif
