/*
 * cpu/exec.c — the interpreter: the dispatch of decoded instructions
 * (cpu/decode.c) to their handlers, one indirect jump per instruction
 * (computed goto where the compiler has it, a switch otherwise), and the
 * helpers of the integer instruction handlers of the 8086 … 486, including
 * the per-model differences (8086 aliases, #UD from the 186 on, shift
 * count masking, PUSH SP, divide-error return address).  The handlers are
 * in cpu/exec_cases.inc and cpu/exec_0f_cases.inc.
 *
 * The opcode map itself (mnemonics, operand forms, first model) lives in
 * cpu/opcodes.def; it drives the decoder's operand layouts, the
 * disassembler and opcode_min_model[] (#UD for opcodes newer than the
 * model).  The run loop (cpu_run) is in cpu/cpu.c.
 */
#include <string.h>

#include "cpu/alu.h"
#include "cpu/exec.h"
#include "cpu/fpu_glue.h"

/* ---- opcode availability (from opcodes.def) ------------------------- */

/* Lowest model that decodes each opcode of the one-byte map (index op)
 * and of the 0F map (index 0x100 + op); 0xFF = never (invalid). */
uint8_t opcode_min_model[512];

static void init_min_model(void)
{
    static bool done;
    if (done)
        return;
    memset(opcode_min_model, 0xFF, sizeof opcode_min_model);
#define OP(code, mn, ops, lvl) \
    if (opcode_min_model[code] > (lvl)) opcode_min_model[code] = (lvl);
#define GRP(code, reg, mn, ops, lvl) OP(code, mn, ops, lvl)
#include "cpu/opcodes.def"
#undef OP
#undef GRP
    done = true;
}

void cpu_exec_init_tables(void)
{
    init_min_model();
    cpu_decode_init_tables();
}

CPU_NORETURN static void ud(Cpu *c)
{
    cpu_exception(c, EXC_UD, CPU_NO_ERR);
}

/* ---- interrupts and far transfers (real / V86 mode) ------------------ */

void cpu_real_interrupt(Cpu *c, unsigned vector, uint32_t return_eip)
{
    uint32_t fl = cpu_get_eflags(c);
    if (c->model >= CPU_286 && vector * 4 + 3 > c->idtr.limit)
        cpu_exception(c, EXC_GP, CPU_NO_ERR);
    push16(c, (uint16_t)fl);
    push16(c, c->seg[SEG_CS].sel);
    push16(c, (uint16_t)return_eip);
    uint32_t vaddr = c->idtr.base + vector * 4;
    uint16_t ip = cpu_lin_rd16(c, vaddr);
    uint16_t cs = cpu_lin_rd16(c, vaddr + 2);
    c->flags &= ~(uint32_t)(F_IF | F_TF | F_AC | F_RF);
    cpu_update_events(c);
    cpu_set_cs_eip_real(c, cs, ip);
}

/* Deliver an interrupt in the current mode. */
void cpu_interrupt(Cpu *c, unsigned vector, int err, IntKind kind,
                   uint32_t return_eip)
{
    if (c->pe)
        pm_deliver_interrupt(c, vector, err, kind, return_eip);
    else
        cpu_real_interrupt(c, vector, return_eip);
}

/* int_n: the CD form.  In V86 mode only INT n is IOPL-sensitive; INT3 and
 * INTO always go through the IDT (386 PRM 15.2.3, INT pseudo-code). */
static void soft_int(Cpu *c, unsigned vector, bool int_n)
{
    if (int_n && c->v86 && ((c->flags & F_IOPL) >> 12) < 3)
        cpu_exception(c, EXC_GP, 0);
    cpu_interrupt(c, vector, CPU_NO_ERR, INT_SOFTWARE, c->eip);
}

static void far_jmp(Cpu *c, uint16_t sel, uint32_t off, bool op32)
{
    if (c->pe && !c->v86) {
        pm_far_jmp(c, sel, off, op32);
        return;
    }
    cpu_set_cs_eip_real(c, sel, op32 ? off : off & 0xFFFF);
}

static void far_call(Cpu *c, uint16_t sel, uint32_t off, bool op32)
{
    if (c->pe && !c->v86) {
        pm_far_call(c, sel, off, op32);
        return;
    }
    push_v(c, op32, c->seg[SEG_CS].sel);
    push_v(c, op32, c->eip);
    cpu_set_cs_eip_real(c, sel, op32 ? off : off & 0xFFFF);
}

static void far_ret(Cpu *c, bool op32, uint16_t imm)
{
    if (c->pe && !c->v86) {
        pm_far_ret(c, op32, imm);
        return;
    }
    uint32_t ip = pop_v(c, op32);
    uint16_t cs = (uint16_t)pop_v(c, op32);
    sp_set(c, sp_get(c) + imm);
    cpu_set_cs_eip_real(c, cs, op32 ? ip : ip & 0xFFFF);
}

