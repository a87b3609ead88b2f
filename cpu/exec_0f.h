/*
 * cpu/exec_0f.h — the two-byte (0F xx) opcode map: 286 system opcodes
 * (forwarded to cpu-pm), 386 Jcc rel16/32, SETcc, MOVZX/MOVSX, BT*,
 * BSF/BSR, SHLD/SHRD, IMUL r,r/m, PUSH/POP FS/GS, and the 486 BSWAP, XADD,
 * CMPXCHG, CPUID, INVD/WBINVD.  Included once, by cpu/exec.c.
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
        bitoff = fetch8(c) & (bits - 1);
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

static void exec_0f(Cpu *c)
{
    InsnCtx *in = &c->in;
    unsigned op = fetch8(c);
    in->opcode = (uint8_t)op;
    if (CPU_UNLIKELY(opcode_min_model[0x100 + op] > c->model))
        ud(c);
    switch (op) {
    case 0x00: decode_modrm(c); pm_op_group6(c); break;
    case 0x01: decode_modrm(c); pm_op_group7(c); break;
    case 0x02: decode_modrm(c); pm_op_lar(c); break;
    case 0x03: decode_modrm(c); pm_op_lsl(c); break;
    case 0x06: pm_op_clts(c); break;
    case 0x08: case 0x09: break; /* INVD / WBINVD: no cache modelled */
    case 0x20: case 0x22: /* MOV CRn: always register form */
        decode_modrm(c);
        pm_op_mov_cr(c, op == 0x22);
        break;
    case 0x21: case 0x23:
        decode_modrm(c);
        pm_op_mov_dr(c, op == 0x23);
        break;
    case 0x24: case 0x26:
        decode_modrm(c);
        pm_op_mov_tr(c, op == 0x26);
        break;
    case 0x80: case 0x81: case 0x82: case 0x83:
    case 0x84: case 0x85: case 0x86: case 0x87:
    case 0x88: case 0x89: case 0x8A: case 0x8B:
    case 0x8C: case 0x8D: case 0x8E: case 0x8F: {
        uint32_t d = in->op32 ? fetch32(c) : (uint32_t)(int32_t)(int16_t)fetch16(c);
        if (cond_true(c, op & 15))
            jump_near(c, c->eip + d);
        break;
    }
    case 0x90: case 0x91: case 0x92: case 0x93:
    case 0x94: case 0x95: case 0x96: case 0x97:
    case 0x98: case 0x99: case 0x9A: case 0x9B:
    case 0x9C: case 0x9D: case 0x9E: case 0x9F:
        decode_modrm(c);
        rm_wr(c, SZ8, cond_true(c, op & 15) ? 1 : 0);
        break;
    case 0xA0: push_v(c, in->op32, c->seg[SEG_FS].sel); break;
    case 0xA1: load_sreg_insn(c, SEG_FS, (uint16_t)pop_v(c, in->op32)); break;
    case 0xA2: op_cpuid(c); break;
    case 0xA3: decode_modrm(c); op_bt(c, 0, false); break;
    case 0xA4: decode_modrm(c); op_shxd(c, false, fetch8(c)); break;
    case 0xA5: decode_modrm(c); op_shxd(c, false, c->r[R_ECX] & 0xFF); break;
    case 0xA8: push_v(c, in->op32, c->seg[SEG_GS].sel); break;
    case 0xA9: load_sreg_insn(c, SEG_GS, (uint16_t)pop_v(c, in->op32)); break;
    case 0xAB: decode_modrm(c); op_bt(c, 1, false); break;
    case 0xAC: decode_modrm(c); op_shxd(c, true, fetch8(c)); break;
    case 0xAD: decode_modrm(c); op_shxd(c, true, c->r[R_ECX] & 0xFF); break;
    case 0xAF: { /* IMUL r, r/m */
        decode_modrm(c);
        unsigned sz = in->op32 ? SZ32 : SZ16;
        uint32_t a = reg_rd(c, sz, in->reg), b = rm_rd(c, sz);
        bool ovf;
        uint32_t r;
        if (in->op32) {
            int64_t p = (int64_t)(int32_t)a * (int64_t)(int32_t)b;
            r = (uint32_t)p;
            ovf = p != (int32_t)p;
        } else {
            int32_t p = (int32_t)(int16_t)a * (int32_t)(int16_t)b;
            r = (uint32_t)p & 0xFFFF;
            ovf = p != (int16_t)p;
        }
        reg_wr(c, sz, in->reg, r);
        flags_set_eager(c, F_ARITH, (ovf ? F_CF | F_OF : 0) | flags_szp(r, sz));
        break;
    }
    case 0xB0: case 0xB1: { /* CMPXCHG */
        decode_modrm(c);
        unsigned sz = op == 0xB0 ? SZ8 : (in->op32 ? SZ32 : SZ16);
        uint32_t dst = rm_rd(c, sz);
        uint32_t acc = reg_rd(c, sz, R_EAX);
        alu_op(c, ALU_CMP, sz, acc, dst);
        if (acc == dst) {
            rm_wr(c, sz, reg_rd(c, sz, in->reg));
        } else {
            rm_wr(c, sz, dst); /* the destination is always written */
            reg_wr(c, sz, R_EAX, dst);
        }
        break;
    }
    case 0xB2: decode_modrm(c); load_far_ptr(c, SEG_SS); break;
    case 0xB3: decode_modrm(c); op_bt(c, 2, false); break;
    case 0xB4: decode_modrm(c); load_far_ptr(c, SEG_FS); break;
    case 0xB5: decode_modrm(c); load_far_ptr(c, SEG_GS); break;
    case 0xB6: case 0xB7: case 0xBE: case 0xBF: { /* MOVZX / MOVSX */
        decode_modrm(c);
        uint32_t v;
        if (op & 1) {
            v = rm_rd(c, SZ16);
            if (op & 8)
                v = (uint32_t)(int32_t)(int16_t)v;
        } else {
            v = rm_rd(c, SZ8);
            if (op & 8)
                v = (uint32_t)(int32_t)(int8_t)v;
        }
        reg_wr(c, in->op32 ? SZ32 : SZ16, in->reg, v);
        break;
    }
    case 0xBA: /* group 8: BT/BTS/BTR/BTC r/m, imm8 */
        decode_modrm(c);
        if (in->reg < 4)
            ud(c);
        op_bt(c, in->reg - 4, true);
        break;
    case 0xBB: decode_modrm(c); op_bt(c, 3, false); break;
    case 0xBC: case 0xBD: { /* BSF / BSR */
        decode_modrm(c);
        unsigned sz = in->op32 ? SZ32 : SZ16;
        uint32_t v = rm_rd(c, sz);
        if (v == 0) {
            flags_set_eager(c, F_ZF, F_ZF);
            break;
        }
        unsigned i;
        if (op == 0xBC) {
            for (i = 0; !((v >> i) & 1); i++)
                ;
        } else {
            for (i = (8u << sz) - 1; !((v >> i) & 1); i--)
                ;
        }
        reg_wr(c, sz, in->reg, i);
        flags_set_eager(c, F_ZF, 0);
        break;
    }
    case 0xC0: case 0xC1: { /* XADD */
        decode_modrm(c);
        unsigned sz = op == 0xC0 ? SZ8 : (in->op32 ? SZ32 : SZ16);
        uint32_t d = rm_rd(c, sz), s = reg_rd(c, sz, in->reg);
        uint32_t r = alu_op(c, ALU_ADD, sz, d, s);
        reg_wr(c, sz, in->reg, d);
        rm_wr(c, sz, r);
        break;
    }
    case 0xC8: case 0xC9: case 0xCA: case 0xCB:
    case 0xCC: case 0xCD: case 0xCE: case 0xCF: { /* BSWAP */
        uint32_t v = c->r[op & 7];
        c->r[op & 7] = (v >> 24) | ((v >> 8) & 0xFF00u) |
                       ((v << 8) & 0xFF0000u) | (v << 24);
        break;
    }
    default:
        ud(c);
    }
}
