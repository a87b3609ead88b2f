/*
 * tests/tools/difftest.c — differential tester for the 386/486 integer
 * forms with 32-bit operand and address sizes (no hardware vectors exist
 * for them): every case runs on our CPU (-cpu 486, real mode with
 * 66h/67h prefixes) and natively on the host through
 * build/tools/difftest-native (gcc -m32, where the prefixes are the other
 * way round), and the registers, the memory window, the fault (if any)
 * and the *defined* flags of the instruction are compared.
 *
 * Each instruction form runs in up to three places for its r/m operand:
 *   NAME/r    a register,
 *   NAME/m16  memory through 16-bit addressing ([BX+SI]..[BX], disp8/16),
 *   NAME/m32  memory through 32-bit addressing (ModR/M, SIB with scale
 *             1/2/4/8, disp8/disp32, any base+index combination),
 * and the string forms as NAME/a16 and NAME/a32 (SI/DI/CX vs ESI/EDI/ECX).
 * Memory operands go through ES: or FS:, two 64 KiB segments 32 KiB apart
 * on both sides (see difftest_proto.h; string destinations are ES, a
 * source override must be honoured): the address registers are solved so
 * the operand lands in the compared windows, now and then on a segment's
 * last bytes (limit faults), across the 16-bit wrap or across a page
 * boundary of ours.  Faults (#DE, segment-limit #GP) must match too, with
 * the state at the fault (REP strings keep their progress).
 *
 * Operands are random with a bias to edges (0, 1, sign boundaries, all
 * ones; shift counts 0/1/size-1/size/31/32+; bit offsets far outside the
 * operand).  Undefined flags (per the IA-32 SDM, instruction by
 * instruction) and undefined results are not compared.
 *
 * usage: difftest [-n CASES_PER_FORM] [-s SEED] [-v] [-l] [-L] [-f NAME_SUBSTRING]
 *   -v adds each form's category and encodings and prints more failures,
 *   -l only lists the forms, -L adds LOCK prefixes (see lock_some).
 * Last line: "N passed, M failed"; exit 1 on failure, 0 with "SKIP" when
 * the native helper cannot run (non-x86 host); when modify_ldt(2) is
 * refused only the register forms run (a "SKIP:" line says so).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "difftest_proto.h"
#include "mem/memory.h"

enum { F_CF = 1, F_PF = 4, F_AF = 0x10, F_ZF = 0x40, F_SF = 0x80, F_DF = 0x400,
       F_OF = 0x800 };
#define ARITH (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)
#define LOGIC (ARITH & ~F_AF) /* AND/OR/XOR/TEST: AF undefined */

enum { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI };
#define BIT(r) (1u << (r))

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static uint32_t mask_of(unsigned size) { return size == 4 ? 0xFFFFFFFFu : (1u << (size * 8)) - 1; }

/* A value biased to the edges for an operand of `bits` bits. */
static uint32_t edge_val(unsigned bits)
{
    uint32_t m = bits == 32 ? 0xFFFFFFFFu : (1u << bits) - 1;
    uint32_t s = 1u << (bits - 1);
    switch (rnd() % 10) {
    case 0: return 0;
    case 1: return 1;
    case 2: return m;
    case 3: return s;
    case 4: return s - 1;
    case 5: return s + 1;
    case 6: return m - 1;
    default: return rnd() & m;
    }
}

static uint32_t rand_reg(void)
{
    /* full 32-bit register with an edge-biased low part */
    unsigned bits = (unsigned[]){8, 16, 32}[rnd() % 3];
    uint32_t v = edge_val(bits);
    if (bits < 32)
        v |= rnd() & ~((bits == 16 ? 0xFFFFu : 0xFFu));
    return v;
}

/* Where a form's r/m operand lives (string forms: their address size). */
typedef enum { K_REG, K_M16, K_M32, K_COUNT } Kind;
#define KR (1u << K_REG)
#define KM16 (1u << K_M16)
#define KM32 (1u << K_M32)
#define KALL (KR | KM16 | KM32)
static const char *const kind_suffix[K_COUNT] = {"r", "m16", "m32"};
static const char *const string_suffix[K_COUNT] = {"", "a16", "a32"};

typedef struct Case {
    DiffCase c;        /* native encoding + inputs */
    uint8_t ours[16];  /* our encoding (16-bit code, prefixes flipped) */
    unsigned ours_len;
    uint32_t code_addr; /* where ours runs (varies: the code changes under
                           any decoded-instruction cache) */
    uint32_t defined;  /* EFLAGS bits to compare */
    bool skip_reg[8];  /* registers with undefined results */
    unsigned skip_seg; /* memory bytes with an undefined result: */
    uint32_t skip_off; /*   offsets [skip_off, +skip_len) of segment */
    unsigned skip_len; /*   skip_seg (SEG_ES or SEG_FS) */
} Case;

/* ---- register and memory-window helpers ------------------------------ */

/* Register number r of an operand of `size` bytes: AL..BH for bytes. */
static unsigned full_reg(unsigned r, unsigned size) { return size == 1 ? (r & 3) : r; }

static uint32_t get_reg(const Case *k, unsigned r, unsigned size)
{
    if (size == 1)
        return r < 4 ? k->c.regs[r] & 0xFF : (k->c.regs[r - 4] >> 8) & 0xFF;
    return k->c.regs[r] & mask_of(size);
}

static void set_reg(Case *k, unsigned r, unsigned size, uint32_t v)
{
    if (size == 1 && r >= 4)
        k->c.regs[r - 4] = (k->c.regs[r - 4] & ~0xFF00u) | (v & 0xFF) << 8;
    else
        k->c.regs[r] = (k->c.regs[r] & ~mask_of(size)) | (v & mask_of(size));
}

/* The two data segments (both sides): ES and FS, bases 32 KiB apart. */
enum { SEG_ES, SEG_FS };
static uint8_t seg_prefix(unsigned seg) { return seg == SEG_FS ? 0x64 : 0x26; }

/* segment offset -> index into the record's data, false outside the window */
static bool win_index(unsigned seg, uint32_t off, unsigned *idx)
{
    uint32_t i = (off - DIFF_WINDOW_START) & 0xFFFFu;
    if (off > 0xFFFFu || i >= DIFF_WINDOW_SIZE)
        return false;
    *idx = seg * DIFF_WINDOW_SIZE + i;
    return true;
}

static void put_mem(Case *k, unsigned seg, uint32_t off, unsigned size, uint32_t v)
{
    for (unsigned j = 0; j < size; j++) {
        unsigned i;
        if (win_index(seg, off + j, &i))
            k->c.data[i] = (uint8_t)(v >> (8 * j));
    }
}

static uint32_t get_mem(const Case *k, unsigned seg, uint32_t off, unsigned size)
{
    uint32_t v = 0;
    for (unsigned j = 0; j < size; j++) {
        unsigned i;
        if (win_index(seg, off + j, &i))
            v |= (uint32_t)k->c.data[i] << (8 * j);
    }
    return v;
}

/* ---- instruction builder --------------------------------------------- */

typedef struct Insn {
    unsigned opsz;  /* 1 (byte: no 66h either way), 2 or 4 */
    unsigned asz;   /* 16/32 when it addresses memory, else 0 */
    uint8_t rep;    /* 0, F2h or F3h */
    uint8_t seg;    /* 0 or a segment override prefix */
    uint8_t core[13]; /* opcode(s), ModR/M, SIB, displacement, immediate */
    unsigned n;
} Insn;

