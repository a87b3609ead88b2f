/*
 * cpu/cpu.h — the public face of the software x86 CPU.
 *
 * Owns: nothing outside the CPU.  The CPU knows no devices: it reaches the
 * rest of the machine only through PhysMem (memory) and the CpuHost
 * callbacks (port I/O, interrupt acknowledge, shutdown).  Everything else
 * in cpu/ is private to the CPU.
 */
#ifndef PX86_CPU_CPU_H
#define PX86_CPU_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "mem/memory.h"

typedef enum CpuModel {
    CPU_8086,
    CPU_8088,
    CPU_186,
    CPU_286,
    CPU_386,
    CPU_486,
} CpuModel;

typedef struct CpuConfig {
    CpuModel model;
    bool fpu; /* x87 present (387 for the 386, built in for the 486DX) */
} CpuConfig;

/* What the machine gives the CPU.  All callbacks receive `opaque`. */
typedef struct CpuHost {
    uint32_t (*io_read)(void *opaque, uint16_t port, unsigned size);
    void (*io_write)(void *opaque, uint16_t port, uint32_t val,
                     unsigned size);
    /* INTA cycle: the interrupt controller returns the vector to deliver. */
    uint8_t (*intr_ack)(void *opaque);
    /* Triple fault / shutdown cycle. */
    void (*shutdown)(void *opaque);
    /* x87 FERR# output changed (CR0.NE=0 reporting: IRQ13 on a PC). */
    void (*ferr)(void *opaque, bool level);
    void *opaque;
} CpuHost;

typedef struct Cpu Cpu;

/* Registers as seen by debuggers, tests and the gdb stub. */
typedef enum CpuReg {
    CPU_REG_EAX, CPU_REG_ECX, CPU_REG_EDX, CPU_REG_EBX,
    CPU_REG_ESP, CPU_REG_EBP, CPU_REG_ESI, CPU_REG_EDI,
    CPU_REG_EIP, CPU_REG_EFLAGS,
    CPU_REG_ES, CPU_REG_CS, CPU_REG_SS, CPU_REG_DS, CPU_REG_FS, CPU_REG_GS,
    CPU_REG_CR0, CPU_REG_CR2, CPU_REG_CR3, CPU_REG_CR4,
    CPU_REG_DR0, CPU_REG_DR1, CPU_REG_DR2, CPU_REG_DR3, CPU_REG_DR6,
    CPU_REG_DR7,
    CPU_REG_GDTR_BASE, CPU_REG_GDTR_LIMIT, CPU_REG_IDTR_BASE,
    CPU_REG_IDTR_LIMIT, CPU_REG_LDTR, CPU_REG_TR,
    CPU_REG_COUNT
} CpuReg;

/* Segment-register cache as the debugger shows it. */
typedef struct CpuSegInfo {
    uint16_t selector;
    uint32_t base;
    uint32_t limit; /* byte granular, already scaled */
    uint16_t flags; /* descriptor access byte | (flags nibble << 8) */
} CpuSegInfo;

Cpu *cpu_create(const CpuConfig *cfg, PhysMem *mem, const CpuHost *host);
void cpu_destroy(Cpu *cpu);
/* Hardware reset (RESET pin): registers to their documented reset values. */
void cpu_reset(Cpu *cpu);
/* INIT-style soft reset is the same as cpu_reset on these models. */

/* Execute up to max_insns instructions (a REP string counts once per
 * iteration for budgeting purposes only as the implementation documents).
 * Returns the number executed.  Returns early when the CPU halts (HLT with
 * nothing pending), on cpu_request_exit(), or on a debug stop. */
uint64_t cpu_run(Cpu *cpu, uint64_t max_insns);
/* Stop the current cpu_run() at the next instruction boundary (safe to call
 * from I/O or memory callbacks made by the CPU itself). */
void cpu_request_exit(Cpu *cpu);

/* Interrupt inputs: INTR is a level (the PIC output), NMI an edge. */
void cpu_set_intr(Cpu *cpu, bool level);
void cpu_raise_nmi(Cpu *cpu);
bool cpu_is_halted(const Cpu *cpu);
/* Instructions retired since reset; exact even while inside cpu_run()
 * (devices read guest time through this during I/O callbacks). */
uint64_t cpu_icount(const Cpu *cpu);

CpuModel cpu_model(const Cpu *cpu);
bool cpu_has_fpu(const Cpu *cpu);
const char *cpu_model_name(CpuModel model);
/* Parse "8086", "286", "386", "486", "486sx", "386,nofpu"...; returns 0 or
 * -1 for an unknown model. */
int cpu_parse_model(const char *text, CpuConfig *out);

uint32_t cpu_get_reg(const Cpu *cpu, CpuReg reg);
/* Setting a segment register reloads its cache as a real-mode load would
 * in real/V86 mode, or from the descriptor tables in protected mode. */
void cpu_set_reg(Cpu *cpu, CpuReg reg, uint32_t value);
void cpu_get_seg(const Cpu *cpu, CpuReg sreg, CpuSegInfo *out);
/* Mode queries. */
bool cpu_in_protected_mode(const Cpu *cpu);
bool cpu_in_v86_mode(const Cpu *cpu);
bool cpu_paging_enabled(const Cpu *cpu);
unsigned cpu_cpl(const Cpu *cpu);

/* Debugger address translation: linear -> physical through paging (no
 * faults raised, no accessed/dirty bits set).  Returns false if unmapped. */
bool cpu_debug_translate(Cpu *cpu, uint32_t linear, bool write,
                         uint32_t *phys);

/* Debug/instrumentation hook: when set, called before every instruction
 * with the linear address of CS:EIP; returning true stops cpu_run() before
 * that instruction executes.  Costs one predictable branch when unset. */
typedef bool (*cpu_step_hook)(void *opaque, Cpu *cpu, uint32_t linear_pc);
void cpu_set_step_hook(Cpu *cpu, cpu_step_hook hook, void *opaque);

/* Debugger memory watch (invisible to the guest): after a data access by
 * the guest to linear [lin, lin+len) of the selected kind, `hit` is called
 * (during the instruction; stop with cpu_request_exit to halt after it).
 * len 0 removes the watch.  Watched pages bypass the TLB. */
void cpu_set_mem_watch(Cpu *cpu, uint32_t lin, uint32_t len, bool on_read,
                       bool on_write,
                       void (*hit)(void *opaque, uint32_t lin, bool write),
                       void *opaque);

/* Disassemble one instruction at linear address `linear` (read through the
 * debugger path) in the CPU's current mode.  Writes text to buf and returns
 * the instruction length, or 0 if the bytes cannot be read. */
int cpu_disasm(Cpu *cpu, uint32_t linear, char *buf, unsigned bufsize);

/* Save / restore the whole CPU state (see hw/device.h for the format). */
struct StateWriter;
struct StateReader;
int cpu_save(const Cpu *cpu, struct StateWriter *w);
int cpu_load(Cpu *cpu, struct StateReader *r);

#endif
