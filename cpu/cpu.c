/*
 * cpu/cpu.c — the CPU object: creation, reset, per-model constants,
 * register access for debuggers, EFLAGS/CR writes with their mode side
 * effects, real-mode segment loads, the execution loop (cpu_run) with
 * exception delivery, interrupts, single-step and HLT, and save/restore.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpu/exec.h"
#include "cpu/exec_util.h"
#include "cpu/fpu.h"
#include "hw/device.h"

void cpu_exec_one(Cpu *c);
void cpu_exec_burst(Cpu *c);

/* ---- model table ---------------------------------------------------- */

typedef struct ModelInfo {
    const char *name;
    uint32_t addr_mask;
    uint32_t flags_fixed1;
    uint32_t flags_writable;
    unsigned max_insn_len;
} ModelInfo;

static const ModelInfo model_info[] = {
    [CPU_8086] = {"8086", 0xFFFFFu, 0xF002u, 0x0FD5u, 0},
    [CPU_8088] = {"8088", 0xFFFFFu, 0xF002u, 0x0FD5u, 0},
    [CPU_186] = {"186", 0xFFFFFu, 0xF002u, 0x0FD5u, 0},
    [CPU_286] = {"286", 0xFFFFFFu, 0x0002u, 0x7FD5u, 10},
    [CPU_386] = {"386", 0xFFFFFFFFu, 0x0002u, 0x37FD5u, 15},
    [CPU_486] = {"486", 0xFFFFFFFFu, 0x0002u, 0x277FD5u, 15},
};

const char *cpu_model_name(CpuModel model)
{
    if ((unsigned)model > CPU_486)
        return "?";
    return model_info[model].name;
}

int cpu_parse_model(const char *text, CpuConfig *out)
{
    static const struct { const char *name; CpuModel m; bool fpu; } names[] = {
        {"8086", CPU_8086, false}, {"8088", CPU_8088, false},
        {"186", CPU_186, false}, {"80186", CPU_186, false},
        {"286", CPU_286, false}, {"80286", CPU_286, false},
        {"386", CPU_386, true}, {"80386", CPU_386, true},
        {"486", CPU_486, true}, {"80486", CPU_486, true},
        {"486dx", CPU_486, true}, {"486sx", CPU_486, false},
    };
    if (!text || !out)
        return -1;
    char buf[32];
    size_t n = strcspn(text, ",");
    if (n == 0 || n >= sizeof buf)
        return -1;
    memcpy(buf, text, n);
    buf[n] = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(buf, names[i].name) == 0) {
            out->model = names[i].m;
            out->fpu = names[i].fpu;
            const char *opt = text + n;
            while (*opt == ',') {
                opt++;
                size_t l = strcspn(opt, ",");
                if (l == 5 && strncasecmp(opt, "nofpu", 5) == 0)
                    out->fpu = false;
                else if (l == 3 && strncasecmp(opt, "fpu", 3) == 0)
                    out->fpu = true;
                else
                    return -1;
                opt += l;
            }
            return 0;
        }
    }
    return -1;
}

/* ---- mode bookkeeping ------------------------------------------------ */

void cpu_update_events(Cpu *c)
{
    uint32_t e = 0;
    if (c->intr_line && (c->flags & F_IF))
        e |= 1;
    if (c->nmi_pending)
        e |= 2;
    if (c->flags & F_TF)
        e |= 4;
    if (c->exit_request)
        e |= 8;
    if (c->halted)
        e |= 16;
    if (c->step_hook)
        e |= 32;
    if (c->dr[7] & 0xFF)
        e |= 64; /* cpu-pm: debug breakpoints enabled */
    c->events = e;
}

