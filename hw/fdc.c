/*
 * hw/fdc.c — 82077AA floppy disk controller (see fdc.h).
 *
 * Owns: DOR/TDR/MSR/DSR/FIFO/DIR/CCR, the command state machine
 * (command phase -> execution -> result phase, Intel 82077AA datasheet
 * section 8), the interrupt status kept per drive for SENSE INTERRUPT
 * STATUS, and the per-drive head position and disk-change line.
 *
 * Data commands move whole 512-byte sectors through the DMA engine (channel
 * 2).  A command is completed by a scheduled event a short guest time after
 * its last parameter byte, never inside the port write, so BIOSes that
 * wait for IRQ6 after issuing it see the interrupt.  Media are raw images
 * whose size selects the geometry; every sector on them has ID
 * (C = cylinder, H = head, R = 1..spt, N = 2).
 */
#include "hw/fdc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECTOR 512u
#define CMD_DELAY_NS 20000u       /* command -> result for data commands */
#define SECTOR_NS 10000u          /* plus this per sector moved */
#define SEEK_BASE_NS 50000u       /* seek/recalibrate completion */
#define SEEK_STEP_NS 2000u        /* plus this per cylinder stepped */
#define RESET_IRQ_NS 10000u       /* reset -> polling interrupt */
#define MAX_CYL_STEP 84           /* a drive head cannot go further */

/* Status register 0 (datasheet table 8-7). */
enum {
    ST0_IC_ABNORMAL = 0x40, ST0_IC_INVALID = 0x80, ST0_IC_POLL = 0xC0,
    ST0_SE = 0x20, ST0_EC = 0x10,
};
/* ST1 */
enum { ST1_MA = 0x01, ST1_NW = 0x02, ST1_ND = 0x04, ST1_OR = 0x10, ST1_EN = 0x80 };
/* ST2 */
enum { ST2_BC = 0x02, ST2_WC = 0x10, ST2_CM = 0x40 };
/* ST3 */
enum { ST3_WP = 0x40, ST3_RDY = 0x20, ST3_T0 = 0x10, ST3_TS = 0x08 };
/* MSR */
enum { MSR_RQM = 0x80, MSR_DIO = 0x40, MSR_NDMA = 0x20, MSR_CB = 0x10 };
/* DOR */
enum { DOR_NRESET = 0x04, DOR_DMAEN = 0x08 };

enum { PH_IDLE, PH_COMMAND, PH_EXEC, PH_RESULT, PH_PIO };

/* Media formats recognised by image size (sectors of 512 bytes). */
typedef struct FloppyFormat {
    uint32_t bytes;
    uint8_t cyls, heads, spt;
    uint8_t cmos_type; /* drive type that takes this disk */
    const char *name;
} FloppyFormat;

static const FloppyFormat formats[] = {
    {163840, 40, 1, 8, 1, "160K"},
    {184320, 40, 1, 9, 1, "180K"},
    {327680, 40, 2, 8, 1, "320K"},
    {368640, 40, 2, 9, 1, "360K"},
    {737280, 80, 2, 9, 3, "720K"},
    {1228800, 80, 2, 15, 2, "1.2M"},
    {1474560, 80, 2, 18, 4, "1.44M"},
    {1720320, 80, 2, 21, 4, "1.68M DMF"},
    {2949120, 80, 2, 36, 5, "2.88M"},
};

typedef struct FdcDriveState {
    uint8_t pcn;       /* present cylinder number (head position) */
    uint8_t dskchg;    /* disk-change line (DIR bit 7) */
    uint8_t int_st0;   /* pending SENSE INTERRUPT status */
    uint8_t int_valid;
    uint8_t seeking;   /* MSR drive-busy bit */
    uint8_t seek_target;
    uint8_t seek_st0;
    uint8_t next_r;    /* sector that READ ID reports next */
} FdcDriveState;

typedef struct FdcState {
    uint8_t dor, tdr, rate, dsr;
    uint8_t phase;
    uint8_t cmd[10];
    uint8_t cmd_len, cmd_need;
    uint8_t res[10];
    uint8_t res_len, res_pos;
    uint8_t specify[2];
    uint8_t config, pretrk, lock, perp, last_eot;
    uint8_t irq_pending;
    uint8_t irq_level;
    uint8_t exec_kind; /* what the pending event completes */
    uint64_t exec_when; /* 0 = no pending event */
    uint64_t seek_when; /* 0 = no seek in progress */
    uint8_t x_id[4];    /* read/write cursor: ID of the current sector */
    uint8_t x_head;
    uint8_t x_st2;
    uint16_t pio_pos;   /* non-DMA: bytes of buf moved */
    uint8_t buf[SECTOR];
    FdcDriveState drive[4];
} FdcState;