static void put(Insn *in, uint8_t b) { in->core[in->n++] = b; }
static void put_imm(Insn *in, uint32_t v, unsigned size)
{
    for (unsigned j = 0; j < size; j++)
        put(in, (uint8_t)(v >> (8 * j)));
}

/* -L: a LOCK prefix on half the cases: both CPUs must raise #UD for LOCK
 * on a register destination or a non-lockable instruction and run the
 * lockable memory forms (IA-32 SDM "LOCK"). */
static bool lock_some;

/* Both encodings: the host runs 32-bit code, ours 16-bit code, so the
 * 66h/67h prefixes are present exactly when the other side lacks them. */
static void encode(Case *k, const Insn *in)
{
    uint8_t *nat = k->c.bytes, *our = k->ours;
    unsigned a = 0, b = 0;
    if (lock_some && (rnd() & 1))
        nat[a++] = our[b++] = 0xF0;
    if (in->rep)
        nat[a++] = our[b++] = in->rep;
    if (in->opsz == 2)
        nat[a++] = 0x66;
    if (in->opsz == 4)
        our[b++] = 0x66;
    if (in->asz == 16)
        nat[a++] = 0x67;
    if (in->asz == 32)
        our[b++] = 0x67;
    if (in->seg)
        nat[a++] = our[b++] = in->seg;
    memcpy(nat + a, in->core, in->n);
    memcpy(our + b, in->core, in->n);
    k->c.len = (uint8_t)(a + in->n);
    k->ours_len = b + in->n;
}

/* ---- the r/m operand ---------------------------------------------------- */

typedef struct RmInfo {
    bool mem;
    unsigned reg;  /* register operand: its ModR/M number */
    unsigned seg;  /* memory operand: SEG_ES or SEG_FS */
    uint32_t off;  /*   and the offset accessed */
} RmInfo;

/* Our data segments start 80h past a page boundary, so this offset in
 * the window is a 4 KiB page boundary in our linear (= physical) memory:
 * operands across it take the CPU's page-crossing path. */
#define PAGE_EDGE_OFF 0xFF80u

/* Where a memory operand of `size` bytes is accessed: mostly inside the
 * window, sometimes exactly at the segment's edges (last fitting offset,
 * offset 0, straddling the limit: a #GP on both sides), across a page
 * boundary or, with 32-bit addressing, far beyond the limit. */
static uint32_t pick_access(Kind kind, unsigned size)
{
    switch (rnd() % 32) {
    case 4: return PAGE_EDGE_OFF - size + 1 + rnd() % size; /* crosses if size > 1 */
    case 0: return 0x10000u - size;
    case 1: return 0;
    case 2: return 0x10000u - size + rnd() % size; /* crosses FFFFh if size > 1 */
    case 3: if (kind == K_M32) return rnd() | 0x10000u;
            /* fall through */
    default: return DIFF_WINDOW_OFF(rnd() % (DIFF_WINDOW_SIZE - size + 1));
    }
}

static uint32_t disp_val(unsigned size)
{
    uint32_t v = edge_val(size * 8);
    return size == 1 ? (uint32_t)(int32_t)(int8_t)v
         : size == 2 ? (uint32_t)(int32_t)(int16_t)v : v;
}

/* 16-bit addressing: rm -> base (BX/BP) and index (SI/DI), -1 = none */
static const int8_t m16_base[8] = {R_EBX, R_EBX, R_EBP, R_EBP, -1, -1, R_EBP, R_EBX};
static const int8_t m16_index[8] = {R_ESI, R_EDI, R_ESI, R_EDI, R_ESI, R_EDI, -1, -1};

/* ModR/M for a 16-bit-addressed operand at offset ea: the displacement
 * and all but one address register are random, the remaining one is
 * solved (mod 64 KiB; its upper half stays random — it must not count). */
static void build_m16(Case *k, Insn *in, unsigned reg_field, uint32_t ea, unsigned avoid)
{
    for (;;) {
        unsigned mod = rnd() % 3, rm = rnd() & 7;
        if (mod == 0 && rm == 6) { /* [disp16] */
            put(in, (uint8_t)(rm | reg_field << 3));
            put_imm(in, ea, 2);
            return;
        }
        int base = m16_base[rm], index = m16_index[rm];
        int cand[2], nc = 0;
        if (base >= 0 && !(avoid & BIT(base)))
            cand[nc++] = base;
        if (index >= 0 && !(avoid & BIT(index)))
            cand[nc++] = index;
        if (nc == 0)
            continue;
        int solved = cand[rnd() % nc], other = solved == base ? index : base;
        unsigned dsize = mod == 1 ? 1 : mod == 2 ? 2 : 0;
        uint32_t disp = dsize ? disp_val(dsize) : 0;
        uint32_t rest = disp + (other >= 0 ? k->c.regs[other] : 0);
        k->c.regs[solved] = (k->c.regs[solved] & 0xFFFF0000u) | ((ea - rest) & 0xFFFF);
        put(in, (uint8_t)(mod << 6 | reg_field << 3 | rm));
        put_imm(in, disp, dsize);
        return;
    }
}

/* ModR/M (+SIB) for a 32-bit-addressed operand at offset ea: a random
 * base/index/scale/displacement shape; one of base, index (scale 1) or
 * disp32 is solved, everything else keeps its random value, so sums wrap
 * mod 2^32 freely.  ESP is never a base: natively it is the live stack. */
static void build_m32(Case *k, Insn *in, unsigned reg_field, uint32_t ea, unsigned avoid)
{
    for (;;) {
        unsigned mod = rnd() % 3, rm = rnd() & 7, scale = 0;
        int base, index = -1;
        bool disp32 = mod == 2;
        if (rm == 4) { /* SIB */
            unsigned ix = rnd() & 7, bs = rnd() & 7;
            scale = rnd() & 3;
            if (bs == R_ESP)
                continue;
            index = ix == 4 ? -1 : (int)ix;
            base = bs;
            if (bs == 5 && mod == 0) { /* no base, disp32 */
                base = -1;
                disp32 = true;
            }
        } else if (rm == 5 && mod == 0) { /* [disp32] */
            base = -1;
            disp32 = true;
        } else {
            base = rm;
        }
        /* 0 = base, 1 = index, 2 = disp32 */
        unsigned cand[3], nc = 0;
        if (base >= 0 && base != index && !(avoid & BIT(base)))
            cand[nc++] = 0;
        if (index >= 0 && scale == 0 && base != index && !(avoid & BIT(index)))
            cand[nc++] = 1;
        if (disp32)
            cand[nc++] = 2;
        if (nc == 0)
            continue;
        unsigned solved = cand[rnd() % nc];
        uint32_t disp = mod == 1 ? disp_val(1) : disp32 ? disp_val(4) : 0;
        uint32_t rest = 0;
        if (base >= 0 && solved != 0)
            rest += k->c.regs[base];
        if (index >= 0 && solved != 1)
            rest += k->c.regs[index] << scale;
        if (solved != 2)
            rest += disp;
        if (solved == 0)
            k->c.regs[base] = ea - rest;
        else if (solved == 1)
            k->c.regs[index] = ea - rest;
        else
            disp = ea - rest;
        put(in, (uint8_t)(mod << 6 | reg_field << 3 | rm));
        if (rm == 4)
            put(in, (uint8_t)(scale << 6 | (index < 0 ? 4 : index) << 3 | (base < 0 ? 5 : base)));
        put_imm(in, disp, mod == 1 ? 1 : disp32 ? 4 : 0);
        return;
    }
}

