/*
 * frontend/debugger.h — the debug core: breakpoints, watchpoints, stepping
 * and stop reasons, shared by the built-in monitor, the gdb stub and the
 * instruction tracer.
 *
 * Owns: the breakpoint table and the CPU step hook.  Addresses are "debug
 * addresses": linear addresses (CS base + IP in real and V86 mode, so
 * `break *0x7c00` works), or EIP in protected mode, which equals the linear
 * address under the flat segments kernels use.  Memory is read and written
 * through the current address translation without MMIO side effects.
 */
#ifndef PX86_FRONTEND_DEBUGGER_H
#define PX86_FRONTEND_DEBUGGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "hw/machine.h"

typedef enum BpKind {
    BP_EXEC,      /* debug address (see above) */
    BP_LINEAR,    /* linear address, any mode */
    BP_PHYS,      /* physical address of the instruction */
    BP_SEGOFF,    /* CS:IP pair */
    BP_INT,       /* entry of interrupt vector N */
    BP_IO,        /* port access */
    BP_MODE,      /* real/protected/V86/paging change */
    WP_WRITE,     /* memory written (value changed) */
    WP_READ,      /* memory read (CPU memory watch) */
    WP_ACCESS,    /* read or write (CPU memory watch) */
} BpKind;

typedef struct Breakpoint {
    int id;
    BpKind kind;
    uint32_t addr;   /* address, vector or port */
    uint16_t seg;    /* BP_SEGOFF */
    uint32_t len;    /* watchpoints: bytes */
    bool temporary;  /* removed when hit (step over) */
    bool from_gdb;   /* owned by the gdb stub (Z packets) */
    uint8_t shadow[16]; /* WP_WRITE: last seen bytes */
    uint64_t hits;
} Breakpoint;

typedef enum StopReason {
    STOP_NONE,
    STOP_STEP,      /* single step finished */
    STOP_BREAK,     /* breakpoint */
    STOP_WATCH,     /* watchpoint: watch_addr says where */
    STOP_USER,      /* Ctrl-C / monitor "stop" / -S */
    STOP_INT,
    STOP_IO,
    STOP_MODE,
} StopReason;

#define DBG_MAX_BP 64

typedef struct Debugger {
    Machine *m;
    Cpu *cpu;
    Breakpoint bp[DBG_MAX_BP];
    int nbp;
    int next_id;
    uint64_t step_left;     /* instructions to run before stopping */
    bool skip_first;        /* don't re-hit the breakpoint we stopped on */
    StopReason reason;
    const Breakpoint *hit;  /* breakpoint/watchpoint that stopped us */
    uint32_t watch_addr;
    unsigned last_mode;     /* bit 0 PE, 1 VM, 2 PG */
    bool io_hit;
    uint16_t io_port;
    /* tracing */
    FILE *trace;
    uint32_t trace_lo, trace_hi; /* debug-address range filter */
    int trace_mode;              /* -1 any, 0 real, 1 protected, 2 V86 */
    uint32_t trace_regs[CPU_REG_COUNT];
} Debugger;

Debugger *dbg_create(Machine *m);
void dbg_destroy(Debugger *d);

/* Breakpoints: returns the id (> 0) or -1 when the table is full. */
int dbg_add(Debugger *d, const Breakpoint *bp);
bool dbg_remove(Debugger *d, int id);
/* Remove the first gdb-owned entry of this kind and address. */
bool dbg_remove_match(Debugger *d, BpKind kind, uint32_t addr, bool gdb);

/* Execution control.  dbg_stop() halts the guest now (user interrupt). */
void dbg_continue(Debugger *d);
void dbg_step(Debugger *d, uint64_t count);
/* Step over CALL/INT/LOOP/REP: run to the next instruction. */
void dbg_step_over(Debugger *d);
void dbg_stop(Debugger *d, StopReason why);
bool dbg_stopped(const Debugger *d);
/* Consume the stop reason (STOP_NONE if still running). */
StopReason dbg_take_stop(Debugger *d);

/* Register view in debug addresses. */
uint32_t dbg_pc(Debugger *d);
void dbg_set_pc(Debugger *d, uint32_t pc);
/* Memory through the current translation; returns bytes done (stops at
 * the first unmapped byte). */
size_t dbg_read(Debugger *d, uint32_t linear, void *buf, size_t len);
size_t dbg_write(Debugger *d, uint32_t linear, const void *buf, size_t len);
bool dbg_read_phys(Debugger *d, uint32_t phys, uint8_t *out);

/* Instruction trace (-trace FILE[,range=LO-HI][,mode=real|pm|v86]). */
int dbg_trace_open(Debugger *d, const char *spec, char *err, size_t errlen);

/* Mode name for messages: "real", "protected", "v86". */
const char *dbg_mode_name(Debugger *d);

#endif
