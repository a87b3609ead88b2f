/*
 * cpu/pm_seg.c — protected-mode segmentation: descriptor fetch and decode
 * from the GDT/LDT, descriptor-cache loads for ES/DS/FS/GS/SS with their
 * type, privilege and presence checks (pm_load_seg hook), accessed bits,
 * LDTR loads and the nulling of data segments on returns to outer levels.
 *
 * Authority: Intel 386 PRM 5.1 (descriptors), 6.3.1-6.3.2 (type and
 * privilege checks on segment loads), chapter 17 MOV/POP sreg pseudo-code;
 * 486 PRM 5.1, 6.3 and chapter 26.
 */
#include "cpu/pm.h"

void pm_decode_desc(Cpu *cpu, Desc *d, uint32_t lo, uint32_t hi)
{
    d->lo = lo;
    d->hi = hi;
    d->acc = (uint8_t)(hi >> 8);
    d->nibble = (uint8_t)((hi >> 20) & 0xF);
    d->base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000u);
    d->limit = (lo & 0xFFFF) | (hi & 0xF0000u);
    if (cpu->model == CPU_286) {
        /* 286 descriptors: 24-bit base, 16-bit limit, bytes 6-7 reserved */
        d->base &= 0xFFFFFFu;
        d->limit &= 0xFFFF;
        d->nibble = 0;
        if (!(d->acc & 0x10) && (d->acc & 0x08))
            d->acc &= 0xF0; /* 386 system types are reserved (type 0) */
    }
    if (d->nibble & 0x8)
        d->limit = (d->limit << 12) | 0xFFF;
    d->gsel = (uint16_t)(lo >> 16);
    d->goff = (lo & 0xFFFF) | (hi & 0xFFFF0000u);
    d->gparams = (uint8_t)(hi & 0x1F);
    if (!DESC_S(d)) {
        unsigned t = DESC_TYPE(d);
        if (t == SYS_CALLGATE286 || t == SYS_INTGATE286 ||
            t == SYS_TRAPGATE286)
            d->goff &= 0xFFFF;
    }
}

bool pm_fetch_desc(Cpu *cpu, uint16_t sel, Desc *d)
{
    uint32_t base, limit;
    if (SEL_TI(sel)) {
        if ((cpu->ldtr.sel & 0xFFFC) == 0 || !cpu->ldtr.valid)
            return false;
        base = cpu->ldtr.base;
        limit = cpu->ldtr.limit;
    } else {
        base = cpu->gdtr.base;
        limit = cpu->gdtr.limit;
    }
    uint32_t idx = sel & 0xFFF8u;
    if (idx + 7 > limit)
        return false;
    d->addr = base + idx;
    uint32_t lo = cpu_sys_rd32(cpu, d->addr);
    uint32_t hi = cpu_sys_rd32(cpu, d->addr + 4);
    pm_decode_desc(cpu, d, lo, hi);
    return true;
}

void pm_fetch_desc_or_fault(Cpu *cpu, uint16_t sel, Desc *d, int vec, int ext)
{
    if (!pm_fetch_desc(cpu, sel, d))
        cpu_exception(cpu, vec, SEL_ERR(sel) | ext);
}

/* The CPU sets the accessed bit of code/data descriptors when it loads
 * them (386 PRM 5.1.1, "A" bit). */
void pm_set_accessed(Cpu *cpu, Desc *d)
{
    if (DESC_S(d) && !(d->acc & 1)) {
        d->acc |= 1;
        cpu_sys_wr8(cpu, d->addr + 5, d->acc);
    }
}

void pm_seg_from_desc(Cpu *cpu, SegCache *s, uint16_t sel, const Desc *d)
{
    s->sel = sel;
    s->base = d->base;
    s->limit = d->limit;
    s->flags = (uint16_t)(d->acc | (d->nibble << 8));
    s->big = DESC_BIG(d) && cpu->model >= CPU_386;
    s->valid = true;
    cpu_seg_derive(cpu, s);
}

void pm_seg_null(Cpu *cpu, SegCache *s, uint16_t sel)
{
    s->sel = sel;
    s->valid = false;
    s->flags = 0;
    s->limit = 0;
    cpu_seg_derive(cpu, s);
}

/* MOV DS/ES/FS/GS (and the same checks for task-switch loads):
 * 386 PRM 6.3.1 / MOV pseudo-code. */
