/*
 * cpu/fpu_state.c — x87 save state (hw/device.h declarative format,
 * section "x87").  The register file is flattened into integer arrays so
 * the image is host-independent.
 */
#include <stddef.h>

#include "cpu/fpu.h"
#include "hw/device.h"

typedef struct X87Image {
    uint64_t mant[8];
    uint16_t sign_exp[8];
    uint16_t cw, sw, tw, fop, fcs, fds;
    uint32_t fip, fdp;
} X87Image;

static const StateField x87_fields[] = {
    STATE_ARRAY(X87Image, mant), STATE_ARRAY(X87Image, sign_exp),
    STATE_INT(X87Image, cw),     STATE_INT(X87Image, sw),
    STATE_INT(X87Image, tw),     STATE_INT(X87Image, fop),
    STATE_INT(X87Image, fcs),    STATE_INT(X87Image, fds),
    STATE_INT(X87Image, fip),    STATE_INT(X87Image, fdp),
    STATE_END,
};

int x87_save(const X87 *f, StateWriter *w)
{
    X87Image im;
    for (int i = 0; i < 8; i++) {
        im.mant[i] = f->regs[i].mant;
        im.sign_exp[i] = f->regs[i].sign_exp;
    }
    im.cw = f->cw;
    im.sw = f->sw;
    im.tw = f->tw;
    im.fop = f->fop;
    im.fcs = f->fcs;
    im.fds = f->fds;
    im.fip = f->fip;
    im.fdp = f->fdp;
    return state_save_fields(w, "x87", 1, &im, x87_fields);
}

int x87_load(X87 *f, StateReader *r)
{
    X87Image im;
    if (state_load_fields(r, "x87", 1, &im, x87_fields) != 0) return -1;
    for (int i = 0; i < 8; i++) {
        f->regs[i].mant = im.mant[i];
        f->regs[i].sign_exp = im.sign_exp[i];
    }
    f->cw = im.cw;
    f->sw = im.sw;
    f->tw = im.tw;
    f->fop = im.fop & 0x7FF;
    f->fcs = im.fcs;
    f->fds = im.fds;
    f->fip = im.fip;
    f->fdp = im.fdp;
    return 0;
}
