/*
 * cpu/cpu_internal.h — the CPU's private state and the contract between the
 * core (cpu-core: decode, dispatch, ALU, memory path, real mode) and the
 * protected-mode half (cpu-pm: segment loads, far transfers, IDT delivery,
 * task switch, paging walk, system instructions).  Nothing outside cpu/
 * includes this header.
 *
 * Conventions for both halves
 * ---------------------------
 * - Exceptions: call cpu_exception(cpu, vector, error_code) (never returns).
 *   Pass CPU_NO_ERR for vectors without an error code.  It longjmps back to
 *   the execution loop, which restores EIP and ESP to the values they had at
 *   the start of the faulting instruction (cpu->insn_eip / insn_esp) and
 *   then delivers the exception: real mode through the IVT (core), protected
 *   mode / V86 through pm_deliver_interrupt().  A fault raised while an
 *   exception is being delivered escalates to #DF (8 with error 0), a fault
 *   while delivering #DF is a triple fault (host->shutdown).  Handlers
 *   therefore never need to undo partial register changes except anything
 *   other than EIP/ESP that they modified before faulting (so: check first,
 *   then commit).
 * - Memory: every guest access goes through cpu_rd8/16/32 and cpu_wr8/16/32
 *   (segment:offset, with limit/rights checks) or cpu_lin_rd8..32 / cpu_lin_wr8..32
 *   (linear address, paging + TLB, user/supervisor from cpu->cpl unless the
 *   `sys` variants are used for descriptor-table and TSS accesses, which are
 *   always supervisor accesses).
 * - EFLAGS: arithmetic flags are lazy; always use cpu_get_eflags() /
 *   cpu_set_eflags() to read or write the whole register.
 */
#ifndef PX86_CPU_CPU_INTERNAL_H
#define PX86_CPU_CPU_INTERNAL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "cpu/cpu.h"
#include "mem/memory.h"

#if defined(__GNUC__) || defined(__clang__)
#define CPU_LIKELY(x) __builtin_expect(!!(x), 1)
#define CPU_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define CPU_NORETURN __attribute__((noreturn))
#define CPU_INLINE static inline __attribute__((always_inline))
#else
#define CPU_LIKELY(x) (x)
#define CPU_UNLIKELY(x) (x)
#define CPU_NORETURN _Noreturn
#define CPU_INLINE static inline
#endif

/* Internal consistency checks: on in debug builds (--enable-debug, no
 * NDEBUG), compiled out of release builds. */
#ifdef NDEBUG
#define CPU_ASSERT(x) ((void)0)
#else
#include <assert.h>
#define CPU_ASSERT(x) assert(x)
#endif

/* ---- architectural constants ------------------------------------------- */

/* Segment register numbers as encoded in ModR/M reg / opcodes. */
enum { SEG_ES = 0, SEG_CS = 1, SEG_SS = 2, SEG_DS = 3, SEG_FS = 4,
       SEG_GS = 5, SEG_COUNT = 6 };
/* General registers (32-bit index = encoding). */
enum { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI };

/* EFLAGS bits. */
enum {
    F_CF = 1u << 0, F_PF = 1u << 2, F_AF = 1u << 4, F_ZF = 1u << 6,
    F_SF = 1u << 7, F_TF = 1u << 8, F_IF = 1u << 9, F_DF = 1u << 10,
    F_OF = 1u << 11, F_IOPL = 3u << 12, F_NT = 1u << 14, F_RF = 1u << 16,
    F_VM = 1u << 17, F_AC = 1u << 18, F_ID = 1u << 21,
};
#define F_ARITH (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)

/* CR0 bits. */
enum {
    CR0_PE = 1u << 0, CR0_MP = 1u << 1, CR0_EM = 1u << 2, CR0_TS = 1u << 3,
    CR0_ET = 1u << 4, CR0_NE = 1u << 5, CR0_WP = 1u << 16, CR0_AM = 1u << 18,
    CR0_NW = 1u << 29, CR0_CD = 1u << 30, CR0_PG = 1u << 31,
};