typedef struct FdcDrive {
    bool present;
    DiskImage *img;
    const FloppyFormat *fmt;
} FdcDrive;

struct Fdc {
    Bus *bus;
    SchedEvent event;      /* data commands and reset */
    SchedEvent seek_event; /* seeks of all drives */
    FdcDrive drives[2];
    FdcState s;
};

static const StateField fdc_fields[] = {
    STATE_INT(FdcState, dor), STATE_INT(FdcState, tdr),
    STATE_INT(FdcState, rate), STATE_INT(FdcState, dsr),
    STATE_INT(FdcState, phase), STATE_ARRAY(FdcState, cmd),
    STATE_INT(FdcState, cmd_len), STATE_INT(FdcState, cmd_need),
    STATE_ARRAY(FdcState, res), STATE_INT(FdcState, res_len),
    STATE_INT(FdcState, res_pos), STATE_ARRAY(FdcState, specify),
    STATE_INT(FdcState, config), STATE_INT(FdcState, pretrk),
    STATE_INT(FdcState, lock), STATE_INT(FdcState, perp),
    STATE_INT(FdcState, last_eot), STATE_INT(FdcState, irq_pending),
    STATE_INT(FdcState, irq_level), STATE_INT(FdcState, exec_kind),
    STATE_INT(FdcState, exec_when), STATE_INT(FdcState, seek_when),
    STATE_BYTES(FdcState, drive), STATE_ARRAY(FdcState, x_id),
    STATE_INT(FdcState, x_head), STATE_INT(FdcState, x_st2),
    STATE_INT(FdcState, pio_pos), STATE_BYTES(FdcState, buf),
    STATE_END,
};

/* ---- interrupt line ---- */

static void update_irq(Fdc *f)
{
    /* The DMA-enable bit of the DOR also gates IRQ6 on PC boards. */
    bool level = f->s.irq_pending && (f->s.dor & DOR_DMAEN);
    if (level != (bool)f->s.irq_level) {
        f->s.irq_level = level;
        bus_irq(f->bus, FDC_IRQ, level);
    }
}

static void raise_irq(Fdc *f)
{
    f->s.irq_pending = 1;
    update_irq(f);
}

static void lower_irq(Fdc *f)
{
    f->s.irq_pending = 0;
    update_irq(f);
}

/* ---- phases ---- */

static void to_idle(Fdc *f)
{
    f->s.phase = PH_IDLE;
    f->s.cmd_len = 0;
}

static void to_result(Fdc *f, const uint8_t *res, unsigned n)
{
    memcpy(f->s.res, res, n);
    f->s.res_len = (uint8_t)n;
    f->s.res_pos = 0;
    f->s.phase = PH_RESULT;
}

enum { EXEC_NONE, EXEC_DATA, EXEC_RESET };

static void schedule_exec(Fdc *f, uint8_t kind, uint64_t delay)
{
    f->s.exec_kind = kind;
    f->s.exec_when = bus_now(f->bus) + delay;
    if (!f->s.exec_when)
        f->s.exec_when = 1;
    event_schedule(f->bus->sched, &f->event, f->s.exec_when);
}

/* ---- media ---- */

static const FdcDrive *media(const Fdc *f, unsigned d)
{
    return d < 2 && f->drives[d].present && f->drives[d].img ? &f->drives[d]
                                                              : NULL;
}

/* Byte offset of the sector with ID (c,h,r,n) under the head of drive d at
 * physical head `head`, or an error in st1/st2. */
static bool locate(const Fdc *f, unsigned d, unsigned head, const uint8_t id[4],
                   uint64_t *off, uint8_t *st1, uint8_t *st2)
{
    const FdcDrive *dr = media(f, d);
    unsigned pcn = f->s.drive[d].pcn;
    if (!dr || head >= dr->fmt->heads || pcn >= dr->fmt->cyls) {
        *st1 = ST1_MA; /* no formatted track under the head */
        return false;
    }
    if (id[0] != pcn) {
        *st1 = ST1_ND;
        *st2 = id[0] == 0xFF ? ST2_BC : ST2_WC;
        return false;
    }
    if (id[1] != head || id[2] < 1 || id[2] > dr->fmt->spt || id[3] != 2) {
        *st1 = ST1_ND;
        return false;
    }
    *off = (((uint64_t)pcn * dr->fmt->heads + head) * dr->fmt->spt + id[2] - 1) *
           SECTOR;
    return true;
}

/* ---- command execution ---- */

typedef struct CmdInfo {
    uint8_t opcode;  /* low 5 bits */
    uint8_t flags;   /* MT/MFM/SK bits the command accepts */
    uint8_t nparams;
    bool exec;       /* completes later through the event */
} CmdInfo;

