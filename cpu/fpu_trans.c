/*
 * cpu/fpu_trans.c — x87 transcendental instructions: F2XM1, FYL2X,
 * FYL2XP1, FPATAN, FSIN, FCOS, FSINCOS, FPTAN.
 *
 * Computed in a small software float with a 128-bit significand (integer
 * arithmetic only, every step truncated), then rounded once to the 64-bit
 * register significand under RC (precision control does not apply to
 * these instructions, SDM vol. 1, 8.1.5.2).  The internal error is about
 * 2^-120 relative, so results are the correctly rounded ones except in
 * astronomically rare cases; the 387 documents < 1 ulp error, so the two
 * agree to within one ulp (tests/tools/fpudiff measures this).
 *
 * Trigonometric argument reduction follows the x87, not the mathematics:
 * the operand is reduced exactly modulo pi/2 using the FPU's 66-bit pi
 * (SDM vol. 1, 8.3.10 "Pi"), so for large operands results agree with real
 * x87 hardware rather than with an infinitely precise pi.  Operands with
 * |x| >= 2^63 are out of range: C2=1 and ST(0) is left unchanged.
 */
#include "cpu/fpu_internal.h"

/* value = m / 2^127 * 2^e, m normalized (bit 127 set) unless zero. */
typedef struct BF {
    bool s;
    int32_t e;
    U128 m;
} BF;

typedef struct BFConst {
    uint64_t hi, lo;
    int32_t e;
} BFConst;

static const BFConst C_PI = {0xc90fdaa22168c234ull, 0xc4c6628b80dc1cd1ull, 1};
static const BFConst C_LOG2E = {0xb8aa3b295c17f0bbull, 0xbe87fed0691d3e88ull,
                                0};
static const BFConst C_LN2 = {0xb17217f7d1cf79abull, 0xc9e3b39803f2f6afull,
                              -1};
/* atan(k/16), k = 1..16 */
static const BFConst C_ATAN[16] = {
    {0xffaaddb967ef4e36ull, 0xcb2792dc0e2e0d51ull, -5},
    {0xfeadd4d5617b6e32ull, 0xc897989f3e888ef7ull, -4},
    {0xbdcbda5e72d81134ull, 0x7b0b4f881c9c7487ull, -3},
    {0xfadbafc96406eb15ull, 0x6dc79ef5f7a217e5ull, -3},
    {0x9b13b9b83f5e5e69ull, 0xc5abb498d27af328ull, -2},
    {0xb7b0ca0f26f78473ull, 0x8aa32122dcfe4483ull, -2},
    {0xd327761e611fe5b6ull, 0x427c95e9001e7136ull, -2},
    {0xed63382b0dda7b45ull, 0x6fe445ecbc3a8d03ull, -2},
    {0x832bf4a6d9867e2aull, 0x4b6a09cb61a515c0ull, -1},
    {0x8f005d5ef7f59f9bull, 0x5c835e1665c43747ull, -1},
    {0x9a2f80e671bdda20ull, 0x4226f8e2204ff3bcull, -1},
    {0xa4bc7d1934f70924ull, 0x19a87f2a457dac9eull, -1},
    {0xaeac4c38b4d8c080ull, 0x14725e2f3e52070aull, -1},
    {0xb8053e2bc2319e73ull, 0xcb2da55210a4443dull, -1},
    {0xc0ce85b8ac526640ull, 0x89dd62c46e92fa24ull, -1},
    {0xc90fdaa22168c234ull, 0xc4c6628b80dc1cd1ull, -1},
};

static BF bf_const(const BFConst *k, bool s)
{
    BF r = {s, k->e, {k->hi, k->lo}};
    return r;
}

static BF bf_zero(void)
{
    BF r = {false, 0, {0, 0}};
    return r;
}
static bool bf_is_zero(BF a) { return !a.m.hi && !a.m.lo; }

