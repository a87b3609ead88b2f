/*
 * tests/cpu/fpu_hostdiff.h — differential testing of the software x87
 * (cpu/fpu_*.c) against the host's real x87, shared by the Check suite
 * tests/cpu/test_fpu.c and the standalone tests/tools/fpudiff.c.
 *
 * Each case is a full FPU state image (FSAVE 32-bit protected layout, 108
 * bytes) plus a 16-byte memory operand.  The host runs, from a small
 * generated code buffer, FRSTOR [state]; <the instruction with its
 * memory operand at [rdi]>; FNSAVE [state].  The emulator runs the same
 * three instructions through x87_execute().  The two resulting images
 * (control/status/tag words and all eight registers) and the memory
 * operands are compared bit for bit; the instruction/data pointer fields
 * are not compared (64-bit hosts store RIP-relative values there).
 *
 * Host assembly is only available on x86 hosts; elsewhere hostdiff_ok()
 * returns false and callers print SKIP.
 */
#ifndef PX86_TESTS_FPU_HOSTDIFF_H
#define PX86_TESTS_FPU_HOSTDIFF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cpu/fpu.h"

#if defined(__x86_64__) && (defined(__linux__) || defined(__APPLE__) || \
                            defined(__FreeBSD__))
#define HOSTDIFF_AVAILABLE 1
#include <sys/mman.h>
#else
#define HOSTDIFF_AVAILABLE 0
#endif

/* Memory operand buffer: large enough for FSAVE/FRSTOR (108 bytes). */
#define HD_OPSIZE 112

/* --- random values --------------------------------------------------------- */

typedef struct HdRng {
    uint64_t s;
} HdRng;

static inline uint64_t hd_next(HdRng *r)
{
    uint64_t x = r->s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    r->s = x;
    return x * 0x2545F4914F6CDD1Dull;
}
static inline unsigned hd_below(HdRng *r, unsigned n)
{
    return (unsigned)(hd_next(r) % n);
}

/* Significand with structure: random, near ties, few bits, all ones. */
static inline uint64_t hd_mant(HdRng *r)
{
    uint64_t m = hd_next(r);
    switch (hd_below(r, 8)) {
    case 0: { /* tie patterns at bit 0, 11 (double) and 40 (single) */
        static const unsigned pos[3] = {0, 11, 40};
        unsigned p = pos[hd_below(r, 3)];
        if (p) m = (m & ~((1ull << p) - 1)) | (1ull << (p - 1));
        if (hd_below(r, 2) && p > 1) m |= 1;
        break;
    }
    case 1: m = ~0ull << hd_below(r, 64); break;
    case 2: m = (1ull << 63) | (1ull << hd_below(r, 63)); break;
    case 3: m = ~0ull >> hd_below(r, 3); break;
    default: break;
    }
    return m;
}

/* A register-format value of any class, biased towards interesting ones. */
static inline Fx80 hd_value(HdRng *r)
{
    bool s = hd_below(r, 2);
    uint16_t sgn = s ? 0x8000 : 0;
    Fx80 v;
    unsigned k = hd_below(r, 100);
    uint64_t m = hd_mant(r) | (1ull << 63);
    unsigned e;
    if (k < 45) e = 16383 - 40 + hd_below(r, 80);       /* ordinary */
    else if (k < 55) e = 1 + hd_below(r, 0x7FFE);       /* any exponent */
    else if (k < 62) e = 1 + hd_below(r, 70);           /* near underflow */
    else if (k < 67) e = 0x7FFE - hd_below(r, 70);      /* near overflow */
    else if (k < 72) { v.mant = 0; v.sign_exp = sgn; return v; }
    else if (k < 77) { v.mant = m & ~(1ull << 63); v.sign_exp = sgn; return v; }
    else if (k < 79) { v.mant = m; v.sign_exp = sgn; return v; } /* pseudo-denormal */
    else if (k < 83) { v.mant = 1ull << 63; v.sign_exp = sgn | 0x7FFF; return v; }
    else if (k < 87) { v.mant = m | (1ull << 62); v.sign_exp = sgn | 0x7FFF; return v; }
    else if (k < 90) { /* SNaN */
        v.mant = (m & ~(1ull << 62)) | 1;
        v.sign_exp = sgn | 0x7FFF;
        return v;
    } else if (k < 92) { /* unsupported: unnormal / pseudo-NaN / pseudo-inf */
        v.mant = m & ~(1ull << 63);
        v.sign_exp = (uint16_t)(sgn | (hd_below(r, 2) ? 0x7FFF : 1 + hd_below(r, 0x7FFE)));
        return v;
    } else { /* small integers and halves */
        uint64_t n = hd_below(r, 2000) + 1;
        int sh = 0;
        while (!(n & (1ull << 63))) { n <<= 1; sh++; }
        v.mant = n;
        v.sign_exp = (uint16_t)(sgn | (16383 + 63 - sh - hd_below(r, 2)));
        return v;
    }
    v.mant = m;
    v.sign_exp = (uint16_t)(sgn | e);
    return v;
}

