/*
 * hw/i8042.c — the 8042 keyboard controller, as on PC/AT and PS/2
 * machines, plus port 0x92.
 *
 * Owns: the status register, the one-byte output buffer and where its byte
 * came from (keyboard/controller or auxiliary device), the controller RAM
 * (byte 0 = command byte), the controller command set, the output port
 * (reset line, A20 gate), the set 2 -> set 1 translation of keyboard
 * bytes, and IRQ1/IRQ12.
 *
 * References: IBM PS/2 Hardware Interface Technical Reference, "Keyboard
 * and Auxiliary Device Controller": status register bits, command byte
 * bits, commands 20h-3Fh / 60h-7Fh, A7h-AEh, C0h, D0h-D4h, E0h, F0h-FFh;
 * output port bits; "System Control Port A" (92h).
 *
 * As soon as the output buffer is free the next byte is taken from the
 * controller's own response queue, then the keyboard, then the mouse (each
 * only while its interface is enabled in the command byte).  After the host
 * reads a keyboard or mouse byte, the next device byte appears only after
 * one serial frame (11 bits at 10-16.7 kHz, about 1 ms): until then port
 * 60h keeps returning the byte just read.  Interrupt handlers rely on that:
 * EMM386 reads 60h in its protected-mode IRQ 1 handler and then reflects
 * the interrupt to the BIOS INT 09h, which reads 60h again; an instant
 * refill would hand the BIOS the next byte and replay it on the next IRQ.
 */
#include "hw/i8042.h"

#include <stdlib.h>
#include <string.h>

enum {
    ST_OBF = 0x01, ST_IBF = 0x02, ST_SYS = 0x04, ST_A2 = 0x08, ST_INH = 0x10,
    ST_AUXB = 0x20, ST_TIMEOUT = 0x40, ST_PARITY = 0x80,
};
enum {
    CB_KBD_INT = 0x01, CB_AUX_INT = 0x02, CB_SYS = 0x04, CB_KBD_DISABLE = 0x10,
    CB_AUX_DISABLE = 0x20, CB_XLAT = 0x40,
};
enum { OP_RESET = 0x01, OP_A20 = 0x02, OP_KBD_OBF = 0x10, OP_AUX_OBF = 0x20 };
enum { SRC_KBD = 0, SRC_AUX = 1 };

/* One PS/2 frame (start, 8 data, parity, stop) at about 11 kHz. */
#define DEVICE_BYTE_NS 1000000ull

#define POWER_ON_COMMAND_BYTE (CB_XLAT | CB_KBD_INT)
#define INPUT_PORT 0xA0 /* keyboard not locked, no manufacturing jumper */

struct I8042 {
    Bus *bus;
    Ps2Kbd *kbd;
    Ps2Mouse *mouse;
    uint8_t ram[32]; /* ram[0] = command byte */
    uint8_t status;  /* SYS, A2, TIMEOUT (OBF/AUXB kept separately) */
    uint8_t ob, ob_full, ob_src;
    uint8_t pending;    /* command waiting for a data byte on 0x60 */
    uint8_t outport;
    uint8_t port92;
    uint8_t xlat_break; /* translation saw F0 */
    uint8_t irq1, irq12;
    uint8_t a20;
    Ps2Queue resp;      /* controller responses */
    uint8_t resp_src[PS2_QUEUE_SIZE]; /* source per queued response */
    uint8_t device_busy; /* a device byte is still "on the wire" */
    SchedEvent device_ready;
};

static const StateField i8042_fields[] = {
    STATE_BYTES(I8042, ram), STATE_INT(I8042, status), STATE_INT(I8042, ob),
    STATE_INT(I8042, ob_full), STATE_INT(I8042, ob_src),
    STATE_INT(I8042, pending), STATE_INT(I8042, outport),
    STATE_INT(I8042, port92), STATE_INT(I8042, xlat_break),
    STATE_INT(I8042, irq1), STATE_INT(I8042, irq12), STATE_INT(I8042, a20),
    STATE_BYTES(I8042, resp), STATE_BYTES(I8042, resp_src), STATE_END,
};

