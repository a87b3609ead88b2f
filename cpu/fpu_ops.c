/*
 * cpu/fpu_ops.c — x87 instruction layer: decode of ESC D8..DF and WAIT,
 * the register stack (TOP, tags, overflow/underflow = IE+SF with C1), the
 * status word (C0..C3, sticky flags, ES/B), masked/unmasked exception
 * responses, the pending-exception rule ("waiting" instructions report a
 * pending unmasked exception before executing, SDM vol. 1, 8.6), the
 * instruction/data pointers, and the control/environment instructions
 * (FLDCW/FSTCW/FSTSW/FLDENV/FSTENV/FSAVE/FRSTOR in the 16/32-bit real and
 * protected layouts of SDM vol. 1 figures 8-9..8-12).
 */
#include <string.h>

#include "cpu/fpu_internal.h"

#define TOP(f) (((f)->sw >> 11) & 7)

static unsigned phys(const X87 *f, unsigned i) { return (TOP(f) + i) & 7; }
static bool is_empty(const X87 *f, unsigned i)
{
    return ((f->tw >> (2 * phys(f, i))) & 3) == 3;
}
static Fx80 st(const X87 *f, unsigned i) { return f->regs[phys(f, i)]; }

static unsigned tag_of(Fx80 v)
{
    unsigned e = fx_exp(v);
    if (e == 0 && v.mant == 0) return 1;
    if (e == 0 || e == FX_EXP_MAX || !(v.mant & FX_J)) return 2;
    return 0;
}

static void set_st(X87 *f, unsigned i, Fx80 v)
{
    unsigned p = phys(f, i);
    f->regs[p] = v;
    f->tw = (uint16_t)((f->tw & ~(3u << (2 * p))) | (tag_of(v) << (2 * p)));
}
static void set_top(X87 *f, unsigned t)
{
    f->sw = (uint16_t)((f->sw & ~X87_SW_TOP) | ((t & 7) << 11));
}
static void push(X87 *f, Fx80 v)
{
    set_top(f, TOP(f) - 1);
    set_st(f, 0, v);
}
static void pop(X87 *f)
{
    f->tw |= (uint16_t)(3u << (2 * phys(f, 0)));
    set_top(f, TOP(f) + 1);
}

uint16_t x87_tag_word(const X87 *f)
{
    uint16_t tw = 0;
    for (unsigned p = 0; p < 8; p++) {
        unsigned t = ((f->tw >> (2 * p)) & 3) == 3 ? 3 : tag_of(f->regs[p]);
        tw |= (uint16_t)(t << (2 * p));
    }
    return tw;
}

void x87_get_st(const X87 *f, unsigned i, uint8_t out[10])
{
    Fx80 v = st(f, i & 7);
    for (int b = 0; b < 8; b++) out[b] = (uint8_t)(v.mant >> (8 * b));
    out[8] = (uint8_t)v.sign_exp;
    out[9] = (uint8_t)(v.sign_exp >> 8);
}

void x87_reset(X87 *f)
{
    f->cw = 0x037F;
    f->sw = 0;
    f->tw = 0xFFFF;
    f->fop = 0;
    f->fip = f->fdp = 0;
    f->fcs = f->fds = 0;
}

void x87_power_on(X87 *f)
{
    memset(f->regs, 0, sizeof f->regs);
    x87_reset(f);
}

/* --- exception bookkeeping ------------------------------------------------ */

static void update_es(X87 *f)
{
    if (f->sw & ~f->cw & 0x3F) f->sw |= X87_SW_ES | X87_SW_B;
    else f->sw &= (uint16_t)~(X87_SW_ES | X87_SW_B);
}

static FxCtx ctx_of(const X87 *f)
{
    static const unsigned pc_bits[4] = {24, 64, 53, 64};
    FxCtx c;
    c.pc = pc_bits[(f->cw >> 8) & 3];
    c.rc = (f->cw >> 10) & 3;
    c.masks = f->cw & 0x3F;
    c.exc = 0;
    return c;
}

/* Merge flags: sticky exception bits, C1 as reported, ES if unmasked. */
static void commit(X87 *f, const FxCtx *c)
{
    f->sw |= c->exc & 0x3F;
    f->sw = (uint16_t)((f->sw & ~X87_SW_C1) | (c->exc & X87_SW_C1));
    if (c->exc & ~f->cw & 0x3F) f->sw |= X87_SW_ES | X87_SW_B;
}

/* Did an exception occur whose unmasked response is "leave destination
 * (and the stack) unchanged"? (IE, DE, ZE; SDM 4.9.2 / 8.5.) */
static bool blocked(const FxCtx *c)
{
    return (c->exc & ~c->masks & (X87_SW_IE | X87_SW_DE | X87_SW_ZE)) != 0;
}
/* For stores to memory, unmasked O/U also suppress the store. */
static bool store_blocked(const FxCtx *c)
{
    return (c->exc & ~c->masks &
            (X87_SW_IE | X87_SW_DE | X87_SW_ZE | X87_SW_OE | X87_SW_UE)) !=
           0;
}