/* Memory operand bytes for a given memory type. */
enum { HD_NONE, HD_F32, HD_F64, HD_F80, HD_I16, HD_I32, HD_I64, HD_BCD,
       HD_CW, HD_ENV };

static inline void hd_memop(HdRng *r, int kind, uint8_t *b)
{
    uint64_t x = hd_next(r);
    for (int i = 0; i < HD_OPSIZE; i++) b[i] = (uint8_t)hd_next(r);
    switch (kind) {
    case HD_F32: {
        unsigned k = hd_below(r, 10);
        uint32_t v = (uint32_t)x;
        if (k == 0) v &= 0x807FFFFF;            /* zero/denormal */
        else if (k == 1) v |= 0x7F800000;       /* inf/NaN */
        else if (k == 2) v &= 0x80000000;       /* zero */
        else if (k < 7) v = (v & 0x807FFFFF) | ((uint32_t)(127 - 20 + hd_below(r, 40)) << 23);
        memcpy(b, &v, 4);
        break;
    }
    case HD_F64: {
        unsigned k = hd_below(r, 10);
        uint64_t v = x;
        if (k == 0) v &= 0x800FFFFFFFFFFFFFull;
        else if (k == 1) v |= 0x7FF0000000000000ull;
        else if (k == 2) v &= 0x8000000000000000ull;
        else if (k < 7) v = (v & 0x800FFFFFFFFFFFFFull) | ((uint64_t)(1023 - 30 + hd_below(r, 60)) << 52);
        memcpy(b, &v, 8);
        break;
    }
    case HD_I16: if (hd_below(r, 2)) { b[1] = (uint8_t)(hd_below(r, 2) ? 0 : 0xFF); } break;
    case HD_I32: if (hd_below(r, 2)) { b[3] = b[2] = (uint8_t)(hd_below(r, 2) ? 0 : 0xFF); } break;
    case HD_I64: if (hd_below(r, 2)) { for (int i = 4; i < 8; i++) b[i] = (uint8_t)(hd_below(r, 2) ? 0 : 0xFF); } break;
    case HD_BCD:
        for (int i = 0; i < 9; i++)
            b[i] = (uint8_t)(hd_below(r, 10) << 4 | hd_below(r, 10));
        b[9] &= 0x80;
        break;
    case HD_F80: {
        Fx80 v = hd_value(r);
        for (int i = 0; i < 8; i++) b[i] = (uint8_t)(v.mant >> (8 * i));
        b[8] = (uint8_t)v.sign_exp;
        b[9] = (uint8_t)(v.sign_exp >> 8);
        break;
    }
    case HD_CW: {
        uint16_t cw = (uint16_t)((x & 0x1F3F) | 0x40);
        if (hd_below(r, 2)) cw |= 0x3F;
        b[0] = (uint8_t)cw;
        b[1] = (uint8_t)(cw >> 8);
        break;
    }
    default: break;
    }
}

static inline void hd_state(HdRng *r, uint8_t img[108], bool unmask_some);