static uint8_t cmdbyte(const I8042 *c) { return c->ram[0]; }

static void update_irqs(I8042 *c)
{
    bool k = c->ob_full && c->ob_src == SRC_KBD && (cmdbyte(c) & CB_KBD_INT);
    bool a = c->ob_full && c->ob_src == SRC_AUX && (cmdbyte(c) & CB_AUX_INT);
    if (k != c->irq1) {
        c->irq1 = k;
        bus_irq(c->bus, 1, k);
    }
    if (a != c->irq12) {
        c->irq12 = a;
        bus_irq(c->bus, 12, a);
    }
}

static void request_reset(I8042 *c)
{
    if (c->bus->request_reset)
        c->bus->request_reset(c->bus->machine);
}

static void update_a20(I8042 *c)
{
    uint8_t on = (c->outport & OP_A20) || (c->port92 & 0x02);
    if (on != c->a20) {
        c->a20 = on;
        mem_set_a20(c->bus->mem, on);
    }
}

static void queue_response(I8042 *c, uint8_t b, uint8_t src)
{
    unsigned slot = (c->resp.head + c->resp.count) % PS2_QUEUE_SIZE;
    if (ps2q_push(&c->resp, b))
        c->resp_src[slot] = src;
}

/* Next keyboard byte, translated when XLAT is on; -1 if none. */
static int next_kbd_byte(I8042 *c)
{
    while (ps2kbd_pending(c->kbd)) {
        uint8_t b = ps2kbd_read(c->kbd);
        if (!(cmdbyte(c) & CB_XLAT))
            return b;
        if (b == 0xF0) {
            c->xlat_break = 1;
            continue;
        }
        b = ps2_translate_set2(b);
        if (c->xlat_break && b != 0xE0 && b != 0xE1)
            b |= 0x80;
        c->xlat_break = 0;
        return b;
    }
    return -1;
}

static void fill(I8042 *c)
{
    if (c->ob_full)
        return;
    int b = -1;
    uint8_t src = SRC_KBD;
    if (c->resp.count) {
        src = c->resp_src[c->resp.head];
        b = ps2q_pop(&c->resp);
    } else if (c->device_busy) {
        /* the next device byte is still being clocked in */
    } else if (c->kbd && !(cmdbyte(c) & CB_KBD_DISABLE) &&
               (b = next_kbd_byte(c)) >= 0) {
        src = SRC_KBD;
    } else if (c->mouse && !(cmdbyte(c) & CB_AUX_DISABLE) &&
               ps2mouse_pending(c->mouse)) {
        b = ps2mouse_read(c->mouse);
        src = SRC_AUX;
    }
    if (b >= 0) {
        c->ob = (uint8_t)b;
        c->ob_full = 1;
        c->ob_src = src;
    }
    update_irqs(c);
}

static void device_notify(void *ctrl) { fill(ctrl); }

static void device_ready_fn(void *opaque, uint64_t deadline_ns)
{
    I8042 *c = opaque;
    (void)deadline_ns;
    c->device_busy = 0;
    fill(c);
}

static void set_command_byte(I8042 *c, uint8_t v)
{
    c->ram[0] = v;
    c->status = (uint8_t)((c->status & ~ST_SYS) | (v & CB_SYS));
    fill(c);
    update_irqs(c);
}

static void write_outport(I8042 *c, uint8_t v)
{
    c->outport = v;
    update_a20(c);
    if (!(v & OP_RESET))
        request_reset(c);
}

static uint8_t read_outport(const I8042 *c)
{
    uint8_t v = (uint8_t)(c->outport & ~(OP_KBD_OBF | OP_AUX_OBF));
    if (c->ob_full)
        v |= c->ob_src == SRC_AUX ? OP_AUX_OBF : OP_KBD_OBF;
    return v;
}

