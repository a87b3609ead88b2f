/*
 * tests/cpu/test_fpu.c — the software x87 (cpu/fpu_*.c): differential
 * test against the host x87 for every instruction form (3000 cases each,
 * 100000 under PX86_LONG=1), plus host-independent checks: known results,
 * the pending-exception model and FERR#, FSAVE/FRSTOR/FSTENV layouts in
 * all four modes, fault atomicity, save state and disassembly.
 *
 * 387-vs-host notes (why the comparison is what it is):
 *  - Transcendentals (F2XM1, FYL2X, FYL2XP1, FPATAN, FSIN, FCOS, FSINCOS,
 *    FPTAN) are compared within 1 ulp: the 387 documents < 1 ulp error
 *    and does not promise a particular rounding, and we compute nearly
 *    correctly rounded results.  Argument reduction for FSIN/FCOS/FPTAN
 *    uses the x87's 66-bit pi, like real hardware, so large arguments
 *    agree with the host instead of with mathematics; |x| >= 2^63 sets C2.
 *  - FYL2XP1 outside |x| < 1 - sqrt(2)/2 and F2XM1 outside -1 < x < 1 are
 *    "undefined" on the 387; F2XM1 there follows the host (returns x),
 *    FYL2XP1 cases there are skipped.
 *  - FPREM/FPREM1 partial remainders reduce the exponent by 32 + (D mod 32)
 *    per step as measured on the host (the SDM allows 32..63).
 *  - Where the manuals are silent or say "undefined", the host's measured
 *    behaviour is followed (no 387-specific documentation says otherwise):
 *    tininess after rounding; IE > ZE > DE priority, also for a converted
 *    memory operand (whose unmasked DE suppresses the operation); FLD m32/
 *    m64 with an unmasked DE still loads; FST/FIST/FBSTP raise no DE;
 *    unmasked O/U on a store: no store, no PE/C1; compares write C3/C2/C0
 *    even when IE is unmasked; FFREE/FFREEP clear C1; FSTP1 (D9 D8+i)
 *    copies an empty ST(0) without a stack fault; FSCALE beyond the
 *    exponent-wrap range gives inf/0; F2XM1 of +-1 reports PE.
 */
#include <check.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/fpu.h"
#include "cpu/fpu_hostdiff.h"
#include "hw/device.h"
#include "testlib.h"

/* --- a flat test memory ------------------------------------------------------ */

static uint8_t tmem[4096];
static jmp_buf fault_jmp;
static bool fault_on_write;

static void t_read(void *o, unsigned seg, uint32_t off, void *buf,
                   unsigned len)
{
    (void)o;
    (void)seg;
    for (unsigned i = 0; i < len; i++)
        ((uint8_t *)buf)[i] = tmem[(off + i) % sizeof tmem];
}
static void t_write(void *o, unsigned seg, uint32_t off, const void *buf,
                    unsigned len)
{
    (void)o;
    (void)seg;
    if (fault_on_write) longjmp(fault_jmp, 1);
    for (unsigned i = 0; i < len; i++)
        tmem[(off + i) % sizeof tmem] = ((const uint8_t *)buf)[i];
}
static const X87MemIf tmi = {t_read, t_write, NULL};

static X87 f;

static int run(uint8_t opc, uint8_t modrm, uint32_t ea)
{
    X87Op op;
    memset(&op, 0, sizeof op);
    op.opcode = opc;
    op.modrm = modrm;
    op.seg = 3;
    op.ea = ea;
    op.op32 = true;
    op.pm = true;
    op.ne = true;
    op.eip = 0x1234;
    op.cs_sel = 0x08;
    op.ea_sel = 0x10;
    return x87_execute(&f, &op, &tmi);
}
static int run_op(const X87Op *op) { return x87_execute(&f, op, &tmi); }

static void put_f64(uint32_t at, uint64_t v)
{
    for (int i = 0; i < 8; i++) tmem[at + i] = (uint8_t)(v >> (8 * i));
}
static uint64_t get_le(uint32_t at, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = n; i-- > 0;) v = v << 8 | tmem[at + i];
    return v;
}
static void fld_f64(uint64_t bits)
{
    put_f64(0x800, bits);
    ck_assert_int_eq(run(0xDD, 0x06, 0x800), X87_OK); /* fld qword [0x800] */
}
static Fx80 st0(void)
{
    unsigned top = (f.sw >> 11) & 7;
    return f.regs[top];
}

