/*
 * hw/pic.c — the two cascaded 8259A programmable interrupt controllers of
 * the PC/AT and the ELCR edge/level registers.
 *
 * Owns: IRR/ISR/IMR, initialization (ICW1-4) and operation (OCW1-3)
 * command words, priority resolution with rotation, special mask mode,
 * special fully nested mode, auto-EOI, poll mode, the INTA sequence with
 * spurious IRQ7/IRQ15, and the master's INT output.
 *
 * References: Intel 8259A datasheet (231468): "Interrupt sequence",
 * "Programming the 8259A" (ICW/OCW formats), "Edge and level triggered
 * modes", "Special mask mode", "Poll command"; Intel 82371 (PIIX) datasheet
 * for ELCR (ports 4D0h/4D1h; IRQ0,1,2,8,13 must be edge).
 *
 * Model notes: in edge mode a rising input edge latches IRR until the INTA
 * (a pulse that already ended is still delivered, as devices here use
 * bus_irq_pulse); in level mode IRR follows the line.  The slave's INT feeds
 * master IR2 as an edge input, so a request that vanishes after the master
 * latched IR2 is acknowledged as spurious IRQ15 (with master IR2 in
 * service), as on the real pair.  Index 0 of every array is the master,
 * 1 the slave.
 */
#include "hw/pic.h"

#include <stdlib.h>
#include <string.h>

enum { MASTER = 0, SLAVE = 1, CASCADE_IR = 2 };
enum { INIT_DONE = 0, INIT_ICW2, INIT_ICW3, INIT_ICW4 };

static const uint8_t elcr_writable[2] = {0xF8, 0xDE};

struct Pic {
    Bus *bus;
    pic_intr_fn intr;
    void *intr_opaque;

    uint8_t irr[2], isr[2], imr[2];
    uint8_t line[2];        /* input pin levels */
    uint8_t elcr[2];        /* per-IR level mode (ELCR) */
    uint8_t ltim[2];        /* ICW1 LTIM: all inputs level triggered */
    uint8_t lowest[2];      /* IR with the lowest priority (rotation) */
    uint8_t vector_base[2]; /* ICW2 & F8h */
    uint8_t icw3[2];
    uint8_t init_step[2];
    uint8_t icw4_needed[2];
    uint8_t single[2];
    uint8_t auto_eoi[2];
    uint8_t rotate_aeoi[2];
    uint8_t sfnm[2];         /* special fully nested mode (master) */
    uint8_t special_mask[2];
    uint8_t read_isr[2];     /* OCW3 RR/RIS: command port reads ISR */
    uint8_t poll[2];         /* OCW3 P: next read is a poll */
    uint8_t intr_out;        /* master INT level */
};

static const StateField pic_fields[] = {
    STATE_ARRAY(Pic, irr), STATE_ARRAY(Pic, isr), STATE_ARRAY(Pic, imr),
    STATE_ARRAY(Pic, line), STATE_ARRAY(Pic, elcr), STATE_ARRAY(Pic, ltim),
    STATE_ARRAY(Pic, lowest), STATE_ARRAY(Pic, vector_base),
    STATE_ARRAY(Pic, icw3), STATE_ARRAY(Pic, init_step),
    STATE_ARRAY(Pic, icw4_needed), STATE_ARRAY(Pic, single),
    STATE_ARRAY(Pic, auto_eoi), STATE_ARRAY(Pic, rotate_aeoi),
    STATE_ARRAY(Pic, sfnm), STATE_ARRAY(Pic, special_mask),
    STATE_ARRAY(Pic, read_isr), STATE_ARRAY(Pic, poll),
    STATE_INT(Pic, intr_out), STATE_END,
};

/* Priority rank of an IR (0 = highest) given the rotation. */
static unsigned rank(const Pic *p, int c, unsigned ir)
{
    return (ir - p->lowest[c] - 1u) & 7u;
}

/* Highest-priority set bit of m, or -1. */
static int highest(const Pic *p, int c, uint8_t m)
{
    for (unsigned i = 1; i <= 8; i++) {
        unsigned ir = (p->lowest[c] + i) & 7u;
        if (m & (1u << ir))
            return (int)ir;
    }
    return -1;
}

