/*
 * cpu/fpu_soft.c — integer-only 80-bit (double-extended) arithmetic as the
 * 387 performs it: classification (including the "unsupported" unnormal /
 * pseudo-NaN / pseudo-infinity encodings the 387 rejects), rounding under
 * precision control 24/53/64 and the four rounding modes, masked and
 * unmasked overflow/underflow responses (SDM vol. 1, 4.9 and 8.5), NaN
 * propagation, and the basic operations add/sub/mul/div/sqrt, FRNDINT,
 * FSCALE, FXTRACT, FPREM/FPREM1 and comparisons.
 *
 * Values are handled as sign + unbounded int32 exponent + 128-bit
 * significand in 1.127 fixed point (J at bit 63 of `hi`), so every
 * intermediate is exact until the single final rounding.
 */
#include "cpu/fpu_internal.h"

const Fx80 fx_default_nan = {0xC000000000000000ull, 0xFFFF};

U128 u128_mul64(uint64_t a, uint64_t b)
{
    uint64_t al = a & 0xFFFFFFFFu, ah = a >> 32;
    uint64_t bl = b & 0xFFFFFFFFu, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (lh & 0xFFFFFFFFu) + (hl & 0xFFFFFFFFu);
    U128 r;
    r.lo = (ll & 0xFFFFFFFFu) | (mid << 32);
    r.hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    return r;
}

FxClass fx_classify(Fx80 a)
{
    unsigned e = fx_exp(a);
    if (e == 0) return a.mant ? FXC_DENORMAL : FXC_ZERO;
    if (!(a.mant & FX_J)) return FXC_UNSUPPORTED;
    if (e == FX_EXP_MAX) {
        if (!(a.mant << 1)) return FXC_INF;
        return (a.mant & FX_QUIET) ? FXC_QNAN : FXC_SNAN;
    }
    return FXC_NORMAL;
}

int32_t fx_unpack(Fx80 a, uint64_t *mant)
{
    int32_t e = (int32_t)fx_exp(a);
    uint64_t m = a.mant;
    if (e == 0) e = 1; /* denormals and pseudo-denormals scale as 2^-16382 */
    int s = clz64(m);
    *mant = m << s;
    return e - s;
}

/* Shift hi:lo right by n, ORing everything shifted out into bit 0. */
static void shr128_sticky(uint64_t *hi, uint64_t *lo, uint32_t n)
{
    if (n == 0) return;
    if (n >= 128) {
        *lo = (*hi | *lo) != 0;
        *hi = 0;
        return;
    }
    if (n >= 64) {
        uint64_t out = *lo | (n > 64 ? (*hi << (128 - n)) : 0);
        *lo = (n == 64 ? *hi : *hi >> (n - 64)) | (out != 0);
        *hi = 0;
        return;
    }
    uint64_t out = *lo << (64 - n);
    *lo = (*lo >> n) | (*hi << (64 - n)) | (out != 0);
    *hi >>= n;
}

/* The bits of the normalized hi:lo below its top `bits`: the first of
 * them (half an ulp) and whether any other is set. */
static void round_bits(uint64_t hi, uint64_t lo, unsigned bits, bool *half,
                       bool *rest)
{
    unsigned shift = 64 - bits;
    if (shift) {
        uint64_t rmask = (1ull << shift) - 1;
        *half = (hi >> (shift - 1)) & 1;
        *rest = (hi & (rmask >> 1)) || lo;
    } else {
        *half = lo >> 63;
        *rest = (lo << 1) != 0;
    }
}

/* Would rounding the normalized hi:lo to `bits` carry out of the
 * significand (i.e. produce the next power of two)? */
static bool rounds_to_carry(const FxCtx *c, bool sign, uint64_t hi,
                            uint64_t lo, unsigned bits)
{
    unsigned shift = 64 - bits;
    uint64_t rmask = shift ? ((1ull << shift) - 1) : 0;
    if ((hi | rmask) != ~0ull) return false;
    bool half, rest;
    round_bits(hi, lo, bits, &half, &rest);
    switch (c->rc) {
    case 0: return half; /* kept bits all ones: lsb odd */
    case 1: return (half || rest) && sign;
    case 2: return (half || rest) && !sign;
    default: return false;
    }
}

