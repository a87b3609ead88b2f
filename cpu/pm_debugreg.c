/*
 * cpu/pm_debugreg.c — debug registers DR0-DR7: MOV to/from DRn with its
 * privilege check and general detect (DR7.GD -> #DB, DR6.BD).
 *
 * Authority: Intel 386 PRM chapter 12 (12.2 debug registers: DR4/DR5 are
 * reserved and alias DR6/DR7 on the 386/486, DR6 reserved bits read as 1,
 * DR7 bit 10 reads as 1; 12.3.1.5 general detect); 486 PRM chapter 11.
 * Also the breakpoint matching the core calls while DR7 enables any
 * breakpoint (see cpu_internal.h): instruction breakpoints are faults
 * checked before the instruction (suppressed once by EFLAGS.RF), data
 * breakpoints are traps reported after it (12.3.1.1-12.3.1.2).
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
    if (n == 7) {
        cpu_tlb_flush(cpu);   /* TLB entries bypass the data checks */
        cpu_update_events(cpu);
    }
}

/* Enabled (L or G) with the given R/W field?  Returns the LEN in bytes. */
static unsigned bp_len(uint32_t dr7, unsigned i, unsigned *rw)
{
    if (!(dr7 & (3u << (2 * i))))
        return 0;
    *rw = (dr7 >> (16 + 4 * i)) & 3;
    static const unsigned lens[4] = {1, 2, 4, 4}; /* LEN 10 undefined */
    return lens[(dr7 >> (18 + 4 * i)) & 3];
}

/* RF only matters while instruction breakpoints are checked (then
 * pm_debug_insn_check consumes it); otherwise drop it at once, as the
 * next instruction would. */
void pm_rf_settle(Cpu *cpu)
{
    if (!(cpu->dr[7] & 0xFF))
        cpu->flags &= ~(uint32_t)F_RF;
}

void pm_debug_insn_check(Cpu *cpu)
{
    if (cpu->flags & F_RF) {
        /* RF: the first instruction after IRET skips its breakpoint */
        cpu->flags &= ~(uint32_t)F_RF;
        return;
    }
    uint32_t lin = cpu->seg[SEG_CS].base + cpu->eip;
    uint32_t hit = 0;
    for (unsigned i = 0; i < 4; i++) {
        unsigned rw;
        if (bp_len(cpu->dr[7], i, &rw) && rw == 0 && cpu->dr[i] == lin)
            hit |= 1u << i;
    }
    if (!hit)
        return;
    cpu->dr[6] |= hit;
    /* a fault on the instruction about to run */
    cpu->in.start_eip = cpu->eip;
    cpu->insn_esp = cpu->r[R_ESP];
    cpu_exception(cpu, EXC_DB, CPU_NO_ERR);
}

void pm_debug_data_check(Cpu *cpu, uint32_t lin, unsigned size, bool write)
{
    for (unsigned i = 0; i < 4; i++) {
        unsigned rw, n = bp_len(cpu->dr[7], i, &rw);
        /* RW 01 = writes, 11 = reads and writes; 10 (I/O) is undefined
         * on the 386/486 */
        if (!n || rw == 0 || rw == 2 || (rw == 1 && !write))
            continue;
        uint32_t a = cpu->dr[i] & ~(uint32_t)(n - 1);
        if (lin < a + n && a < lin + size)
            cpu->db_pending |= 1u << i;
    }
}