/* Stack underflow / overflow: IE + SF, C1 = direction.  Returns true if
 * the masked response should proceed (the caller supplies the NaN). */
static bool stack_fault(FxCtx *c, bool overflow)
{
    c->exc |= X87_SW_IE | X87_SW_SF;
    c->exc = (uint16_t)((c->exc & ~X87_SW_C1) | (overflow ? X87_SW_C1 : 0));
    return !fx_unmasked(c, X87_SW_IE);
}

static void commit_sf(X87 *f, const FxCtx *c)
{
    commit(f, c);
    f->sw |= c->exc & X87_SW_SF;
}

/* Raise a stack underflow (or overflow) met on an operand.  Returns false
 * when the unmasked exception ends the instruction (status committed);
 * true when the masked response goes on with the default NaN. */
static bool stack_fault_proceeds(X87 *f, FxCtx *c, bool overflow)
{
    if (stack_fault(c, overflow)) return true;
    commit_sf(f, c);
    return false;
}

/* After computing a result: true (status committed) when an unmasked
 * IE/DE/ZE means the destination and the stack stay as they were. */
static bool result_blocked(X87 *f, const FxCtx *c)
{
    if (!blocked(c)) return false;
    commit(f, c);
    return true;
}

/* --- memory ----------------------------------------------------------------- */

typedef struct Exec {
    X87 *f;
    const X87Op *op;
    const X87MemIf *mem;
} Exec;

static void mread(const Exec *x, unsigned off, void *buf, unsigned len)
{
    x->mem->read(x->mem->opaque, x->op->seg, x->op->ea + off, buf, len);
}
static void mwrite(const Exec *x, const void *buf, unsigned len)
{
    x->mem->write(x->mem->opaque, x->op->seg, x->op->ea, buf, len);
}
static uint64_t le(const uint8_t *b, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = n; i-- > 0;) v = (v << 8) | b[i];
    return v;
}
static void put_le(uint8_t *b, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) b[i] = (uint8_t)(v >> (8 * i));
}
static Fx80 fx_from_bytes(const uint8_t *b)
{
    Fx80 v = {le(b, 8), (uint16_t)le(b + 8, 2)};
    return v;
}
static void fx_to_bytes(Fx80 v, uint8_t *b)
{
    put_le(b, v.mant, 8);
    put_le(b + 8, v.sign_exp, 2);
}

/* Memory operand kinds (the reg-field tables below). */
enum { M_F32, M_F64, M_I16, M_I32 };

/* Read an arithmetic memory operand and convert it (may raise IE/DE). */
static Fx80 load_operand(const Exec *x, FxCtx *c, int kind)
{
    uint8_t b[8];
    static const unsigned size[4] = {4, 8, 2, 4};
    mread(x, 0, b, size[kind]);
    switch (kind) {
    case M_F32: return fx_from_f32(c, (uint32_t)le(b, 4));
    case M_F64: return fx_from_f64(c, le(b, 8));
    case M_I16: return fx_from_int64((int16_t)le(b, 2));
    default: return fx_from_int64((int32_t)le(b, 4));
    }
}

/* FLD m32/m64: a signaling NaN is quieted with IE. */
static Fx80 fld_real(FxCtx *c, Fx80 v)
{
    if (fx_classify(v) == FXC_SNAN) {
        c->exc |= X87_SW_IE;
        v.mant |= FX_QUIET;
    }
    return v;
}

/* --- arithmetic group (D8/DA/DC/DE) ------------------------------------ */

/* DE of a converted memory operand: outranked by IE; when unmasked the
 * instruction is not executed, so the operation's own flags vanish. */
static void add_operand_de(FxCtx *c, uint16_t de, FxClass other)
{
    if (!de || (c->exc & (X87_SW_IE | X87_SW_ZE))) return;
    if (other == FXC_QNAN) return;
    if (!(c->masks & X87_SW_DE)) c->exc = X87_SW_DE;
    else c->exc |= X87_SW_DE;
}

/* op: 0 add, 1 mul, 4 sub (a-b), 6 div (a/b). */
static Fx80 arith(FxCtx *c, int op, Fx80 a, Fx80 b)
{
    switch (op) {
    case 0: return fx_add(c, a, b, false);
    case 1: return fx_mul(c, a, b);
    case 4: return fx_add(c, a, b, true);
    default: return fx_div(c, a, b);
    }
}

/* dest = dest op src, or src op dest when `reverse`.  Handles underflow. */
static void arith_to(X87 *f, FxCtx *c, int opk, bool reverse, unsigned dest,
                     Fx80 src, bool src_empty, bool do_pop, uint16_t extra)
{
    Fx80 r;
    if (is_empty(f, dest) || src_empty) {
        if (!stack_fault_proceeds(f, c, false)) return;
        r = fx_default_nan;
    } else {
        Fx80 d = st(f, dest);
        r = reverse ? arith(c, opk, src, d) : arith(c, opk, d, src);
        add_operand_de(c, extra, fx_classify(d));
        if (result_blocked(f, c)) return;
    }
    set_st(f, dest, r);
    commit_sf(f, c);
    if (do_pop) pop(f);
}

