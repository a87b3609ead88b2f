/*
 * hw/uart16550.c — NS16550A UART (see uart16550.h).
 *
 * Owns: the register file (RBR/THR, IER, IIR/FCR, LCR, MCR, LSR, MSR, SCR,
 * divisor latch), the RX/TX FIFOs (16 bytes; 1 byte deep in 16450 mode),
 * the interrupt identification priorities, loopback, and the guest-time
 * pacing of transmission and reception from the divisor and the frame
 * format.
 *
 * Rules followed (NS16550A datasheet, "Interrupt Identification Register"):
 * priority is line status > received data / character timeout > THR empty
 * > modem status.  The THRE interrupt is cleared by reading IIR when it is
 * the source, or by writing THR.  The PC wires the IRQ through MCR OUT2.
 *
 * Bytes are never lost: input is only taken from the CharDev when the RX
 * FIFO has room, and a THR write into a full transmit FIFO pushes the oldest
 * byte out at once instead of dropping it.
 */
#include "hw/uart16550.h"

#include <stdlib.h>
#include <string.h>

#define UART_CLOCK_HZ 1843200u /* /16 = 115200 baud at divisor 1 */
#define FIFO_SIZE 16
#define RX_IDLE_POLL_NS 1000000u /* input polling when the line is quiet */

/* IER bits. */
enum { IER_RDA = 1, IER_THRE = 2, IER_RLS = 4, IER_MS = 8 };
/* IIR codes (bits 3:0). */
enum {
    IIR_NONE = 0x01,
    IIR_RLS = 0x06,
    IIR_RDA = 0x04,
    IIR_TIMEOUT = 0x0C,
    IIR_THRE = 0x02,
    IIR_MS = 0x00,
};
/* LSR bits. */
enum {
    LSR_DR = 0x01, LSR_OE = 0x02, LSR_PE = 0x04, LSR_FE = 0x08, LSR_BI = 0x10,
    LSR_THRE = 0x20, LSR_TEMT = 0x40, LSR_FIFOERR = 0x80,
};
/* MCR bits. */
enum { MCR_DTR = 1, MCR_RTS = 2, MCR_OUT1 = 4, MCR_OUT2 = 8, MCR_LOOP = 16 };
/* MSR bits. */
enum {
    MSR_DCTS = 1, MSR_DDSR = 2, MSR_TERI = 4, MSR_DDCD = 8,
    MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_RI = 0x40, MSR_DCD = 0x80,
};

typedef struct UartState {
    uint8_t ier, lcr, mcr, lsr, msr, scr, fcr;
    uint8_t dll, dlm;
    uint8_t rx[FIFO_SIZE];
    uint8_t rx_head, rx_len;
    uint8_t tx[FIFO_SIZE];
    uint8_t tx_head, tx_len;
    uint8_t tsr;         /* byte being shifted out */
    uint8_t tsr_busy;    /* 1 while tsr holds a byte */
    uint8_t thre_pending; /* THRE interrupt condition latched */
    uint8_t timeout_pending;
    uint8_t irq_level;
    uint64_t tx_when;    /* deadline of the shifting byte, 0 = none */
} UartState;

struct Uart {
    Bus *bus;
    uint16_t base;
    unsigned irq;
    CharDev *chr;
    SchedEvent tx_event;
    SchedEvent rx_event;      /* input polling */
    SchedEvent timeout_event; /* RX character timeout */
    UartState s;
};

static const StateField uart_fields[] = {
    STATE_INT(UartState, ier), STATE_INT(UartState, lcr),
    STATE_INT(UartState, mcr), STATE_INT(UartState, lsr),
    STATE_INT(UartState, msr), STATE_INT(UartState, scr),
    STATE_INT(UartState, fcr), STATE_INT(UartState, dll),
    STATE_INT(UartState, dlm), STATE_ARRAY(UartState, rx),
    STATE_INT(UartState, rx_head), STATE_INT(UartState, rx_len),
    STATE_ARRAY(UartState, tx), STATE_INT(UartState, tx_head),
    STATE_INT(UartState, tx_len), STATE_INT(UartState, tsr),
    STATE_INT(UartState, tsr_busy), STATE_INT(UartState, thre_pending),
    STATE_INT(UartState, timeout_pending), STATE_INT(UartState, irq_level),
    STATE_INT(UartState, tx_when), STATE_END,
};

static bool fifo_enabled(const Uart *u) { return u->s.fcr & 1; }
static unsigned fifo_depth(const Uart *u) { return fifo_enabled(u) ? FIFO_SIZE : 1; }

/* Receive trigger level from FCR bits 7:6. */
static unsigned rx_trigger(const Uart *u)
{
    static const uint8_t levels[4] = {1, 4, 8, 14};
    return fifo_enabled(u) ? levels[u->s.fcr >> 6] : 1;
}

