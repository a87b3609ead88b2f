/*
 * cpu/pm_transfer.c — protected-mode far control transfers: far JMP and
 * CALL to code segments, call gates (with parameter copying and inner
 * stack switch), task gates and TSSs; far RET and IRET to the same or an
 * outer level, IRET to V86 mode and the nested-task IRET; and the stack
 * helpers used while the new SS is not yet loaded.
 *
 * Authority: Intel 386 PRM 6.3.4 (control transfers, gates, stack
 * switching 6.3.4.3, returns 6.3.4.4), chapter 17 CALL/JMP/RET/IRET
 * pseudo-code, 15.1.3 (entering V86 through IRET); 486 PRM chapter 26.
 *
 * Style: every check runs before any register is changed; stores to a new
 * stack happen before the commit, so a fault leaves the old state intact
 * (the core restores EIP/ESP).
 */
#include "cpu/pm.h"

/* ---- stack helpers ---------------------------------------------------- */

static uint32_t stack_mask(const SegCache *ss)
{
    return ss->big ? 0xFFFFFFFFu : 0xFFFFu;
}

/* Fault for a bad new-stack access: #SS(sel) for a switched stack, #SS(0)
 * for the current one. */
CPU_NORETURN static void stack_fault(Cpu *cpu, const NewStack *st)
{
    cpu_exception(cpu, st->fault_vec, st->fault_err);
}

void pm_stack_room(Cpu *cpu, NewStack *st, uint32_t bytes)
{
    uint32_t m = stack_mask(&st->ss);
    uint32_t top = st->esp & m;
    uint32_t low = (top - bytes) & m;
    /* every byte in [low, top-1] must lie inside [lo, hi] */
    if (!st->ss.wr_ok || low < st->ss.lo || ((top - 1) & m) > st->ss.hi ||
        (top != 0 && low > top - 1 && m == 0xFFFFFFFFu))
        stack_fault(cpu, st);
}

void pm_stack_push(Cpu *cpu, NewStack *st, uint32_t v, bool op32)
{
    uint32_t m = stack_mask(&st->ss);
    unsigned size = op32 ? 4 : 2;
    uint32_t off = (st->esp - size) & m;
    if (!st->ss.wr_ok || off < st->ss.lo || off + size - 1 > st->ss.hi ||
        off + size - 1 < off)
        stack_fault(cpu, st);
    uint32_t lin = st->ss.base + off;
    if (st->cpl == 3 && cpu->cpl == 3) {
        if (op32)
            cpu_lin_wr32(cpu, lin, v);
        else
            cpu_lin_wr16(cpu, lin, (uint16_t)v);
    } else {
        if (op32)
            cpu_sys_wr32(cpu, lin, v);
        else
            cpu_sys_wr16(cpu, lin, (uint16_t)v);
    }
    st->esp = (st->esp & ~m) | off;
}

/* The current stack as a NewStack (same-privilege pushes). */
static void current_stack(Cpu *cpu, NewStack *st)
{
    st->ss = cpu->seg[SEG_SS];
    st->esp = cpu->r[R_ESP];
    st->cpl = cpu->cpl;
    st->fault_vec = EXC_SS;
    st->fault_err = 0;
}

/* Inner-level stack pointer from the current TSS (386 PRM 6.3.4.3). */
void pm_tss_stack(Cpu *cpu, unsigned cpl, uint16_t *ss, uint32_t *esp,
                  int ext)
{
    unsigned type = cpu->tr.flags & 0xF;
    bool tss386 = type == SYS_TSS386_AVAIL || type == SYS_TSS386_BUSY;
    uint32_t off = tss386 ? 4 + 8 * cpl : 2 + 4 * cpl;
    uint32_t last = off + (tss386 ? 5 : 3);
    if (last > cpu->tr.limit)
        cpu_exception(cpu, EXC_TS, SEL_ERR(cpu->tr.sel) | ext);
    if (tss386) {
        *esp = cpu_sys_rd32(cpu, cpu->tr.base + off);
        *ss = cpu_sys_rd16(cpu, cpu->tr.base + off + 4);
    } else {
        *esp = cpu_sys_rd16(cpu, cpu->tr.base + off);
        *ss = cpu_sys_rd16(cpu, cpu->tr.base + off + 2);
    }
}

