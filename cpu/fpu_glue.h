/*
 * cpu/fpu_glue.h — where the interpreter meets the x87 (helper "fpu").
 * Until cpu/fpu.h exists on this branch the CPU behaves as a system
 * without a coprocessor: ESC instructions compute their effective address
 * and do nothing (8086 + no 8087; a 286/386 with CR0.EM clear and no
 * coprocessor answer FNINIT/FNSTSW probes with "no FPU" because nothing is
 * stored), WAIT is a no-op.  CR0.EM/TS give #NM in cpu/exec.c.
 */
#ifndef PX86_CPU_FPU_GLUE_H
#define PX86_CPU_FPU_GLUE_H

#include "cpu/cpu_internal.h"

static inline void fpu_glue_esc(Cpu *c, uint8_t op)
{
    (void)c;
    (void)op;
}

static inline void fpu_glue_wait(Cpu *c)
{
    (void)c;
}

#endif