/* Time on the wire of one character: start + data + parity + stop bits. */
static uint64_t char_time_ns(const Uart *u)
{
    unsigned divisor = (unsigned)u->s.dll | ((unsigned)u->s.dlm << 8);
    if (divisor == 0)
        divisor = 65536; /* the divider counts modulo 2^16 */
    unsigned bits = 1 + 5 + (u->s.lcr & 3) + ((u->s.lcr & 8) ? 1 : 0) +
                    ((u->s.lcr & 4) ? 2 : 1);
    return sched_ticks_to_ns((uint64_t)bits * divisor * 16, UART_CLOCK_HZ);
}

/* Which interrupt is pending, by priority (IIR bits 3:0). */
static uint8_t pending_iid(const Uart *u)
{
    const UartState *s = &u->s;
    if ((s->ier & IER_RLS) && (s->lsr & (LSR_OE | LSR_PE | LSR_FE | LSR_BI)))
        return IIR_RLS;
    if (s->ier & IER_RDA) {
        if (s->timeout_pending && s->rx_len)
            return IIR_TIMEOUT;
        if (s->rx_len && s->rx_len >= rx_trigger(u))
            return IIR_RDA;
    }
    if ((s->ier & IER_THRE) && s->thre_pending)
        return IIR_THRE;
    if ((s->ier & IER_MS) && (s->msr & 0x0F))
        return IIR_MS;
    return IIR_NONE;
}

static void update_irq(Uart *u)
{
    /* The OUT2 pin gates the interrupt onto the ISA line on PC boards; in
     * loopback the modem-control pins are forced inactive, so no IRQ
     * reaches the PIC then (IIR still reports the source). */
    bool level = pending_iid(u) != IIR_NONE &&
                 (u->s.mcr & (MCR_OUT2 | MCR_LOOP)) == MCR_OUT2;
    if (level != (bool)u->s.irq_level) {
        u->s.irq_level = level;
        bus_irq(u->bus, u->irq, level);
    }
}

/* Modem inputs: in loopback they come from MCR, otherwise the host side is
 * a "cable" with CTS/DSR/DCD asserted. */
static uint8_t modem_inputs(const Uart *u)
{
    uint8_t m = u->s.mcr;
    if (m & MCR_LOOP)
        return (uint8_t)(((m & MCR_RTS) ? MSR_CTS : 0) |
                         ((m & MCR_DTR) ? MSR_DSR : 0) |
                         ((m & MCR_OUT1) ? MSR_RI : 0) |
                         ((m & MCR_OUT2) ? MSR_DCD : 0));
    return MSR_CTS | MSR_DSR | MSR_DCD;
}

static void update_msr(Uart *u)
{
    uint8_t old = u->s.msr & 0xF0, now = modem_inputs(u);
    uint8_t delta = 0;
    if ((old ^ now) & MSR_CTS)
        delta |= MSR_DCTS;
    if ((old ^ now) & MSR_DSR)
        delta |= MSR_DDSR;
    if ((old & MSR_RI) && !(now & MSR_RI)) /* trailing edge only */
        delta |= MSR_TERI;
    if ((old ^ now) & MSR_DCD)
        delta |= MSR_DDCD;
    u->s.msr = (uint8_t)(now | (u->s.msr & 0x0F) | delta);
}

static void rx_push(Uart *u, uint8_t byte)
{
    UartState *s = &u->s;
    if (s->rx_len >= fifo_depth(u)) {
        s->lsr |= LSR_OE; /* only possible in loopback: the byte is lost */
        return;
    }
    s->rx[(s->rx_head + s->rx_len) % FIFO_SIZE] = byte;
    s->rx_len++;
    s->lsr |= LSR_DR;
    s->timeout_pending = 0;
    if (fifo_enabled(u))
        event_schedule_in(u->bus->sched, &u->timeout_event, 4 * char_time_ns(u));
}

static void rx_clear(Uart *u)
{
    u->s.rx_len = 0;
    u->s.rx_head = 0;
    u->s.lsr &= (uint8_t)~(LSR_DR | LSR_FIFOERR);
    u->s.timeout_pending = 0;
    event_cancel(u->bus->sched, &u->timeout_event);
}

/* A byte leaves the shift register: to the host, or back to RX in loopback. */
static void emit(Uart *u, uint8_t byte)
{
    if (u->s.mcr & MCR_LOOP)
        rx_push(u, byte);
    else if (u->chr)
        chardev_write(u->chr, &byte, 1);
}

