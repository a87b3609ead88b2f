/*
 * cpu/exec_0f.h — helpers of the two-byte (0F xx) opcode map: BT/BTS/BTR/
 * BTC, SHLD/SHRD and CPUID.  The handlers themselves (286 system opcodes
 * forwarded to cpu-pm, 386 Jcc rel16/32, SETcc, MOVZX/MOVSX, BSF/BSR,
 * IMUL r,r/m, PUSH/POP FS/GS, the 486 BSWAP, XADD, CMPXCHG, INVD/WBINVD)
 * are cases of the dispatch: cpu/exec_0f_cases.inc.  Included once, by
 * cpu/exec.c.
 */

static void op_bt(Cpu *c, unsigned kind, bool imm_form)
{
    /* kind: 0 BT, 1 BTS, 2 BTR, 3 BTC */
    InsnCtx *in = &c->in;
    unsigned sz = in->op32 ? SZ32 : SZ16;
    unsigned bits = in->op32 ? 32 : 16;
    uint32_t bitoff;
    uint32_t v;
    if (imm_form) {
        bitoff = imm8(c) & (bits - 1);
        v = rm_rd(c, sz);
    } else {
        bitoff = reg_rd(c, sz, in->reg);
        if (in->mod != 3) {
            /* register bit offset addresses memory beyond the operand */
            int32_t sbo = in->op32 ? (int32_t)bitoff : (int16_t)bitoff;
            int32_t delta = (sbo >> (in->op32 ? 5 : 4)) * (int32_t)(bits / 8);
            in->ea_off += (uint32_t)delta;
            if (!in->addr32)
                in->ea_off &= 0xFFFF;
        }
        bitoff &= bits - 1;
        v = rm_rd(c, sz);
    }
    bool bit = (v >> bitoff) & 1;
    flags_set_eager(c, F_CF, bit ? F_CF : 0);
    switch (kind) {
    case 1: rm_wr(c, sz, v | (1u << bitoff)); break;
    case 2: rm_wr(c, sz, v & ~(1u << bitoff)); break;
    case 3: rm_wr(c, sz, v ^ (1u << bitoff)); break;
    default: break;
    }
}

static void op_shxd(Cpu *c, bool right, unsigned count)
{
    InsnCtx *in = &c->in;
    unsigned sz = in->op32 ? SZ32 : SZ16;
    unsigned bits = in->op32 ? 32 : 16;
    count &= 31;
    uint32_t dst = rm_rd(c, sz);
    if (count == 0)
        return;
    uint32_t src = reg_rd(c, sz, in->reg);
    uint64_t r;
    uint32_t cf;
    if (bits == 32) {
        if (right) {
            uint64_t x = ((uint64_t)src << 32) | dst;
            r = (x >> count) & 0xFFFFFFFFu;
            cf = (uint32_t)(x >> (count - 1)) & 1;
        } else {
            uint64_t x = ((uint64_t)dst << 32) | src;
            r = (x << count) >> 32 & 0xFFFFFFFFu;
            cf = (uint32_t)(dst >> (32 - count)) & 1;
        }
    } else {
        /* 16-bit with count > 16 is undefined; use a 48-bit pattern */
        if (right) {
            uint64_t x = ((uint64_t)src << 32) | ((uint64_t)src << 16) | dst;
            r = (x >> count) & 0xFFFF;
            cf = (uint32_t)(x >> (count - 1)) & 1;
        } else {
            uint64_t x = ((uint64_t)dst << 32) | ((uint64_t)src << 16) | src;
            r = (x << count) >> 32 & 0xFFFF;
            cf = (uint32_t)((x << (count - 1)) >> 47) & 1;
        }
    }
    uint32_t sign = cc_signs[sz];
    uint32_t of = ((r ^ dst) & sign) ? F_OF : 0;
    rm_wr(c, sz, (uint32_t)r);
    flags_res(c, sz, (uint32_t)r, (cf ? F_CF : 0) | of);
}

static void op_cpuid(Cpu *c)
{
    uint32_t leaf = c->r[R_EAX];
    if (leaf == 0) {
        c->r[R_EAX] = 1;
        c->r[R_EBX] = 0x756E6547u; /* "GenuineIntel" */
        c->r[R_EDX] = 0x49656E69u;
        c->r[R_ECX] = 0x6C65746Eu;
    } else {
        /* family 4, model 1 (486DX) or 2 (486SX), stepping 0 */
        c->r[R_EAX] = c->has_fpu ? 0x0410 : 0x0420;
        c->r[R_EBX] = 0;
        c->r[R_ECX] = 0;
        c->r[R_EDX] = c->has_fpu ? 1u : 0u; /* FPU on chip */
    }
}
