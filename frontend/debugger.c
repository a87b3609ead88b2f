/*
 * frontend/debugger.c — the debug core (see debugger.h): a breakpoint
 * table checked from the CPU's per-instruction step hook, which is only
 * installed while something needs it, so an undebugged guest runs at full
 * speed.  Port breakpoints use the I/O bus watch instead of the hook.
 */
#include "frontend/debugger.h"

#include <stdlib.h>
#include <string.h>

static const CpuReg trace_reg_order[] = {
    CPU_REG_EAX, CPU_REG_EBX, CPU_REG_ECX, CPU_REG_EDX, CPU_REG_ESI,
    CPU_REG_EDI, CPU_REG_EBP, CPU_REG_ESP, CPU_REG_EFLAGS, CPU_REG_CS,
    CPU_REG_DS, CPU_REG_ES, CPU_REG_SS, CPU_REG_FS, CPU_REG_GS, CPU_REG_CR0,
};
static const char *const trace_reg_names[] = {
    "eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp", "eflags", "cs",
    "ds", "es", "ss", "fs", "gs", "cr0",
};

static unsigned cur_mode(Debugger *d)
{
    return (cpu_in_protected_mode(d->cpu) ? 1u : 0u) |
           (cpu_in_v86_mode(d->cpu) ? 2u : 0u) |
           (cpu_paging_enabled(d->cpu) ? 4u : 0u);
}

const char *dbg_mode_name(Debugger *d)
{
    if (cpu_in_v86_mode(d->cpu))
        return "v86";
    return cpu_in_protected_mode(d->cpu) ? "protected" : "real";
}

static bool flat_pc_mode(Debugger *d)
{
    return !cpu_in_protected_mode(d->cpu) || cpu_in_v86_mode(d->cpu);
}

uint32_t dbg_pc(Debugger *d)
{
    uint32_t eip = cpu_get_reg(d->cpu, CPU_REG_EIP);
    if (!flat_pc_mode(d))
        return eip;
    CpuSegInfo cs;
    cpu_get_seg(d->cpu, CPU_REG_CS, &cs);
    return cs.base + (eip & 0xFFFF);
}

/* Linear address of CS:EIP in any mode. */
static uint32_t lin_pc(Debugger *d)
{
    CpuSegInfo cs;
    cpu_get_seg(d->cpu, CPU_REG_CS, &cs);
    uint32_t eip = cpu_get_reg(d->cpu, CPU_REG_EIP);
    bool big = (cs.flags & 0x400) && cpu_in_protected_mode(d->cpu) &&
               !cpu_in_v86_mode(d->cpu);
    return cs.base + (big ? eip : (eip & 0xFFFF));
}

void dbg_set_pc(Debugger *d, uint32_t pc)
{
    if (!flat_pc_mode(d)) {
        cpu_set_reg(d->cpu, CPU_REG_EIP, pc);
        return;
    }
    CpuSegInfo cs;
    cpu_get_seg(d->cpu, CPU_REG_CS, &cs);
    if (pc - cs.base < 0x10000) {
        cpu_set_reg(d->cpu, CPU_REG_EIP, pc - cs.base);
    } else {
        cpu_set_reg(d->cpu, CPU_REG_CS, (pc >> 4) & 0xFFFF);
        cpu_set_reg(d->cpu, CPU_REG_EIP, pc & 0xF);
    }
}

bool dbg_read_phys(Debugger *d, uint32_t phys, uint8_t *out)
{
    return mem_debug_read(machine_mem(d->m), phys, out);
}

size_t dbg_read(Debugger *d, uint32_t linear, void *buf, size_t len)
{
    uint8_t *out = buf;
    for (size_t i = 0; i < len; i++) {
        uint32_t phys;
        if (!cpu_debug_translate(d->cpu, linear + (uint32_t)i, false, &phys) ||
            !mem_debug_read(machine_mem(d->m), phys, &out[i]))
            return i;
    }
    return len;
}

size_t dbg_write(Debugger *d, uint32_t linear, const void *buf, size_t len)
{
    const uint8_t *in = buf;
    for (size_t i = 0; i < len; i++) {
        uint32_t phys;
        if (!cpu_debug_translate(d->cpu, linear + (uint32_t)i, true, &phys) ||
            !mem_debug_write(machine_mem(d->m), phys, in[i]))
            return i;
    }
    return len;
}

/* ---- the step hook ----------------------------------------------------- */

static bool needs_hook(const Debugger *d)
{
    if (d->step_left || d->trace)
        return true;
    for (int i = 0; i < d->nbp; i++)
        if (d->bp[i].kind != BP_IO && d->bp[i].kind != WP_READ &&
            d->bp[i].kind != WP_ACCESS)
            return true;
    return false;
}

