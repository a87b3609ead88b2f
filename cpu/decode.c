/*
 * cpu/decode.c — the instruction decoder and the decoded-instruction
 * cache.
 *
 * cpu_decode() turns the bytes at CS:EIP into a DecodedInsn: prefixes,
 * the opcode (0F xx as 0x100 + xx), the ModR/M byte with the shape of its
 * effective address (base, index, scale, displacement, default segment)
 * and the immediate bytes.  The operand layout of every opcode comes from
 * cpu/opcodes.def (the same table the disassembler and the #UD check
 * use), so there is one description of the opcode map.
 *
 * Decoded instructions are kept in a direct-mapped cache indexed by the
 * physical address of their first byte.  An entry is valid while its
 * page's code generation (PhysMem.code_gen) is unchanged: the first
 * decode from a page marks it MEM_PAGE_CODE, which sends every write to
 * it through the memory slow path, which bumps the generation.  Self-
 * modifying code, DMA into code and remapped ROM therefore all see fresh
 * bytes.  Instructions that cross a page, or that come from MMIO, are
 * decoded into a scratch entry every time.
 *
 * Decoding reads the bytes through the normal fetch path (fetch8), so CS
 * limits, 64 KiB IP wrap, page faults on the fetch and their order are
 * exactly those of executing the bytes one by one.
 */
#include <stddef.h>
#include <string.h>

#include "cpu/access.h"
#include "cpu/exec.h"

/* exec_insn() copies the decoded fields as one block; immediates of up
 * to 4 bytes never overlap the displacement. */
_Static_assert(offsetof(DecodedInsn, op) == INSN_DECODED_SIZE &&
               offsetof(InsnCtx, d) >= INSN_DECODED_SIZE,
               "INSN_DECODED_FIELDS must be the first 8 bytes");
_Static_assert(sizeof(DecodedInsn) == 32, "one cache slot = 32 bytes");

/* Operand layout of each opcode (one-byte map 0x000-0x0FF, 0F map
 * 0x100-0x1FF): bit 0 = has a ModR/M byte, bits 1-3 = immediate kind. */
enum { IMM_NONE, IMM_B, IMM_W, IMM_V, IMM_P, IMM_O, IMM_WB };
#define LAYOUT_MODRM 1u
#define LAYOUT_IMM(l) ((unsigned)(l) >> 1)
static uint8_t op_layout[512];

/* One operand token of opcodes.def ("Ev", "Ib", "AL", "DX", "Cd", ...):
 * does it live in the ModR/M byte? */
static bool token_uses_modrm(const char *t, size_t n)
{
    if (n == 0)
        return false;
    if (strchr("EGMSF", t[0]))
        return true;
    /* Cd/Dd/Td (control/debug/test register in reg) and Rd (r32 in rm);
     * not "CL" or "DX" */
    return n >= 2 && strchr("CDTR", t[0]) && t[1] == 'd';
}

static uint8_t layout_of(const char *mn, const char *ops)
{
    bool modrm = !mn[0]; /* group headers: the operation is in ModR/M.reg */
    for (const char *t = ops; *t;) {
        size_t n = strcspn(t, ",");
        modrm |= token_uses_modrm(t, n);
        t += n + (t[n] == ',');
    }
    unsigned imm = IMM_NONE;
    if (strstr(ops, "Iw,Ib")) imm = IMM_WB;
    else if (strstr(ops, "Ib") || strstr(ops, "Jb")) imm = IMM_B;
    else if (strstr(ops, "Iw")) imm = IMM_W;
    else if (strstr(ops, "Iv") || strstr(ops, "Jv")) imm = IMM_V;
    else if (strstr(ops, "Ap")) imm = IMM_P;
    else if (strstr(ops, "Ob") || strstr(ops, "Ov")) imm = IMM_O;
    return (uint8_t)((modrm ? LAYOUT_MODRM : 0) | imm << 1);
}

void cpu_decode_init_tables(void)
{
    static bool done;
    if (done)
        return;
#define OP(code, mn, ops, lvl) op_layout[code] = layout_of(mn, ops);
#define GRP(code, reg, mn, ops, lvl)
#include "cpu/opcodes.def"
#undef OP
#undef GRP
    done = true;
}

bool cpu_opcode_has_modrm(unsigned code)
{
    cpu_decode_init_tables();
    return (op_layout[code & 0x1FF] & LAYOUT_MODRM) != 0;
}

static bool is_prefix(const Cpu *c, unsigned op)
{
    switch (op) {
    case 0x26: case 0x2E: case 0x36: case 0x3E:
    case 0xF0: case 0xF2: case 0xF3:
        return true;
    case 0xF1: /* the 8086 … 286 decode F1 as LOCK; the 386 as ICEBP */
        return c->model < CPU_386;
    case 0x64: case 0x65: case 0x66: case 0x67:
        return c->model >= CPU_386;
    default:
        return false;
    }
}