enum {
    OP_READ_TRACK = 0x02, OP_SPECIFY = 0x03, OP_SENSE_DRIVE = 0x04,
    OP_WRITE = 0x05, OP_READ = 0x06, OP_RECAL = 0x07, OP_SENSE_INT = 0x08,
    OP_WRITE_DEL = 0x09, OP_READ_ID = 0x0A, OP_READ_DEL = 0x0C,
    OP_FORMAT = 0x0D, OP_DUMPREG = 0x0E, OP_SEEK = 0x0F, OP_VERSION = 0x10,
    OP_PERP = 0x12, OP_CONFIGURE = 0x13, OP_LOCK = 0x14,
};

static const CmdInfo commands[] = {
    {OP_READ_TRACK, 0x60, 8, true},  {OP_SPECIFY, 0x00, 2, false},
    {OP_SENSE_DRIVE, 0x00, 1, false}, {OP_WRITE, 0xC0, 8, true},
    {OP_READ, 0xE0, 8, true},        {OP_RECAL, 0x00, 1, false},
    {OP_SENSE_INT, 0x00, 0, false},  {OP_WRITE_DEL, 0xC0, 8, true},
    {OP_READ_ID, 0x40, 1, true},     {OP_READ_DEL, 0xE0, 8, true},
    {OP_FORMAT, 0x40, 5, true},      {OP_DUMPREG, 0x00, 0, false},
    {OP_SEEK, 0xC0, 2, false}, /* 0x8F/0xCF: relative seek */
    {OP_VERSION, 0x00, 0, false},    {OP_PERP, 0x00, 1, false},
    {OP_CONFIGURE, 0x00, 3, false},  {OP_LOCK, 0x80, 0, false},
};

static const CmdInfo *find_command(uint8_t byte)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        const CmdInfo *c = &commands[i];
        if ((byte & 0x1F) == c->opcode && !(byte & 0xE0 & ~c->flags)) {
            if (c->opcode == OP_SEEK && (byte & 0xC0) == 0x40)
                return NULL; /* 0x4F: not a command */
            return c;
        }
    }
    return NULL;
}

static void start_seek(Fdc *f, unsigned d, unsigned head, int target)
{
    FdcDriveState *ds = &f->s.drive[d];
    uint8_t st0 = (uint8_t)(ST0_SE | (head << 2) | d);
    if (target < 0)
        target = 0;
    if (target > 255)
        target = 255;
    if (d >= 2 || !f->drives[d].present) {
        /* No drive: the track-0 signal never comes. */
        st0 |= ST0_IC_ABNORMAL | ST0_EC;
        target = ds->pcn;
    }
    unsigned steps = (unsigned)abs(target - (int)ds->pcn);
    ds->seeking = 1;
    ds->seek_target = (uint8_t)target;
    ds->seek_st0 = st0;
    f->s.seek_when = bus_now(f->bus) + SEEK_BASE_NS + (uint64_t)steps * SEEK_STEP_NS;
    event_schedule(f->bus->sched, &f->seek_event, f->s.seek_when);
}

static void finish_seeks(void *opaque, uint64_t now)
{
    Fdc *f = opaque;
    bool any = false;
    (void)now;
    f->s.seek_when = 0;
    for (unsigned d = 0; d < 4; d++) {
        FdcDriveState *ds = &f->s.drive[d];
        if (!ds->seeking)
            continue;
        ds->seeking = 0;
        /* A seek with a disk in the drive clears its change line. */
        if (media(f, d))
            ds->dskchg = 0;
        ds->pcn = ds->seek_target;
        ds->int_st0 = ds->seek_st0;
        ds->int_valid = 1;
        any = true;
    }
    if (any)
        raise_irq(f);
}