static BF bf_norm(BF a)
{
    if (bf_is_zero(a)) return a;
    while (!(a.m.hi & FX_J)) {
        int s = a.m.hi ? clz64(a.m.hi) : 64;
        if (s >= 64) {
            a.m.hi = a.m.lo;
            a.m.lo = 0;
            a.e -= 64;
        } else {
            a.m.hi = (a.m.hi << s) | (a.m.lo >> (64 - s));
            a.m.lo <<= s;
            a.e -= s;
        }
    }
    return a;
}

static BF bf_from_fx(Fx80 a)
{
    BF r = bf_zero();
    r.s = fx_sign(a);
    if (fx_classify(a) == FXC_ZERO) return r;
    uint64_t m;
    r.e = fx_unpack(a, &m) - FX_BIAS;
    r.m.hi = m;
    return r;
}

static BF bf_from_int(int64_t v)
{
    BF r = bf_zero();
    r.s = v < 0;
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    r.m.hi = mag;
    r.e = 63;
    return bf_norm(r);
}

static U128 shr128(U128 a, int32_t n)
{
    if (n <= 0) return a;
    if (n >= 128) {
        U128 z = {0, 0};
        return z;
    }
    if (n >= 64) {
        U128 r = {0, a.hi >> (n - 64)};
        return r;
    }
    U128 r = {a.hi >> n, (a.lo >> n) | (a.hi << (64 - n))};
    return r;
}

static BF bf_add(BF a, BF b)
{
    if (bf_is_zero(a)) return b;
    if (bf_is_zero(b)) return a;
    if (b.e > a.e || (b.e == a.e && (b.m.hi > a.m.hi ||
                                     (b.m.hi == a.m.hi && b.m.lo > a.m.lo)))) {
        BF t = a;
        a = b;
        b = t;
    }
    int32_t d = a.e - b.e;
    U128 bm = shr128(b.m, d);
    /* Sticky: bits shifted out still count (they decide the directed
     * rounding of results such as 1 - tiny). */
    bool lost;
    if (d <= 0) lost = false;
    else if (d >= 128) lost = true;
    else if (d > 64) lost = b.m.lo != 0 || (b.m.hi << (128 - d)) != 0;
    else if (d == 64) lost = b.m.lo != 0;
    else lost = (b.m.lo << (64 - d)) != 0;
    if (lost) bm.lo |= 1;
    BF r = {a.s, a.e, {0, 0}};
    if (a.s == b.s) {
        r.m.lo = a.m.lo + bm.lo;
        uint64_t carry = r.m.lo < a.m.lo;
        r.m.hi = a.m.hi + bm.hi + carry;
        bool out = r.m.hi < a.m.hi || (carry && r.m.hi == a.m.hi);
        if (out) {
            r.m = shr128(r.m, 1);
            r.m.hi |= FX_J;
            r.e++;
        }
        return r;
    }
    r.m.lo = a.m.lo - bm.lo;
    r.m.hi = a.m.hi - bm.hi - (a.m.lo < bm.lo);
    return bf_norm(r);
}

static BF bf_neg(BF a)
{
    a.s = !a.s;
    return a;
}

static BF bf_mul(BF a, BF b)
{
    if (bf_is_zero(a) || bf_is_zero(b)) return bf_zero();
    U128 ll = u128_mul64(a.m.lo, b.m.lo), lh = u128_mul64(a.m.lo, b.m.hi);
    U128 hl = u128_mul64(a.m.hi, b.m.lo), hh = u128_mul64(a.m.hi, b.m.hi);
    /* 256-bit sum; keep the top 128 (w3:w2). */
    uint64_t w1 = ll.hi, c1 = 0;
    w1 += lh.lo; c1 += w1 < lh.lo;
    w1 += hl.lo; c1 += w1 < hl.lo;
    uint64_t w2 = hh.lo, c2 = 0;
    w2 += lh.hi; c2 += w2 < lh.hi;
    w2 += hl.hi; c2 += w2 < hl.hi;
    w2 += c1; c2 += w2 < c1;
    uint64_t w3 = hh.hi + c2;
    BF r = {a.s != b.s, a.e + b.e + 1, {w3, w2}};
    return bf_norm(r);
}