static bool step_hook(void *opaque, Cpu *cpu, uint32_t linear_pc);

static void update_hooks(Debugger *d)
{
    cpu_set_step_hook(d->cpu, needs_hook(d) ? step_hook : NULL, d);
}

static void stop_now(Debugger *d, StopReason why, const Breakpoint *bp)
{
    d->reason = why;
    d->hit = bp;
    machine_debug_break(d->m);
}

/* Linear address of the handler of interrupt `vec` in the current mode. */
static bool int_entry(Debugger *d, uint8_t vec, uint32_t *out)
{
    uint8_t b[8];
    if (!cpu_in_protected_mode(d->cpu)) {
        uint32_t base = cpu_get_reg(d->cpu, CPU_REG_IDTR_BASE);
        if (dbg_read(d, base + vec * 4u, b, 4) != 4)
            return false;
        *out = ((uint32_t)ld16le(b + 2) << 4) + ld16le(b);
        return true;
    }
    uint32_t base = cpu_get_reg(d->cpu, CPU_REG_IDTR_BASE);
    if (dbg_read(d, base + vec * 8u, b, 8) != 8)
        return false;
    *out = ld16le(b) | ((uint32_t)ld16le(b + 6) << 16); /* offset; flat CS */
    return true;
}

static void trace_insn(Debugger *d, uint32_t linear_pc)
{
    uint32_t pc = dbg_pc(d);
    if (pc < d->trace_lo || pc > d->trace_hi)
        return;
    int mode = cpu_in_v86_mode(d->cpu) ? 2 : cpu_in_protected_mode(d->cpu);
    if (d->trace_mode >= 0 && d->trace_mode != mode)
        return;
    char text[128];
    if (cpu_disasm(d->cpu, linear_pc, text, sizeof text) == 0)
        snprintf(text, sizeof text, "(unreadable)");
    fprintf(d->trace, "%04x:%08x %-36s",
            cpu_get_reg(d->cpu, CPU_REG_CS), cpu_get_reg(d->cpu, CPU_REG_EIP),
            text);
    /* Registers changed by the previous instruction. */
    for (size_t i = 0; i < sizeof trace_reg_order / sizeof trace_reg_order[0];
         i++) {
        uint32_t v = cpu_get_reg(d->cpu, trace_reg_order[i]);
        if (v != d->trace_regs[i])
            fprintf(d->trace, " %s=%x", trace_reg_names[i], v);
        d->trace_regs[i] = v;
    }
    fputc('\n', d->trace);
}

static bool step_hook(void *opaque, Cpu *cpu, uint32_t linear_pc)
{
    Debugger *d = opaque;
    (void)cpu;
    if (d->trace)
        trace_insn(d, linear_pc);

    /* Watchpoints and mode changes are checked before the skip, since they
     * report what the previous instruction did. */
    for (int i = 0; i < d->nbp; i++) {
        Breakpoint *bp = &d->bp[i];
        if (bp->kind == WP_WRITE) {
            uint8_t now[16];
            size_t n = bp->len > sizeof now ? sizeof now : bp->len;
            if (dbg_read(d, bp->addr, now, n) == n &&
                memcmp(now, bp->shadow, n) != 0) {
                memcpy(bp->shadow, now, n);
                bp->hits++;
                d->watch_addr = bp->addr;
                stop_now(d, STOP_WATCH, bp);
                return true;
            }
        }
    }
    unsigned mode = cur_mode(d);
    if (mode != d->last_mode) {
        d->last_mode = mode;
        for (int i = 0; i < d->nbp; i++) {
            if (d->bp[i].kind == BP_MODE) {
                d->bp[i].hits++;
                stop_now(d, STOP_MODE, &d->bp[i]);
                return true;
            }
        }
    }
    if (d->step_left && --d->step_left == 0) {
        stop_now(d, STOP_STEP, NULL);
        return true;
    }
    if (d->skip_first) {
        d->skip_first = false;
        return false;
    }
    uint32_t pc = dbg_pc(d);
    for (int i = 0; i < d->nbp; i++) {
        Breakpoint *bp = &d->bp[i];
        bool hit = false;
        switch (bp->kind) {
        case BP_EXEC: hit = pc == bp->addr; break;
        case BP_LINEAR: hit = linear_pc == bp->addr; break;
        case BP_PHYS: {
            uint32_t phys;
            hit = cpu_debug_translate(d->cpu, linear_pc, false, &phys) &&
                  phys == bp->addr;
            break;
        }
        case BP_SEGOFF:
            hit = cpu_get_reg(d->cpu, CPU_REG_CS) == bp->seg &&
                  cpu_get_reg(d->cpu, CPU_REG_EIP) == bp->addr;
            break;
        case BP_INT: {
            uint32_t entry;
            hit = int_entry(d, (uint8_t)bp->addr, &entry) &&
                  entry == (flat_pc_mode(d) ? linear_pc : pc);
            break;
        }
        default: break;
        }
        if (hit) {
            bp->hits++;
            StopReason why = bp->kind == BP_INT ? STOP_INT : STOP_BREAK;
            if (bp->temporary) {
                dbg_remove(d, bp->id);
                stop_now(d, why, NULL);
            } else {
                stop_now(d, why, bp);
            }
            return true;
        }
    }
    return false;
}