static void setup(void)
{
    memset(tmem, 0, sizeof tmem);
    fault_on_write = false;
    x87_power_on(&f);
}

/* --- differential test against the host ---------------------------------------- */

/* The 8 registers hold the same values (Fx80 has padding: no memcmp). */
static bool regs_equal(const Fx80 *a, const Fx80 *b)
{
    for (unsigned i = 0; i < 8; i++)
        if (a[i].mant != b[i].mant || a[i].sign_exp != b[i].sign_exp)
            return false;
    return true;
}

START_TEST(host_differential_all_forms)
{
    if (!hostdiff_ok()) {
        test_skip("fpu host_differential_all_forms", "host x87 not available");
        return;
    }
    unsigned long n = test_long() ? 100000 : 3000;
    unsigned long total = 0, fails = 0;
    for (unsigned i = 0; i < HD_NFORMS; i++) {
        HdResult r = hd_run_form(&hd_forms[i], n, 0x5EED + i, 2, stderr);
        total += r.cases;
        fails += r.fail;
        if (r.fail)
            fprintf(stderr, "fpu diff: %s: %lu of %lu differ\n",
                    hd_forms[i].name, r.fail, r.cases);
    }
    fprintf(stderr, "fpu diff: %lu cases over %u forms, %lu failures\n",
            total, (unsigned)HD_NFORMS, fails);
    ck_assert_uint_eq(fails, 0);
}
END_TEST

/* --- known results (host independent) ------------------------------------------- */

START_TEST(one_third_in_each_precision)
{
    static const struct {
        uint16_t cw;
        uint64_t mant;
    } want[] = {
        {0x037F, 0xAAAAAAAAAAAAAAABull}, /* 64-bit, nearest */
        {0x027F, 0xAAAAAAAAAAAAA800ull}, /* 53-bit */
        {0x007F, 0xAAAAAB0000000000ull}, /* 24-bit */
        {0x0F7F, 0xAAAAAAAAAAAAAAAAull}, /* 64-bit, chop */
    };
    for (unsigned k = 0; k < 4; k++) {
        setup();
        tmem[0x10] = (uint8_t)want[k].cw;
        tmem[0x11] = (uint8_t)(want[k].cw >> 8);
        ck_assert_int_eq(run(0xD9, 0x2E, 0x10), X87_OK); /* fldcw */
        fld_f64(0x4008000000000000ull);                   /* 3.0 */
        ck_assert_int_eq(run(0xD9, 0xE8, 0), X87_OK);     /* fld1 */
        ck_assert_int_eq(run(0xDE, 0xF1, 0), X87_OK);     /* fdivrp: 1/3 */
        ck_assert_uint_eq(st0().mant, want[k].mant);
        ck_assert_uint_eq(st0().sign_exp, 0x3FFD);
        ck_assert(f.sw & X87_SW_PE);
    }
}
END_TEST

START_TEST(sqrt2_and_pi_rounding)
{
    fld_f64(0x4000000000000000ull); /* 2.0 */
    run(0xD9, 0xFA, 0);             /* fsqrt */
    ck_assert_uint_eq(st0().mant, 0xB504F333F9DE6484ull);
    ck_assert_uint_eq(st0().sign_exp, 0x3FFF);
    /* FLDPI: nearest rounds down (...C234|C4C6), up mode rounds up. */
    run(0xD9, 0xEB, 0);
    ck_assert_uint_eq(st0().mant, 0xC90FDAA22168C235ull);
    tmem[0x10] = 0x7F;
    tmem[0x11] = 0x0B; /* RC = up */
    run(0xD9, 0x2E, 0x10);
    run(0xD9, 0xEB, 0);
    ck_assert_uint_eq(st0().mant, 0xC90FDAA22168C235ull);
    tmem[0x11] = 0x07; /* RC = down */
    run(0xD9, 0x2E, 0x10);
    run(0xD9, 0xEB, 0);
    ck_assert_uint_eq(st0().mant, 0xC90FDAA22168C234ull);
}
END_TEST