static void compare_to(X87 *f, FxCtx *c, Fx80 b, bool b_empty, bool quiet,
                       int pops, uint16_t extra)
{
    uint16_t cc;
    if (is_empty(f, 0) || b_empty) {
        stack_fault(c, false);
        cc = X87_SW_C3 | X87_SW_C2 | X87_SW_C0;
    } else {
        cc = fx_compare(c, st(f, 0), b, quiet);
        add_operand_de(c, extra, fx_classify(st(f, 0)));
    }
    /* The condition codes are written even when IE is unmasked. */
    f->sw = (uint16_t)((f->sw & ~(X87_SW_C0 | X87_SW_C2 | X87_SW_C3)) | cc);
    commit_sf(f, c);
    if (blocked(c)) return;
    while (pops-- > 0) pop(f);
}

/* The eight reg-field operations of D8/DA/DC/DE memory forms and D8
 * register forms: {op kind, reversed} and compares (kind -1/-2). */
static const struct {
    int8_t kind;
    bool rev;
} arith_tab[8] = {{0, false}, {1, false}, {-1, false}, {-2, false},
                  {4, false}, {4, true},  {6, false},  {6, true}};

static void arith_mem(const Exec *x, FxCtx *c, int mkind)
{
    X87 *f = x->f;
    unsigned reg = (x->op->modrm >> 3) & 7;
    FxCtx lc = *c;
    Fx80 src = load_operand(x, &lc, mkind);
    /* Conversion flags: IE (SNaN) joins the operation's; a denormal
     * operand's DE is outranked by any IE of the operation (SDM 4.9.2). */
    if (arith_tab[reg].kind < 0) {
        compare_to(f, c, src, false, false, reg == 3, lc.exc & X87_SW_DE);
        return;
    }
    arith_to(f, c, arith_tab[reg].kind, arith_tab[reg].rev, 0, src, false,
             false, lc.exc & X87_SW_DE);
}

/* --- loads and stores -------------------------------------------------- */

static void load_push(X87 *f, FxCtx *c, Fx80 v)
{
    if (!is_empty(f, 7)) {
        c->exc &= (uint16_t)~X87_SW_DE; /* stack fault outranks DE */
        if (!stack_fault_proceeds(f, c, true)) return;
        v = fx_default_nan;
    } else if (fx_unmasked(c, X87_SW_IE)) {
        commit(f, c);
        return;
    }
    /* An unmasked DE on a load still loads (measured). */
    push(f, v);
    commit_sf(f, c);
}

/* Store ST(0) to memory in `kind` format (size bytes), pop if asked. */
enum { S_F32, S_F64, S_F80, S_I16, S_I32, S_I64, S_BCD };

static void store_mem(const Exec *x, FxCtx *c, int kind, bool do_pop)
{
    X87 *f = x->f;
    uint8_t b[10];
    unsigned size = 0;
    bool empty = is_empty(f, 0);
    Fx80 v = st(f, 0);
    if (empty) {
        if (!stack_fault_proceeds(f, c, false)) return;
        v = fx_default_nan;
    }
    bool ok = true;
    switch (kind) {
    case S_F32: put_le(b, fx_to_f32(c, v), 4); size = 4; break;
    case S_F64: put_le(b, fx_to_f64(c, v), 8); size = 8; break;
    case S_F80: fx_to_bytes(v, b); size = 10; break;
    case S_I16: put_le(b, (uint64_t)fx_to_int(c, v, 16, &ok), 2); size = 2; break;
    case S_I32: put_le(b, (uint64_t)fx_to_int(c, v, 32, &ok), 4); size = 4; break;
    case S_I64: put_le(b, (uint64_t)fx_to_int(c, v, 64, &ok), 8); size = 8; break;
    default: ok = fx_to_bcd(c, v, b); size = 10; break;
    }
    if (!ok || store_blocked(c)) {
        commit_sf(f, c);
        return;
    }
    mwrite(x, b, size);
    commit_sf(f, c);
    if (do_pop) pop(f);
}

static void store_reg(X87 *f, FxCtx *c, unsigned i, bool do_pop)
{
    Fx80 v = st(f, 0);
    if (is_empty(f, 0)) {
        if (!stack_fault_proceeds(f, c, false)) return;
        v = fx_default_nan;
    }
    set_st(f, i, v);
    commit_sf(f, c);
    if (do_pop) pop(f);
}

/* --- constants ---------------------------------------------------------- */

/* 1, log2(10), log2(e), pi, log10(2), ln(2), 0 as 128-bit significands,
 * rounded to 64 bits per RC (the 387 rounds its constants per RC). */