/* Exception vectors. */
enum {
    EXC_DE = 0, EXC_DB = 1, EXC_NMI = 2, EXC_BP = 3, EXC_OF = 4, EXC_BR = 5,
    EXC_UD = 6, EXC_NM = 7, EXC_DF = 8, EXC_MP = 9 /* 286/386 coproc seg overrun */,
    EXC_TS = 10, EXC_NP = 11, EXC_SS = 12, EXC_GP = 13, EXC_PF = 14,
    EXC_MF = 16, EXC_AC = 17,
};
#define CPU_NO_ERR (-1)

/* Kinds of interrupt delivery (matter for IDT gate DPL checks, V86 and
 * which EIP is pushed). */
typedef enum IntKind {
    INT_EXCEPTION = 0, /* fault/trap raised by the CPU (error code maybe) */
    INT_SOFTWARE,      /* INT n, INT3, INTO (DPL check against CPL)       */
    INT_HARDWARE,      /* INTR (vector from host->intr_ack) or NMI        */
} IntKind;

/* Memory access kinds for the TLB / page walk. */
typedef enum AccessKind {
    ACC_READ = 0,
    ACC_WRITE = 1,
    ACC_EXEC = 2,
} AccessKind;

/* ---- segment descriptor cache ------------------------------------------ */

typedef struct SegCache {
    uint16_t sel;
    uint32_t base;
    uint32_t limit; /* byte granular (already scaled by G) */
    /* descriptor access byte (P DPL S type) | flags nibble << 8 (G D/B 0
     * AVL), i.e. bits 40..47 and 52..55 of the descriptor. Real mode loads
     * set 0x93 (present, writable data) and CS 0x9B. */
    uint16_t flags;
    bool big;   /* D/B bit: 32-bit code / 32-bit stack (ESP) */
    bool valid; /* false for a null selector in protected mode */
    /* Derived by cpu_seg_derive() from the above (call it after changing
     * base/limit/flags): offsets [lo, hi] an access must fall inside, and
     * whether reads/writes are allowed at all. */
    uint32_t lo, hi;
    bool rd_ok, wr_ok;
} SegCache;

/* Descriptor-table registers. */
typedef struct DtReg {
    uint32_t base;
    uint32_t limit;
} DtReg;

/* ---- software TLB ------------------------------------------------------ */

#define TLB_BITS 8
#define TLB_SIZE (1u << TLB_BITS)
/* One entry per linear page for reads and one for writes.  `tag` is the
 * linear page base with bit 0 set when valid (a linear page base always
 * has the low 12 bits clear), so the fast path is one compare:
 *     if (e->tag == ((lin & ~0xFFF) | 1)) host = e->host + (lin & 0xFFF);
 * `host` is NULL for pages that must take the slow path (MMIO, ROM
 * writes, code pages) — those entries are never filled, so a hit always
 * means plain RAM.  user: entry valid for CPL 3 (paging U/S). */
typedef struct TlbEntry {
    uint32_t tag;
    uint32_t phys; /* physical page base */
    uint8_t *host; /* host pointer of the page start */
} TlbEntry;

/* ---- decoded instructions ----------------------------------------------- */

/* The fields a handler reads about its instruction.  DecodedInsn starts
 * with them and InsnCtx starts with them, so the run loop hands a cached
 * instruction to its handler with one 8-byte copy. */
#define INSN_DECODED_FIELDS                                                  \
    bool op32;      /* operand size 32 */                                    \
    bool addr32;    /* address size 32 */                                    \
    int8_t seg;     /* segment override, or -1 */                            \
    uint8_t rep;    /* 0, 0xF2 or 0xF3 */                                    \
    uint8_t modrm;  /* ModR/M byte if the instruction has one */             \
    uint8_t mod, reg, rm;
#define INSN_DECODED_SIZE 8

enum { EA_NONE = 8 }; /* no base / no index register (Cpu.r[8] is 0) */
/* DecodedInsn.op of a two-byte opcode the model does not have (#UD) */
enum { OP_INVALID = 0x200 };

