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

/* Offset of the next part of a multi-part memory operand (far pointers,
 * BOUND, descriptor-table images): wraps at 64 KiB with 16-bit addressing
 * (the 286 vectors: LES at offset FFFEh reads the selector from 0000h). */
CPU_INLINE uint32_t ea_next(const Cpu *c, uint32_t delta)
{
    uint32_t off = c->in.ea_off + delta;
    return c->in.addr32 ? off : off & 0xFFFF;
}

/* Effective address of the decoded ModR/M memory operand, from the
 * registers as they are now (POP r/m computes it after the pop). */
CPU_INLINE void resolve_ea(Cpu *c)
{
    InsnCtx *in = &c->in;
    if (in->mod == 3)
        return;
    const DecodedInsn *d = in->d;
    uint32_t off = d->disp + c->r[d->ea_base] + (c->r[d->ea_index] << d->ea_scale);
    in->ea_off = in->addr32 ? off : off & 0xFFFF;
    in->ea_seg = d->ea_seg;
}

/* The instruction's immediate (the decoder read as many bytes as the
 * opcode's layout in opcodes.def says); imm_at() reads the second one of
 * ENTER and of far pointers. */
CPU_INLINE uint8_t imm8(const Cpu *c)
{
    CPU_ASSERT(c->in.d->nimm >= 1);
    return c->in.d->imm[0];
}

CPU_INLINE uint16_t imm16(const Cpu *c)
{
    CPU_ASSERT(c->in.d->nimm >= 2);
    return ld16le(c->in.d->imm);
}

CPU_INLINE uint32_t imm32(const Cpu *c)
{
    CPU_ASSERT(c->in.d->nimm >= 4);
    return ld32le(c->in.d->imm);
}

CPU_INLINE const uint8_t *imm_at(const Cpu *c, unsigned offset)
{
    CPU_ASSERT(c->in.d->nimm >= offset + 1);
    return c->in.d->imm + offset;
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