static const struct {
    uint64_t hi, lo;
    int32_t e;
} const_tab[7] = {
    {0x8000000000000000ull, 0, 0},
    {0xd49a784bcd1b8afeull, 0x492bf6ff4dafdb4cull, 1},
    {0xb8aa3b295c17f0bbull, 0xbe87fed0691d3e88ull, 0},
    {0xc90fdaa22168c234ull, 0xc4c6628b80dc1cd1ull, 1},
    {0x9a209a84fbcff798ull, 0x8f8959ac0b7c9178ull, -2},
    {0xb17217f7d1cf79abull, 0xc9e3b39803f2f6afull, -1},
    {0, 0, 0},
};

static void load_const(X87 *f, FxCtx *c, unsigned k)
{
    Fx80 v = fx_make(false, 0, 0);
    if (const_tab[k].hi) {
        FxCtx t = *c;
        t.pc = 64;
        v = fx_round_pack(&t, false, const_tab[k].e + FX_BIAS,
                          const_tab[k].hi, const_tab[k].lo, 64, FX_EXP_MAX,
                          FX_BIAS, true);
    }
    load_push(f, c, v);
}

/* --- environment --------------------------------------------------------- */

static unsigned env_size(const X87Op *op) { return op->op32 ? 28 : 14; }

static void env_store(const X87 *f, const X87Op *op, uint8_t *b)
{
    uint16_t tw = x87_tag_word(f);
    if (op->op32) {
        memset(b, 0xFF, 28);
        put_le(b + 0, f->cw, 2);
        put_le(b + 4, f->sw, 2);
        put_le(b + 8, tw, 2);
        if (op->pm) {
            put_le(b + 12, f->fip, 4);
            put_le(b + 16, f->fcs, 2);
            put_le(b + 18, f->fop & 0x7FF, 2);
            put_le(b + 20, f->fdp, 4);
            put_le(b + 24, f->fds, 2);
        } else {
            uint32_t ip = f->fip + ((uint32_t)f->fcs << 4);
            uint32_t dp = f->fdp + ((uint32_t)f->fds << 4);
            put_le(b + 12, ip & 0xFFFF, 2);
            put_le(b + 16, (f->fop & 0x7FFu) | ((ip >> 16) << 12), 4);
            put_le(b + 20, dp & 0xFFFF, 2);
            put_le(b + 24, (dp >> 16) << 12, 4);
        }
    } else {
        put_le(b + 0, f->cw, 2);
        put_le(b + 2, f->sw, 2);
        put_le(b + 4, tw, 2);
        if (op->pm) {
            put_le(b + 6, f->fip, 2);
            put_le(b + 8, f->fcs, 2);
            put_le(b + 10, f->fdp, 2);
            put_le(b + 12, f->fds, 2);
        } else {
            uint32_t ip = f->fip + ((uint32_t)f->fcs << 4);
            uint32_t dp = f->fdp + ((uint32_t)f->fds << 4);
            put_le(b + 6, ip & 0xFFFF, 2);
            put_le(b + 8, (f->fop & 0x7FFu) | (((ip >> 16) & 15) << 12), 2);
            put_le(b + 10, dp & 0xFFFF, 2);
            put_le(b + 12, ((dp >> 16) & 15) << 12, 2);
        }
    }
}

static void env_load(X87 *f, const X87Op *op, const uint8_t *b)
{
    if (op->op32) {
        f->cw = (uint16_t)le(b + 0, 2);
        f->sw = (uint16_t)le(b + 4, 2);
        f->tw = (uint16_t)le(b + 8, 2);
        if (op->pm) {
            f->fip = (uint32_t)le(b + 12, 4);
            f->fcs = (uint16_t)le(b + 16, 2);
            f->fop = (uint16_t)(le(b + 18, 2) & 0x7FF);
            f->fdp = (uint32_t)le(b + 20, 4);
            f->fds = (uint16_t)le(b + 24, 2);
        } else {
            uint32_t w = (uint32_t)le(b + 16, 4);
            f->fip = (uint32_t)le(b + 12, 2) | ((w >> 12) & 0xFFFF) << 16;
            f->fop = w & 0x7FF;
            f->fdp = (uint32_t)le(b + 20, 2) |
                     (((uint32_t)le(b + 24, 4) >> 12) & 0xFFFF) << 16;
            f->fcs = f->fds = 0;
        }
    } else {
        f->cw = (uint16_t)le(b + 0, 2);
        f->sw = (uint16_t)le(b + 2, 2);
        f->tw = (uint16_t)le(b + 4, 2);
        if (op->pm) {
            f->fip = (uint32_t)le(b + 6, 2);
            f->fcs = (uint16_t)le(b + 8, 2);
            f->fdp = (uint32_t)le(b + 10, 2);
            f->fds = (uint16_t)le(b + 12, 2);
        } else {
            uint32_t w = (uint32_t)le(b + 8, 2);
            f->fip = (uint32_t)le(b + 6, 2) | ((w >> 12) & 15) << 16;
            f->fop = w & 0x7FF;
            f->fdp = (uint32_t)le(b + 10, 2) |
                     (((uint32_t)le(b + 12, 2) >> 12) & 15) << 16;
            f->fcs = f->fds = 0;
        }
    }
    /* Only "empty" is kept from the tag word; the rest follows contents. */
    uint16_t tw = 0;
    for (unsigned p = 0; p < 8; p++)
        if (((f->tw >> (2 * p)) & 3) == 3) tw |= (uint16_t)(3u << (2 * p));
    f->tw = tw;
    update_es(f);
}

