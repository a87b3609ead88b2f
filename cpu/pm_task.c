/*
 * cpu/pm_task.c — hardware task switching between 286 and 386 TSSs (for
 * JMP, CALL, IRET and interrupts/exceptions through task gates): saving
 * the outgoing state, busy bits, NT and the back link, CR0.TS, loading
 * CR3, LDTR, EFLAGS (including VM: V86 tasks), registers and segments of
 * the incoming task with their checks, and the error-code push.
 *
 * Authority: Intel 386 PRM chapter 7 (7.2 TSS layout, 7.3 the task switch
 * steps, 7.5 task linking, table 7-2), 9.6.2 (interrupt tasks); 286 TSS
 * layout from the 386 PRM appendix / 286 PRM chapter 8; 486 PRM chapter 7.
 *
 * Faults detected after the new state is committed belong to the new task:
 * the core's restart point (in.start_eip / insn_esp) is moved to it.
 */
#include <string.h>

#include "cpu/pm.h"

static bool tss_is_386(unsigned type)
{
    return type == SYS_TSS386_AVAIL || type == SYS_TSS386_BUSY;
}

/* Save the outgoing task into the TSS at tr. */
static void save_state(Cpu *cpu, uint32_t eip, uint32_t fl)
{
    uint32_t b = cpu->tr.base;
    if (tss_is_386(cpu->tr.flags & 0xF)) {
        cpu_sys_wr32(cpu, b + 0x20, eip);
        cpu_sys_wr32(cpu, b + 0x24, fl);
        for (unsigned i = 0; i < 8; i++)
            cpu_sys_wr32(cpu, b + 0x28 + 4 * i, cpu->r[i]);
        for (unsigned s = 0; s < SEG_COUNT; s++)
            cpu_sys_wr16(cpu, b + 0x48 + 4 * s, cpu->seg[s].sel);
    } else {
        cpu_sys_wr16(cpu, b + 0x0E, (uint16_t)eip);
        cpu_sys_wr16(cpu, b + 0x10, (uint16_t)fl);
        for (unsigned i = 0; i < 8; i++)
            cpu_sys_wr16(cpu, b + 0x12 + 2 * i, (uint16_t)cpu->r[i]);
        for (unsigned s = 0; s < 4; s++)
            cpu_sys_wr16(cpu, b + 0x22 + 2 * s, cpu->seg[s].sel);
    }
}

static void set_busy(Cpu *cpu, Desc *d, bool busy)
{
    uint8_t acc = busy ? (uint8_t)(d->acc | 2) : (uint8_t)(d->acc & ~2);
    d->acc = acc;
    cpu_sys_wr8(cpu, d->addr + 5, acc);
}

/* Code segment of the incoming task (386 PRM 7.3 step "loads CS"). */
static void load_task_cs(Cpu *cpu, uint16_t sel, int ext)
{
    if ((sel & 0xFFFC) == 0)
        cpu_exception(cpu, EXC_TS, ext);
    Desc d;
    pm_fetch_desc_or_fault(cpu, sel, &d, EXC_TS, ext);
    int err = SEL_ERR(sel) | ext;
    unsigned rpl = SEL_RPL(sel);
    if (!DESC_CODE(&d))
        cpu_exception(cpu, EXC_TS, err);
    if (DESC_CONFORMING(&d) ? DESC_DPL(&d) > rpl : DESC_DPL(&d) != rpl)
        cpu_exception(cpu, EXC_TS, err);
    if (!DESC_P(&d))
        cpu_exception(cpu, EXC_NP, err);
    pm_set_accessed(cpu, &d);
    pm_seg_from_desc(cpu, &cpu->seg[SEG_CS], sel, &d);
}