static void immediate_command(Fdc *f)
{
    const uint8_t *c = f->s.cmd;
    uint8_t op = c[0] & 0x1F;
    unsigned d = c[1] & 3, head = (c[1] >> 2) & 1;
    uint8_t res[10];
    switch (op) {
    case OP_SPECIFY:
        f->s.specify[0] = c[1];
        f->s.specify[1] = c[2];
        to_idle(f);
        return;
    case OP_SENSE_DRIVE: {
        const FdcDrive *m = media(f, d);
        uint8_t st3 = (uint8_t)(ST3_RDY | (head << 2) | d);
        if (!m || disk_read_only(m->img))
            st3 |= ST3_WP;
        if (f->s.drive[d].pcn == 0)
            st3 |= ST3_T0;
        if (!m || m->fmt->heads == 2)
            st3 |= ST3_TS;
        res[0] = st3;
        to_result(f, res, 1);
        return;
    }
    case OP_RECAL:
        to_idle(f);
        start_seek(f, d, 0, 0);
        return;
    case OP_SEEK: {
        int target = c[2];
        if (c[0] & 0x80) /* relative seek: bit 6 = direction in */
            target = f->s.drive[d].pcn + ((c[0] & 0x40) ? c[2] : -(int)c[2]);
        to_idle(f);
        start_seek(f, d, head, target);
        return;
    }
    case OP_SENSE_INT:
        for (unsigned i = 0; i < 4; i++) {
            FdcDriveState *ds = &f->s.drive[i];
            if (ds->int_valid) {
                ds->int_valid = 0;
                res[0] = ds->int_st0;
                res[1] = ds->pcn;
                lower_irq(f);
                to_result(f, res, 2);
                return;
            }
        }
        res[0] = ST0_IC_INVALID;
        to_result(f, res, 1);
        return;
    case OP_VERSION:
        res[0] = 0x90;
        to_result(f, res, 1);
        return;
    case OP_CONFIGURE:
        f->s.config = c[2] & 0x7F;
        f->s.pretrk = c[3];
        to_idle(f);
        return;
    case OP_DUMPREG:
        for (unsigned i = 0; i < 4; i++)
            res[i] = f->s.drive[i].pcn;
        res[4] = f->s.specify[0];
        res[5] = f->s.specify[1];
        res[6] = f->s.last_eot;
        res[7] = (uint8_t)((f->s.lock << 7) | (f->s.perp & 0x7F));
        res[8] = f->s.config;
        res[9] = f->s.pretrk;
        to_result(f, res, 10);
        return;
    case OP_PERP:
        f->s.perp = c[1] & 0x3F;
        to_idle(f);
        return;
    case OP_LOCK:
        f->s.lock = (c[0] >> 7) & 1;
        res[0] = (uint8_t)(f->s.lock << 4);
        to_result(f, res, 1);
        return;
    }
}

/* Move one sector between the image and the DMA engine.  Returns false on
 * an overrun/underrun (channel masked or short). */
static bool dma_sector(Fdc *f, uint64_t off, bool write, bool *tc)
{
    FdcDrive *dr = &f->drives[f->s.cmd[1] & 1];
    if (write) {
        size_t n = bus_dma(f->bus, FDC_DMA, f->s.buf, SECTOR, DMA_FROM_MEMORY, tc);
        if (n < SECTOR && !*tc)
            return false;
        memset(f->s.buf + n, 0, SECTOR - n); /* TC mid-sector: zero fill */
        return disk_write(dr->img, off, f->s.buf, SECTOR) == 0;
    }
    if (disk_read(dr->img, off, f->s.buf, SECTOR))
        return false;
    size_t n = bus_dma(f->bus, FDC_DMA, f->s.buf, SECTOR, DMA_TO_MEMORY, tc);
    return n == SECTOR || *tc;
}

static void data_result(Fdc *f, uint8_t st0, uint8_t st1, uint8_t st2,
                        const uint8_t id[4])
{
    uint8_t res[7] = {st0, st1, st2, id[0], id[1], id[2], id[3]};
    to_result(f, res, 7);
    raise_irq(f);
}

/* The read/write cursor lives in FdcState (x_id, x_head, x_st2) so a
 * non-DMA transfer can continue byte by byte through the FIFO. */
static uint8_t x_st0(const Fdc *f, bool abnormal)
{
    return (uint8_t)((abnormal ? ST0_IC_ABNORMAL : 0) | ((f->s.x_head & 1) << 2) |
                     (f->s.cmd[1] & 3));
}

static void xfer_fail(Fdc *f, uint8_t st1, uint8_t st2)
{
    data_result(f, x_st0(f, true), st1, st2, f->s.x_id);
}

static bool xfer_locate(Fdc *f, uint64_t *off)
{
    uint8_t st1 = 0, st2 = 0;
    if (!locate(f, f->s.cmd[1] & 3, f->s.x_head, f->s.x_id, off, &st1, &st2)) {
        xfer_fail(f, st1, st2);
        return false;
    }
    return true;
}

/* After a sector: step to the next ID (datasheet table "C, H, R, N after
 * command termination").  Returns true if the command goes on; otherwise
 * the result phase has been entered. */