START_TEST(integer_and_bcd_round_trip)
{
    /* fild qword, fbstp, fbld, fistp m16 with overflow -> indefinite */
    put_f64(0x40, 0x0DE0B6B3A763FFFFull); /* 999999999999999999 */
    run(0xDF, 0x2E, 0x40);                /* fild qword [0x40] */
    run(0xDF, 0x36, 0x60);                /* fbstp [0x60] */
    for (int i = 0; i < 9; i++) ck_assert_uint_eq(tmem[0x60 + i], 0x99);
    ck_assert_uint_eq(tmem[0x69], 0x00);
    tmem[0x69] = 0x80; /* negative */
    run(0xDF, 0x26, 0x60); /* fbld */
    ck_assert_uint_eq(st0().sign_exp & 0x8000, 0x8000);
    run(0xDF, 0x1E, 0x70); /* fistp word: out of range */
    ck_assert_uint_eq(get_le(0x70, 2), 0x8000);
    ck_assert(f.sw & X87_SW_IE);
}
END_TEST

/* --- exceptions: masked responses, pending model, FERR# --------------------------- */

START_TEST(stack_underflow_and_overflow)
{
    run(0xD9, 0xE8, 0); /* fld1 */
    run(0xD8, 0xC1, 0); /* fadd st0, st1 (empty) */
    ck_assert_uint_eq(f.sw & (X87_SW_IE | X87_SW_SF | X87_SW_C1),
                      X87_SW_IE | X87_SW_SF);
    ck_assert_uint_eq(st0().sign_exp, 0xFFFF); /* default NaN */
    ck_assert_uint_eq(st0().mant, 0xC000000000000000ull);
    setup();
    for (int i = 0; i < 9; i++) run(0xD9, 0xEE, 0); /* 9 x fldz */
    ck_assert_uint_eq(f.sw & (X87_SW_IE | X87_SW_SF | X87_SW_C1),
                      X87_SW_IE | X87_SW_SF | X87_SW_C1);
}
END_TEST

START_TEST(pending_exception_model)
{
    /* Unmask ZE, divide by zero: ES/B set, FERR# rises, destination kept. */
    tmem[0x10] = 0x7B;
    tmem[0x11] = 0x03;
    ck_assert_int_eq(run(0xD9, 0x2E, 0x10), X87_OK);
    run(0xD9, 0xE8, 0); /* fld1 */
    run(0xD9, 0xEE, 0); /* fldz */
    int r = run(0xDE, 0xF9, 0); /* fdivp st1, st0: 1/0 */
    ck_assert_int_eq(r, X87_FERR_CHANGED);
    ck_assert(x87_ferr(&f));
    ck_assert_uint_eq(f.sw & (X87_SW_ZE | X87_SW_ES | X87_SW_B),
                      X87_SW_ZE | X87_SW_ES | X87_SW_B);
    ck_assert_uint_eq((f.sw >> 11) & 7, 6); /* not popped */
    X87 before = f;
    /* A waiting instruction reports first and changes nothing. */
    ck_assert_int_eq(run(0xD9, 0xE8, 0), X87_REPORT);
    ck_assert_int_eq(memcmp(&before, &f, sizeof f), 0);
    ck_assert_int_eq(run(0x9B, 0, 0), X87_REPORT); /* WAIT */
    ck_assert_int_eq(run(0xD9, 0x2E, 0x10), X87_REPORT); /* FLDCW waits */
    /* Non-waiting ones run: FNSTSW, FNSTCW, FNSTSW AX, FNSTENV. */
    ck_assert_int_eq(run(0xDD, 0x3E, 0x20), X87_OK);
    ck_assert_uint_eq(get_le(0x20, 2), f.sw);
    ck_assert_int_eq(run(0xDF, 0xE0, 0), X87_STORE_AX);
    ck_assert_int_eq(run(0xD9, 0x3E, 0x22), X87_OK);
    /* With CR0.NE=0 (IGNNE# behaviour) the instruction executes. */
    X87Op op;
    memset(&op, 0, sizeof op);
    op.opcode = 0xD9;
    op.modrm = 0xE8;
    op.ne = false;
    ck_assert_int_eq(run_op(&op), X87_OK);
    ck_assert_uint_eq((f.sw >> 11) & 7, 5);
    /* FNCLEX drops ES and FERR#. */
    ck_assert_int_eq(run(0xDB, 0xE2, 0), X87_FERR_CHANGED);
    ck_assert(!x87_ferr(&f));
    ck_assert_uint_eq(f.sw & 0x80FF, 0);
    ck_assert_int_eq(run(0x9B, 0, 0), X87_OK);
    /* FLDCW unmasking an already-set flag makes it pending. */
    run(0xD9, 0xEE, 0);
    run(0xD9, 0xEE, 0);
    tmem[0x10] = 0x7F;
    run(0xD9, 0x2E, 0x10);           /* all masked */
    run(0xDE, 0xF9, 0);              /* 0/0: IE, masked */
    ck_assert(!x87_ferr(&f));
    tmem[0x10] = 0x7E;               /* unmask IE */
    ck_assert_int_eq(run(0xD9, 0x2E, 0x10), X87_FERR_CHANGED);
    ck_assert(x87_ferr(&f));
    ck_assert_int_eq(run(0x9B, 0, 0), X87_REPORT);
}
END_TEST

