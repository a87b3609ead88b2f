/*
 * cpu/exec_util.h — small inline helpers shared by the instruction
 * handlers: register file access by operand size, ModR/M effective
 * address decoding (16- and 32-bit forms), r/m operand access, stack.
 */
#ifndef PX86_CPU_EXEC_UTIL_H
#define PX86_CPU_EXEC_UTIL_H

#include "cpu/access.h"
#include "cpu/flags.h"

enum { SZ8 = 0, SZ16 = 1, SZ32 = 2 };

CPU_INLINE uint32_t reg_rd(const Cpu *c, unsigned sz, unsigned r)
{
    if (sz == SZ8)
        return r < 4 ? c->r[r] & 0xFFu : (c->r[r - 4] >> 8) & 0xFFu;
    if (sz == SZ16)
        return c->r[r] & 0xFFFFu;
    return c->r[r];
}

CPU_INLINE void reg_wr(Cpu *c, unsigned sz, unsigned r, uint32_t v)
{
    if (sz == SZ8) {
        if (r < 4)
            c->r[r] = (c->r[r] & ~0xFFu) | (v & 0xFFu);
        else
            c->r[r - 4] = (c->r[r - 4] & ~0xFF00u) | ((v & 0xFFu) << 8);
    } else if (sz == SZ16) {
        c->r[r] = (c->r[r] & 0xFFFF0000u) | (v & 0xFFFFu);
    } else {
        c->r[r] = v;
    }
}

CPU_INLINE uint32_t mem_rd(Cpu *c, unsigned sz, int s, uint32_t off)
{
    if (sz == SZ8)
        return rd8(c, s, off);
    if (sz == SZ16)
        return rd16(c, s, off);
    return rd32(c, s, off);
}

CPU_INLINE void mem_wr(Cpu *c, unsigned sz, int s, uint32_t off, uint32_t v)
{
    if (sz == SZ8)
        wr8(c, s, off, (uint8_t)v);
    else if (sz == SZ16)
        wr16(c, s, off, (uint16_t)v);
    else
        wr32(c, s, off, v);
}

/* Decode the effective address of the ModR/M byte already in c->in. */
CPU_INLINE void decode_ea16(Cpu *c)
{
    InsnCtx *in = &c->in;
    uint32_t off;
    int seg = SEG_DS;
    switch (in->rm) {
    case 0: off = c->r[R_EBX] + c->r[R_ESI]; break;
    case 1: off = c->r[R_EBX] + c->r[R_EDI]; break;
    case 2: off = c->r[R_EBP] + c->r[R_ESI]; seg = SEG_SS; break;
    case 3: off = c->r[R_EBP] + c->r[R_EDI]; seg = SEG_SS; break;
    case 4: off = c->r[R_ESI]; break;
    case 5: off = c->r[R_EDI]; break;
    case 6:
        if (in->mod == 0) {
            off = fetch16(c);
            goto done;
        }
        off = c->r[R_EBP];
        seg = SEG_SS;
        break;
    default: off = c->r[R_EBX]; break;
    }
    if (in->mod == 1)
        off += (uint32_t)(int32_t)(int8_t)fetch8(c);
    else if (in->mod == 2)
        off += fetch16(c);
done:
    in->ea_off = off & 0xFFFF;
    in->ea_seg = (uint8_t)(in->seg >= 0 ? in->seg : seg);
}

CPU_INLINE void decode_ea32(Cpu *c)
{
    InsnCtx *in = &c->in;
    uint32_t off;
    int seg = SEG_DS;
    unsigned base = in->rm;
    if (base == 4) {
        uint8_t sib = fetch8(c);
        unsigned idx = (sib >> 3) & 7;
        base = sib & 7;
        off = idx == 4 ? 0 : c->r[idx] << (sib >> 6);
        if (base == 5 && in->mod == 0) {
            off += fetch32(c);
        } else {
            off += c->r[base];
            if (base == R_ESP || base == R_EBP)
                seg = SEG_SS;
        }
    } else if (base == 5 && in->mod == 0) {
        off = fetch32(c);
    } else {
        off = c->r[base];
        if (base == R_EBP)
            seg = SEG_SS;
    }
    if (in->mod == 1)
        off += (uint32_t)(int32_t)(int8_t)fetch8(c);
    else if (in->mod == 2)
        off += fetch32(c);
    in->ea_off = off;
    in->ea_seg = (uint8_t)(in->seg >= 0 ? in->seg : seg);
}