static bool xfer_advance(Fdc *f, bool tc)
{
    const uint8_t *c = f->s.cmd;
    uint8_t op = c[0] & 0x1F;
    bool mt = c[0] & 0x80;
    uint8_t *id = f->s.x_id;
    bool end_of_cyl = false;
    if (op == OP_READ_DEL)
        f->s.x_st2 |= ST2_CM; /* our sectors all carry a normal data mark */
    if (id[2] == c[6]) { /* EOT */
        id[2] = 1;
        if (mt && !(id[1] & 1)) {
            id[1] ^= 1;
            f->s.x_head ^= 1;
        } else {
            if (mt)
                id[1] ^= 1;
            id[0]++;
            end_of_cyl = true;
        }
    } else {
        id[2]++;
    }
    /* READ DELETED without SK stops after the (normal data) sector. */
    if (tc || (op == OP_READ_DEL && !(c[0] & 0x20))) {
        data_result(f, x_st0(f, false), 0, f->s.x_st2, id);
        return false;
    }
    if (end_of_cyl) {
        data_result(f, x_st0(f, true), ST1_EN, f->s.x_st2, id);
        return false;
    }
    return true;
}

static bool is_write(const Fdc *f)
{
    uint8_t op = f->s.cmd[0] & 0x1F;
    return op == OP_WRITE || op == OP_WRITE_DEL;
}

/* READ DELETED with SK set skips sectors with a normal data mark, which
 * are all our sectors. */
static bool skips_sector(const Fdc *f)
{
    return (f->s.cmd[0] & 0x3F) == (0x20 | OP_READ_DEL);
}

/* Checks before any sector moves; false if the command already ended. */
static bool xfer_begin(Fdc *f)
{
    const uint8_t *c = f->s.cmd;
    unsigned d = c[1] & 3;
    memcpy(f->s.x_id, c + 2, 4);
    f->s.x_head = (c[1] >> 2) & 1;
    f->s.x_st2 = 0;
    f->s.last_eot = c[6];
    if ((c[0] & 0x1F) == OP_READ_TRACK)
        f->s.x_id[2] = 1;
    const FdcDrive *m = media(f, d);
    if (!m || !(c[0] & 0x40)) { /* no disk, or FM on an MFM disk */
        xfer_fail(f, ST1_MA, 0);
        return false;
    }
    /* Implied seek to the command's C.  The 82077AA does this only with
     * CONFIGURE EIS; we always do, as the Bochs BIOS (written for
     * emulated controllers) reads other cylinders without SEEK or EIS and
     * would otherwise retry "wrong cylinder" forever.  Drivers that seek
     * first see no difference. */
    if (f->s.drive[d].pcn != f->s.x_id[0]) {
        f->s.drive[d].pcn = f->s.x_id[0];
        f->s.drive[d].dskchg = 0;
    }
    if (is_write(f) && disk_read_only(m->img)) {
        xfer_fail(f, ST1_NW, 0);
        return false;
    }
    return true;
}

/* Non-DMA mode (SPECIFY ND): present one sector through the FIFO. */
static void pio_start(Fdc *f)
{
    uint64_t off;
    if (!xfer_locate(f, &off))
        return;
    while (skips_sector(f)) {
        if (!xfer_advance(f, false) || !xfer_locate(f, &off))
            return;
    }
    if (!is_write(f) &&
        disk_read(f->drives[f->s.cmd[1] & 1].img, off, f->s.buf, SECTOR)) {
        xfer_fail(f, ST1_ND, 0);
        return;
    }
    f->s.pio_pos = 0;
    f->s.phase = PH_PIO;
    raise_irq(f); /* data request */
}

static void pio_sector_done(Fdc *f)
{
    if (is_write(f)) {
        uint64_t off;
        if (!xfer_locate(f, &off))
            return;
        if (disk_write(f->drives[f->s.cmd[1] & 1].img, off, f->s.buf, SECTOR)) {
            xfer_fail(f, ST1_NW, 0);
            return;
        }
    }
    if (xfer_advance(f, false))
        pio_start(f);
}

static void exec_read_write(Fdc *f)
{
    if (!xfer_begin(f))
        return;
    if (f->s.specify[1] & 1) {
        pio_start(f);
        return;
    }
    /* Bounded: at most both sides of one track. */
    for (unsigned guard = 0; guard < 2 * 256; guard++) {
        uint64_t off;
        if (!xfer_locate(f, &off))
            return;
        bool tc = false;
        if (skips_sector(f)) {
            if (!xfer_advance(f, false))
                return;
            continue;
        }
        if (!dma_sector(f, off, is_write(f), &tc)) {
            xfer_fail(f, ST1_OR, 0);
            return;
        }
        if (!xfer_advance(f, tc))
            return;
    }
    xfer_fail(f, ST1_EN, 0);
}

