/*
 * hw/fwcfg.h — the QEMU firmware configuration interface ("fw_cfg"), as
 * documented in QEMU's docs/specs/fw_cfg: selector port 0x510 (16-bit
 * write), data port 0x511 (byte reads).  px86 offers it only to foreign
 * firmware (-bios SeaBIOS), which finds its VGA option ROM there
 * ("vgaroms/..." file) instead of scanning C0000h.
 */
#ifndef PX86_HW_FWCFG_H
#define PX86_HW_FWCFG_H

#include <stddef.h>
#include <stdint.h>

#include "hw/bus.h"
#include "hw/device.h"

typedef struct FwCfg FwCfg;

FwCfg *fwcfg_create(Bus *bus);
/* Add a named file (copied); 0 on success. */
int fwcfg_add_file(FwCfg *f, const char *name, const uint8_t *data, size_t len);
void fwcfg_reset(FwCfg *f);
void fwcfg_destroy(FwCfg *f);
Device fwcfg_device(FwCfg *f);

#endif