/* The operand layout opcode `op` has on this model. */
static unsigned layout_for_model(const Cpu *c, unsigned op)
{
    if (c->model < CPU_186) {
        /* 8086/8088 aliases of the opcodes the 186 redefined */
        if ((op & 0xF0) == 0x60)
            return op_layout[op | 0x10];    /* Jcc rel8 */
        if (op == 0xC0 || op == 0xC1 || op == 0xC8 || op == 0xC9)
            return op_layout[op | 0x02];    /* RET / RETF (imm16) */
    }
    /* An opcode the model does not have raises #UD before any operand
     * byte is looked at. */
    if (opcode_min_model[op] > c->model)
        return 0;
    return op_layout[op];
}

/* LOCK is allowed (386 and later) only on these read-modify-write
 * instructions, with a memory destination, and for group opcodes only on
 * these ModR/M.reg values; anything else raises #UD (Intel SDM vol. 2,
 * LOCK; 386 PRM 17.2.1).  Bit n = reg value n allowed. */
static const uint8_t lock_ok_regs[512] = {
    [0x00] = 0xFF, [0x01] = 0xFF, [0x08] = 0xFF, [0x09] = 0xFF, /* ADD OR */
    [0x10] = 0xFF, [0x11] = 0xFF, [0x18] = 0xFF, [0x19] = 0xFF, /* ADC SBB */
    [0x20] = 0xFF, [0x21] = 0xFF, [0x28] = 0xFF, [0x29] = 0xFF, /* AND SUB */
    [0x30] = 0xFF, [0x31] = 0xFF,                               /* XOR */
    [0x80] = 0x7F, [0x81] = 0x7F, [0x82] = 0x7F, [0x83] = 0x7F, /* not CMP */
    [0x86] = 0xFF, [0x87] = 0xFF,                               /* XCHG */
    [0xF6] = 0x0C, [0xF7] = 0x0C,                               /* NOT NEG */
    [0xFE] = 0x03, [0xFF] = 0x03,                               /* INC DEC */
    [0x1AB] = 0xFF, [0x1B3] = 0xFF, [0x1BB] = 0xFF,             /* BTS BTR BTC */
    [0x1BA] = 0xE0,                                             /* BTS/R/C imm */
    [0x1B0] = 0xFF, [0x1B1] = 0xFF,                             /* CMPXCHG */
    [0x1C0] = 0xFF, [0x1C1] = 0xFF,                             /* XADD */
};

static const uint8_t ea16_base[8] = {R_EBX, R_EBX, R_EBP, R_EBP,
                                     EA_NONE, EA_NONE, R_EBP, R_EBX};
static const uint8_t ea16_index[8] = {R_ESI, R_EDI, R_ESI, R_EDI,
                                      R_ESI, R_EDI, EA_NONE, EA_NONE};

/* ModR/M (+ SIB + displacement) → the shape of the effective address. */
static void decode_modrm_bytes(Cpu *c, DecodedInsn *d)
{
    uint8_t m = fetch8(c);
    d->modrm = m;
    d->mod = m >> 6;
    d->reg = (m >> 3) & 7;
    d->rm = m & 7;
    if (d->mod == 3)
        return;
    if (d->op >= 0x120 && d->op <= 0x127) {
        /* MOV to/from CRn/DRn/TRn: the mod field is ignored, the operand
         * is always a register (SDM vol. 2, MOV—Move to/from Control
         * Registers) */
        d->mod = 3;
        return;
    }
    int seg = SEG_DS;
    d->ea_base = d->ea_index = EA_NONE;
    d->ea_scale = 0;
    d->disp = 0;
    if (d->addr32) {
        unsigned base = d->rm;
        if (base == 4) {
            uint8_t sib = fetch8(c);
            unsigned idx = (sib >> 3) & 7;
            base = sib & 7;
            if (idx != 4) {
                d->ea_index = (uint8_t)idx;
                d->ea_scale = sib >> 6;
            }
            if (base == 5 && d->mod == 0) {
                d->disp = fetch32(c);
                base = EA_NONE;
            }
        } else if (base == 5 && d->mod == 0) {
            d->disp = fetch32(c);
            base = EA_NONE;
        }
        if (base == R_ESP || base == R_EBP)
            seg = SEG_SS;
        d->ea_base = (uint8_t)base;
        if (d->mod == 1)
            d->disp = (uint32_t)(int32_t)(int8_t)fetch8(c);
        else if (d->mod == 2)
            d->disp = fetch32(c);
    } else {
        if (d->mod == 0 && d->rm == 6) {
            d->disp = fetch16(c);
        } else {
            d->ea_base = ea16_base[d->rm];
            d->ea_index = ea16_index[d->rm];
            if (d->ea_base == R_EBP)
                seg = SEG_SS;
            if (d->mod == 1)
                d->disp = (uint32_t)(int32_t)(int8_t)fetch8(c);
            else if (d->mod == 2)
                d->disp = fetch16(c);
        }
    }
    d->ea_seg = (uint8_t)(d->seg >= 0 ? d->seg : seg);
}