static void exec_read_id(Fdc *f)
{
    const uint8_t *c = f->s.cmd;
    unsigned d = c[1] & 3, head = (c[1] >> 2) & 1;
    const FdcDrive *m = media(f, d);
    FdcDriveState *ds = &f->s.drive[d];
    uint8_t id[4] = {ds->pcn, (uint8_t)head, 1, 2};
    if (!m || !(c[0] & 0x40) || head >= m->fmt->heads || ds->pcn >= m->fmt->cyls) {
        data_result(f, (uint8_t)(ST0_IC_ABNORMAL | (head << 2) | d), ST1_MA, 0, id);
        return;
    }
    /* The disk turns: successive READ IDs see successive sectors. */
    if (ds->next_r < 1 || ds->next_r > m->fmt->spt)
        ds->next_r = 1;
    id[2] = ds->next_r;
    ds->next_r = (uint8_t)(ds->next_r % m->fmt->spt + 1);
    data_result(f, (uint8_t)((head << 2) | d), 0, 0, id);
}

static void exec_format(Fdc *f)
{
    const uint8_t *c = f->s.cmd;
    unsigned d = c[1] & 3, head = (c[1] >> 2) & 1;
    uint8_t n = c[2], sc = c[3], fill = c[5];
    uint8_t last[4] = {f->s.drive[d].pcn, (uint8_t)head, 1, n};
    const FdcDrive *m = media(f, d);
    if (!m || !(c[0] & 0x40)) {
        data_result(f, (uint8_t)(ST0_IC_ABNORMAL | (head << 2) | d), ST1_MA, 0, last);
        return;
    }
    if (disk_read_only(m->img)) {
        data_result(f, (uint8_t)(ST0_IC_ABNORMAL | (head << 2) | d), ST1_NW, 0, last);
        return;
    }
    memset(f->s.buf, fill, SECTOR);
    for (unsigned i = 0; i < sc; i++) {
        uint8_t idb[4];
        bool tc = false;
        size_t got = bus_dma(f->bus, FDC_DMA, idb, 4, DMA_FROM_MEMORY, &tc);
        if (got < 4) {
            data_result(f, (uint8_t)(ST0_IC_ABNORMAL | (head << 2) | d), ST1_OR, 0, last);
            return;
        }
        memcpy(last, idb, 4);
        uint64_t off;
        uint8_t st1 = 0, st2 = 0;
        /* Sectors the image can hold get the filler; IDs it cannot
         * represent (odd sizes, extra sectors) are accepted and dropped. */
        if (n == 2 && locate(f, d, head, idb, &off, &st1, &st2))
            disk_write(m->img, off, f->s.buf, SECTOR);
        if (tc)
            break;
    }
    data_result(f, (uint8_t)((head << 2) | d), 0, 0, last);
}

static void exec_event(void *opaque, uint64_t now)
{
    Fdc *f = opaque;
    (void)now;
    uint8_t kind = f->s.exec_kind;
    f->s.exec_kind = EXEC_NONE;
    f->s.exec_when = 0;
    switch (kind) {
    case EXEC_RESET:
        /* Drive polling after reset reports a ready change per drive. */
        if (!(f->s.config & 0x10)) {
            for (unsigned d = 0; d < 4; d++) {
                f->s.drive[d].int_st0 = (uint8_t)(ST0_IC_POLL | d);
                f->s.drive[d].int_valid = 1;
            }
            raise_irq(f);
        }
        break;
    case EXEC_DATA: {
        uint8_t op = f->s.cmd[0] & 0x1F;
        if (op == OP_READ_ID)
            exec_read_id(f);
        else if (op == OP_FORMAT)
            exec_format(f);
        else
            exec_read_write(f);
        break;
    }
    }
}

static void command_complete(Fdc *f)
{
    const CmdInfo *ci = find_command(f->s.cmd[0]);
    if (!ci->exec) {
        immediate_command(f);
        return;
    }
    f->s.phase = PH_EXEC;
    uint8_t op = f->s.cmd[0] & 0x1F;
    uint64_t delay = CMD_DELAY_NS;
    if (op != OP_READ_ID && op != OP_FORMAT) {
        int n = (int)f->s.cmd[6] - (int)f->s.cmd[4] + 1;
        delay += (uint64_t)(n > 0 ? n : 1) * SECTOR_NS;
    }
    schedule_exec(f, EXEC_DATA, delay);
}