Fx80 fx_round_pack(FxCtx *c, bool sign, int32_t exp, uint64_t hi,
                   uint64_t lo, unsigned bits, unsigned emax, int32_t bias,
                   bool wrap)
{
    if (!hi && !lo) return fx_make(sign, 0, 0);
    if (!(hi & FX_J)) {
        int s = hi ? clz64(hi) : 64 + clz64(lo);
        if (s >= 64) {
            hi = lo << (s - 64);
            lo = 0;
        } else {
            hi = (hi << s) | (lo >> (64 - s));
            lo <<= s;
        }
        exp -= s;
    }
    int32_t e = exp - FX_BIAS + bias;
    bool tiny = false, denorm = false;
    if (e == 0 && rounds_to_carry(c, sign, hi, lo, bits)) {
        /* Tininess is detected after rounding (measured on the x87): a
         * value that rounds up to the smallest normal is not tiny. */
    } else if (e <= 0) {
        tiny = true;
        if (!(c->masks & X87_SW_UE)) {
            c->exc |= X87_SW_UE;
            if (wrap) {
                e += FX_WRAP;
                if (e <= 0) { /* beyond the wrap range (FSCALE): zero */
                    c->exc |= X87_SW_PE;
                    c->exc &= (uint16_t)~X87_SW_C1;
                    return fx_make(sign, 0, 0);
                }
            }
        }
        if (e <= 0) {
            shr128_sticky(&hi, &lo, (uint32_t)(1 - e));
            e = 0;
            denorm = true;
        }
    }
    unsigned shift = 64 - bits;
    uint64_t rmask = shift ? ((1ull << shift) - 1) : 0;
    bool half, rest;
    round_bits(hi, lo, bits, &half, &rest);
    bool inexact = half || rest;
    bool inc = false;
    switch (c->rc) {
    case 0: inc = half && (rest || ((hi >> shift) & 1)); break;
    case 1: inc = inexact && sign; break;
    case 2: inc = inexact && !sign; break;
    default: break;
    }
    hi &= ~rmask;
    if (inc) {
        hi += 1ull << shift;
        if (hi == 0) {
            hi = FX_J;
            e++;
        }
    }
    if (denorm && (hi & FX_J)) e = 1;
    if (tiny && inexact && (c->masks & X87_SW_UE)) c->exc |= X87_SW_UE;
    if (e >= (int32_t)emax) {
        if (!(c->masks & X87_SW_OE)) {
            c->exc |= X87_SW_OE;
            if (wrap) {
                e -= FX_WRAP;
                if (e >= (int32_t)emax) { /* beyond the wrap range: inf */
                    c->exc |= X87_SW_PE | X87_SW_C1;
                    return fx_make(sign, emax, FX_J);
                }
            }
        } else {
            c->exc |= X87_SW_OE | X87_SW_PE;
            bool to_inf = c->rc == 0 || (c->rc == 2 && !sign) ||
                          (c->rc == 1 && sign);
            if (to_inf) {
                c->exc |= X87_SW_C1;
                return fx_make(sign, emax, FX_J);
            }
            c->exc &= (uint16_t)~X87_SW_C1;
            return fx_make(sign, emax - 1, ~rmask);
        }
    }
    if (inexact) {
        c->exc |= X87_SW_PE;
        if (inc) c->exc |= X87_SW_C1;
    }
    return fx_make(sign, (unsigned)e, hi);
}

Fx80 fx_round80(FxCtx *c, bool sign, int32_t exp, uint64_t hi, uint64_t lo)
{
    return fx_round_pack(c, sign, exp, hi, lo, c->pc, FX_EXP_MAX, FX_BIAS,
                         true);
}

static Fx80 quiet(Fx80 a)
{
    a.mant |= FX_QUIET;
    return a;
}

static bool is_nan(FxClass k) { return k == FXC_QNAN || k == FXC_SNAN; }

bool fx_nan_one(FxCtx *c, Fx80 a, Fx80 *res)
{
    FxClass k = fx_classify(a);
    if (k == FXC_UNSUPPORTED) {
        c->exc |= X87_SW_IE;
        *res = fx_default_nan;
        return true;
    }
    if (is_nan(k)) {
        if (k == FXC_SNAN) c->exc |= X87_SW_IE;
        *res = quiet(a);
        return true;
    }
    return false;
}

