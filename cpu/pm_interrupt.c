/*
 * cpu/pm_interrupt.c — interrupt and exception delivery through the IDT in
 * protected and V86 mode (pm_deliver_interrupt hook): gate lookup and
 * checks, task gates, 16/32-bit interrupt and trap gates, the inner-stack
 * switch, the V86 exit frame (GS/FS/DS/ES pushed, then nulled), error
 * codes with the EXT bit.
 *
 * Authority: Intel 386 PRM 9.5-9.7 (IDT, gates, error code format), 9.6.1
 * (interrupt procedures, stack frame, IF/TF/NT clearing), 15.3.1 (leaving
 * V86 through an interrupt, figure 15-3), INT n pseudo-code in chapter 17;
 * 486 PRM 9.x.  Double/triple-fault escalation is done by the core.
 */
#include "cpu/pm.h"

/* Gate types valid in the IDT. */
static bool idt_gate_type(unsigned type)
{
    return type == SYS_TASKGATE || type == SYS_INTGATE286 ||
           type == SYS_TRAPGATE286 || type == SYS_INTGATE386 ||
           type == SYS_TRAPGATE386;
}

void pm_deliver_interrupt(Cpu *cpu, unsigned vector, int error_code,
                          IntKind kind, uint32_t return_eip)
{
    int ext = kind == INT_SOFTWARE ? 0 : 1;
    int idt_err = (int)(vector * 8 + 2) | ext;
    if (vector * 8 + 7 > cpu->idtr.limit)
        cpu_exception(cpu, EXC_GP, idt_err);
    Desc g;
    g.addr = cpu->idtr.base + vector * 8;
    pm_decode_desc(cpu, &g, cpu_sys_rd32(cpu, g.addr),
                   cpu_sys_rd32(cpu, g.addr + 4));
    unsigned type = DESC_TYPE(&g);
    if (DESC_S(&g) || !idt_gate_type(type))
        cpu_exception(cpu, EXC_GP, idt_err);
    /* INT n, INT3, INTO: the gate DPL must allow the caller (9.6.1.1) */
    if (kind == INT_SOFTWARE && DESC_DPL(&g) < cpu->cpl)
        cpu_exception(cpu, EXC_GP, idt_err);
    if (!DESC_P(&g))
        cpu_exception(cpu, EXC_NP, idt_err);

    if (type == SYS_TASKGATE) {
        uint16_t tsel = g.gsel;
        Desc t;
        if (SEL_TI(tsel))
            cpu_exception(cpu, EXC_TS, SEL_ERR(tsel) | ext);
        pm_fetch_desc_or_fault(cpu, tsel, &t, EXC_TS, ext);
        unsigned tt = DESC_TYPE(&t);
        if (DESC_S(&t) || (tt != SYS_TSS286_AVAIL && tt != SYS_TSS386_AVAIL))
            cpu_exception(cpu, EXC_TS, SEL_ERR(tsel) | ext);
        if (!DESC_P(&t))
            cpu_exception(cpu, EXC_NP, SEL_ERR(tsel) | ext);
        cpu->eip = return_eip;
        pm_task_switch(cpu, tsel, &t, TASK_INT, error_code, ext);
        return;
    }

    bool gate32 = type == SYS_INTGATE386 || type == SYS_TRAPGATE386;
    uint16_t csel = g.gsel;
    if ((csel & 0xFFFC) == 0)
        cpu_exception(cpu, EXC_GP, ext);
    Desc c;
    pm_fetch_desc_or_fault(cpu, csel, &c, EXC_GP, ext);
    int cerr = SEL_ERR(csel) | ext;
    if (!DESC_CODE(&c) || DESC_DPL(&c) > cpu->cpl)
        cpu_exception(cpu, EXC_GP, cerr);
    if (!DESC_P(&c))
        cpu_exception(cpu, EXC_NP, cerr);

    uint32_t fl = cpu_get_eflags(cpu);
    /* RF in the pushed image is 1 for fault-class exceptions other than
     * debug exceptions, so the handler's IRET does not re-trigger an
     * instruction breakpoint on the restarted instruction (Intel SDM
     * vol. 3 "Instruction-breakpoint exception condition", for all IA-32
     * processors). */
    if (kind == INT_EXCEPTION && vector != EXC_DB && cpu->model >= CPU_386)
        fl |= F_RF;
    uint16_t old_cs = cpu->seg[SEG_CS].sel;
    uint16_t old_ss = cpu->seg[SEG_SS].sel;
    uint32_t old_esp = cpu->r[R_ESP];
    unsigned dpl = DESC_DPL(&c);
    bool has_err = error_code != CPU_NO_ERR;
    unsigned size = gate32 ? 4 : 2;
    NewStack st;
    Desc sd;
    uint16_t nss = 0;
    unsigned new_cpl;
    bool from_v86 = cpu->v86;
    bool switch_stack;

    if (from_v86) {
        /* 386 PRM 15.3.1.1: the handler must be nonconforming CPL0 code */
        if (DESC_CONFORMING(&c) || dpl != 0)
            cpu_exception(cpu, EXC_GP, cerr);
        switch_stack = true;
        new_cpl = 0;
    } else if (!DESC_CONFORMING(&c) && dpl < cpu->cpl) {
        switch_stack = true;
        new_cpl = dpl;
    } else if (DESC_CONFORMING(&c) || dpl == cpu->cpl) {
        switch_stack = false;
        new_cpl = cpu->cpl;
    } else {
        cpu_exception(cpu, EXC_GP, cerr);
    }

    if (switch_stack) {
        uint32_t nesp;
        pm_tss_stack(cpu, new_cpl, &nss, &nesp, ext);
        pm_check_ss(cpu, nss, new_cpl, &sd, EXC_TS, ext);
        pm_seg_from_desc(cpu, &st.ss, nss, &sd);
        st.esp = nesp;
        st.cpl = new_cpl;
        st.fault_vec = EXC_SS;
        st.fault_err = SEL_ERR(nss) | ext;
        unsigned words = 5 + (from_v86 ? 4 : 0) + (has_err ? 1 : 0);
        pm_stack_room(cpu, &st, words * size);
    } else {
        st.ss = cpu->seg[SEG_SS];
        st.esp = cpu->r[R_ESP];
        st.cpl = cpu->cpl;
        st.fault_vec = EXC_SS;
        st.fault_err = ext;
        pm_stack_room(cpu, &st, (3 + (has_err ? 1 : 0)) * size);
    }
    if (g.goff > c.limit)
        cpu_exception(cpu, EXC_GP, ext);

    if (from_v86) {
        pm_stack_push(cpu, &st, cpu->seg[SEG_GS].sel, gate32);
        pm_stack_push(cpu, &st, cpu->seg[SEG_FS].sel, gate32);
        pm_stack_push(cpu, &st, cpu->seg[SEG_DS].sel, gate32);
        pm_stack_push(cpu, &st, cpu->seg[SEG_ES].sel, gate32);
    }
    if (switch_stack) {
        pm_stack_push(cpu, &st, old_ss, gate32);
        pm_stack_push(cpu, &st, old_esp, gate32);
    }
    pm_stack_push(cpu, &st, fl, gate32);
    pm_stack_push(cpu, &st, old_cs, gate32);
    pm_stack_push(cpu, &st, return_eip, gate32);
    if (has_err)
        pm_stack_push(cpu, &st, (uint32_t)error_code, gate32);

    /* commit */
    pm_set_accessed(cpu, &c);
    uint32_t clear = F_TF | F_NT | F_RF | F_VM;
    if (type == SYS_INTGATE286 || type == SYS_INTGATE386)
        clear |= F_IF;
    cpu_set_eflags(cpu, 0, clear);
    if (from_v86) {
        for (int s = SEG_ES; s <= SEG_GS; s++)
            if (s != SEG_CS && s != SEG_SS)
                pm_seg_null(cpu, &cpu->seg[s], 0);
    }
    if (switch_stack)
        pm_commit_ss(cpu, nss, &sd, st.esp);
    else
        cpu->r[R_ESP] = st.esp;
    pm_commit_cs(cpu, csel, &c, new_cpl, g.goff);
}