static void iret(Cpu *c, bool op32)
{
    if (c->pe) {
        if (c->v86 && ((c->flags & F_IOPL) >> 12) == 3) {
            /* V86 with IOPL 3: real-mode style, IOPL kept (IA-32 IRET). */
            uint32_t ip = pop_v(c, op32);
            uint16_t cs = (uint16_t)pop_v(c, op32);
            uint32_t fl = pop_v(c, op32);
            cpu_set_cs_eip_real(c, cs, op32 ? ip : ip & 0xFFFF);
            uint32_t mask = op32 ? 0x240DD5u | F_TF | F_IF | F_DF | F_NT
                                 : 0x4FD5u;
            mask &= ~(uint32_t)(F_IOPL | F_VM);
            cpu_set_eflags(c, fl, mask);
            return;
        }
        pm_iret(c, op32);
        return;
    }
    uint32_t ip = pop_v(c, op32);
    uint16_t cs = (uint16_t)pop_v(c, op32);
    uint32_t fl = pop_v(c, op32);
    cpu_set_cs_eip_real(c, cs, op32 ? ip : ip & 0xFFFF);
    cpu_set_eflags(c, fl, op32 ? ~(uint32_t)(F_VM | F_RF) & 0x3FFFFFu
                               : 0xFFFFu);
    c->nmi_blocked = false;
}

/* ---- near branches ------------------------------------------------ */

CPU_INLINE void jump_near(Cpu *c, uint32_t target)
{
    if (!c->in.op32)
        target &= 0xFFFF;
    if (CPU_UNLIKELY(target > c->seg[SEG_CS].limit) && c->model >= CPU_286)
        cpu_exception(c, EXC_GP, c->pe ? 0 : CPU_NO_ERR);
    c->eip = target;
}

/* ---- string instructions ------------------------------------------ */

/* Index register step and count register for the address size. */
CPU_INLINE uint32_t idx_get(const Cpu *c, unsigned r, bool a32)
{
    return a32 ? c->r[r] : c->r[r] & 0xFFFF;
}

CPU_INLINE void idx_add(Cpu *c, unsigned r, bool a32, int32_t d)
{
    if (a32)
        c->r[r] += (uint32_t)d;
    else
        c->r[r] = (c->r[r] & 0xFFFF0000u) | ((c->r[r] + (uint32_t)d) & 0xFFFF);
}

enum { STR_MOVS, STR_CMPS, STR_STOS, STR_LODS, STR_SCAS, STR_INS, STR_OUTS };

static void io_check(Cpu *c, uint16_t port, unsigned size);

/* 80286 real mode: a word string access at offset FFFFh raises
 * interrupt 13 after the index register of that access has been stepped
 * (and CX decremented under REP), as the 286 vectors show. */
static void str_overrun_286(Cpu *c, unsigned kind, int32_t step)
{
    bool si = kind == STR_MOVS || kind == STR_CMPS || kind == STR_LODS ||
              kind == STR_OUTS;
    bool di = kind != STR_LODS && kind != STR_OUTS;
    bool si_bad = si && (c->r[R_ESI] & 0xFFFF) == 0xFFFF;
    bool di_bad = di && (c->r[R_EDI] & 0xFFFF) == 0xFFFF;
    if (!si_bad && !di_bad)
        return;
    /* The register of the overrunning access and those of the accesses
     * before it are stepped.  CMPS reads ES:DI first, MOVS DS:SI first;
     * INS takes two counts off CX. */
    if (kind == STR_CMPS) {
        idx_add(c, R_EDI, false, step);
        if (!di_bad)
            idx_add(c, R_ESI, false, step);
    } else if (kind == STR_MOVS) {
        idx_add(c, R_ESI, false, step);
        if (!si_bad)
            idx_add(c, R_EDI, false, step);
    } else if (di_bad) {
        idx_add(c, R_EDI, false, step);
    } else {
        idx_add(c, R_ESI, false, step);
    }
    if (c->in.rep && !(kind == STR_CMPS && di_bad))
        idx_add(c, R_ECX, false, kind == STR_INS ? -2 : -1);
    cpu_exception(c, EXC_GP, CPU_NO_ERR);
}