static bool cascaded(const Pic *p) { return !p->single[MASTER]; }

static bool level_mode(const Pic *p, int c, unsigned ir)
{
    return p->ltim[c] || (p->elcr[c] >> ir & 1u);
}

/* The IR this chip would present on INTA now, or -1. */
static int pending_ir(const Pic *p, int c)
{
    uint8_t req = p->irr[c] & (uint8_t)~p->imr[c];
    int ir = highest(p, c, req);
    if (ir < 0)
        return -1;
    uint8_t busy = p->isr[c];
    if (p->special_mask[c]) /* SMM: a masked level in service blocks only itself */
        busy &= (uint8_t)~p->imr[c];
    int top = highest(p, c, busy);
    if (top < 0)
        return ir;
    unsigned ri = rank(p, c, (unsigned)ir), rt = rank(p, c, (unsigned)top);
    if (ri < rt)
        return ir;
    /* SFNM: the cascade IR in service does not block further requests
     * from the slave (they arrive through the same IR). */
    if (ri == rt && c == MASTER && p->sfnm[MASTER] && ir == CASCADE_IR &&
        cascaded(p))
        return ir;
    return -1;
}

static void set_line(Pic *p, int c, unsigned ir, bool level)
{
    uint8_t m = (uint8_t)(1u << ir);
    if (level) {
        if (level_mode(p, c, ir) || !(p->line[c] & m))
            p->irr[c] |= m;
        p->line[c] |= m;
    } else {
        p->line[c] &= (uint8_t)~m;
        if (level_mode(p, c, ir))
            p->irr[c] &= (uint8_t)~m;
    }
}

static void update(Pic *p)
{
    /* The slave's INT drives master IR2 like any edge-triggered input. */
    if (cascaded(p))
        set_line(p, MASTER, CASCADE_IR, pending_ir(p, SLAVE) >= 0);
    uint8_t out = pending_ir(p, MASTER) >= 0;
    if (out != p->intr_out) {
        p->intr_out = out;
        if (p->intr)
            p->intr(p->intr_opaque, out);
    }
}

void pic_set_irq(Pic *p, unsigned irq, bool level)
{
    if (irq >= 16)
        return;
    if (irq == 2) /* the AT bus wires ISA IRQ2 to IR9 */
        irq = 9;
    set_line(p, irq >> 3, irq & 7u, level);
    update(p);
}

static void bus_irq_sink(void *sink, unsigned irq, bool level)
{
    pic_set_irq(sink, irq, level);
}

/* Record the acknowledgement of ir on chip c (INTA or poll). */
static void ack_ir(Pic *p, int c, unsigned ir)
{
    uint8_t m = (uint8_t)(1u << ir);
    if (!level_mode(p, c, ir))
        p->irr[c] &= (uint8_t)~m;
    if (p->auto_eoi[c]) {
        if (p->rotate_aeoi[c])
            p->lowest[c] = (uint8_t)ir;
    } else {
        p->isr[c] |= m;
    }
}

uint8_t pic_acknowledge(Pic *p)
{
    uint8_t vector;
    int ir = pending_ir(p, MASTER);
    if (ir < 0) {
        vector = p->vector_base[MASTER] | 7u; /* spurious IRQ7 */
    } else if (ir == CASCADE_IR && cascaded(p)) {
        ack_ir(p, MASTER, CASCADE_IR);
        int sir = pending_ir(p, SLAVE);
        if (sir < 0) {
            vector = p->vector_base[SLAVE] | 7u; /* spurious IRQ15 */
        } else {
            ack_ir(p, SLAVE, (unsigned)sir);
            vector = p->vector_base[SLAVE] | (uint8_t)sir;
        }
        /* INT is deasserted during the INTA pulses: a slave that still
         * requests (e.g. in auto-EOI mode) gives IR2 a fresh edge. */
        p->line[MASTER] &= (uint8_t)~(1u << CASCADE_IR);
    } else {
        ack_ir(p, MASTER, (unsigned)ir);
        vector = p->vector_base[MASTER] | (uint8_t)ir;
    }
    update(p);
    return vector;
}