static void do_fstenv(const Exec *x)
{
    uint8_t b[28];
    env_store(x->f, x->op, b);
    mwrite(x, b, env_size(x->op));
    x->f->cw |= 0x3F;
    update_es(x->f);
}

static void do_fldenv(const Exec *x)
{
    uint8_t b[28];
    mread(x, 0, b, env_size(x->op));
    env_load(x->f, x->op, b);
}

static void do_fsave(const Exec *x)
{
    uint8_t b[108];
    unsigned n = env_size(x->op);
    env_store(x->f, x->op, b);
    for (unsigned i = 0; i < 8; i++) fx_to_bytes(st(x->f, i), b + n + 10 * i);
    mwrite(x, b, n + 80);
    x87_reset(x->f);
}

static void do_frstor(const Exec *x)
{
    uint8_t b[108];
    unsigned n = env_size(x->op);
    mread(x, 0, b, n + 80);
    env_load(x->f, x->op, b);
    for (unsigned i = 0; i < 8; i++)
        x->f->regs[phys(x->f, i)] = fx_from_bytes(b + n + 10 * i);
}

/* --- one-operand ST(0) group (D9 E0..FF) --------------------------------- */

static void unary(X87 *f, FxCtx *c, Fx80 (*fn)(FxCtx *, Fx80))
{
    Fx80 r;
    if (is_empty(f, 0)) {
        if (!stack_fault_proceeds(f, c, false)) return;
        r = fx_default_nan;
    } else {
        r = fn(c, st(f, 0));
        if (result_blocked(f, c)) return;
    }
    set_st(f, 0, r);
    commit_sf(f, c);
}

/* ST(dest) = fn(ST(0), ST(1)), then pop if asked: FYL2X, FPATAN,
 * FYL2XP1 (into ST(1), pop) and FSCALE (into ST(0)). */
static void binary(X87 *f, FxCtx *c, Fx80 (*fn)(FxCtx *, Fx80, Fx80),
                   unsigned dest, bool do_pop)
{
    Fx80 r;
    if (is_empty(f, 0) || is_empty(f, 1)) {
        if (!stack_fault_proceeds(f, c, false)) return;
        r = fx_default_nan;
    } else {
        r = fn(c, st(f, 0), st(f, 1));
        if (result_blocked(f, c)) return;
    }
    set_st(f, dest, r);
    commit_sf(f, c);
    if (do_pop) pop(f);
}

static Fx80 op_sqrt(FxCtx *c, Fx80 a) { return fx_sqrt(c, a); }
static Fx80 op_rndint(FxCtx *c, Fx80 a) { return fx_round_int(c, a); }
static Fx80 op_f2xm1(FxCtx *c, Fx80 a) { return fx_f2xm1(c, a); }
static Fx80 op_fscale(FxCtx *c, Fx80 a, Fx80 b) { return fx_scale(c, a, b); }

/* Two results: ST(0) replaced by r0 and r1 pushed (FXTRACT, FPTAN,
 * FSINCOS).  which: 0 FXTRACT, 1 FPTAN, 2 FSINCOS.  An out-of-range
 * trig operand (C2=1) leaves the stack unchanged. */
static void push_pair(X87 *f, FxCtx *c, int which)
{
    Fx80 r0, r1;
    if (which) f->sw &= (uint16_t)~X87_SW_C2;
    if (is_empty(f, 0)) {
        if (!stack_fault_proceeds(f, c, false)) return;
        r0 = r1 = fx_default_nan;
    } else if (!is_empty(f, 7)) {
        if (!stack_fault_proceeds(f, c, true)) return;
        r0 = r1 = fx_default_nan;
    } else {
        Fx80 a = st(f, 0);
        if (which == 0) {
            fx_extract(c, a, &r0, &r1);
        } else {
            bool oor;
            Fx80 s, co;
            fx_trig(c, a, which == 1 ? 4 : 3, &s, &co, &oor);
            f->sw &= (uint16_t)~X87_SW_C2;
            if (oor) {
                f->sw |= X87_SW_C2;
                commit(f, c);
                return;
            }
            if (which == 1) {
                r0 = s; /* tan; a NaN result is pushed instead of 1.0 */
                r1 = fx_classify(s) == FXC_QNAN ? s
                                                : fx_make(false, FX_BIAS, FX_J);
            } else {
                r0 = s;
                r1 = co;
            }
        }
        if (result_blocked(f, c)) return;
    }
    set_st(f, 0, r0);
    push(f, r1);
    commit_sf(f, c);
}