START_TEST(store_fault_leaves_state)
{
    run(0xD9, 0xE8, 0); /* fld1 */
    X87 before = f;
    fault_on_write = true;
    if (setjmp(fault_jmp) == 0) {
        run(0xDD, 0x1E, 0x100); /* fstp qword: faults */
        ck_abort_msg("write did not fault");
    }
    fault_on_write = false;
    ck_assert_int_eq(memcmp(&before, &f, sizeof f), 0);
    run(0xDD, 0x1E, 0x100);
    ck_assert_uint_eq(get_le(0x100, 8), 0x3FF0000000000000ull);
    ck_assert_uint_eq(f.tw, 0xFFFF);
}
END_TEST

/* --- environment layouts ----------------------------------------------------------- */

static void make_state(void)
{
    x87_power_on(&f);
    run(0xD9, 0xE8, 0); /* fld1 */
    run(0xD9, 0xEE, 0); /* fldz */
    put_f64(0x800, 0x7FF0000000000000ull);
    /* fld qword with recorded pointers */
    X87Op op;
    memset(&op, 0, sizeof op);
    op.opcode = 0xDD;
    op.modrm = 0x06;
    op.ea = 0x800;
    op.seg = 3;
    op.ea_sel = 0x2345;
    op.cs_sel = 0x1000;
    op.eip = 0xABCD;
    op.ne = true;
    run_op(&op);
}

START_TEST(env_layouts_all_modes)
{
    static const struct {
        bool op32, pm;
        unsigned size;
    } modes[4] = {{false, false, 14}, {false, true, 14}, {true, false, 28},
                  {true, true, 28}};
    for (unsigned m = 0; m < 4; m++) {
        make_state();
        X87 saved = f;
        X87Op op;
        memset(&op, 0, sizeof op);
        op.opcode = 0xDD;
        op.modrm = 0x36; /* fnsave [0x200] */
        op.ea = 0x200;
        op.op32 = modes[m].op32;
        op.pm = modes[m].pm;
        memset(tmem + 0x200, 0xEE, 200);
        ck_assert_int_eq(run_op(&op), X87_OK);
        /* FNSAVE reinitialises. */
        ck_assert_uint_eq(f.cw, 0x037F);
        ck_assert_uint_eq(f.tw, 0xFFFF);
        unsigned w = modes[m].op32 ? 4 : 2; /* field stride */
        ck_assert_uint_eq(get_le(0x200 + 0 * w, 2), 0x037F);
        ck_assert_uint_eq(get_le(0x200 + 1 * w, 2), saved.sw);
        /* tags: ST0 = inf (special 2), ST1 = 0 (zero 1), ST2 = 1 (valid) */
        unsigned top = (saved.sw >> 11) & 7;
        uint16_t tw = (uint16_t)get_le(0x200 + 2 * w, 2);
        ck_assert_uint_eq((tw >> (2 * top)) & 3, 2);
        ck_assert_uint_eq((tw >> (2 * ((top + 1) & 7))) & 3, 1);
        ck_assert_uint_eq((tw >> (2 * ((top + 2) & 7))) & 3, 0);
        ck_assert_uint_eq((tw >> (2 * ((top + 3) & 7))) & 3, 3);
        unsigned b = 0x200;
        if (modes[m].pm && modes[m].op32) {
            ck_assert_uint_eq(get_le(b + 12, 4), 0xABCD);
            ck_assert_uint_eq(get_le(b + 16, 2), 0x1000);
            ck_assert_uint_eq(get_le(b + 18, 2), 0x506); /* DD 06 -> 5,06 */
            ck_assert_uint_eq(get_le(b + 20, 4), 0x800);
            ck_assert_uint_eq(get_le(b + 24, 2), 0x2345);
        } else if (modes[m].pm) {
            ck_assert_uint_eq(get_le(b + 6, 2), 0xABCD);
            ck_assert_uint_eq(get_le(b + 8, 2), 0x1000);
            ck_assert_uint_eq(get_le(b + 10, 2), 0x800);
            ck_assert_uint_eq(get_le(b + 12, 2), 0x2345);
        } else if (modes[m].op32) {
            uint32_t ip = 0x10000 + 0xABCD, dp = 0x23450 + 0x800;
            ck_assert_uint_eq(get_le(b + 12, 2), ip & 0xFFFF);
            ck_assert_uint_eq(get_le(b + 16, 4), 0x506 | (ip >> 16) << 12);
            ck_assert_uint_eq(get_le(b + 20, 2), dp & 0xFFFF);
            ck_assert_uint_eq(get_le(b + 24, 4), (dp >> 16) << 12);
        } else {
            uint32_t ip = 0x10000 + 0xABCD, dp = 0x23450 + 0x800;
            ck_assert_uint_eq(get_le(b + 6, 2), ip & 0xFFFF);
            ck_assert_uint_eq(get_le(b + 8, 2), 0x506 | (ip >> 16) << 12);
            ck_assert_uint_eq(get_le(b + 10, 2), dp & 0xFFFF);
            ck_assert_uint_eq(get_le(b + 12, 2), (dp >> 16) << 12);
        }
        /* registers follow the environment, ST(0) first */
        ck_assert_uint_eq(get_le(b + modes[m].size + 8, 2), 0x7FFF);
        ck_assert_uint_eq(get_le(b + modes[m].size + 18, 2), 0x0000);
        ck_assert_uint_eq(get_le(b + modes[m].size + 28, 2), 0x3FFF);
        /* FRSTOR restores the registers, control, status and tags. */
        op.modrm = 0x26;
        ck_assert_int_eq(run_op(&op), X87_OK);
        ck_assert_uint_eq(f.sw, saved.sw);
        ck_assert_uint_eq(f.cw, saved.cw);
        ck_assert_uint_eq(x87_tag_word(&f), x87_tag_word(&saved));
        ck_assert(regs_equal(f.regs, saved.regs));
        if (!(modes[m].pm && !modes[m].op32)) /* 16-bit PM has no FOP */
            ck_assert_uint_eq(f.fop, 0x506);
        /* FNSTENV masks all exceptions afterwards; FLDENV reloads. */
        op.opcode = 0xD9;
        op.modrm = 0x36;
        f.cw = 0x0360;
        run_op(&op);
        ck_assert_uint_eq(f.cw, 0x037F);
        ck_assert_uint_eq(get_le(0x200, 2), 0x0360);
        op.modrm = 0x26;
        run_op(&op);
        ck_assert_uint_eq(f.cw, 0x0360);
    }
}
END_TEST

