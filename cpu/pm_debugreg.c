/*
 * cpu/pm_debugreg.c — debug registers DR0-DR7: MOV to/from DRn with its
 * privilege check and general detect (DR7.GD -> #DB, DR6.BD).
 *
 * Authority: Intel 386 PRM chapter 12 (12.2 debug registers: DR4/DR5 are
 * reserved and alias DR6/DR7 on the 386/486, DR6 reserved bits read as 1,
 * DR7 bit 10 reads as 1; 12.3.1.5 general detect); 486 PRM chapter 11.
 */
#include "cpu/pm.h"

enum { DR6_BD = 1u << 13, DR7_GD = 1u << 13 };

uint32_t pm_dr_read(Cpu *cpu, unsigned n)
{
    return cpu->dr[n];
}

void pm_op_mov_dr(Cpu *cpu, bool to_dr)
{
    InsnCtx *in = &cpu->in;
    if (cpu->model < CPU_386)
        cpu_exception(cpu, EXC_UD, CPU_NO_ERR);
    if (cpu->pe && cpu->cpl > 0)
        cpu_exception(cpu, EXC_GP, 0);
    if (cpu->dr[7] & DR7_GD) {
        /* a fault before the MOV; GD is cleared so the handler can use
         * the debug registers (386 PRM 12.2.3) */
        cpu->dr[6] |= DR6_BD;
        cpu->dr[7] &= ~(uint32_t)DR7_GD;
        cpu_exception(cpu, EXC_DB, CPU_NO_ERR);
    }
    unsigned n = in->reg;
    if (n == 4 || n == 5)
        n += 2;
    if (!to_dr) {
        cpu->r[in->rm] = pm_dr_read(cpu, n);
        return;
    }
    uint32_t v = cpu->r[in->rm];
    if (n == 6)
        v = (v & 0x0000E00Fu) | 0xFFFF0FF0u;
    else if (n == 7)
        v = (v & ~0xD800u) | 0x400u;
    cpu->dr[n] = v;
}
