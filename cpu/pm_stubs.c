/*
 * cpu/pm_stubs.c — TEMPORARY stand-ins for the protected-mode half of the
 * CPU (owned by helper cpu-pm, who deletes this file and replaces it with
 * the real cpu/pm_*.c).  Real-mode behaviour only: anything that needs
 * protected mode raises #UD or #GP(0), the page walk is the identity.
 */
#include "cpu/cpu_internal.h"

void pm_reset(Cpu *cpu)
{
    (void)cpu;
}

void pm_load_seg(Cpu *cpu, int sreg, uint16_t sel)
{
    (void)sreg; (void)sel;
    cpu_exception(cpu, EXC_GP, 0);
}

void pm_far_jmp(Cpu *cpu, uint16_t sel, uint32_t off, bool op32)
{
    (void)sel; (void)off; (void)op32;
    cpu_exception(cpu, EXC_GP, 0);
}

void pm_far_call(Cpu *cpu, uint16_t sel, uint32_t off, bool op32)
{
    (void)sel; (void)off; (void)op32;
    cpu_exception(cpu, EXC_GP, 0);
}

void pm_far_ret(Cpu *cpu, bool op32, uint16_t imm)
{
    (void)op32; (void)imm;
    cpu_exception(cpu, EXC_GP, 0);
}

void pm_iret(Cpu *cpu, bool op32)
{
    (void)op32;
    cpu_exception(cpu, EXC_GP, 0);
}

void pm_deliver_interrupt(Cpu *cpu, unsigned vector, int error_code,
                          IntKind kind, uint32_t return_eip)
{
    /* No IDT support yet: behave like real mode so the machine limps on. */
    (void)error_code; (void)kind;
    cpu_real_interrupt(cpu, vector, return_eip);
}

uint32_t pm_page_walk(Cpu *cpu, uint32_t lin, AccessKind acc, bool user)
{
    (void)cpu; (void)acc; (void)user;
    return lin;
}

bool pm_page_probe(Cpu *cpu, uint32_t lin, bool write, uint32_t *phys)
{
    (void)cpu; (void)write;
    *phys = lin;
    return true;
}

bool pm_io_allowed(Cpu *cpu, uint16_t port, unsigned size)
{
    (void)cpu; (void)port; (void)size;
    return false;
}

/* Real-mode subset of the system instructions: LGDT/LIDT/SGDT/SIDT/SMSW/
 * LMSW work (a BIOS needs them); the rest is #UD. */
void pm_op_group6(Cpu *cpu)
{
    cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
}

void pm_op_group7(Cpu *cpu)
{
    InsnCtx *in = &cpu->in;
    switch (in->reg) {
    case 0: case 1: { /* SGDT / SIDT */
        if (in->mod == 3)
            cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
        DtReg *d = in->reg == 0 ? &cpu->gdtr : &cpu->idtr;
        uint32_t base = d->base;
        if (cpu->model == CPU_286)
            base |= 0xFF000000u;
        else if (!in->op32)
            base &= 0x00FFFFFFu;
        cpu_wr16(cpu, in->ea_seg, in->ea_off, (uint16_t)d->limit);
        cpu_wr32(cpu, in->ea_seg, in->ea_off + 2, base);
        return;
    }
    case 2: case 3: { /* LGDT / LIDT */
        if (in->mod == 3)
            cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
        DtReg *d = in->reg == 2 ? &cpu->gdtr : &cpu->idtr;
        uint16_t limit = cpu_rd16(cpu, in->ea_seg, in->ea_off);
        uint32_t base = cpu_rd32(cpu, in->ea_seg, in->ea_off + 2);
        if (!in->op32)
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
    case 6: { /* LMSW: can set PE but not clear it */
        uint16_t v = cpu_rm_read16(cpu);
        uint32_t cr0 = (cpu->cr[0] & ~0xEu) | (v & 0xFu);
        if (cpu->cr[0] & CR0_PE)
            cr0 |= CR0_PE;
        cpu_write_cr(cpu, 0, cr0);
        return;
    }
    default:
        cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
    }
}

void pm_op_lar(Cpu *cpu) { cpu_exception(cpu, EXC_UD, CPU_NO_ERR); }
void pm_op_lsl(Cpu *cpu) { cpu_exception(cpu, EXC_UD, CPU_NO_ERR); }
void pm_op_arpl(Cpu *cpu) { cpu_exception(cpu, EXC_UD, CPU_NO_ERR); }

void pm_op_clts(Cpu *cpu)
{
    cpu->cr[0] &= ~(uint32_t)CR0_TS;
}

void pm_op_mov_cr(Cpu *cpu, bool to_cr)
{
    InsnCtx *in = &cpu->in;
    unsigned n = in->reg;
    if (n == 1 || n > 4 || (n == 4 && cpu->model < CPU_486))
        cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
    if (to_cr)
        cpu_write_cr(cpu, n, cpu->r[in->rm]);
    else
        cpu->r[in->rm] = cpu->cr[n];
}

void pm_op_mov_dr(Cpu *cpu, bool to_dr)
{
    InsnCtx *in = &cpu->in;
    unsigned n = in->reg;
    if (to_dr)
        cpu->dr[n] = cpu->r[in->rm];
    else
        cpu->r[in->rm] = cpu->dr[n];
}

void pm_op_mov_tr(Cpu *cpu, bool to_tr)
{
    (void)to_tr;
    cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
}