static BF bf_div(BF a, BF b)
{
    if (bf_is_zero(a)) return bf_zero();
    BF r = {a.s != b.s, a.e - b.e, {0, 0}};
    U128 rem = a.m, d = b.m;
    unsigned carry = 0;
    if (rem.hi < d.hi || (rem.hi == d.hi && rem.lo < d.lo)) {
        r.e--;
        carry = (unsigned)(rem.hi >> 63);
        rem.hi = (rem.hi << 1) | (rem.lo >> 63);
        rem.lo <<= 1;
    }
    for (int i = 0; i < 128; i++) {
        unsigned bit = 0;
        if (carry || rem.hi > d.hi || (rem.hi == d.hi && rem.lo >= d.lo)) {
            uint64_t lo = rem.lo - d.lo;
            rem.hi = rem.hi - d.hi - (rem.lo < d.lo);
            rem.lo = lo;
            bit = 1;
        }
        r.m.hi = (r.m.hi << 1) | (r.m.lo >> 63);
        r.m.lo = (r.m.lo << 1) | bit;
        carry = (unsigned)(rem.hi >> 63);
        rem.hi = (rem.hi << 1) | (rem.lo >> 63);
        rem.lo <<= 1;
    }
    return r;
}

/* Divide by a small positive integer. */
static BF bf_div_small(BF a, uint32_t n)
{
    if (bf_is_zero(a)) return a;
    uint64_t parts[4] = {a.m.hi >> 32, a.m.hi & 0xFFFFFFFFu, a.m.lo >> 32,
                         a.m.lo & 0xFFFFFFFFu};
    uint64_t rem = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t cur = (rem << 32) | parts[i];
        parts[i] = cur / n;
        rem = cur % n;
    }
    BF r = {a.s, a.e,
            {(parts[0] << 32) | parts[1], (parts[2] << 32) | parts[3]}};
    /* Keep precision: one more 32-bit limb of quotient bits below. */
    uint64_t extra = (rem << 32) / n;
    BF x = bf_norm(r);
    int shift = (r.e - x.e); /* bits shifted in from below */
    if (shift > 0 && shift < 32) x.m.lo |= extra >> (32 - shift);
    return x;
}

static bool bf_mag_below(BF a, int32_t e) /* |a| < 2^e ? */
{
    return bf_is_zero(a) || a.e < e;
}

/* Round to the register format (64-bit significand, RC; inexact). */
static Fx80 bf_round(FxCtx *c, BF a, bool inexact)
{
    if (bf_is_zero(a)) return fx_make(a.s, 0, 0);
    uint64_t lo = a.m.lo | (inexact ? 1 : 0);
    return fx_round_pack(c, a.s, a.e + FX_BIAS, a.m.hi, lo, 64, FX_EXP_MAX,
                         FX_BIAS, true);
}

/* --- elementary series ----------------------------------------------------- */

/* e^t - 1 for |t| <= 1. */
static BF bf_expm1(BF t)
{
    BF sum = t, term = t;
    for (uint32_t n = 2; n < 60; n++) {
        term = bf_div_small(bf_mul(term, t), n);
        if (bf_is_zero(term)) break;
        sum = bf_add(sum, term);
        if (term.e < sum.e - 130) break;
    }
    return sum;
}

/* 2 * atanh(s) = ln((1+s)/(1-s)), |s| small. */
static BF bf_2atanh(BF s)
{
    BF s2 = bf_mul(s, s), term = s, sum = s;
    for (uint32_t n = 3; n < 400; n += 2) {
        term = bf_mul(term, s2);
        BF t = bf_div_small(term, n);
        if (bf_is_zero(t)) break;
        sum = bf_add(sum, t);
        if (t.e < sum.e - 130) break;
    }
    sum.e++;
    return sum;
}