/* Append the ModR/M (+SIB, displacement) for an r/m operand of `size`
 * bytes of the given kind.  `avoid`: registers whose values are pinned
 * (counts, the accumulator...) — never the register operand, never
 * solved for an address.  Memory is accessed at EA + bias (the BT family's
 * bit-offset displacement); its value there is edge-biased.  Register
 * values must all be set before this call; only memory may change after. */
static RmInfo put_rm(Case *k, Insn *in, Kind kind, unsigned reg_field, unsigned size,
                     unsigned avoid, uint32_t bias)
{
    RmInfo ri = {0};
    avoid |= BIT(R_ESP);
    if (kind == K_REG) {
        unsigned r;
        do r = rnd() & 7; while (avoid & BIT(full_reg(r, size)));
        ri.reg = r;
        put(in, (uint8_t)(0xC0 | reg_field << 3 | r));
        return ri;
    }
    ri.mem = true;
    ri.off = pick_access(kind, size);
    ri.seg = rnd() & 1;
    in->seg = seg_prefix(ri.seg);
    if (kind == K_M16) {
        in->asz = 16;
        build_m16(k, in, reg_field, (ri.off - bias) & 0xFFFF, avoid);
    } else {
        in->asz = 32;
        build_m32(k, in, reg_field, ri.off - bias, avoid);
    }
    put_mem(k, ri.seg, ri.off, size, edge_val(size * 8));
    return ri;
}

/* ---- forms ---------------------------------------------------------- */

/* Generate one case: variant selects the instruction within the
 * generator, kind where the r/m operand lives (or the string address
 * size), sz the operand size in bytes (1 = the byte opcode). */
typedef void (*GenFn)(Case *k, unsigned variant, Kind kind, unsigned sz);
typedef struct Form {
    const char *name;
    const char *category;
    GenFn gen;
    unsigned variant;
    unsigned kinds;     /* KR/KM16/KM32 */
    unsigned sizes;     /* O8/O16/O32: operand sizes, one form each */
    bool string;        /* kinds are address sizes of SI/DI */
    const char *desc;
} Form;

#define O8 1u   /* byte opcode */
#define O16 2u  /* 16-bit operand size */
#define O32 4u  /* 32-bit operand size */
#define OALL (O8 | O16 | O32)
#define OWD (O16 | O32)
static const char *const size_suffix[5] = {"", "o8", "o16", "", "o32"};

static unsigned pick_size_wd(void) { return (rnd() & 1) ? 2 : 4; }
static unsigned w_bit(unsigned size) { return size == 1 ? 0 : 1; }

/* a register for a reg-field operand of `size` bytes: not ESP, not in avoid */
static unsigned pick_reg(unsigned size, unsigned avoid)
{
    unsigned r;
    avoid |= BIT(R_ESP);
    do r = rnd() & 7; while (avoid & BIT(full_reg(r, size)));
    return r;
}

/* ADD..CMP (variant = /op): r/m,reg; reg,r/m; r/m,imm (80/81/82/83);
 * AL/eAX,imm in register form. */
static void gen_alu(Case *k, unsigned op, Kind kind, unsigned sz)
{
    Insn in = {.opsz = sz};
    unsigned enc = rnd() % (kind == K_REG ? 4 : 3);
    k->defined = (op == 1 || op == 4 || op == 6) ? LOGIC : ARITH;
    if (enc == 3) { /* 04/05: accumulator, immediate */
        put(&in, (uint8_t)(op * 8 + 4 + w_bit(sz)));
        put_imm(&in, edge_val(sz * 8), sz);
    } else if (enc == 2) { /* 80/81/83 (82 = 80 in 32-bit mode) */
        uint8_t opc = sz == 1 ? ((rnd() % 8) ? 0x80 : 0x82) : (rnd() & 1) ? 0x83 : 0x81;
        put(&in, opc);
        put_rm(k, &in, kind, op, sz, 0, 0);
        if (opc == 0x81)
            put_imm(&in, edge_val(sz * 8), sz);
        else
            put_imm(&in, edge_val(8), 1);
    } else { /* 00+op*8: r/m,reg;  02+op*8: reg,r/m */
        put(&in, (uint8_t)(op * 8 + enc * 2 + w_bit(sz)));
        put_rm(k, &in, kind, pick_reg(sz, 0), sz, 0, 0);
    }
    encode(k, &in);
}

/* TEST: 84/85 r/m,reg; F6/F7 /0 r/m,imm; A8/A9 accumulator,imm */
static void gen_test(Case *k, unsigned v, Kind kind, unsigned sz)
{
    Insn in = {.opsz = sz};
    unsigned enc = rnd() % (kind == K_REG ? 3 : 2);
    k->defined = LOGIC;
    if (enc == 2) {
        put(&in, (uint8_t)(0xA8 + w_bit(sz)));
        put_imm(&in, edge_val(sz * 8), sz);
    } else if (enc == 1) {
        put(&in, (uint8_t)(0xF6 + w_bit(sz)));
        put_rm(k, &in, kind, 0, sz, 0, 0);
        put_imm(&in, edge_val(sz * 8), sz);
    } else {
        put(&in, (uint8_t)(0x84 + w_bit(sz)));
        put_rm(k, &in, kind, pick_reg(sz, 0), sz, 0, 0);
    }
    encode(k, &in);
}

/* INC/DEC (FE/FF /0 /1, and 40+r/48+r in register form), NOT/NEG (F6/F7 /2 /3) */
static void gen_unary(Case *k, unsigned v, Kind kind, unsigned sz)
{
    static const uint8_t opc[4][2] = {{0xFE, 0}, {0xFE, 1}, {0xF6, 2}, {0xF6, 3}};
    Insn in = {.opsz = sz};
    k->defined = ARITH; /* INC/DEC keep CF, NOT keeps all: compare them */
    if (kind == K_REG && v < 2 && sz > 1 && (rnd() & 1)) {
        put(&in, (uint8_t)(0x40 + 8 * v + pick_reg(sz, 0)));
    } else {
        put(&in, (uint8_t)(opc[v][0] | w_bit(sz)));
        put_rm(k, &in, kind, opc[v][1], sz, 0, 0);
    }
    encode(k, &in);
}

static unsigned pick_count(unsigned bits)
{
    switch (rnd() % 8) {
    case 0: return 0;
    case 1: return 1;
    case 2: return bits - 1;
    case 3: return bits;
    case 4: return 31;
    case 5: return 32 + (rnd() % 8);
    default: return rnd() & 0xFF;
    }
}

/* Rotates and shifts (variant = /grp; /6 is the SHL alias): by 1 (D0/D1),
 * by CL (D2/D3), by imm8 (C0/C1).  The count is masked to 5 bits; a zero
 * masked count changes no flag.  IA-32 SDM "SAL/SAR/SHL/SHR" and
 * "RCL/RCR/ROL/ROR": OF only for count 1, AF undefined for shifts, CF
 * undefined for SHL/SHR/SAR counts >= the operand size. */