START_TEST(pointers_follow_non_control_instructions)
{
    X87Op op;
    memset(&op, 0, sizeof op);
    op.opcode = 0xDD; /* fld qword [0x40] at 0008:0100, data 0010:0040 */
    op.modrm = 0x06;
    op.ea = 0x40;
    op.ea_sel = 0x10;
    op.cs_sel = 0x08;
    op.eip = 0x100;
    run_op(&op);
    ck_assert_uint_eq(f.fip, 0x100);
    ck_assert_uint_eq(f.fdp, 0x40);
    ck_assert_uint_eq(f.fop, 0x506);
    memset(&op, 0, sizeof op); /* fadd st0, st0 at 0x200: FIP/FOP only */
    op.opcode = 0xD8;
    op.modrm = 0xC0;
    op.eip = 0x200;
    op.cs_sel = 0x08;
    run_op(&op);
    ck_assert_uint_eq(f.fip, 0x200);
    ck_assert_uint_eq(f.fop, 0x0C0);
    ck_assert_uint_eq(f.fdp, 0x40);
    static const uint8_t control[][2] = {
        {0xD9, 0xD0}, {0xD9, 0xF6}, {0xD9, 0xF7}, {0xDD, 0xC3},
        {0xDB, 0xE2}, {0xD9, 0x2E}, {0xD9, 0x3E}, {0xDD, 0x3E},
    };
    for (unsigned i = 0; i < sizeof control / sizeof control[0]; i++) {
        memset(&op, 0, sizeof op);
        op.opcode = control[i][0];
        op.modrm = control[i][1];
        op.ea = 0x300;
        tmem[0x300] = 0x7F;
        tmem[0x301] = 0x03;
        op.eip = 0x999;
        run_op(&op);
        ck_assert_uint_eq(f.fip, 0x200);
        ck_assert_uint_eq(f.fop, 0x0C0);
    }
}
END_TEST