/* Offset of the next part of a multi-part memory operand (far pointers,
 * BOUND, descriptor-table images): wraps at 64 KiB with 16-bit addressing
 * (the 286 vectors: LES at offset FFFEh reads the selector from 0000h). */
CPU_INLINE uint32_t ea_next(const Cpu *c, uint32_t delta)
{
    uint32_t off = c->in.ea_off + delta;
    return c->in.addr32 ? off : off & 0xFFFF;
}



static __attribute__((noinline, unused)) void decode_modrm(Cpu *c)
{
    InsnCtx *in = &c->in;
    uint8_t m = fetch8(c);
    in->modrm = m;
    in->mod = m >> 6;
    in->reg = (m >> 3) & 7;
    in->rm = m & 7;
    if (in->mod != 3) {
        if (in->addr32)
            decode_ea32(c);
        else
            decode_ea16(c);
    }
}

CPU_INLINE uint32_t rm_rd(Cpu *c, unsigned sz)
{
    if (c->in.mod == 3)
        return reg_rd(c, sz, c->in.rm);
    return mem_rd(c, sz, c->in.ea_seg, c->in.ea_off);
}

CPU_INLINE void rm_wr(Cpu *c, unsigned sz, uint32_t v)
{
    if (c->in.mod == 3)
        reg_wr(c, sz, c->in.rm, v);
    else
        mem_wr(c, sz, c->in.ea_seg, c->in.ea_off, v);
}

/* ---- stack ---- */

CPU_INLINE void push16(Cpu *c, uint16_t v)
{
    if (c->stack32) {
        uint32_t sp = c->r[R_ESP] - 2;
        wr16(c, SEG_SS, sp, v);
        c->r[R_ESP] = sp;
    } else {
        uint32_t sp = (c->r[R_ESP] - 2) & 0xFFFF;
        wr16(c, SEG_SS, sp, v);
        c->r[R_ESP] = (c->r[R_ESP] & 0xFFFF0000u) | sp;
    }
}

CPU_INLINE void push32(Cpu *c, uint32_t v)
{
    if (c->stack32) {
        uint32_t sp = c->r[R_ESP] - 4;
        wr32(c, SEG_SS, sp, v);
        c->r[R_ESP] = sp;
    } else {
        uint32_t sp = (c->r[R_ESP] - 4) & 0xFFFF;
        wr32(c, SEG_SS, sp, v);
        c->r[R_ESP] = (c->r[R_ESP] & 0xFFFF0000u) | sp;
    }
}

CPU_INLINE uint16_t pop16(Cpu *c)
{
    if (c->stack32) {
        uint16_t v = rd16(c, SEG_SS, c->r[R_ESP]);
        c->r[R_ESP] += 2;
        return v;
    }
    uint32_t sp = c->r[R_ESP] & 0xFFFF;
    uint16_t v = rd16(c, SEG_SS, sp);
    c->r[R_ESP] = (c->r[R_ESP] & 0xFFFF0000u) | ((sp + 2) & 0xFFFF);
    return v;
}

CPU_INLINE uint32_t pop32(Cpu *c)
{
    if (c->stack32) {
        uint32_t v = rd32(c, SEG_SS, c->r[R_ESP]);
        c->r[R_ESP] += 4;
        return v;
    }
    uint32_t sp = c->r[R_ESP] & 0xFFFF;
    uint32_t v = rd32(c, SEG_SS, sp);
    c->r[R_ESP] = (c->r[R_ESP] & 0xFFFF0000u) | ((sp + 4) & 0xFFFF);
    return v;
}

CPU_INLINE void push_v(Cpu *c, bool op32, uint32_t v)
{
    if (op32)
        push32(c, v);
    else
        push16(c, (uint16_t)v);
}

CPU_INLINE uint32_t pop_v(Cpu *c, bool op32)
{
    return op32 ? pop32(c) : pop16(c);
}

/* Stack pointer as an offset (SP or ESP) and its update. */
CPU_INLINE uint32_t sp_get(const Cpu *c)
{
    return c->stack32 ? c->r[R_ESP] : c->r[R_ESP] & 0xFFFF;
}

CPU_INLINE void sp_set(Cpu *c, uint32_t v)
{
    if (c->stack32)
        c->r[R_ESP] = v;
    else
        c->r[R_ESP] = (c->r[R_ESP] & 0xFFFF0000u) | (v & 0xFFFF);
}

#endif