/* FLDENV/FRSTOR source: a consistent random environment + registers. */
static inline void hd_envop(HdRng *r, uint8_t *b)
{
    hd_state(r, b, true);
    /* the reserved upper halves and pointers: random */
    for (int i = 12; i < 28; i++) b[i] = (uint8_t)hd_next(r);
}

/* --- the state image (FSAVE 32-bit protected layout) ------------------------ */

static inline void hd_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}
static inline uint16_t hd_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* Random starting state: nregs valid registers from TOP, random control
 * word, flags with nothing unmasked pending. */
static inline void hd_state(HdRng *r, uint8_t img[108], bool unmask_some)
{
    memset(img, 0, 108);
    uint16_t cw = 0x037F;
    static const uint16_t pcs[4] = {0x000, 0x100, 0x200, 0x300};
    cw = (uint16_t)((cw & ~0x0F00) | pcs[hd_below(r, 4)] |
                    (hd_below(r, 4) << 10));
    if (unmask_some && hd_below(r, 3) == 0)
        cw = (uint16_t)(cw & ~(hd_next(r) & 0x3F));
    unsigned top = hd_below(r, 8);
    unsigned nregs = hd_below(r, 10) < 8 ? 3 : hd_below(r, 9);
    if (hd_below(r, 20) == 0) nregs = 8;
    uint16_t sw = (uint16_t)((top << 11) | (hd_next(r) & 0x4700));
    sw |= (uint16_t)(hd_next(r) & cw & 0x3F);
    uint16_t tw = 0;
    for (unsigned i = 0; i < 8; i++) {
        unsigned p = (top + i) & 7;
        Fx80 v = hd_value(r);
        uint8_t *q = img + 28 + 10 * i;
        for (int b = 0; b < 8; b++) q[b] = (uint8_t)(v.mant >> (8 * b));
        hd_put16(q + 8, v.sign_exp);
        if (i >= nregs) tw |= (uint16_t)(3u << (2 * p));
    }
    hd_put16(img + 0, cw);
    hd_put16(img + 4, sw);
    hd_put16(img + 8, tw);
}

/* --- running one case on each side ------------------------------------------- */

typedef struct HdMem {
    uint8_t *state;
    uint8_t *operand;
} HdMem;

static void hd_read(void *opaque, unsigned seg, uint32_t off, void *buf,
                    unsigned len)
{
    HdMem *m = opaque;
    uint8_t *base = seg == 2 ? m->state : m->operand;
    unsigned cap = seg == 2 ? 108 : HD_OPSIZE;
    for (unsigned i = 0; i < len; i++)
        ((uint8_t *)buf)[i] = off + i < cap ? base[off + i] : 0;
}
static void hd_write(void *opaque, unsigned seg, uint32_t off,
                     const void *buf, unsigned len)
{
    HdMem *m = opaque;
    uint8_t *base = seg == 2 ? m->state : m->operand;
    unsigned cap = seg == 2 ? 108 : HD_OPSIZE;
    for (unsigned i = 0; i < len; i++)
        if (off + i < cap) base[off + i] = ((const uint8_t *)buf)[i];
}

static inline void hd_emulate(uint8_t opc, uint8_t modrm, uint8_t img[108],
                              uint8_t operand[HD_OPSIZE])
{
    X87 f;
    x87_power_on(&f);
    HdMem m = {img, operand};
    X87MemIf mi = {hd_read, hd_write, &m};
    X87Op op;
    memset(&op, 0, sizeof op);
    op.op32 = true;
    op.pm = true;
    op.seg = 2;
    op.opcode = 0xDD;
    op.modrm = 0x26; /* FRSTOR */
    x87_execute(&f, &op, &mi);
    op.opcode = opc;
    op.modrm = modrm;
    op.seg = 3;
    x87_execute(&f, &op, &mi);
    op.opcode = 0xDD;
    op.modrm = 0x36; /* FNSAVE */
    op.seg = 2;
    x87_execute(&f, &op, &mi);
}

#if HOSTDIFF_AVAILABLE
typedef void (*HdHostFn)(void *operand, void *state);
static uint8_t *hd_code;

static inline bool hostdiff_ok(void)
{
    if (!hd_code) {
        void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return false;
        hd_code = p;
    }
    return true;
}

