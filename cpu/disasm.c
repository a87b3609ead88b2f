/*
 * cpu/disasm.c — one-instruction disassembler (Intel syntax), driven by
 * the opcode map in cpu/opcodes.def.  Reads bytes through the debugger
 * path (no MMIO side effects, no faults).
 */
#include <stdio.h>
#include <string.h>

#include "cpu/exec.h"

typedef struct OpDesc {
    const char *mn;
    const char *ops;
    uint8_t level;
} OpDesc;

static OpDesc op_table[512];
static OpDesc grp_table[512][8];
static bool tables_ready;

static void init_tables(void)
{
    if (tables_ready)
        return;
#define OP(code, m, o, l) op_table[code] = (OpDesc){m, o, l};
#define GRP(code, reg, m, o, l) grp_table[code][reg] = (OpDesc){m, o, l};
#include "cpu/opcodes.def"
#undef OP
#undef GRP
    tables_ready = true;
}

typedef struct DisCtx {
    const uint8_t *b;
    unsigned len, pos;
    bool ok;
    bool op32, a32;
    int seg;
    char *out;
    size_t cap, n;
} DisCtx;

static unsigned get8(DisCtx *d)
{
    if (d->pos >= d->len) {
        d->ok = false;
        return 0;
    }
    return d->b[d->pos++];
}

static uint32_t get16(DisCtx *d)
{
    uint32_t lo = get8(d);
    return lo | (get8(d) << 8);
}

static uint32_t get32(DisCtx *d)
{
    uint32_t lo = get16(d);
    return lo | (get16(d) << 16);
}

