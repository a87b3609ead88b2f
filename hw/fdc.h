/*
 * hw/fdc.h — 82077AA-class floppy disk controller with two drives.
 *
 * Owns: the controller's registers at 0x3F0-0x3F5 and 0x3F7 (0x3F6 belongs
 * to the IDE controller), the command/execution/result state machine, DMA
 * on channel 2, IRQ6, and the drives' head positions, disk-change lines and
 * media geometry.  Disk images belong to the caller (the board), which must
 * keep them open while attached.
 */
#ifndef PX86_HW_FDC_H
#define PX86_HW_FDC_H

#include <stddef.h>
#include <stdint.h>

#include "hw/bus.h"
#include "hw/device.h"
#include "hw/disk.h"

#define FDC_BASE 0x3F0
#define FDC_IRQ 6
#define FDC_DMA 2

typedef struct Fdc Fdc;

/* NULL if the ports are taken. */
Fdc *fdc_create(Bus *bus);
void fdc_reset(Fdc *f); /* power-on reset */
void fdc_destroy(Fdc *f);
Device fdc_device(Fdc *f);
int fdc_save(Fdc *f, StateWriter *w);
int fdc_load(Fdc *f, StateReader *r);

/* Put a drive (0 or 1) in the machine holding image img, whose size must be
 * a PC floppy format (160K, 180K, 320K, 360K, 720K, 1.2M, 1.44M, 1.68M DMF,
 * 2.88M).  img == NULL: a 1.44M drive with no disk in it.  Calling it again
 * changes the disk (the disk-change line goes active).  Returns 0, or -1
 * with a message in err. */
int fdc_attach(Fdc *f, int drive, DiskImage *img, char *err, size_t errlen);
/* CMOS drive type for register 0x10: 0 none, 1 360K, 2 1.2M, 3 720K,
 * 4 1.44M, 5 2.88M. */
int fdc_cmos_type(const Fdc *f, int drive);

#endif