static inline void hd_host(uint8_t opc, uint8_t modrm, uint8_t img[108],
                           uint8_t operand[HD_OPSIZE])
{
    uint8_t *c = hd_code;
    unsigned n = 0;
    c[n++] = 0xDD; c[n++] = 0x26;             /* frstor [rsi] */
    c[n++] = opc;
    c[n++] = modrm >= 0xC0 ? modrm : (uint8_t)((modrm & 0x38) | 0x07);
    c[n++] = 0xDD; c[n++] = 0x36;             /* fnsave [rsi] */
    c[n++] = 0xC3;
    HdHostFn fn;
    void *vp = hd_code;
    memcpy(&fn, &vp, sizeof fn);
    fn(operand, img);
}
#else
static inline bool hostdiff_ok(void) { return false; }
static inline void hd_host(uint8_t opc, uint8_t modrm, uint8_t img[108],
                           uint8_t operand[HD_OPSIZE])
{
    (void)opc; (void)modrm; (void)img; (void)operand;
}
#endif

/* --- forms under test ------------------------------------------------------- */

typedef struct HdForm {
    const char *name;
    uint8_t opc, modrm; /* modrm: memory forms give reg field only */
    uint8_t mem;        /* HD_* memory kind; HD_NONE = register form */
    uint8_t reg_any;    /* register forms: low 3 bits randomised */
    uint8_t approx;     /* transcendental: compare within 1 ulp; the
                           value is the operand domain (HD_DOM_*) */
} HdForm;

/* Operand domains of the transcendentals: ST(0) is drawn from the
 * documented domain 3 times in 4; outside it (FYL2XP1: |x| >= 1/4 here)
 * the x87 result is undefined and such cases are skipped. */
enum { HD_DOM_ANY = 1, HD_DOM_F2XM1, HD_DOM_YL2XP1, HD_DOM_POS };