/* Read the n-th operand-sized item above the current stack pointer. */
static uint32_t stack_peek(Cpu *cpu, uint32_t byte_off, bool op32)
{
    uint32_t m = stack_mask(&cpu->seg[SEG_SS]);
    uint32_t off = (cpu->r[R_ESP] + byte_off) & m;
    return op32 ? cpu_rd32(cpu, SEG_SS, off) : cpu_rd16(cpu, SEG_SS, off);
}

static void esp_add(Cpu *cpu, uint32_t n)
{
    if (cpu->seg[SEG_SS].big)
        cpu->r[R_ESP] += n;
    else
        cpu->r[R_ESP] = (cpu->r[R_ESP] & 0xFFFF0000u) |
                        ((cpu->r[R_ESP] + n) & 0xFFFF);
}

/* ---- target code-segment checks ------------------------------------------ */

/* Direct JMP/CALL to a code segment (386 PRM 6.3.4.1). */
static void check_direct_code(Cpu *cpu, uint16_t sel, const Desc *d)
{
    int err = SEL_ERR(sel);
    if (!DESC_CODE(d))
        cpu_exception(cpu, EXC_GP, err);
    unsigned dpl = DESC_DPL(d);
    if (DESC_CONFORMING(d)) {
        if (dpl > cpu->cpl)
            cpu_exception(cpu, EXC_GP, err);
    } else if (SEL_RPL(sel) > cpu->cpl || dpl != cpu->cpl) {
        cpu_exception(cpu, EXC_GP, err);
    }
    if (!DESC_P(d))
        cpu_exception(cpu, EXC_NP, err);
}

static void check_eip(Cpu *cpu, const Desc *d, uint32_t eip)
{
    if (eip > d->limit)
        cpu_exception(cpu, EXC_GP, 0);
}

/* Gate or TSS reached by JMP/CALL: DPL >= max(CPL, RPL), present. */
static void check_gate_access(Cpu *cpu, uint16_t sel, const Desc *g)
{
    unsigned dpl = DESC_DPL(g);
    if (dpl < cpu->cpl || dpl < SEL_RPL(sel))
        cpu_exception(cpu, EXC_GP, SEL_ERR(sel));
    if (!DESC_P(g))
        cpu_exception(cpu, EXC_NP, SEL_ERR(sel));
}

/* CS selector of a far JMP/CALL/RET or a call gate: null is #GP(0); its
 * descriptor must lie inside the table (#GP(sel)). */
static void fetch_far_cs(Cpu *cpu, uint16_t sel, Desc *d)
{
    if ((sel & 0xFFFC) == 0)
        cpu_exception(cpu, EXC_GP, 0);
    pm_fetch_desc_or_fault(cpu, sel, d, EXC_GP, 0);
}

/* Task gate / TSS as JMP/CALL target. */
static void far_task(Cpu *cpu, uint16_t sel, Desc *d, TaskReason why)
{
    check_gate_access(cpu, sel, d);
    uint16_t tsel = sel;
    Desc t = *d;
    if (DESC_TYPE(d) == SYS_TASKGATE) {
        tsel = d->gsel;
        if (SEL_TI(tsel))
            cpu_exception(cpu, EXC_GP, SEL_ERR(tsel));
        pm_fetch_desc_or_fault(cpu, tsel, &t, EXC_GP, 0);
    }
    unsigned type = DESC_TYPE(&t);
    if (DESC_S(&t) || (type != SYS_TSS286_AVAIL && type != SYS_TSS386_AVAIL))
        cpu_exception(cpu, EXC_GP, SEL_ERR(tsel));
    if (!DESC_P(&t))
        cpu_exception(cpu, EXC_NP, SEL_ERR(tsel));
    pm_task_switch(cpu, tsel, &t, why, CPU_NO_ERR, 0);
}

/* Call-gate target: code segment checks common to JMP and CALL. */
static void gate_target(Cpu *cpu, const Desc *g, Desc *t)
{
    uint16_t tsel = g->gsel;
    fetch_far_cs(cpu, tsel, t);
    if (!DESC_CODE(t) || DESC_DPL(t) > cpu->cpl)
        cpu_exception(cpu, EXC_GP, SEL_ERR(tsel));
    if (!DESC_P(t))
        cpu_exception(cpu, EXC_NP, SEL_ERR(tsel));
}

