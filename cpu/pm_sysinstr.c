/*
 * cpu/pm_sysinstr.c — system instructions: group 6 (SLDT STR LLDT LTR VERR
 * VERW), group 7 (SGDT SIDT LGDT LIDT SMSW LMSW INVLPG), LAR, LSL, CLTS,
 * ARPL, MOV to/from CRn and test registers, the I/O permission check
 * (IOPL + TSS bitmap) and the protected-mode part of reset.
 *
 * Authority: Intel 486 PRM chapter 26 (each instruction's operation and
 * exception list; LAR/LSL tables of valid descriptor types), 486 PRM 4.1
 * (control registers: CR0-CR3 only; CR4 arrived with the Pentium), 8.3
 * (I/O permission bitmap); 386 PRM chapter 17 and 8.3.
 */
#include "cpu/pm.h"

/* #UD outside protected mode (real and V86: 486 PRM "Real Address Mode
 * Exceptions: #UD" for group 6, LAR, LSL). */
static void need_pm(Cpu *cpu)
{
    if (!cpu->pe || cpu->v86)
        cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
}

/* Privileged instructions: #GP(0) at CPL > 0, which includes V86. */
static void need_cpl0(Cpu *cpu)
{
    if (cpu->pe && cpu->cpl > 0)
        cpu_exception(cpu, EXC_GP, 0);
}

static void set_zf(Cpu *cpu, bool z)
{
    cpu_set_eflags(cpu, z ? F_ZF : 0, F_ZF);
}

/* Store a 16-bit system selector: registers get it zero-extended at
 * 32-bit operand size, memory always 16 bits. */
static void store_sel(Cpu *cpu, uint16_t sel)
{
    if (cpu->in.mod == 3 && cpu->in.op32)
        cpu_rm_write32(cpu, sel);
    else
        cpu_rm_write16(cpu, sel);
}

/* ---- LTR ------------------------------------------------------------------- */

static void op_ltr(Cpu *cpu, uint16_t sel)
{
    if ((sel & 0xFFFC) == 0)
        cpu_exception(cpu, EXC_GP, 0);
    int err = SEL_ERR(sel);
    if (SEL_TI(sel))
        cpu_exception(cpu, EXC_GP, err);
    Desc d;
    pm_fetch_desc_or_fault(cpu, sel, &d, EXC_GP, 0);
    unsigned t = DESC_TYPE(&d);
    if (DESC_S(&d) || (t != SYS_TSS286_AVAIL && t != SYS_TSS386_AVAIL))
        cpu_exception(cpu, EXC_GP, err);
    if (!DESC_P(&d))
        cpu_exception(cpu, EXC_NP, err);
    d.acc |= 2; /* busy */
    cpu_sys_wr8(cpu, d.addr + 5, d.acc);
    pm_seg_from_desc(cpu, &cpu->tr, sel, &d);
}

/* ---- LAR / LSL / VERR / VERW ------------------------------------------------ */

/* Descriptor visible to LAR/LSL/VERx at the current CPL and RPL?  Null
 * and out-of-table selectors are not. */
static bool visible_desc(Cpu *cpu, uint16_t sel, Desc *d)
{
    if ((sel & 0xFFFC) == 0 || !pm_fetch_desc(cpu, sel, d))
        return false;
    if (DESC_CONFORMING(d))
        return true;
    unsigned dpl = DESC_DPL(d);
    return dpl >= cpu->cpl && dpl >= SEL_RPL(sel);
}

/* 486 PRM LAR: valid system types 1 2 3 4 5 9 B C; LSL: 1 2 3 9 B. */
static const bool lar_sys_ok[16] = {
    [1] = true, [2] = true, [3] = true, [4] = true, [5] = true,
    [9] = true, [11] = true, [12] = true,
};
static const bool lsl_sys_ok[16] = {
    [1] = true, [2] = true, [3] = true, [9] = true, [11] = true,
};