static void controller_command(I8042 *c, uint8_t cmd)
{
    if (cmd >= 0x20 && cmd <= 0x3F) {
        queue_response(c, c->ram[cmd & 0x1Fu], SRC_KBD);
    } else if (cmd >= 0x60 && cmd <= 0x7F) {
        c->pending = cmd;
    } else if (cmd >= 0xF0) {
        /* Pulse output port bits whose mask bit is 0; bit 0 is reset. */
        if (!(cmd & 0x01))
            request_reset(c);
    } else {
        switch (cmd) {
        case 0xA4: queue_response(c, 0xF1, SRC_KBD); break; /* no password */
        case 0xA7: c->ram[0] |= CB_AUX_DISABLE; break;
        case 0xA8: c->ram[0] &= (uint8_t)~CB_AUX_DISABLE; break;
        case 0xA9: queue_response(c, c->mouse ? 0x00 : 0x02, SRC_KBD); break;
        case 0xAA: queue_response(c, 0x55, SRC_KBD); break;
        case 0xAB: queue_response(c, c->kbd ? 0x00 : 0x02, SRC_KBD); break;
        case 0xAD: c->ram[0] |= CB_KBD_DISABLE; break;
        case 0xAE: c->ram[0] &= (uint8_t)~CB_KBD_DISABLE; break;
        case 0xC0: queue_response(c, INPUT_PORT, SRC_KBD); break;
        case 0xD0: queue_response(c, read_outport(c), SRC_KBD); break;
        case 0xD1: case 0xD2: case 0xD3: case 0xD4: c->pending = cmd; break;
        case 0xDD: c->outport &= (uint8_t)~OP_A20; update_a20(c); break;
        case 0xDF: c->outport |= OP_A20; update_a20(c); break;
        case 0xE0: queue_response(c, 0x00, SRC_KBD); break; /* test inputs */
        default: break; /* unknown: ignored as by the real firmware */
        }
    }
    fill(c);
}

static void data_write(I8042 *c, uint8_t v)
{
    uint8_t cmd = c->pending;
    c->pending = 0;
    if (cmd >= 0x60 && cmd <= 0x7F) {
        if (cmd == 0x60)
            set_command_byte(c, v);
        else
            c->ram[cmd & 0x1Fu] = v;
        return;
    }
    switch (cmd) {
    case 0xD1: write_outport(c, v); break;
    case 0xD2: queue_response(c, v, SRC_KBD); break;
    case 0xD3: queue_response(c, v, SRC_AUX); break;
    case 0xD4:
        c->status &= (uint8_t)~ST_TIMEOUT;
        if (c->mouse) {
            ps2mouse_write(c->mouse, v);
        } else {
            c->status |= ST_TIMEOUT;
            queue_response(c, 0xFE, SRC_AUX);
        }
        break;
    default: /* to the keyboard */
        c->status &= (uint8_t)~ST_TIMEOUT;
        if (c->kbd) {
            ps2kbd_write(c->kbd, v);
        } else {
            c->status |= ST_TIMEOUT;
            queue_response(c, 0xFE, SRC_KBD);
        }
        break;
    }
    fill(c);
}

static uint32_t i8042_read(void *opaque, uint16_t port, unsigned size)
{
    I8042 *c = opaque;
    if (port == 0x64) {
        uint8_t st = (uint8_t)((c->status & (ST_SYS | ST_A2 | ST_TIMEOUT)) | ST_INH);
        if (c->ob_full)
            st |= ST_OBF | (c->ob_src == SRC_AUX ? ST_AUXB : 0);
        return st;
    }
    uint8_t v = c->ob; /* an empty buffer reads the last byte again */
    if (c->ob_full) {
        c->ob_full = 0;
        update_irqs(c);
        if (!c->device_busy) {
            c->device_busy = 1;
            event_schedule_in(c->bus->sched, &c->device_ready, DEVICE_BYTE_NS);
        }
        fill(c);
    }
    return v;
}

static void i8042_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    I8042 *c = opaque;
    if (port == 0x64) {
        c->status |= ST_A2;
        controller_command(c, (uint8_t)val);
    } else {
        c->status &= (uint8_t)~ST_A2;
        data_write(c, (uint8_t)val);
    }
}

static uint32_t port92_read(void *opaque, uint16_t port, unsigned size)
{
    I8042 *c = opaque;
    return c->port92 & 0xFEu;
}