void cpu_update_mode(Cpu *c)
{
    bool pe = (c->cr[0] & CR0_PE) != 0;
    bool v86 = pe && (c->flags & F_VM) && c->model >= CPU_386;
    bool pg = pe && (c->cr[0] & CR0_PG) && c->model >= CPU_386;
    bool rm_rights = (pe && !v86) != (c->pe && !c->v86);
    if (pg != c->paging || pe != c->pe || v86 != c->v86)
        cpu_tlb_flush(c);
    c->pe = pe;
    c->v86 = v86;
    if (rm_rights) /* access rights apply only in protected mode */
        for (int i = 0; i < SEG_COUNT; i++)
            cpu_seg_derive(c, &c->seg[i]);
    c->paging = pg;
    if (!pe)
        c->cpl = 0;
    else if (v86)
        c->cpl = 3;
    c->code32 = c->model >= CPU_386 && c->seg[SEG_CS].big && !v86;
    c->stack32 = c->model >= CPU_386 && c->seg[SEG_SS].big && !v86;
    c->ip_mask = c->code32 ? 0xFFFFFFFFu : 0xFFFFu;
    c->fc_span = 0;
}

void cpu_set_cpl(Cpu *c, unsigned cpl)
{
    if (cpl != c->cpl && (c->paging || (c->cr[0] & CR0_AM)))
        cpu_tlb_flush(c); /* U/S rights; #AC depends on CPL 3 (cpu-pm) */
    c->cpl = cpl;
}

void cpu_write_cr(Cpu *c, unsigned n, uint32_t v)
{
    switch (n) {
    case 0:
        if (c->model == CPU_286) {
            /* 286 MSW: only PE MP EM TS; the rest read as 1 */
            v = (v & 0xF) | 0xFFF0u;
        } else {
            v |= CR0_ET * (c->model == CPU_486 || c->has_fpu);
            if (c->model == CPU_386)
                v &= 0x8000001Fu;
            else
                v &= 0xE005003Fu;
        }
        if ((v ^ c->cr[0]) & (CR0_PG | CR0_WP | CR0_PE | CR0_AM))
            cpu_tlb_flush(c);
        c->cr[0] = v;
        cpu_update_mode(c);
        break;
    case 2:
        c->cr[2] = v;
        break;
    case 3:
        c->cr[3] = v;
        cpu_tlb_flush(c);
        break;
    case 4:
        c->cr[4] = v;
        cpu_tlb_flush(c);
        break;
    default:
        break;
    }
}

uint32_t cpu_get_eflags(Cpu *c)
{
    flags_materialise(c);
    return (c->flags & ~(uint32_t)0x8028u) | c->flags_fixed1;
}

void cpu_set_eflags(Cpu *c, uint32_t value, uint32_t mask)
{
    flags_materialise(c);
    mask &= c->flags_writable;
    if (c->model == CPU_286 && !c->pe)
        mask &= ~(uint32_t)(F_IOPL | F_NT); /* fixed 0 in real mode */
    bool vm_before = (c->flags & F_VM) != 0;
    if (((c->flags ^ value) & mask & F_AC) && (c->cr[0] & CR0_AM))
        cpu_tlb_flush(c); /* #AC checking switches on/off (cpu-pm) */
    c->flags = (c->flags & ~mask) | (value & mask);
    c->flags = (c->flags & ~(uint32_t)0x8028u) | c->flags_fixed1;
    if (((c->flags & F_VM) != 0) != vm_before)
        cpu_update_mode(c);
    cpu_update_events(c);
}

/* ---- segments ------------------------------------------------------- */

void cpu_load_seg_real(Cpu *c, int sreg, uint16_t sel)
{
    SegCache *s = &c->seg[sreg];
    s->sel = sel;
    s->base = (uint32_t)sel << 4;
    s->valid = true;
    if (c->v86) {
        s->limit = 0xFFFF;
        s->flags = 0xF3;
        s->big = false;
    } else if (c->model < CPU_386) {
        s->limit = 0xFFFF;
        s->flags = 0x93; /* real mode: every segment is read/write data */
    }
    /* 386+ real mode keeps limit and attributes (big real mode) */
    cpu_seg_derive(c, s);
    if (sreg == SEG_CS || sreg == SEG_SS)
        cpu_update_mode(c);
}

void cpu_load_seg(Cpu *c, int sreg, uint16_t sel)
{
    if (c->pe && !c->v86)
        pm_load_seg(c, sreg, sel);
    else
        cpu_load_seg_real(c, sreg, sel);
}

void cpu_set_cs_eip_real(Cpu *c, uint16_t sel, uint32_t eip)
{
    cpu_load_seg_real(c, SEG_CS, sel);
    c->eip = eip;
}