/* ---- JMP ---------------------------------------------------------------- */

/* A far JMP/CALL whose selector names a system descriptor: call gates go
 * to `through_gate`, task gates and available TSSs switch tasks, anything
 * else is #GP(sel). */
static void far_to_system(Cpu *cpu, uint16_t sel, Desc *d, TaskReason why,
                          void (*through_gate)(Cpu *, uint16_t, Desc *))
{
    switch (DESC_TYPE(d)) {
    case SYS_CALLGATE286:
    case SYS_CALLGATE386:
        through_gate(cpu, sel, d);
        return;
    case SYS_TASKGATE:
    case SYS_TSS286_AVAIL:
    case SYS_TSS386_AVAIL:
        far_task(cpu, sel, d, why);
        return;
    default:
        cpu_exception(cpu, EXC_GP, SEL_ERR(sel));
    }
}

static void jmp_gate(Cpu *cpu, uint16_t sel, Desc *g)
{
    check_gate_access(cpu, sel, g);
    Desc t;
    gate_target(cpu, g, &t);
    /* JMP through a gate cannot change privilege (386 PRM 6.3.4.2) */
    if (!DESC_CONFORMING(&t) && DESC_DPL(&t) != cpu->cpl)
        cpu_exception(cpu, EXC_GP, SEL_ERR(g->gsel));
    check_eip(cpu, &t, g->goff);
    pm_set_accessed(cpu, &t);
    pm_commit_cs(cpu, g->gsel, &t, cpu->cpl, g->goff);
}

void pm_far_jmp(Cpu *cpu, uint16_t sel, uint32_t off, bool op32)
{
    (void)op32;
    Desc d;
    fetch_far_cs(cpu, sel, &d);
    if (DESC_S(&d)) {
        check_direct_code(cpu, sel, &d);
        check_eip(cpu, &d, off);
        pm_set_accessed(cpu, &d);
        pm_commit_cs(cpu, sel, &d, cpu->cpl, off);
        return;
    }
    far_to_system(cpu, sel, &d, TASK_JMP, jmp_gate);
}

/* ---- CALL ------------------------------------------------------------- */

/* CALL that keeps the privilege level (a code segment, or a gate to the
 * same level): CS:EIP pushed on the current stack, in `op32` size. */
static void call_same_level(Cpu *cpu, uint16_t sel, Desc *d, uint32_t off,
                            bool op32)
{
    NewStack st;
    current_stack(cpu, &st);
    pm_stack_room(cpu, &st, op32 ? 8 : 4);
    check_eip(cpu, d, off);
    pm_stack_push(cpu, &st, cpu->seg[SEG_CS].sel, op32);
    pm_stack_push(cpu, &st, cpu->eip, op32);
    pm_set_accessed(cpu, d);
    cpu->r[R_ESP] = st.esp;
    pm_commit_cs(cpu, sel, d, cpu->cpl, off);
}

static void call_gate(Cpu *cpu, uint16_t sel, Desc *g)
{
    check_gate_access(cpu, sel, g);
    Desc t;
    gate_target(cpu, g, &t);
    bool gate32 = DESC_TYPE(g) == SYS_CALLGATE386;
    unsigned size = gate32 ? 4 : 2;
    uint32_t ret_eip = cpu->eip;
    uint16_t ret_cs = cpu->seg[SEG_CS].sel;
    unsigned dpl = DESC_DPL(&t);

    if (!DESC_CONFORMING(&t) && dpl < cpu->cpl) {
        /* more privilege: stack switch (386 PRM 6.3.4.3) */
        uint16_t nss;
        uint32_t nesp;
        pm_tss_stack(cpu, dpl, &nss, &nesp, 0);
        Desc sd;
        pm_check_ss(cpu, nss, dpl, &sd, EXC_TS, 0);
        NewStack st;
        pm_seg_from_desc(cpu, &st.ss, nss, &sd);
        st.esp = nesp;
        st.cpl = dpl;
        st.fault_vec = EXC_SS;
        st.fault_err = SEL_ERR(nss);
        unsigned n = g->gparams;
        pm_stack_room(cpu, &st, (4 + n) * size);
        check_eip(cpu, &t, g->goff);
        /* parameters from the caller's stack, copied in order */
        uint32_t params[32];
        for (unsigned i = 0; i < n; i++)
            params[i] = stack_peek(cpu, i * size, gate32);
        pm_stack_push(cpu, &st, cpu->seg[SEG_SS].sel, gate32);
        pm_stack_push(cpu, &st, cpu->r[R_ESP], gate32);
        for (unsigned i = n; i-- > 0;)
            pm_stack_push(cpu, &st, params[i], gate32);
        pm_stack_push(cpu, &st, ret_cs, gate32);
        pm_stack_push(cpu, &st, ret_eip, gate32);
        pm_set_accessed(cpu, &t);
        pm_commit_ss(cpu, nss, &sd, st.esp);
        pm_commit_cs(cpu, g->gsel, &t, dpl, g->goff);
        return;
    }
    if (!DESC_CONFORMING(&t) && dpl != cpu->cpl)
        cpu_exception(cpu, EXC_GP, SEL_ERR(g->gsel));
    call_same_level(cpu, g->gsel, &t, g->goff, gate32);
}

