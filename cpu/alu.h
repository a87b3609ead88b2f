/*
 * cpu/alu.h — integer ALU operations with their flag effects: the eight
 * group-1 operations (lazy flags), INC/DEC, shifts and rotates (eager,
 * with the per-model count rules), multiply and divide helpers.
 */
#ifndef PX86_CPU_ALU_H
#define PX86_CPU_ALU_H

#include "cpu/exec_util.h"

enum { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };

CPU_INLINE uint32_t alu_op(Cpu *c, unsigned op, unsigned sz, uint32_t a,
                           uint32_t b)
{
    uint32_t m = cc_masks[sz], r;
    uint32_t kind;
    switch (op) {
    case ALU_ADD: r = (a + b) & m; kind = CCK_ADD; break;
    case ALU_OR: r = a | b; kind = CCK_LOGIC; break;
    case ALU_ADC: r = (a + b + flag_cf(c)) & m; kind = CCK_ADC; break;
    case ALU_SBB: r = (a - b - flag_cf(c)) & m; kind = CCK_SBB; break;
    case ALU_AND: r = a & b; kind = CCK_LOGIC; break;
    case ALU_XOR: r = a ^ b; kind = CCK_LOGIC; break;
    default: r = (a - b) & m; kind = CCK_SUB; break; /* SUB, CMP */
    }
    c->cc_op = CC_OP(kind, sz);
    c->cc_a = a;
    c->cc_b = b;
    c->cc_res = r;
    return r;
}

CPU_INLINE uint32_t alu_inc(Cpu *c, unsigned sz, uint32_t a)
{
    uint32_t cf = flag_cf(c) ? F_CF : 0;
    c->flags = (c->flags & ~(uint32_t)F_CF) | cf;
    uint32_t r = (a + 1) & cc_masks[sz];
    c->cc_op = CC_OP(CCK_INC, sz);
    c->cc_a = a;
    c->cc_b = 1;
    c->cc_res = r;
    return r;
}

CPU_INLINE uint32_t alu_dec(Cpu *c, unsigned sz, uint32_t a)
{
    uint32_t cf = flag_cf(c) ? F_CF : 0;
    c->flags = (c->flags & ~(uint32_t)F_CF) | cf;
    uint32_t r = (a - 1) & cc_masks[sz];
    c->cc_op = CC_OP(CCK_DEC, sz);
    c->cc_a = a;
    c->cc_b = 1;
    c->cc_res = r;
    return r;
}

/* Record a result whose ZF/SF/PF are the usual ones and whose CF/AF/OF
 * are given (shifts). */
CPU_INLINE void flags_res(Cpu *c, unsigned sz, uint32_t res, uint32_t cao)
{
    /* all six arithmetic flags are replaced: no need to materialise */
    c->flags = (c->flags & ~(uint32_t)(F_CF | F_AF | F_OF)) | cao;
    c->cc_op = CC_OP(CCK_RES, sz);
    c->cc_res = res;
}

/* Shift/rotate group 2: op = ModR/M reg, count already fetched (not
 * masked).  Returns the result; flags updated.  Count rules:
 * 8086/8088 use the full count (a loop in microcode); 186 and later mask
 * it to 5 bits (iAPX 186 manual, "shift count limited to 31"). */
uint32_t alu_shift(Cpu *c, unsigned op, unsigned sz, uint32_t v,
                   unsigned count);

#endif