/* One decoded instruction (cpu/decode.c): 32 bytes, so a cache slot
 * never straddles a host cache line.  In the cache it is tagged with the
 * physical address of its first byte and a stamp: the code generation
 * of that page (mem->code_gen) when it was decoded, times two, plus the
 * default operand size (code32) it was decoded for. */
typedef struct DecodedInsn {
    INSN_DECODED_FIELDS
    uint16_t op;      /* one-byte opcode, 0x100 + xx for 0F xx, OP_INVALID */
    uint8_t len;      /* bytes, prefixes included */
    uint8_t ea_base, ea_index, ea_scale; /* memory operand (EA_NONE = none) */
    uint8_t ea_seg;   /* its segment (override applied) */
    uint8_t nimm;     /* immediate bytes */
    union {
        /* immediates in instruction order: at most 4 bytes when there is
         * a memory operand (then disp follows), up to 6 without (far
         * pointers) */
        uint8_t imm[8];
        struct {
            uint8_t imm_with_ea[4];
            uint32_t disp; /* displacement, sign-extended */
        };
    };
    uint32_t phys;    /* cache tag: physical address of the first byte */
    uint32_t stamp;   /* DC_STAMP() when decoded; 0 = empty slot */
} DecodedInsn;

#define DC_BITS 15
#define DC_SIZE (1u << DC_BITS)
/* Consecutive instructions of a page land in consecutive slots; pages
 * that share low address bits are spread by their page number. */
#define DC_INDEX(phys) (((phys) ^ ((phys) >> (DC_BITS - 2))) & (DC_SIZE - 1))
#define DC_STAMP(gen, c) ((gen) * 2u + 2u + (unsigned)(c)->code32)

/* The instruction being executed: its decoded fields, then what the
 * handler computes.  System-instruction handlers (cpu-pm) read the
 * ModR/M operand through cpu_ea_*() / cpu_rm_*(). */
typedef struct InsnCtx {
    INSN_DECODED_FIELDS
    const DecodedInsn *d; /* immediates and address shape */
    uint32_t start_eip; /* EIP of the first prefix byte */
    uint8_t ea_seg;     /* effective segment of the memory operand */
    uint32_t ea_off;    /* effective offset of the memory operand */
} InsnCtx;

/* ---- the CPU ----------------------------------------------------------- */

struct Cpu {
    /* hot registers first */
    /* EAX ECX EDX EBX ESP EBP ESI EDI, and r[8] = 0 always: a decoded
     * effective address names register EA_NONE (8) for "no base" or "no
     * index", so resolving it needs no branches. */
    uint32_t r[9];
    uint32_t eip;
    /* Lazy flags: `flags` holds every EFLAGS bit; the six arithmetic bits
     * (F_ARITH) are stale while cc_op != CC_EAGER and are then computed
     * from cc_op/cc_res/cc_a/cc_b (see cpu/flags.c). */
    uint32_t flags;
    uint32_t cc_op, cc_res, cc_a, cc_b;

    SegCache seg[SEG_COUNT];

    /* per-model constants (set by cpu_create/cpu_reset) */
    CpuModel model;
    bool has_fpu;
    uint32_t addr_mask;   /* 0xFFFFF (8086/186), 0xFFFFFF (286), ~0 */
    uint32_t flags_fixed1;/* EFLAGS bits that always read as 1 */
    uint32_t flags_writable; /* EFLAGS bits software can change */
    unsigned max_insn_len; /* 10 on 286, 15 on 386+, 0 = unlimited */

    /* mode state (kept in sync by cpu_update_mode()) */
    uint32_t cr[5];     /* CR0..CR4 (CR1 unused) */
    uint32_t dr[8];     /* DR0..DR7 (DR4/5 alias 6/7) */
    uint16_t msw_286;   /* unused; CR0 low word is the MSW */
    DtReg gdtr, idtr;
    SegCache ldtr, tr;  /* LDTR / TR caches (sel + base/limit/flags) */
    unsigned cpl;
    bool pe;            /* CR0.PE */
    bool v86;           /* EFLAGS.VM && PE */
    bool paging;        /* CR0.PG */
    bool code32;        /* CS.big: default operand/address size 32 */
    bool stack32;       /* SS.big: ESP vs SP */