bool fx_nan_pair(FxCtx *c, Fx80 a, Fx80 b, Fx80 *res)
{
    FxClass ka = fx_classify(a), kb = fx_classify(b);
    if (ka == FXC_UNSUPPORTED || kb == FXC_UNSUPPORTED) {
        c->exc |= X87_SW_IE;
        *res = fx_default_nan;
        return true;
    }
    if (!is_nan(ka) && !is_nan(kb)) return false;
    if (ka == FXC_SNAN || kb == FXC_SNAN) c->exc |= X87_SW_IE;
    if (is_nan(ka) && is_nan(kb)) {
        /* SDM vol. 1 table 4-7: SNaN and QNaN -> the QNaN; two of a kind
         * -> the larger significand. */
        if (ka != kb) *res = quiet(ka == FXC_QNAN ? a : b);
        else if (a.mant > b.mant) *res = quiet(a);
        else if (b.mant > a.mant) *res = quiet(b);
        else *res = fx_sign(a) ? quiet(b) : quiet(a);
    } else {
        *res = is_nan(ka) ? quiet(a) : quiet(b);
    }
    return true;
}

static bool denormal_check(FxCtx *c, FxClass ka, FxClass kb)
{
    if (ka == FXC_DENORMAL || kb == FXC_DENORMAL) c->exc |= X87_SW_DE;
    return fx_unmasked(c, X87_SW_DE);
}

Fx80 fx_add(FxCtx *c, Fx80 a, Fx80 b, bool subtract)
{
    Fx80 r;
    if (fx_nan_pair(c, a, b, &r)) return r;
    FxClass ka = fx_classify(a), kb = fx_classify(b);
    bool sa = fx_sign(a), sb = fx_sign(b) ^ subtract;
    if (ka == FXC_INF || kb == FXC_INF) {
        if (ka == FXC_INF && kb == FXC_INF && sa != sb) {
            c->exc |= X87_SW_IE;
            return fx_default_nan;
        }
        if (denormal_check(c, ka, kb)) return a;
        return ka == FXC_INF ? fx_make(sa, FX_EXP_MAX, FX_J)
                             : fx_make(sb, FX_EXP_MAX, FX_J);
    }
    if (denormal_check(c, ka, kb)) return a;
    if (ka == FXC_ZERO && kb == FXC_ZERO) {
        bool s = sa == sb ? sa : c->rc == 1;
        return fx_make(s, 0, 0);
    }
    uint64_t ma, mb;
    if (ka == FXC_ZERO) {
        int32_t eb = fx_unpack(b, &mb);
        return fx_round80(c, sb, eb, mb, 0);
    }
    int32_t ea = fx_unpack(a, &ma);
    if (kb == FXC_ZERO) return fx_round80(c, sa, ea, ma, 0);
    int32_t eb = fx_unpack(b, &mb);
    if (eb > ea || (eb == ea && mb > ma)) {
        int32_t te = ea; ea = eb; eb = te;
        uint64_t tm = ma; ma = mb; mb = tm;
        bool ts = sa; sa = sb; sb = ts;
    }
    uint64_t bh = mb, bl = 0;
    shr128_sticky(&bh, &bl, (uint32_t)(ea - eb));
    uint64_t hi, lo;
    if (sa == sb) {
        lo = bl;
        hi = ma + bh;
        if (hi < ma) { /* carry out: shift right one, keep sticky */
            uint64_t sticky = lo & 1;
            lo = (lo >> 1) | (hi << 63) | sticky;
            hi = (hi >> 1) | FX_J;
            ea++;
        }
    } else {
        lo = 0 - bl;
        hi = ma - bh - (bl != 0);
        if (!hi && !lo) return fx_make(c->rc == 1, 0, 0);
    }
    return fx_round80(c, sa, ea, hi, lo);
}

Fx80 fx_mul(FxCtx *c, Fx80 a, Fx80 b)
{
    Fx80 r;
    if (fx_nan_pair(c, a, b, &r)) return r;
    FxClass ka = fx_classify(a), kb = fx_classify(b);
    bool s = fx_sign(a) ^ fx_sign(b);
    if (ka == FXC_INF || kb == FXC_INF) {
        if (ka == FXC_ZERO || kb == FXC_ZERO) {
            c->exc |= X87_SW_IE;
            return fx_default_nan;
        }
        if (denormal_check(c, ka, kb)) return a;
        return fx_make(s, FX_EXP_MAX, FX_J);
    }
    if (denormal_check(c, ka, kb)) return a;
    if (ka == FXC_ZERO || kb == FXC_ZERO) return fx_make(s, 0, 0);
    uint64_t ma, mb;
    int32_t ea = fx_unpack(a, &ma), eb = fx_unpack(b, &mb);
    U128 p = u128_mul64(ma, mb);
    return fx_round80(c, s, ea + eb - FX_BIAS + 1, p.hi, p.lo);
}