static void string_op(Cpu *c, unsigned kind, unsigned sz)
{
    InsnCtx *in = &c->in;
    bool a32 = in->addr32;
    int32_t step = (int32_t)(1u << sz);
    if (c->flags & F_DF)
        step = -step;
    int src_seg = in->seg >= 0 ? in->seg : SEG_DS;
    unsigned rep = in->rep;
    uint32_t iters = 0;
    if (kind == STR_INS || kind == STR_OUTS)
        io_check(c, (uint16_t)c->r[R_EDX], 1u << sz);
    for (;;) {
        if (rep) {
            uint32_t cnt = idx_get(c, R_ECX, a32);
            if (cnt == 0)
                break;
        }
        uint32_t a, b;
        if (CPU_UNLIKELY(c->model == CPU_286) && sz == SZ16 && !c->pe &&
            !a32)
            str_overrun_286(c, kind, step);
        switch (kind) {
        case STR_MOVS:
            a = mem_rd(c, sz, src_seg, idx_get(c, R_ESI, a32));
            mem_wr(c, sz, SEG_ES, idx_get(c, R_EDI, a32), a);
            idx_add(c, R_ESI, a32, step);
            idx_add(c, R_EDI, a32, step);
            break;
        case STR_CMPS:
            a = mem_rd(c, sz, src_seg, idx_get(c, R_ESI, a32));
            b = mem_rd(c, sz, SEG_ES, idx_get(c, R_EDI, a32));
            alu_op(c, ALU_CMP, sz, a, b);
            idx_add(c, R_ESI, a32, step);
            idx_add(c, R_EDI, a32, step);
            break;
        case STR_STOS:
            mem_wr(c, sz, SEG_ES, idx_get(c, R_EDI, a32), reg_rd(c, sz, R_EAX));
            idx_add(c, R_EDI, a32, step);
            break;
        case STR_LODS:
            reg_wr(c, sz, R_EAX, mem_rd(c, sz, src_seg, idx_get(c, R_ESI, a32)));
            idx_add(c, R_ESI, a32, step);
            break;
        case STR_SCAS:
            b = mem_rd(c, sz, SEG_ES, idx_get(c, R_EDI, a32));
            alu_op(c, ALU_CMP, sz, reg_rd(c, sz, R_EAX), b);
            idx_add(c, R_EDI, a32, step);
            break;
        case STR_INS:
            /* 286+: the destination is checked before the port is read */
            if (c->model >= CPU_286)
                mem_wr(c, sz, SEG_ES, idx_get(c, R_EDI, a32), 0);
            a = cpu_io_in(c, (uint16_t)c->r[R_EDX], 1u << sz);
            mem_wr(c, sz, SEG_ES, idx_get(c, R_EDI, a32), a);
            idx_add(c, R_EDI, a32, step);
            break;
        default: /* OUTS */
            a = mem_rd(c, sz, src_seg, idx_get(c, R_ESI, a32));
            cpu_io_out(c, (uint16_t)c->r[R_EDX], a, 1u << sz);
            idx_add(c, R_ESI, a32, step);
            break;
        }
        if (!rep)
            break;
        idx_add(c, R_ECX, a32, -1);
        if (kind == STR_CMPS || kind == STR_SCAS) {
            bool zf = flag_zf(c);
            if ((rep == 0xF3 && !zf) || (rep == 0xF2 && zf))
                break;
        }
        /* Let pending interrupts in between iterations: restart the
         * instruction later (EIP back to its first prefix). */
        if (CPU_UNLIKELY(c->events) && idx_get(c, R_ECX, a32) != 0) {
            c->eip = in->start_eip;
            break;
        }
        /* cpu-pm: yield every 1024 iterations (the REP restarts at the
         * same EIP and counts as one more instruction), so a long REP
         * does not hold off interrupts raised at the end of a run slice
         * (486 PRM: REP strings are interruptible between iterations). */
        if (CPU_UNLIKELY((++iters & 1023) == 0) &&
            idx_get(c, R_ECX, a32) != 0) {
            c->eip = in->start_eip;
            break;
        }
    }
}

/* ---- I/O ---------------------------------------------------------- */

static void io_check(Cpu *c, uint16_t port, unsigned size)
{
    if (c->pe && (c->v86 || c->cpl > ((c->flags & F_IOPL) >> 12))) {
        if (!pm_io_allowed(c, port, size))
            cpu_exception(c, EXC_GP, 0);
    }
}

uint32_t cpu_io_in(Cpu *c, uint16_t port, unsigned size)
{
    uint32_t v = c->host.io_read ? c->host.io_read(c->host.opaque, port, size)
                                 : 0xFFFFFFFFu;
    return size == 4 ? v : v & ((1u << (size * 8)) - 1);
}

void cpu_io_out(Cpu *c, uint16_t port, uint32_t v, unsigned size)
{
    if (c->host.io_write)
        c->host.io_write(c->host.opaque, port, v, size);
}

/* ---- multiply / divide -------------------------------------------- */

static void divide_error(Cpu *c)
{
    /* The 8086/8088 push the address of the next instruction (a type 0
     * "interrupt"); from the 286 on #DE is a fault. */
    if (c->model < CPU_286) {
        cpu_real_interrupt(c, EXC_DE, c->eip);
        return;
    }
    cpu_exception(c, EXC_DE, CPU_NO_ERR);
}