    /* execution state */
    bool halted;
    bool intr_line;     /* INTR input level */
    bool nmi_pending;   /* edge latched */
    bool nmi_blocked;   /* inside an NMI handler until IRET */
    bool exit_request;
    /* Nonzero when something must be looked at between instructions
     * (INTR with IF, NMI, trap, exit request, step hook).  Recomputed by
     * cpu_update_events(); the loop only tests this one word. */
    volatile uint32_t events;
    /* Interrupts (not NMI) are inhibited for the instruction after STI
     * or MOV/POP SS: shadow_icount == icount of that instruction + 1. */
    uint64_t shadow_icount;
    bool trap_after;    /* TF was set at the start of this instruction */
    uint64_t icount;    /* instructions retired */
    uint64_t run_end;   /* icount at which cpu_run stops */

    InsnCtx in;         /* the instruction being executed */
    uint32_t insn_esp;  /* ESP at instruction start (restored on fault) */

    /* exception plumbing */
    jmp_buf exc_jmp;
    bool exc_jmp_valid;
    int exc_vector;
    int exc_error;      /* CPU_NO_ERR if none */
    int exc_nesting;    /* 0 normally, 1 delivering, 2 delivering #DF */
    int exc_first;      /* vector being delivered (cpu-pm: #DF classes) */
    uint32_t db_pending; /* DR6 B0-B3 hits to report after the insn */

    /* Fetch cache: code bytes for EIP in [fc_lo, fc_lo + fc_span) are at
     * fc_host[eip - fc_lo] (one page of RAM/ROM clipped to the CS limit).
     * fc_span = 0 invalidates; cpu_update_mode() and TLB flushes do. */
    uint32_t fc_lo, fc_span;
    const uint8_t *fc_host;
    uint32_t fc_phys;   /* physical address of offset fc_lo */
    /* DC_STAMP() of the window's page: decoded instructions with this
     * stamp are current.  A write to a code page drops the window (the
     * memory code-write hook), so the stamp is re-read after it. */
    uint32_t fc_stamp;
    /* decoded-instruction cache (cpu/decode.c) and the entry used for
     * instructions it cannot hold */
    DecodedInsn *dcache;
    DecodedInsn dscratch;
    uint32_t ip_mask;   /* 0xFFFF for 16-bit code, 0xFFFFFFFF for 32-bit */

    /* software TLB (read, write).  Entries are filled for the current
     * CPL's privilege, so a CPL change flushes them: change cpl only with
     * cpu_set_cpl(). */
    TlbEntry tlb_rd[TLB_SIZE];
    TlbEntry tlb_wr[TLB_SIZE];
    /* debugger memory watch (see cpu_set_mem_watch in cpu.h) */
    uint32_t watch_lo, watch_len;
    bool watch_rd, watch_wr;
    void (*watch_cb)(void *opaque, uint32_t lin, bool write);
    void *watch_opaque;

    PhysMem *mem;
    CpuHost host;

    cpu_step_hook step_hook;
    void *step_opaque;

    /* x87 state belongs to cpu/fpu_*.c (helper "fpu"); opaque here. */
    void *fpu;
};

/* ---- core services (cpu-core implements; cpu-pm may call) -------------- */

CPU_NORETURN void cpu_exception(Cpu *cpu, int vector, int error_code);

/* EFLAGS (materialises lazy flags).  cpu_set_eflags writes only the bits
 * in `mask` (further limited to the model's writable bits) and updates
 * mode caches (VM) and the event word (IF/TF). */
uint32_t cpu_get_eflags(Cpu *cpu);
void cpu_set_eflags(Cpu *cpu, uint32_t value, uint32_t mask);

/* Recompute pe/v86/paging/cpl-derived caches after CR0, EFLAGS.VM or CS
 * changes; flushes the TLB when paging state changed. */