Fx80 fx_div(FxCtx *c, Fx80 a, Fx80 b)
{
    Fx80 r;
    if (fx_nan_pair(c, a, b, &r)) return r;
    FxClass ka = fx_classify(a), kb = fx_classify(b);
    bool s = fx_sign(a) ^ fx_sign(b);
    if ((ka == FXC_INF && kb == FXC_INF) ||
        (ka == FXC_ZERO && kb == FXC_ZERO)) {
        c->exc |= X87_SW_IE;
        return fx_default_nan;
    }
    if (ka == FXC_INF) {
        if (denormal_check(c, ka, kb)) return a;
        return fx_make(s, FX_EXP_MAX, FX_J);
    }
    if (kb == FXC_INF) {
        if (denormal_check(c, ka, kb)) return a;
        return fx_make(s, 0, 0);
    }
    if (kb == FXC_ZERO) { /* ZE outranks DE (SDM 4.9.2) */
        c->exc |= X87_SW_ZE;
        return fx_make(s, FX_EXP_MAX, FX_J);
    }
    if (denormal_check(c, ka, kb)) return a;
    if (ka == FXC_ZERO) return fx_make(s, 0, 0);
    uint64_t ma, mb;
    int32_t ea = fx_unpack(a, &ma), eb = fx_unpack(b, &mb);
    int32_t e = ea - eb + FX_BIAS;
    uint64_t rem = ma;
    unsigned carry = 0;
    if (ma < mb) {
        e--;
        carry = (unsigned)(rem >> 63);
        rem <<= 1;
    }
    uint64_t hi = 0, lo = 0;
    for (int i = 0; i < 66; i++) {
        unsigned bit = 0;
        if (carry || rem >= mb) {
            rem -= mb;
            bit = 1;
        }
        if (i < 64) hi = (hi << 1) | bit;
        else lo |= (uint64_t)bit << (127 - i);
        carry = (unsigned)(rem >> 63);
        rem <<= 1;
    }
    if (rem || carry) lo |= 1;
    return fx_round80(c, s, e, hi, lo);
}

/* 128-bit compare/sub/shift helpers for the square root. */
static bool u128_ge(U128 a, U128 b)
{
    return a.hi > b.hi || (a.hi == b.hi && a.lo >= b.lo);
}
static U128 u128_sub(U128 a, U128 b)
{
    U128 r = {a.hi - b.hi - (a.lo < b.lo), a.lo - b.lo};
    return r;
}
static U128 u128_shl(U128 a, unsigned n)
{
    if (n == 0) return a;
    U128 r = {(a.hi << n) | (a.lo >> (64 - n)), a.lo << n};
    return r;
}

/* floor(sqrt(R)) for a 128-bit R; *rem receives R - q^2. */
static uint64_t isqrt128(U128 rad, U128 *rem)
{
    U128 r = {0, 0};
    uint64_t q = 0;
    for (int i = 0; i < 64; i++) {
        unsigned pair = (unsigned)(rad.hi >> 62);
        rad = u128_shl(rad, 2);
        r = u128_shl(r, 2);
        r.lo |= pair;
        /* trial = 4q + 1 (as 128-bit: q < 2^64) */
        U128 t = {q >> 62, (q << 2) | 1};
        if (u128_ge(r, t)) {
            r = u128_sub(r, t);
            q = (q << 1) | 1;
        } else {
            q <<= 1;
        }
    }
    *rem = r;
    return q;
}

Fx80 fx_sqrt(FxCtx *c, Fx80 a)
{
    Fx80 r;
    if (fx_nan_one(c, a, &r)) return r;
    FxClass k = fx_classify(a);
    if (k == FXC_ZERO) return a;
    if (fx_sign(a)) {
        c->exc |= X87_SW_IE;
        return fx_default_nan;
    }
    if (k == FXC_INF) return a;
    if (denormal_check(c, k, FXC_NORMAL)) return a;
    uint64_t m;
    int32_t e = fx_unpack(a, &m) - FX_BIAS;
    U128 rad;
    if (e & 1) { /* value = m/2^62 * 2^(e-1) */
        rad.hi = m;
        rad.lo = 0;
        e -= 1;
    } else { /* value = m/2^63 * 2^e */
        rad.hi = m >> 1;
        rad.lo = m << 63;
    }
    U128 rem;
    uint64_t q = isqrt128(rad, &rem);
    /* Half bit: (q + 1/2)^2 <= R  <=>  R - q^2 > q (no exact halves). */
    bool half = rem.hi || rem.lo > q;
    bool sticky = rem.hi || rem.lo;
    uint64_t lo = (half ? FX_J : 0) | (sticky ? 1 : 0);
    return fx_round80(c, false, e / 2 + FX_BIAS, q, lo);
}