static const HdForm hd_forms[] = {
    {"fadd m32", 0xD8, 0x00, HD_F32, 0, 0}, {"fmul m32", 0xD8, 0x08, HD_F32, 0, 0},
    {"fcom m32", 0xD8, 0x10, HD_F32, 0, 0}, {"fcomp m32", 0xD8, 0x18, HD_F32, 0, 0},
    {"fsub m32", 0xD8, 0x20, HD_F32, 0, 0}, {"fsubr m32", 0xD8, 0x28, HD_F32, 0, 0},
    {"fdiv m32", 0xD8, 0x30, HD_F32, 0, 0}, {"fdivr m32", 0xD8, 0x38, HD_F32, 0, 0},
    {"fadd st,st(i)", 0xD8, 0xC0, HD_NONE, 1, 0}, {"fmul st,st(i)", 0xD8, 0xC8, HD_NONE, 1, 0},
    {"fcom st(i)", 0xD8, 0xD0, HD_NONE, 1, 0}, {"fcomp st(i)", 0xD8, 0xD8, HD_NONE, 1, 0},
    {"fsub st,st(i)", 0xD8, 0xE0, HD_NONE, 1, 0}, {"fsubr st,st(i)", 0xD8, 0xE8, HD_NONE, 1, 0},
    {"fdiv st,st(i)", 0xD8, 0xF0, HD_NONE, 1, 0}, {"fdivr st,st(i)", 0xD8, 0xF8, HD_NONE, 1, 0},
    {"fld m32", 0xD9, 0x00, HD_F32, 0, 0}, {"fst m32", 0xD9, 0x10, HD_F32, 0, 0},
    {"fstp m32", 0xD9, 0x18, HD_F32, 0, 0}, {"fldcw", 0xD9, 0x28, HD_CW, 0, 0},
    {"fnstcw", 0xD9, 0x38, HD_F32, 0, 0},
    {"fld st(i)", 0xD9, 0xC0, HD_NONE, 1, 0}, {"fxch st(i)", 0xD9, 0xC8, HD_NONE, 1, 0},
    {"fnop", 0xD9, 0xD0, HD_NONE, 0, 0},
    {"fchs", 0xD9, 0xE0, HD_NONE, 0, 0}, {"fabs", 0xD9, 0xE1, HD_NONE, 0, 0},
    {"ftst", 0xD9, 0xE4, HD_NONE, 0, 0}, {"fxam", 0xD9, 0xE5, HD_NONE, 0, 0},
    {"fld1", 0xD9, 0xE8, HD_NONE, 0, 0}, {"fldl2t", 0xD9, 0xE9, HD_NONE, 0, 0},
    {"fldl2e", 0xD9, 0xEA, HD_NONE, 0, 0}, {"fldpi", 0xD9, 0xEB, HD_NONE, 0, 0},
    {"fldlg2", 0xD9, 0xEC, HD_NONE, 0, 0}, {"fldln2", 0xD9, 0xED, HD_NONE, 0, 0},
    {"fldz", 0xD9, 0xEE, HD_NONE, 0, 0},
    {"f2xm1", 0xD9, 0xF0, HD_NONE, 0, HD_DOM_F2XM1}, {"fyl2x", 0xD9, 0xF1, HD_NONE, 0, HD_DOM_POS},
    {"fptan", 0xD9, 0xF2, HD_NONE, 0, 1}, {"fpatan", 0xD9, 0xF3, HD_NONE, 0, 1},
    {"fxtract", 0xD9, 0xF4, HD_NONE, 0, 0}, {"fprem1", 0xD9, 0xF5, HD_NONE, 0, 0},
    {"fdecstp", 0xD9, 0xF6, HD_NONE, 0, 0}, {"fincstp", 0xD9, 0xF7, HD_NONE, 0, 0},
    {"fprem", 0xD9, 0xF8, HD_NONE, 0, 0}, {"fyl2xp1", 0xD9, 0xF9, HD_NONE, 0, HD_DOM_YL2XP1},
    {"fsqrt", 0xD9, 0xFA, HD_NONE, 0, 0}, {"fsincos", 0xD9, 0xFB, HD_NONE, 0, 1},
    {"frndint", 0xD9, 0xFC, HD_NONE, 0, 0}, {"fscale", 0xD9, 0xFD, HD_NONE, 0, 0},
    {"fsin", 0xD9, 0xFE, HD_NONE, 0, 1}, {"fcos", 0xD9, 0xFF, HD_NONE, 0, 1},
    {"fiadd m32", 0xDA, 0x00, HD_I32, 0, 0}, {"fimul m32", 0xDA, 0x08, HD_I32, 0, 0},
    {"ficom m32", 0xDA, 0x10, HD_I32, 0, 0}, {"ficomp m32", 0xDA, 0x18, HD_I32, 0, 0},
    {"fisub m32", 0xDA, 0x20, HD_I32, 0, 0}, {"fisubr m32", 0xDA, 0x28, HD_I32, 0, 0},
    {"fidiv m32", 0xDA, 0x30, HD_I32, 0, 0}, {"fidivr m32", 0xDA, 0x38, HD_I32, 0, 0},
    {"fucompp", 0xDA, 0xE9, HD_NONE, 0, 0},
    {"fild m32", 0xDB, 0x00, HD_I32, 0, 0}, {"fist m32", 0xDB, 0x10, HD_I32, 0, 0},
    {"fistp m32", 0xDB, 0x18, HD_I32, 0, 0}, {"fld m80", 0xDB, 0x28, HD_F80, 0, 0},
    {"fstp m80", 0xDB, 0x38, HD_F80, 0, 0},
    {"fnclex", 0xDB, 0xE2, HD_NONE, 0, 0}, {"fninit", 0xDB, 0xE3, HD_NONE, 0, 0},
    {"fadd m64", 0xDC, 0x00, HD_F64, 0, 0}, {"fmul m64", 0xDC, 0x08, HD_F64, 0, 0},
    {"fcom m64", 0xDC, 0x10, HD_F64, 0, 0}, {"fcomp m64", 0xDC, 0x18, HD_F64, 0, 0},
    {"fsub m64", 0xDC, 0x20, HD_F64, 0, 0}, {"fsubr m64", 0xDC, 0x28, HD_F64, 0, 0},
    {"fdiv m64", 0xDC, 0x30, HD_F64, 0, 0}, {"fdivr m64", 0xDC, 0x38, HD_F64, 0, 0},
    {"fadd st(i),st", 0xDC, 0xC0, HD_NONE, 1, 0}, {"fmul st(i),st", 0xDC, 0xC8, HD_NONE, 1, 0},
    {"fsubr st(i),st", 0xDC, 0xE0, HD_NONE, 1, 0}, {"fsub st(i),st", 0xDC, 0xE8, HD_NONE, 1, 0},
    {"fdivr st(i),st", 0xDC, 0xF0, HD_NONE, 1, 0}, {"fdiv st(i),st", 0xDC, 0xF8, HD_NONE, 1, 0},
    {"fld m64", 0xDD, 0x00, HD_F64, 0, 0}, {"fst m64", 0xDD, 0x10, HD_F64, 0, 0},
    {"fstp m64", 0xDD, 0x18, HD_F64, 0, 0}, {"fnstsw m16", 0xDD, 0x38, HD_I16, 0, 0},
    {"ffree st(i)", 0xDD, 0xC0, HD_NONE, 1, 0}, {"fst st(i)", 0xDD, 0xD0, HD_NONE, 1, 0},
    {"fstp st(i)", 0xDD, 0xD8, HD_NONE, 1, 0}, {"fucom st(i)", 0xDD, 0xE0, HD_NONE, 1, 0},
    {"fucomp st(i)", 0xDD, 0xE8, HD_NONE, 1, 0},
    {"fiadd m16", 0xDE, 0x00, HD_I16, 0, 0}, {"fimul m16", 0xDE, 0x08, HD_I16, 0, 0},
    {"ficom m16", 0xDE, 0x10, HD_I16, 0, 0}, {"ficomp m16", 0xDE, 0x18, HD_I16, 0, 0},
    {"fisub m16", 0xDE, 0x20, HD_I16, 0, 0}, {"fisubr m16", 0xDE, 0x28, HD_I16, 0, 0},
    {"fidiv m16", 0xDE, 0x30, HD_I16, 0, 0}, {"fidivr m16", 0xDE, 0x38, HD_I16, 0, 0},
    {"faddp st(i),st", 0xDE, 0xC0, HD_NONE, 1, 0}, {"fmulp st(i),st", 0xDE, 0xC8, HD_NONE, 1, 0},
    {"fcompp", 0xDE, 0xD9, HD_NONE, 0, 0},
    {"fsubrp st(i),st", 0xDE, 0xE0, HD_NONE, 1, 0}, {"fsubp st(i),st", 0xDE, 0xE8, HD_NONE, 1, 0},
    {"fdivrp st(i),st", 0xDE, 0xF0, HD_NONE, 1, 0}, {"fdivp st(i),st", 0xDE, 0xF8, HD_NONE, 1, 0},
    {"fild m16", 0xDF, 0x00, HD_I16, 0, 0}, {"fist m16", 0xDF, 0x10, HD_I16, 0, 0},
    {"fistp m16", 0xDF, 0x18, HD_I16, 0, 0}, {"fbld", 0xDF, 0x20, HD_BCD, 0, 0},
    {"fild m64", 0xDF, 0x28, HD_I64, 0, 0}, {"fbstp", 0xDF, 0x30, HD_BCD, 0, 0},
    {"fistp m64", 0xDF, 0x38, HD_I64, 0, 0},
    {"fstp1 (alias)", 0xD9, 0xD8, HD_NONE, 1, 0}, {"fcom2 (alias)", 0xDC, 0xD0, HD_NONE, 1, 0},
    {"fcomp3 (alias)", 0xDC, 0xD8, HD_NONE, 1, 0}, {"fxch4 (alias)", 0xDD, 0xC8, HD_NONE, 1, 0},
    {"fcomp5 (alias)", 0xDE, 0xD0, HD_NONE, 1, 0}, {"ffreep", 0xDF, 0xC0, HD_NONE, 1, 0},
    {"fxch7 (alias)", 0xDF, 0xC8, HD_NONE, 1, 0}, {"fstp8 (alias)", 0xDF, 0xD0, HD_NONE, 1, 0},
    {"fstp9 (alias)", 0xDF, 0xD8, HD_NONE, 1, 0},
    {"fldenv m28", 0xD9, 0x20, HD_ENV, 0, 0}, {"fnstenv m28", 0xD9, 0x30, HD_ENV, 0, 0},
    {"frstor m108", 0xDD, 0x20, HD_ENV, 0, 0}, {"fnsave m108", 0xDD, 0x30, HD_ENV, 0, 0},
};
#define HD_NFORMS (sizeof hd_forms / sizeof hd_forms[0])