void cpu_update_mode(Cpu *cpu);
/* Write a control register with its side effects (TLB flush on CR0.PG/PE/WP
 * and CR3 writes, mode update).  No privilege checks (the caller does). */
void cpu_write_cr(Cpu *cpu, unsigned n, uint32_t value);
void cpu_tlb_flush(Cpu *cpu);
/* Change CPL (flushes the TLB when paging is on).  After changing
 * cpu->seg[SEG_CS] or cpu->seg[SEG_SS] directly, call cpu_update_mode() so
 * code32/stack32 and the fetch cache follow. */
void cpu_set_cpl(Cpu *cpu, unsigned cpl);
void cpu_tlb_flush_page(Cpu *cpu, uint32_t linear);
void cpu_update_events(Cpu *cpu);

/* Recompute SegCache.lo/hi/rd_ok/wr_ok from base/limit/flags/valid. */
void cpu_seg_derive(Cpu *cpu, SegCache *s);
/* Real-mode / V86 style load: base = sel << 4, limit and rights kept
 * (real mode) or set to 0xFFFF/ring-3 data (V86). */
void cpu_load_seg_real(Cpu *cpu, int sreg, uint16_t sel);
/* Load any segment register the way the current mode requires
 * (real/V86 → cpu_load_seg_real, protected → pm_load_seg). */
void cpu_load_seg(Cpu *cpu, int sreg, uint16_t sel);
/* Set CS:EIP for a real/V86-mode far transfer. */
void cpu_set_cs_eip_real(Cpu *cpu, uint16_t sel, uint32_t eip);

/* Segmented accesses (limit + rights checks, #GP/#SS on violation). */
uint8_t cpu_rd8(Cpu *cpu, int sreg, uint32_t off);
uint16_t cpu_rd16(Cpu *cpu, int sreg, uint32_t off);
uint32_t cpu_rd32(Cpu *cpu, int sreg, uint32_t off);
void cpu_wr8(Cpu *cpu, int sreg, uint32_t off, uint8_t v);
void cpu_wr16(Cpu *cpu, int sreg, uint32_t off, uint16_t v);
void cpu_wr32(Cpu *cpu, int sreg, uint32_t off, uint32_t v);

/* Linear accesses through paging with the current CPL's privilege. */
uint8_t cpu_lin_rd8(Cpu *cpu, uint32_t lin);
uint16_t cpu_lin_rd16(Cpu *cpu, uint32_t lin);
uint32_t cpu_lin_rd32(Cpu *cpu, uint32_t lin);
void cpu_lin_wr8(Cpu *cpu, uint32_t lin, uint8_t v);
void cpu_lin_wr16(Cpu *cpu, uint32_t lin, uint16_t v);
void cpu_lin_wr32(Cpu *cpu, uint32_t lin, uint32_t v);
/* Supervisor ("system") linear accesses: GDT/LDT/IDT/TSS reads and the
 * accessed/busy-bit writes; privilege checks as for CPL 0. */
uint8_t cpu_sys_rd8(Cpu *cpu, uint32_t lin);
uint16_t cpu_sys_rd16(Cpu *cpu, uint32_t lin);
uint32_t cpu_sys_rd32(Cpu *cpu, uint32_t lin);
void cpu_sys_wr8(Cpu *cpu, uint32_t lin, uint8_t v);
void cpu_sys_wr16(Cpu *cpu, uint32_t lin, uint16_t v);
void cpu_sys_wr32(Cpu *cpu, uint32_t lin, uint32_t v);

/* Stack in the current SS with its B bit (SP vs ESP). */
void cpu_push16(Cpu *cpu, uint16_t v);
void cpu_push32(Cpu *cpu, uint32_t v);
uint16_t cpu_pop16(Cpu *cpu);
uint32_t cpu_pop32(Cpu *cpu);

/* The current instruction's ModR/M operand (after decode): register or
 * memory at cpu->in.ea_seg:ea_off. */