static void mul_op(Cpu *c, unsigned sz, bool is_signed, uint32_t src)
{
    uint32_t hi, lo;
    bool ovf;
    if (sz == SZ8) {
        uint32_t a = c->r[R_EAX] & 0xFF;
        uint32_t r;
        if (is_signed) {
            int32_t p = (int32_t)(int8_t)a * (int32_t)(int8_t)src;
            r = (uint32_t)p & 0xFFFF;
            ovf = p != (int8_t)p;
        } else {
            r = a * (src & 0xFF);
            ovf = (r >> 8) != 0;
        }
        reg_wr(c, SZ16, R_EAX, r);
        lo = r & 0xFF;
        hi = r >> 8;
    } else if (sz == SZ16) {
        uint32_t a = c->r[R_EAX] & 0xFFFF;
        uint32_t r;
        if (is_signed) {
            int32_t p = (int32_t)(int16_t)a * (int32_t)(int16_t)src;
            r = (uint32_t)p;
            ovf = p != (int16_t)p;
        } else {
            r = a * (src & 0xFFFF);
            ovf = (r >> 16) != 0;
        }
        reg_wr(c, SZ16, R_EAX, r);
        reg_wr(c, SZ16, R_EDX, r >> 16);
        lo = r & 0xFFFF;
        hi = r >> 16;
    } else {
        uint64_t r;
        if (is_signed) {
            int64_t p = (int64_t)(int32_t)c->r[R_EAX] * (int64_t)(int32_t)src;
            r = (uint64_t)p;
            ovf = p != (int32_t)p;
        } else {
            r = (uint64_t)c->r[R_EAX] * src;
            ovf = (r >> 32) != 0;
        }
        c->r[R_EAX] = (uint32_t)r;
        c->r[R_EDX] = (uint32_t)(r >> 32);
        lo = (uint32_t)r;
        hi = (uint32_t)(r >> 32);
    }
    (void)hi;
    /* CF = OF = upper half significant; SF ZF PF from the low half (the
     * documented value is "undefined"; this matches later Intel parts and
     * keeps results deterministic). */
    uint32_t f = ovf ? F_CF | F_OF : 0;
    if (c->model < CPU_286)
        f |= flags_szp(hi, sz) & F_ZF ? 0 : 0;
    flags_set_eager(c, F_ARITH, f | flags_szp(lo, sz));
}

static void div_op(Cpu *c, unsigned sz, bool is_signed, uint32_t src)
{
    bool rep_negate = c->model < CPU_186 && c->in.rep != 0;
    if (sz == SZ8) {
        uint32_t a = c->r[R_EAX] & 0xFFFF;
        src &= 0xFF;
        if (src == 0) {
            divide_error(c);
            return;
        }
        uint32_t q, r;
        if (is_signed) {
            int32_t n = (int16_t)a, d = (int8_t)src;
            int32_t qq = n / d, rr = n % d;
            if (rep_negate)
                qq = -qq;
            int32_t qmin = c->model < CPU_286 ? -127 : -128;
            if (qq > 127 || qq < qmin) {
                divide_error(c);
                return;
            }
            q = (uint32_t)qq & 0xFF;
            r = (uint32_t)rr & 0xFF;
        } else {
            q = a / src;
            r = a % src;
            if (q > 0xFF) {
                divide_error(c);
                return;
            }
        }
        reg_wr(c, SZ16, R_EAX, q | (r << 8));
    } else if (sz == SZ16) {
        uint32_t a = (c->r[R_EAX] & 0xFFFF) | ((c->r[R_EDX] & 0xFFFF) << 16);
        src &= 0xFFFF;
        if (src == 0) {
            divide_error(c);
            return;
        }
        uint32_t q, r;
        if (is_signed) {
            int64_t n = (int32_t)a, d = (int16_t)src;
            int64_t qq = n / d, rr = n % d;
            if (rep_negate)
                qq = -qq;
            int64_t qmin = c->model < CPU_286 ? -32767 : -32768;
            if (qq > 32767 || qq < qmin) {
                divide_error(c);
                return;
            }
            q = (uint32_t)qq & 0xFFFF;
            r = (uint32_t)rr & 0xFFFF;
        } else {
            q = a / src;
            r = a % src;
            if (q > 0xFFFF) {
                divide_error(c);
                return;
            }
        }
        reg_wr(c, SZ16, R_EAX, q);
        reg_wr(c, SZ16, R_EDX, r);
    } else {
        uint64_t a = c->r[R_EAX] | ((uint64_t)c->r[R_EDX] << 32);
        if (src == 0) {
            divide_error(c);
            return;
        }
        if (is_signed) {
            int64_t n = (int64_t)a, d = (int32_t)src;
            if (n == INT64_MIN && d == -1) {
                divide_error(c);
                return;
            }
            int64_t qq = n / d, rr = n % d;
            if (qq > INT32_MAX || qq < INT32_MIN) {
                divide_error(c);
                return;
            }
            c->r[R_EAX] = (uint32_t)qq;
            c->r[R_EDX] = (uint32_t)rr;
        } else {
            uint64_t q = a / src;
            if (q > 0xFFFFFFFFu) {
                divide_error(c);
                return;
            }
            c->r[R_EAX] = (uint32_t)q;
            c->r[R_EDX] = (uint32_t)(a % src);
        }
    }
}

/* ---- BCD ---------------------------------------------------------- */