static void fifo_write(Fdc *f, uint8_t v)
{
    switch (f->s.phase) {
    case PH_IDLE: {
        const CmdInfo *ci = find_command(v);
        f->s.cmd[0] = v;
        f->s.cmd_len = 1;
        if (!ci) {
            uint8_t res = ST0_IC_INVALID;
            to_result(f, &res, 1);
            return;
        }
        f->s.cmd_need = (uint8_t)(1 + ci->nparams);
        if (f->s.cmd_need == 1)
            command_complete(f);
        else
            f->s.phase = PH_COMMAND;
        return;
    }
    case PH_COMMAND:
        if (f->s.cmd_len < sizeof f->s.cmd)
            f->s.cmd[f->s.cmd_len++] = v;
        if (f->s.cmd_len >= f->s.cmd_need)
            command_complete(f);
        return;
    case PH_PIO:
        if (is_write(f) && f->s.pio_pos < SECTOR) {
            if (f->s.pio_pos == 0)
                lower_irq(f);
            f->s.buf[f->s.pio_pos++] = v;
            if (f->s.pio_pos >= SECTOR)
                pio_sector_done(f);
        }
        return;
    default:
        return; /* not requesting: the byte is lost, as on the chip */
    }
}

static uint8_t fifo_read(Fdc *f)
{
    if (f->s.phase == PH_PIO && !is_write(f) && f->s.pio_pos < SECTOR) {
        if (f->s.pio_pos == 0)
            lower_irq(f);
        uint8_t v = f->s.buf[f->s.pio_pos++];
        if (f->s.pio_pos >= SECTOR)
            pio_sector_done(f);
        return v;
    }
    if (f->s.phase != PH_RESULT)
        return 0xFF;
    uint8_t v = f->s.res[f->s.res_pos % sizeof f->s.res];
    /* Reading the result phase clears the command's interrupt. */
    if (f->s.res_pos == 0 && f->s.irq_pending)
        lower_irq(f);
    if (++f->s.res_pos >= f->s.res_len)
        to_idle(f);
    return v;
}

static uint8_t msr(const Fdc *f)
{
    if (!(f->s.dor & DOR_NRESET))
        return 0;
    uint8_t v = 0;
    for (unsigned d = 0; d < 4; d++)
        if (f->s.drive[d].seeking)
            v |= (uint8_t)(1u << d);
    switch (f->s.phase) {
    case PH_IDLE: return v | MSR_RQM;
    case PH_COMMAND: return v | MSR_RQM | MSR_CB;
    case PH_EXEC: return v | MSR_CB;
    case PH_PIO:
        return v | MSR_RQM | MSR_NDMA | MSR_CB | (is_write(f) ? 0 : MSR_DIO);
    default: return v | MSR_RQM | MSR_DIO | MSR_CB;
    }
}

/* Controller reset (DOR bit 2 low, or DSR bit 7): everything but the
 * SPECIFY parameters, and CONFIGURE/PRETRK when LOCK is set. */
static void controller_reset(Fdc *f)
{
    event_cancel(f->bus->sched, &f->event);
    event_cancel(f->bus->sched, &f->seek_event);
    f->s.seek_when = 0;
    f->s.exec_kind = EXEC_NONE;
    f->s.exec_when = 0;
    to_idle(f);
    f->s.res_len = f->s.res_pos = 0;
    if (!f->s.lock) {
        f->s.config = 0x20; /* FIFO disabled, polling on, threshold 1 */
        f->s.pretrk = 0;
        f->s.perp = 0;
    }
    for (unsigned d = 0; d < 4; d++) {
        f->s.drive[d].seeking = 0;
        f->s.drive[d].int_valid = 0;
    }
    lower_irq(f);
}

static void leave_reset(Fdc *f)
{
    schedule_exec(f, EXEC_RESET, RESET_IRQ_NS);
}

static uint32_t fdc_read(void *opaque, uint16_t port, unsigned size)
{
    Fdc *f = opaque;
    (void)size;
    switch (port & 7) {
    case 2: return f->s.dor;
    case 3: return f->s.tdr;
    case 4: return msr(f);
    case 5: return fifo_read(f);
    case 7: {
        unsigned d = f->s.dor & 3;
        return (d < 2 && f->s.drive[d].dskchg) ? 0x80 : 0x00;
    }
    default: return 0xFF; /* SRA/SRB exist only in PS/2 mode */
    }
}

static void fdc_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    Fdc *f = opaque;
    uint8_t v = (uint8_t)val;
    (void)size;
    switch (port & 7) {
    case 2: {
        uint8_t old = f->s.dor;
        f->s.dor = v;
        if (!(v & DOR_NRESET))
            controller_reset(f);
        else if (!(old & DOR_NRESET))
            leave_reset(f);
        update_irq(f);
        break;
    }
    case 3:
        f->s.tdr = v & 3;
        break;
    case 4:
        f->s.dsr = v & 0x7F;
        f->s.rate = v & 3;
        if (v & 0x80) { /* self-clearing software reset */
            controller_reset(f);
            if (f->s.dor & DOR_NRESET)
                leave_reset(f);
        }
        break;
    case 5:
        if (f->s.dor & DOR_NRESET)
            fifo_write(f, v);
        break;
    case 7:
        f->s.rate = v & 3;
        break;
    default:
        break;
    }
}

