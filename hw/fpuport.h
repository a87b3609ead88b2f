/*
 * hw/fpuport.h — port 0xF0 of the PC/AT: a write clears the coprocessor
 * error latch (FERR#, IRQ13) through bus->cpu_ferr_clear.
 */
#ifndef PX86_HW_FPUPORT_H
#define PX86_HW_FPUPORT_H

#include "hw/bus.h"
#include "hw/device.h"

typedef struct FpuPort FpuPort;

FpuPort *fpuport_create(Bus *bus);
void fpuport_reset(FpuPort *fp);
void fpuport_destroy(FpuPort *fp);
Device fpuport_device(FpuPort *fp);

#endif
