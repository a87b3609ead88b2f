/*
 * frontend/monitor.c — the built-in debugger's commands (-monitor stdio,
 * and gdb's `monitor ...`).  Written for learners: every answer says what
 * the numbers mean, e.g. "CS=0008 -> GDT[1]: code, 32-bit, ring 0, base
 * 00000000, limit 4 GiB".  Commands are a table; `help` prints it with an
 * example for each.
 */
#include "frontend/monitor.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef void (*cmd_fn)(Debugger *d, int argc, char **argv, FILE *out);

typedef struct MonitorCmd {
    const char *name;
    const char *alias;
    cmd_fn fn;
    const char *usage;
    const char *help;
    const char *example;
} MonitorCmd;

static bool parse_num(const char *s, uint32_t *out)
{
    char *end;
    if (!s || !*s)
        return false;
    unsigned long v = strtoul(s, &end, 16);
    if (*end)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* ---- descriptors ------------------------------------------------------ */

typedef struct Desc {
    uint32_t base, limit;
    uint8_t access, flags; /* flags = G D/B L AVL nibble */
    bool present;
} Desc;

static void desc_decode(const uint8_t b[8], Desc *d)
{
    d->limit = ld16le(b) | ((uint32_t)(b[6] & 0x0F) << 16);
    d->base = ld16le(b + 2) | ((uint32_t)b[4] << 16) | ((uint32_t)b[7] << 24);
    d->access = b[5];
    d->flags = b[6] >> 4;
    if (d->flags & 8)
        d->limit = (d->limit << 12) | 0xFFF;
    d->present = (d->access & 0x80) != 0;
}

static void size_text(uint32_t limit, char *buf, size_t len)
{
    uint64_t size = (uint64_t)limit + 1;
    if (size % (1024ull * 1024 * 1024) == 0)
        snprintf(buf, len, "%llu GiB", (unsigned long long)(size >> 30));
    else if (size % (1024 * 1024) == 0)
        snprintf(buf, len, "%llu MiB", (unsigned long long)(size >> 20));
    else if (size % 1024 == 0)
        snprintf(buf, len, "%llu KiB", (unsigned long long)(size >> 10));
    else
        snprintf(buf, len, "%08x", limit);
}

static const char *const system_types[16] = {
    "reserved", "16-bit TSS (available)", "LDT", "16-bit TSS (busy)",
    "16-bit call gate", "task gate", "16-bit interrupt gate",
    "16-bit trap gate", "reserved", "32-bit TSS (available)", "reserved",
    "32-bit TSS (busy)", "32-bit call gate", "reserved",
    "32-bit interrupt gate", "32-bit trap gate",
};

/* One line describing a descriptor, e.g. "code, 32-bit, ring 0, base
 * 00000000, limit 4 GiB (execute/read, accessed)". */
static void desc_text(const uint8_t raw[8], char *buf, size_t len)
{
    Desc d;
    desc_decode(raw, &d);
    if (!d.present && (raw[5] & 0x1F) == 0 && ld32le(raw) == 0) {
        snprintf(buf, len, "null descriptor");
        return;
    }
    unsigned dpl = (d.access >> 5) & 3;
    char sz[32];
    size_text(d.limit, sz, sizeof sz);
    if (!(d.access & 0x10)) {
        unsigned type = d.access & 0x0F;
        if (type == 4 || type == 12 || type == 5 || type == 6 || type == 7 ||
            type == 14 || type == 15) {
            uint16_t sel = ld16le(raw + 2);
            uint32_t off = ld16le(raw) | ((uint32_t)ld16le(raw + 6) << 16);
            if (type == 5)
                snprintf(buf, len, "%s, DPL %u, TSS selector %04x%s",
                         system_types[type], dpl, sel,
                         d.present ? "" : ", NOT present");
            else
                snprintf(buf, len, "%s, DPL %u, target %04x:%08x%s",
                         system_types[type], dpl, sel,
                         (type & 8) ? off : (off & 0xFFFF),
                         d.present ? "" : ", NOT present");
            return;
        }
        snprintf(buf, len, "%s, DPL %u, base %08x, limit %s%s",
                 system_types[type], dpl, d.base, sz,
                 d.present ? "" : ", NOT present");
        return;
    }
    bool code = (d.access & 0x08) != 0;
    char attrs[64];
    if (code)
        snprintf(attrs, sizeof attrs, "execute%s%s%s",
                 (d.access & 2) ? "/read" : "-only",
                 (d.access & 4) ? ", conforming" : "",
                 (d.access & 1) ? ", accessed" : "");
    else
        snprintf(attrs, sizeof attrs, "read%s%s%s",
                 (d.access & 2) ? "/write" : "-only",
                 (d.access & 4) ? ", expand-down" : "",
                 (d.access & 1) ? ", accessed" : "");
    snprintf(buf, len, "%s, %s, ring %u, base %08x, limit %s (%s)%s",
             code ? "code" : "data", (d.flags & 4) ? "32-bit" : "16-bit", dpl,
             d.base, sz, attrs, d.present ? "" : ", NOT present");
}

static bool read_desc(Debugger *d, uint16_t sel, uint8_t raw[8],
                      const char **table, unsigned *index)
{
    uint32_t base, limit;
    *index = sel >> 3;
    if (sel & 4) {
        CpuSegInfo ldt;
        cpu_get_seg(d->cpu, CPU_REG_LDTR, &ldt);
        base = ldt.base;
        limit = ldt.limit;
        *table = "LDT";
    } else {
        base = cpu_get_reg(d->cpu, CPU_REG_GDTR_BASE);
        limit = cpu_get_reg(d->cpu, CPU_REG_GDTR_LIMIT);
        *table = "GDT";
    }
    if ((uint32_t)(sel & ~7u) + 7 > limit)
        return false;
    return dbg_read(d, base + (sel & ~7u), raw, 8) == 8;
}

static const struct {
    CpuReg reg;
    const char *name;
} seg_regs[] = {
    {CPU_REG_CS, "CS"}, {CPU_REG_DS, "DS"}, {CPU_REG_ES, "ES"},
    {CPU_REG_SS, "SS"}, {CPU_REG_FS, "FS"}, {CPU_REG_GS, "GS"},
};

static void explain_segment(Debugger *d, CpuReg reg, const char *name,
                            FILE *out)
{
    CpuSegInfo s;
    cpu_get_seg(d->cpu, reg, &s);
    if (!cpu_in_protected_mode(d->cpu) || cpu_in_v86_mode(d->cpu)) {
        fprintf(out, "%s=%04x -> %s mode: base %05x (%04x x 16), limit %04x\n",
                name, s.selector, dbg_mode_name(d), s.base, s.selector,
                s.limit);
        return;
    }
    if ((s.selector & ~3u) == 0) {
        fprintf(out, "%s=%04x -> null selector (using it faults)\n", name,
                s.selector);
        return;
    }
    uint8_t raw[8];
    const char *table;
    unsigned index;
    char text[160];
    if (read_desc(d, s.selector, raw, &table, &index)) {
        desc_text(raw, text, sizeof text);
        fprintf(out, "%s=%04x -> %s[%u], RPL %u: %s\n", name, s.selector,
                table, index, s.selector & 3, text);
    } else {
        fprintf(out, "%s=%04x -> %s[%u]: outside the table (cached base "
                     "%08x, limit %08x)\n",
                name, s.selector, table, index, s.base, s.limit);
    }
}

/* ---- commands ---------------------------------------------------------- */

static void cmd_regs(Debugger *d, int argc, char **argv, FILE *out)
{
    (void)argc;
    (void)argv;
    Cpu *c = d->cpu;
    fprintf(out, "EAX=%08x EBX=%08x ECX=%08x EDX=%08x\n",
            cpu_get_reg(c, CPU_REG_EAX), cpu_get_reg(c, CPU_REG_EBX),
            cpu_get_reg(c, CPU_REG_ECX), cpu_get_reg(c, CPU_REG_EDX));
    fprintf(out, "ESI=%08x EDI=%08x EBP=%08x ESP=%08x\n",
            cpu_get_reg(c, CPU_REG_ESI), cpu_get_reg(c, CPU_REG_EDI),
            cpu_get_reg(c, CPU_REG_EBP), cpu_get_reg(c, CPU_REG_ESP));
    uint32_t f = cpu_get_reg(c, CPU_REG_EFLAGS);
    static const struct { uint32_t bit; const char *name; } flags[] = {
        {1u << 0, "CF"}, {1u << 2, "PF"}, {1u << 4, "AF"}, {1u << 6, "ZF"},
        {1u << 7, "SF"}, {1u << 8, "TF"}, {1u << 9, "IF"}, {1u << 10, "DF"},
        {1u << 11, "OF"}, {1u << 14, "NT"}, {1u << 16, "RF"},
        {1u << 17, "VM"}, {1u << 18, "AC"},
    };
    fprintf(out, "EIP=%08x EFLAGS=%08x [", cpu_get_reg(c, CPU_REG_EIP), f);
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (f & flags[i].bit)
            fprintf(out, " %s", flags[i].name);
    fprintf(out, " ] IOPL=%u\n", (f >> 12) & 3);
    fprintf(out, "CR0=%08x CR2=%08x CR3=%08x  mode: %s%s, CPL %u\n",
            cpu_get_reg(c, CPU_REG_CR0), cpu_get_reg(c, CPU_REG_CR2),
            cpu_get_reg(c, CPU_REG_CR3), dbg_mode_name(d),
            cpu_paging_enabled(c) ? " with paging" : "", cpu_cpl(c));
    for (size_t i = 0; i < sizeof seg_regs / sizeof seg_regs[0]; i++)
        explain_segment(d, seg_regs[i].reg, seg_regs[i].name, out);
}

static void cmd_disasm(Debugger *d, int argc, char **argv, FILE *out)
{
    uint32_t addr = dbg_pc(d), count = 10;
    bool have_addr = argc > 1 && parse_num(argv[1], &addr);
    if (argc > 2)
        parse_num(argv[2], &count);
    if (count > 200)
        count = 200;
    /* Debug addresses equal linear ones in real/V86 mode and under flat
     * protected-mode segments. */
    CpuSegInfo cs;
    cpu_get_seg(d->cpu, CPU_REG_CS, &cs);
    uint32_t lin = addr;
    if (!have_addr && cpu_in_protected_mode(d->cpu) && !cpu_in_v86_mode(d->cpu))
        lin = cs.base + addr;
    for (uint32_t i = 0; i < count; i++) {
        char text[128];
        uint8_t bytes[16];
        int len = cpu_disasm(d->cpu, lin, text, sizeof text);
        if (len <= 0) {
            fprintf(out, "%08x  (not mapped)\n", lin);
            return;
        }
        size_t got = dbg_read(d, lin, bytes, (size_t)len);
        char hex[40] = "";
        for (size_t k = 0; k < got && k < 10; k++)
            snprintf(hex + 2 * k, sizeof hex - 2 * k, "%02x", bytes[k]);
        fprintf(out, "%s%08x  %-20s %s\n", lin == dbg_pc(d) ? "=>" : "  ",
                lin, hex, text);
        lin += (uint32_t)len;
    }
}

/* x ADDR [LEN]: ADDR is linear; p:ADDR physical. */
static void cmd_dump(Debugger *d, int argc, char **argv, FILE *out)
{
    if (argc < 2) {
        fprintf(out, "usage: x [p:]ADDR [LEN]\n");
        return;
    }
    bool phys = !strncmp(argv[1], "p:", 2);
    const char *a = phys || !strncmp(argv[1], "l:", 2) ? argv[1] + 2 : argv[1];
    uint32_t addr, len = 64;
    if (!parse_num(a, &addr)) {
        fprintf(out, "'%s' is not a hex address\n", argv[1]);
        return;
    }
    if (argc > 2)
        parse_num(argv[2], &len);
    if (len > 4096)
        len = 4096;
    for (uint32_t row = 0; row < len; row += 16) {
        fprintf(out, "%s%08x ", phys ? "p:" : "", addr + row);
        char ascii[17] = {0};
        for (uint32_t k = 0; k < 16 && row + k < len; k++) {
            uint8_t b;
            bool ok = phys ? dbg_read_phys(d, addr + row + k, &b)
                           : dbg_read(d, addr + row + k, &b, 1) == 1;
            if (ok) {
                fprintf(out, " %02x", b);
                ascii[k] = isprint(b) ? (char)b : '.';
            } else {
                fprintf(out, " --");
                ascii[k] = ' ';
            }
        }
        fprintf(out, "  %s\n", ascii);
    }
}

static void dump_table(Debugger *d, const char *name, uint32_t base,
                       uint32_t limit, FILE *out)
{
    fprintf(out, "%s at linear %08x, limit %04x (%u entries)\n", name, base,
            limit, (limit + 1) / 8);
    for (uint32_t off = 0; off + 7 <= limit && off < 8 * 256; off += 8) {
        uint8_t raw[8];
        if (dbg_read(d, base + off, raw, 8) != 8) {
            fprintf(out, "  [%u] not readable\n", off / 8);
            break;
        }
        char text[160];
        desc_text(raw, text, sizeof text);
        bool idt = !strcmp(name, "IDT");
        if (!idt)
            fprintf(out, "  %s[%u] sel %04x: %s\n", name, off / 8, off, text);
        else
            fprintf(out, "  IDT[%02x]: %s\n", off / 8, text);
    }
}

static void cmd_gdt(Debugger *d, int argc, char **argv, FILE *out)
{
    (void)argc;
    (void)argv;
    dump_table(d, "GDT", cpu_get_reg(d->cpu, CPU_REG_GDTR_BASE),
               cpu_get_reg(d->cpu, CPU_REG_GDTR_LIMIT), out);
}

static void cmd_ldt(Debugger *d, int argc, char **argv, FILE *out)
{
    (void)argc;
    (void)argv;
    CpuSegInfo ldt;
    cpu_get_seg(d->cpu, CPU_REG_LDTR, &ldt);
    if ((ldt.selector & ~3u) == 0) {
        fprintf(out, "LDTR=%04x: no LDT loaded\n", ldt.selector);
        return;
    }
    fprintf(out, "LDTR=%04x -> GDT[%u]\n", ldt.selector, ldt.selector >> 3);
    dump_table(d, "LDT", ldt.base, ldt.limit, out);
}

static void cmd_idt(Debugger *d, int argc, char **argv, FILE *out)
{
    (void)argc;
    (void)argv;
    uint32_t base = cpu_get_reg(d->cpu, CPU_REG_IDTR_BASE);
    uint32_t limit = cpu_get_reg(d->cpu, CPU_REG_IDTR_LIMIT);
    if (!cpu_in_protected_mode(d->cpu)) {
        fprintf(out, "real mode: interrupt vector table at %08x, limit %04x\n",
                base, limit);
        for (uint32_t v = 0; v < 32 && v * 4 + 3 <= limit; v++) {
            uint8_t b[4];
            if (dbg_read(d, base + v * 4, b, 4) != 4)
                break;
            fprintf(out, "  INT %02x -> %04x:%04x\n", v, ld16le(b + 2),
                    ld16le(b));
        }
        return;
    }
    dump_table(d, "IDT", base, limit, out);
}

static void cmd_tss(Debugger *d, int argc, char **argv, FILE *out)
{
    (void)argc;
    (void)argv;
    CpuSegInfo tr;
    cpu_get_seg(d->cpu, CPU_REG_TR, &tr);
    if ((tr.selector & ~3u) == 0) {
        fprintf(out, "TR=%04x: no task register loaded\n", tr.selector);
        return;
    }
    uint8_t t[104];
    size_t n = dbg_read(d, tr.base, t, tr.limit + 1 < sizeof t ? tr.limit + 1 : sizeof t);
    fprintf(out, "TR=%04x -> GDT[%u]: TSS at %08x, limit %04x\n", tr.selector,
            tr.selector >> 3, tr.base, tr.limit);
    if (n >= 104 && tr.limit >= 103) {
        fprintf(out, "  32-bit TSS: back link %04x\n", ld16le(t));
        fprintf(out, "  ring 0 stack %04x:%08x, ring 1 %04x:%08x, ring 2 %04x:%08x\n",
                ld16le(t + 8), ld32le(t + 4), ld16le(t + 16), ld32le(t + 12),
                ld16le(t + 24), ld32le(t + 20));
        fprintf(out, "  CR3=%08x EIP=%08x EFLAGS=%08x LDT=%04x I/O map at +%04x\n",
                ld32le(t + 28), ld32le(t + 32), ld32le(t + 36), ld16le(t + 96),
                ld16le(t + 102));
        fprintf(out, "  EAX=%08x ECX=%08x EDX=%08x EBX=%08x ESP=%08x\n",
                ld32le(t + 40), ld32le(t + 44), ld32le(t + 48), ld32le(t + 52),
                ld32le(t + 56));
    } else if (n >= 44) {
        fprintf(out, "  16-bit TSS: back link %04x, ring 0 stack %04x:%04x, "
                     "IP=%04x FLAGS=%04x LDT=%04x\n",
                ld16le(t), ld16le(t + 4), ld16le(t + 2), ld16le(t + 14),
                ld16le(t + 16), ld16le(t + 42));
    } else {
        fprintf(out, "  (not readable)\n");
    }
}

static void pte_text(uint32_t e, char *buf, size_t len)
{
    snprintf(buf, len, "%s, %s, %s%s%s", (e & 1) ? "present" : "NOT present",
             (e & 2) ? "writable" : "read-only",
             (e & 4) ? "user" : "supervisor", (e & 0x20) ? ", accessed" : "",
             (e & 0x40) ? ", dirty" : "");
}

static void cmd_page(Debugger *d, int argc, char **argv, FILE *out)
{
    uint32_t lin;
    if (argc < 2 || !parse_num(argv[1], &lin)) {
        fprintf(out, "usage: page LINEAR-ADDRESS (hex)\n");
        return;
    }
    if (!cpu_paging_enabled(d->cpu)) {
        fprintf(out, "paging is off (CR0.PG=0): linear %08x is physical %08x\n",
                lin, lin);
        return;
    }
    uint32_t cr3 = cpu_get_reg(d->cpu, CPU_REG_CR3) & ~0xFFFu;
    uint32_t di = lin >> 22, ti = (lin >> 12) & 0x3FF;
    uint8_t b[4];
    uint32_t pde_addr = cr3 + di * 4;
    fprintf(out, "linear %08x = directory index %u, table index %u, offset %03x\n",
            lin, di, ti, lin & 0xFFF);
    for (int i = 0; i < 4; i++)
        if (!dbg_read_phys(d, pde_addr + (uint32_t)i, &b[i])) {
            fprintf(out, "page directory entry at %08x is not in RAM\n", pde_addr);
            return;
        }
    uint32_t pde = ld32le(b);
    char text[96];
    pte_text(pde, text, sizeof text);
    fprintf(out, "CR3=%08x: directory entry %u at physical %08x = %08x: %s\n",
            cr3, di, pde_addr, pde, text);
    if (!(pde & 1)) {
        fprintf(out, "-> not mapped: an access would raise #PF\n");
        return;
    }
    uint32_t pte_addr = (pde & ~0xFFFu) + ti * 4;
    for (int i = 0; i < 4; i++)
        if (!dbg_read_phys(d, pte_addr + (uint32_t)i, &b[i])) {
            fprintf(out, "page table entry at %08x is not in RAM\n", pte_addr);
            return;
        }
    uint32_t pte = ld32le(b);
    pte_text(pte, text, sizeof text);
    fprintf(out, "-> page table at %08x: entry %u at physical %08x = %08x: %s\n",
            pde & ~0xFFFu, ti, pte_addr, pte, text);
    if (!(pte & 1)) {
        fprintf(out, "-> not mapped: an access would raise #PF\n");
        return;
    }
    fprintf(out, "-> page frame %08x + offset %03x = physical %08x\n",
            pte & ~0xFFFu, lin & 0xFFF, (pte & ~0xFFFu) | (lin & 0xFFF));
}

static void report_stop_later(Debugger *d, FILE *out)
{
    (void)d;
    fprintf(out, "running\n");
}

static void cmd_step(Debugger *d, int argc, char **argv, FILE *out)
{
    uint32_t n = 1;
    if (argc > 1 && !parse_num(argv[1], &n))
        n = 1;
    dbg_step(d, n ? n : 1);
    report_stop_later(d, out);
}

static void cmd_next(Debugger *d, int argc, char **argv, FILE *out)
{
    (void)argc;
    (void)argv;
    dbg_step_over(d);
    report_stop_later(d, out);
}

static void cmd_cont(Debugger *d, int argc, char **argv, FILE *out)
{
    (void)argc;
    (void)argv;
    dbg_continue(d);
    report_stop_later(d, out);
}

static void cmd_stop(Debugger *d, int argc, char **argv, FILE *out)
{
    (void)argc;
    (void)argv;
    dbg_stop(d, STOP_USER);
    fprintf(out, "stopped at %08x\n", dbg_pc(d));
}

static void add_bp(Debugger *d, Breakpoint *bp, FILE *out, const char *what)
{
    int id = dbg_add(d, bp);
    if (id < 0)
        fprintf(out, "too many breakpoints (max %d)\n", DBG_MAX_BP);
    else
        fprintf(out, "breakpoint %d: %s\n", id, what);
}

static void cmd_break(Debugger *d, int argc, char **argv, FILE *out)
{
    if (argc < 2) {
        fprintf(out, "usage: break ADDR | SEG:OFF | l:LINEAR | p:PHYSICAL\n");
        return;
    }
    Breakpoint bp = {0};
    char what[96];
    const char *a = argv[1];
    const char *colon = strchr(a, ':');
    uint32_t v, seg;
    if (!strncmp(a, "p:", 2) && parse_num(a + 2, &v)) {
        bp.kind = BP_PHYS;
        bp.addr = v;
        snprintf(what, sizeof what, "physical address %08x", v);
    } else if (!strncmp(a, "l:", 2) && parse_num(a + 2, &v)) {
        bp.kind = BP_LINEAR;
        bp.addr = v;
        snprintf(what, sizeof what, "linear address %08x", v);
    } else if (colon) {
        char segtext[16];
        size_t k = (size_t)(colon - a);
        if (k >= sizeof segtext || (memcpy(segtext, a, k), segtext[k] = 0,
                                    !parse_num(segtext, &seg)) ||
            !parse_num(colon + 1, &v) || seg > 0xFFFF) {
            fprintf(out, "'%s' is not SEG:OFF in hex\n", a);
            return;
        }
        bp.kind = BP_SEGOFF;
        bp.seg = (uint16_t)seg;
        bp.addr = v;
        snprintf(what, sizeof what, "CS:IP = %04x:%04x", seg, v);
    } else if (parse_num(a, &v)) {
        bp.kind = BP_EXEC;
        bp.addr = v;
        snprintf(what, sizeof what, "address %08x (linear in real/V86 mode)", v);
    } else {
        fprintf(out, "'%s' is not an address\n", a);
        return;
    }
    add_bp(d, &bp, out, what);
}

static void cmd_break_int(Debugger *d, int argc, char **argv, FILE *out)
{
    uint32_t v;
    if (argc < 2 || !parse_num(argv[1], &v) || v > 255) {
        fprintf(out, "usage: break-int VECTOR (hex, 0..ff)\n");
        return;
    }
    Breakpoint bp = {.kind = BP_INT, .addr = v};
    char what[64];
    snprintf(what, sizeof what, "entry of interrupt %02x", v);
    add_bp(d, &bp, out, what);
}

static void cmd_break_io(Debugger *d, int argc, char **argv, FILE *out)
{
    uint32_t v, len = 1;
    if (argc < 2 || !parse_num(argv[1], &v) || v > 0xFFFF) {
        fprintf(out, "usage: break-io PORT [COUNT] (hex)\n");
        return;
    }
    if (argc > 2)
        parse_num(argv[2], &len);
    Breakpoint bp = {.kind = BP_IO, .addr = v, .len = len};
    char what[64];
    snprintf(what, sizeof what, "I/O ports %04x..%04x", v, v + len - 1);
    add_bp(d, &bp, out, what);
}

static void cmd_break_mode(Debugger *d, int argc, char **argv, FILE *out)
{
    (void)argc;
    (void)argv;
    Breakpoint bp = {.kind = BP_MODE};
    add_bp(d, &bp, out, "any switch between real, protected, V86 mode or paging");
}

static void cmd_watch(Debugger *d, int argc, char **argv, FILE *out)
{
    uint32_t v, len = 4;
    if (argc < 2 || !parse_num(argv[1], &v)) {
        fprintf(out, "usage: watch LINEAR [LEN]\n");
        return;
    }
    if (argc > 2)
        parse_num(argv[2], &len);
    Breakpoint bp = {.kind = WP_WRITE, .addr = v, .len = len};
    char what[64];
    snprintf(what, sizeof what, "writes that change %u bytes at %08x", len, v);
    add_bp(d, &bp, out, what);
}

static const char *const kind_names[] = {
    "exec", "linear", "physical", "cs:ip", "interrupt", "io", "mode",
    "watch", "read-watch", "access-watch",
};

static void cmd_list(Debugger *d, int argc, char **argv, FILE *out)
{
    (void)argc;
    (void)argv;
    if (!d->nbp)
        fprintf(out, "no breakpoints\n");
    for (int i = 0; i < d->nbp; i++) {
        const Breakpoint *b = &d->bp[i];
        fprintf(out, "%d: %s ", b->id, kind_names[b->kind]);
        if (b->kind == BP_SEGOFF)
            fprintf(out, "%04x:%04x", b->seg, b->addr);
        else if (b->kind != BP_MODE)
            fprintf(out, "%08x", b->addr);
        fprintf(out, "%s, hit %llu times\n", b->from_gdb ? " (gdb)" : "",
                (unsigned long long)b->hits);
    }
}

static void cmd_delete(Debugger *d, int argc, char **argv, FILE *out)
{
    if (argc < 2) {
        fprintf(out, "usage: delete ID\n");
        return;
    }
    int id = atoi(argv[1]);
    fprintf(out, dbg_remove(d, id) ? "deleted %d\n" : "no breakpoint %d\n", id);
}

static void cmd_mode(Debugger *d, int argc, char **argv, FILE *out)
{
    (void)argc;
    (void)argv;
    uint32_t cr0 = cpu_get_reg(d->cpu, CPU_REG_CR0);
    fprintf(out, "%s mode (CR0.PE=%u, EFLAGS.VM=%u), paging %s (CR0.PG=%u), "
                 "CPL %u, CPU %s\n",
            dbg_mode_name(d), cr0 & 1, cpu_in_v86_mode(d->cpu) ? 1 : 0,
            cpu_paging_enabled(d->cpu) ? "on" : "off", cr0 >> 31,
            cpu_cpl(d->cpu), cpu_model_name(cpu_model(d->cpu)));
}

static void cmd_dev(Debugger *d, int argc, char **argv, FILE *out)
{
    if (!machine_describe_devices(d->m, argc > 1 ? argv[1] : NULL, out))
        fprintf(out, "no device '%s' (pic, pit, rtc, vga, ide)\n", argv[1]);
}

static void cmd_quit(Debugger *d, int argc, char **argv, FILE *out)
{
    (void)argc;
    (void)argv;
    fprintf(out, "quitting\n");
    machine_request_exit(d->m, 0);
}

static void cmd_help(Debugger *d, int argc, char **argv, FILE *out);

static const MonitorCmd commands[] = {
    {"help", "h", cmd_help, "help [COMMAND]", "list commands, or explain one", "help break"},
    {"regs", "r", cmd_regs, "regs", "registers, flags, mode, and what each segment register points at", "regs"},
    {"step", "s", cmd_step, "step [N]", "execute N instructions (default 1), then stop", "step 5"},
    {"next", "n", cmd_next, "next", "step over a CALL, INT, LOOP or REP string instruction", "next"},
    {"cont", "c", cmd_cont, "cont", "continue until a breakpoint", "cont"},
    {"stop", NULL, cmd_stop, "stop", "stop the guest now", "stop"},
    {"break", "b", cmd_break, "break ADDR|SEG:OFF|l:LIN|p:PHYS", "stop before the instruction at an address (hex)", "break 0000:7c00"},
    {"break-int", "bi", cmd_break_int, "break-int VECTOR", "stop at the entry of an interrupt handler", "break-int 13"},
    {"break-io", "bio", cmd_break_io, "break-io PORT [COUNT]", "stop after an IN/OUT touching the port(s)", "break-io 3f8 8"},
    {"break-mode", "bm", cmd_break_mode, "break-mode", "stop when the CPU switches mode (real/protected/V86/paging)", "break-mode"},
    {"watch", "w", cmd_watch, "watch LINEAR [LEN]", "stop after an instruction changes the memory", "watch 46c 4"},
    {"list", "bl", cmd_list, "list", "list breakpoints and watchpoints with hit counts", "list"},
    {"delete", "d", cmd_delete, "delete ID", "remove a breakpoint", "delete 1"},
    {"disasm", "u", cmd_disasm, "disasm [ADDR] [N]", "disassemble N instructions (default: 10 at CS:IP)", "disasm 7c00 5"},
    {"x", NULL, cmd_dump, "x [p:]ADDR [LEN]", "dump memory: linear address, or physical with p:", "x p:b8000 32"},
    {"gdt", NULL, cmd_gdt, "gdt", "decode the global descriptor table", "gdt"},
    {"ldt", NULL, cmd_ldt, "ldt", "decode the current local descriptor table", "ldt"},
    {"idt", NULL, cmd_idt, "idt", "decode the interrupt table (IVT in real mode)", "idt"},
    {"tss", NULL, cmd_tss, "tss", "decode the current task state segment", "tss"},
    {"page", "walk", cmd_page, "page LINEAR", "walk the page tables for an address, in words", "page c0001000"},
    {"mode", NULL, cmd_mode, "mode", "which mode the CPU is in and why", "mode"},
    {"dev", NULL, cmd_dev, "dev [pic|pit|rtc|vga|ide]", "device state in words (all devices without a name)", "dev pic"},
    {"quit", "q", cmd_quit, "quit", "end px86", "quit"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void cmd_help(Debugger *d, int argc, char **argv, FILE *out)
{
    (void)d;
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const MonitorCmd *c = &commands[i];
        if (argc > 1 && strcmp(argv[1], c->name) &&
            !(c->alias && !strcmp(argv[1], c->alias)))
            continue;
        fprintf(out, "%-34s %s\n", c->usage, c->help);
        fprintf(out, "%-34s   e.g. %s%s%s%s\n", "", c->example,
                c->alias ? "   (short: " : "", c->alias ? c->alias : "",
                c->alias ? ")" : "");
    }
}

void monitor_execute(Debugger *d, const char *line, FILE *out)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", line);
    char *argv[8];
    int argc = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, " \t\r\n", &save); tok && argc < 8;
         tok = strtok_r(NULL, " \t\r\n", &save))
        argv[argc++] = tok;
    if (argc == 0)
        return;
    for (size_t i = 0; i < NCOMMANDS; i++) {
        const MonitorCmd *c = &commands[i];
        if (!strcmp(argv[0], c->name) || (c->alias && !strcmp(argv[0], c->alias))) {
            c->fn(d, argc, argv, out);
            return;
        }
    }
    fprintf(out, "unknown command '%s' (try help)\n", argv[0]);
}