static void op_daa_das(Cpu *c, bool sub)
{
    uint32_t al = c->r[R_EAX] & 0xFF, old = al;
    bool cf = flag_cf(c), af = flag_af(c), ncf = false, naf = false;
    if ((al & 0x0F) > 9 || af) {
        /* 386+: a carry/borrow out of this step sets CF too (IA-32
         * pseudo-code; the 8086 vectors show the 8086 does not) */
        if (c->model >= CPU_386 && (sub ? al < 6 : al > 0xF9))
            ncf = true;
        al = sub ? al - 6 : al + 6;
        naf = true;
    }
    /* The 8086 compares the original AL with 9Fh instead of 99h when AF
     * was set on entry (measured on silicon by the 8086 vectors). */
    if (old > (c->model < CPU_286 && af ? 0x9Fu : 0x99u) || cf) {
        al = sub ? al - 0x60 : al + 0x60;
        ncf = true;
    }
    al &= 0xFF;
    reg_wr(c, SZ8, R_EAX, al);
    uint32_t f = flags_szp(al, SZ8) | (ncf ? F_CF : 0) | (naf ? F_AF : 0);
    /* OF is undefined; the 8086/286 leave it as the overflow of the
     * final add/subtract. */
    if (!sub)
        f |= ((~old & al) & 0x80) ? F_OF : 0;
    else
        f |= ((old & ~al) & 0x80) ? F_OF : 0;
    flags_set_eager(c, F_ARITH, f);
}

static void op_aaa_aas(Cpu *c, bool sub)
{
    uint32_t ax = c->r[R_EAX] & 0xFFFF;
    bool adj = (ax & 0x0F) > 9 || flag_af(c);
    if (adj) {
        if (c->model < CPU_286) { /* 8086: AL and AH adjusted apart */
            if (sub) {
                ax = (ax & 0xFF00) | ((ax - 6) & 0xFF);
                ax = (ax - 0x100) & 0xFFFF;
            } else {
                ax = (ax & 0xFF00) | ((ax + 6) & 0xFF);
                ax = (ax + 0x100) & 0xFFFF;
            }
        } else {
            ax = sub ? ax - 0x106 : ax + 0x106;
            ax &= 0xFFFF;
        }
    }
    ax &= 0xFF0F;
    reg_wr(c, SZ16, R_EAX, ax);
    uint32_t f = adj ? F_AF | F_CF : 0;
    f |= flags_szp(ax & 0xFF, SZ8);
    flags_set_eager(c, F_ARITH, f);
}

/* ---- ENTER / LEAVE / BOUND ---------------------------------------- */

static void op_enter(Cpu *c, bool op32)
{
    uint16_t size = imm16(c);
    unsigned level = *imm_at(c, 2) & 31;
    uint32_t bp = c->stack32 ? c->r[R_EBP] : c->r[R_EBP] & 0xFFFF;
    push_v(c, op32, c->r[R_EBP]);
    uint32_t frame = sp_get(c);
    if (level > 0) {
        for (unsigned i = 1; i < level; i++) {
            bp = c->stack32 ? bp - (op32 ? 4 : 2) : (bp - (op32 ? 4 : 2)) & 0xFFFF;
            push_v(c, op32, mem_rd(c, op32 ? SZ32 : SZ16, SEG_SS, bp));
        }
        push_v(c, op32, frame);
    }
    sp_set(c, sp_get(c) - size);
    if (op32)
        c->r[R_EBP] = frame;
    else
        reg_wr(c, SZ16, R_EBP, frame);
}

static void op_leave(Cpu *c, bool op32)
{
    sp_set(c, c->stack32 ? c->r[R_EBP] : c->r[R_EBP] & 0xFFFF);
    uint32_t v = pop_v(c, op32);
    if (op32)
        c->r[R_EBP] = v;
    else
        reg_wr(c, SZ16, R_EBP, v);
}

/* ---- segment loads ------------------------------------------------ */

static void load_sreg_insn(Cpu *c, int sreg, uint16_t sel)
{
    cpu_load_seg(c, sreg, sel);
    if (sreg == SEG_SS)
        c->shadow_icount = c->icount + 1;
}

/* LDS/LES/LFS/LGS/LSS r, m16:16/32 */
static void load_far_ptr(Cpu *c, int sreg)
{
    InsnCtx *in = &c->in;
    if (in->mod == 3)
        ud(c);
    unsigned sz = in->op32 ? SZ32 : SZ16;
    uint32_t off = mem_rd(c, sz, in->ea_seg, in->ea_off);
    uint16_t sel = rd16(c, in->ea_seg, ea_next(c, in->op32 ? 4 : 2));
    load_sreg_insn(c, sreg, sel);
    reg_wr(c, sz, in->reg, off);
}

/* ---- flags instructions -------------------------------------------- */

static bool iopl_ok(const Cpu *c)
{
    return !c->pe || c->cpl <= ((c->flags & F_IOPL) >> 12);
}