/* Round |a| (finite, nonzero) to an integer per RC.  Returns the magnitude
 * (saturated: *big set when >= 2^64) and reports inexact/increment. */
static uint64_t round_mag(FxCtx *c, Fx80 a, bool *big, bool *inexact,
                          bool *inc)
{
    uint64_t m;
    int32_t e = fx_unpack(a, &m) - FX_BIAS;
    bool sign = fx_sign(a);
    *big = false;
    *inexact = false;
    *inc = false;
    if (e >= 64) {
        *big = true;
        return 0;
    }
    if (e == 63) return m;
    uint64_t ip, frac;
    if (e < 0) {
        ip = 0;
        int32_t s = -1 - e;
        frac = s == 0 ? m
                      : s >= 64 ? 1 : (m >> s) | ((m << (64 - s)) != 0);
    } else {
        ip = m >> (63 - e);
        frac = m << (e + 1);
    }
    bool half = frac >> 63, rest = (frac << 1) != 0;
    *inexact = half || rest;
    switch (c->rc) {
    case 0: *inc = half && (rest || (ip & 1)); break;
    case 1: *inc = *inexact && sign; break;
    case 2: *inc = *inexact && !sign; break;
    default: break;
    }
    if (*inc) {
        ip++;
        if (ip == 0) *big = true;
    }
    return ip;
}

static Fx80 from_mag(bool sign, uint64_t v)
{
    if (!v) return fx_make(sign, 0, 0);
    int s = clz64(v);
    return fx_make(sign, (unsigned)(FX_BIAS + 63 - s), v << s);
}

Fx80 fx_round_int(FxCtx *c, Fx80 a)
{
    Fx80 r;
    if (fx_nan_one(c, a, &r)) return r;
    FxClass k = fx_classify(a);
    if (k == FXC_ZERO || k == FXC_INF) return a;
    if (denormal_check(c, k, FXC_NORMAL)) return a;
    if (fx_exp(a) >= FX_BIAS + 63) return a;
    bool big, inexact, inc;
    uint64_t v = round_mag(c, a, &big, &inexact, &inc);
    if (inexact) c->exc |= X87_SW_PE;
    if (inc) c->exc |= X87_SW_C1;
    if (big) return fx_make(fx_sign(a), FX_BIAS + 64, FX_J);
    return from_mag(fx_sign(a), v);
}

int64_t fx_to_int(FxCtx *c, Fx80 a, unsigned bits, bool *store)
{
    FxClass k = fx_classify(a);
    uint64_t indef = 1ull << (bits - 1);
    *store = true;
    if (k == FXC_UNSUPPORTED || k == FXC_QNAN || k == FXC_SNAN ||
        k == FXC_INF) {
        c->exc |= X87_SW_IE;
        *store = !fx_unmasked(c, X87_SW_IE);
        return (int64_t)indef;
    }
    if (k == FXC_ZERO) return 0;
    /* FIST/FBSTP of a denormal raise no DE (measured; SDM lists none). */
    bool big, inexact, inc;
    uint64_t v = round_mag(c, a, &big, &inexact, &inc);
    bool neg = fx_sign(a);
    if (big || v > (neg ? indef : indef - 1)) {
        c->exc |= X87_SW_IE;
        *store = !fx_unmasked(c, X87_SW_IE);
        return (int64_t)indef;
    }
    if (inexact) c->exc |= X87_SW_PE;
    if (inc) c->exc |= X87_SW_C1;
    return neg ? (int64_t)(0 - v) : (int64_t)v;
}

Fx80 fx_from_int64(int64_t v)
{
    bool neg = v < 0;
    uint64_t mag = neg ? 0 - (uint64_t)v : (uint64_t)v;
    return from_mag(neg, mag);
}