/* ---- exceptions --------------------------------------------------- */

void cpu_exception(Cpu *c, int vector, int error_code)
{
    c->exc_vector = vector;
    c->exc_error = error_code;
    longjmp(c->exc_jmp, 1);
}

/* Exception classes for double faults (386 PRM 9.8.8, table 9-3):
 * contributory = #DE #TS #NP #SS #GP; a page fault is its own class. */
static bool exc_contributory(int v)
{
    return v == EXC_DE || (v >= EXC_TS && v <= EXC_GP);
}

/* Deliver the exception recorded by cpu_exception (after the longjmp).
 * exc_nesting: 0 idle, 1 delivering exc_first, 2 delivering #DF.  A
 * second fault while delivering becomes #DF only for contributory +
 * contributory or #PF + (#PF or contributory); otherwise it is handled
 * serially (cpu-pm: double-fault classes). */
static void deliver_pending_exception(Cpu *c)
{
    int vec = c->exc_vector, err = c->exc_error;
    c->eip = c->in.start_eip;
    c->r[R_ESP] = c->insn_esp;
    if (c->exc_nesting >= 2 || (c->exc_nesting == 1 && c->exc_first == EXC_DF)) {
        /* triple fault: shutdown cycle */
        c->exc_nesting = 0;
        c->halted = true;
        cpu_update_events(c);
        if (c->host.shutdown)
            c->host.shutdown(c->host.opaque);
        c->exit_request = true;
        cpu_update_events(c);
        return;
    }
    if (c->exc_nesting == 1 && c->model >= CPU_286) {
        int first = c->exc_first;
        if ((exc_contributory(first) && exc_contributory(vec)) ||
            (first == EXC_PF && (vec == EXC_PF || exc_contributory(vec)))) {
            vec = EXC_DF;
            err = 0;
        }
    }
    c->exc_nesting = vec == EXC_DF ? 2 : 1;
    c->exc_first = vec;
    if (!c->pe)
        err = CPU_NO_ERR; /* real mode pushes no error codes */
    cpu_interrupt(c, (unsigned)vec, err, INT_EXCEPTION, c->eip);
    c->exc_nesting = 0;
}

/* ---- the execution loop ------------------------------------------- */

static void deliver_external(Cpu *c, unsigned vector)
{
    c->in.start_eip = c->eip;
    c->insn_esp = c->r[R_ESP];
    c->halted = false;
    cpu_interrupt(c, vector, CPU_NO_ERR, INT_HARDWARE, c->eip);
    cpu_update_events(c);
}

/* Between instructions when c->events is non-zero.  Returns true when
 * cpu_run must stop before the next instruction. */
static bool service_events(Cpu *c)
{
    if (c->exit_request) {
        c->exit_request = false;
        cpu_update_events(c);
        return true;
    }
    bool shadow = c->shadow_icount == c->icount;
    if (c->nmi_pending && !c->nmi_blocked && !shadow) {
        c->nmi_pending = false;
        c->nmi_blocked = c->model >= CPU_286;
        deliver_external(c, EXC_NMI);
    } else if (c->intr_line && (c->flags & F_IF) && !shadow) {
        uint8_t v = c->host.intr_ack ? c->host.intr_ack(c->host.opaque) : 8;
        deliver_external(c, v);
    }
    if (c->halted)
        return true;
    if (c->events & 64)
        pm_debug_insn_check(c); /* instruction breakpoints (cpu-pm) */
    if (c->step_hook) { /* every instruction, the first of a run too (cpu.h) */
        uint32_t lin = c->seg[SEG_CS].base + c->eip;
        if (c->step_hook(c->step_opaque, c, lin))
            return true;
    }
    return false;
}

/* A write landed in a page we decoded from: the fetch window's stamp may
 * be stale, so refill it (which re-reads the page's code generation). */
static void code_written(void *opaque, uint32_t phys, unsigned size)
{
    (void)phys;
    (void)size;
    ((Cpu *)opaque)->fc_span = 0;
}