/* Move the next byte from the TX FIFO into the shift register. */
static void tx_load(Uart *u)
{
    UartState *s = &u->s;
    if (s->tsr_busy || !s->tx_len)
        return;
    s->tsr = s->tx[s->tx_head];
    s->tx_head = (uint8_t)((s->tx_head + 1) % FIFO_SIZE);
    s->tx_len--;
    s->tsr_busy = 1;
    s->lsr &= (uint8_t)~LSR_TEMT;
    if (!s->tx_len) {
        s->lsr |= LSR_THRE;
        s->thre_pending = 1;
    }
    s->tx_when = bus_now(u->bus) + char_time_ns(u);
    event_schedule(u->bus->sched, &u->tx_event, s->tx_when);
}

static void tx_done(void *opaque, uint64_t now)
{
    Uart *u = opaque;
    (void)now;
    if (!u->s.tsr_busy)
        return;
    u->s.tsr_busy = 0;
    u->s.tx_when = 0;
    emit(u, u->s.tsr);
    tx_load(u);
    if (!u->s.tsr_busy && !u->s.tx_len)
        u->s.lsr |= LSR_TEMT;
    update_irq(u);
}

static void write_thr(Uart *u, uint8_t byte)
{
    UartState *s = &u->s;
    if (s->tx_len >= fifo_depth(u)) {
        /* Full: finish the shifting byte now rather than lose one. */
        event_cancel(u->bus->sched, &u->tx_event);
        tx_done(u, bus_now(u->bus));
    }
    s->tx[(s->tx_head + s->tx_len) % FIFO_SIZE] = byte;
    s->tx_len++;
    s->lsr &= (uint8_t)~(LSR_THRE | LSR_TEMT);
    s->thre_pending = 0;
    tx_load(u);
    update_irq(u);
}

static uint8_t read_rbr(Uart *u)
{
    UartState *s = &u->s;
    uint8_t v = 0;
    if (s->rx_len) {
        v = s->rx[s->rx_head];
        s->rx_head = (uint8_t)((s->rx_head + 1) % FIFO_SIZE);
        s->rx_len--;
    }
    if (!s->rx_len)
        s->lsr &= (uint8_t)~LSR_DR;
    s->timeout_pending = 0;
    if (s->rx_len && fifo_enabled(u))
        event_schedule_in(u->bus->sched, &u->timeout_event, 4 * char_time_ns(u));
    else
        event_cancel(u->bus->sched, &u->timeout_event);
    update_irq(u);
    return v;
}

static void rx_timeout(void *opaque, uint64_t now)
{
    Uart *u = opaque;
    (void)now;
    if (u->s.rx_len && fifo_enabled(u)) {
        u->s.timeout_pending = 1;
        update_irq(u);
    }
}

/* Poll the host for input, one character time apart while data flows. */
static void rx_poll(void *opaque, uint64_t now)
{
    Uart *u = opaque;
    (void)now;
    if (!u->chr)
        return;
    uint64_t next = RX_IDLE_POLL_NS;
    if (u->chr && !(u->s.mcr & MCR_LOOP) && u->s.rx_len < fifo_depth(u)) {
        uint8_t b;
        if (chardev_read(u->chr, &b, 1) == 1) {
            rx_push(u, b);
            update_irq(u);
            next = char_time_ns(u);
        }
    } else if (u->s.rx_len >= fifo_depth(u)) {
        next = char_time_ns(u); /* guest is behind: retry soon */
    }
    event_schedule_in(u->bus->sched, &u->rx_event, next);
}

static uint32_t uart_read(void *opaque, uint16_t port, unsigned size)
{
    Uart *u = opaque;
    UartState *s = &u->s;
    (void)size;
    bool dlab = s->lcr & 0x80;
    switch (port - u->base) {
    case 0:
        return dlab ? s->dll : read_rbr(u);
    case 1:
        return dlab ? s->dlm : s->ier;
    case 2: {
        uint8_t iid = pending_iid(u);
        if (iid == IIR_THRE) { /* reading IIR clears a THRE interrupt */
            s->thre_pending = 0;
            update_irq(u);
        }
        return iid | (fifo_enabled(u) ? 0xC0 : 0);
    }
    case 3:
        return s->lcr;
    case 4:
        return s->mcr;
    case 5: {
        uint8_t v = s->lsr;
        if (fifo_enabled(u) && (v & (LSR_PE | LSR_FE | LSR_BI)))
            v |= LSR_FIFOERR;
        s->lsr &= (uint8_t)~(LSR_OE | LSR_PE | LSR_FE | LSR_BI | LSR_FIFOERR);
        update_irq(u);
        return v;
    }
    case 6: {
        uint8_t v = s->msr;
        s->msr &= 0xF0; /* reading clears the delta bits */
        update_irq(u);
        return v;
    }
    default:
        return s->scr;
    }
}