static void gen_shift(Case *k, unsigned grp, Kind kind, unsigned sz)
{
    Insn in = {.opsz = sz};
    unsigned bits = sz * 8, form = rnd() % 3, count;
    if (form == 0) { /* by 1 */
        put(&in, (uint8_t)(0xD0 | w_bit(sz)));
        count = 1;
        put_rm(k, &in, kind, grp, sz, 0, 0);
    } else if (form == 1) { /* by CL */
        count = pick_count(bits);
        k->c.regs[R_ECX] = (k->c.regs[R_ECX] & ~0xFFu) | count;
        put(&in, (uint8_t)(0xD2 | w_bit(sz)));
        put_rm(k, &in, kind, grp, sz, BIT(R_ECX), 0);
    } else {
        count = pick_count(bits);
        put(&in, (uint8_t)(0xC0 | w_bit(sz)));
        put_rm(k, &in, kind, grp, sz, 0, 0);
        put(&in, (uint8_t)count);
    }
    encode(k, &in);
    unsigned c = count & 31;
    if (c == 0) {
        k->defined = ARITH; /* unchanged */
        return;
    }
    if (grp <= 3) { /* rotates: CF (and OF for 1) only */
        k->defined = ARITH & ~F_OF;
        if (c == 1)
            k->defined |= F_OF;
        return;
    }
    k->defined = F_SF | F_ZF | F_PF;
    if (c < bits)
        k->defined |= F_CF;
    if (c == 1)
        k->defined |= F_OF;
}

/* A bit offset for BT r/m,reg: in range, or far outside the operand —
 * with a memory operand that addresses other memory (SDM "BT": EA +
 * (offset SAR 4)*2 resp. (offset SAR 5)*4, offset signed). */
static uint32_t pick_bit_offset(unsigned size)
{
    unsigned bits = size * 8;
    switch (rnd() % 10) {
    case 0: return rnd() % bits;
    case 1: return bits + rnd() % bits;
    case 2: return (uint32_t)-1 - rnd() % bits;
    case 3: return edge_val(bits);
    case 4: case 5: return (uint32_t)(int32_t)((int)(rnd() % 16000) - 8000);
    default: return rnd();
    }
}

/* BT/BTS/BTR/BTC r/m,reg (0F A3/AB/B3/BB) and r/m,imm8 (0F BA /4../7).
 * SDM: CF = the bit; ZF unaffected; OF SF AF PF undefined. */
static void gen_bt(Case *k, unsigned v, Kind kind, unsigned sz)
{
    Insn in = {.opsz = sz};
    k->defined = F_CF | F_ZF;
    put(&in, 0x0F);
    if (v < 4) {
        static const uint8_t opc[4] = {0xA3, 0xAB, 0xB3, 0xBB};
        unsigned r = pick_reg(sz, 0);
        uint32_t bo = pick_bit_offset(sz), bias = 0;
        set_reg(k, r, sz, bo);
        if (kind != K_REG) { /* the register offset reaches outside the operand */
            if (sz == 2)
                bias = (uint32_t)(((int32_t)(int16_t)bo >> 4) * 2);
            else
                bias = (uint32_t)(((int32_t)bo >> 5) * 4);
        }
        put(&in, opc[v]);
        put_rm(k, &in, kind, r, sz, BIT(r), bias);
    } else {
        put(&in, 0xBA);
        put_rm(k, &in, kind, v, sz, 0, 0);
        put(&in, (uint8_t)pick_bit_offset(1 + (rnd() & 3)));
    }
    encode(k, &in);
}

/* BSF/BSR (0F BC/BD) reg,r/m: ZF defined; the destination is undefined
 * for a zero source (Intel: undefined, AMD: unchanged). */
static void gen_bsf(Case *k, unsigned v, Kind kind, unsigned sz)
{
    Insn in = {.opsz = sz};
    unsigned d = pick_reg(sz, 0);
    put(&in, 0x0F);
    put(&in, (uint8_t)(0xBC + v));
    RmInfo ri = put_rm(k, &in, kind, d, sz, 0, 0);
    uint32_t src;
    if (rnd() % 4 == 0) { /* also zero and single-bit sources */
        src = (rnd() & 1) ? 1u << (rnd() % (sz * 8)) : 0;
        if (ri.mem)
            put_mem(k, ri.seg, ri.off, sz, src);
        else
            set_reg(k, ri.reg, sz, src);
    }
    src = ri.mem ? get_mem(k, ri.seg, ri.off, sz) : get_reg(k, ri.reg, sz);
    encode(k, &in);
    k->defined = F_ZF;
    if (src == 0)
        k->skip_reg[d] = true;
}

/* SHLD/SHRD r/m,reg,imm8 (0F A4/AC) and r/m,reg,CL (0F A5/AD).  SDM:
 * count masked to 5 bits; 0 changes nothing; a count above the operand
 * size (16-bit forms) leaves result and flags undefined; OF only for 1. */
static void gen_shxd(Case *k, unsigned v, Kind kind, unsigned sz)
{
    Insn in = {.opsz = sz};
    unsigned bits = sz * 8, count = pick_count(bits);
    bool cl = v & 1;
    unsigned avoid = cl ? BIT(R_ECX) : 0;
    unsigned s = pick_reg(sz, avoid);
    if (cl)
        k->c.regs[R_ECX] = (k->c.regs[R_ECX] & ~0xFFu) | count;
    put(&in, 0x0F);
    put(&in, (uint8_t)((v & 2 ? 0xAC : 0xA4) + cl));
    RmInfo ri = put_rm(k, &in, kind, s, sz, avoid, 0);
    if (!cl)
        put(&in, (uint8_t)count);
    encode(k, &in);
    unsigned c = count & 31;
    if (c == 0) {
        k->defined = ARITH;
        return;
    }
    if (c > bits) {
        k->defined = 0;
        if (ri.mem) {
            k->skip_seg = ri.seg;
            k->skip_off = ri.off;
            k->skip_len = sz;
        } else {
            k->skip_reg[ri.reg] = true;
        }
        return;
    }
    k->defined = F_SF | F_ZF | F_PF | F_CF | (c == 1 ? F_OF : 0);
}

/* MUL/IMUL r/m (F6/F7 /4 /5): CF and OF defined. */
static void gen_mul(Case *k, unsigned v, Kind kind, unsigned sz)
{
    Insn in = {.opsz = sz};
    put(&in, (uint8_t)(0xF6 | w_bit(sz)));
    put_rm(k, &in, kind, 4 + v, sz, 0, 0);
    encode(k, &in);
    k->defined = F_CF | F_OF;
}

/* DIV/IDIV r/m (F6/F7 /6 /7): no flag defined; #DE (divisor 0, quotient
 * overflow) must happen on both sides with the registers untouched. */
static void gen_div(Case *k, unsigned v, Kind kind, unsigned sz)
{
    Insn in = {.opsz = sz};
    /* shrink the dividend sometimes so more divisions succeed */
    if (rnd() & 1) {
        if (sz == 1)
            k->c.regs[R_EAX] &= ~0xFF00u | (rnd() & 0x0F00);
        else if (sz == 2)
            k->c.regs[R_EDX] &= 0xFFFF0000u | (rnd() & 0x000F);
        else
            k->c.regs[R_EDX] = rnd() & 0xF;
    }
    put(&in, (uint8_t)(0xF6 | w_bit(sz)));
    put_rm(k, &in, kind, 6 + v, sz, 0, 0);
    encode(k, &in);
    k->defined = 0;
}