uint64_t cpu_run(Cpu *c, uint64_t max_insns)
{
    volatile uint64_t start = c->icount;
    /* The running CPU hears about writes to code pages (a test tool may
     * drive several CPUs over one PhysMem), and starts from a fresh fetch
     * window in case memory changed while it was not running. */
    c->mem->code_write_hook = code_written;
    c->mem->code_write_opaque = c;
    c->fc_span = 0;
    c->run_end = c->icount + max_insns;
    if (setjmp(c->exc_jmp))
        deliver_pending_exception(c);
    c->exc_jmp_valid = true;
    while (c->icount < c->run_end) {
        if (CPU_UNLIKELY(c->events)) {
            if (service_events(c))
                break;
            bool tf = (c->flags & F_TF) != 0;
            c->db_pending = 0;
            cpu_exec_one(c);
            c->icount++;
            uint32_t db = c->db_pending; /* data breakpoints (cpu-pm) */
            if (tf && c->shadow_icount != c->icount)
                db |= 0x4000; /* BS */
            if (db) {
                c->db_pending = 0;
                c->dr[6] |= db;
                c->in.start_eip = c->eip;
                c->insn_esp = c->r[R_ESP];
                cpu_interrupt(c, EXC_DB, CPU_NO_ERR, INT_EXCEPTION, c->eip);
            }
            continue;
        }
        cpu_exec_burst(c);
    }
    c->exc_jmp_valid = false;
    return c->icount - start;
}

void cpu_request_exit(Cpu *c)
{
    c->exit_request = true;
    c->run_end = c->icount; /* also stops a REP loop's budget */
    cpu_update_events(c);
}

void cpu_set_intr(Cpu *c, bool level)
{
    c->intr_line = level;
    cpu_update_events(c);
}

void cpu_raise_nmi(Cpu *c)
{
    c->nmi_pending = true;
    cpu_update_events(c);
}

/* Halted and nothing that would wake it (NMI, INTR with IF) pending: a
 * machine loop may skip guest time while this is true. */
bool cpu_is_halted(const Cpu *c)
{
    return c->halted && !c->nmi_pending && !(c->intr_line && (c->flags & F_IF));
}
uint64_t cpu_icount(const Cpu *c) { return c->icount; }
CpuModel cpu_model(const Cpu *c) { return c->model; }
bool cpu_has_fpu(const Cpu *c) { return c->has_fpu; }
bool cpu_in_protected_mode(const Cpu *c) { return c->pe; }
bool cpu_in_v86_mode(const Cpu *c) { return c->v86; }
bool cpu_paging_enabled(const Cpu *c) { return c->paging; }
unsigned cpu_cpl(const Cpu *c) { return c->cpl; }

void cpu_set_mem_watch(Cpu *c, uint32_t lin, uint32_t len, bool on_read,
                       bool on_write,
                       void (*hit)(void *opaque, uint32_t lin, bool write),
                       void *opaque)
{
    c->watch_lo = lin;
    c->watch_len = len;
    c->watch_rd = on_read;
    c->watch_wr = on_write;
    c->watch_cb = hit;
    c->watch_opaque = opaque;
    cpu_tlb_flush(c); /* watched accesses must take the slow path */
}

void cpu_mem_watch_check(Cpu *c, uint32_t lin, unsigned size, bool write)
{
    if ((write ? c->watch_wr : c->watch_rd) && lin < c->watch_lo + c->watch_len &&
        c->watch_lo < lin + size && c->watch_cb)
        c->watch_cb(c->watch_opaque, lin < c->watch_lo ? c->watch_lo : lin, write);
}

void cpu_set_step_hook(Cpu *c, cpu_step_hook hook, void *opaque)
{
    c->step_hook = hook;
    c->step_opaque = opaque;
    cpu_update_events(c);
}

/* ---- creation / reset ------------------------------------------------ */

static void map_changed(void *opaque)
{
    cpu_tlb_flush((Cpu *)opaque);
}

Cpu *cpu_create(const CpuConfig *cfg, PhysMem *mem, const CpuHost *host)
{
    if (!cfg || !mem || (unsigned)cfg->model > CPU_486)
        return NULL;
    Cpu *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->dcache = calloc(DC_SIZE, sizeof *c->dcache);
    if (!c->dcache) {
        free(c);
        return NULL;
    }
    cpu_exec_init_tables();
    c->model = cfg->model;
    c->has_fpu = cfg->fpu;
    c->mem = mem;
    if (host)
        c->host = *host;
    mem->map_changed_hook = map_changed;
    mem->map_changed_opaque = c;
    if (x87_glue_attach(c) != 0) {
        free(c->dcache);
        free(c);
        return NULL;
    }
    cpu_reset(c);
    return c;
}

