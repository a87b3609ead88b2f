/*
 * hw/board_storage.c — creates and wires the storage device group into the
 * machine (see hw/machine_internal.h): disk images, the floppy controller,
 * both IDE channels with their disks and CD-ROM, the serial ports and LPT1,
 * the CMOS bytes that describe the drives, and the periodic disk flush.
 *
 * Slots: -hda/-hdb primary master/slave, -hdc/-hdd secondary master/slave;
 * -cdrom is the secondary master, or the secondary slave when -hdc is
 * given.  COM1/COM2 always exist; COM3/COM4 only when configured (they
 * share IRQ4/IRQ3 with COM1/COM2).  LPT1 always exists.
 */
#include "hw/machine_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/disk.h"
#include "hw/fdc.h"
#include "hw/ide.h"
#include "hw/parallel.h"
#include "hw/uart16550.h"

#define FLUSH_PERIOD_NS (5 * NS_PER_SEC)

typedef struct Storage {
    Machine *m;
    DiskImage *fd_img[2];
    DiskImage *hd_img[MACHINE_MAX_HD];
    DiskImage *cd_img;
    Fdc *fdc;
    Ide *ide[2];
    Uart *uart[MACHINE_MAX_SERIAL];
    Parallel *lpt;
    SchedEvent flush_event;
} Storage;

static void flush_all(void *opaque)
{
    Storage *st = opaque;
    for (int i = 0; i < 2; i++)
        if (st->fd_img[i])
            disk_flush(st->fd_img[i]);
    for (int i = 0; i < MACHINE_MAX_HD; i++)
        if (st->hd_img[i])
            disk_flush(st->hd_img[i]);
}

static uint64_t activity_all(void *opaque)
{
    Storage *st = opaque;
    uint64_t n = 0;
    for (int i = 0; i < 2; i++)
        if (st->fd_img[i])
            n += disk_activity(st->fd_img[i]);
    for (int i = 0; i < MACHINE_MAX_HD; i++)
        if (st->hd_img[i])
            n += disk_activity(st->hd_img[i]);
    if (st->cd_img)
        n += disk_activity(st->cd_img);
    return n;
}

static void periodic_flush(void *opaque, uint64_t now)
{
    Storage *st = opaque;
    flush_all(st);
    event_schedule(&st->m->sched, &st->flush_event, now + FLUSH_PERIOD_NS);
}

/* The group itself is a Device so the machine frees it: registered before
 * the devices, it is destroyed after them (reverse order). */
static void storage_reset(void *self)
{
    Storage *st = self;
    event_schedule_in(&st->m->sched, &st->flush_event, FLUSH_PERIOD_NS);
}
static int storage_save(void *self, StateWriter *w) { (void)self; (void)w; return 0; }
static int storage_load(void *self, StateReader *r) { (void)self; (void)r; return 0; }
static void storage_destroy(void *self)
{
    Storage *st = self;
    event_cancel(&st->m->sched, &st->flush_event);
    for (int i = 0; i < 2; i++)
        disk_close(st->fd_img[i]);
    for (int i = 0; i < MACHINE_MAX_HD; i++)
        disk_close(st->hd_img[i]);
    disk_close(st->cd_img);
    if (st->m->hooks.storage == st) {
        st->m->hooks.storage = NULL;
        st->m->hooks.flush_disks = NULL;
        st->m->hooks.disk_activity = NULL;
    }
    free(st);
}

static DiskImage *open_image(const char *path, const char *opt, bool snapshot,
                             bool ro, char *err, size_t errlen)
{
    char e[512];
    DiskImage *d = disk_open(path, snapshot, ro, e, sizeof e);
    if (!d)
        snprintf(err, errlen, "%s: %s", opt, e);
    return d;
}

static void cmos_set(Machine *m, uint8_t index, uint8_t value)
{
    if (m->hooks.cmos_write)
        m->hooks.cmos_write(m->hooks.rtc, index, value);
}

static uint8_t cmos_get(Machine *m, uint8_t index)
{
    return m->hooks.cmos_read ? m->hooks.cmos_read(m->hooks.rtc, index) : 0;
}

/* Hard disk parameter block at base (0x1B for C:, 0x24 for D:), as the AT
 * BIOS type-47 user-defined entry. */
static void cmos_hd_params(Machine *m, uint8_t base, const IdeGeometry *g)
{
    uint32_t cyl = g->cylinders;
    cmos_set(m, base + 0, (uint8_t)cyl);
    cmos_set(m, base + 1, (uint8_t)(cyl >> 8));
    cmos_set(m, base + 2, (uint8_t)g->heads);
    cmos_set(m, base + 3, 0xFF); /* write precompensation: none */
    cmos_set(m, base + 4, 0xFF);
    cmos_set(m, base + 5, (uint8_t)(0xC0 | (g->heads > 8 ? 0x08 : 0)));
    cmos_set(m, base + 6, (uint8_t)cyl); /* landing zone */
    cmos_set(m, base + 7, (uint8_t)(cyl >> 8));
    cmos_set(m, base + 8, (uint8_t)g->sectors);
}

