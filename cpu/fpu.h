/*
 * cpu/fpu.h — the x87 floating-point unit (80387 / 486 built-in FPU).
 *
 * Owns: the FPU register file and its instruction semantics (ESC opcodes
 * D8..DF and WAIT), done in portable integer-only software 80-bit
 * arithmetic so results are identical on every host.  Implemented in
 * cpu/fpu_*.c (owner: helper "fpu").  This header is the contract with the
 * CPU core (owner: "cpu-core"); change it only together with them.
 *
 * ---------------------------------------------------------------------------
 * Integration contract (what the CPU does, what the FPU does)
 * ---------------------------------------------------------------------------
 * The CPU embeds one X87 in its state, calls x87_power_on() at cpu_create /
 * RESET (486 RESET leaves the FPU as FNINIT does, except that the 387 tag word
 * etc. are also reset; we use the FNINIT state for both), and for every ESC
 * instruction (D8..DF) and WAIT/FWAIT (9B):
 *
 *   CPU checks, in this order, BEFORE calling the FPU:
 *     - No FPU configured (CpuConfig.fpu == false):
 *         ESC with CR0.EM=1 -> #NM (int 7).  ESC with EM=0: decode ModR/M
 *         (and compute, but do not access, the effective address) and do
 *         nothing (no coprocessor answers: FNSTSW/FNSTCW leave memory
 *         untouched, which is how software detects "no FPU").  WAIT: no-op
 *         (unless TS&&MP -> #NM as below).
 *     - ESC: CR0.EM=1 or CR0.TS=1 -> #NM (fault; EIP at the first prefix).
 *     - WAIT: CR0.TS=1 and CR0.MP=1 -> #NM.
 *     - Memory forms: the CPU computes the effective address (ModR/M + SIB +
 *       displacement, address-size wrap applied) and the segment; it does
 *       NOT access memory: the FPU does, through X87MemIf (the CPU's
 *       callbacks do segment limit / rights / paging checks and may not
 *       return: they may longjmp out for #GP/#SS/#PF; the FPU reads all of
 *       its memory operands and performs its stores BEFORE committing any
 *       register/status change, so a faulting instruction can simply be
 *       restarted).
 *   Then it fills an X87Op and calls x87_execute():
 *     X87_OK          done; continue with the next instruction.
 *     X87_REPORT      the instruction was NOT executed: an unmasked exception
 *                     is pending (status word ES=1) and this is a "waiting"
 *                     instruction (every FPU instruction and WAIT except
 *                     FNINIT, FNCLEX, FNSTCW, FNSTSW, FNSTENV, FNSAVE and the
 *                     387 no-ops FNENI/FNDISI/FNSETPM).  Only returned when
 *                     op->ne is true (CR0.NE=1 on a 486): the CPU raises
 *                     #MF (int 16, fault, no error code, EIP at the first
 *                     prefix of this instruction).  With op->ne false the
 *                     FPU behaves as if IGNNE# were asserted (as a PC does
 *                     after the IRQ13 handler writes port F0h) and executes
 *                     the instruction.
 *   Independently of the return code, bit X87_FERR_CHANGED may be set: the
 *   ES bit (== the FERR# pin) changed level during this call.  The CPU then
 *   calls host->ferr(opaque, x87_ferr(f)) (on a PC that is IRQ13).  Drive
 *   FERR# in every mode, as the real pin is; a 386 has no CR0.NE: pass
 *   ne=false for the 386 (PC/AT 386 boards report x87 errors via IRQ13).
 *
 *   Segment registers are numbered in x86 encoding order 0=ES 1=CS 2=SS
 *   3=DS 4=FS 5=GS (the X87MemIf callbacks get this number back).
 *
 *   The FPU raises no CPU exceptions itself; everything it reports is the
 *   return code above.
 * ---------------------------------------------------------------------------
 */
#ifndef PX86_CPU_FPU_H
#define PX86_CPU_FPU_H