void cpu_destroy(Cpu *c)
{
    if (!c)
        return;
    if (c->mem && c->mem->code_write_opaque == c) {
        c->mem->code_write_hook = NULL;
        c->mem->code_write_opaque = NULL;
    }
    if (c->mem && c->mem->map_changed_opaque == c) {
        c->mem->map_changed_hook = NULL;
        c->mem->map_changed_opaque = NULL;
    }
    x87_glue_detach(c);
    free(c->dcache);
    free(c);
}

static void seg_reset(Cpu *c, int s, uint16_t sel, uint32_t base)
{
    SegCache *sg = &c->seg[s];
    sg->sel = sel;
    sg->base = base;
    sg->limit = 0xFFFF;
    sg->flags = 0x93; /* real-mode CS is writable too */
    sg->big = false;
    sg->valid = true;
    cpu_seg_derive(c, sg);
}

void cpu_reset(Cpu *c)
{
    const ModelInfo *mi = &model_info[c->model];
    memset(c->r, 0, sizeof c->r);
    c->addr_mask = mi->addr_mask;
    c->flags_fixed1 = mi->flags_fixed1;
    c->flags_writable = mi->flags_writable;
    c->max_insn_len = mi->max_insn_len;
    c->flags = mi->flags_fixed1;
    c->cc_op = CC_EAGER;
    memset(c->cr, 0, sizeof c->cr);
    memset(c->dr, 0, sizeof c->dr);
    c->dr[6] = 0xFFFF0FF0u;
    c->dr[7] = 0x400;
    c->gdtr.base = 0;
    c->gdtr.limit = 0xFFFF;
    c->idtr.base = 0;
    c->idtr.limit = 0x3FF;
    memset(&c->ldtr, 0, sizeof c->ldtr);
    memset(&c->tr, 0, sizeof c->tr);
    c->ldtr.limit = c->tr.limit = 0xFFFF;
    c->ldtr.flags = 0x82;
    c->tr.flags = 0x8B;
    c->ldtr.valid = c->tr.valid = true;
    for (int s = 0; s < SEG_COUNT; s++)
        seg_reset(c, s, 0, 0);
    /* Reset vector: FFFF:0000 on the 8086/186; from the 286 on CS = F000
     * with its base at the top of the address space (physical FFFFF0h /
     * FFFFFFF0h).  When nothing is mapped up there (a machine without the
     * ROM alias) start at the real-mode address F000:FFF0 instead. */
    if (c->model < CPU_286) {
        seg_reset(c, SEG_CS, 0xFFFF, 0xFFFF0);
        c->eip = 0;
    } else {
        uint32_t top = c->model == CPU_286 ? 0xFF0000u : 0xFFFF0000u;
        if (!c->mem->page_read[(top + 0xFFF0u) >> MEM_PAGE_SHIFT])
            top = 0xF0000u;
        seg_reset(c, SEG_CS, 0xF000, top);
        c->eip = 0xFFF0;
    }
    if (c->model == CPU_286) {
        c->cr[0] = 0xFFF0u;
    } else if (c->model == CPU_386) {
        c->cr[0] = c->has_fpu ? CR0_ET : 0;
        c->r[R_EDX] = 0x0308; /* 386DX D0 stepping signature */
    } else if (c->model == CPU_486) {
        c->cr[0] = CR0_CD | CR0_NW | CR0_ET;
        c->r[R_EDX] = c->has_fpu ? 0x0410 : 0x0420;
    }
    c->halted = false;
    c->nmi_pending = false;
    c->nmi_blocked = false;
    c->exit_request = false;
    c->shadow_icount = ~(uint64_t)0;
    c->exc_nesting = 0;
    c->cpl = 0;
    c->pe = c->v86 = c->paging = false;
    cpu_update_mode(c);
    cpu_tlb_flush(c);
    cpu_update_events(c);
    pm_reset(c);
    x87_glue_reset(c);
}

