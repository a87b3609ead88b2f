/*
 * hw/uart16550.h — NS16550A serial port (COM1..COM4).
 *
 * Owns: one UART's registers, its 16-byte receive and transmit FIFOs, the
 * interrupt logic and the transmit/receive timing.  Output goes to a CharDev
 * (may be NULL: bytes are discarded), input is polled from it.
 */
#ifndef PX86_HW_UART16550_H
#define PX86_HW_UART16550_H

#include <stdint.h>

#include "hw/bus.h"
#include "hw/chardev.h"
#include "hw/device.h"

/* Standard PC resources. */
#define UART_COM1_BASE 0x3F8
#define UART_COM2_BASE 0x2F8
#define UART_COM3_BASE 0x3E8
#define UART_COM4_BASE 0x2E8
#define UART_COM1_IRQ 4
#define UART_COM2_IRQ 3
#define UART_COM3_IRQ 4
#define UART_COM4_IRQ 3

typedef struct Uart Uart;

/* NULL if the ports are taken. */
Uart *uart_create(Bus *bus, uint16_t base, unsigned irq, CharDev *chr);
/* COM index 0..3 → standard base/IRQ. */
Uart *uart_create_com(Bus *bus, unsigned index, CharDev *chr);
void uart_reset(Uart *u);
void uart_destroy(Uart *u); /* does not close the CharDev */
Device uart_device(Uart *u);
int uart_save(Uart *u, StateWriter *w);
int uart_load(Uart *u, StateReader *r);

#endif