/* Read and access watchpoints come from the CPU's memory watch, which
 * sees the guest's data accesses themselves (one range at a time: the
 * first such watchpoint in the table). */
static void mem_watch_hit(void *opaque, uint32_t lin, bool write)
{
    Debugger *d = opaque;
    (void)write;
    for (int i = 0; i < d->nbp; i++) {
        Breakpoint *bp = &d->bp[i];
        if ((bp->kind == WP_READ || bp->kind == WP_ACCESS) &&
            lin < bp->addr + bp->len && bp->addr <= lin) {
            bp->hits++;
            d->watch_addr = bp->addr;
            stop_now(d, STOP_WATCH, bp); /* after this instruction */
            return;
        }
    }
}

static void update_mem_watch(Debugger *d)
{
    for (int i = 0; i < d->nbp; i++) {
        const Breakpoint *bp = &d->bp[i];
        if (bp->kind == WP_READ || bp->kind == WP_ACCESS) {
            cpu_set_mem_watch(d->cpu, bp->addr, bp->len, true,
                              bp->kind == WP_ACCESS, mem_watch_hit, d);
            return;
        }
    }
    cpu_set_mem_watch(d->cpu, 0, 0, false, false, NULL, NULL);
}

static void io_watch(void *opaque, uint16_t port, uint32_t val, unsigned size,
                     int is_write)
{
    Debugger *d = opaque;
    (void)val;
    for (int i = 0; i < d->nbp; i++) {
        Breakpoint *bp = &d->bp[i];
        if (bp->kind == BP_IO && port + size > bp->addr &&
            port <= bp->addr + (bp->len ? bp->len : 1) - 1) {
            bp->hits++;
            d->io_port = port;
            (void)is_write;
            /* Stops after the I/O instruction completes. */
            stop_now(d, STOP_IO, bp);
            return;
        }
    }
}

/* ---- public API ---------------------------------------------------------- */

Debugger *dbg_create(Machine *m)
{
    Debugger *d = calloc(1, sizeof *d);
    d->m = m;
    d->cpu = machine_cpu(m);
    d->next_id = 1;
    d->last_mode = cur_mode(d);
    d->trace_hi = 0xFFFFFFFFu;
    d->trace_mode = -1;
    return d;
}

void dbg_destroy(Debugger *d)
{
    if (!d)
        return;
    cpu_set_step_hook(d->cpu, NULL, NULL);
    cpu_set_mem_watch(d->cpu, 0, 0, false, false, NULL, NULL);
    machine_set_io_watch(d->m, NULL, NULL);
    if (d->trace)
        fclose(d->trace);
    free(d);
}

int dbg_add(Debugger *d, const Breakpoint *bp)
{
    if (d->nbp >= DBG_MAX_BP)
        return -1;
    Breakpoint *n = &d->bp[d->nbp++];
    *n = *bp;
    n->id = d->next_id++;
    n->hits = 0;
    if (n->kind == WP_WRITE || n->kind == WP_ACCESS || n->kind == WP_READ) {
        if (n->len == 0)
            n->len = 1;
        if (n->len > sizeof n->shadow)
            n->len = sizeof n->shadow;
        dbg_read(d, n->addr, n->shadow, n->len);
    }
    if (n->kind == BP_IO)
        machine_set_io_watch(d->m, io_watch, d);
    update_mem_watch(d);
    update_hooks(d);
    return n->id;
}

bool dbg_remove(Debugger *d, int id)
{
    for (int i = 0; i < d->nbp; i++) {
        if (d->bp[i].id == id) {
            memmove(&d->bp[i], &d->bp[i + 1],
                    (size_t)(d->nbp - i - 1) * sizeof d->bp[0]);
            d->nbp--;
            bool io = false;
            for (int k = 0; k < d->nbp; k++)
                io |= d->bp[k].kind == BP_IO;
            if (!io)
                machine_set_io_watch(d->m, NULL, NULL);
            update_mem_watch(d);
            update_hooks(d);
            return true;
        }
    }
    return false;
}