static void op_popf(Cpu *c, bool op32)
{
    if (c->v86 && ((c->flags & F_IOPL) >> 12) < 3)
        cpu_exception(c, EXC_GP, 0);
    uint32_t v = pop_v(c, op32);
    uint32_t mask = op32 ? 0xFFFFFFFFu & ~(uint32_t)(F_VM | F_RF) : 0xFFFFu;
    if (c->pe) {
        if (c->cpl > 0)
            mask &= ~(uint32_t)F_IOPL;
        if (!iopl_ok(c) && !c->v86)
            mask &= ~(uint32_t)F_IF;
        if (c->v86)
            mask &= ~(uint32_t)F_IOPL;
    }
    cpu_set_eflags(c, v, mask);
}

/* ---- group handlers ----------------------------------------------- */

static void grp3(Cpu *c, unsigned sz)
{
    InsnCtx *in = &c->in;
    uint32_t v;
    switch (in->reg) {
    case 0: case 1: { /* TEST r/m, imm (1 = 8086 alias) */
        v = rm_rd(c, sz);
        uint32_t imm = sz == SZ8 ? imm8(c) : sz == SZ16 ? imm16(c) : imm32(c);
        alu_op(c, ALU_AND, sz, v, imm);
        return;
    }
    case 2: /* NOT */
        rm_wr(c, sz, ~rm_rd(c, sz) & cc_masks[sz]);
        return;
    case 3: /* NEG */
        v = rm_rd(c, sz);
        rm_wr(c, sz, alu_op(c, ALU_SUB, sz, 0, v));
        return;
    case 4: mul_op(c, sz, false, rm_rd(c, sz)); return;
    case 5: mul_op(c, sz, true, rm_rd(c, sz)); return;
    case 6: div_op(c, sz, false, rm_rd(c, sz)); return;
    default: div_op(c, sz, true, rm_rd(c, sz)); return;
    }
}

static void push_reg(Cpu *c, unsigned r, bool op32);

static void grp5(Cpu *c)
{
    InsnCtx *in = &c->in;
    bool op32 = in->op32;
    unsigned sz = op32 ? SZ32 : SZ16;
    switch (in->reg) {
    case 0: rm_wr(c, sz, alu_inc(c, sz, rm_rd(c, sz))); return;
    case 1: rm_wr(c, sz, alu_dec(c, sz, rm_rd(c, sz))); return;
    case 2: { /* CALL near r/m */
        uint32_t t = rm_rd(c, sz);
        push_v(c, op32, c->eip);
        jump_near(c, t);
        return;
    }
    case 4: jump_near(c, rm_rd(c, sz)); return;
    case 3: case 5: { /* CALL/JMP far m16:16/32 */
        if (in->mod == 3) {
            if (c->model >= CPU_286)
                ud(c);
            /* 8086: register form uses whatever is on the internal bus;
             * not exercised by software. */
            return;
        }
        uint32_t off = mem_rd(c, sz, in->ea_seg, in->ea_off);
        uint16_t sel = rd16(c, in->ea_seg, ea_next(c, op32 ? 4 : 2));
        if (in->reg == 3)
            far_call(c, sel, off, op32);
        else
            far_jmp(c, sel, off, op32);
        return;
    }
    default:
        if (in->reg == 7 && c->model >= CPU_286)
            ud(c);
        /* PUSH r/m (FF /7 is an alias on the 8086); PUSH SP rules apply
         * to the register form too */
        if (in->mod == 3 && in->rm == R_ESP)
            push_reg(c, R_ESP, op32);
        else
            push_v(c, op32, rm_rd(c, sz));
        return;
    }
}

/* 8086 "PUSH SP" pushes the decremented value; 286 and later push the
 * value before the instruction. */
static void push_reg(Cpu *c, unsigned r, bool op32)
{
    if (r == R_ESP && c->model < CPU_286) {
        uint16_t v = (uint16_t)(c->r[R_ESP] - 2);
        push16(c, v);
        return;
    }
    push_v(c, op32, c->r[r]);
}

static void op_pusha(Cpu *c, bool op32)
{
    uint32_t sp = c->r[R_ESP];
    for (unsigned r = 0; r < 8; r++)
        push_v(c, op32, r == R_ESP ? sp : c->r[r]);
}

static void op_popa(Cpu *c, bool op32)
{
    /* all eight reads happen before any register changes */
    unsigned sz = op32 ? SZ32 : SZ16;
    uint32_t v[8];
    for (int r = 7; r >= 0; r--)
        v[r] = pop_v(c, op32);
    for (int r = 7; r >= 0; r--)
        if (r != R_ESP)
            reg_wr(c, sz, (unsigned)r, v[r]);
}

static void op_bound(Cpu *c)
{
    InsnCtx *in = &c->in;
    if (in->mod == 3)
        ud(c);
    if (in->op32) {
        int32_t v = (int32_t)c->r[in->reg];
        int32_t lo = (int32_t)rd32(c, in->ea_seg, in->ea_off);
        int32_t hi = (int32_t)rd32(c, in->ea_seg, ea_next(c, 4));
        if (v < lo || v > hi)
            cpu_exception(c, EXC_BR, CPU_NO_ERR);
    } else {
        int16_t v = (int16_t)c->r[in->reg];
        int16_t lo = (int16_t)rd16(c, in->ea_seg, in->ea_off);
        int16_t hi = (int16_t)rd16(c, in->ea_seg, ea_next(c, 2));
        if (v < lo || v > hi)
            cpu_exception(c, EXC_BR, CPU_NO_ERR);
    }
}