static void put(DisCtx *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void put(DisCtx *d, const char *fmt, ...)
{
    if (d->n >= d->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(d->out + d->n, d->cap - d->n, fmt, ap);
    va_end(ap);
    if (k > 0)
        d->n += (size_t)k < d->cap - d->n ? (size_t)k : d->cap - d->n - 1;
}

static const char *r8n[] = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
static const char *r16n[] = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
static const char *r32n[] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
static const char *sn[] = {"es", "cs", "ss", "ds", "fs", "gs", "?", "?"};

static const char *regname(unsigned size, unsigned r)
{
    return size == 1 ? r8n[r & 7] : size == 2 ? r16n[r & 7] : r32n[r & 7];
}

static void put_mem(DisCtx *d, unsigned modrm, unsigned size)
{
    unsigned mod = modrm >> 6, rm = modrm & 7;
    static const char *base16[] = {"bx+si", "bx+di", "bp+si", "bp+di",
                                   "si", "di", "bp", "bx"};
    const char *ptr = size == 1 ? "byte " : size == 2 ? "word " :
                      size == 4 ? "dword " : "";
    put(d, "%s[", ptr);
    if (d->seg >= 0)
        put(d, "%s:", sn[d->seg]);
    if (!d->a32) {
        if (mod == 0 && rm == 6) {
            put(d, "0x%04x]", get16(d));
            return;
        }
        put(d, "%s", base16[rm]);
        if (mod == 1) {
            int v = (int8_t)get8(d);
            put(d, "%c0x%x", v < 0 ? '-' : '+', v < 0 ? -v : v);
        } else if (mod == 2) {
            put(d, "+0x%04x", get16(d));
        }
        put(d, "]");
        return;
    }
    bool any = false;
    if (rm == 4) {
        unsigned sib = get8(d);
        unsigned idx = (sib >> 3) & 7, base = sib & 7;
        if (base == 5 && mod == 0) {
            put(d, "0x%x", get32(d));
            any = true;
        } else {
            put(d, "%s", r32n[base]);
            any = true;
        }
        if (idx != 4) {
            put(d, "+%s*%u", r32n[idx], 1u << (sib >> 6));
        }
    } else if (rm == 5 && mod == 0) {
        put(d, "0x%x", get32(d));
        any = true;
    } else {
        put(d, "%s", r32n[rm]);
        any = true;
    }
    if (mod == 1) {
        int v = (int8_t)get8(d);
        put(d, "%c0x%x", v < 0 ? '-' : '+', v < 0 ? -v : v);
    } else if (mod == 2) {
        put(d, "+0x%x", get32(d));
    }
    (void)any;
    put(d, "]");
}

/* Format the operand list `ops` for opcode byte `op`. */
static void put_operands(DisCtx *d, const char *ops, unsigned op, int modrm,
                         uint32_t next_ip_base)
{
    unsigned vsz = d->op32 ? 4 : 2;
    bool first = true;
    const char *p = ops;
    while (*p) {
        char tok[8];
        unsigned k = 0;
        while (*p && *p != ',' && k < sizeof tok - 1)
            tok[k++] = *p++;
        tok[k] = 0;
        if (*p == ',')
            p++;
        put(d, first ? " " : ", ");
        first = false;
        char t = tok[0], s = tok[1];
        unsigned size = s == 'b' ? 1 : s == 'w' ? 2 : s == 'd' ? 4 : vsz;
        if (!strcmp(tok, "AL")) put(d, "al");
        else if (!strcmp(tok, "eAX")) put(d, "%s", d->op32 ? "eax" : "ax");
        else if (!strcmp(tok, "DX")) put(d, "dx");
        else if (!strcmp(tok, "CL")) put(d, "cl");
        else if (!strcmp(tok, "1")) put(d, "1");
        else if (!strcmp(tok, "es") || !strcmp(tok, "cs") || !strcmp(tok, "ss") ||
                 !strcmp(tok, "ds") || !strcmp(tok, "fs") || !strcmp(tok, "gs"))
            put(d, "%s", tok);
        else if (t == 'E' || t == 'M') {
            if ((modrm >> 6) == 3)
                put(d, "%s", regname(size, (unsigned)modrm & 7));
            else
                put_mem(d, (unsigned)modrm, t == 'M' ? 0 : size);
        } else if (t == 'G') put(d, "%s", regname(size, ((unsigned)modrm >> 3) & 7));
        else if (t == 'S') put(d, "%s", sn[((unsigned)modrm >> 3) & 7]);
        else if (t == 'R') put(d, "%s", r32n[modrm & 7]);
        else if (t == 'C') put(d, "cr%u", ((unsigned)modrm >> 3) & 7);
        else if (t == 'D') put(d, "dr%u", ((unsigned)modrm >> 3) & 7);
        else if (t == 'T') put(d, "tr%u", ((unsigned)modrm >> 3) & 7);
        else if (t == 'Z') put(d, "%s", regname(s == 'b' ? 1 : s == 'd' ? 4 : vsz, op & 7));
        else if (t == 'I') {
            if (!strcmp(tok, "Ibs")) {
                int v = (int8_t)get8(d);
                put(d, "%s0x%x", v < 0 ? "-" : "", v < 0 ? -v : v);
            } else if (size == 1) put(d, "0x%02x", get8(d));
            else if (size == 2) put(d, "0x%04x", get16(d));
            else put(d, "0x%08x", get32(d));
        } else if (t == 'J') {
            uint32_t rel;
            if (s == 'b') rel = (uint32_t)(int32_t)(int8_t)get8(d);
            else if (d->op32) rel = get32(d);
            else rel = (uint32_t)(int32_t)(int16_t)get16(d);
            uint32_t tgt = next_ip_base + d->pos + rel;
            put(d, "0x%x", d->op32 ? tgt : tgt & 0xFFFF);
        } else if (t == 'A') {
            uint32_t off = d->op32 ? get32(d) : get16(d);
            put(d, "0x%04x:0x%x", get16(d), off);
        } else if (t == 'O') {
            uint32_t off = d->a32 ? get32(d) : get16(d);
            put(d, "[%s%s0x%x]", d->seg >= 0 ? sn[d->seg] : "",
                d->seg >= 0 ? ":" : "", off);
        } else if (t == 'F') {
            if ((modrm >> 6) == 3)
                put(d, "st%u", (unsigned)modrm & 7);
            else
                put_mem(d, (unsigned)modrm, 0);
        } else put(d, "%s", tok);
    }
}

/* Decode from a byte buffer; returns the length or 0. `ip` is the offset
 * of the first byte (for relative targets). */
int cpu_disasm_bytes(const uint8_t *bytes, unsigned len, bool mode32,
                     CpuModel model, uint32_t ip, char *buf, unsigned bufsize)
{
    init_tables();
    DisCtx d = {bytes, len, 0, true, mode32, mode32, -1, buf, bufsize, 0};
    if (bufsize == 0)
        return 0;
    buf[0] = 0;
    unsigned op;
    const char *rep = "";
    const char *lock = "";
    for (;;) {
        op = get8(&d);
        if (!d.ok)
            return 0;
        if (op == 0x26 || op == 0x2E || op == 0x36 || op == 0x3E) { d.seg = (op >> 3) & 3; continue; }
        if (model >= CPU_386 && (op == 0x64 || op == 0x65)) { d.seg = 4 + (op & 1); continue; }
        if (model >= CPU_386 && op == 0x66) { d.op32 = !mode32; continue; }
        if (model >= CPU_386 && op == 0x67) { d.a32 = !mode32; continue; }
        if (op == 0xF0 || (op == 0xF1 && model < CPU_386)) { lock = "lock "; continue; }
        if (op == 0xF2) { rep = "repne "; continue; }
        if (op == 0xF3) { rep = "rep "; continue; }
        if (d.pos > 15)
            break;
        break;
    }
    unsigned code = op;
    if (model < CPU_186 && op >= 0x60 && op <= 0x6F)
        code = op + 0x10;
    else if (model < CPU_186 && (op == 0xC0 || op == 0xC1 || op == 0xC8 || op == 0xC9))
        code = op + 2;
    else if (op == 0x0F && model >= CPU_286) {
        code = 0x100 + get8(&d);
        if (!d.ok)
            return 0;
    }
    OpDesc *od = &op_table[code];
    int modrm = -1;
    const char *ops = od->ops ? od->ops : "";
    bool needs_modrm = od->mn && cpu_opcode_has_modrm(code);
    const char *mn = od->mn;
    if (needs_modrm) {
        modrm = (int)get8(&d);
        if (mn && !mn[0]) {
            OpDesc *g = &grp_table[code][(modrm >> 3) & 7];
            mn = g->mn;
            if (g->ops)
                ops = g->ops;
        }
    }
    if (!mn || !d.ok || (od->level > model && od->level != 0xFF)) {
        put(&d, "db 0x%02x", op);
        return (int)d.pos;
    }
    const char *m = mn;
    char mbuf[16];
    if (d.op32 && strlen(m) < sizeof mbuf - 1) {
        size_t l = strlen(m);
        /* word-sized string/flag mnemonics become d-forms */
        if (l > 1 && m[l - 1] == 'w' && (strstr(m, "movs") || strstr(m, "cmps") ||
            strstr(m, "stos") || strstr(m, "lods") || strstr(m, "scas") ||
            strstr(m, "ins") || strstr(m, "outs"))) {
            memcpy(mbuf, m, l - 1);
            mbuf[l - 1] = 'd';
            mbuf[l] = 0;
            m = mbuf;
        } else if (!strcmp(m, "cbw")) m = "cwde";
        else if (!strcmp(m, "cwd")) m = "cdq";
        else if (!strcmp(m, "pushf")) m = "pushfd";
        else if (!strcmp(m, "popf")) m = "popfd";
        else if (!strcmp(m, "pusha")) m = "pushad";
        else if (!strcmp(m, "popa")) m = "popad";
        else if (!strcmp(m, "iret")) m = "iretd";
    }
    put(&d, "%s%s%s", lock, rep, m);
    if (od->mn && od->mn[0] == 'e' && !strcmp(od->mn, "esc"))
        put(&d, " %u,", op & 7);
    put_operands(&d, ops, op, modrm, ip);
    if (!d.ok)
        return 0;
    return (int)d.pos;
}

int cpu_disasm(Cpu *cpu, uint32_t linear, char *buf, unsigned bufsize)
{
    uint8_t bytes[16];
    unsigned n = 0;
    for (; n < sizeof bytes; n++) {
        uint32_t phys;
        if (!cpu_debug_translate(cpu, linear + n, false, &phys) ||
            !mem_debug_read(cpu->mem, phys, &bytes[n]))
            break;
    }
    if (n == 0)
        return 0;
    return cpu_disasm_bytes(bytes, n, cpu->code32, cpu->model,
                            linear - cpu->seg[SEG_CS].base, buf, bufsize);
}