/* Decode the instruction at CS:EIP into d, leaving EIP after it. */
static void decode_bytes(Cpu *c, DecodedInsn *d)
{
    uint32_t start = c->eip;
    d->op32 = d->addr32 = c->code32;
    d->seg = -1;
    d->rep = 0;
    d->modrm = d->mod = d->reg = d->rm = 0;
    d->nimm = 0;

    unsigned nprefix = 0, op;
    bool lock = false;
    for (;;) {
        op = fetch8(c);
        if (!is_prefix(c, op))
            break;
        switch (op) {
        case 0x26: case 0x2E: case 0x36: case 0x3E:
            d->seg = (int8_t)((op >> 3) & 3);
            break;
        case 0x64: case 0x65:
            d->seg = (int8_t)(SEG_FS + (op - 0x64));
            break;
        case 0x66: d->op32 = !c->code32; break;
        case 0x67: d->addr32 = !c->code32; break;
        case 0xF2: case 0xF3: d->rep = (uint8_t)op; break;
        default: lock = true; break; /* F0 (and F1 before the 386) */
        }
        /* Prefixes alone already make the instruction too long (286: 10
         * bytes, 386: 15): #GP(0) without reading on. */
        if (++nprefix >= c->max_insn_len && c->max_insn_len)
            cpu_exception(c, EXC_GP, c->pe ? 0 : CPU_NO_ERR);
    }
    if (op == 0x0F && c->model >= CPU_286)
        op = 0x100 | fetch8(c);
    /* Two-byte opcodes newer than the model dispatch straight to #UD;
     * one-byte ones keep their number (their handlers model the 8086's
     * aliases and the 186's #UD). */
    d->op = (uint16_t)(op >= 0x100 && opcode_min_model[op] > c->model
                       ? OP_INVALID : op);

    unsigned layout = layout_for_model(c, op);
    if (layout & LAYOUT_MODRM) {
        decode_modrm_bytes(c, d);
        /* group 3: only TEST (/0, and its alias /1) has an immediate */
        if ((op == 0xF6 || op == 0xF7) && d->reg < 2)
            layout |= (op == 0xF6 ? IMM_B : IMM_V) << 1;
    }
    unsigned n = 0;
    switch (LAYOUT_IMM(layout)) {
    case IMM_B: n = 1; break;
    case IMM_W: n = 2; break;
    case IMM_V: n = d->op32 ? 4 : 2; break;
    case IMM_P: n = d->op32 ? 6 : 4; break;
    case IMM_O: n = d->addr32 ? 4 : 2; break;
    case IMM_WB: n = 3; break;
    default: break;
    }
    for (unsigned i = 0; i < n; i++)
        d->imm[i] = fetch8(c);
    d->nimm = (uint8_t)n;

    /* The 8086 and 286 accept LOCK anywhere; there is no bus to lock. */
    if (lock && c->model >= CPU_386 && d->op != OP_INVALID &&
        (d->mod == 3 || !(layout & LAYOUT_MODRM) ||
         !(lock_ok_regs[op] >> d->reg & 1)))
        d->op = OP_INVALID;

    uint32_t len = (c->eip - start) & c->ip_mask;
    if (c->max_insn_len && len > c->max_insn_len)
        cpu_exception(c, EXC_GP, c->pe ? 0 : CPU_NO_ERR);
    d->len = (uint8_t)len;
}

/* First decode from a physical page: route its writes through the slow
 * path (which invalidates), including the writes our own TLB would
 * otherwise make through a host pointer it already holds. */
static void mark_code_page(Cpu *c, uint32_t page)
{
    mem_set_code_page(c->mem, page, true);
    uint32_t base = page << MEM_PAGE_SHIFT;
    for (unsigned i = 0; i < TLB_SIZE; i++)
        if (c->tlb_wr[i].phys == base)
            c->tlb_wr[i].tag = 0;
}

const DecodedInsn *cpu_decode(Cpu *c)
{
    uint32_t start = c->eip;
    DecodedInsn *d = &c->dscratch;
    decode_bytes(c, d);

    /* Cache it when all its bytes came through the fetch window of one
     * page (then the window's page and generation describe them). */
    uint32_t o = start - c->fc_lo;
    if (o >= c->fc_span || o + d->len > c->fc_span)
        return d;
    uint32_t phys = c->fc_phys + o;
    uint32_t page = phys >> MEM_PAGE_SHIFT;
    if (!(c->mem->page_flags[page] & MEM_PAGE_CODE))
        mark_code_page(c, page);
    DecodedInsn *slot = &c->dcache[dc_run_start(page) + (phys & 0xFFF)];
    *slot = *d;
    slot->phys = phys;
    slot->stamp = DC_STAMP(c->mem->code_gen[page], c);
    return slot;
}