/* IMUL reg,r/m (0F AF), reg,r/m,imm8 (6B), reg,r/m,imm16/32 (69) */
static void gen_imul(Case *k, unsigned v, Kind kind, unsigned sz)
{
    Insn in = {.opsz = sz};
    unsigned d = pick_reg(sz, 0);
    if (v == 0) {
        put(&in, 0x0F);
        put(&in, 0xAF);
        put_rm(k, &in, kind, d, sz, 0, 0);
    } else if (v == 1) {
        put(&in, 0x6B);
        put_rm(k, &in, kind, d, sz, 0, 0);
        put_imm(&in, edge_val(8), 1);
    } else {
        put(&in, 0x69);
        put_rm(k, &in, kind, d, sz, 0, 0);
        put_imm(&in, edge_val(sz * 8), sz);
    }
    encode(k, &in);
    k->defined = F_CF | F_OF;
}

/* MOVZX (0F B6/B7) / MOVSX (0F BE/BF) reg,r/m8|r/m16 */
static void gen_movx(Case *k, unsigned v, Kind kind, unsigned sz)
{
    Insn in = {.opsz = sz};
    unsigned src = (rnd() & 1) ? 2 : 1;
    put(&in, 0x0F);
    put(&in, (uint8_t)(0xB6 + (src == 2) + 8 * v));
    put_rm(k, &in, kind, pick_reg(sz, 0), src, 0, 0);
    encode(k, &in);
    k->defined = ARITH; /* unchanged */
}

/* XADD (0F C0/C1) and XCHG (86/87) r/m,reg */
static void gen_xadd_xchg(Case *k, unsigned v, Kind kind, unsigned sz)
{
    Insn in = {.opsz = sz};
    if (v == 0) {
        put(&in, 0x0F);
        put(&in, (uint8_t)(0xC0 + w_bit(sz)));
    } else {
        put(&in, (uint8_t)(0x86 + w_bit(sz)));
    }
    put_rm(k, &in, kind, pick_reg(sz, 0), sz, 0, 0);
    encode(k, &in);
    k->defined = ARITH; /* XADD: as ADD; XCHG: unchanged */
}

/* CMPXCHG r/m,reg (0F B0/B1): accumulator equal to r/m half the time. */
static void gen_cmpxchg(Case *k, unsigned v, Kind kind, unsigned sz)
{
    Insn in = {.opsz = sz};
    put(&in, 0x0F);
    put(&in, (uint8_t)(0xB0 + w_bit(sz)));
    RmInfo ri = put_rm(k, &in, kind, pick_reg(sz, 0), sz, 0, 0);
    if (rnd() & 1) {
        if (ri.mem)
            put_mem(k, ri.seg, ri.off, sz, get_reg(k, R_EAX, sz));
        else
            set_reg(k, R_EAX, sz, get_reg(k, ri.reg, sz));
    }
    encode(k, &in);
    k->defined = ARITH;
}

/* SETcc r/m8 (0F 90..9F) */
static void gen_setcc(Case *k, unsigned v, Kind kind, unsigned sz)
{
    Insn in = {.opsz = 1};
    put(&in, 0x0F);
    put(&in, (uint8_t)(0x90 + (rnd() & 15)));
    put_rm(k, &in, kind, rnd() & 7, 1, 0, 0); /* reg field ignored */
    encode(k, &in);
    k->defined = ARITH;
}

/* DAA DAS AAA AAS AAM AAD (register only).  SDM: DAA/DAS define CF AF SF
 * ZF PF; AAA/AAS CF AF; AAM/AAD SF ZF PF.  AAM 0 raises #DE. */
static void gen_bcd(Case *k, unsigned v, Kind kind, unsigned sz)
{
    static const uint8_t opc[6] = {0x27, 0x2F, 0x37, 0x3F, 0xD4, 0xD5};
    Insn in = {.opsz = pick_size_wd()}; /* 66h must change nothing */
    put(&in, opc[v]);
    if (v >= 4)
        put(&in, (uint8_t)(rnd() % 4 ? 10 : edge_val(8)));
    encode(k, &in);
    if (v < 2)
        k->defined = F_CF | F_AF | F_SF | F_ZF | F_PF;
    else if (v < 4)
        k->defined = F_CF | F_AF;
    else
        k->defined = F_SF | F_ZF | F_PF;
}

/* CBW/CWDE (98), CWD/CDQ (99), BSWAP r32 (0F C8+r; 16-bit is undefined) */
static void gen_conv(Case *k, unsigned v, Kind kind, unsigned sz)
{
    Insn in = {.opsz = sz};
    if (v < 2) {
        put(&in, (uint8_t)(0x98 + v));
    } else {
        in.opsz = 4;
        put(&in, 0x0F);
        put(&in, (uint8_t)(0xC8 + pick_reg(4, 0)));
    }
    encode(k, &in);
    k->defined = ARITH;
}

/* A string pointer for `iters` elements of `size` bytes: all accesses
 * inside the window, or (one case in four) next to the top of the
 * segment so that a16 wraps FFFFh<->0 and a32 runs into the limit (#GP
 * with the progress so far kept on both sides), or (one in eight) across
 * our page boundary. */
static uint32_t pick_string_ptr(bool a16, unsigned iters, unsigned size)
{
    unsigned span = iters * size + size;
    unsigned edge = rnd() % 8;
    if (edge < 2)
        return (0x10000u + rnd() % (2 * span + 1) - span) & 0xFFFF;
    if (edge == 2)
        return PAGE_EDGE_OFF + rnd() % (2 * span + 1) - span;
    if (a16) /* the window is contiguous mod 64 KiB */
        return DIFF_WINDOW_OFF(span + rnd() % (DIFF_WINDOW_SIZE - 2 * span));
    unsigned half = DIFF_WINDOW_SIZE / 2; /* a32: [FE00h, FFFFh] or [0, 1FFh] */
    uint32_t p = span + rnd() % (half - 2 * span);
    return (rnd() & 1) ? p : DIFF_WINDOW_START + p;
}

/* MOVS CMPS STOS LODS SCAS, byte/word/dword, without or with REP
 * (F3 and F2: REPE/REPNE for CMPS/SCAS), both directions.  Sources take an FS:/ES:
 * override (the helper's DS is flat), destinations are always ES. */
static void gen_string(Case *k, unsigned v, Kind kind, unsigned sz)
{
    static const uint8_t opc[5] = {0xA4, 0xA6, 0xAA, 0xAC, 0xAE};
    bool a16 = kind == K_M16, cmp = v == 1 || v == 4;
    Insn in = {.opsz = sz, .asz = a16 ? 16 : 32};
    switch (rnd() % 3) {
    case 1: in.rep = 0xF3; break;
    case 2: in.rep = 0xF2; break; /* REPNE; a plain REP for MOVS/STOS/LODS */
    default: break;
    }
    in.seg = seg_prefix(rnd() & 1); /* the source's; ignored by STOS/SCAS */
    put(&in, (uint8_t)(opc[v] | w_bit(sz)));
    encode(k, &in);
    unsigned n = (unsigned[]){0, 1, 2, 33}[rnd() % 4];
    if (n > 2)
        n = rnd() % 40;
    unsigned iters = in.rep ? n : 1;
    if (rnd() & 1)
        k->c.eflags |= F_DF;
    uint32_t si = pick_string_ptr(a16, iters, sz), di = pick_string_ptr(a16, iters, sz);
    if (a16) { /* the upper halves must survive */
        set_reg(k, R_ESI, 2, si);
        set_reg(k, R_EDI, 2, di);
        set_reg(k, R_ECX, 2, n);
    } else {
        k->c.regs[R_ESI] = si;
        k->c.regs[R_EDI] = di;
        k->c.regs[R_ECX] = n;
    }
    if (cmp) { /* make equal runs likely */
        uint8_t fill = (uint8_t)rnd();
        for (unsigned i = 0; i < DIFF_DATA_SIZE; i++)
            if (rnd() % 8)
                k->c.data[i] = fill;
        k->c.regs[R_EAX] = fill * 0x01010101u;
    }
    k->defined = ARITH;
}