void pm_op_lar(Cpu *cpu)
{
    need_pm(cpu);
    uint16_t sel = cpu_rm_read16(cpu);
    Desc d;
    if (!visible_desc(cpu, sel, &d) ||
        (!DESC_S(&d) && !lar_sys_ok[DESC_TYPE(&d)])) {
        set_zf(cpu, false);
        return;
    }
    uint32_t v = d.hi & (cpu->in.op32 ? 0x00F0FF00u : 0xFF00u);
    cpu_reg_write(cpu, cpu->in.reg, cpu->in.op32, v);
    set_zf(cpu, true);
}

void pm_op_lsl(Cpu *cpu)
{
    need_pm(cpu);
    uint16_t sel = cpu_rm_read16(cpu);
    Desc d;
    if (!visible_desc(cpu, sel, &d) ||
        (!DESC_S(&d) && !lsl_sys_ok[DESC_TYPE(&d)])) {
        set_zf(cpu, false);
        return;
    }
    cpu_reg_write(cpu, cpu->in.reg, cpu->in.op32, d.limit);
    set_zf(cpu, true);
}

static void op_verify(Cpu *cpu, bool write)
{
    uint16_t sel = cpu_rm_read16(cpu);
    Desc d;
    bool ok = visible_desc(cpu, sel, &d) && DESC_S(&d) &&
              (write ? DESC_WRITABLE(&d) : DESC_READABLE(&d));
    set_zf(cpu, ok);
}

/* ---- group 6 / group 7 ----------------------------------------------------- */

void pm_op_group6(Cpu *cpu)
{
    InsnCtx *in = &cpu->in;
    if (cpu->model < CPU_286)
        cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
    need_pm(cpu);
    switch (in->reg) {
    case 0: /* SLDT */
        store_sel(cpu, cpu->ldtr.sel);
        return;
    case 1: /* STR */
        store_sel(cpu, cpu->tr.sel);
        return;
    case 2: /* LLDT */
        need_cpl0(cpu);
        pm_load_ldtr(cpu, cpu_rm_read16(cpu), EXC_GP, 0);
        return;
    case 3: /* LTR */
        need_cpl0(cpu);
        op_ltr(cpu, cpu_rm_read16(cpu));
        return;
    case 4: /* VERR */
        op_verify(cpu, false);
        return;
    case 5: /* VERW */
        op_verify(cpu, true);
        return;
    default:
        cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
    }
}

void pm_op_group7(Cpu *cpu)
{
    InsnCtx *in = &cpu->in;
    if (cpu->model < CPU_286)
        cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
    switch (in->reg) {
    case 0: case 1: { /* SGDT / SIDT (not privileged) */
        if (in->mod == 3)
            cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
        DtReg *d = in->reg == 0 ? &cpu->gdtr : &cpu->idtr;
        uint32_t base = d->base;
        if (cpu->model == CPU_286)
            base |= 0xFF000000u;  /* 286: undefined byte reads as FF */
        else if (!in->op32)
            base &= 0x00FFFFFFu;
        cpu_wr16(cpu, in->ea_seg, in->ea_off, (uint16_t)d->limit);
        cpu_wr32(cpu, in->ea_seg, in->ea_off + 2, base);
        return;
    }
    case 2: case 3: { /* LGDT / LIDT */
        if (in->mod == 3)
            cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
        need_cpl0(cpu);
        DtReg *d = in->reg == 2 ? &cpu->gdtr : &cpu->idtr;
        uint16_t limit = cpu_rd16(cpu, in->ea_seg, in->ea_off);
        uint32_t base = cpu_rd32(cpu, in->ea_seg, in->ea_off + 2);
        if (!in->op32 || cpu->model == CPU_286)
            base &= 0x00FFFFFFu;
        d->limit = limit;
        d->base = base;
        return;
    }
    case 4: /* SMSW */
        if (in->mod == 3 && in->op32)
            cpu_rm_write32(cpu, cpu->cr[0]);
        else
            cpu_rm_write16(cpu, (uint16_t)cpu->cr[0]);
        return;
    case 6: { /* LMSW: PE can be set, never cleared (486 PRM LMSW) */
        need_cpl0(cpu);
        uint16_t v = cpu_rm_read16(cpu);
        uint32_t cr0 = (cpu->cr[0] & ~0xFu) | (v & 0xFu) |
                       (cpu->cr[0] & CR0_PE);
        cpu_write_cr(cpu, 0, cr0);
        return;
    }
    case 7: { /* INVLPG (486) */
        if (cpu->model < CPU_486 || in->mod == 3)
            cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
        need_cpl0(cpu);
        cpu_tlb_flush_page(cpu, cpu->seg[in->ea_seg].base + in->ea_off);
        return;
    }
    default:
        cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
    }
}