/* Distance in units of the last place between two register values of the
 * same sign and class (finite); large if not comparable. */
static inline uint64_t hd_ulps(const uint8_t *a, const uint8_t *b)
{
    uint64_t ma = 0, mb = 0;
    for (int i = 7; i >= 0; i--) {
        ma = ma << 8 | a[i];
        mb = mb << 8 | b[i];
    }
    uint16_t ea = hd_get16(a + 8), eb = hd_get16(b + 8);
    if ((ea ^ eb) & 0x8000) return ~0ull;
    ea &= 0x7FFF;
    eb &= 0x7FFF;
    if (ea == 0x7FFF || eb == 0x7FFF) return ~0ull;
    if (ea == eb) return ma > mb ? ma - mb : mb - ma;
    if (ea == eb + 1 && (ma >> 32) == 0x80000000u) return (~mb) + 1 + (ma - (1ull << 63)) * 2;
    if (eb == ea + 1 && (mb >> 32) == 0x80000000u) return (~ma) + 1 + (mb - (1ull << 63)) * 2;
    return ~0ull;
}

typedef struct HdResult {
    unsigned long cases, exact, within1, fail, skipped;
} HdResult;

/* Shape ST(0) of a state image into a transcendental's domain. */
static inline void hd_domain(HdRng *r, int dom, uint8_t *img)
{
    uint8_t *q = img + 28;
    uint16_t se = hd_get16(q + 8);
    if (dom <= HD_DOM_ANY || hd_below(r, 4) == 0) return;
    unsigned e;
    if (dom == HD_DOM_F2XM1) e = 16382 - hd_below(r, 70);
    else if (dom == HD_DOM_YL2XP1) e = 16380 - hd_below(r, 70);
    else e = 16383 - 64 + hd_below(r, 128);
    uint64_t m = hd_mant(r) | (1ull << 63);
    for (int b = 0; b < 8; b++) q[b] = (uint8_t)(m >> (8 * b));
    se = (uint16_t)(dom == HD_DOM_POS ? e : (e | (se & 0x8000)));
    hd_put16(q + 8, se);
}

