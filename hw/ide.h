/*
 * hw/ide.h — one IDE (ATA/ATAPI) channel with a master and a slave.
 *
 * Owns: the channel's command block (base+0..7) and control block
 * (alternate status / device control) registers, the IRQ line, and per
 * device: task-file copies, status/error, PIO transfer state, ATA geometry
 * and multiple mode, and for ATAPI CD-ROMs the packet state and sense data
 * (hw/atapi.c).  Disk images belong to the caller, which keeps them open
 * while attached.
 */
#ifndef PX86_HW_IDE_H
#define PX86_HW_IDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/bus.h"
#include "hw/device.h"
#include "hw/disk.h"

/* channel 0: 0x1F0-0x1F7 + 0x3F6, IRQ14; channel 1: 0x170-0x177 + 0x376,
 * IRQ15. */
#define IDE_PRIMARY 0
#define IDE_SECONDARY 1

typedef struct Ide Ide;

typedef struct IdeGeometry {
    uint32_t cylinders; /* default (IDENTIFY words 1/3/6) geometry */
    uint16_t heads;     /* <= 16 */
    uint16_t sectors;   /* per track, <= 63 */
    uint64_t total_sectors; /* 512-byte sectors in the image */
} IdeGeometry;

/* NULL if the ports are taken or channel is not 0/1. */
Ide *ide_create(Bus *bus, int channel);
void ide_reset(Ide *ide); /* power-on/hardware reset */
void ide_destroy(Ide *ide);
Device ide_device(Ide *ide);
int ide_save(Ide *ide, StateWriter *w);
int ide_load(Ide *ide, StateReader *r);

/* unit 0 = master, 1 = slave.  Disks need at least one 512-byte sector.
 * ide_attach_cdrom with img == NULL: a drive with no disc. */
int ide_attach_disk(Ide *ide, int unit, DiskImage *img, char *err, size_t errlen);
int ide_attach_cdrom(Ide *ide, int unit, DiskImage *img, char *err, size_t errlen);
/* Geometry of an ATA disk for CMOS/BIOS tables; false if unit is no disk. */
bool ide_disk_geometry(const Ide *ide, int unit, IdeGeometry *out);

#endif