/* log2(x) for x > 0 finite. */
static BF bf_log2(BF x)
{
    int32_t k = x.e;
    BF m = x;
    m.e = 0;
    m.s = false;
    /* m in [1,2): move to [sqrt(1/2), sqrt(2)) */
    if (m.m.hi > 0xB504F333F9DE6484ull) {
        m.e = -1;
        k++;
    }
    BF one = bf_from_int(1);
    BF s = bf_div(bf_add(m, bf_neg(one)), bf_add(m, one));
    BF l = bf_mul(bf_2atanh(s), bf_const(&C_LOG2E, false));
    return bf_add(bf_from_int(k), l);
}

/* atan(z) for 0 <= z <= 1. */
static BF bf_atan01(BF z)
{
    if (bf_is_zero(z)) return z;
    /* k = round(16 z) */
    BF z16 = z;
    z16.e += 4;
    uint32_t k = 0;
    if (z16.e >= 0) {
        k = (uint32_t)(z16.m.hi >> (63 - z16.e));
        if (z16.e < 63 && ((z16.m.hi >> (62 - z16.e)) & 1)) k++;
    } else if (z16.e == -1) {
        k = 1;
    }
    if (k > 16) k = 16;
    BF u = z, base = bf_zero();
    if (k) {
        BF ck = bf_div_small(bf_from_int(k), 16);
        u = bf_div(bf_add(z, bf_neg(ck)),
                   bf_add(bf_from_int(1), bf_mul(z, ck)));
        base = bf_const(&C_ATAN[k - 1], false);
    }
    BF u2 = bf_mul(u, u), term = u, sum = u;
    for (uint32_t n = 3; n < 200; n += 2) {
        term = bf_neg(bf_mul(term, u2));
        BF t = bf_div_small(term, n);
        if (bf_is_zero(t)) break;
        sum = bf_add(sum, t);
        if (t.e < sum.e - 130) break;
    }
    return bf_add(base, sum);
}

/* sin and cos of |r| <= pi/4. */
static void bf_sincos(BF r, BF *s, BF *co)
{
    BF r2 = bf_mul(r, r);
    BF term = r, sum = r;
    for (uint32_t n = 2; n < 80; n += 2) {
        term = bf_neg(bf_div_small(bf_mul(term, r2), n * (n + 1)));
        if (bf_is_zero(term)) break;
        sum = bf_add(sum, term);
        if (term.e < sum.e - 130) break;
    }
    *s = sum;
    BF one = bf_from_int(1);
    term = one;
    sum = one;
    for (uint32_t n = 1; n < 80; n += 2) {
        term = bf_neg(bf_div_small(bf_mul(term, r2), n * (n + 1)));
        if (bf_is_zero(term)) break;
        sum = bf_add(sum, term);
        if (term.e < -130) break;
    }
    *co = sum;
}

/* --- instructions ----------------------------------------------------------- */

static bool denormal_blocked(FxCtx *c, Fx80 a)
{
    if (fx_classify(a) == FXC_DENORMAL) c->exc |= X87_SW_DE;
    return fx_unmasked(c, X87_SW_DE);
}

Fx80 fx_f2xm1(FxCtx *c, Fx80 a)
{
    Fx80 r;
    if (fx_nan_one(c, a, &r)) return r;
    FxClass k = fx_classify(a);
    if (k == FXC_ZERO) return a;
    if (k == FXC_INF) return fx_sign(a) ? fx_make(true, FX_BIAS, FX_J) : a;
    if (denormal_blocked(c, a)) return a;
    BF x = bf_from_fx(a);
    /* Outside the documented range -1 < x < 1 the result is undefined;
     * we return x itself with PE, as current x87s do (measured).  x = +-1
     * give 1 / -1/2, still reported inexact (and +1 as rounded up). */
    if (!bf_mag_below(x, 0)) {
        c->exc |= X87_SW_PE;
        if (x.e == 0 && x.m.hi == FX_J && !x.m.lo) {
            if (x.s) return fx_make(true, FX_BIAS - 1, FX_J);
            c->exc |= X87_SW_C1;
            return fx_make(false, FX_BIAS, FX_J);
        }
        return a;
    }
    BF t = bf_mul(x, bf_const(&C_LN2, false));
    return bf_round(c, bf_expm1(t), true);
}