#include <stdbool.h>
#include <stdint.h>

/* One 80-bit register: explicit-integer-bit significand and sign|exponent. */
typedef struct Fx80 {
    uint64_t mant;    /* bit 63 = explicit integer bit J */
    uint16_t sign_exp; /* bit 15 = sign, bits 14..0 = biased exponent */
} Fx80;

/* Status word bits (Intel SDM vol. 1, 8.1.3). */
enum {
    X87_SW_IE = 0x0001, X87_SW_DE = 0x0002, X87_SW_ZE = 0x0004,
    X87_SW_OE = 0x0008, X87_SW_UE = 0x0010, X87_SW_PE = 0x0020,
    X87_SW_SF = 0x0040, X87_SW_ES = 0x0080, X87_SW_C0 = 0x0100,
    X87_SW_C1 = 0x0200, X87_SW_C2 = 0x0400, X87_SW_TOP = 0x3800,
    X87_SW_C3 = 0x4000, X87_SW_B = 0x8000,
};
/* Control word fields. */
enum {
    X87_CW_EXC_MASKS = 0x003F, X87_CW_PC = 0x0300, X87_CW_RC = 0x0C00,
    X87_CW_IC = 0x1000, /* infinity control: ignored by the 387+, kept */
};

typedef struct X87 {
    Fx80 regs[8];     /* physical registers R0..R7; ST(i) = R[(TOP+i)&7] */
    uint16_t cw;      /* control word */
    uint16_t sw;      /* status word, TOP in bits 13..11 */
    uint16_t tw;      /* tag word: 2 bits per physical register, 11=empty.
                         Only "empty" is authoritative; valid/zero/special
                         are recomputed from the contents when stored. */
    uint16_t fop;     /* last non-control opcode, 11 bits */
    uint32_t fip;     /* last instruction offset (first prefix) */
    uint16_t fcs;     /* last instruction CS selector */
    uint32_t fdp;     /* last memory operand offset */
    uint16_t fds;     /* last memory operand selector */
} X87;

/* Memory access for memory operands.  `seg` is the segment register number
 * (0=ES..5=GS), `offset` the effective address (already wrapped to the
 * address size).  A callback may longjmp out (guest fault); the FPU never
 * leaves state half-changed across a callback.  Accesses are at most 108
 * bytes (FSAVE/FRSTOR in the 32-bit layout); the FPU makes exactly one call
 * per operand (FSAVE: one write of the whole image). */
typedef struct X87MemIf {
    void (*read)(void *opaque, unsigned seg, uint32_t offset, void *buf,
                 unsigned len);
    void (*write)(void *opaque, unsigned seg, uint32_t offset,
                  const void *buf, unsigned len);
    void *opaque;
} X87MemIf;

/* One FPU instruction as decoded by the CPU. */
typedef struct X87Op {
    uint8_t opcode;   /* 0xD8..0xDF, or 0x9B for WAIT/FWAIT */
    uint8_t modrm;    /* ModR/M byte (ignored for WAIT) */
    uint8_t seg;      /* memory forms: segment register number (after
                         segment-override prefixes) */
    bool op32;        /* operand size 32: 32-bit FSTENV/FSAVE layouts */
    bool pm;          /* protected-mode layout for FSTENV/FLDENV/FSAVE/
                         FRSTOR: pass CR0.PE && !EFLAGS.VM (real-mode and
                         V86 use the real-mode layout) */
    bool ne;          /* CR0.NE (486); false on a 386: see X87_REPORT */
    uint32_t ea;      /* memory forms: effective address (offset) */
    uint16_t ea_sel;  /* memory forms: selector in `seg` (recorded as FDS) */
    uint16_t cs_sel;  /* CS selector (recorded as FCS) */
    uint32_t eip;     /* offset of the instruction's first prefix (FIP) */
    uint32_t cs_base; /* segment bases of CS and `seg`: informational; the */
    uint32_t ea_base; /* real/V86 layouts store (sel<<4)+offset, which is
                         the linear address except in "unreal" states */
} X87Op;