static void imul3(Cpu *c, uint32_t imm)
{
    InsnCtx *in = &c->in;
    if (in->op32) {
        int64_t p = (int64_t)(int32_t)rm_rd(c, SZ32) * (int64_t)(int32_t)imm;
        c->r[in->reg] = (uint32_t)p;
        bool ovf = p != (int32_t)p;
        flags_set_eager(c, F_ARITH, (ovf ? F_CF | F_OF : 0) |
                                        flags_szp((uint32_t)p, SZ32));
    } else {
        int32_t p = (int32_t)(int16_t)rm_rd(c, SZ16) * (int32_t)(int16_t)imm;
        reg_wr(c, SZ16, in->reg, (uint32_t)p);
        bool ovf = p != (int16_t)p;
        flags_set_eager(c, F_ARITH, (ovf ? F_CF | F_OF : 0) |
                                        flags_szp((uint32_t)p, SZ16));
    }
}

/* Memory operand size of an x87 instruction (ESC opcode, ModR/M reg). */
static unsigned esc_operand_size(uint8_t op, unsigned reg)
{
    switch (op) {
    case 0xD8: case 0xDA: return 4;
    case 0xD9: return reg == 4 || reg == 6 ? 14 : reg == 5 || reg == 7 ? 2 : 4;
    case 0xDB: return reg == 5 || reg == 7 ? 10 : 4;
    case 0xDC: return 8;
    case 0xDD: return reg == 4 || reg == 6 ? 94 : reg == 7 ? 2 : 8;
    case 0xDE: return 2;
    default: return reg == 4 || reg == 6 ? 10 : reg == 5 || reg == 7 ? 8 : 2;
    }
}

/* ESC D8-DF / WAIT without an FPU, or through the FPU glue. */
static void op_esc(Cpu *c, uint8_t op)
{
    InsnCtx *in = &c->in;
    resolve_ea(c);
    if (c->model >= CPU_286 && (c->cr[0] & (CR0_EM | CR0_TS)))
        cpu_exception(c, EXC_NM, CPU_NO_ERR);
    if (!c->has_fpu && c->model >= CPU_286 && in->mod != 3) {
        /* The 286/386 still run the operand's bus cycles (the 286 vectors
         * fault with interrupt 13 for an operand overrunning FFFFh). */
        unsigned size = esc_operand_size(op, in->reg);
        /* operand moved as words; 16-bit offsets wrap between them */
        for (unsigned i = 0; i < size; i += 2) {
            uint32_t off = ea_next(c, i);
            const SegCache *sg = &c->seg[in->ea_seg];
            if (off < sg->lo || off + 1 > sg->hi || off + 1 < off)
                cpu_exception(c, c->pe && in->ea_seg == SEG_SS ? EXC_SS : EXC_GP,
                              c->pe ? 0 : CPU_NO_ERR);
        }
    }
    fpu_glue_esc(c, op);
    (void)in;
}

#include "cpu/exec_0f.h"

/* ---- the dispatcher ------------------------------------------------- */

#define IMM_V(op32) ((op32) ? imm32(c) : imm16(c))
#define SZV (in->op32 ? SZ32 : SZ16)

/* Computed-goto dispatch where the compiler has it (GCC, clang); the
 * portable build uses the switch alone. */
#if defined(__GNUC__) && !defined(PX86_NO_THREADED_DISPATCH)
#define THREADED_DISPATCH 1
#else
#define THREADED_DISPATCH 0
#endif
/* OPCASE: a case label, plus a label for the dispatch table where the
 * function uses one (redefined around each inclusion). */
#define OPCASE(x) case x:
#define OPCASE_ALU(base, k) case base + k:
#define OPCASE_INVALID case OP_INVALID:
#define OPDEFAULT default:

/* The 6 ALU forms for opcodes base+0..5. */
#define ALU_CASES(base, aop)                                               \
    OPCASE_ALU(base, 0) resolve_ea(c); {                                   \
        uint32_t r = alu_op(c, aop, SZ8, rm_rd(c, SZ8), reg_rd(c, SZ8, in->reg)); \
        if (aop != ALU_CMP) rm_wr(c, SZ8, r); } NEXT_INSN;                 \
    OPCASE_ALU(base, 1) resolve_ea(c); {                                   \
        unsigned sz = SZV;                                                 \
        uint32_t r = alu_op(c, aop, sz, rm_rd(c, sz), reg_rd(c, sz, in->reg)); \
        if (aop != ALU_CMP) rm_wr(c, sz, r); } NEXT_INSN;                  \
    OPCASE_ALU(base, 2) resolve_ea(c); {                                   \
        uint32_t r = alu_op(c, aop, SZ8, reg_rd(c, SZ8, in->reg), rm_rd(c, SZ8)); \
        if (aop != ALU_CMP) reg_wr(c, SZ8, in->reg, r); } NEXT_INSN;       \
    OPCASE_ALU(base, 3) resolve_ea(c); {                                   \
        unsigned sz = SZV;                                                 \
        uint32_t r = alu_op(c, aop, sz, reg_rd(c, sz, in->reg), rm_rd(c, sz)); \
        if (aop != ALU_CMP) reg_wr(c, sz, in->reg, r); } NEXT_INSN;        \
    OPCASE_ALU(base, 4) {                                                  \
        uint32_t r = alu_op(c, aop, SZ8, c->r[R_EAX] & 0xFF, imm8(c));     \
        if (aop != ALU_CMP) reg_wr(c, SZ8, R_EAX, r); } NEXT_INSN;         \
    OPCASE_ALU(base, 5) {                                                  \
        unsigned sz = SZV;                                                 \
        uint32_t r = alu_op(c, aop, sz, reg_rd(c, sz, R_EAX), IMM_V(in->op32)); \
        if (aop != ALU_CMP) reg_wr(c, sz, R_EAX, r); } NEXT_INSN;

