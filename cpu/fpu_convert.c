/*
 * cpu/fpu_convert.c — x87 memory formats to and from the 80-bit register
 * format: single/double real (FLD/FST m32/m64), 18-digit packed BCD
 * (FBLD/FBSTP).  Integers are in fpu_soft.c (they share FRNDINT's
 * rounding).  Loads of single/double denormals raise DE and are
 * normalized; SNaNs raise IE and are quieted; stores round to the target
 * format (its precision and exponent range, not the PC field).
 */
#include "cpu/fpu_internal.h"

static Fx80 load_real(FxCtx *c, bool sign, uint32_t e, uint64_t frac,
                      unsigned fbits, uint32_t emax, int32_t bias)
{
    if (e == emax) {
        if (!frac) return fx_make(sign, FX_EXP_MAX, FX_J);
        /* SNaNs stay signaling: the operation using the value raises IE
         * and picks between two NaNs by kind (FLD quiets them itself). */
        return fx_make(sign, FX_EXP_MAX, FX_J | (frac << (63 - fbits)));
    }
    if (e == 0) {
        if (!frac) return fx_make(sign, 0, 0);
        c->exc |= X87_SW_DE;
        int s = clz64(frac);
        /* value = frac * 2^(1 - bias - fbits) */
        int32_t ex = 1 - bias - (int32_t)fbits + 63 - s + FX_BIAS;
        return fx_make(sign, (unsigned)ex, frac << s);
    }
    return fx_make(sign, (unsigned)((int32_t)e - bias + FX_BIAS),
                   FX_J | (frac << (63 - fbits)));
}

Fx80 fx_from_f32(FxCtx *c, uint32_t v)
{
    return load_real(c, v >> 31, (v >> 23) & 0xFF, v & 0x7FFFFF, 23, 0xFF,
                     127);
}

Fx80 fx_from_f64(FxCtx *c, uint64_t v)
{
    return load_real(c, v >> 63, (uint32_t)(v >> 52) & 0x7FF,
                     v & 0xFFFFFFFFFFFFFull, 52, 0x7FF, 1023);
}

/* Round a register value to a narrower real format.  Returns the packed
 * bits; NaN/infinity/zero handled here, finite values by fx_round_pack. */
static uint64_t store_real(FxCtx *c, Fx80 a, unsigned fbits, uint32_t emax,
                           int32_t bias)
{
    bool s = fx_sign(a);
    uint64_t sign = (uint64_t)s << (fbits + (emax == 0xFF ? 8 : 11));
    uint64_t inf = sign | ((uint64_t)emax << fbits);
    switch (fx_classify(a)) {
    case FXC_UNSUPPORTED:
        c->exc |= X87_SW_IE;
        a = fx_default_nan;
        s = true;
        sign = (uint64_t)1 << (fbits + (emax == 0xFF ? 8 : 11));
        inf = sign | ((uint64_t)emax << fbits);
        /* fall through */
    case FXC_QNAN:
    case FXC_SNAN:
        if (!(a.mant & FX_QUIET)) c->exc |= X87_SW_IE;
        return inf | (((a.mant | FX_QUIET) << 1) >> (64 - fbits));
    case FXC_INF: return inf;
    case FXC_ZERO: return sign;
    case FXC_DENORMAL: /* no DE on stores (measured) */
        break;
    default: break;
    }
    uint64_t m;
    int32_t e = fx_unpack(a, &m);
    Fx80 r = fx_round_pack(c, s, e, m, 0, fbits + 1, emax, bias, false);
    /* Unmasked overflow/underflow: nothing is stored, and PE/C1 are not
     * reported (measured). */
    if (c->exc & ~c->masks & (X87_SW_OE | X87_SW_UE))
        c->exc &= (uint16_t)~(X87_SW_PE | X87_SW_C1);
    uint64_t frac = (r.mant << 1) >> (64 - fbits);
    return sign | ((uint64_t)fx_exp(r) << fbits) | frac;
}

uint32_t fx_to_f32(FxCtx *c, Fx80 a)
{
    return (uint32_t)store_real(c, a, 23, 0xFF, 127);
}

uint64_t fx_to_f64(FxCtx *c, Fx80 a)
{
    return store_real(c, a, 52, 0x7FF, 1023);
}

Fx80 fx_from_bcd(const uint8_t b[10])
{
    uint64_t v = 0;
    for (int i = 8; i >= 0; i--)
        v = v * 100 + (uint64_t)(b[i] >> 4) * 10 + (b[i] & 15);
    Fx80 r = fx_from_int64((int64_t)v);
    if (b[9] & 0x80) r.sign_exp |= 0x8000;
    return r;
}

bool fx_to_bcd(FxCtx *c, Fx80 a, uint8_t out[10])
{
    static const uint8_t indefinite[10] = {0, 0, 0, 0, 0, 0, 0, 0xC0, 0xFF,
                                           0xFF};
    bool store;
    FxClass k = fx_classify(a);
    int64_t v = 0;
    bool neg = fx_sign(a);
    bool bad = false;
    if (k == FXC_ZERO) {
        v = 0;
    } else if (k == FXC_NORMAL || k == FXC_DENORMAL) {
        if (fx_exp(a) >= FX_BIAS + 60) {
            bad = true; /* >= 2^60 > 10^18 */
        } else {
            FxCtx t = *c;
            t.exc = 0;
            v = fx_to_int(&t, a, 64, &store);
            c->exc |= t.exc;
            if (!store) return false;
            uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
            if (mag > 999999999999999999ull) {
                bad = true;
                c->exc &= (uint16_t)~(X87_SW_PE | X87_SW_C1);
            }
            v = (int64_t)mag;
        }
    } else {
        bad = true;
    }
    if (bad) {
        c->exc |= X87_SW_IE;
        if (fx_unmasked(c, X87_SW_IE)) return false;
        for (int i = 0; i < 10; i++) out[i] = indefinite[i];
        return true;
    }
    uint64_t mag = (uint64_t)v;
    for (int i = 0; i < 9; i++) {
        unsigned lo = (unsigned)(mag % 10);
        mag /= 10;
        unsigned hi = (unsigned)(mag % 10);
        mag /= 10;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    out[9] = neg ? 0x80 : 0;
    return true;
}