/* y * L where L = log2(something) given by class:
 * lk: 0 finite (value l, exact if l_exact), 1 zero (+0/-0 sign ls),
 * 2 -inf, 3 +inf. */
static Fx80 mul_log(FxCtx *c, Fx80 y, int lk, BF l, bool l_exact, bool ls)
{
    FxClass ky = fx_classify(y);
    bool sy = fx_sign(y);
    if (lk == 2 || lk == 3) {
        bool linf_sign = lk == 2;
        if (ky == FXC_ZERO) {
            c->exc |= X87_SW_IE;
            return fx_default_nan;
        }
        return fx_make(sy != linf_sign, FX_EXP_MAX, FX_J);
    }
    if (lk == 1) {
        if (ky == FXC_INF) {
            c->exc |= X87_SW_IE;
            return fx_default_nan;
        }
        return fx_make(sy != ls, 0, 0);
    }
    if (ky == FXC_INF) return fx_make(sy != l.s, FX_EXP_MAX, FX_J);
    if (ky == FXC_ZERO) return fx_make(sy != l.s, 0, 0);
    return bf_round(c, bf_mul(bf_from_fx(y), l), !l_exact);
}

static bool two_denormals(FxCtx *c, Fx80 a, Fx80 b)
{
    if (fx_classify(a) == FXC_DENORMAL || fx_classify(b) == FXC_DENORMAL)
        c->exc |= X87_SW_DE;
    return fx_unmasked(c, X87_SW_DE);
}

Fx80 fx_fyl2x(FxCtx *c, Fx80 x, Fx80 y)
{
    Fx80 r;
    if (fx_nan_pair(c, x, y, &r)) return r;
    FxClass kx = fx_classify(x);
    if (fx_sign(x) && kx != FXC_ZERO) {
        c->exc |= X87_SW_IE;
        return fx_default_nan;
    }
    if (kx == FXC_ZERO) {
        FxClass ky = fx_classify(y);
        if (ky == FXC_ZERO) {
            c->exc |= X87_SW_IE;
            return fx_default_nan;
        }
        if (ky != FXC_INF) c->exc |= X87_SW_ZE; /* ZE outranks DE */
        else if (two_denormals(c, x, y)) return x;
        return mul_log(c, y, 2, bf_zero(), true, false);
    }
    if (kx == FXC_INF) {
        if (two_denormals(c, x, y)) return x;
        return mul_log(c, y, 3, bf_zero(), true, false);
    }
    BF bx = bf_from_fx(x);
    bool one = bx.e == 0 && bx.m.hi == FX_J;
    if (one) {
        if (fx_classify(y) == FXC_INF) {
            c->exc |= X87_SW_IE;
            return fx_default_nan;
        }
        if (two_denormals(c, x, y)) return x;
        return mul_log(c, y, 1, bf_zero(), true, false);
    }
    if (two_denormals(c, x, y)) return x;
    bool pow2 = bx.m.hi == FX_J;
    BF l = pow2 ? bf_from_int(bx.e) : bf_log2(bx);
    /* Reported inexact even for exact powers of two (measured). */
    return mul_log(c, y, 0, l, false, false);
}

