/*
 * cpu/alu.c — shifts and rotates (group 2) with their flag rules.
 * Closed forms instead of the 8086's one-bit-per-clock loop; the results
 * and flags equal those of iterating `count` times.
 */
#include "cpu/alu.h"

uint32_t alu_shift(Cpu *c, unsigned op, unsigned sz, uint32_t v,
                   unsigned count)
{
    unsigned bits = 8u << sz;
    uint32_t m = cc_masks[sz], sign = cc_signs[sz];
    uint64_t x;
    uint32_t r, cf, of;
    if (c->model >= CPU_186)
        count &= 31;
    if (count == 0)
        return v;
    v &= m;
    switch (op) {
    case 0: { /* ROL */
        unsigned n = count % bits;
        r = n ? ((v << n) | (v >> (bits - n))) & m : v;
        cf = r & 1;
        of = ((r & sign) != 0) ^ cf;
        flags_set_eager(c, F_CF | F_OF, (cf ? F_CF : 0) | (of ? F_OF : 0));
        return r;
    }
    case 1: { /* ROR */
        unsigned n = count % bits;
        r = n ? ((v >> n) | (v << (bits - n))) & m : v;
        cf = (r & sign) != 0;
        of = cf ^ ((r >> (bits - 2)) & 1);
        flags_set_eager(c, F_CF | F_OF, (cf ? F_CF : 0) | (of ? F_OF : 0));
        return r;
    }
    case 2: { /* RCL: rotate the (bits+1)-bit value CF:v */
        unsigned n = count % (bits + 1);
        uint64_t wm = (1ull << (bits + 1)) - 1;
        x = (uint64_t)v | ((uint64_t)flag_cf(c) << bits);
        if (n)
            x = ((x << n) | (x >> (bits + 1 - n))) & wm;
        r = (uint32_t)x & m;
        cf = (uint32_t)(x >> bits) & 1;
        of = ((r & sign) != 0) ^ cf;
        flags_set_eager(c, F_CF | F_OF, (cf ? F_CF : 0) | (of ? F_OF : 0));
        return r;
    }
    case 3: { /* RCR */
        unsigned n = count % (bits + 1);
        uint64_t wm = (1ull << (bits + 1)) - 1;
        x = (uint64_t)v | ((uint64_t)flag_cf(c) << bits);
        if (n)
            x = ((x >> n) | (x << (bits + 1 - n))) & wm;
        r = (uint32_t)x & m;
        cf = (uint32_t)(x >> bits) & 1;
        of = ((r & sign) != 0) ^ ((r >> (bits - 2)) & 1);
        flags_set_eager(c, F_CF | F_OF, (cf ? F_CF : 0) | (of ? F_OF : 0));
        return r;
    }
    case 6: /* SETMO on the 8086/8088; SAL alias from the 186 on */
        if (c->model < CPU_186) {
            r = m;
            flags_set_eager(c, F_ARITH, flags_szp(r, sz));
            return r;
        }
        /* fall through */
    case 4: /* SHL/SAL */
        if (count <= bits) {
            r = (uint32_t)(((uint64_t)v << count) & m);
            cf = (uint32_t)(v >> (bits - count)) & 1;
        } else {
            r = 0;
            cf = 0;
        }
        of = ((r & sign) != 0) ^ cf;
        flags_res(c, sz, r, (cf ? F_CF : 0) | (of ? F_OF : 0));
        return r;
    case 5: /* SHR */
        if (count <= bits) {
            r = (uint32_t)((uint64_t)v >> count);
            cf = (uint32_t)((uint64_t)v >> (count - 1)) & 1;
        } else {
            r = 0;
            cf = 0;
        }
        of = ((r & sign) != 0) ^ ((r >> (bits - 2)) & 1);
        if (count == 1)
            of = (v & sign) != 0;
        flags_res(c, sz, r, (cf ? F_CF : 0) | (of ? F_OF : 0));
        return r;
    default: { /* SAR */
        bool neg = (v & sign) != 0;
        if (count >= bits) {
            r = neg ? m : 0;
            cf = neg;
        } else {
            int64_t sv = neg ? (int64_t)v - ((int64_t)1 << bits) : (int64_t)v;
            r = (uint32_t)(sv >> count) & m;
            cf = (uint32_t)(v >> (count - 1)) & 1;
        }
        flags_res(c, sz, r, cf ? F_CF : 0);
        return r;
    }
    }
}
