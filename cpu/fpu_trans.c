/*
 * cpu/fpu_trans.c — x87 transcendental instructions (placeholder).
 */
#include "cpu/fpu_internal.h"

Fx80 fx_f2xm1(FxCtx *c, Fx80 a) { (void)a; c->exc |= X87_SW_IE; return fx_default_nan; }
Fx80 fx_fyl2x(FxCtx *c, Fx80 x, Fx80 y) { (void)x; (void)y; c->exc |= X87_SW_IE; return fx_default_nan; }
Fx80 fx_fyl2xp1(FxCtx *c, Fx80 x, Fx80 y) { (void)x; (void)y; c->exc |= X87_SW_IE; return fx_default_nan; }
Fx80 fx_fpatan(FxCtx *c, Fx80 x, Fx80 y) { (void)x; (void)y; c->exc |= X87_SW_IE; return fx_default_nan; }
void fx_trig(FxCtx *c, Fx80 a, int want, Fx80 *r1, Fx80 *r2, bool *oor)
{ (void)a; (void)want; c->exc |= X87_SW_IE; *r1 = *r2 = fx_default_nan; *oor = false; }