static void port92_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    I8042 *c = opaque;
    uint8_t old = c->port92;
    c->port92 = (uint8_t)val;
    update_a20(c);
    if ((val & 1u) && !(old & 1u))
        request_reset(c);
}

uint8_t i8042_command_byte(const I8042 *c) { return c->ram[0]; }

void i8042_reset(I8042 *c)
{
    memset(c->ram, 0, sizeof c->ram);
    c->ram[0] = POWER_ON_COMMAND_BYTE;
    c->status = 0;
    c->ob = 0;
    c->ob_full = 0;
    c->pending = 0;
    c->xlat_break = 0;
    c->outport = 0xCF; /* reset line high, A20 on, both interface lines idle */
    c->port92 = 0;
    ps2q_clear(&c->resp);
    c->device_busy = 0;
    event_cancel(c->bus->sched, &c->device_ready);
    c->a20 = !mem_a20_enabled(c->bus->mem);
    update_a20(c);
    update_irqs(c);
    fill(c);
}

I8042 *i8042_create(Bus *bus, Ps2Kbd *kbd, Ps2Mouse *mouse)
{
    I8042 *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->bus = bus;
    c->kbd = kbd;
    c->mouse = mouse;
    event_init(&c->device_ready, "i8042-device-byte", device_ready_fn, c);
    if (io_register(bus->io, 0x60, 1, "i8042", i8042_read, i8042_write, c, IO_W8))
        goto fail;
    if (io_register(bus->io, 0x64, 1, "i8042", i8042_read, i8042_write, c, IO_W8))
        goto fail_64;
    if (io_register(bus->io, 0x92, 1, "port92", port92_read, port92_write, c, IO_W8))
        goto fail_92;
    if (kbd)
        ps2kbd_attach(kbd, device_notify, c);
    if (mouse)
        ps2mouse_attach(mouse, device_notify, c);
    i8042_reset(c);
    return c;
fail_92:
    io_unregister(bus->io, 0x64, 1);
fail_64:
    io_unregister(bus->io, 0x60, 1);
fail:
    free(c);
    return NULL;
}

void i8042_destroy(I8042 *c)
{
    if (!c)
        return;
    if (c->kbd)
        ps2kbd_attach(c->kbd, NULL, NULL);
    if (c->mouse)
        ps2mouse_attach(c->mouse, NULL, NULL);
    event_cancel(c->bus->sched, &c->device_ready);
    io_unregister(c->bus->io, 0x60, 1);
    io_unregister(c->bus->io, 0x64, 1);
    io_unregister(c->bus->io, 0x92, 1);
    free(c);
}

int i8042_save(I8042 *c, StateWriter *w)
{
    return state_save_fields(w, "i8042", 1, c, i8042_fields);
}

int i8042_load(I8042 *c, StateReader *r)
{
    if (state_load_fields(r, "i8042", 1, c, i8042_fields))
        return -1;
    ps2q_sanitize(&c->resp);
    c->ob_src &= 1u;
    c->device_busy = 0; /* not saved: the frame in flight is just done */
    event_cancel(c->bus->sched, &c->device_ready);
    /* Re-drive the outputs from the restored state. */
    bool i1 = c->irq1, i12 = c->irq12;
    c->irq1 = !i1;
    c->irq12 = !i12;
    bus_irq(c->bus, 1, i1);
    bus_irq(c->bus, 12, i12);
    c->irq1 = i1;
    c->irq12 = i12;
    mem_set_a20(c->bus->mem, c->a20);
    update_irqs(c);
    fill(c);
    return 0;
}

static void dev_reset(void *s) { i8042_reset(s); }
static int dev_save(void *s, StateWriter *w) { return i8042_save(s, w); }
static int dev_load(void *s, StateReader *r) { return i8042_load(s, r); }
static void dev_destroy(void *s) { i8042_destroy(s); }

Device i8042_device(I8042 *c)
{
    return (Device){"i8042", c, dev_reset, dev_save, dev_load, dev_destroy};
}