void pm_task_switch(Cpu *cpu, uint16_t sel, Desc *nd, TaskReason why,
                    int error_code, int ext)
{
    unsigned ntype = DESC_TYPE(nd);
    bool n386 = tss_is_386(ntype);
    uint32_t min_limit = n386 ? 0x67 : 0x2B;
    if (nd->limit < min_limit)
        cpu_exception(cpu, EXC_TS, SEL_ERR(sel) | ext);
    uint32_t nb = nd->base;

    /* Read the whole incoming state first (faults here are clean). */
    uint32_t ncr3 = 0, neip, nfl, nr[8];
    uint16_t nseg[SEG_COUNT], nldt;
    if (n386) {
        ncr3 = cpu_sys_rd32(cpu, nb + 0x1C);
        neip = cpu_sys_rd32(cpu, nb + 0x20);
        nfl = cpu_sys_rd32(cpu, nb + 0x24);
        for (unsigned i = 0; i < 8; i++)
            nr[i] = cpu_sys_rd32(cpu, nb + 0x28 + 4 * i);
        for (unsigned s = 0; s < SEG_COUNT; s++)
            nseg[s] = cpu_sys_rd16(cpu, nb + 0x48 + 4 * s);
        nldt = cpu_sys_rd16(cpu, nb + 0x60);
    } else {
        neip = cpu_sys_rd16(cpu, nb + 0x0E);
        nfl = cpu_sys_rd16(cpu, nb + 0x10);
        for (unsigned i = 0; i < 8; i++)
            nr[i] = (cpu->r[i] & 0xFFFF0000u) |
                    cpu_sys_rd16(cpu, nb + 0x12 + 2 * i);
        for (unsigned s = 0; s < 4; s++)
            nseg[s] = cpu_sys_rd16(cpu, nb + 0x22 + 2 * s);
        nseg[SEG_FS] = nseg[SEG_GS] = 0;
        nldt = cpu_sys_rd16(cpu, nb + 0x2A);
    }

    /* Outgoing task: save, release or keep busy. */
    uint32_t ofl = cpu_get_eflags(cpu);
    if (why == TASK_IRET)
        ofl &= ~(uint32_t)F_NT;  /* table 7-2: NT cleared in the old image */
    save_state(cpu, cpu->eip, ofl);
    uint16_t old_sel = cpu->tr.sel;
    if (why == TASK_JMP || why == TASK_IRET) {
        Desc od;
        if (pm_fetch_desc(cpu, old_sel, &od))
            set_busy(cpu, &od, false);
    }
    if (why == TASK_CALL || why == TASK_INT) {
        cpu_sys_wr16(cpu, nb, old_sel);  /* back link */
        nfl |= F_NT;
    }
    if (why != TASK_IRET)
        set_busy(cpu, nd, true);

    /* Commit the new task register and state. */
    pm_seg_from_desc(cpu, &cpu->tr, sel, nd);
    cpu->cr[0] |= CR0_TS;
    /* local breakpoint enables L0-L3 are task-local (386 PRM 12.2.4) */
    if (cpu->dr[7] & 0x55) {
        cpu->dr[7] &= ~(uint32_t)0x55;
        cpu_tlb_flush(cpu);
        cpu_update_events(cpu);
    }
    if (n386 && cpu->paging && ncr3 != cpu->cr[3])
        cpu_write_cr(cpu, 3, ncr3);
    memcpy(cpu->r, nr, sizeof nr);
    cpu->eip = neip;
    if (!n386)
        nfl = (cpu_get_eflags(cpu) & 0xFFFF0000u & ~(uint32_t)(F_VM | F_RF)) |
              (nfl & 0xFFFF);
    cpu_set_eflags(cpu, nfl, 0xFFFFFFFFu);
    pm_rf_settle(cpu);
    for (unsigned s = 0; s < SEG_COUNT; s++) {
        cpu->seg[s].sel = nseg[s];
        if (s != SEG_CS && s != SEG_SS)
            cpu->seg[s].valid = false;
    }
    cpu->ldtr.sel = nldt;
    /* From here on, faults are reported in the new task's context. */
    cpu->in.start_eip = cpu->eip;
    cpu->insn_esp = cpu->r[R_ESP];

    pm_load_ldtr(cpu, nldt, EXC_TS, ext);
    if (cpu->flags & F_VM) {
        cpu_set_cpl(cpu, 3);
        for (int s = 0; s < SEG_COUNT; s++)
            cpu_load_seg_real(cpu, s, nseg[s]);
        cpu_update_mode(cpu);
    } else {
        load_task_cs(cpu, nseg[SEG_CS], ext);
        unsigned cpl = SEL_RPL(nseg[SEG_CS]);
        cpu_set_cpl(cpu, cpl);
        Desc sd;
        pm_check_ss(cpu, nseg[SEG_SS], cpl, &sd, EXC_TS, ext);
        pm_seg_from_desc(cpu, &cpu->seg[SEG_SS], nseg[SEG_SS], &sd);
        cpu_update_mode(cpu);
        static const int dregs[] = {SEG_ES, SEG_DS, SEG_FS, SEG_GS};
        for (unsigned i = 0; i < 4; i++)
            pm_load_data_seg(cpu, dregs[i], nseg[dregs[i]], EXC_TS, ext);
    }
    if (error_code != CPU_NO_ERR) {
        if (n386)
            cpu_push32(cpu, (uint32_t)error_code);
        else
            cpu_push16(cpu, (uint16_t)error_code);
        cpu->insn_esp = cpu->r[R_ESP];
    }
    if (cpu->eip > cpu->seg[SEG_CS].limit)
        cpu_exception(cpu, EXC_GP, ext);
}