static void fill_cmos(Storage *st)
{
    Machine *m = st->m;
    int t0 = fdc_cmos_type(st->fdc, 0), t1 = fdc_cmos_type(st->fdc, 1);
    cmos_set(m, 0x10, (uint8_t)((t0 << 4) | t1));
    int nfd = (t0 != 0) + (t1 != 0);
    uint8_t equip = cmos_get(m, 0x14) & (uint8_t)~0xC1;
    if (nfd)
        equip |= (uint8_t)(0x01 | ((nfd - 1) << 6));
    cmos_set(m, 0x14, equip);
    IdeGeometry g0, g1;
    bool c = ide_disk_geometry(st->ide[0], 0, &g0);
    bool d = ide_disk_geometry(st->ide[0], 1, &g1);
    cmos_set(m, 0x12, (uint8_t)((c ? 0xF0 : 0) | (d ? 0x0F : 0)));
    cmos_set(m, 0x19, c ? 47 : 0);
    cmos_set(m, 0x1A, d ? 47 : 0);
    if (c)
        cmos_hd_params(m, 0x1B, &g0);
    if (d)
        cmos_hd_params(m, 0x24, &g1);
}

static int add(Machine *m, Device dev, char *err, size_t errlen)
{
    if (machine_add_device(m, dev)) {
        snprintf(err, errlen, "too many devices");
        dev.destroy(dev.self);
        return -1;
    }
    return 0;
}

int machine_board_storage(Machine *m, char *err, size_t errlen)
{
    const MachineConfig *cfg = &m->cfg;
    Storage *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    st->m = m;
    event_init(&st->flush_event, "disk-flush", periodic_flush, st);
    Device group = {"storage", st, storage_reset, storage_save, storage_load,
                    storage_destroy};
    if (add(m, group, err, errlen))
        return -1;
    m->hooks.storage = st;
    m->hooks.flush_disks = flush_all;
    m->hooks.disk_activity = activity_all;

    static const char *const fd_opt[2] = {"-fda", "-fdb"};
    static const char *const hd_opt[MACHINE_MAX_HD] = {"-hda", "-hdb", "-hdc",
                                                      "-hdd"};
    for (int i = 0; i < 2; i++)
        if (cfg->fd[i] &&
            !(st->fd_img[i] = open_image(cfg->fd[i], fd_opt[i], cfg->snapshot,
                                         false, err, errlen)))
            return -1;
    for (int i = 0; i < MACHINE_MAX_HD; i++)
        if (cfg->hd[i] &&
            !(st->hd_img[i] = open_image(cfg->hd[i], hd_opt[i], cfg->snapshot,
                                         false, err, errlen)))
            return -1;
    int cd_slot = -1; /* index like hd: 2 = secondary master, 3 = slave */
    if (cfg->cdrom) {
        cd_slot = !cfg->hd[2] ? 2 : !cfg->hd[3] ? 3 : -1;
        if (cd_slot < 0) {
            snprintf(err, errlen, "-cdrom: no IDE position left (-hdc and "
                                  "-hdd are both in use)");
            return -1;
        }
        if (!(st->cd_img = open_image(cfg->cdrom, "-cdrom", false, true, err,
                                      errlen)))
            return -1;
    }

    Bus *bus = &m->bus;
    char e[512];
    st->fdc = fdc_create(bus);
    if (!st->fdc) {
        snprintf(err, errlen, "floppy controller: ports in use");
        return -1;
    }
    if (add(m, fdc_device(st->fdc), err, errlen))
        return -1;
    for (int i = 0; i < 2; i++)
        if (st->fd_img[i] && fdc_attach(st->fdc, i, st->fd_img[i], e, sizeof e)) {
            snprintf(err, errlen, "%s: %s", fd_opt[i], e);
            return -1;
        }

    for (int ch = 0; ch < 2; ch++) {
        st->ide[ch] = ide_create(bus, ch);
        if (!st->ide[ch]) {
            snprintf(err, errlen, "IDE channel %d: ports in use", ch);
            return -1;
        }
        if (add(m, ide_device(st->ide[ch]), err, errlen))
            return -1;
        m->hooks.ide[ch] = st->ide[ch];
        for (int unit = 0; unit < 2; unit++) {
            int slot = ch * 2 + unit;
            int rc = 0;
            if (st->hd_img[slot])
                rc = ide_attach_disk(st->ide[ch], unit, st->hd_img[slot], e,
                                     sizeof e);
            else if (slot == cd_slot)
                rc = ide_attach_cdrom(st->ide[ch], unit, st->cd_img, e,
                                      sizeof e);
            if (rc) {
                snprintf(err, errlen, "%s: %s",
                         slot == cd_slot ? "-cdrom" : hd_opt[slot], e);
                return -1;
            }
        }
    }

    for (int i = 0; i < MACHINE_MAX_SERIAL; i++) {
        if (i >= 2 && !cfg->serial[i])
            continue;
        st->uart[i] = uart_create_com(bus, (unsigned)i, m->serial[i]);
        if (!st->uart[i]) {
            snprintf(err, errlen, "COM%d: ports in use", i + 1);
            return -1;
        }
        if (add(m, uart_device(st->uart[i]), err, errlen))
            return -1;
    }
    st->lpt = parallel_create(bus, PARALLEL_LPT1_BASE, PARALLEL_LPT1_IRQ,
                              m->parallel);
    if (!st->lpt) {
        snprintf(err, errlen, "LPT1: ports in use");
        return -1;
    }
    if (add(m, parallel_device(st->lpt), err, errlen))
        return -1;

    fill_cmos(st);
    return 0;
}