/* ---- public ---- */

void fdc_reset(Fdc *f)
{
    uint8_t chg[2] = {f->s.drive[0].dskchg, f->s.drive[1].dskchg};
    event_cancel(f->bus->sched, &f->event);
    event_cancel(f->bus->sched, &f->seek_event);
    memset(&f->s, 0, sizeof f->s);
    f->s.config = 0x20;
    f->s.rate = 2;
    for (unsigned d = 0; d < 2; d++)
        f->s.drive[d].dskchg = chg[d];
    f->s.irq_level = 0;
    bus_irq(f->bus, FDC_IRQ, false);
    /* DOR = 0 after power-on: the controller is held in reset. */
}

Fdc *fdc_create(Bus *bus)
{
    Fdc *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->bus = bus;
    event_init(&f->event, "fdc", exec_event, f);
    event_init(&f->seek_event, "fdc-seek", finish_seeks, f);
    if (io_register(bus->io, FDC_BASE, 6, "fdc", fdc_read, fdc_write, f, IO_W8)) {
        free(f);
        return NULL;
    }
    if (io_register(bus->io, FDC_BASE + 7, 1, "fdc", fdc_read, fdc_write, f,
                    IO_W8)) {
        io_unregister(bus->io, FDC_BASE, 6);
        free(f);
        return NULL;
    }
    fdc_reset(f);
    return f;
}

void fdc_destroy(Fdc *f)
{
    if (!f)
        return;
    event_cancel(f->bus->sched, &f->event);
    event_cancel(f->bus->sched, &f->seek_event);
    io_unregister(f->bus->io, FDC_BASE, 6);
    io_unregister(f->bus->io, FDC_BASE + 7, 1);
    free(f);
}

int fdc_attach(Fdc *f, int drive, DiskImage *img, char *err, size_t errlen)
{
    static const FloppyFormat empty = {0, 80, 2, 18, 4, "none"};
    if (drive < 0 || drive > 1) {
        snprintf(err, errlen, "floppy drive %d does not exist (0 or 1)", drive);
        return -1;
    }
    const FloppyFormat *fmt = &empty;
    if (img) {
        fmt = NULL;
        for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
            if (disk_size(img) == formats[i].bytes)
                fmt = &formats[i];
        if (!fmt) {
            snprintf(err, errlen,
                     "floppy image '%s' is %llu bytes, not a PC floppy size "
                     "(160K 180K 320K 360K 720K 1.2M 1.44M 1.68M 2.88M)",
                     disk_path(img), (unsigned long long)disk_size(img));
            return -1;
        }
    }
    f->drives[drive].present = true;
    f->drives[drive].img = img;
    f->drives[drive].fmt = fmt;
    f->s.drive[drive].dskchg = 1;
    return 0;
}

int fdc_cmos_type(const Fdc *f, int drive)
{
    if (drive < 0 || drive > 1 || !f->drives[drive].present)
        return 0;
    return f->drives[drive].fmt->cmos_type;
}

int fdc_save(Fdc *f, StateWriter *w)
{
    return state_save_fields(w, "fdc", 1, &f->s, fdc_fields);
}

int fdc_load(Fdc *f, StateReader *r)
{
    if (state_load_fields(r, "fdc", 1, &f->s, fdc_fields))
        return -1;
    if (f->s.cmd_len > sizeof f->s.cmd)
        f->s.cmd_len = 0;
    if (f->s.res_len > sizeof f->s.res)
        f->s.res_len = 0;
    if (f->s.phase > PH_PIO)
        f->s.phase = PH_IDLE;
    if (f->s.pio_pos > SECTOR)
        f->s.pio_pos = SECTOR;
    if (f->s.phase == PH_COMMAND && !find_command(f->s.cmd[0]))
        to_idle(f);
    event_cancel(f->bus->sched, &f->event);
    if (f->s.exec_when)
        event_schedule(f->bus->sched, &f->event, f->s.exec_when);
    event_cancel(f->bus->sched, &f->seek_event);
    if (f->s.seek_when)
        event_schedule(f->bus->sched, &f->seek_event, f->s.seek_when);
    bus_irq(f->bus, FDC_IRQ, f->s.irq_level);
    return 0;
}

static void dev_reset(void *self) { fdc_reset(self); }
static int dev_save(void *self, StateWriter *w) { return fdc_save(self, w); }
static int dev_load(void *self, StateReader *r) { return fdc_load(self, r); }
static void dev_destroy(void *self) { fdc_destroy(self); }

Device fdc_device(Fdc *f)
{
    return (Device){"fdc", f, dev_reset, dev_save, dev_load, dev_destroy};
}