/* ---- register access ------------------------------------------------ */

static const int sreg_of_reg[] = {
    [CPU_REG_ES] = SEG_ES, [CPU_REG_CS] = SEG_CS, [CPU_REG_SS] = SEG_SS,
    [CPU_REG_DS] = SEG_DS, [CPU_REG_FS] = SEG_FS, [CPU_REG_GS] = SEG_GS,
};

uint32_t cpu_get_reg(const Cpu *c, CpuReg reg)
{
    if (reg <= CPU_REG_EDI)
        return c->r[reg];
    switch (reg) {
    case CPU_REG_EIP: return c->eip;
    case CPU_REG_EFLAGS:
        return (((c->flags & ~(uint32_t)F_ARITH) | flags_arith(c)) &
                ~(uint32_t)0x8028u) | c->flags_fixed1;
    case CPU_REG_ES: case CPU_REG_CS: case CPU_REG_SS:
    case CPU_REG_DS: case CPU_REG_FS: case CPU_REG_GS:
        return c->seg[sreg_of_reg[reg]].sel;
    case CPU_REG_CR0: return c->cr[0];
    case CPU_REG_CR2: return c->cr[2];
    case CPU_REG_CR3: return c->cr[3];
    case CPU_REG_CR4: return c->cr[4];
    case CPU_REG_DR0: case CPU_REG_DR1: case CPU_REG_DR2: case CPU_REG_DR3:
        return c->dr[reg - CPU_REG_DR0];
    case CPU_REG_DR6: return c->dr[6];
    case CPU_REG_DR7: return c->dr[7];
    case CPU_REG_GDTR_BASE: return c->gdtr.base;
    case CPU_REG_GDTR_LIMIT: return c->gdtr.limit;
    case CPU_REG_IDTR_BASE: return c->idtr.base;
    case CPU_REG_IDTR_LIMIT: return c->idtr.limit;
    case CPU_REG_LDTR: return c->ldtr.sel;
    case CPU_REG_TR: return c->tr.sel;
    default: return 0;
    }
}

void cpu_set_reg(Cpu *c, CpuReg reg, uint32_t v)
{
    if (reg <= CPU_REG_EDI) {
        c->r[reg] = v;
        return;
    }
    switch (reg) {
    case CPU_REG_EIP:
        c->eip = v & c->ip_mask;
        break;
    case CPU_REG_EFLAGS:
        c->cc_op = CC_EAGER;
        c->flags = (v & ~(uint32_t)0x8028u) | c->flags_fixed1;
        if (c->model == CPU_286 && !c->pe)
            c->flags &= ~(uint32_t)(F_IOPL | F_NT);
        if (c->model < CPU_386)
            c->flags &= 0xFFFFu;
        cpu_update_mode(c);
        cpu_update_events(c);
        break;
    case CPU_REG_ES: case CPU_REG_CS: case CPU_REG_SS:
    case CPU_REG_DS: case CPU_REG_FS: case CPU_REG_GS: {
        int s = sreg_of_reg[reg];
        if (c->pe && !c->v86) {
            /* Descriptor load outside cpu_run: catch faults here. */
            jmp_buf saved;
            bool was_valid = c->exc_jmp_valid;
            memcpy(saved, c->exc_jmp, sizeof saved);
            if (setjmp(c->exc_jmp) == 0) {
                if (s == SEG_CS) {
                    c->seg[s].sel = (uint16_t)v; /* cache kept */
                } else {
                    pm_load_seg(c, s, (uint16_t)v);
                }
            }
            memcpy(c->exc_jmp, saved, sizeof saved);
            c->exc_jmp_valid = was_valid;
        } else {
            cpu_load_seg_real(c, s, (uint16_t)v);
        }
        break;
    }
    case CPU_REG_CR0: case CPU_REG_CR2: case CPU_REG_CR3: case CPU_REG_CR4:
        cpu_write_cr(c, reg == CPU_REG_CR0 ? 0 : (unsigned)(reg - CPU_REG_CR0 + 1), v);
        break;
    case CPU_REG_DR0: case CPU_REG_DR1: case CPU_REG_DR2: case CPU_REG_DR3:
        c->dr[reg - CPU_REG_DR0] = v;
        break;
    case CPU_REG_DR6: c->dr[6] = v; break;
    case CPU_REG_DR7: c->dr[7] = v; break;
    case CPU_REG_GDTR_BASE: c->gdtr.base = v; break;
    case CPU_REG_GDTR_LIMIT: c->gdtr.limit = v; break;
    case CPU_REG_IDTR_BASE: c->idtr.base = v; break;
    case CPU_REG_IDTR_LIMIT: c->idtr.limit = v; break;
    case CPU_REG_LDTR: c->ldtr.sel = (uint16_t)v; break;
    case CPU_REG_TR: c->tr.sel = (uint16_t)v; break;
    default: break;
    }
}