bool pic_intr_level(const Pic *p) { return p->intr_out; }
uint8_t pic_irr(const Pic *p, int c) { return p->irr[c & 1]; }
uint8_t pic_isr(const Pic *p, int c) { return p->isr[c & 1]; }
uint8_t pic_imr(const Pic *p, int c) { return p->imr[c & 1]; }

/* Poll command: the read acts as an INTA for this chip alone. */
static uint8_t poll_read(Pic *p, int c)
{
    p->poll[c] = 0;
    int ir = pending_ir(p, c);
    if (ir < 0)
        return 0x00;
    ack_ir(p, c, (unsigned)ir);
    update(p);
    return (uint8_t)(0x80u | (unsigned)ir);
}

static void icw1(Pic *p, int c, uint8_t v)
{
    p->icw4_needed[c] = v & 1u;
    p->single[c] = (v >> 1) & 1u;
    p->ltim[c] = (v >> 3) & 1u;
    p->init_step[c] = INIT_ICW2;
    /* 8259A: IMR cleared, IR7 lowest priority, special mask cleared,
     * status read set to IRR, edge sense reset, ICW4 functions zero. */
    p->imr[c] = 0;
    p->isr[c] = 0;
    p->irr[c] = 0;
    for (unsigned ir = 0; ir < 8; ir++)
        if (level_mode(p, c, ir) && (p->line[c] >> ir & 1u))
            p->irr[c] |= (uint8_t)(1u << ir);
    p->lowest[c] = 7;
    p->special_mask[c] = 0;
    p->read_isr[c] = 0;
    p->poll[c] = 0;
    p->auto_eoi[c] = 0;
    p->rotate_aeoi[c] = 0;
    p->sfnm[c] = 0;
}

static void ocw2(Pic *p, int c, uint8_t v)
{
    unsigned level = v & 7u;
    int ir;
    switch (v >> 5) {
    case 1: /* non-specific EOI */
    case 5: /* rotate on non-specific EOI */
        ir = highest(p, c, p->isr[c]);
        if (ir >= 0) {
            p->isr[c] &= (uint8_t)~(1u << ir);
            if (v >> 5 == 5)
                p->lowest[c] = (uint8_t)ir;
        }
        break;
    case 3: /* specific EOI */
        p->isr[c] &= (uint8_t)~(1u << level);
        break;
    case 7: /* rotate on specific EOI */
        p->isr[c] &= (uint8_t)~(1u << level);
        p->lowest[c] = (uint8_t)level;
        break;
    case 6: /* set priority */
        p->lowest[c] = (uint8_t)level;
        break;
    case 4: p->rotate_aeoi[c] = 1; break;
    case 0: p->rotate_aeoi[c] = 0; break;
    default: break; /* 2: no operation */
    }
}

static void ocw3(Pic *p, int c, uint8_t v)
{
    if (v & 0x40u) /* ESMM */
        p->special_mask[c] = (v >> 5) & 1u;
    if (v & 0x04u)
        p->poll[c] = 1;
    if (v & 0x02u)
        p->read_isr[c] = v & 1u;
}

static void pic_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    Pic *p = opaque;
    int c = port >= 0xA0 ? SLAVE : MASTER;
    uint8_t v = (uint8_t)val;
    if ((port & 1u) == 0) {
        if (v & 0x10u)
            icw1(p, c, v);
        else if (v & 0x08u)
            ocw3(p, c, v);
        else
            ocw2(p, c, v);
    } else {
        switch (p->init_step[c]) {
        case INIT_ICW2:
            p->vector_base[c] = v & 0xF8u;
            p->init_step[c] = p->single[c] ? (p->icw4_needed[c] ? INIT_ICW4 : INIT_DONE)
                                           : INIT_ICW3;
            break;
        case INIT_ICW3:
            p->icw3[c] = v;
            p->init_step[c] = p->icw4_needed[c] ? INIT_ICW4 : INIT_DONE;
            break;
        case INIT_ICW4:
            p->auto_eoi[c] = (v >> 1) & 1u;
            p->sfnm[c] = (v >> 4) & 1u;
            p->init_step[c] = INIT_DONE;
            break;
        default:
            p->imr[c] = v; /* OCW1 */
            break;
        }
    }
    update(p);
}

