/*
 * hw/fwcfg.c — QEMU's fw_cfg interface (traditional I/O-port access only).
 *
 * Owns: the item table and the read cursor.  Items: 0000h signature
 * "QEMU", 0001h feature bitmap (bit 0: traditional interface), 0005h
 * number of CPUs (1), 0019h the file directory (big-endian count, then
 * 64-byte entries: size BE32, select BE16, reserved, 56-byte name), and
 * the files from 0020h on.  Writing 0510h selects an item and rewinds;
 * each read of 0511h returns the next byte, 0 past the end or for an
 * unknown item.  No saved state beyond the selector and offset, which are
 * transient between firmware accesses.
 */
#include "hw/fwcfg.h"

#include <stdlib.h>
#include <string.h>

#define FWCFG_PORT 0x510
#define MAX_FILES 8
#define FIRST_FILE 0x20

typedef struct Item {
    uint8_t *data;
    size_t len;
} Item;

struct FwCfg {
    Bus *bus;
    uint16_t select;
    size_t offset;
    Item sig, id, ncpus, dir;
    Item files[MAX_FILES];
    char names[MAX_FILES][56];
    unsigned nfiles;
};

static const Item *item(const FwCfg *f, uint16_t key)
{
    switch (key) {
    case 0x0000: return &f->sig;
    case 0x0001: return &f->id;
    case 0x0005: return &f->ncpus;
    case 0x0019: return &f->dir;
    default:
        if (key >= FIRST_FILE && key < FIRST_FILE + f->nfiles)
            return &f->files[key - FIRST_FILE];
        return NULL;
    }
}

static uint32_t fw_read(void *opaque, uint16_t port, unsigned size)
{
    FwCfg *f = opaque;
    if (port != FWCFG_PORT + 1)
        return 0;
    const Item *it = item(f, f->select);
    if (!it || f->offset >= it->len)
        return 0;
    return it->data[f->offset++];
}

static void fw_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    FwCfg *f = opaque;
    if (port == FWCFG_PORT) {
        f->select = (uint16_t)val;
        f->offset = 0;
    }
}

static int set_item(Item *it, const void *data, size_t len)
{
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy)
        return -1;
    memcpy(copy, data, len);
    free(it->data);
    it->data = copy;
    it->len = len;
    return 0;
}

static int rebuild_dir(FwCfg *f)
{
    size_t len = 4 + 64 * (size_t)f->nfiles;
    uint8_t *d = calloc(1, len);
    if (!d)
        return -1;
    d[3] = (uint8_t)f->nfiles;
    for (unsigned i = 0; i < f->nfiles; i++) {
        uint8_t *e = d + 4 + 64 * i;
        uint32_t sz = (uint32_t)f->files[i].len;
        uint16_t sel = (uint16_t)(FIRST_FILE + i);
        e[0] = (uint8_t)(sz >> 24);
        e[1] = (uint8_t)(sz >> 16);
        e[2] = (uint8_t)(sz >> 8);
        e[3] = (uint8_t)sz;
        e[4] = (uint8_t)(sel >> 8);
        e[5] = (uint8_t)sel;
        memcpy(e + 8, f->names[i], 56);
    }
    free(f->dir.data);
    f->dir.data = d;
    f->dir.len = len;
    return 0;
}

int fwcfg_add_file(FwCfg *f, const char *name, const uint8_t *data, size_t len)
{
    if (f->nfiles >= MAX_FILES || strlen(name) >= 56)
        return -1;
    if (set_item(&f->files[f->nfiles], data, len))
        return -1;
    memset(f->names[f->nfiles], 0, 56);
    memcpy(f->names[f->nfiles], name, strlen(name));
    f->nfiles++;
    return rebuild_dir(f);
}

void fwcfg_reset(FwCfg *f)
{
    f->select = 0;
    f->offset = 0;
}

FwCfg *fwcfg_create(Bus *bus)
{
    FwCfg *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->bus = bus;
    static const uint8_t sig[4] = {'Q', 'E', 'M', 'U'};
    static const uint8_t id[4] = {1, 0, 0, 0};
    static const uint8_t ncpus[2] = {1, 0};
    if (set_item(&f->sig, sig, 4) || set_item(&f->id, id, 4) ||
        set_item(&f->ncpus, ncpus, 2) || rebuild_dir(f) ||
        io_register(bus->io, FWCFG_PORT, 2, "fw_cfg", fw_read, fw_write, f,
                    IO_W8 | IO_W16)) {
        free(f->sig.data);
        free(f->id.data);
        free(f->ncpus.data);
        free(f->dir.data);
        free(f);
        return NULL;
    }
    return f;
}

void fwcfg_destroy(FwCfg *f)
{
    if (!f)
        return;
    io_unregister(f->bus->io, FWCFG_PORT, 2);
    free(f->sig.data);
    free(f->id.data);
    free(f->ncpus.data);
    free(f->dir.data);
    for (unsigned i = 0; i < f->nfiles; i++)
        free(f->files[i].data);
    free(f);
}

static void dev_reset(void *s) { fwcfg_reset(s); }
static int dev_save(void *s, StateWriter *w) { (void)s; (void)w; return 0; }
static int dev_load(void *s, StateReader *r) { (void)s; (void)r; return 0; }
static void dev_destroy(void *s) { fwcfg_destroy(s); }

Device fwcfg_device(FwCfg *f)
{
    return (Device){"fw_cfg", f, dev_reset, dev_save, dev_load, dev_destroy};
}