#define RM(n, cat, g, v, sizes, d) {n, cat, g, v, KALL, sizes, false, d}
#define REG(n, cat, g, v, sizes, d) {n, cat, g, v, KR, sizes, false, d}
#define ALU(n, op) RM(n, "alu", gen_alu, op, OALL, \
    "r/m,reg (00+op) | reg,r/m (02+op) | r/m,imm (80/81/82/83) | acc,imm")
#define SHIFT(n, g) RM(n, "shift/rotate", gen_shift, g, OALL, \
    "r/m by 1 (D0/D1), by CL (D2/D3), by imm8 (C0/C1)")
#define BTR(n, v, opc) RM(n, "bit", gen_bt, v, OWD, opc " r/m,reg (memory: offset beyond the operand)")
#define STRING(n, v, d) {n, "string", gen_string, v, KM16 | KM32, OALL, true, d}

static const Form forms[] = {
    ALU("add", 0), ALU("or", 1), ALU("adc", 2), ALU("sbb", 3),
    ALU("and", 4), ALU("sub", 5), ALU("xor", 6), ALU("cmp", 7),
    RM("test", "alu", gen_test, 0, OALL, "r/m,reg (84/85) | r/m,imm (F6/F7 /0) | acc,imm (A8/A9)"),
    RM("inc", "alu", gen_unary, 0, OALL, "FE/FF /0 | 40+r"),
    RM("dec", "alu", gen_unary, 1, OALL, "FE/FF /1 | 48+r"),
    RM("not", "alu", gen_unary, 2, OALL, "F6/F7 /2"),
    RM("neg", "alu", gen_unary, 3, OALL, "F6/F7 /3"),
    RM("xadd", "alu", gen_xadd_xchg, 0, OALL, "0F C0/C1 r/m,reg"),
    RM("cmpxchg", "alu", gen_cmpxchg, 0, OALL, "0F B0/B1 r/m,reg"),
    SHIFT("rol", 0), SHIFT("ror", 1), SHIFT("rcl", 2), SHIFT("rcr", 3),
    SHIFT("shl", 4), SHIFT("shr", 5), SHIFT("sal6", 6), SHIFT("sar", 7),
    RM("shld-imm", "shift/rotate", gen_shxd, 0, OWD, "0F A4 r/m,reg,imm8"),
    RM("shld-cl", "shift/rotate", gen_shxd, 1, OWD, "0F A5 r/m,reg,CL"),
    RM("shrd-imm", "shift/rotate", gen_shxd, 2, OWD, "0F AC r/m,reg,imm8"),
    RM("shrd-cl", "shift/rotate", gen_shxd, 3, OWD, "0F AD r/m,reg,CL"),
    BTR("bt", 0, "0F A3"), BTR("bts", 1, "0F AB"), BTR("btr", 2, "0F B3"), BTR("btc", 3, "0F BB"),
    RM("bt-imm", "bit", gen_bt, 4, OWD, "0F BA /4 r/m,imm8"),
    RM("bts-imm", "bit", gen_bt, 5, OWD, "0F BA /5 r/m,imm8"),
    RM("btr-imm", "bit", gen_bt, 6, OWD, "0F BA /6 r/m,imm8"),
    RM("btc-imm", "bit", gen_bt, 7, OWD, "0F BA /7 r/m,imm8"),
    RM("bsf", "bit", gen_bsf, 0, OWD, "0F BC reg,r/m"),
    RM("bsr", "bit", gen_bsf, 1, OWD, "0F BD reg,r/m"),
    RM("setcc", "bit", gen_setcc, 0, O8, "0F 90..9F r/m8"),
    RM("mul", "muldiv", gen_mul, 0, OALL, "F6/F7 /4"),
    RM("imul1", "muldiv", gen_mul, 1, OALL, "F6/F7 /5"),
    RM("imul-rm", "muldiv", gen_imul, 0, OWD, "0F AF reg,r/m"),
    RM("imul-ib", "muldiv", gen_imul, 1, OWD, "6B reg,r/m,imm8"),
    RM("imul-iv", "muldiv", gen_imul, 2, OWD, "69 reg,r/m,imm16/32"),
    RM("div", "muldiv", gen_div, 0, OALL, "F6/F7 /6 (with #DE)"),
    RM("idiv", "muldiv", gen_div, 1, OALL, "F6/F7 /7 (with #DE)"),
    RM("movzx", "move", gen_movx, 0, OWD, "0F B6/B7 reg,r/m8|r/m16"),
    RM("movsx", "move", gen_movx, 1, OWD, "0F BE/BF reg,r/m8|r/m16"),
    RM("xchg", "move", gen_xadd_xchg, 1, OALL, "86/87 r/m,reg"),
    REG("cbw", "move", gen_conv, 0, OWD, "98 CBW/CWDE"),
    REG("cwd", "move", gen_conv, 1, OWD, "99 CWD/CDQ"),
    REG("bswap", "move", gen_conv, 2, O32, "0F C8+r"),
    REG("daa", "bcd", gen_bcd, 0, O8, "27 (random 66h: no effect)"),
    REG("das", "bcd", gen_bcd, 1, O8, "2F (random 66h: no effect)"),
    REG("aaa", "bcd", gen_bcd, 2, O8, "37 (random 66h: no effect)"),
    REG("aas", "bcd", gen_bcd, 3, O8, "3F (random 66h: no effect)"),
    REG("aam", "bcd", gen_bcd, 4, O8, "D4 ib (with #DE; random 66h)"),
    REG("aad", "bcd", gen_bcd, 5, O8, "D5 ib (random 66h: no effect)"),
    STRING("movs", 0, "A4/A5, REP (F3/F2)"), STRING("cmps", 1, "A6/A7, REPE/REPNE"),
    STRING("stos", 2, "AA/AB, REP (F3/F2)"), STRING("lods", 3, "AC/AD, REP (F3/F2)"),
    STRING("scas", 4, "AE/AF, REPE/REPNE"),
};

/* ---- our side ------------------------------------------------------- */

#define CODE_AREA 0x1FF0u    /* the instruction starts within 16 bytes of
                                 a page boundary (page-crossing fetches) */
#define ES_SEG 0x2008u         /* the data segments at linear 20080h, */
#define FS_SEG (ES_SEG + (DIFF_FS_DELTA >> 4)) /* 28080h (see PAGE_EDGE_OFF) */
#define DS_SEG 0x5000u         /* DS/GS: elsewhere, so using them shows */
#define VEC_HANDLERS 0x3000u   /* vector v -> HLT at 0:(3000h + v) */
#define RUN_BUDGET 1000000u

static PhysMem *mem;
static Cpu *cpu;

static void setup_ours(void)
{
    for (unsigned v = 0; v < 32; v++) {
        mem_write16(mem, v * 4, (uint16_t)(VEC_HANDLERS + v));
        mem_write16(mem, v * 4 + 2, 0);
        mem_write8(mem, VEC_HANDLERS + v, 0xF4); /* HLT */
    }
}