static uint32_t pic_read(void *opaque, uint16_t port, unsigned size)
{
    Pic *p = opaque;
    int c = port >= 0xA0 ? SLAVE : MASTER;
    if (p->poll[c])
        return poll_read(p, c);
    if (port & 1u)
        return p->imr[c];
    return p->read_isr[c] ? p->isr[c] : p->irr[c];
}

static void elcr_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    Pic *p = opaque;
    int c = port & 1u;
    p->elcr[c] = (uint8_t)val & elcr_writable[c];
    /* Level inputs: IRR follows the line from now on. */
    for (unsigned ir = 0; ir < 8; ir++) {
        if (!level_mode(p, c, ir))
            continue;
        uint8_t m = (uint8_t)(1u << ir);
        if (p->line[c] & m)
            p->irr[c] |= m;
        else
            p->irr[c] &= (uint8_t)~m;
    }
    update(p);
}

static uint32_t elcr_read(void *opaque, uint16_t port, unsigned size)
{
    Pic *p = opaque;
    return p->elcr[port & 1u];
}

void pic_reset(Pic *p)
{
    uint8_t line[2] = {p->line[0], p->line[1]};
    memset(p->irr, 0, offsetof(Pic, intr_out) - offsetof(Pic, irr));
    p->line[0] = line[0] & (uint8_t)~(1u << CASCADE_IR);
    p->line[1] = line[1];
    for (int c = 0; c < 2; c++)
        p->lowest[c] = 7;
    /* Power-on: all inputs masked until the BIOS initializes the pair. */
    p->imr[0] = p->imr[1] = 0xFF;
    p->vector_base[MASTER] = 0x08;
    p->vector_base[SLAVE] = 0x70;
    p->icw3[MASTER] = 0x04;
    p->icw3[SLAVE] = 0x02;
    update(p);
}

Pic *pic_create(Bus *bus, pic_intr_fn intr, void *opaque)
{
    Pic *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->bus = bus;
    p->intr = intr;
    p->intr_opaque = opaque;
    if (io_register(bus->io, 0x20, 2, "pic1", pic_read, pic_write, p, IO_W8))
        goto fail;
    if (io_register(bus->io, 0xA0, 2, "pic2", pic_read, pic_write, p, IO_W8))
        goto fail_slave;
    if (io_register(bus->io, 0x4D0, 2, "elcr", elcr_read, elcr_write, p, IO_W8))
        goto fail_elcr;
    bus->irq_set = bus_irq_sink;
    bus->irq_sink = p;
    pic_reset(p);
    return p;
fail_elcr:
    io_unregister(bus->io, 0xA0, 2);
fail_slave:
    io_unregister(bus->io, 0x20, 2);
fail:
    free(p);
    return NULL;
}

void pic_destroy(Pic *p)
{
    if (!p)
        return;
    if (p->bus->irq_sink == p) {
        p->bus->irq_set = NULL;
        p->bus->irq_sink = NULL;
    }
    io_unregister(p->bus->io, 0x20, 2);
    io_unregister(p->bus->io, 0xA0, 2);
    io_unregister(p->bus->io, 0x4D0, 2);
    free(p);
}

int pic_save(Pic *p, StateWriter *w)
{
    return state_save_fields(w, "pic", 1, p, pic_fields);
}

int pic_load(Pic *p, StateReader *r)
{
    if (state_load_fields(r, "pic", 1, p, pic_fields))
        return -1;
    for (int c = 0; c < 2; c++) {
        p->lowest[c] &= 7u;
        p->vector_base[c] &= 0xF8u;
        if (p->init_step[c] > INIT_ICW4)
            p->init_step[c] = INIT_DONE;
        p->elcr[c] &= elcr_writable[c];
    }
    bool old = p->intr_out;
    update(p);
    if (p->intr && p->intr_out == old) /* tell the CPU the restored level */
        p->intr(p->intr_opaque, p->intr_out);
    return 0;
}

static void dev_reset(void *s) { pic_reset(s); }
static int dev_save(void *s, StateWriter *w) { return pic_save(s, w); }
static int dev_load(void *s, StateReader *r) { return pic_load(s, r); }
static void dev_destroy(void *s) { pic_destroy(s); }

Device pic_device(Pic *p)
{
    return (Device){"pic", p, dev_reset, dev_save, dev_load, dev_destroy};
}