void monitor_describe_stop(Debugger *d, StopReason r, FILE *out)
{
    static const char *const why[] = {
        "running", "stepped", "breakpoint", "watchpoint", "stopped",
        "interrupt breakpoint", "I/O breakpoint", "mode switch",
    };
    char text[128];
    CpuSegInfo cs;
    cpu_get_seg(d->cpu, CPU_REG_CS, &cs);
    uint32_t eip = cpu_get_reg(d->cpu, CPU_REG_EIP);
    uint32_t lin = cs.base + ((cs.flags & 0x400) && cpu_in_protected_mode(d->cpu) &&
                                      !cpu_in_v86_mode(d->cpu)
                                  ? eip
                                  : (eip & 0xFFFF));
    if (cpu_disasm(d->cpu, lin, text, sizeof text) <= 0)
        snprintf(text, sizeof text, "(not mapped)");
    fprintf(out, "%s at %04x:%08x (linear %08x, %s mode, guest time %.6f s, "
                 "instruction %llu): %s\n",
            why[r < sizeof why / sizeof why[0] ? r : 0], cs.selector, eip, lin,
            dbg_mode_name(d), (double)machine_now_ns(d->m) / 1e9,
            (unsigned long long)cpu_icount(d->cpu), text);
    if (r == STOP_WATCH)
        fprintf(out, "  memory at %08x changed\n", d->watch_addr);
    if (r == STOP_IO)
        fprintf(out, "  port %04x was accessed\n", d->io_port);
}