static void uart_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    Uart *u = opaque;
    UartState *s = &u->s;
    uint8_t v = (uint8_t)val;
    (void)size;
    bool dlab = s->lcr & 0x80;
    switch (port - u->base) {
    case 0:
        if (dlab)
            s->dll = v;
        else
            write_thr(u, v);
        break;
    case 1:
        if (dlab) {
            s->dlm = v;
            break;
        }
        /* Enabling ETBEI while THR is empty raises THRE at once. */
        if ((v & IER_THRE) && !(s->ier & IER_THRE) && (s->lsr & LSR_THRE))
            s->thre_pending = 1;
        s->ier = v & 0x0F;
        update_irq(u);
        break;
    case 2: {
        bool was = fifo_enabled(u);
        if ((v & 1) != was) { /* changing mode empties both FIFOs */
            rx_clear(u);
            s->tx_len = 0;
        }
        if (v & 2)
            rx_clear(u);
        if (v & 4) {
            s->tx_len = 0;
            if (!s->tsr_busy) {
                s->lsr |= LSR_THRE | LSR_TEMT;
                s->thre_pending = 1;
            } else {
                s->lsr |= LSR_THRE;
            }
        }
        s->fcr = v & 0xC9;
        if (!(v & 1))
            s->fcr = 0;
        update_irq(u);
        break;
    }
    case 3:
        s->lcr = v;
        break;
    case 4:
        s->mcr = v & 0x1F;
        update_msr(u);
        update_irq(u);
        break;
    case 5: /* LSR is read-only (factory test only) */
    case 6:
        break;
    default:
        s->scr = v;
        break;
    }
}

void uart_reset(Uart *u)
{
    event_cancel(u->bus->sched, &u->tx_event);
    event_cancel(u->bus->sched, &u->timeout_event);
    memset(&u->s, 0, sizeof u->s);
    u->s.lsr = LSR_THRE | LSR_TEMT;
    u->s.dll = 12; /* 9600 baud until programmed */
    u->s.msr = modem_inputs(u);
    bus_irq(u->bus, u->irq, false);
    if (u->chr)
        event_schedule_in(u->bus->sched, &u->rx_event, RX_IDLE_POLL_NS);
}

Uart *uart_create(Bus *bus, uint16_t base, unsigned irq, CharDev *chr)
{
    Uart *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->bus = bus;
    u->base = base;
    u->irq = irq;
    u->chr = chr;
    event_init(&u->tx_event, "uart-tx", tx_done, u);
    event_init(&u->rx_event, "uart-rx", rx_poll, u);
    event_init(&u->timeout_event, "uart-timeout", rx_timeout, u);
    if (io_register(bus->io, base, 8, "uart16550", uart_read, uart_write, u,
                    IO_W8)) {
        free(u);
        return NULL;
    }
    uart_reset(u);
    return u;
}

Uart *uart_create_com(Bus *bus, unsigned index, CharDev *chr)
{
    static const uint16_t bases[4] = {UART_COM1_BASE, UART_COM2_BASE,
                                      UART_COM3_BASE, UART_COM4_BASE};
    static const uint8_t irqs[4] = {UART_COM1_IRQ, UART_COM2_IRQ,
                                    UART_COM3_IRQ, UART_COM4_IRQ};
    if (index >= 4)
        return NULL;
    return uart_create(bus, bases[index], irqs[index], chr);
}

void uart_destroy(Uart *u)
{
    if (!u)
        return;
    event_cancel(u->bus->sched, &u->tx_event);
    event_cancel(u->bus->sched, &u->rx_event);
    event_cancel(u->bus->sched, &u->timeout_event);
    io_unregister(u->bus->io, u->base, 8);
    free(u);
}

int uart_save(Uart *u, StateWriter *w)
{
    return state_save_fields(w, "uart16550", 1, &u->s, uart_fields);
}

int uart_load(Uart *u, StateReader *r)
{
    if (state_load_fields(r, "uart16550", 1, &u->s, uart_fields))
        return -1;
    /* Sanitize what indexes our arrays. */
    u->s.rx_head %= FIFO_SIZE;
    u->s.tx_head %= FIFO_SIZE;
    if (u->s.rx_len > FIFO_SIZE)
        u->s.rx_len = FIFO_SIZE;
    if (u->s.tx_len > FIFO_SIZE)
        u->s.tx_len = FIFO_SIZE;
    event_cancel(u->bus->sched, &u->tx_event);
    if (u->s.tsr_busy)
        event_schedule(u->bus->sched, &u->tx_event, u->s.tx_when);
    bus_irq(u->bus, u->irq, u->s.irq_level);
    return 0;
}

static void dev_reset(void *self) { uart_reset(self); }
static int dev_save(void *self, StateWriter *w) { return uart_save(self, w); }
static int dev_load(void *self, StateReader *r) { return uart_load(self, r); }
static void dev_destroy(void *self) { uart_destroy(self); }

Device uart_device(Uart *u)
{
    return (Device){"uart16550", u, dev_reset, dev_save, dev_load, dev_destroy};
}