Fx80 fx_fyl2xp1(FxCtx *c, Fx80 x, Fx80 y)
{
    Fx80 r;
    if (fx_nan_pair(c, x, y, &r)) return r;
    FxClass kx = fx_classify(x);
    BF bx = bf_from_fx(x);
    if (kx == FXC_INF || (bx.s && !bf_mag_below(bx, 0) &&
                          !(bx.e == 0 && bx.m.hi == FX_J))) {
        if (kx == FXC_INF && !bx.s) {
            if (two_denormals(c, x, y)) return x;
            return mul_log(c, y, 3, bf_zero(), true, false);
        }
        c->exc |= X87_SW_IE; /* x < -1 */
        return fx_default_nan;
    }
    if (kx == FXC_ZERO) {
        if (two_denormals(c, x, y)) return x;
        return mul_log(c, y, 1, bf_zero(), true, fx_sign(x));
    }
    if (bx.s && bx.e == 0 && bx.m.hi == FX_J) { /* x = -1 */
        if (fx_classify(y) == FXC_ZERO) {
            c->exc |= X87_SW_IE;
            return fx_default_nan;
        }
        if (fx_classify(y) != FXC_INF) c->exc |= X87_SW_ZE;
        else if (two_denormals(c, x, y)) return x;
        return mul_log(c, y, 2, bf_zero(), true, false);
    }
    if (two_denormals(c, x, y)) return x;
    BF l;
    if (bf_mag_below(bx, -1)) { /* |x| < 1/2: 2 atanh(x / (2 + x)) */
        BF s = bf_div(bx, bf_add(bf_from_int(2), bx));
        l = bf_mul(bf_2atanh(s), bf_const(&C_LOG2E, false));
    } else {
        l = bf_log2(bf_add(bx, bf_from_int(1)));
    }
    if (fx_classify(y) == FXC_INF) return fx_make(fx_sign(y) != l.s, FX_EXP_MAX, FX_J);
    return mul_log(c, y, 0, l, false, false);
}

Fx80 fx_fpatan(FxCtx *c, Fx80 x, Fx80 y)
{
    /* ST(1) = atan(ST(1) / ST(0)): x = ST(0), y = ST(1) */
    Fx80 r;
    if (fx_nan_pair(c, x, y, &r)) return r;
    FxClass kx = fx_classify(x), ky = fx_classify(y);
    bool sx = fx_sign(x), sy = fx_sign(y);
    if (two_denormals(c, x, y)) return x;
    BF pi = bf_const(&C_PI, false);
    BF res;
    bool inexact = true;
    if (ky == FXC_ZERO) {
        if (!sx) return fx_make(sy, 0, 0);
        res = pi;
    } else if (kx == FXC_ZERO) {
        res = pi;
        res.e--;
    } else if (ky == FXC_INF) {
        if (kx == FXC_INF) {
            res = pi;
            res.e -= 2;
            if (sx) res = bf_add(pi, bf_neg(res)); /* 3pi/4 */
        } else {
            res = pi;
            res.e--;
        }
    } else if (kx == FXC_INF) {
        if (!sx) return fx_make(sy, 0, 0);
        res = pi;
    } else {
        BF a = bf_from_fx(y), b = bf_from_fx(x);
        a.s = b.s = false;
        bool swap = a.e > b.e || (a.e == b.e && (a.m.hi > b.m.hi));
        BF z = swap ? bf_div(b, a) : bf_div(a, b);
        BF t = bf_atan01(z);
        if (swap) {
            BF h = pi;
            h.e--;
            t = bf_add(h, bf_neg(t));
        }
        if (sx) t = bf_add(pi, bf_neg(t));
        res = t;
    }
    res.s = sy;
    return bf_round(c, res, inexact);
}

/* The x87's 66-bit pi: C90FDAA2 2168C234 C (SDM vol. 1, 8.3.10), as
 * pi ~= P * 2^-64 with P = 0x3_243F6A88_85A308D3. */
static const U128 PI66 = {0x3ull, 0x243F6A8885A308D3ull};

/* Reduce |a| modulo pi/2 (66-bit pi).  Returns r (signed, |r| <= pi/4
 * relative to that pi) and the quadrant. */