void pm_far_call(Cpu *cpu, uint16_t sel, uint32_t off, bool op32)
{
    Desc d;
    fetch_far_cs(cpu, sel, &d);
    if (DESC_S(&d)) {
        check_direct_code(cpu, sel, &d);
        call_same_level(cpu, sel, &d, off, op32);
        return;
    }
    far_to_system(cpu, sel, &d, TASK_CALL, call_gate);
}

/* ---- RET / IRET ------------------------------------------------------------- */

/* Checks on the return CS (386 PRM RET pseudo-code); returns its RPL. */
static unsigned check_return_cs(Cpu *cpu, uint16_t cs, Desc *d)
{
    fetch_far_cs(cpu, cs, d);
    unsigned rpl = SEL_RPL(cs);
    int err = SEL_ERR(cs);
    if (rpl < cpu->cpl || !DESC_CODE(d))
        cpu_exception(cpu, EXC_GP, err);
    if (DESC_CONFORMING(d) ? DESC_DPL(d) > rpl : DESC_DPL(d) != rpl)
        cpu_exception(cpu, EXC_GP, err);
    if (!DESC_P(d))
        cpu_exception(cpu, EXC_NP, err);
    return rpl;
}

/* Outer-level SS from the return frame (#GP(sel) / #SS(sel)). */
static void check_return_ss(Cpu *cpu, uint16_t ss, unsigned rpl, Desc *d)
{
    pm_check_ss(cpu, ss, rpl, d, EXC_GP, 0);
}

void pm_far_ret(Cpu *cpu, bool op32, uint16_t imm)
{
    unsigned size = op32 ? 4 : 2;
    uint32_t eip = stack_peek(cpu, 0, op32);
    uint16_t cs = (uint16_t)stack_peek(cpu, size, op32);
    Desc d;
    unsigned rpl = check_return_cs(cpu, cs, &d);
    if (rpl == cpu->cpl) {
        check_eip(cpu, &d, eip);
        pm_set_accessed(cpu, &d);
        esp_add(cpu, 2 * size + imm);
        pm_commit_cs(cpu, cs, &d, rpl, eip);
        return;
    }
    uint32_t esp = stack_peek(cpu, 2 * size + imm, op32);
    uint16_t ss = (uint16_t)stack_peek(cpu, 3 * size + imm, op32);
    Desc sd;
    check_return_ss(cpu, ss, rpl, &sd);
    check_eip(cpu, &d, eip);
    pm_set_accessed(cpu, &d);
    pm_commit_cs(cpu, cs, &d, rpl, eip);
    pm_commit_ss(cpu, ss, &sd, esp);
    esp_add(cpu, imm);
    pm_null_outer_segs(cpu);
}

/* EFLAGS bits IRET may change, from the privilege *before* the return
 * (386 PRM IRET pseudo-code: IOPL only at CPL 0, IF only at CPL <= IOPL;
 * VM is handled separately). */
static uint32_t iret_flags_mask(const Cpu *cpu, bool op32)
{
    uint32_t mask = op32 ? 0xFFFFFFFFu : 0xFFFFu;
    mask &= ~(uint32_t)F_VM;
    if (cpu->cpl > 0)
        mask &= ~(uint32_t)F_IOPL;
    if (cpu->cpl > ((cpu->flags & F_IOPL) >> 12))
        mask &= ~(uint32_t)F_IF;
    return mask;
}

