/*
 * cpu/fpu_glue.h — where the interpreter meets the x87 (helper "fpu",
 * cpu/fpu.h + cpu/fpu_glue.c).  Without an FPU (c->fpu == NULL) ESC
 * instructions only decode their operand (8086 without 8087; a 286/386/
 * 486SX with CR0.EM clear: FNINIT/FNSTSW probes see "no FPU" because
 * nothing is stored) and WAIT is a no-op.  CR0.EM/TS → #NM is checked in
 * cpu/exec.c before these are called.
 */
#ifndef PX86_CPU_FPU_GLUE_H
#define PX86_CPU_FPU_GLUE_H

#include "cpu/cpu_internal.h"
#include "cpu/fpu.h"

static inline void fpu_glue_esc(Cpu *c, uint8_t op)
{
    if (c->fpu)
        x87_glue_esc(c, op);
}

static inline void fpu_glue_wait(Cpu *c)
{
    if (c->fpu)
        x87_glue_wait(c);
}

#endif
