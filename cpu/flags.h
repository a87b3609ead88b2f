/*
 * cpu/flags.h — lazy arithmetic flags.
 *
 * ALU handlers record the operation kind and operands (cc_op, cc_a, cc_b,
 * cc_res, all already truncated to the operand size) instead of computing
 * CF PF AF ZF SF OF.  The accessors below compute single flags on demand
 * (Jcc, SETcc, ADC...), cpu_get_eflags() materialises all six.  Handlers
 * with unusual flag rules (shifts, MUL, DIV, BCD) write the bits eagerly
 * with flags_set_eager() and leave cc_op = CC_EAGER.
 *
 * cc_op = kind << 2 | size (size 0 = 8, 1 = 16, 2 = 32 bits).
 */
#ifndef PX86_CPU_FLAGS_H
#define PX86_CPU_FLAGS_H

#include "cpu/cpu_internal.h"

enum {
    CCK_EAGER = 0, /* flags word is authoritative */
    CCK_ADD,       /* res = a + b */
    CCK_ADC,       /* res = a + b + carry */
    CCK_SUB,       /* res = a - b (SUB, CMP, NEG with a = 0) */
    CCK_SBB,       /* res = a - b - borrow */
    CCK_LOGIC,     /* CF = OF = 0, AF = 0 */
    CCK_INC,       /* a + 1, CF kept in flags */
    CCK_DEC,       /* a - 1, CF kept in flags */
    CCK_RES,       /* ZF SF PF from res; CF AF OF from the flags word */
};
#define CC_EAGER 0u
#define CC_OP(kind, size) ((uint32_t)(kind) << 2 | (uint32_t)(size))

static const uint32_t cc_masks[4] = {0xFFu, 0xFFFFu, 0xFFFFFFFFu, 0};
static const uint32_t cc_signs[4] = {0x80u, 0x8000u, 0x80000000u, 0};

CPU_INLINE bool flag_cf(const Cpu *c)
{
    uint32_t m = cc_masks[c->cc_op & 3];
    switch (c->cc_op >> 2) {
    case CCK_ADD: return c->cc_res < c->cc_a;
    case CCK_ADC: return ((c->cc_res - c->cc_a - c->cc_b) & m)
                             ? c->cc_res <= c->cc_a : c->cc_res < c->cc_a;
    case CCK_SUB: return c->cc_a < c->cc_b;
    case CCK_SBB: return ((c->cc_a - c->cc_b - c->cc_res) & m)
                             ? c->cc_a <= c->cc_b : c->cc_a < c->cc_b;
    case CCK_LOGIC: return false;
    default: return (c->flags & F_CF) != 0;
    }
}

CPU_INLINE bool flag_zf(const Cpu *c)
{
    if (c->cc_op == CC_EAGER)
        return (c->flags & F_ZF) != 0;
    return c->cc_res == 0;
}

CPU_INLINE bool flag_sf(const Cpu *c)
{
    if (c->cc_op == CC_EAGER)
        return (c->flags & F_SF) != 0;
    return (c->cc_res & cc_signs[c->cc_op & 3]) != 0;
}

CPU_INLINE bool flag_of(const Cpu *c)
{
    uint32_t s = cc_signs[c->cc_op & 3];
    switch (c->cc_op >> 2) {
    case CCK_ADD: case CCK_ADC: case CCK_INC:
        return (~(c->cc_a ^ c->cc_b) & (c->cc_a ^ c->cc_res) & s) != 0;
    case CCK_SUB: case CCK_SBB: case CCK_DEC:
        return ((c->cc_a ^ c->cc_b) & (c->cc_a ^ c->cc_res) & s) != 0;
    case CCK_LOGIC: return false;
    default: return (c->flags & F_OF) != 0;
    }
}

CPU_INLINE bool parity8(uint32_t v)
{
    v &= 0xFF;
    v ^= v >> 4;
    v ^= v >> 2;
    v ^= v >> 1;
    return !(v & 1);
}

CPU_INLINE bool flag_pf(const Cpu *c)
{
    if (c->cc_op == CC_EAGER)
        return (c->flags & F_PF) != 0;
    return parity8(c->cc_res);
}

CPU_INLINE bool flag_af(const Cpu *c)
{
    switch (c->cc_op >> 2) {
    case CCK_ADD: case CCK_ADC: case CCK_SUB: case CCK_SBB:
    case CCK_INC: case CCK_DEC:
        return ((c->cc_a ^ c->cc_b ^ c->cc_res) & 0x10) != 0;
    case CCK_LOGIC: return false;
    default: return (c->flags & F_AF) != 0;
    }
}

/* The six arithmetic flags as EFLAGS bits. */
CPU_INLINE uint32_t flags_arith(const Cpu *c)
{
    if (c->cc_op == CC_EAGER)
        return c->flags & F_ARITH;
    return (flag_cf(c) ? F_CF : 0) | (flag_pf(c) ? F_PF : 0) |
           (flag_af(c) ? F_AF : 0) | (flag_zf(c) ? F_ZF : 0) |
           (flag_sf(c) ? F_SF : 0) | (flag_of(c) ? F_OF : 0);
}

/* Make the flags word authoritative. */
CPU_INLINE void flags_materialise(Cpu *c)
{
    if (c->cc_op != CC_EAGER) {
        c->flags = (c->flags & ~(uint32_t)F_ARITH) | flags_arith(c);
        c->cc_op = CC_EAGER;
    }
}

/* Replace the arithmetic flags in `which` with those in `bits`. */
CPU_INLINE void flags_set_eager(Cpu *c, uint32_t which, uint32_t bits)
{
    if (which != F_ARITH) /* other arithmetic flags survive: compute them */
        flags_materialise(c);
    c->cc_op = CC_EAGER;
    c->flags = (c->flags & ~which) | (bits & which);
}

/* ZF/SF/PF bits of a result of the given size. */
CPU_INLINE uint32_t flags_szp(uint32_t res, unsigned size)
{
    res &= cc_masks[size];
    return (res == 0 ? F_ZF : 0) | ((res & cc_signs[size]) ? F_SF : 0) |
           (parity8(res) ? F_PF : 0);
}

/* Jcc / SETcc / CMOVcc condition (low nibble of the opcode). */
CPU_INLINE bool cond_true(const Cpu *c, unsigned cc)
{
    bool r;
    if (CPU_LIKELY((c->cc_op >> 2) == CCK_SUB)) {
        /* after CMP/SUB: compare the operands directly */
        uint32_t a = c->cc_a, b = c->cc_b, sh = 31 - ((8u << (c->cc_op & 3)) - 1);
        int32_t sa = (int32_t)(a << sh), sb = (int32_t)(b << sh);
        switch (cc >> 1) {
        case 1: r = a < b; break;
        case 2: r = a == b; break;
        case 3: r = a <= b; break;
        case 6: r = sa < sb; break;
        case 7: r = sa <= sb; break;
        default: goto generic;
        }
        return r ^ (cc & 1);
    }
generic:
    switch (cc >> 1) {
    case 0: r = flag_of(c); break;
    case 1: r = flag_cf(c); break;
    case 2: r = flag_zf(c); break;
    case 3: r = flag_cf(c) || flag_zf(c); break;
    case 4: r = flag_sf(c); break;
    case 5: r = flag_pf(c); break;
    case 6: r = flag_sf(c) != flag_of(c); break;
    default: r = flag_zf(c) || (flag_sf(c) != flag_of(c)); break;
    }
    return r ^ (cc & 1);
}

#endif
