/*
 * tests/cpu/test_fpu_glue.c — cpu/fpu_glue.c against the real CPU core:
 * FPU memory operands go through the CPU's segment/paging path, FNSTSW AX
 * lands in AX, FERR# reaches CpuHost.ferr, reset drops FERR#.  The ESC
 * dispatch itself belongs to cpu-core; here the glue is called the way the
 * dispatcher does after decoding the ModR/M byte.
 */
#include <check.h>
#include <string.h>

#include "cpu/cpu_internal.h"
#include "cpu/fpu.h"
#include "mem/memory.h"

static PhysMem *gmem;
static Cpu *gcpu;
static int ferr_calls;
static bool ferr_level;

static void on_ferr(void *opaque, bool level)
{
    (void)opaque;
    ferr_calls++;
    ferr_level = level;
}

static void setup(void)
{
    gmem = mem_create(1024 * 1024);
    CpuConfig cfg = {CPU_486, true};
    CpuHost host;
    memset(&host, 0, sizeof host);
    host.ferr = on_ferr;
    gcpu = cpu_create(&cfg, gmem, &host);
    ck_assert_ptr_nonnull(gcpu);
    ck_assert_int_eq(x87_glue_attach(gcpu), 0);
    ferr_calls = 0;
    ferr_level = false;
}

static void teardown(void)
{
    x87_glue_detach(gcpu);
    cpu_destroy(gcpu);
    mem_destroy(gmem);
}

/* Execute one ESC instruction with a DS:offset memory operand (or a
 * register form when modrm >= 0xC0). */
static void esc(uint8_t op, uint8_t modrm, uint32_t off)
{
    InsnCtx *in = &gcpu->in;
    in->modrm = modrm;
    in->mod = modrm >> 6;
    in->reg = (modrm >> 3) & 7;
    in->rm = modrm & 7;
    in->ea_seg = SEG_DS;
    in->ea_off = off;
    in->op32 = false;
    in->start_eip = 0x100;
    x87_glue_esc(gcpu, op);
}

START_TEST(memory_operands_through_cpu)
{
    /* DS = 0x1000 in real mode: linear 0x10000 + off. */
    cpu_set_reg(gcpu, CPU_REG_DS, 0x1000);
    uint64_t pi_bits = 0x400921FB54442D18ull; /* pi as a double */
    for (int i = 0; i < 8; i++)
        mem_write8(gmem, 0x10500 + i, (uint8_t)(pi_bits >> (8 * i)));
    esc(0xDD, 0x06, 0x500); /* fld qword [0x500] */
    esc(0xD9, 0x1E, 0x600); /* fstp dword [0x600] */
    ck_assert_uint_eq(mem_read32(gmem, 0x10600), 0x40490FDBu);
    esc(0xDB, 0xE3, 0);     /* fninit */
    esc(0xDD, 0x3E, 0x700); /* fnstsw [0x700] */
    ck_assert_uint_eq(mem_read16(gmem, 0x10700), 0);
    esc(0xD9, 0x3E, 0x702); /* fnstcw [0x702] */
    ck_assert_uint_eq(mem_read16(gmem, 0x10702), 0x037F);
}
END_TEST

START_TEST(fnstsw_ax_and_ferr)
{
    gcpu->r[0] = 0xDEAD0000u;
    esc(0xD9, 0xE8, 0); /* fld1 */
    esc(0xD9, 0xEE, 0); /* fldz */
    esc(0xDF, 0xE0, 0); /* fnstsw ax */
    ck_assert_uint_eq(gcpu->r[0], 0xDEAD3000u); /* TOP = 6 */
    /* Unmask ZE and divide by zero: FERR# goes high. */
    mem_write8(gmem, 0x900, 0x7B);
    mem_write8(gmem, 0x901, 0x03);
    esc(0xD9, 0x2E, 0x900); /* fldcw */
    esc(0xDE, 0xF9, 0);     /* fdivp: 1/0 */
    ck_assert_int_eq(ferr_calls, 1);
    ck_assert(ferr_level);
    esc(0xDB, 0xE2, 0); /* fnclex */
    ck_assert_int_eq(ferr_calls, 2);
    ck_assert(!ferr_level);
    esc(0xDE, 0xF9, 0); /* again */
    ck_assert(ferr_level);
    x87_glue_reset(gcpu);
    ck_assert(!ferr_level);
}
END_TEST

Suite *fpu_glue_suite(void)
{
    Suite *s = suite_create("fpu_glue");
    TCase *t = tcase_create("fpu_glue");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, memory_operands_through_cpu);
    tcase_add_test(t, fnstsw_ax_and_ferr);
    suite_add_tcase(s, t);
    return s;
}