void cpu_get_seg(const Cpu *c, CpuReg sreg, CpuSegInfo *out)
{
    const SegCache *s;
    if (sreg >= CPU_REG_ES && sreg <= CPU_REG_GS)
        s = &c->seg[sreg_of_reg[sreg]];
    else if (sreg == CPU_REG_LDTR)
        s = &c->ldtr;
    else if (sreg == CPU_REG_TR)
        s = &c->tr;
    else {
        memset(out, 0, sizeof *out);
        return;
    }
    out->selector = s->sel;
    out->base = s->base;
    out->limit = s->limit;
    out->flags = s->flags;
}

/* ---- public wrappers of internal helpers --------------------------- */

void cpu_push16(Cpu *c, uint16_t v) { push16(c, v); }
void cpu_push32(Cpu *c, uint32_t v) { push32(c, v); }
uint16_t cpu_pop16(Cpu *c) { return pop16(c); }
uint32_t cpu_pop32(Cpu *c) { return pop32(c); }
uint16_t cpu_rm_read16(Cpu *c) { return (uint16_t)rm_rd(c, SZ16); }
uint32_t cpu_rm_read32(Cpu *c) { return rm_rd(c, SZ32); }
void cpu_rm_write16(Cpu *c, uint16_t v) { rm_wr(c, SZ16, v); }
void cpu_rm_write32(Cpu *c, uint32_t v) { rm_wr(c, SZ32, v); }
uint32_t cpu_reg_read(Cpu *c, unsigned reg, bool op32)
{
    return reg_rd(c, op32 ? SZ32 : SZ16, reg & 7);
}
void cpu_reg_write(Cpu *c, unsigned reg, bool op32, uint32_t v)
{
    reg_wr(c, op32 ? SZ32 : SZ16, reg & 7, v);
}

/* ---- save / restore ------------------------------------------------- */

/* A flat, host-independent image of the state (all integers). */
typedef struct CpuImage {
    uint32_t r[8], eip, eflags;
    uint32_t seg_sel[SEG_COUNT], seg_base[SEG_COUNT], seg_limit[SEG_COUNT];
    uint32_t seg_flags[SEG_COUNT], seg_big[SEG_COUNT], seg_valid[SEG_COUNT];
    uint32_t cr[5], dr[8];
    uint32_t gdtr[2], idtr[2];
    uint32_t ldtr[4], tr[4]; /* sel base limit flags */
    uint32_t cpl, halted, intr_line, nmi_pending, nmi_blocked;
    uint64_t icount;
} CpuImage;

static const StateField cpu_fields[] = {
    STATE_ARRAY(CpuImage, r), STATE_INT(CpuImage, eip),
    STATE_INT(CpuImage, eflags), STATE_ARRAY(CpuImage, seg_sel),
    STATE_ARRAY(CpuImage, seg_base), STATE_ARRAY(CpuImage, seg_limit),
    STATE_ARRAY(CpuImage, seg_flags), STATE_ARRAY(CpuImage, seg_big),
    STATE_ARRAY(CpuImage, seg_valid), STATE_ARRAY(CpuImage, cr),
    STATE_ARRAY(CpuImage, dr), STATE_ARRAY(CpuImage, gdtr),
    STATE_ARRAY(CpuImage, idtr), STATE_ARRAY(CpuImage, ldtr),
    STATE_ARRAY(CpuImage, tr), STATE_INT(CpuImage, cpl),
    STATE_INT(CpuImage, halted), STATE_INT(CpuImage, intr_line),
    STATE_INT(CpuImage, nmi_pending), STATE_INT(CpuImage, nmi_blocked),
    STATE_INT(CpuImage, icount), STATE_END,
};