bool dbg_remove_match(Debugger *d, BpKind kind, uint32_t addr, bool gdb)
{
    for (int i = 0; i < d->nbp; i++)
        if (d->bp[i].kind == kind && d->bp[i].addr == addr &&
            d->bp[i].from_gdb == gdb)
            return dbg_remove(d, d->bp[i].id);
    return false;
}

void dbg_continue(Debugger *d)
{
    d->reason = STOP_NONE;
    d->hit = NULL;
    d->skip_first = true;
    d->last_mode = cur_mode(d);
    update_hooks(d);
    machine_debug_resume(d->m);
}

void dbg_step(Debugger *d, uint64_t count)
{
    d->step_left = count + 1;
    dbg_continue(d);
}

/* Length of a CALL/INT/LOOP/REP-string at pc, or 0 if stepping into it is
 * what a user wants anyway. */
static int over_length(Debugger *d)
{
    uint8_t b[16];
    size_t n = dbg_read(d, lin_pc(d), b, sizeof b);
    if (n == 0)
        return 0;
    size_t i = 0;
    bool rep = false;
    while (i < n && (b[i] == 0x66 || b[i] == 0x67 || b[i] == 0xF0 ||
                     b[i] == 0xF2 || b[i] == 0xF3 || b[i] == 0x26 ||
                     b[i] == 0x2E || b[i] == 0x36 || b[i] == 0x3E ||
                     b[i] == 0x64 || b[i] == 0x65)) {
        rep |= b[i] == 0xF2 || b[i] == 0xF3;
        i++;
    }
    if (i >= n)
        return 0;
    uint8_t op = b[i];
    bool over = op == 0xE8 || op == 0x9A || op == 0xCD || op == 0xCC ||
                op == 0xCE || (op >= 0xE0 && op <= 0xE2) ||
                (rep && ((op >= 0xA4 && op <= 0xAF) || (op >= 0x6C && op <= 0x6F))) ||
                (op == 0xFF && i + 1 < n &&
                 (((b[i + 1] >> 3) & 7) == 2 || ((b[i + 1] >> 3) & 7) == 3));
    if (!over)
        return 0;
    char text[128];
    return cpu_disasm(d->cpu, lin_pc(d), text, sizeof text);
}

void dbg_step_over(Debugger *d)
{
    int len = over_length(d);
    if (len <= 0) {
        dbg_step(d, 1);
        return;
    }
    Breakpoint bp = {.kind = BP_EXEC, .addr = dbg_pc(d) + (uint32_t)len,
                     .temporary = true};
    dbg_add(d, &bp);
    dbg_continue(d);
}

void dbg_stop(Debugger *d, StopReason why)
{
    stop_now(d, why, NULL);
}

bool dbg_stopped(const Debugger *d)
{
    return machine_debug_stopped(d->m);
}

StopReason dbg_take_stop(Debugger *d)
{
    if (!machine_debug_stopped(d->m))
        return STOP_NONE;
    StopReason r = d->reason == STOP_NONE ? STOP_USER : d->reason;
    d->reason = STOP_NONE;
    d->step_left = 0;
    update_hooks(d);
    return r;
}

int dbg_trace_open(Debugger *d, const char *spec, char *err, size_t errlen)
{
    char path[1024];
    size_t k = strcspn(spec, ",");
    if (k == 0 || k >= sizeof path) {
        snprintf(err, errlen, "-trace needs a file name");
        return -1;
    }
    memcpy(path, spec, k);
    path[k] = 0;
    const char *p = spec + k;
    while (*p == ',') {
        p++;
        size_t len = strcspn(p, ",");
        if (!strncmp(p, "range=", 6)) {
            char *end;
            unsigned long lo = strtoul(p + 6, &end, 16), hi;
            if (*end != '-') {
                snprintf(err, errlen, "-trace: range=LO-HI in hex");
                return -1;
            }
            hi = strtoul(end + 1, &end, 16);
            d->trace_lo = (uint32_t)lo;
            d->trace_hi = (uint32_t)hi;
        } else if (!strncmp(p, "mode=real", len)) {
            d->trace_mode = 0;
        } else if (!strncmp(p, "mode=pm", len)) {
            d->trace_mode = 1;
        } else if (!strncmp(p, "mode=v86", len)) {
            d->trace_mode = 2;
        } else {
            snprintf(err, errlen, "-trace: unknown option '%.*s'", (int)len, p);
            return -1;
        }
        p += len;
    }
    d->trace = fopen(path, "w");
    if (!d->trace) {
        snprintf(err, errlen, "-trace: cannot write '%s'", path);
        return -1;
    }
    update_hooks(d);
    return 0;
}