/* ---- CLTS, ARPL -------------------------------------------------------------- */

void pm_op_clts(Cpu *cpu)
{
    if (cpu->model < CPU_286)
        cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
    need_cpl0(cpu);
    cpu->cr[0] &= ~(uint32_t)CR0_TS;
}

void pm_op_arpl(Cpu *cpu)
{
    uint16_t dst = cpu_rm_read16(cpu);
    uint16_t src = (uint16_t)cpu_reg_read(cpu, cpu->in.reg, false);
    if ((dst & 3) < (src & 3)) {
        cpu_rm_write16(cpu, (uint16_t)((dst & ~3u) | (src & 3)));
        set_zf(cpu, true);
    } else {
        set_zf(cpu, false);
    }
}

/* ---- MOV CRn / TRn -------------------------------------------------------- */

void pm_op_mov_cr(Cpu *cpu, bool to_cr)
{
    InsnCtx *in = &cpu->in;
    unsigned n = in->reg;
    if (cpu->model < CPU_386)
        cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
    /* CR0, CR2, CR3 only: the 486 has no CR4 (486 PRM 4.1) */
    if (n != 0 && n != 2 && n != 3)
        cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
    need_cpl0(cpu);
    if (!to_cr) {
        cpu->r[in->rm] = cpu->cr[n];
        return;
    }
    uint32_t v = cpu->r[in->rm];
    if (n == 0) {
        if ((v & CR0_PG) && !(v & CR0_PE))
            cpu_exception(cpu, EXC_GP, 0);
        if (cpu->model >= CPU_486 && (v & CR0_NW) && !(v & CR0_CD))
            cpu_exception(cpu, EXC_GP, 0);
    }
    cpu_write_cr(cpu, n, v);
}

/* Test registers: TR6/TR7 (386 TLB test), TR3-TR7 (486 cache + TLB test).
 * The TLB/cache test machinery is not modelled: reads give 0. */
void pm_op_mov_tr(Cpu *cpu, bool to_tr)
{
    InsnCtx *in = &cpu->in;
    unsigned n = in->reg;
    unsigned lo = cpu->model == CPU_486 ? 3 : 6;
    if (cpu->model < CPU_386 || n < lo)
        cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
    need_cpl0(cpu);
    if (!to_tr)
        cpu->r[in->rm] = 0;
}

/* ---- I/O permission ------------------------------------------------------------ */

/* 386 PRM 8.3.2: every bit for the bytes accessed must be clear; bitmap
 * bytes beyond the TSS limit count as set.  286 TSSs have no bitmap. */
bool pm_io_allowed(Cpu *cpu, uint16_t port, unsigned size)
{
    unsigned type = cpu->tr.flags & 0xF;
    if ((type != SYS_TSS386_AVAIL && type != SYS_TSS386_BUSY) ||
        cpu->tr.limit < 0x67)
        return false;
    uint32_t iomap = cpu_sys_rd16(cpu, cpu->tr.base + 0x66);
    uint32_t byte = iomap + port / 8;
    if (byte + 1 > cpu->tr.limit)
        return false;
    uint32_t bits = cpu_sys_rd16(cpu, cpu->tr.base + byte);
    uint32_t mask = ((1u << size) - 1) << (port & 7);
    return (bits & mask) == 0;
}

void pm_reset(Cpu *cpu)
{
    (void)cpu;
}
