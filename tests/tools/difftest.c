/*
 * tests/tools/difftest.c — differential tester for the 386/486 32-bit
 * integer forms (no hardware vectors exist for them): every case runs on
 * our CPU (-cpu 486, real mode with 66h/67h prefixes) and natively on the
 * host through build/tools/difftest-native (gcc -m32), and the registers,
 * the data area and the *defined* flags of the instruction are compared.
 * Operands are random with a bias to edges (0, 1, sign boundaries, all
 * ones; shift counts 0/1/size-1/size/31/32+).
 *
 * usage: difftest [-n CASES_PER_FORM] [-s SEED] [-v] [-f NAME_SUBSTRING]
 * Last line: "N passed, M failed"; exit 1 on failure, 0 with "SKIP" when
 * the native helper cannot run (non-x86 host).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "difftest_proto.h"
#include "mem/memory.h"

enum { F_CF = 1, F_PF = 4, F_AF = 0x10, F_ZF = 0x40, F_SF = 0x80, F_DF = 0x400,
       F_OF = 0x800 };
#define ARITH (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

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

typedef struct Case {
    DiffCase c;        /* native encoding + inputs */
    uint8_t ours[16];  /* our encoding (16-bit code, prefixes flipped) */
    unsigned ours_len;
    uint32_t defined;  /* EFLAGS bits to compare */
    bool skip_reg[8];  /* registers with undefined results */
    bool faults;       /* expected #DE: not run natively */
} Case;

/* Build both encodings.  opsz: 1/2/4; a32: string forms use 32-bit
 * addressing; rep: 0 or F2/F3; core = opcode bytes + ModR/M + imm. */
static void encode(Case *k, unsigned opsz, bool a32, uint8_t rep,
                   const uint8_t *core, unsigned n)
{
    unsigned l = 0;
    if (rep)
        k->c.bytes[l++] = rep;
    if (opsz == 2)
        k->c.bytes[l++] = 0x66;
    memcpy(k->c.bytes + l, core, n);
    k->c.len = (uint8_t)(l + n);
    l = 0;
    if (rep)
        k->ours[l++] = rep;
    if (opsz == 4)
        k->ours[l++] = 0x66;
    if (a32)
        k->ours[l++] = 0x67;
    memcpy(k->ours + l, core, n);
    k->ours_len = l + n;
}

static unsigned bits_of(unsigned opsz) { return opsz * 8; }
static unsigned w_bit(unsigned opsz) { return opsz == 1 ? 0 : 1; }

/* ---- forms ---------------------------------------------------------- */

typedef void (*GenFn)(Case *k, unsigned variant);
typedef struct Form {
    const char *name;
    GenFn gen;
    unsigned variant;
} Form;

static unsigned pick_size(void) { return (unsigned[]){1, 2, 4}[rnd() % 3]; }
static unsigned pick_size_wd(void) { return (rnd() & 1) ? 2 : 4; }

static uint8_t rr_modrm(unsigned reg, unsigned rm) { return (uint8_t)(0xC0 | reg << 3 | rm); }
/* a register other than ESP (ESI/EDI fine: no memory forms here) */
static unsigned any_reg(void)
{
    unsigned r;
    do r = rnd() & 7; while (r == 4);
    return r;
}
/* for byte forms any of AL..BH except AH? (AH=4 is fine: it is not SP) */
static unsigned any_reg8(void) { return rnd() & 7; }

static void gen_alu(Case *k, unsigned op)
{
    unsigned sz = pick_size();
    unsigned src = sz == 1 ? any_reg8() : any_reg(), dst = sz == 1 ? any_reg8() : any_reg();
    uint8_t core[2] = {(uint8_t)(op * 8 + w_bit(sz)), rr_modrm(src, dst)};
    encode(k, sz, false, 0, core, 2);
    k->defined = (op == 1 || op == 4 || op == 6) ? ARITH & ~F_AF : ARITH;
}