/* IRETD at CPL0 with VM set in the popped EFLAGS: back to V86
 * (386 PRM 15.1.3.2). */
static void iret_to_v86(Cpu *cpu, uint32_t eip, uint16_t cs, uint32_t fl)
{
    uint32_t esp = stack_peek(cpu, 12, true);
    uint16_t ss = (uint16_t)stack_peek(cpu, 16, true);
    uint16_t es = (uint16_t)stack_peek(cpu, 20, true);
    uint16_t ds = (uint16_t)stack_peek(cpu, 24, true);
    uint16_t fs = (uint16_t)stack_peek(cpu, 28, true);
    uint16_t gs = (uint16_t)stack_peek(cpu, 32, true);
    cpu_set_eflags(cpu, fl, 0xFFFFFFFFu);  /* sets VM: v86 mode, CPL 3 */
    cpu_set_cpl(cpu, 3);
    cpu_load_seg_real(cpu, SEG_ES, es);
    cpu_load_seg_real(cpu, SEG_DS, ds);
    cpu_load_seg_real(cpu, SEG_FS, fs);
    cpu_load_seg_real(cpu, SEG_GS, gs);
    cpu_load_seg_real(cpu, SEG_SS, ss);
    cpu_load_seg_real(cpu, SEG_CS, cs);
    cpu->r[R_ESP] = esp;
    cpu->eip = eip & 0xFFFF;
    cpu_update_mode(cpu);
    pm_rf_settle(cpu);
}

void pm_iret(Cpu *cpu, bool op32)
{
    if (cpu->v86) /* IOPL < 3 (IOPL 3 is done by the core) */
        cpu_exception(cpu, EXC_GP, 0);
    cpu->nmi_blocked = false;
    if (cpu->flags & F_NT) {
        /* nested task return through the back link (386 PRM 7.6) */
        uint16_t link = cpu_sys_rd16(cpu, cpu->tr.base);
        Desc t;
        if (SEL_TI(link))
            cpu_exception(cpu, EXC_TS, SEL_ERR(link));
        pm_fetch_desc_or_fault(cpu, link, &t, EXC_TS, 0);
        unsigned type = DESC_TYPE(&t);
        if (DESC_S(&t) || (type != SYS_TSS286_BUSY && type != SYS_TSS386_BUSY))
            cpu_exception(cpu, EXC_TS, SEL_ERR(link));
        if (!DESC_P(&t))
            cpu_exception(cpu, EXC_NP, SEL_ERR(link));
        pm_task_switch(cpu, link, &t, TASK_IRET, CPU_NO_ERR, 0);
        return;
    }
    unsigned size = op32 ? 4 : 2;
    uint32_t eip = stack_peek(cpu, 0, op32);
    uint16_t cs = (uint16_t)stack_peek(cpu, size, op32);
    uint32_t fl = stack_peek(cpu, 2 * size, op32);
    if (op32 && (fl & F_VM) && cpu->cpl == 0 && cpu->model >= CPU_386) {
        iret_to_v86(cpu, eip, cs, fl);
        return;
    }
    Desc d;
    unsigned rpl = check_return_cs(cpu, cs, &d);
    uint32_t mask = iret_flags_mask(cpu, op32);
    if (rpl == cpu->cpl) {
        check_eip(cpu, &d, eip);
        pm_set_accessed(cpu, &d);
        esp_add(cpu, 3 * size);
        pm_commit_cs(cpu, cs, &d, rpl, eip);
        cpu_set_eflags(cpu, fl, mask);
        pm_rf_settle(cpu);
        return;
    }
    uint32_t esp = stack_peek(cpu, 3 * size, op32);
    uint16_t ss = (uint16_t)stack_peek(cpu, 4 * size, op32);
    Desc sd;
    check_return_ss(cpu, ss, rpl, &sd);
    check_eip(cpu, &d, eip);
    pm_set_accessed(cpu, &d);
    cpu_set_eflags(cpu, fl, mask);
    pm_commit_cs(cpu, cs, &d, rpl, eip);
    pm_commit_ss(cpu, ss, &sd, op32 ? esp : esp & 0xFFFF);
    pm_null_outer_segs(cpu);
    pm_rf_settle(cpu);
}