uint16_t cpu_rm_read16(Cpu *cpu);
uint32_t cpu_rm_read32(Cpu *cpu);
void cpu_rm_write16(Cpu *cpu, uint16_t v);
void cpu_rm_write32(Cpu *cpu, uint32_t v);
/* Register field (cpu->in.reg) as 16/32-bit GPR. */
uint32_t cpu_reg_read(Cpu *cpu, unsigned reg, bool op32);
void cpu_reg_write(Cpu *cpu, unsigned reg, bool op32, uint32_t v);

/* Port I/O after the permission check (IOPL / bitmap via pm_io_allowed). */
uint32_t cpu_io_in(Cpu *cpu, uint16_t port, unsigned size);
void cpu_io_out(Cpu *cpu, uint16_t port, uint32_t v, unsigned size);

/* Deliver an interrupt/exception through the real-mode IVT (core). */
void cpu_real_interrupt(Cpu *cpu, unsigned vector, uint32_t return_eip);

/* ---- protected-mode hooks (cpu-pm implements; stubs in pm_stubs.c) ----- *
 * All may raise exceptions with cpu_exception().  "op32" is the operand
 * size of the instruction.  The core calls these only when cpu->pe is set
 * (and, unless stated, also in V86 mode where the hook must do the V86
 * behaviour itself). */

/* Load segment register `sreg` (SEG_ES..SEG_GS, never SEG_CS) with `sel`
 * in protected mode (not V86): null/type/privilege/present checks, fills
 * cpu->seg[sreg] (call cpu_seg_derive), sets the accessed bit.  SS loads
 * also update cpu->stack32.  Raise #GP(sel)/#SS(sel)/#NP(sel). */
void pm_load_seg(Cpu *cpu, int sreg, uint16_t sel);

/* Far JMP / CALL to sel:off in protected mode (not V86; V86 far transfers
 * are real-mode style and done by the core): code segments, call gates,
 * task gates/TSS.  CALL pushes the return CS:EIP (next instruction in
 * cpu->eip on entry) with operand size op32. */
void pm_far_jmp(Cpu *cpu, uint16_t sel, uint32_t off, bool op32);
void pm_far_call(Cpu *cpu, uint16_t sel, uint32_t off, bool op32);
/* RETF [imm] in protected mode: pops EIP, CS (and ESP, SS for an outer
 * return), adds `imm` to the stack pointer(s). */
void pm_far_ret(Cpu *cpu, bool op32, uint16_t imm);
/* IRET/IRETD in protected mode and V86 mode (NT task return, return to
 * V86, IOPL-sensitive V86 IRET → #GP(0)). */
void pm_iret(Cpu *cpu, bool op32);

/* Deliver interrupt `vector` in protected or V86 mode through the IDT.
 * error_code is CPU_NO_ERR or the value to push.  return_eip is the EIP to
 * push (the faulting instruction for faults, the next one for traps and
 * INT n).  kind selects the gate DPL check (INT_SOFTWARE) and V86 rules.
 * Double/triple fault escalation is done by the core around this call. */
void pm_deliver_interrupt(Cpu *cpu, unsigned vector, int error_code,
                          IntKind kind, uint32_t return_eip);

/* Paging walk for linear address `lin`: returns the physical address (page
 * base | offset) and sets accessed/dirty bits, or raises #PF (sets CR2) for
 * a not-present / protection violation.  `user` is true for CPL 3 accesses
 * (false for system accesses).  Called by the core on a TLB miss when
 * cpu->paging is set. */
uint32_t pm_page_walk(Cpu *cpu, uint32_t lin, AccessKind acc, bool user);
/* Debugger translation: no faults, no A/D updates; false if not mapped. */
bool pm_page_probe(Cpu *cpu, uint32_t lin, bool write, uint32_t *phys);

/* May CPL access `size` bytes at `port`?  Protected mode: CPL <= IOPL, else
 * TSS I/O bitmap (386+); V86: bitmap always.  Called by the core for
 * IN/OUT/INS/OUTS only when pe && (cpl > iopl || v86).  Return false to let
 * the core raise #GP(0). */