static void trig1(X87 *f, FxCtx *c, int want)
{
    Fx80 r;
    f->sw &= (uint16_t)~X87_SW_C2;
    if (is_empty(f, 0)) {
        if (!stack_fault_proceeds(f, c, false)) return;
        r = fx_default_nan;
    } else {
        bool oor;
        Fx80 s, co;
        fx_trig(c, st(f, 0), want, &s, &co, &oor);
        if (oor) {
            f->sw |= X87_SW_C2;
            commit(f, c);
            return;
        }
        if (result_blocked(f, c)) return;
        r = s; /* fx_trig returns the wanted one in r1 */
        (void)co;
    }
    set_st(f, 0, r);
    commit_sf(f, c);
}

static void fprem(X87 *f, FxCtx *c, bool ieee)
{
    Fx80 r;
    uint16_t cc = 0;
    const uint16_t all = X87_SW_C0 | X87_SW_C1 | X87_SW_C2 | X87_SW_C3;
    /* Without a numeric result (stack fault, invalid, NaN, unmasked DE)
     * only C2 is cleared (C1 follows the usual rule); C0/C3 are kept. */
    f->sw &= (uint16_t)~X87_SW_C2;
    if (is_empty(f, 0) || is_empty(f, 1)) {
        if (!stack_fault_proceeds(f, c, false)) return;
        r = fx_default_nan;
    } else {
        r = fx_prem(c, st(f, 0), st(f, 1), ieee, &cc);
        if (result_blocked(f, c)) return;
    }
    set_st(f, 0, r);
    commit_sf(f, c);
    if (!(c->exc & X87_SW_SF) && fx_classify(r) != FXC_QNAN)
        f->sw = (uint16_t)((f->sw & ~all) | cc);
}

static Fx80 op_fyl2x(FxCtx *c, Fx80 a, Fx80 b) { return fx_fyl2x(c, a, b); }
static Fx80 op_fyl2xp1(FxCtx *c, Fx80 a, Fx80 b)
{
    return fx_fyl2xp1(c, a, b);
}
static Fx80 op_fpatan(FxCtx *c, Fx80 a, Fx80 b) { return fx_fpatan(c, a, b); }

static void d9_reg(X87 *f, FxCtx *c, uint8_t modrm)
{
    unsigned i = modrm & 7;
    switch (modrm) {
    case 0xE0: /* FCHS */
    case 0xE1: /* FABS */
        if (is_empty(f, 0)) {
            if (!stack_fault_proceeds(f, c, false)) return;
            set_st(f, 0, fx_default_nan);
        } else {
            Fx80 v = st(f, 0);
            v.sign_exp = (uint16_t)(modrm == 0xE0 ? v.sign_exp ^ 0x8000
                                                  : v.sign_exp & 0x7FFF);
            set_st(f, 0, v);
        }
        commit_sf(f, c);
        return;
    case 0xE4: /* FTST */
        compare_to(f, c, fx_make(false, 0, 0), false, false, 0, 0);
        return;
    case 0xE5: /* FXAM */
        f->sw = (uint16_t)((f->sw & ~(X87_SW_C0 | X87_SW_C1 | X87_SW_C2 |
                                      X87_SW_C3)) |
                           fx_examine(st(f, 0), is_empty(f, 0)));
        return;
    case 0xF0: unary(f, c, op_f2xm1); return;
    case 0xF1: binary(f, c, op_fyl2x, 1, true); return;
    case 0xF2: push_pair(f, c, 1); return;
    case 0xF3: binary(f, c, op_fpatan, 1, true); return;
    case 0xF4: push_pair(f, c, 0); return;
    case 0xF5: fprem(f, c, true); return;
    case 0xF6: /* FDECSTP */
    case 0xF7: /* FINCSTP */
        set_top(f, TOP(f) + (modrm == 0xF7 ? 1 : 7));
        f->sw &= (uint16_t)~X87_SW_C1;
        return;
    case 0xF8: fprem(f, c, false); return;
    case 0xF9: binary(f, c, op_fyl2xp1, 1, true); return;
    case 0xFA: unary(f, c, op_sqrt); return;
    case 0xFB: push_pair(f, c, 2); return;
    case 0xFC: unary(f, c, op_rndint); return;
    case 0xFD: binary(f, c, op_fscale, 0, false); return;
    case 0xFE: trig1(f, c, 1); return;
    case 0xFF: trig1(f, c, 2); return;
    default: break;
    }
    if (modrm >= 0xE8 && modrm <= 0xEE) {
        load_const(f, c, modrm - 0xE8);
        return;
    }
    switch ((modrm >> 3) & 7) {
    case 0: /* FLD ST(i) */
        if (is_empty(f, i)) {
            if (!stack_fault_proceeds(f, c, false)) return;
            load_push(f, c, fx_default_nan);
            return;
        }
        load_push(f, c, st(f, i));
        return;
    case 1: /* FXCH */
        if (is_empty(f, 0) || is_empty(f, i)) {
            if (!stack_fault_proceeds(f, c, false)) return;
            if (is_empty(f, 0)) set_st(f, 0, fx_default_nan);
            if (is_empty(f, i)) set_st(f, i, fx_default_nan);
        }
        {
            Fx80 a = st(f, 0), b = st(f, i);
            set_st(f, 0, b);
            set_st(f, i, a);
        }
        commit_sf(f, c);
        return;
    case 3: /* FSTP1 (reserved; later documented as FSTPNCE): like FSTP
             * but an empty ST(0) is copied as empty, with no underflow
             * (measured) */
        if (is_empty(f, 0)) {
            f->tw |= (uint16_t)(3u << (2 * phys(f, i)));
            f->sw &= (uint16_t)~X87_SW_C1;
            pop(f);
            return;
        }
        store_reg(f, c, i, true);
        return;
    default: return;                          /* FNOP and reserved */
    }
}

