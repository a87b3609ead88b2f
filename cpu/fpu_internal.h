/*
 * cpu/fpu_internal.h — private interface between the x87 source files:
 * the integer-only 80-bit arithmetic (fpu_soft.c), format conversions
 * (fpu_convert.c), transcendentals (fpu_trans.c) and the instruction layer
 * (fpu_ops.c).  Nothing here is visible outside cpu/fpu_*.c.
 */
#ifndef PX86_CPU_FPU_INTERNAL_H
#define PX86_CPU_FPU_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/fpu.h"

#define FX_BIAS 16383
#define FX_EXP_MAX 0x7FFF
#define FX_J 0x8000000000000000ull
#define FX_QUIET 0x4000000000000000ull
/* Exponent bias adjustment for unmasked overflow/underflow (SDM 4.9.1.4). */
#define FX_WRAP 24576

/* Operand classes as the 387 sees them. */
typedef enum FxClass {
    FXC_ZERO,
    FXC_NORMAL,
    FXC_DENORMAL,    /* exponent 0, J=0 (true denormal) or J=1 (pseudo) */
    FXC_INF,
    FXC_QNAN,
    FXC_SNAN,
    FXC_UNSUPPORTED, /* unnormal, pseudo-NaN, pseudo-infinity */
} FxClass;

/* Arithmetic context: rounding/precision in, exception flags out.
 * `exc` accumulates X87_SW_IE..PE plus X87_SW_C1 ("rounded up"). */
typedef struct FxCtx {
    unsigned pc;    /* significand bits: 24, 53 or 64 */
    unsigned rc;    /* 0 nearest, 1 down, 2 up, 3 chop */
    uint16_t masks; /* control-word exception masks (bits 0..5) */
    uint16_t exc;
} FxCtx;

static inline bool fx_sign(Fx80 a) { return (a.sign_exp & 0x8000) != 0; }
static inline unsigned fx_exp(Fx80 a) { return a.sign_exp & 0x7FFF; }
static inline Fx80 fx_make(bool s, unsigned e, uint64_t m)
{
    Fx80 r = {m, (uint16_t)((s ? 0x8000 : 0) | (e & 0x7FFF))};
    return r;
}
static inline bool fx_unmasked(const FxCtx *c, uint16_t bit)
{
    return (c->exc & bit & ~c->masks) != 0;
}

extern const Fx80 fx_default_nan; /* "real indefinite": FFFF C000..0 */

FxClass fx_classify(Fx80 a);
/* Round and pack sign * (hi:lo as 1.127 fixed point) * 2^(exp-FX_BIAS).
 * `bits` = significand bits kept, `emax` = all-ones exponent of the target
 * format, `bias` its bias (80-bit: 64/53/24, 0x7FFF, 16383).  For narrower
 * formats the result is returned in the target's bias (exp field) with the
 * significand still left-aligned in mant (J at bit 63).  Applies the
 * masked/unmasked overflow/underflow responses (wrap only when `wrap`). */
Fx80 fx_round_pack(FxCtx *c, bool sign, int32_t exp, uint64_t hi,
                   uint64_t lo, unsigned bits, unsigned emax, int32_t bias,
                   bool wrap);
/* Same for the 80-bit register format under the context's precision. */
Fx80 fx_round80(FxCtx *c, bool sign, int32_t exp, uint64_t hi, uint64_t lo);

/* Two-operand NaN/unsupported screening.  Returns true and sets *res if
 * the result is decided (a NaN); raises IE for SNaN/unsupported. */
bool fx_nan_pair(FxCtx *c, Fx80 a, Fx80 b, Fx80 *res);
bool fx_nan_one(FxCtx *c, Fx80 a, Fx80 *res);
/* Unpack a finite nonzero value to normalized significand + unbounded
 * exponent (denormals normalized).  Returns the exponent. */
int32_t fx_unpack(Fx80 a, uint64_t *mant);

Fx80 fx_add(FxCtx *c, Fx80 a, Fx80 b, bool subtract);
Fx80 fx_mul(FxCtx *c, Fx80 a, Fx80 b);
Fx80 fx_div(FxCtx *c, Fx80 a, Fx80 b);
Fx80 fx_sqrt(FxCtx *c, Fx80 a);
Fx80 fx_round_int(FxCtx *c, Fx80 a);
Fx80 fx_scale(FxCtx *c, Fx80 a, Fx80 b);
/* FXTRACT: exponent (as a real) and significand (exponent 0); a NaN
 * operand gives the NaN for both. */
void fx_extract(FxCtx *c, Fx80 a, Fx80 *expo, Fx80 *sig);
/* FPREM (ieee=false) / FPREM1: returns remainder; *cc receives C0..C3 bits
 * in status-word positions. */
Fx80 fx_prem(FxCtx *c, Fx80 a, Fx80 b, bool ieee, uint16_t *cc);
/* Comparison: returns C3/C2/C0 bits; quiet=true for FUCOM. */
uint16_t fx_compare(FxCtx *c, Fx80 a, Fx80 b, bool quiet);
uint16_t fx_examine(Fx80 a, bool empty);

/* Conversions (fpu_convert.c). */
Fx80 fx_from_int64(int64_t v);
int64_t fx_to_int(FxCtx *c, Fx80 a, unsigned bits, bool *store);
Fx80 fx_from_f32(FxCtx *c, uint32_t v);
Fx80 fx_from_f64(FxCtx *c, uint64_t v);
uint32_t fx_to_f32(FxCtx *c, Fx80 a);
uint64_t fx_to_f64(FxCtx *c, Fx80 a);
Fx80 fx_from_bcd(const uint8_t b[10]);
/* Returns false if nothing may be stored (unmasked IE). */
bool fx_to_bcd(FxCtx *c, Fx80 a, uint8_t out[10]);

/* Transcendentals (fpu_trans.c).  Return codes as the instructions need. */
Fx80 fx_f2xm1(FxCtx *c, Fx80 a);
Fx80 fx_fyl2x(FxCtx *c, Fx80 x, Fx80 y);
Fx80 fx_fyl2xp1(FxCtx *c, Fx80 x, Fx80 y);
Fx80 fx_fpatan(FxCtx *c, Fx80 x, Fx80 y);
/* FSIN/FCOS/FSINCOS/FPTAN: *out_of_range set (C2=1, operand unchanged)
 * when |a| >= 2^63.  want: 1 sin, 2 cos, 3 both, 4 tan. */
void fx_trig(FxCtx *c, Fx80 a, int want, Fx80 *r1, Fx80 *r2,
             bool *out_of_range);

/* 128-bit helpers. */
typedef struct U128 {
    uint64_t hi, lo;
} U128;
U128 u128_mul64(uint64_t a, uint64_t b);
static inline int clz64(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
    return x ? __builtin_clzll(x) : 64;
#else
    int n = 0;
    if (!x) return 64;
    while (!(x & FX_J)) {
        x <<= 1;
        n++;
    }
    return n;
#endif
}

#endif