/* x87_execute() results (bit set). */
enum {
    X87_OK = 0,
    X87_REPORT = 1,       /* not executed: raise #MF (see the contract) */
    X87_FERR_CHANGED = 2, /* FERR# (ES) changed: call host->ferr() */
    X87_STORE_AX = 4,     /* FNSTSW AX (DF E0): the CPU sets AX = f->sw */
};

/* FNINIT state: CW=037F, SW=0, all registers empty, pointers 0. */
void x87_reset(X87 *f);
/* Power-on / RESET: registers zeroed too, then FNINIT state. */
void x87_power_on(X87 *f);
int x87_execute(X87 *f, const X87Op *op, const X87MemIf *mem);
/* Level of the FERR# output (= status word ES). */
static inline bool x87_ferr(const X87 *f) { return (f->sw & X87_SW_ES) != 0; }

/* Save state (hw/device.h format); section "x87". */
struct StateWriter;
struct StateReader;
int x87_save(const X87 *f, struct StateWriter *w);
int x87_load(X87 *f, struct StateReader *r);

/* Disassembly: format an ESC instruction.  For memory forms (modrm < 0xC0)
 * `mem_text` is the caller's operand text without size keyword, e.g.
 * "[bx+si+0x4]" or "es:[eax]"; the FPU adds "dword "/"qword "/"tword "/
 * "word " as appropriate.  Writes NUL-terminated text such as
 * "fadd st0, st3" or "fild qword [bx]" and returns its length, or -1 for an
 * opcode/modrm that is not an FPU instruction (not ESC).  Reserved
 * encodings the 387 executes as aliases print as their alias ("fstp1 st2"). */
int x87_disasm(uint8_t opcode, uint8_t modrm, const char *mem_text,
               char *buf, unsigned bufsize);

/* ---------------------------------------------------------------------------
 * CPU glue (cpu/fpu_glue.c, owned by "fpu", built on cpu/cpu_internal.h).
 * cpu-core wires these in (its cpu/fpu_glue.h / cpu.c):
 *   cpu_create:  x87_glue_attach(c)   (allocates c->fpu when c->has_fpu)
 *   cpu_destroy: x87_glue_detach(c)
 *   cpu_reset:   x87_glue_reset(c)    (power-on state; drops FERR#)
 *   ESC D8..DF:  after decode_modrm() and the CR0.EM/TS -> #NM check:
 *                if (c->fpu) x87_glue_esc(c, op); else nothing (no FPU)
 *   WAIT (9B):   after the TS&&MP -> #NM check: if (c->fpu) x87_glue_wait(c)
 *   cpu_save/cpu_load: x87_glue_save/x87_glue_load (section "x87",
 *                written only when c->fpu exists)
 * x87_glue_esc raises #MF itself (cpu_exception(EXC_MF), a fault at the
 * first prefix) when the FPU answers X87_REPORT, drives host.ferr on
 * X87_FERR_CHANGED and writes AX for FNSTSW AX.
 * --------------------------------------------------------------------------- */
struct Cpu;
int x87_glue_attach(struct Cpu *c);
void x87_glue_detach(struct Cpu *c);
void x87_glue_reset(struct Cpu *c);
void x87_glue_esc(struct Cpu *c, uint8_t op);
void x87_glue_wait(struct Cpu *c);
int x87_glue_save(const struct Cpu *c, struct StateWriter *w);
int x87_glue_load(struct Cpu *c, struct StateReader *r);

/* Debugger / gdb stub view: ST(i) as raw 10-byte little-endian image. */
void x87_get_st(const X87 *f, unsigned i, uint8_t out[10]);
/* Full 16-bit tag word as FSTENV stores it (computed from the contents). */
uint16_t x87_tag_word(const X87 *f);

#endif