/* Copy the record's windows into (in) or out of (r) our memory. */
static void window_io(DiffResult *r, const uint8_t *in)
{
    unsigned half = DIFF_WINDOW_SIZE / 2; /* FE00h..FFFFh, then 0..1FFh */
    for (unsigned s = 0; s < 2; s++) {
        uint32_t base = (s == SEG_FS ? FS_SEG : ES_SEG) << 4;
        unsigned i = s * DIFF_WINDOW_SIZE;
        if (in) {
            mem_write_block(mem, base + DIFF_WINDOW_START, in + i, half);
            mem_write_block(mem, base, in + i + half, DIFF_WINDOW_SIZE - half);
        } else {
            mem_read_block(mem, base + DIFF_WINDOW_START, r->data + i, half);
            mem_read_block(mem, base, r->data + i + half, DIFF_WINDOW_SIZE - half);
        }
    }
}

/* Run one case on our CPU: the instruction followed by HLT; every
 * exception vector points at its own HLT, so where we stop says how the
 * instruction ended. */
static void run_ours(const Case *k, DiffResult *r)
{
    cpu_reset(cpu);
    for (unsigned i = 0; i < k->ours_len; i++)
        mem_write8(mem, k->code_addr + i, k->ours[i]);
    mem_write8(mem, k->code_addr + k->ours_len, 0xF4);
    window_io(NULL, k->c.data);
    cpu_set_reg(cpu, CPU_REG_CS, 0);
    cpu_set_reg(cpu, CPU_REG_EIP, k->code_addr);
    cpu_set_reg(cpu, CPU_REG_SS, 0);
    cpu_set_reg(cpu, CPU_REG_DS, DS_SEG);
    cpu_set_reg(cpu, CPU_REG_ES, ES_SEG);
    cpu_set_reg(cpu, CPU_REG_FS, FS_SEG);
    cpu_set_reg(cpu, CPU_REG_GS, DS_SEG);
    for (unsigned i = 0; i < 8; i++)
        cpu_set_reg(cpu, (CpuReg)(CPU_REG_EAX + i), k->c.regs[i]);
    cpu_set_reg(cpu, CPU_REG_ESP, 0x8000);
    cpu_set_reg(cpu, CPU_REG_EFLAGS, k->c.eflags | 2);
    cpu_run(cpu, RUN_BUDGET);
    uint32_t eip = cpu_get_reg(cpu, CPU_REG_EIP);
    if (eip == k->code_addr + k->ours_len + 1 && cpu_is_halted(cpu))
        r->fault = DIFF_FAULT_NONE;
    else if (eip == VEC_HANDLERS + 0 + 1)
        r->fault = DIFF_FAULT_DE;
    else if (eip == VEC_HANDLERS + 12 + 1 || eip == VEC_HANDLERS + 13 + 1)
        r->fault = DIFF_FAULT_SEG;
    else if (eip == VEC_HANDLERS + 6 + 1)
        r->fault = DIFF_FAULT_UD;
    else
        r->fault = DIFF_FAULT_OTHER; /* another vector, or still running */
    for (unsigned i = 0; i < 8; i++)
        r->regs[i] = cpu_get_reg(cpu, (CpuReg)(CPU_REG_EAX + i));
    r->regs[R_ESP] = k->c.regs[R_ESP];
    r->eflags = cpu_get_reg(cpu, CPU_REG_EFLAGS);
    window_io(r, NULL);
}

/* ---- driver ------------------------------------------------------------ */

static pid_t helper_pid;
static FILE *to_helper, *from_helper;