Fx80 fx_scale(FxCtx *c, Fx80 a, Fx80 b)
{
    Fx80 r;
    if (fx_nan_pair(c, a, b, &r)) return r;
    FxClass ka = fx_classify(a), kb = fx_classify(b);
    if (kb == FXC_INF) {
        if (fx_sign(b)) {
            if (ka == FXC_INF) {
                c->exc |= X87_SW_IE;
                return fx_default_nan;
            }
            if (denormal_check(c, ka, kb)) return a;
            return fx_make(fx_sign(a), 0, 0);
        }
        if (ka == FXC_ZERO) {
            c->exc |= X87_SW_IE;
            return fx_default_nan;
        }
        if (denormal_check(c, ka, kb)) return a;
        return fx_make(fx_sign(a), FX_EXP_MAX, FX_J);
    }
    if (denormal_check(c, ka, kb)) return a;
    if (ka == FXC_INF || ka == FXC_ZERO) return a;
    int32_t n = 0;
    if (kb != FXC_ZERO) {
        uint64_t mb;
        int32_t eb = fx_unpack(b, &mb) - FX_BIAS;
        if (eb >= 30) n = 1 << 30;
        else if (eb >= 0) n = (int32_t)(mb >> (63 - eb));
        if (fx_sign(b)) n = -n;
    }
    uint64_t ma;
    int32_t ea = fx_unpack(a, &ma);
    return fx_round_pack(c, fx_sign(a), ea + n, ma, 0, 64, FX_EXP_MAX,
                         FX_BIAS, true);
}

void fx_extract(FxCtx *c, Fx80 a, Fx80 *expo, Fx80 *sig)
{
    Fx80 r;
    if (fx_nan_one(c, a, &r)) {
        *expo = *sig = r;
        return;
    }
    FxClass k = fx_classify(a);
    if (k == FXC_ZERO) {
        c->exc |= X87_SW_ZE;
        *expo = fx_make(true, FX_EXP_MAX, FX_J);
        *sig = a;
        return;
    }
    if (k == FXC_INF) {
        *expo = fx_make(false, FX_EXP_MAX, FX_J);
        *sig = a;
        return;
    }
    if (denormal_check(c, k, FXC_NORMAL)) {
        *expo = *sig = a;
        return;
    }
    uint64_t m;
    int32_t e = fx_unpack(a, &m) - FX_BIAS;
    *sig = fx_make(fx_sign(a), FX_BIAS, m);
    *expo = fx_from_int64(e);
}

/* FPREM partial step size: the exponent is reduced by PREM_STEP at most
 * per instruction when the exponent difference is 64 or more (SDM FPREM:
 * "N = an implementation-dependent number between 32 and 63"). */
#ifndef PREM_STEP
#define PREM_STEP(d) (32 + ((d) & 31))
#endif