/* --- dispatch -------------------------------------------------------------- */

/* Non-waiting ("control") instructions: never report a pending exception
 * and do not update the instruction/data pointers. */
static bool is_nowait(uint8_t opc, uint8_t modrm)
{
    unsigned reg = (modrm >> 3) & 7;
    if (modrm < 0xC0) {
        if (opc == 0xD9 && (reg == 6 || reg == 7)) return true;
        if (opc == 0xDD && (reg == 6 || reg == 7)) return true;
        return false;
    }
    if (opc == 0xDB && modrm >= 0xE0 && modrm <= 0xE4) return true;
    if (opc == 0xDF && modrm == 0xE0) return true;
    return false;
}

/* Waiting control instructions: they check for pending exceptions but,
 * like all control instructions, leave the instruction/data pointers and
 * FOP alone (SDM vol. 1, 8.1.8 and the control-instruction list in 5.2.6:
 * FLDCW, FLDENV, FRSTOR, FINCSTP, FDECSTP, FFREE, FNOP). */
static bool keeps_pointers(uint8_t opc, uint8_t modrm)
{
    unsigned reg = (modrm >> 3) & 7;
    if (modrm >= 0xC0)
        return (opc == 0xD9 && (modrm == 0xD0 || modrm == 0xF6 ||
                                modrm == 0xF7)) ||
               (opc == 0xDD && reg == 0) || (opc == 0xDF && reg == 0);
    return (opc == 0xD9 && (reg == 4 || reg == 5)) ||
           (opc == 0xDD && reg == 4);
}

static void exec_mem(const Exec *x, FxCtx *c)
{
    X87 *f = x->f;
    unsigned reg = (x->op->modrm >> 3) & 7;
    uint8_t b[10];
    switch (x->op->opcode) {
    case 0xD8: arith_mem(x, c, M_F32); return;
    case 0xDA: arith_mem(x, c, M_I32); return;
    case 0xDC: arith_mem(x, c, M_F64); return;
    case 0xDE: arith_mem(x, c, M_I16); return;
    case 0xD9:
        switch (reg) {
        case 0: load_push(f, c, fld_real(c, load_operand(x, c, M_F32))); return;
        case 2: store_mem(x, c, S_F32, false); return;
        case 3: store_mem(x, c, S_F32, true); return;
        case 4: do_fldenv(x); return;
        case 5:
            mread(x, 0, b, 2);
            f->cw = (uint16_t)le(b, 2);
            update_es(f);
            return;
        case 6: do_fstenv(x); return;
        case 7: put_le(b, f->cw, 2); mwrite(x, b, 2); return;
        default: return;
        }
    case 0xDB:
        switch (reg) {
        case 0: load_push(f, c, load_operand(x, c, M_I32)); return;
        case 2: store_mem(x, c, S_I32, false); return;
        case 3: store_mem(x, c, S_I32, true); return;
        case 5: mread(x, 0, b, 10); load_push(f, c, fx_from_bytes(b)); return;
        case 7: store_mem(x, c, S_F80, true); return;
        default: return;
        }
    case 0xDD:
        switch (reg) {
        case 0: load_push(f, c, fld_real(c, load_operand(x, c, M_F64))); return;
        case 2: store_mem(x, c, S_F64, false); return;
        case 3: store_mem(x, c, S_F64, true); return;
        case 4: do_frstor(x); return;
        case 6: do_fsave(x); return;
        case 7: put_le(b, f->sw, 2); mwrite(x, b, 2); return;
        default: return;
        }
    case 0xDF:
        switch (reg) {
        case 0: load_push(f, c, load_operand(x, c, M_I16)); return;
        case 2: store_mem(x, c, S_I16, false); return;
        case 3: store_mem(x, c, S_I16, true); return;
        case 4: mread(x, 0, b, 10); load_push(f, c, fx_from_bcd(b)); return;
        case 5: {
            uint8_t q[8];
            mread(x, 0, q, 8);
            load_push(f, c, fx_from_int64((int64_t)le(q, 8)));
            return;
        }
        case 6: store_mem(x, c, S_BCD, true); return;
        case 7: store_mem(x, c, S_I64, true); return;
        default: return;
        }
    default: return;
    }
}