/* Start an instruction: find its decoded form (the decoded-instruction
 * cache: a hit needs the same physical address, the same stamp — page
 * generation unchanged, same default operand size — and all of its bytes
 * inside the fetch window, which is clipped to the CS limit) and hand its
 * fields to the handler.  Sets d and op. */
#define BEGIN_INSN()                                                        \
    do {                                                                    \
        uint32_t eip_ = c->eip;                                             \
        in->start_eip = eip_;                                               \
        c->insn_esp = c->r[R_ESP];                                          \
        uint32_t o_ = eip_ - c->fc_lo;                                      \
        d = c->fc_slots + o_;                                               \
        if (CPU_LIKELY(o_ < c->fc_span && d->phys == c->fc_phys + o_ &&     \
                       d->stamp == c->fc_stamp &&                           \
                       o_ + d->len <= c->fc_span))                          \
            c->eip = (eip_ + d->len) & c->ip_mask;                          \
        else                                                                \
            d = cpu_decode(c);                                              \
        memcpy(in, d, INSN_DECODED_SIZE);                                   \
        in->d = d;                                                          \
        op = d->op;                                                         \
    } while (0)

/* One instruction (the run loop's slow path: events pending). */
void cpu_exec_one(Cpu *c)
{
    InsnCtx *in = &c->in;
    const DecodedInsn *d;
    unsigned op;
    BEGIN_INSN();
#define NEXT_INSN break
    switch (op) {
#include "cpu/exec_cases.inc"
    OPCASE_INVALID
    OPDEFAULT
        ud(c);
    }
#undef NEXT_INSN
}

/* The hot loop: instructions back to back until an event is pending or
 * the budget is used up. */
void cpu_exec_burst(Cpu *c)
{
    InsnCtx *in = &c->in;
    const DecodedInsn *d;
    unsigned op;
#if THREADED_DISPATCH
    /* Every handler gets its own entry; an opcode without one (undefined
     * ones) goes through the switch.  The range default is overridden
     * entry by entry, on purpose. */
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winitializer-overrides"
#else
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
#endif
    static const void *const direct[OP_INVALID + 1] = {
        [0 ... OP_INVALID] = &&via_switch,
#define ALU_ENTRIES(b) [b + 0] = &&L_##b##_0, [b + 1] = &&L_##b##_1,       \
        [b + 2] = &&L_##b##_2, [b + 3] = &&L_##b##_3, [b + 4] = &&L_##b##_4, \
        [b + 5] = &&L_##b##_5
        ALU_ENTRIES(0x00), ALU_ENTRIES(0x08), ALU_ENTRIES(0x10),
        ALU_ENTRIES(0x18), ALU_ENTRIES(0x20), ALU_ENTRIES(0x28),
        ALU_ENTRIES(0x30), ALU_ENTRIES(0x38),
#undef ALU_ENTRIES
#include "cpu/exec_direct.inc"
    };
#if defined(__clang__)
#pragma clang diagnostic pop
#else
#pragma GCC diagnostic pop
#endif
#define NEXT_INSN                                                           \
    do {                                                                    \
        c->icount++;                                                        \
        if (CPU_UNLIKELY(c->events || c->icount >= c->run_end))             \
            return;                                                         \
        BEGIN_INSN();                                                       \
        goto *direct[op];                                                   \
    } while (0)
    BEGIN_INSN();
    goto *direct[op];
via_switch:
#undef OPCASE
#undef OPCASE_ALU
#define OPCASE(x) case x: L_##x:
#define OPCASE_ALU(base, k) case base + k: L_##base##_##k:
#else
#define NEXT_INSN break
next_insn:
    BEGIN_INSN();
#endif
    switch (op) {
#include "cpu/exec_cases.inc"
    OPCASE_INVALID
    OPDEFAULT
        ud(c);
    }
#if !THREADED_DISPATCH
    c->icount++;
    if (!c->events && c->icount < c->run_end)
        goto next_insn;
#endif
#undef NEXT_INSN
}