Fx80 fx_prem(FxCtx *c, Fx80 a, Fx80 b, bool ieee, uint16_t *cc)
{
    Fx80 r;
    *cc = 0;
    if (fx_nan_pair(c, a, b, &r)) return r;
    FxClass ka = fx_classify(a), kb = fx_classify(b);
    if (ka == FXC_INF || kb == FXC_ZERO) {
        c->exc |= X87_SW_IE;
        return fx_default_nan;
    }
    if (denormal_check(c, ka, kb)) return a;
    if (ka == FXC_ZERO) return a;
    uint64_t ma, mb;
    int32_t ea = fx_unpack(a, &ma), eb = fx_unpack(b, &mb);
    if (kb == FXC_INF) /* a itself, renormalized (UE if tiny, unmasked) */
        return fx_round_pack(c, fx_sign(a), ea, ma, 0, 64, FX_EXP_MAX,
                             FX_BIAS, true);
    int32_t d = ea - eb;
    bool sign = fx_sign(a);
    if (d < -1 || (d == -1 && !ieee))
        return fx_round_pack(c, sign, ea, ma, 0, 64, FX_EXP_MAX, FX_BIAS,
                             true);
    if (d >= 64) {
        /* Partial remainder: QQ = trunc((a/b) / 2^(d-N)), one step. */
        int32_t nbits = PREM_STEP(d) + 1;
        uint64_t rem = ma;
        unsigned carry = 0;
        for (int32_t i = 0; i < nbits; i++) {
            if (i) {
                carry = (unsigned)(rem >> 63);
                rem <<= 1;
            }
            if (carry || rem >= mb) rem -= mb;
        }
        *cc = X87_SW_C2;
        if (!rem) return fx_make(sign, 0, 0);
        return fx_round_pack(c, sign, ea - (nbits - 1), rem, 0, 64,
                             FX_EXP_MAX, FX_BIAS, true);
    }
    /* Complete remainder: R < B, both at exponent `er`. */
    uint64_t q = 0;
    U128 R, B;
    int32_t er;
    if (d < 0) { /* FPREM1, |a| in [|b|/4, |b|): quotient 0 so far */
        R.hi = 0;
        R.lo = ma;
        B.hi = mb >> 63;
        B.lo = mb << 1;
        er = ea;
    } else {
        uint64_t rem = ma;
        unsigned carry = 0;
        for (int32_t i = 0; i <= d; i++) {
            if (i) {
                carry = (unsigned)(rem >> 63);
                rem <<= 1;
            }
            q <<= 1;
            if (carry || rem >= mb) {
                rem -= mb;
                q |= 1;
            }
        }
        R.hi = 0;
        R.lo = rem;
        B.hi = 0;
        B.lo = mb;
        er = eb;
    }
    if (ieee) {
        U128 r2 = u128_shl(R, 1);
        bool gt = !u128_ge(B, r2);
        bool eq = r2.hi == B.hi && r2.lo == B.lo;
        if (gt || (eq && (q & 1))) {
            R = u128_sub(B, R);
            q++;
            sign = !sign;
        }
    }
    *cc = (uint16_t)(((q & 1) ? X87_SW_C1 : 0) | ((q & 2) ? X87_SW_C3 : 0) |
                     ((q & 4) ? X87_SW_C0 : 0));
    if (!R.hi && !R.lo) return fx_make(fx_sign(a), 0, 0);
    return fx_round_pack(c, sign, er + 64, R.hi, R.lo, 64, FX_EXP_MAX,
                         FX_BIAS, true);
}

uint16_t fx_compare(FxCtx *c, Fx80 a, Fx80 b, bool quiet_cmp)
{
    FxClass ka = fx_classify(a), kb = fx_classify(b);
    const uint16_t unordered = X87_SW_C3 | X87_SW_C2 | X87_SW_C0;
    if (ka == FXC_UNSUPPORTED || kb == FXC_UNSUPPORTED) {
        c->exc |= X87_SW_IE;
        return unordered;
    }
    if (is_nan(ka) || is_nan(kb)) {
        if (!quiet_cmp || ka == FXC_SNAN || kb == FXC_SNAN)
            c->exc |= X87_SW_IE;
        return unordered;
    }
    if (ka == FXC_DENORMAL || kb == FXC_DENORMAL) c->exc |= X87_SW_DE;
    if (ka == FXC_ZERO && kb == FXC_ZERO) return X87_SW_C3;
    bool sa = fx_sign(a), sb = fx_sign(b);
    int cmp; /* sign of a - b */
    if (ka == FXC_ZERO) cmp = sb ? 1 : -1;
    else if (kb == FXC_ZERO) cmp = sa ? -1 : 1;
    else if (sa != sb) cmp = sa ? -1 : 1;
    else {
        uint64_t ma, mb;
        int32_t ea = fx_unpack(a, &ma), eb = fx_unpack(b, &mb);
        if (ka == FXC_INF) { ea = 0x10000; ma = FX_J; }
        if (kb == FXC_INF) { eb = 0x10000; mb = FX_J; }
        int mag = ea != eb ? (ea > eb ? 1 : -1)
                           : (ma != mb ? (ma > mb ? 1 : -1) : 0);
        cmp = sa ? -mag : mag;
    }
    if (cmp == 0) return X87_SW_C3;
    return cmp < 0 ? X87_SW_C0 : 0;
}

uint16_t fx_examine(Fx80 a, bool empty)
{
    uint16_t c1 = fx_sign(a) ? X87_SW_C1 : 0;
    if (empty) return c1 | X87_SW_C3 | X87_SW_C0;
    switch (fx_classify(a)) {
    case FXC_UNSUPPORTED: return c1;
    case FXC_QNAN:
    case FXC_SNAN: return c1 | X87_SW_C0;
    case FXC_NORMAL: return c1 | X87_SW_C2;
    case FXC_INF: return c1 | X87_SW_C2 | X87_SW_C0;
    case FXC_ZERO: return c1 | X87_SW_C3;
    default: return c1 | X87_SW_C3 | X87_SW_C2;
    }
}