/* Is ST(0) outside the defined domain (finite, nonzero, too large)? */
static inline bool hd_undefined(int dom, const uint8_t *img)
{
    const uint8_t *q = img + 28;
    unsigned e = hd_get16(q + 8) & 0x7FFF;
    if (dom != HD_DOM_YL2XP1 || e == 0 || e == 0x7FFF) return false;
    return e >= 16381;
}

/* Run `n` cases of one form.  Prints up to `show` failures to `out`. */
static inline HdResult hd_run_form(const HdForm *fm, unsigned long n,
                                   uint64_t seed, int show, FILE *out)
{
    HdResult res = {0, 0, 0, 0, 0};
    HdRng r = {seed * 0x9E3779B97F4A7C15ull + 1};
    for (unsigned long k = 0; k < n; k++) {
        uint8_t img_h[108], img_e[108], op_h[HD_OPSIZE], op_e[HD_OPSIZE];
        hd_state(&r, img_h, true);
        hd_memop(&r, fm->mem, op_h);
        if (fm->mem == HD_ENV) hd_envop(&r, op_h);
        if (fm->approx) {
            hd_domain(&r, fm->approx, img_h);
            if (hd_undefined(fm->approx, img_h)) {
                res.skipped++;
                continue;
            }
        }
        uint8_t modrm = fm->modrm;
        if (fm->reg_any) modrm = (uint8_t)(modrm | hd_below(&r, 8));
        /* FPREM family: make the exponent gap small sometimes so it
         * completes. */
        memcpy(img_e, img_h, 108);
        memcpy(op_e, op_h, HD_OPSIZE);
        uint8_t img0[108], op0[HD_OPSIZE];
        memcpy(img0, img_h, 108);
        memcpy(op0, op_h, HD_OPSIZE);
        hd_host(fm->opc, modrm, img_h, op_h);
        hd_emulate(fm->opc, modrm, img_e, op_e);
        res.cases++;
        if (fm->mem == HD_ENV) { /* pointer fields: host stores RIP etc. */
            memset(op_h + 12, 0, 16);
            memset(op_e + 12, 0, 16);
        }
        bool same = memcmp(op_h, op_e, HD_OPSIZE) == 0 &&
                    memcmp(img_h + 28, img_e + 28, 80) == 0 &&
                    hd_get16(img_h) == hd_get16(img_e) &&
                    hd_get16(img_h + 4) == hd_get16(img_e + 4) &&
                    hd_get16(img_h + 8) == hd_get16(img_e + 8);
        if (same) {
            res.exact++;
            continue;
        }
        if (fm->approx) {
            /* Transcendentals: every register within 1 ulp, status word
             * equal apart from C1 (rounding direction) and PE. */
            bool ok = hd_get16(img_h) == hd_get16(img_e) &&
                      ((hd_get16(img_h + 4) ^ hd_get16(img_e + 4)) & ~0x0220) == 0 &&
                      hd_get16(img_h + 8) == hd_get16(img_e + 8);
            for (int i = 0; ok && i < 8; i++) {
                const uint8_t *a = img_h + 28 + 10 * i, *b = img_e + 28 + 10 * i;
                if (memcmp(a, b, 10) && hd_ulps(a, b) > 1) ok = false;
            }
            if (ok) {
                res.within1++;
                continue;
            }
        }
        res.fail++;
        if (show > 0 && out) {
            show--;
            fprintf(out, "MISMATCH %s (%02X %02X) case %lu\n", fm->name,
                    fm->opc, modrm, k);
            fprintf(out, "  in : cw=%04X sw=%04X tw=%04X  mem=", hd_get16(img0),
                    hd_get16(img0 + 4), hd_get16(img0 + 8));
            for (int i = 9; i >= 0; i--) fprintf(out, "%02X", op0[i]);
            fprintf(out, "\n");
            for (int i = 0; i < 3; i++) {
                const uint8_t *q = img0 + 28 + 10 * i;
                fprintf(out, "       st%d=%04X:%016llX\n", i, hd_get16(q + 8),
                        (unsigned long long)(((uint64_t)hd_get16(q + 6) << 48) |
                                             ((uint64_t)hd_get16(q + 4) << 32) |
                                             ((uint64_t)hd_get16(q + 2) << 16) |
                                             hd_get16(q)));
            }
            const uint8_t *imgs[2] = {img_h, img_e};
            const uint8_t *ops[2] = {op_h, op_e};
            for (int s = 0; s < 2; s++) {
                const uint8_t *im = imgs[s];
                fprintf(out, "  %s: cw=%04X sw=%04X tw=%04X  mem=",
                        s ? "emu " : "host", hd_get16(im), hd_get16(im + 4),
                        hd_get16(im + 8));
                for (int i = 9; i >= 0; i--) fprintf(out, "%02X", ops[s][i]);
                fprintf(out, "\n");
                for (int i = 0; i < 3; i++) {
                    const uint8_t *q = im + 28 + 10 * i;
                    fprintf(out, "       st%d=%04X:%016llX\n", i, hd_get16(q + 8),
                            (unsigned long long)(((uint64_t)hd_get16(q + 6) << 48) |
                                                 ((uint64_t)hd_get16(q + 4) << 32) |
                                                 ((uint64_t)hd_get16(q + 2) << 16) |
                                                 hd_get16(q)));
                }
            }
        }
    }
    return res;
}

#endif