static int exec_reg(X87 *f, FxCtx *c, uint8_t opc, uint8_t modrm)
{
    unsigned reg = (modrm >> 3) & 7, i = modrm & 7;
    switch (opc) {
    case 0xD8:
        if (arith_tab[reg].kind < 0) {
            compare_to(f, c, st(f, i), is_empty(f, i), false, reg == 3, 0);
            return X87_OK;
        }
        arith_to(f, c, arith_tab[reg].kind, arith_tab[reg].rev, 0, st(f, i),
                 is_empty(f, i), false, 0);
        return X87_OK;
    case 0xDC:
    case 0xDE:
        if (reg == 2 || reg == 3) { /* FCOM2/FCOMP3/FCOMP5 aliases, FCOMPP */
            if (opc == 0xDE && reg == 3 && i != 1) return X87_OK;
            compare_to(f, c, st(f, i), is_empty(f, i), false,
                       opc == 0xDE ? (reg == 3 ? 2 : 1) : reg == 3, 0);
            return X87_OK;
        }
        /* dest = ST(i), src = ST(0); the sub/div directions are swapped
         * relative to D8 (DC E0+i is FSUBR ST(i),ST(0)). */
        arith_to(f, c, arith_tab[reg].kind,
                 reg >= 4 ? !arith_tab[reg].rev : false, i, st(f, 0),
                 is_empty(f, 0), opc == 0xDE, 0);
        return X87_OK;
    case 0xD9: d9_reg(f, c, modrm); return X87_OK;
    case 0xDA:
        if (modrm == 0xE9) compare_to(f, c, st(f, 1), is_empty(f, 1), true, 2, 0);
        return X87_OK;
    case 0xDB:
        switch (modrm) {
        case 0xE2: f->sw &= (uint16_t)~0x80FF; return X87_OK;
        case 0xE3: x87_reset(f); return X87_OK;
        default: return X87_OK; /* FNENI/FNDISI/FNSETPM: no-ops on 387 */
        }
    case 0xDD:
        switch (reg) {
        case 0: /* FFREE (clears C1, measured) */
            f->tw |= (uint16_t)(3u << (2 * phys(f, i)));
            f->sw &= (uint16_t)~X87_SW_C1;
            return X87_OK;
        case 1: d9_reg(f, c, (uint8_t)(0xC8 | i)); return X87_OK; /* FXCH4 */
        case 2: store_reg(f, c, i, false); return X87_OK;
        case 3: store_reg(f, c, i, true); return X87_OK;
        case 4: compare_to(f, c, st(f, i), is_empty(f, i), true, 0, 0); return X87_OK;
        case 5: compare_to(f, c, st(f, i), is_empty(f, i), true, 1, 0); return X87_OK;
        default: return X87_OK;
        }
    case 0xDF:
        switch (reg) {
        case 0: /* FFREEP (reserved alias: frees, pops, clears C1) */
            f->tw |= (uint16_t)(3u << (2 * phys(f, i)));
            f->sw &= (uint16_t)~X87_SW_C1;
            pop(f);
            return X87_OK;
        case 1: d9_reg(f, c, (uint8_t)(0xC8 | i)); return X87_OK; /* FXCH7 */
        case 2:
        case 3: store_reg(f, c, i, true); return X87_OK; /* FSTP8/9 */
        case 4: return modrm == 0xE0 ? X87_STORE_AX : X87_OK;
        default: return X87_OK;
        }
    default: return X87_OK;
    }
}

int x87_execute(X87 *f, const X87Op *op, const X87MemIf *mem)
{
    uint16_t es_before = f->sw & X87_SW_ES;
    int ret = X87_OK;
    if (op->opcode == 0x9B) {
        if (es_before && op->ne) return X87_REPORT;
        return X87_OK;
    }
    uint8_t opc = op->opcode, modrm = op->modrm;
    bool nowait = is_nowait(opc, modrm);
    if (!nowait && es_before && op->ne) return X87_REPORT;
    FxCtx c = ctx_of(f);
    if (modrm < 0xC0) {
        Exec x = {f, op, mem};
        /* Pointers are recorded only after the memory accesses succeeded
         * (a faulting access longjmps out before this point). */
        exec_mem(&x, &c);
        if (!nowait && !keeps_pointers(opc, modrm)) {
            f->fop = (uint16_t)(((opc & 7) << 8) | modrm);
            f->fip = op->eip;
            f->fcs = op->cs_sel;
            f->fdp = op->ea;
            f->fds = op->ea_sel;
        }
    } else {
        ret = exec_reg(f, &c, opc, modrm);
        if (!nowait && !keeps_pointers(opc, modrm)) {
            f->fop = (uint16_t)(((opc & 7) << 8) | modrm);
            f->fip = op->eip;
            f->fcs = op->cs_sel;
        }
    }
    if ((f->sw & X87_SW_ES) != es_before) ret |= X87_FERR_CHANGED;
    return ret;
}
