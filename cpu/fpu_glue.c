/*
 * cpu/fpu_glue.c — connects the x87 (cpu/fpu.h) to the interpreter
 * (cpu/cpu_internal.h): builds the X87Op from the decoded instruction,
 * routes FPU memory operands through the CPU's segment/paging path (so
 * guest faults longjmp out as for any other access), and turns the FPU's
 * answers into #MF, FERR# (CpuHost.ferr) and AX for FNSTSW AX.
 * The call sites are in cpu-core's files; see the contract in cpu/fpu.h.
 */
#include <stdlib.h>

#include "cpu/access.h"
#include "cpu/cpu_internal.h"
#include "cpu/fpu.h"

static X87 *fpu_of(const Cpu *c) { return (X87 *)c->fpu; }

static void glue_read(void *opaque, unsigned seg, uint32_t off, void *buf,
                      unsigned len)
{
    Cpu *c = opaque;
    uint8_t *b = buf;
    int s = seg < SEG_COUNT ? (int)seg : SEG_DS;
    for (unsigned i = 0; i < len; i++) b[i] = rd8(c, s, off + i);
}

/* Touch the first and the last byte before the rest, so a fault (segment
 * limit or page) happens before most of the operand is written; the
 * instruction then restarts and rewrites identical bytes. */
static void glue_write(void *opaque, unsigned seg, uint32_t off,
                       const void *buf, unsigned len)
{
    Cpu *c = opaque;
    const uint8_t *b = buf;
    int s = seg < SEG_COUNT ? (int)seg : SEG_DS;
    if (len == 0) return;
    wr8(c, s, off, b[0]);
    if (len > 1) wr8(c, s, off + len - 1, b[len - 1]);
    for (unsigned i = 1; i + 1 < len; i++) wr8(c, s, off + i, b[i]);
}

int x87_glue_attach(Cpu *c)
{
    if (!c->has_fpu) {
        c->fpu = NULL;
        return 0;
    }
    if (c->fpu) /* already attached (idempotent: no second allocation) */
        return 0;
    X87 *f = calloc(1, sizeof *f);
    if (!f) return -1;
    x87_power_on(f);
    c->fpu = f;
    return 0;
}

void x87_glue_detach(Cpu *c)
{
    free(c->fpu);
    c->fpu = NULL;
}

void x87_glue_reset(Cpu *c)
{
    X87 *f = fpu_of(c);
    if (!f) return;
    bool was = x87_ferr(f);
    x87_power_on(f);
    if (was && c->host.ferr) c->host.ferr(c->host.opaque, false);
}

static void finish(Cpu *c, X87 *f, int r)
{
    if (r & X87_FERR_CHANGED && c->host.ferr)
        c->host.ferr(c->host.opaque, x87_ferr(f));
    if (r & X87_STORE_AX) c->r[0] = (c->r[0] & 0xFFFF0000u) | f->sw;
    if (r & X87_REPORT) cpu_exception(c, EXC_MF, CPU_NO_ERR);
}

void x87_glue_esc(Cpu *c, uint8_t op)
{
    X87 *f = fpu_of(c);
    if (!f) return;
    const InsnCtx *in = &c->in;
    unsigned seg = in->ea_seg < SEG_COUNT ? in->ea_seg : SEG_DS;
    X87Op xo;
    xo.opcode = op;
    xo.modrm = in->modrm;
    xo.seg = (uint8_t)seg;
    xo.op32 = in->op32;
    xo.pm = c->pe && !c->v86;
    xo.ne = c->model >= CPU_486 && (c->cr[0] & CR0_NE);
    xo.ea = in->ea_off;
    xo.ea_sel = c->seg[seg].sel;
    xo.cs_sel = c->seg[SEG_CS].sel;
    xo.eip = in->start_eip;
    xo.cs_base = c->seg[SEG_CS].base;
    xo.ea_base = c->seg[seg].base;
    X87MemIf mi = {glue_read, glue_write, c};
    finish(c, f, x87_execute(f, &xo, &mi));
}

void x87_glue_wait(Cpu *c)
{
    X87 *f = fpu_of(c);
    if (!f) return;
    X87Op xo = {0};
    xo.opcode = 0x9B;
    xo.ne = c->model >= CPU_486 && (c->cr[0] & CR0_NE);
    finish(c, f, x87_execute(f, &xo, NULL));
}

int x87_glue_save(const Cpu *c, struct StateWriter *w)
{
    const X87 *f = fpu_of(c);
    return f ? x87_save(f, w) : 0;
}

int x87_glue_load(Cpu *c, struct StateReader *r)
{
    X87 *f = fpu_of(c);
    return f ? x87_load(f, r) : 0;
}