static bool start_helper(const char *path)
{
    int in[2], out[2];
    if (pipe(in) || pipe(out))
        return false;
    helper_pid = fork();
    if (helper_pid < 0)
        return false;
    if (helper_pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execl(path, path, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    to_helper = fdopen(in[1], "wb");
    from_helper = fdopen(out[0], "rb");
    return to_helper && from_helper;
}

/* Blank the bytes whose result the SDM leaves undefined. */
static void mask_data(const Case *k, uint8_t *data)
{
    for (unsigned j = 0; j < k->skip_len; j++) {
        unsigned i;
        if (win_index(k->skip_seg, k->skip_off + j, &i))
            data[i] = 0;
    }
}

static bool same_result(const Case *k, DiffResult *ours, DiffResult *nat)
{
    if (ours->fault != nat->fault || ((ours->eflags ^ nat->eflags) & k->defined))
        return false;
    for (unsigned i = 0; i < 8; i++)
        if (!k->skip_reg[i] && ours->regs[i] != nat->regs[i])
            return false;
    mask_data(k, ours->data);
    mask_data(k, nat->data);
    return memcmp(ours->data, nat->data, DIFF_DATA_SIZE) == 0;
}

static const char *const fault_name[] = {"none", "#DE", "#GP/limit", "#UD", "other"};

static void print_case(const char *name, const Case *k, const DiffResult *ours,
                       const DiffResult *nat)
{
    printf("FAIL %s bytes", name);
    for (unsigned i = 0; i < k->c.len; i++)
        printf(" %02x", k->c.bytes[i]);
    printf(" (ours, 16-bit code:");
    for (unsigned i = 0; i < k->ours_len; i++)
        printf(" %02x", k->ours[i]);
    printf(")\n  in :");
    static const char *rn[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    for (unsigned i = 0; i < 8; i++)
        printf(" %s=%08x", rn[i], k->c.regs[i]);
    printf(" fl=%04x\n  us :", k->c.eflags);
    for (unsigned i = 0; i < 8; i++)
        printf(" %s=%08x", rn[i], ours->regs[i]);
    printf(" fl=%04x fault=%s\n  cpu:", ours->eflags & 0xFFF, fault_name[ours->fault % 5]);
    for (unsigned i = 0; i < 8; i++)
        printf(" %s=%08x", rn[i], nat->regs[i]);
    printf(" fl=%04x fault=%s defined=%04x\n", nat->eflags & 0xFFF,
           fault_name[nat->fault % 5], k->defined);
    unsigned shown = 0;
    for (unsigned i = 0; i < DIFF_DATA_SIZE && shown < 8; i++) {
        if (ours->data[i] == nat->data[i])
            continue;
        printf("  %s:%04x: in %02x us %02x cpu %02x\n", i < DIFF_WINDOW_SIZE ? "es" : "fs",
               DIFF_WINDOW_OFF(i % DIFF_WINDOW_SIZE), k->c.data[i],
               ours->data[i], nat->data[i]);
        shown++;
    }
}

/* faulted / wrote: how many cases faulted natively / changed the memory
 * window natively — a sanity check that the generated addresses land
 * where the tester looks */
typedef struct Totals {
    unsigned long pass, fail, faulted, wrote;
} Totals;

/* Run n cases of one form in one kind, in batches small enough that a
 * batch's answers fit the pipe (the helper answers a batch at once). */
#define BATCH 16
/* "add/o32/m16", "movs/o8/a16" */
static void form_name(const Form *f, unsigned sz, Kind kind, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s/%s", f->name, size_suffix[sz],
             f->string ? string_suffix[kind] : kind_suffix[kind]);
}

static bool run_form(const Form *f, Kind kind, unsigned sz, const char *name,
                     unsigned long ncases, unsigned max_print, Totals *t)
{
    static Case batch[BATCH];
    static DiffResult nat[BATCH];
    unsigned long printed = 0;
    for (unsigned long done = 0; done < ncases;) {
        unsigned nb = ncases - done > BATCH ? BATCH : (unsigned)(ncases - done);
        for (unsigned b = 0; b < nb; b++) {
            Case *k = &batch[b];
            memset(k, 0, sizeof *k);
            for (unsigned i = 0; i < 8; i++)
                k->c.regs[i] = rand_reg();
            k->c.regs[R_ESP] = 0x8000;
            k->c.eflags = rnd() & ARITH;
            for (unsigned i = 0; i < DIFF_DATA_SIZE; i += 4) {
                uint32_t v = rnd();
                memcpy(k->c.data + i, &v, 4); /* any byte order will do */
            }
            f->gen(k, f->variant, kind, sz);
            k->c.last = b == nb - 1;
            k->code_addr = CODE_AREA + rnd() % 16;
            if (fwrite(&k->c, sizeof k->c, 1, to_helper) != 1)
                return false;
        }
        fflush(to_helper);
        for (unsigned b = 0; b < nb; b++)
            if (fread(&nat[b], sizeof nat[b], 1, from_helper) != 1) {
                fprintf(stderr, "difftest: native helper died (form %s)\n", name);
                return false;
            }
        for (unsigned b = 0; b < nb; b++) {
            Case *k = &batch[b];
            DiffResult ours;
            memset(&ours, 0, sizeof ours);
            run_ours(k, &ours);
            if (nat[b].fault)
                t->faulted++;
            if (memcmp(nat[b].data, k->c.data, DIFF_DATA_SIZE))
                t->wrote++;
            if (same_result(k, &ours, &nat[b])) {
                t->pass++;
            } else {
                t->fail++;
                if (printed++ < max_print)
                    print_case(name, k, &ours, &nat[b]);
            }
        }
        done += nb;
    }
    return true;
}

int main(int argc, char **argv)
{
    unsigned long ncases = 300;
    const char *filter = NULL;
    unsigned max_print = 5;
    bool verbose = false, list = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            ncases = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc)
            rng_state = strtoull(argv[++i], NULL, 0) | 1;
        else if (!strcmp(argv[i], "-f") && i + 1 < argc)
            filter = argv[++i];
        else if (!strcmp(argv[i], "-v"))
            verbose = true, max_print = 50;
        else if (!strcmp(argv[i], "-l"))
            list = true;
        else if (!strcmp(argv[i], "-L"))
            lock_some = true;
        else {
            fprintf(stderr, "usage: difftest [-n N] [-s SEED] [-f NAME] [-v] [-l] [-L]\n");
            return 2;
        }
    }
    size_t nforms = sizeof forms / sizeof forms[0];
    if (list) {
        for (size_t fi = 0; fi < nforms; fi++)
            for (unsigned sz = 1; sz <= 4; sz *= 2)
                for (unsigned kd = 0; kd < K_COUNT; kd++)
                    if ((forms[fi].sizes & sz) && (forms[fi].kinds & (1u << kd))) {
                        char name[64];
                        form_name(&forms[fi], sz, (Kind)kd, name, sizeof name);
                        printf("%-20s %-13s %s\n", name, forms[fi].category, forms[fi].desc);
                    }
        return 0;
    }
    char helper[4096];
    const char *dir = strrchr(argv[0], '/');
    snprintf(helper, sizeof helper, "%.*sdifftest-native",
             dir ? (int)(dir - argv[0] + 1) : 0, argv[0]);
    if (access(helper, X_OK) != 0) {
        printf("SKIP: difftest: native helper %s not built (not an x86 host?)\n", helper);
        printf("0 passed, 0 failed\n");
        return 0;
    }
    uint32_t caps;
    if (!start_helper(helper)) {
        fprintf(stderr, "difftest: cannot start %s\n", helper);
        return 2;
    }
    if (fread(&caps, sizeof caps, 1, from_helper) != 1) {
        printf("SKIP: difftest: native helper %s does not run (no 32-bit x86 support?)\n", helper);
        printf("0 passed, 0 failed\n");
        return 0;
    }
    if (!(caps & DIFF_CAP_SEGMENT))
        printf("SKIP: difftest: memory and string forms: modify_ldt(2) refused "
               "(seccomp?); register forms only\n");
    mem = mem_create(1u << 20);
    CpuConfig cfg = {CPU_486, false};
    cpu = cpu_create(&cfg, mem, NULL);
    if (!mem || !cpu)
        return 2;
    setup_ours();

    /* forms run per category, address kind and operand size: the summary */
    typedef struct Category {
        const char *name;
        unsigned n, kind[K_COUNT], size[5];
        bool string;
    } Category;
    Category cat[16];
    unsigned ncat = 0;
    unsigned long total_pass = 0, total_fail = 0, nrun = 0;
    clock_t t0 = clock();
    for (size_t fi = 0; fi < nforms; fi++) {
        const Form *f = &forms[fi];
        for (unsigned sz = 1; sz <= 4; sz *= 2) {
            for (unsigned kd = 0; kd < K_COUNT; kd++) {
                if (!(f->sizes & sz) || !(f->kinds & (1u << kd)) ||
                    (kd != K_REG && !(caps & DIFF_CAP_SEGMENT)))
                    continue;
                char name[64];
                form_name(f, sz, (Kind)kd, name, sizeof name);
                if (filter && !strstr(name, filter))
                    continue;
                Totals t = {0};
                if (!run_form(f, (Kind)kd, sz, name, ncases, max_print, &t))
                    return 2;
                printf("%-20s %8lu passed %6lu failed %6lu faulted %6lu wrote", name, t.pass,
                       t.fail, t.faulted, t.wrote);
                if (verbose)
                    printf("  [%s] %s", f->category, f->desc);
                printf("\n");
                total_pass += t.pass;
                total_fail += t.fail;
                nrun++;
                unsigned ci = 0;
                while (ci < ncat && strcmp(cat[ci].name, f->category))
                    ci++;
                if (ci == ncat && ncat < 16)
                    cat[ncat++] = (Category){f->category, 0, {0}, {0}, f->string};
                if (ci < ncat) {
                    cat[ci].n++;
                    cat[ci].kind[kd]++;
                    cat[ci].size[sz]++;
                }
            }
        }
    }
    fclose(to_helper);
    fclose(from_helper);
    waitpid(helper_pid, NULL, 0);
    cpu_destroy(cpu);
    mem_destroy(mem);
    for (unsigned ci = 0; ci < ncat; ci++) {
        const char *const *suf = cat[ci].string ? string_suffix : kind_suffix;
        printf("%-13s %3u forms:", cat[ci].name, cat[ci].n);
        for (unsigned kd = 0; kd < K_COUNT; kd++)
            if (cat[ci].kind[kd])
                printf(" %u %s", cat[ci].kind[kd], suf[kd]);
        printf(";");
        for (unsigned sz = 1; sz <= 4; sz *= 2)
            if (cat[ci].size[sz])
                printf(" %u %s", cat[ci].size[sz], size_suffix[sz]);
        printf("\n");
    }
    printf("%lu forms, %lu cases per form, %.1f s CPU\n", nrun, ncases,
           (double)(clock() - t0) / CLOCKS_PER_SEC);
    printf("%lu passed, %lu failed\n", total_pass, total_fail);
    return total_fail ? 1 : 0;
}