static BF reduce(Fx80 a, unsigned *quadrant)
{
    uint64_t m;
    int32_t e = fx_unpack(a, &m) - FX_BIAS;
    BF r = bf_from_fx(a);
    r.s = false;
    *quadrant = 0;
    if (e < -1) return r; /* |a| < 0.5 < pi/4 */
    /* |a| / (pi/2) = m * 2^(e+2) / P; long division of the integer
     * m * 2^(e+2) (up to 128 bits) by P. */
    int32_t nbits = 64 + e + 2;
    U128 rem = {0, 0};
    unsigned q = 0;
    for (int32_t i = 0; i < nbits; i++) {
        unsigned bit = i < 64 ? (unsigned)((m >> (63 - i)) & 1) : 0;
        rem.hi = (rem.hi << 1) | (rem.lo >> 63);
        rem.lo = (rem.lo << 1) | bit;
        q <<= 1;
        if (rem.hi > PI66.hi || (rem.hi == PI66.hi && rem.lo >= PI66.lo)) {
            uint64_t lo = rem.lo - PI66.lo;
            rem.hi = rem.hi - PI66.hi - (rem.lo < PI66.lo);
            rem.lo = lo;
            q |= 1;
        }
    }
    /* Round the quotient to nearest: if 2*rem > P, take rem - P. */
    U128 r2 = {(rem.hi << 1) | (rem.lo >> 63), rem.lo << 1};
    bool neg = false;
    if (r2.hi > PI66.hi || (r2.hi == PI66.hi && r2.lo > PI66.lo)) {
        uint64_t lo = PI66.lo - rem.lo;
        rem.hi = PI66.hi - rem.hi - (PI66.lo < rem.lo);
        rem.lo = lo;
        q++;
        neg = true;
    }
    *quadrant = q & 3;
    BF res = {neg, 63 - 65 + 64, rem}; /* rem * 2^-65 */
    res.e = 127 - 65;
    return bf_norm(res);
}

void fx_trig(FxCtx *c, Fx80 a, int want, Fx80 *r1, Fx80 *r2,
             bool *out_of_range)
{
    *out_of_range = false;
    Fx80 r;
    if (fx_nan_one(c, a, &r)) {
        *r1 = *r2 = r;
        return;
    }
    FxClass k = fx_classify(a);
    if (k == FXC_INF) {
        c->exc |= X87_SW_IE;
        *r1 = *r2 = fx_default_nan;
        return;
    }
    if (k == FXC_ZERO) {
        *r1 = a; /* sin/tan(+-0) = +-0 */
        *r2 = fx_make(false, FX_BIAS, FX_J);
        if (want == 2) *r1 = *r2;
        return;
    }
    if (fx_exp(a) >= FX_BIAS + 63) {
        *out_of_range = true;
        return;
    }
    if (denormal_blocked(c, a)) {
        *r1 = *r2 = a;
        return;
    }
    if (k == FXC_DENORMAL && !(a.mant & FX_J) && !(c->masks & X87_SW_UE) &&
        want != 2) {
        /* True denormal, underflow unmasked: sin/tan give x normalized
         * with the exponent wrapped and C1=0 (measured); FSINCOS computes
         * its cosine normally. */
        uint64_t m;
        int32_t e = fx_unpack(a, &m);
        *r1 = fx_round_pack(c, fx_sign(a), e, m, 0, 64, FX_EXP_MAX, FX_BIAS,
                            true);
        c->exc = (uint16_t)((c->exc | X87_SW_PE) & ~X87_SW_C1);
        if (want == 3) {
            FxCtx c2 = *c;
            Fx80 unused;
            bool oor;
            c2.exc = 0;
            fx_trig(&c2, a, 2, r2, &unused, &oor);
            c->exc |= c2.exc;
        }
        return;
    }
    unsigned q;
    BF x = reduce(a, &q);
    BF s, co;
    bf_sincos(x, &s, &co);
    BF sin_v, cos_v;
    switch (q) {
    case 0: sin_v = s; cos_v = co; break;
    case 1: sin_v = co; cos_v = bf_neg(s); break;
    case 2: sin_v = bf_neg(s); cos_v = bf_neg(co); break;
    default: sin_v = bf_neg(co); cos_v = s; break;
    }
    if (fx_sign(a)) sin_v = bf_neg(sin_v);
    if (want == 4) {
        *r1 = bf_round(c, bf_div(sin_v, cos_v), true);
        return;
    }
    if (want == 1 || want == 3) *r1 = bf_round(c, sin_v, true);
    if (want == 2) *r1 = bf_round(c, cos_v, true);
    if (want == 3) *r2 = bf_round(c, cos_v, true);
}