START_TEST(trig_range_and_fxam)
{
    /* FSIN of 2^63: out of range, C2=1, operand unchanged. */
    put_f64(0x40, 0x43E0000000000000ull);
    run(0xDD, 0x06, 0x40);
    Fx80 before = st0();
    run(0xD9, 0xFE, 0);
    ck_assert(f.sw & X87_SW_C2);
    ck_assert_uint_eq(st0().mant, before.mant);
    ck_assert_uint_eq(st0().sign_exp, before.sign_exp);
    /* FSIN of FLDPI (rounded up past the FPU's 66-bit pi) is tiny and
     * negative: sin(pi + d) = -d. */
    run(0xD9, 0xEB, 0);
    run(0xD9, 0xFE, 0);
    ck_assert(!(f.sw & X87_SW_C2));
    ck_assert_uint_eq(st0().sign_exp & 0x8000, 0x8000);
    ck_assert_uint_lt(st0().sign_exp & 0x7FFF, 0x3FC0);
    /* FXAM of an empty register: C3 C0 = 1, C2 = 0. */
    x87_power_on(&f);
    run(0xD9, 0xE5, 0);
    ck_assert_uint_eq(f.sw & (X87_SW_C3 | X87_SW_C2 | X87_SW_C0),
                      X87_SW_C3 | X87_SW_C0);
}
END_TEST

/* --- save state, disassembly --------------------------------------------------------- */

START_TEST(save_state_round_trip)
{
    make_state();
    FILE *fp = tmpfile();
    ck_assert_ptr_nonnull(fp);
    StateWriter w = {fp, 0};
    ck_assert_int_eq(x87_save(&f, &w), 0);
    rewind(fp);
    X87 g;
    x87_power_on(&g);
    StateReader r = {fp, 0};
    ck_assert_int_eq(x87_load(&g, &r), 0);
    fclose(fp);
    ck_assert(regs_equal(f.regs, g.regs));
    ck_assert_uint_eq(g.sw, f.sw);
    ck_assert_uint_eq(g.tw, f.tw);
    ck_assert_uint_eq(g.fip, f.fip);
    ck_assert_uint_eq(g.fds, f.fds);
}
END_TEST

START_TEST(disassembly_names)
{
    char buf[64];
    static const struct {
        uint8_t opc, modrm;
        const char *text;
    } cases[] = {
        {0xD8, 0xC3, "fadd st0, st3"},   {0xDC, 0xE9, "fsub st1, st0"},
        {0xDE, 0xF9, "fdivp st1, st0"},  {0xDE, 0xD9, "fcompp"},
        {0xD9, 0xEB, "fldpi"},           {0xD9, 0xFE, "fsin"},
        {0xDB, 0xE3, "fninit"},          {0xDF, 0xE0, "fnstsw ax"},
        {0xD9, 0xDA, "fstp1 st2"},       {0xDD, 0x07, "fld qword [bx]"},
        {0xDB, 0x2F, "fld tword [bx]"},  {0xDF, 0x37, "fbstp tword [bx]"},
        {0xD9, 0x37, "fnstenv [bx]"},    {0xDA, 0xC0, "(bad)"},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n = x87_disasm(cases[i].opc, cases[i].modrm, "[bx]", buf,
                           sizeof buf);
        ck_assert_int_gt(n, 0);
        ck_assert_str_eq(buf, cases[i].text);
    }
    ck_assert_int_eq(x87_disasm(0x90, 0, "", buf, sizeof buf), -1);
}
END_TEST

Suite *fpu_suite(void)
{
    Suite *s = suite_create("fpu");
    TCase *t = tcase_create("fpu");
    tcase_add_checked_fixture(t, setup, NULL);
    tcase_set_timeout(t, 600);
    tcase_add_test(t, host_differential_all_forms);
    tcase_add_test(t, one_third_in_each_precision);
    tcase_add_test(t, sqrt2_and_pi_rounding);
    tcase_add_test(t, integer_and_bcd_round_trip);
    tcase_add_test(t, stack_underflow_and_overflow);
    tcase_add_test(t, pending_exception_model);
    tcase_add_test(t, store_fault_leaves_state);
    tcase_add_test(t, env_layouts_all_modes);
    tcase_add_test(t, pointers_follow_non_control_instructions);
    tcase_add_test(t, trig_range_and_fxam);
    tcase_add_test(t, save_state_round_trip);
    tcase_add_test(t, disassembly_names);
    suite_add_tcase(s, t);
    return s;
}