static void gen_incdec_negnot(Case *k, unsigned v)
{
    unsigned sz = pick_size();
    unsigned r = sz == 1 ? any_reg8() : any_reg();
    static const uint8_t opc[4][2] = {{0xFE, 0}, {0xFE, 1}, {0xF6, 2}, {0xF6, 3}};
    uint8_t core[2] = {(uint8_t)(opc[v][0] | w_bit(sz)), rr_modrm(opc[v][1], r)};
    encode(k, sz, false, 0, core, 2);
    k->defined = ARITH;
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

static void gen_shift(Case *k, unsigned grp)
{
    unsigned sz = pick_size(), bits = bits_of(sz);
    unsigned r = sz == 1 ? any_reg8() : any_reg();
    unsigned form = rnd() % 3, count;
    uint8_t core[3];
    unsigned n = 2;
    if (form == 0) { /* by 1 */
        core[0] = (uint8_t)(0xD0 | w_bit(sz));
        count = 1;
    } else if (form == 1) { /* by CL */
        if (r == 1 || (sz == 1 && r == 5))
            r = 0; /* keep CL the count */
        core[0] = (uint8_t)(0xD2 | w_bit(sz));
        count = pick_count(bits);
        k->c.regs[1] = (k->c.regs[1] & ~0xFFu) | count;
    } else {
        core[0] = (uint8_t)(0xC0 | w_bit(sz));
        count = pick_count(bits);
        core[2] = (uint8_t)count;
        n = 3;
    }
    core[1] = rr_modrm(grp, r);
    encode(k, sz, false, 0, core, n);
    unsigned c = count & 31;
    if (c == 0) {
        k->defined = ARITH; /* unchanged */
        return;
    }
    if (grp <= 3) { /* rotates: CF (and OF for 1) only */
        k->defined = ARITH & ~(F_OF);
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

static void gen_bt(Case *k, unsigned v)
{
    unsigned sz = pick_size_wd();
    unsigned a = any_reg(), b = any_reg();
    if (v < 4) {
        static const uint8_t opc[4] = {0xA3, 0xAB, 0xB3, 0xBB};
        uint8_t core[3] = {0x0F, opc[v], rr_modrm(b, a)};
        encode(k, sz, false, 0, core, 3);
    } else {
        uint8_t core[4] = {0x0F, 0xBA, rr_modrm(v, a), (uint8_t)rnd()};
        encode(k, sz, false, 0, core, 4);
    }
    k->defined = F_CF;
}

static void gen_bsf(Case *k, unsigned v)
{
    unsigned sz = pick_size_wd();
    unsigned d = any_reg(), s = any_reg();
    uint8_t core[3] = {0x0F, (uint8_t)(0xBC + v), rr_modrm(d, s)};
    encode(k, sz, false, 0, core, 3);
    uint32_t src = k->c.regs[s] & (sz == 2 ? 0xFFFF : 0xFFFFFFFFu);
    if (rnd() % 4 == 0) { /* also zero and single-bit sources */
        k->c.regs[s] &= sz == 2 ? 0xFFFF0000u : 0;
        if (rnd() & 1)
            k->c.regs[s] |= 1u << (rnd() % (sz * 8));
        src = k->c.regs[s] & (sz == 2 ? 0xFFFF : 0xFFFFFFFFu);
    }
    k->defined = F_ZF;
    if (src == 0)
        k->skip_reg[d] = true; /* destination undefined */
}

static void gen_shxd(Case *k, unsigned v)
{
    unsigned sz = pick_size_wd(), bits = sz * 8;
    unsigned d = any_reg(), s = any_reg();
    bool cl = v & 1;
    if (cl && (d == 1 || s == 1)) {
        d = d == 1 ? 0 : d;
        s = s == 1 ? 2 : s;
    }
    unsigned count = pick_count(bits);
    uint8_t core[4] = {0x0F, (uint8_t)((v & 2 ? 0xAC : 0xA4) + cl), rr_modrm(s, d), (uint8_t)count};
    if (cl)
        k->c.regs[1] = (k->c.regs[1] & ~0xFFu) | count;
    encode(k, sz, false, 0, core, cl ? 3 : 4);
    unsigned c = count & 31;
    if (c == 0) {
        k->defined = ARITH;
        return;
    }
    if (c > bits) { /* 16-bit forms: result and flags undefined */
        k->defined = 0;
        k->skip_reg[d] = true;
        return;
    }
    k->defined = F_SF | F_ZF | F_PF | F_CF | (c == 1 ? F_OF : 0);
}

static void gen_mul(Case *k, unsigned v)
{
    unsigned sz = pick_size();
    unsigned r = sz == 1 ? any_reg8() : any_reg();
    uint8_t core[2] = {(uint8_t)(0xF6 | w_bit(sz)), rr_modrm(4 + v, r)};
    encode(k, sz, false, 0, core, 2);
    k->defined = F_CF | F_OF;
}

static void gen_div(Case *k, unsigned v)
{
    unsigned sz = pick_size();
    unsigned r = sz == 1 ? any_reg8() : any_reg();
    uint8_t core[2] = {(uint8_t)(0xF6 | w_bit(sz)), rr_modrm(6 + v, r)};
    /* shrink the dividend sometimes so more divisions succeed */
    if (rnd() & 1) {
        if (sz == 1)
            k->c.regs[0] &= ~0xFF00u | (rnd() & 0x0F00);
        else if (sz == 2)
            k->c.regs[2] &= 0xFFFF0000u | (rnd() & 0x000F);
        else
            k->c.regs[2] = rnd() & 0xF;
    }
    encode(k, sz, false, 0, core, 2);
    k->defined = 0;
    /* decide whether it raises #DE (then only our side runs) */
    bool is_signed = v == 1;
    uint32_t dv;
    if (sz == 1) {
        dv = r < 4 ? k->c.regs[r] & 0xFF : (k->c.regs[r - 4] >> 8) & 0xFF;
        int32_t n = (int16_t)(k->c.regs[0] & 0xFFFF);
        uint32_t un = k->c.regs[0] & 0xFFFF;
        if (dv == 0) k->faults = true;
        else if (is_signed) { int32_t q = n / (int8_t)dv; k->faults = q > 127 || q < -128; }
        else k->faults = un / dv > 0xFF;
    } else if (sz == 2) {
        dv = k->c.regs[r] & 0xFFFF;
        uint32_t un = (k->c.regs[0] & 0xFFFF) | (k->c.regs[2] << 16);
        if (dv == 0) k->faults = true;
        else if (is_signed) { int64_t q = (int64_t)(int32_t)un / (int16_t)dv; k->faults = q > 32767 || q < -32768; }
        else k->faults = un / dv > 0xFFFF;
    } else {
        dv = k->c.regs[r];
        uint64_t un = k->c.regs[0] | ((uint64_t)k->c.regs[2] << 32);
        if (dv == 0) k->faults = true;
        else if (is_signed) {
            if ((int64_t)un == INT64_MIN && (int32_t)dv == -1) k->faults = true;
            else { int64_t q = (int64_t)un / (int32_t)dv; k->faults = q > INT32_MAX || q < INT32_MIN; }
        } else k->faults = un / dv > 0xFFFFFFFFu;
    }
}

static void gen_imul(Case *k, unsigned v)
{
    unsigned sz = pick_size_wd();
    unsigned d = any_reg(), s = any_reg();
    if (v == 0) {
        uint8_t core[3] = {0x0F, 0xAF, rr_modrm(d, s)};
        encode(k, sz, false, 0, core, 3);
    } else if (v == 1) {
        uint8_t core[3] = {0x6B, rr_modrm(d, s), (uint8_t)edge_val(8)};
        encode(k, sz, false, 0, core, 3);
    } else {
        uint8_t core[6] = {0x69, rr_modrm(d, s)};
        uint32_t imm = edge_val(sz * 8);
        memcpy(core + 2, &imm, 4); /* little-endian host */
        encode(k, sz, false, 0, core, 2 + sz);
    }
    k->defined = F_CF | F_OF;
}

static void gen_bcd(Case *k, unsigned v)
{
    static const uint8_t opc[6] = {0x27, 0x2F, 0x37, 0x3F, 0xD4, 0xD5};
    uint8_t core[2] = {opc[v], (uint8_t)(rnd() % 4 ? 10 : edge_val(8))};
    encode(k, 4, false, 0, core, v >= 4 ? 2 : 1);
    if (v < 2)
        k->defined = F_CF | F_AF | F_SF | F_ZF | F_PF;
    else if (v < 4)
        k->defined = F_CF | F_AF;
    else
        k->defined = F_SF | F_ZF | F_PF;
    if (v == 4 && core[1] == 0)
        k->faults = true;
}

static void gen_misc(Case *k, unsigned v)
{
    unsigned sz = pick_size_wd();
    unsigned a = any_reg(), b = any_reg();
    k->defined = 0;
    switch (v) {
    case 0: { uint8_t c[1] = {0x98}; encode(k, sz, false, 0, c, 1); break; }
    case 1: { uint8_t c[1] = {0x99}; encode(k, sz, false, 0, c, 1); break; }
    case 2: { uint8_t c[3] = {0x0F, (uint8_t)(0xB6 + (rnd() & 1) + (rnd() & 8)), rr_modrm(a, b)};
              encode(k, sz, false, 0, c, 3); break; }
    case 3: { uint8_t c[2] = {0x0F, (uint8_t)(0xC8 + a)}; encode(k, 4, false, 0, c, 2); break; }
    case 4: { uint8_t c[3] = {0x0F, (uint8_t)(0xC0 + (rnd() & 1)), rr_modrm(a, b)};
              if ((c[1] & 1) == 0) sz = 1;
              encode(k, sz, false, 0, c, 3); k->defined = ARITH; break; }
    case 5: { uint8_t c[3] = {0x0F, (uint8_t)(0xB0 + (rnd() & 1)), rr_modrm(a, b)};
              if ((c[1] & 1) == 0) sz = 1;
              if (rnd() & 1) k->c.regs[0] = k->c.regs[b];
              encode(k, sz, false, 0, c, 3); k->defined = ARITH; break; }
    case 6: { uint8_t c[3] = {0x0F, (uint8_t)(0x90 + (rnd() & 15)), rr_modrm(0, a)};
              encode(k, 1, false, 0, c, 3); break; }
    default: { uint8_t c[2] = {(uint8_t)(0x86 + (rnd() & 1)), rr_modrm(a, b)};
               encode(k, (c[0] & 1) ? sz : 1, false, 0, c, 2); break; }
    }
}

/* String forms: 32-bit addressing, operand sizes 8/16/32, with and
 * without REP/REPE/REPNE, both directions. */
static void gen_string(Case *k, unsigned v)
{
    static const uint8_t opc[5] = {0xA4, 0xA6, 0xAA, 0xAC, 0xAE};
    unsigned sz = pick_size();
    uint8_t rep = 0;
    switch (rnd() % 3) {
    case 1: rep = 0xF3; break;
    case 2: rep = (v == 1 || v == 4) ? 0xF2 : 0xF3; break;
    default: break;
    }
    uint8_t core[1] = {(uint8_t)(opc[v] | w_bit(sz))};
    encode(k, sz, true, rep, core, 1);
    k->c.rebase = 1;
    k->c.regs[6] = 256 + rnd() % 512; /* ESI */
    k->c.regs[7] = 256 + rnd() % 512; /* EDI */
    k->c.regs[1] = rnd() % 34;        /* ECX */
    if (rnd() & 1)
        k->c.eflags |= F_DF;
    /* comparisons: make equal runs likely */
    if (v == 1 || v == 4) {
        uint8_t fill = (uint8_t)rnd();
        for (unsigned i = 0; i < DIFF_DATA_SIZE; i++)
            if (rnd() % 8)
                k->c.data[i] = fill;
        k->c.regs[0] = fill * 0x01010101u;
    }
    k->defined = (v == 1 || v == 4) ? ARITH : ARITH;
}

static const Form forms[] = {
    {"add", gen_alu, 0}, {"or", gen_alu, 1}, {"adc", gen_alu, 2}, {"sbb", gen_alu, 3},
    {"and", gen_alu, 4}, {"sub", gen_alu, 5}, {"xor", gen_alu, 6}, {"cmp", gen_alu, 7},
    {"inc", gen_incdec_negnot, 0}, {"dec", gen_incdec_negnot, 1},
    {"not", gen_incdec_negnot, 2}, {"neg", gen_incdec_negnot, 3},
    {"rol", gen_shift, 0}, {"ror", gen_shift, 1}, {"rcl", gen_shift, 2}, {"rcr", gen_shift, 3},
    {"shl", gen_shift, 4}, {"shr", gen_shift, 5}, {"sal6", gen_shift, 6}, {"sar", gen_shift, 7},
    {"bt", gen_bt, 0}, {"bts", gen_bt, 1}, {"btr", gen_bt, 2}, {"btc", gen_bt, 3},
    {"bt-imm", gen_bt, 4}, {"bts-imm", gen_bt, 5}, {"btr-imm", gen_bt, 6}, {"btc-imm", gen_bt, 7},
    {"bsf", gen_bsf, 0}, {"bsr", gen_bsf, 1},
    {"shld-imm", gen_shxd, 0}, {"shld-cl", gen_shxd, 1}, {"shrd-imm", gen_shxd, 2}, {"shrd-cl", gen_shxd, 3},
    {"mul", gen_mul, 0}, {"imul1", gen_mul, 1}, {"div", gen_div, 0}, {"idiv", gen_div, 1},
    {"imul-rr", gen_imul, 0}, {"imul-ib", gen_imul, 1}, {"imul-iv", gen_imul, 2},
    {"daa", gen_bcd, 0}, {"das", gen_bcd, 1}, {"aaa", gen_bcd, 2}, {"aas", gen_bcd, 3},
    {"aam", gen_bcd, 4}, {"aad", gen_bcd, 5},
    {"cbw", gen_misc, 0}, {"cwd", gen_misc, 1}, {"movzx/sx", gen_misc, 2}, {"bswap", gen_misc, 3},
    {"xadd", gen_misc, 4}, {"cmpxchg", gen_misc, 5}, {"setcc", gen_misc, 6}, {"xchg", gen_misc, 7},
    {"movs", gen_string, 0}, {"cmps", gen_string, 1}, {"stos", gen_string, 2},
    {"lods", gen_string, 3}, {"scas", gen_string, 4},
};

/* ---- our side ------------------------------------------------------- */

#define CODE_ADDR 0x1000u
#define DATA_SEG 0x2000u /* data area at linear 0x20000 */
#define DE_HANDLER 0x3000u

static PhysMem *mem;
static Cpu *cpu;

static void run_ours(const Case *k, DiffResult *r, bool *de)
{
    cpu_reset(cpu);
    for (unsigned i = 0; i < k->ours_len; i++)
        mem_write8(mem, CODE_ADDR + i, k->ours[i]);
    mem_write_block(mem, DATA_SEG << 4, k->c.data, DIFF_DATA_SIZE);
    mem_write16(mem, 0, DE_HANDLER);
    mem_write16(mem, 2, 0);
    mem_write8(mem, DE_HANDLER, 0xF4);
    cpu_set_reg(cpu, CPU_REG_CS, 0);
    cpu_set_reg(cpu, CPU_REG_EIP, CODE_ADDR);
    cpu_set_reg(cpu, CPU_REG_SS, 0);
    cpu_set_reg(cpu, CPU_REG_DS, DATA_SEG);
    cpu_set_reg(cpu, CPU_REG_ES, DATA_SEG);
    for (unsigned i = 0; i < 8; i++)
        cpu_set_reg(cpu, (CpuReg)(CPU_REG_EAX + i), k->c.regs[i]);
    cpu_set_reg(cpu, CPU_REG_ESP, 0x8000);
    cpu_set_reg(cpu, CPU_REG_EFLAGS, k->c.eflags | 2);
    cpu_run(cpu, 1);
    *de = cpu_get_reg(cpu, CPU_REG_EIP) == DE_HANDLER ||
          cpu_get_reg(cpu, CPU_REG_EIP) == DE_HANDLER + 1;
    for (unsigned i = 0; i < 8; i++)
        r->regs[i] = cpu_get_reg(cpu, (CpuReg)(CPU_REG_EAX + i));
    r->regs[4] = k->c.regs[4];
    r->eflags = cpu_get_reg(cpu, CPU_REG_EFLAGS);
    mem_read_block(mem, DATA_SEG << 4, r->data, DIFF_DATA_SIZE);
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
        close(in[1]);
        close(out[0]);
        execl(path, path, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    to_helper = fdopen(in[1], "wb");
    from_helper = fdopen(out[0], "rb");
    return to_helper && from_helper;
}

static void print_case(const Form *f, const Case *k, const DiffResult *ours,
                       const DiffResult *nat)
{
    printf("FAIL %s bytes", f->name);
    for (unsigned i = 0; i < k->c.len; i++)
        printf(" %02x", k->c.bytes[i]);
    printf(" (ours:");
    for (unsigned i = 0; i < k->ours_len; i++)
        printf(" %02x", k->ours[i]);
    printf(")\n  in :");
    static const char *rn[8] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    for (unsigned i = 0; i < 8; i++)
        printf(" %s=%08x", rn[i], k->c.regs[i]);
    printf(" fl=%04x\n  us :", k->c.eflags);
    for (unsigned i = 0; i < 8; i++)
        printf(" %s=%08x", rn[i], ours->regs[i]);
    printf(" fl=%04x\n  cpu:", ours->eflags & 0xFFF);
    for (unsigned i = 0; i < 8; i++)
        printf(" %s=%08x", rn[i], nat->regs[i]);
    printf(" fl=%04x defined=%04x\n", nat->eflags & 0xFFF, k->defined);
}

int main(int argc, char **argv)
{
    unsigned long ncases = 300;
    const char *filter = NULL;
    unsigned max_print = 5;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            ncases = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc)
            rng_state = strtoull(argv[++i], NULL, 0) | 1;
        else if (!strcmp(argv[i], "-f") && i + 1 < argc)
            filter = argv[++i];
        else if (!strcmp(argv[i], "-v"))
            max_print = 50;
        else {
            fprintf(stderr, "usage: difftest [-n N] [-s SEED] [-f NAME] [-v]\n");
            return 2;
        }
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
    if (!start_helper(helper)) {
        fprintf(stderr, "difftest: cannot start %s\n", helper);
        return 2;
    }
    mem = mem_create(1u << 20);
    CpuConfig cfg = {CPU_486, false};
    cpu = cpu_create(&cfg, mem, NULL);
    if (!mem || !cpu)
        return 2;

    unsigned long total_pass = 0, total_fail = 0;
    Case *batch = malloc(sizeof(Case) * 256);
    DiffResult *nat = malloc(sizeof(DiffResult) * 256);
    if (!batch || !nat)
        return 2;
    for (size_t fi = 0; fi < sizeof forms / sizeof forms[0]; fi++) {
        const Form *f = &forms[fi];
        if (filter && !strstr(f->name, filter))
            continue;
        unsigned long pass = 0, fail = 0, printed = 0;
        for (unsigned long done = 0; done < ncases;) {
            unsigned nb = ncases - done > 32 ? 32 : (unsigned)(ncases - done); /* results must fit the pipe */
            unsigned nsent = 0;
            for (unsigned b = 0; b < nb; b++) {
                Case *k = &batch[b];
                memset(k, 0, sizeof *k);
                for (unsigned i = 0; i < 8; i++)
                    k->c.regs[i] = rand_reg();
                k->c.regs[4] = 0x8000;
                k->c.regs[6] = rnd() % 512; /* harmless if used as offsets */
                k->c.regs[7] = rnd() % 512;
                k->c.eflags = rnd() & ARITH;
                for (unsigned i = 0; i < DIFF_DATA_SIZE; i++)
                    k->c.data[i] = (uint8_t)rnd();
                f->gen(k, f->variant);
                if (!k->faults) {
                    if (fwrite(&k->c, sizeof k->c, 1, to_helper) != 1)
                        return 2;
                    nsent++;
                }
            }
            fflush(to_helper);
            for (unsigned b = 0; b < nsent; b++)
                if (fread(&nat[b], sizeof nat[b], 1, from_helper) != 1) {
                    fprintf(stderr, "difftest: native helper died (form %s)\n", f->name);
                    return 2;
                }
            unsigned ni = 0;
            for (unsigned b = 0; b < nb; b++) {
                Case *k = &batch[b];
                DiffResult ours;
                bool de;
                run_ours(k, &ours, &de);
                bool ok;
                if (k->faults) {
                    ok = de; /* must raise #DE */
                    if (!ok && printed++ < max_print)
                        printf("FAIL %s: expected #DE\n", f->name);
                } else {
                    DiffResult *n = &nat[ni++];
                    ok = !de && ((ours.eflags ^ n->eflags) & k->defined) == 0 &&
                         memcmp(ours.data, n->data, DIFF_DATA_SIZE) == 0;
                    for (unsigned i = 0; i < 8 && ok; i++)
                        if (!k->skip_reg[i] && ours.regs[i] != n->regs[i])
                            ok = false;
                    if (!ok && printed++ < max_print)
                        print_case(f, k, &ours, n);
                }
                if (ok)
                    pass++;
                else
                    fail++;
            }
            done += nb;
        }
        printf("%-10s %8lu passed %6lu failed\n", f->name, pass, fail);
        total_pass += pass;
        total_fail += fail;
    }
    fclose(to_helper);
    fclose(from_helper);
    waitpid(helper_pid, NULL, 0);
    cpu_destroy(cpu);
    mem_destroy(mem);
    free(batch);
    free(nat);
    printf("%lu passed, %lu failed\n", total_pass, total_fail);
    return total_fail ? 1 : 0;
}