bool pm_io_allowed(Cpu *cpu, uint16_t port, unsigned size);

/* System instruction handlers.  The core has decoded the instruction
 * (prefixes, ModR/M, effective address in cpu->in) and calls these for:
 *   0F 00 (group 6: SLDT STR LLDT LTR VERR VERW)         pm_op_group6
 *   0F 01 (group 7: SGDT SIDT LGDT LIDT SMSW LMSW INVLPG) pm_op_group7
 *   0F 02 LAR, 0F 03 LSL                                  pm_op_lar/lsl
 *   0F 06 CLTS                                            pm_op_clts
 *   63    ARPL (protected mode only; #UD in real/V86 is done by the core)
 *   0F 20/22 MOV r32,CRn / CRn,r32  (to_cr=false/true)     pm_op_mov_cr
 *   0F 21/23 MOV r32,DRn / DRn,r32                         pm_op_mov_dr
 *   0F 24/26 MOV TRn (386 test registers)                  pm_op_mov_tr
 * The core calls them in every mode (they decide #UD in real/V86 mode
 * where required, e.g. LLDT in real mode).  ModR/M reg/rm are in
 * cpu->in.reg/rm; for memory forms (cpu->in.mod != 3) the operand is at
 * cpu->in.ea_seg:cpu->in.ea_off (use cpu_rd16 etc. or cpu_rm_read16). */
void pm_op_group6(Cpu *cpu);
void pm_op_group7(Cpu *cpu);
void pm_op_lar(Cpu *cpu);
void pm_op_lsl(Cpu *cpu);
void pm_op_clts(Cpu *cpu);
void pm_op_arpl(Cpu *cpu);
void pm_op_mov_cr(Cpu *cpu, bool to_cr);
void pm_op_mov_dr(Cpu *cpu, bool to_dr);
void pm_op_mov_tr(Cpu *cpu, bool to_tr);

/* Called from cpu_reset() after the core reset (GDTR/IDTR/LDTR/TR reset
 * values are set by the core: IDTR base 0 limit 0x3FF). */
void pm_reset(Cpu *cpu);

/* Disassemble from a byte buffer (cpu/disasm.c); ip = offset of bytes[0]
 * for relative targets.  Returns the length, 0 if truncated. */
int cpu_disasm_bytes(const uint8_t *bytes, unsigned len, bool mode32,
                     CpuModel model, uint32_t ip, char *buf,
                     unsigned bufsize);

/* Debug breakpoints and alignment checks (cpu-pm, cpu/pm_debugreg.c).
 * While DR7 enables any breakpoint the core keeps an event bit set and
 * calls pm_debug_insn_check() before each instruction (instruction
 * breakpoints: #DB fault), and the memory slow path (the TLB is not filled
 * meanwhile) calls pm_debug_data_check() for each data access, which
 * accumulates DR6 B0-B3 bits in cpu->db_pending; the run loop raises the
 * #DB trap after the instruction. */
void pm_debug_insn_check(Cpu *cpu);
/* Debugger memory watch (cpu_set_mem_watch, not guest visible): checked in
 * the same slow path as DR7 data breakpoints. */
void cpu_mem_watch_check(Cpu *cpu, uint32_t lin, unsigned size, bool write);
CPU_INLINE bool cpu_data_checks(const Cpu *cpu)
{
    return (cpu->dr[7] & 0xFF) || cpu->watch_len;
}
void pm_debug_data_check(Cpu *cpu, uint32_t lin, unsigned size, bool write);
/* #AC (486): CR0.AM && EFLAGS.AC && CPL 3.  While active the TLB is not
 * filled, so the slow path sees every access and checks alignment. */
static inline bool cpu_ac_active(const Cpu *cpu)
{
    return (cpu->cr[0] & CR0_AM) && (cpu->flags & F_AC) && cpu->cpl == 3 &&
           cpu->model >= CPU_486;
}

/* ---- x87 (helper "fpu"): see cpu/fpu.h when it exists ----------------- */

#endif
