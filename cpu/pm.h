/*
 * cpu/pm.h — helpers shared by the protected-mode files (pm_*.c): decoded
 * descriptors, descriptor-table reads, segment-cache loads, stack access
 * for privilege changes, the task switch entry point and debug-register
 * services.  Private to cpu/pm_*.c (the contract with the core is the
 * pm_* hook list in cpu/cpu_internal.h).
 */
#ifndef PX86_CPU_PM_H
#define PX86_CPU_PM_H

#include "cpu/cpu_internal.h"

/* A descriptor as read from the GDT/LDT/IDT (386 PRM 5.1.1, 6.3.4). */
typedef struct Desc {
    uint32_t lo, hi;   /* raw dwords */
    uint32_t addr;     /* linear address of the descriptor (for A/busy bits) */
    uint32_t base;     /* segment base (segments / TSS / LDT) */
    uint32_t limit;    /* byte-granular limit */
    uint8_t acc;       /* access byte: P DPL S type */
    uint8_t nibble;    /* G D/B 0 AVL */
    /* gates */
    uint16_t gsel;     /* target selector */
    uint32_t goff;     /* target offset (16-bit gates: low word only) */
    uint8_t gparams;   /* call-gate parameter count (5 bits) */
} Desc;

#define DESC_P(d) (((d)->acc & 0x80) != 0)
#define DESC_DPL(d) (((d)->acc >> 5) & 3)
#define DESC_S(d) (((d)->acc & 0x10) != 0)      /* code/data (1) vs system */
#define DESC_TYPE(d) ((d)->acc & 0x0F)
#define DESC_CODE(d) (((d)->acc & 0x18) == 0x18)
#define DESC_DATA(d) (((d)->acc & 0x18) == 0x10)
#define DESC_CONFORMING(d) (DESC_CODE(d) && ((d)->acc & 0x04))
#define DESC_READABLE(d) (DESC_DATA(d) || ((d)->acc & 0x02))
#define DESC_WRITABLE(d) (DESC_DATA(d) && ((d)->acc & 0x02))
#define DESC_BIG(d) (((d)->nibble & 0x4) != 0)

/* System descriptor types (S=0). */
enum {
    SYS_TSS286_AVAIL = 1, SYS_LDT = 2, SYS_TSS286_BUSY = 3,
    SYS_CALLGATE286 = 4, SYS_TASKGATE = 5, SYS_INTGATE286 = 6,
    SYS_TRAPGATE286 = 7, SYS_TSS386_AVAIL = 9, SYS_TSS386_BUSY = 11,
    SYS_CALLGATE386 = 12, SYS_INTGATE386 = 14, SYS_TRAPGATE386 = 15,
};

/* Why a task switch happens (386 PRM table 7-2). */
typedef enum TaskReason {
    TASK_JMP, TASK_CALL, TASK_IRET, TASK_INT,
} TaskReason;

#define SEL_RPL(s) ((s) & 3u)
#define SEL_TI(s) (((s) & 4u) != 0)
#define SEL_ERR(s) ((int)((s) & 0xFFFCu))

/* pm_seg.c */
void pm_decode_desc(Cpu *cpu, Desc *d, uint32_t lo, uint32_t hi);
/* Read the descriptor for sel from the GDT or LDT.  Returns false if the
 * index is beyond the table limit (or TI=1 with a null LDT). */
bool pm_fetch_desc(Cpu *cpu, uint16_t sel, Desc *d);
/* Same, raising exception `vec` with error (sel & ~3) | ext on failure. */
void pm_fetch_desc_or_fault(Cpu *cpu, uint16_t sel, Desc *d, int vec,
                            int ext);
void pm_set_accessed(Cpu *cpu, Desc *d);
/* Fill a segment cache from a descriptor / as a null selector. */
void pm_seg_from_desc(Cpu *cpu, SegCache *s, uint16_t sel, const Desc *d);
void pm_seg_null(Cpu *cpu, SegCache *s, uint16_t sel);
/* Data-segment register load with the checks of MOV sreg; errors raised
 * as `vec` (GP normally, TS during a task switch) with ext. */
void pm_load_data_seg(Cpu *cpu, int sreg, uint16_t sel, int vec, int ext);
/* SS load for a given CPL (MOV SS, task switch, stack switches). */
void pm_check_ss(Cpu *cpu, uint16_t sel, unsigned cpl, Desc *d, int vec,
                 int ext);
/* After a return to an outer level: null ES/DS/FS/GS whose DPL < CPL
 * (data or nonconforming code), 386 PRM 6.3.4.4. */
void pm_null_outer_segs(Cpu *cpu);
/* Load CS from a checked descriptor and set the CPL. */
void pm_commit_cs(Cpu *cpu, uint16_t sel, const Desc *d, unsigned cpl,
                  uint32_t eip);
void pm_commit_ss(Cpu *cpu, uint16_t sel, const Desc *d, uint32_t esp);
void pm_load_ldtr(Cpu *cpu, uint16_t sel, int vec, int ext);

/* pm_transfer.c: writes to a stack that is not (yet) SS, for the new
 * privilege level `cpl` (supervisor accesses below 3). */
typedef struct NewStack {
    SegCache ss;      /* cache of the stack segment */
    uint32_t esp;     /* current top (updated by pushes) */
    unsigned cpl;
    int fault_vec;    /* #SS normally, #TS for TSS-provided stacks? */
    int fault_err;
} NewStack;
void pm_stack_push(Cpu *cpu, NewStack *st, uint32_t v, bool op32);
/* Check that `bytes` bytes fit below st->esp (limit/expand-down). */
void pm_stack_room(Cpu *cpu, NewStack *st, uint32_t bytes);
/* Read the inner stack SS:ESP for `cpl` from the current TSS. */
void pm_tss_stack(Cpu *cpu, unsigned cpl, uint16_t *ss, uint32_t *esp,
                  int ext);

/* pm_task.c */
void pm_task_switch(Cpu *cpu, uint16_t sel, Desc *d, TaskReason why,
                    int error_code, int ext);

/* pm_debugreg.c */
uint32_t pm_dr_read(Cpu *cpu, unsigned n);
void pm_rf_settle(Cpu *cpu);

#endif