void pm_load_data_seg(Cpu *cpu, int sreg, uint16_t sel, int vec, int ext)
{
    SegCache *s = &cpu->seg[sreg];
    if ((sel & 0xFFFC) == 0) {
        pm_seg_null(cpu, s, sel);
        return;
    }
    Desc d;
    pm_fetch_desc_or_fault(cpu, sel, &d, vec, ext);
    int err = SEL_ERR(sel) | ext;
    if (!DESC_S(&d) || !DESC_READABLE(&d))
        cpu_exception(cpu, vec, err);
    if (!DESC_CONFORMING(&d)) {
        unsigned dpl = DESC_DPL(&d);
        if (SEL_RPL(sel) > dpl || cpu->cpl > dpl)
            cpu_exception(cpu, vec, err);
    }
    if (!DESC_P(&d))
        cpu_exception(cpu, EXC_NP, err);
    pm_set_accessed(cpu, &d);
    pm_seg_from_desc(cpu, s, sel, &d);
}

/* SS checks for privilege level `cpl` (MOV SS: vec=#GP; stack switches
 * and task switches: vec=#TS).  Not present is #SS(sel) in both cases. */
void pm_check_ss(Cpu *cpu, uint16_t sel, unsigned cpl, Desc *d, int vec,
                 int ext)
{
    if ((sel & 0xFFFC) == 0)
        cpu_exception(cpu, vec, vec == EXC_GP ? 0 : ext);
    pm_fetch_desc_or_fault(cpu, sel, d, vec, ext);
    int err = SEL_ERR(sel) | ext;
    if (SEL_RPL(sel) != cpl || !DESC_WRITABLE(d) || DESC_DPL(d) != cpl)
        cpu_exception(cpu, vec, err);
    if (!DESC_P(d))
        cpu_exception(cpu, EXC_SS, err);
    pm_set_accessed(cpu, d);
}

void pm_commit_ss(Cpu *cpu, uint16_t sel, const Desc *d, uint32_t esp)
{
    pm_seg_from_desc(cpu, &cpu->seg[SEG_SS], sel, d);
    cpu->r[R_ESP] = esp;
    cpu_update_mode(cpu);
}

void pm_commit_cs(Cpu *cpu, uint16_t sel, const Desc *d, unsigned cpl,
                  uint32_t eip)
{
    pm_seg_from_desc(cpu, &cpu->seg[SEG_CS],
                     (uint16_t)((sel & 0xFFFC) | cpl), d);
    cpu_set_cpl(cpu, cpl);
    cpu->eip = eip;
    cpu_update_mode(cpu);
}

void pm_load_seg(Cpu *cpu, int sreg, uint16_t sel)
{
    if (sreg == SEG_SS) {
        Desc d;
        pm_check_ss(cpu, sel, cpu->cpl, &d, EXC_GP, 0);
        pm_seg_from_desc(cpu, &cpu->seg[SEG_SS], sel, &d);
        cpu_update_mode(cpu);
        return;
    }
    pm_load_data_seg(cpu, sreg, sel, EXC_GP, 0);
}

/* 386 PRM 6.3.4.4: on a return to an outer level, segment registers
 * holding data or nonconforming code with DPL < new CPL become null. */
void pm_null_outer_segs(Cpu *cpu)
{
    static const int regs[] = {SEG_ES, SEG_DS, SEG_FS, SEG_GS};
    for (unsigned i = 0; i < 4; i++) {
        SegCache *s = &cpu->seg[regs[i]];
        if (!s->valid)
            continue;
        uint8_t acc = (uint8_t)s->flags;
        bool conforming_code = (acc & 0x1C) == 0x1C;
        unsigned dpl = (acc >> 5) & 3;
        if (!conforming_code && dpl < cpu->cpl)
            pm_seg_null(cpu, s, 0);
    }
}

/* LLDT and the task-switch LDT load. */
void pm_load_ldtr(Cpu *cpu, uint16_t sel, int vec, int ext)
{
    if ((sel & 0xFFFC) == 0) {
        pm_seg_null(cpu, &cpu->ldtr, sel);
        return;
    }
    int err = SEL_ERR(sel) | ext;
    if (SEL_TI(sel))
        cpu_exception(cpu, vec, err);
    Desc d;
    pm_fetch_desc_or_fault(cpu, sel, &d, vec, ext);
    if (DESC_S(&d) || DESC_TYPE(&d) != SYS_LDT)
        cpu_exception(cpu, vec, err);
    if (!DESC_P(&d))
        cpu_exception(cpu, vec == EXC_TS ? EXC_TS : EXC_NP, err);
    pm_seg_from_desc(cpu, &cpu->ldtr, sel, &d);
}