int cpu_save(const Cpu *c, struct StateWriter *w)
{
    CpuImage im;
    memset(&im, 0, sizeof im);
    memcpy(im.r, c->r, sizeof im.r);
    im.eip = c->eip;
    im.eflags = cpu_get_reg(c, CPU_REG_EFLAGS);
    for (int s = 0; s < SEG_COUNT; s++) {
        im.seg_sel[s] = c->seg[s].sel;
        im.seg_base[s] = c->seg[s].base;
        im.seg_limit[s] = c->seg[s].limit;
        im.seg_flags[s] = c->seg[s].flags;
        im.seg_big[s] = c->seg[s].big;
        im.seg_valid[s] = c->seg[s].valid;
    }
    memcpy(im.cr, c->cr, sizeof im.cr);
    memcpy(im.dr, c->dr, sizeof im.dr);
    im.gdtr[0] = c->gdtr.base; im.gdtr[1] = c->gdtr.limit;
    im.idtr[0] = c->idtr.base; im.idtr[1] = c->idtr.limit;
    im.ldtr[0] = c->ldtr.sel; im.ldtr[1] = c->ldtr.base;
    im.ldtr[2] = c->ldtr.limit; im.ldtr[3] = c->ldtr.flags;
    im.tr[0] = c->tr.sel; im.tr[1] = c->tr.base;
    im.tr[2] = c->tr.limit; im.tr[3] = c->tr.flags;
    im.cpl = c->cpl;
    im.halted = c->halted;
    im.intr_line = c->intr_line;
    im.nmi_pending = c->nmi_pending;
    im.nmi_blocked = c->nmi_blocked;
    im.icount = c->icount;
    if (state_save_fields(w, "cpu", 1, &im, cpu_fields) != 0)
        return -1;
    return c->fpu ? x87_glue_save(c, w) : 0;
}

int cpu_load(Cpu *c, struct StateReader *r)
{
    CpuImage im;
    memset(&im, 0, sizeof im);
    if (state_load_fields(r, "cpu", 1, &im, cpu_fields) != 0)
        return -1;
    memcpy(c->r, im.r, sizeof im.r);
    c->eip = im.eip;
    c->cc_op = CC_EAGER;
    c->flags = im.eflags;
    for (int s = 0; s < SEG_COUNT; s++) {
        SegCache *sg = &c->seg[s];
        sg->sel = (uint16_t)im.seg_sel[s];
        sg->base = im.seg_base[s];
        sg->limit = im.seg_limit[s];
        sg->flags = (uint16_t)im.seg_flags[s];
        sg->big = im.seg_big[s] != 0;
        sg->valid = im.seg_valid[s] != 0;
        cpu_seg_derive(c, sg);
    }
    memcpy(c->cr, im.cr, sizeof im.cr);
    memcpy(c->dr, im.dr, sizeof im.dr);
    c->gdtr.base = im.gdtr[0]; c->gdtr.limit = im.gdtr[1];
    c->idtr.base = im.idtr[0]; c->idtr.limit = im.idtr[1];
    c->ldtr.sel = (uint16_t)im.ldtr[0]; c->ldtr.base = im.ldtr[1];
    c->ldtr.limit = im.ldtr[2]; c->ldtr.flags = (uint16_t)im.ldtr[3];
    c->tr.sel = (uint16_t)im.tr[0]; c->tr.base = im.tr[1];
    c->tr.limit = im.tr[2]; c->tr.flags = (uint16_t)im.tr[3];
    c->halted = im.halted != 0;
    c->intr_line = im.intr_line != 0;
    c->nmi_pending = im.nmi_pending != 0;
    c->nmi_blocked = im.nmi_blocked != 0;
    c->icount = im.icount;
    c->pe = !(c->cr[0] & CR0_PE); /* force a flush in update_mode */
    cpu_update_mode(c);
    c->cpl = im.cpl > 3 ? 3 : im.cpl;
    cpu_tlb_flush(c);
    cpu_update_events(c);
    return c->fpu ? x87_glue_load(c, r) : 0;
}
