/*
 * hw/pic.h — the cascaded 8259A interrupt controller pair of the PC/AT
 * (master 0x20/0x21, slave 0xA0/0xA1 on master IR2) plus the EISA/PIIX
 * edge/level control registers (ELCR, 0x4D0/0x4D1).
 *
 * The PIC installs itself as the bus IRQ sink (bus->irq_set): devices call
 * bus_irq(bus, n, level) for ISA IRQ n (IRQ2 is redirected to IRQ9 as on
 * the AT bus).  The master's INT output is reported through `intr` (the
 * machine forwards it to cpu_set_intr); pic_acknowledge() is the INTA cycle
 * (the machine uses it as CpuHost.intr_ack).
 */
#ifndef PX86_HW_PIC_H
#define PX86_HW_PIC_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/bus.h"
#include "hw/device.h"

typedef struct Pic Pic;
typedef void (*pic_intr_fn)(void *opaque, bool level);

/* intr may be NULL (poll pic_intr_level instead). */
Pic *pic_create(Bus *bus, pic_intr_fn intr, void *opaque);
void pic_reset(Pic *pic);
void pic_destroy(Pic *pic);
Device pic_device(Pic *pic);

/* INTA cycle: returns the vector (spurious IRQ7/IRQ15 vectors when the
 * request went away). */
uint8_t pic_acknowledge(Pic *pic);
/* Current level of the master's INT output. */
bool pic_intr_level(const Pic *pic);
/* Drive ISA IRQ line n (same as bus_irq on the bus the PIC sits on). */
void pic_set_irq(Pic *pic, unsigned irq, bool level);

/* Debugger view: 0 = master, 1 = slave. */
uint8_t pic_irr(const Pic *pic, int chip);
uint8_t pic_isr(const Pic *pic, int chip);
uint8_t pic_imr(const Pic *pic, int chip);

int pic_save(Pic *pic, StateWriter *w);
int pic_load(Pic *pic, StateReader *r);

#endif
