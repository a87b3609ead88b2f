/*
 * hw/ide.c — IDE channel: ATA disks and the register/PIO side of ATAPI
 * (see ide.h; packet commands are in hw/atapi.c).
 *
 * Owns: port decoding for the command and control blocks, device
 * selection, the INTRQ line (gated by nIEN), software reset (SRST) with the
 * ATA/ATAPI signatures, the ATA command set (ATA/ATAPI-4 subset plus the
 * ATA/ATAPI-6 48-bit Address feature set, PIO only; LBA48, LBA28 and CHS
 * with INITIALIZE DEVICE PARAMETERS translation), and the PIO
 * data engine: 16- and 32-bit data-port access through a per-device
 * buffer.  Commands complete at once; their interrupts are raised after the
 * port write that started them returns, which is what BIOS and OS drivers
 * poll or wait for.
 */
#include "hw/ide_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MULTIPLE 16
#define LBA28_LIMIT 0x0FFFFFFFu
/* 48-bit commands address 2^48 sectors; the last LBA a 16-bit count may
 * still reach is 2^48 - 1. */
#define LBA48_LIMIT 0xFFFFFFFFFFFFull
#define DRIVE_STATE_VERSION 2 /* 2: HOB registers, 64-bit lba */

/* Device control register.  HOB (bit 7, ATA/ATAPI-6 Device Control
 * register): reads of the command block return the "previous content" of
 * the 48-bit FIFOs; any write to a command block register clears it. */
enum { DC_NIEN = 0x02, DC_SRST = 0x04, DC_HOB = 0x80 };

typedef struct IdeChannelState {
    uint8_t devctl;
    uint8_t unit; /* selected device */
    uint8_t irq_level;
} IdeChannelState;

struct Ide {
    Bus *bus;
    int channel;
    uint16_t base, ctrl;
    unsigned irq;
    IdeChannelState s;
    IdeDrive drive[2];
};

static const StateField channel_fields[] = {
    STATE_INT(IdeChannelState, devctl), STATE_INT(IdeChannelState, unit),
    STATE_INT(IdeChannelState, irq_level), STATE_END,
};

static const StateField drive_fields[] = {
    STATE_INT(IdeDriveState, feature), STATE_INT(IdeDriveState, nsect),
    STATE_INT(IdeDriveState, sector), STATE_INT(IdeDriveState, lcyl),
    STATE_INT(IdeDriveState, hcyl), STATE_INT(IdeDriveState, select),
    STATE_INT(IdeDriveState, hob_feature), STATE_INT(IdeDriveState, hob_nsect),
    STATE_INT(IdeDriveState, hob_sector), STATE_INT(IdeDriveState, hob_lcyl),
    STATE_INT(IdeDriveState, hob_hcyl),
    STATE_INT(IdeDriveState, status), STATE_INT(IdeDriveState, error),
    STATE_INT(IdeDriveState, irq_pending), STATE_INT(IdeDriveState, xfer),
    STATE_INT(IdeDriveState, cmd), STATE_INT(IdeDriveState, mult),
    STATE_INT(IdeDriveState, cur_heads), STATE_INT(IdeDriveState, cur_spt),
    STATE_INT(IdeDriveState, cur_cyls), STATE_INT(IdeDriveState, lba),
    STATE_INT(IdeDriveState, remaining), STATE_INT(IdeDriveState, block),
    STATE_INT(IdeDriveState, pos), STATE_INT(IdeDriveState, len),
    STATE_INT(IdeDriveState, chunk_end), STATE_INT(IdeDriveState, byte_limit),
    STATE_ARRAY(IdeDriveState, packet), STATE_INT(IdeDriveState, sense_key),
    STATE_INT(IdeDriveState, asc), STATE_INT(IdeDriveState, ascq),
    STATE_INT(IdeDriveState, media_event), STATE_INT(IdeDriveState, locked),
    STATE_INT(IdeDriveState, read_lba), STATE_INT(IdeDriveState, read_left),
    STATE_END,
};

/* ---- helpers shared with atapi.c ---- */

void ide_put_string(uint8_t *words, unsigned nwords, const char *s)
{
    size_t n = strlen(s);
    for (unsigned i = 0; i < nwords * 2; i++) {
        char c = i < n ? s[i] : ' ';
        words[i ^ 1] = (uint8_t)c; /* first character in the high byte */
    }
}

void ide_identify_checksum(uint8_t *out)
{
    /* Word 255: signature A5h, then a checksum making all bytes sum to 0. */
    out[510] = 0xA5;
    uint8_t sum = 0;
    for (int i = 0; i < 511; i++)
        sum = (uint8_t)(sum + out[i]);
    out[511] = (uint8_t)(0x100 - sum);
}

/* ---- interrupt ---- */

static IdeDrive *selected(Ide *ide) { return &ide->drive[ide->s.unit & 1]; }

static void update_irq(Ide *ide)
{
    IdeDrive *d = selected(ide);
    bool level = d->kind != IDE_NONE && d->s.irq_pending &&
                 !(ide->s.devctl & DC_NIEN);
    if (level != (bool)ide->s.irq_level) {
        ide->s.irq_level = level;
        bus_irq(ide->bus, ide->irq, level);
    }
}

static void raise_irq(Ide *ide, IdeDrive *d)
{
    d->s.irq_pending = 1;
    update_irq(ide);
}

/* ---- signatures and reset ---- */

static void set_signature(IdeDrive *d)
{
    d->s.nsect = 1;
    d->s.sector = 1;
    d->s.select &= 0x10;
    d->s.hob_feature = d->s.hob_nsect = 0;
    d->s.hob_sector = d->s.hob_lcyl = d->s.hob_hcyl = 0;
    if (d->kind == IDE_ATAPI) {
        d->s.lcyl = 0x14;
        d->s.hcyl = 0xEB;
    } else {
        d->s.lcyl = 0;
        d->s.hcyl = 0;
    }
}

static void drive_soft_reset(IdeDrive *d)
{
    d->s.xfer = XF_NONE;
    d->s.pos = d->s.len = 0;
    d->s.irq_pending = 0;
    d->s.error = 0x01; /* diagnostic: passed */
    d->s.status = d->kind == IDE_ATA ? (ST_DRDY | ST_DSC) : 0;
    set_signature(d);
}

/* ---- ATA addressing ---- */

static void default_geometry(uint64_t total, IdeGeometry *g)
{
    g->total_sectors = total;
    if (total >= 16383ull * 16 * 63) {
        g->cylinders = 16383;
        g->heads = 16;
        g->sectors = 63;
        return;
    }
    unsigned spt = total < 63 ? (unsigned)total : 63;
    unsigned heads = 16;
    while (heads > 1 && total < (uint64_t)heads * spt)
        heads--;
    g->heads = (uint16_t)heads;
    g->sectors = (uint16_t)spt;
    g->cylinders = (uint32_t)(total / ((uint64_t)heads * spt));
}

static uint32_t capacity28(const IdeDrive *d)
{
    return d->total > LBA28_LIMIT ? LBA28_LIMIT : (uint32_t)d->total;
}

/* Sectors the 48-bit commands reach (IDENTIFY words 100-103). */
static uint64_t capacity48(const IdeDrive *d)
{
    return d->total > LBA48_LIMIT ? LBA48_LIMIT : d->total;
}

/* The commands of the 48-bit Address feature set that take an address and
 * a 16-bit count from the register FIFOs (ATA/ATAPI-6 6.20). */
static bool is_ext_command(uint8_t cmd)
{
    switch (cmd) {
    case 0x27: /* READ NATIVE MAX ADDRESS EXT (result only) */
    case 0x24: /* READ SECTOR(S) EXT */
    case 0x29: /* READ MULTIPLE EXT */
    case 0x34: /* WRITE SECTOR(S) EXT */
    case 0x39: /* WRITE MULTIPLE EXT */
    case 0x42: /* READ VERIFY SECTOR(S) EXT */
        return true;
    default:
        return false;
    }
}

/* 48-bit LBA: the most recently written bytes of LBA Low/Mid/High are
 * bits 7:0, 15:8, 23:16, the previous contents bits 31:24, 39:32, 47:40
 * (ATA/ATAPI-6 6.20, "48-bit addresses"). */
static uint64_t task_lba48(const IdeDriveState *s)
{
    return (uint64_t)s->sector | ((uint64_t)s->lcyl << 8) |
           ((uint64_t)s->hcyl << 16) | ((uint64_t)s->hob_sector << 24) |
           ((uint64_t)s->hob_lcyl << 32) | ((uint64_t)s->hob_hcyl << 40);
}

static void set_task_lba48(IdeDriveState *s, uint64_t lba)
{
    s->sector = (uint8_t)lba;
    s->lcyl = (uint8_t)(lba >> 8);
    s->hcyl = (uint8_t)(lba >> 16);
    s->hob_sector = (uint8_t)(lba >> 24);
    s->hob_lcyl = (uint8_t)(lba >> 32);
    s->hob_hcyl = (uint8_t)(lba >> 40);
}

/* Decode the task file's address; false if it names no sector. */
static bool task_lba(const IdeDrive *d, uint32_t *lba)
{
    const IdeDriveState *s = &d->s;
    if (s->select & 0x40) {
        *lba = ((uint32_t)(s->select & 0x0F) << 24) | ((uint32_t)s->hcyl << 16) |
               ((uint32_t)s->lcyl << 8) | s->sector;
        return true;
    }
    uint32_t cyl = (uint32_t)s->lcyl | ((uint32_t)s->hcyl << 8);
    uint32_t head = s->select & 0x0F;
    if (!s->cur_spt || !s->cur_heads || s->sector < 1 || s->sector > s->cur_spt ||
        head >= s->cur_heads || cyl >= s->cur_cyls)
        return false;
    *lba = (cyl * s->cur_heads + head) * s->cur_spt + s->sector - 1;
    return true;
}

/* Write an address back to the task file (the last sector handled). */
static void set_task_lba(IdeDrive *d, uint64_t lba)
{
    IdeDriveState *s = &d->s;
    if (is_ext_command(s->cmd)) {
        set_task_lba48(s, lba);
    } else if (s->select & 0x40) {
        s->sector = (uint8_t)lba;
        s->lcyl = (uint8_t)(lba >> 8);
        s->hcyl = (uint8_t)(lba >> 16);
        s->select = (uint8_t)((s->select & 0xF0) | ((lba >> 24) & 0x0F));
    } else if (s->cur_spt && s->cur_heads) {
        uint32_t track = (uint32_t)lba / s->cur_spt;
        s->sector = (uint8_t)((uint32_t)lba % s->cur_spt + 1);
        uint32_t cyl = track / s->cur_heads;
        s->lcyl = (uint8_t)cyl;
        s->hcyl = (uint8_t)(cyl >> 8);
        s->select = (uint8_t)((s->select & 0xF0) | (track % s->cur_heads));
    }
}

/* ---- completion ---- */

static void cmd_ok(Ide *ide, IdeDrive *d, bool irq)
{
    d->s.xfer = XF_NONE;
    d->s.status = ST_DRDY | ST_DSC;
    d->s.error = 0;
    if (irq)
        raise_irq(ide, d);
}

static void cmd_error(Ide *ide, IdeDrive *d, uint8_t err)
{
    d->s.xfer = XF_NONE;
    d->s.pos = d->s.len = 0;
    d->s.status = ST_DRDY | ST_DSC | ST_ERR;
    d->s.error = err;
    raise_irq(ide, d);
}

/* ---- ATA PIO transfers ---- */

static bool is_multiple_command(uint8_t cmd)
{
    return cmd == 0xC4 || cmd == 0xC5 || cmd == 0x29 || cmd == 0x39;
}

/* Sectors left, in the Sector Count register(s) after a DRQ block (the
 * 48-bit commands keep bits 15:8 in the previous content). */
static void set_task_count(IdeDrive *d, uint32_t count)
{
    d->s.nsect = (uint8_t)count;
    if (is_ext_command(d->s.cmd))
        d->s.hob_nsect = (uint8_t)(count >> 8);
}

static unsigned block_sectors(const IdeDrive *d)
{
    bool multiple = is_multiple_command(d->s.cmd);
    unsigned n = multiple ? d->s.mult : 1;
    return d->s.remaining < n ? d->s.remaining : n;
}

static void read_block(Ide *ide, IdeDrive *d)
{
    unsigned n = block_sectors(d);
    if (disk_read(d->img, d->s.lba * 512, d->buf, (size_t)n * 512)) {
        set_task_lba(d, d->s.lba);
        cmd_error(ide, d, ER_UNC);
        return;
    }
    d->s.block = n;
    d->s.pos = 0;
    d->s.len = n * 512;
    d->s.xfer = XF_PIO_IN;
    d->s.status = ST_DRDY | ST_DSC | ST_DRQ;
    raise_irq(ide, d);
}

static void start_write_block(IdeDrive *d)
{
    unsigned n = block_sectors(d);
    d->s.block = n;
    d->s.pos = 0;
    d->s.len = n * 512;
    d->s.xfer = XF_PIO_OUT;
    d->s.status = ST_DRDY | ST_DSC | ST_DRQ;
}

static void in_block_done(Ide *ide, IdeDrive *d)
{
    d->s.lba += d->s.block;
    d->s.remaining -= d->s.block;
    set_task_lba(d, d->s.lba - 1);
    set_task_count(d, d->s.remaining);
    if (d->s.remaining)
        read_block(ide, d);
    else
        cmd_ok(ide, d, false); /* reads end without a last interrupt */
}

static void out_block_done(Ide *ide, IdeDrive *d)
{
    if (disk_write(d->img, d->s.lba * 512, d->buf,
                   (size_t)d->s.block * 512)) {
        set_task_lba(d, d->s.lba);
        cmd_error(ide, d, ER_ABRT);
        return;
    }
    d->s.lba += d->s.block;
    d->s.remaining -= d->s.block;
    set_task_lba(d, d->s.lba - 1);
    set_task_count(d, d->s.remaining);
    if (d->s.remaining) {
        start_write_block(d);
        raise_irq(ide, d);
    } else {
        cmd_ok(ide, d, true);
    }
}

/* Common start of sector commands: address and range checks.  28-bit
 * commands reach the first capacity28() sectors with a count of 1..256;
 * the 48-bit ones (d->s.cmd) take a 48-bit LBA and a 16-bit count where 0
 * means 65536 (ATA/ATAPI-6, READ SECTOR(S) EXT and the other EXT
 * commands), and need the LBA bit of the Device register: a CHS address
 * has no 48-bit form, so it is aborted. */
static bool start_sectors(Ide *ide, IdeDrive *d, bool write)
{
    uint64_t lba;
    uint32_t count;
    uint64_t cap;
    if (is_ext_command(d->s.cmd)) {
        if (!(d->s.select & 0x40)) {
            cmd_error(ide, d, ER_ABRT);
            return false;
        }
        lba = task_lba48(&d->s);
        count = (uint32_t)d->s.nsect | ((uint32_t)d->s.hob_nsect << 8);
        if (count == 0)
            count = 65536;
        cap = capacity48(d);
    } else {
        uint32_t lba28;
        if (!task_lba(d, &lba28)) {
            cmd_error(ide, d, ER_IDNF);
            return false;
        }
        lba = lba28;
        count = d->s.nsect ? d->s.nsect : 256;
        cap = capacity28(d);
    }
    if (lba >= cap || count > cap - lba) {
        cmd_error(ide, d, ER_IDNF);
        return false;
    }
    if (write && disk_read_only(d->img)) {
        cmd_error(ide, d, ER_ABRT);
        return false;
    }
    d->s.lba = lba;
    d->s.remaining = count;
    return true;
}

/* ---- ATAPI transfer phases ---- */

static void atapi_complete(Ide *ide, IdeDrive *d)
{
    d->s.xfer = XF_NONE;
    d->s.nsect = 0x03; /* I/O + C/D: status phase */
    if (d->s.sense_key) {
        d->s.status = ST_DRDY | ST_ERR;
        d->s.error = (uint8_t)(d->s.sense_key << 4) |
                     (d->s.sense_key == SK_ILLEGAL_REQUEST ? ER_ABRT : 0);
    } else {
        d->s.status = ST_DRDY | ST_DSC;
        d->s.error = 0;
    }
    raise_irq(ide, d);
}

static void atapi_next_chunk(Ide *ide, IdeDrive *d)
{
    if (!d->s.remaining) {
        atapi_complete(ide, d);
        return;
    }
    if (d->s.pos >= d->s.len) {
        if (!atapi_refill(d)) {
            atapi_complete(ide, d);
            return;
        }
    }
    uint32_t chunk = d->s.len - d->s.pos;
    if (chunk > d->s.remaining)
        chunk = d->s.remaining;
    if (chunk > d->s.byte_limit)
        chunk = d->s.byte_limit;
    d->s.chunk_end = d->s.pos + chunk;
    d->s.block = chunk; /* ATAPI: length of the current chunk */
    d->s.lcyl = (uint8_t)chunk;
    d->s.hcyl = (uint8_t)(chunk >> 8);
    d->s.nsect = 0x02; /* I/O: data to the host */
    d->s.xfer = XF_ATAPI_IN;
    d->s.status = ST_DRDY | ST_DSC | ST_DRQ;
    raise_irq(ide, d);
}

static void atapi_packet_received(Ide *ide, IdeDrive *d)
{
    memcpy(d->s.packet, d->buf, 12);
    d->s.pos = d->s.len = 0;
    uint32_t limit = (uint32_t)d->s.lcyl | ((uint32_t)d->s.hcyl << 8);
    if (limit == 0 || limit > 0xFFFE)
        limit = 0xFFFE;
    d->s.byte_limit = (uint16_t)(limit & ~1u);
    if (d->s.byte_limit == 0)
        d->s.byte_limit = 2;
    switch (atapi_execute(d)) {
    case ATAPI_DATA_IN:
        atapi_next_chunk(ide, d);
        break;
    default:
        atapi_complete(ide, d);
        break;
    }
}

/* ---- ATA commands ---- */

static void ata_identify(IdeDrive *d, uint8_t *o)
{
    memset(o, 0, 512);
    const IdeGeometry *g = &d->geom;
    uint32_t cap = capacity28(d);
    uint32_t cur_cap = d->s.cur_cyls * d->s.cur_heads * d->s.cur_spt;
    st16le(o + 0 * 2, 0x0040); /* fixed device */
    st16le(o + 1 * 2, (uint16_t)g->cylinders);
    st16le(o + 3 * 2, g->heads);
    st16le(o + 4 * 2, (uint16_t)(512 * g->sectors)); /* obsolete, as old drives */
    st16le(o + 5 * 2, 512);
    st16le(o + 6 * 2, g->sectors);
    ide_put_string(o + 10 * 2, 10, d->serial);
    st16le(o + 20 * 2, 3);   /* buffer type: dual ported, read cache */
    st16le(o + 21 * 2, 512); /* buffer size in sectors */
    st16le(o + 22 * 2, 4);   /* ECC bytes on READ/WRITE LONG */
    ide_put_string(o + 23 * 2, 4, "1.0");
    ide_put_string(o + 27 * 2, 20, "PX86 HARDDISK");
    st16le(o + 47 * 2, 0x8000 | MAX_MULTIPLE);
    st16le(o + 49 * 2, 0x0200); /* LBA supported (no DMA) */
    st16le(o + 50 * 2, 0x4000);
    st16le(o + 51 * 2, 0x0200); /* PIO mode 2 timing */
    st16le(o + 53 * 2, 0x0003); /* words 54-58 and 64-70 valid */
    st16le(o + 54 * 2, (uint16_t)d->s.cur_cyls);
    st16le(o + 55 * 2, d->s.cur_heads);
    st16le(o + 56 * 2, d->s.cur_spt);
    st16le(o + 57 * 2, (uint16_t)cur_cap);
    st16le(o + 58 * 2, (uint16_t)(cur_cap >> 16));
    st16le(o + 59 * 2, d->s.mult ? (uint16_t)(0x0100 | d->s.mult) : 0);
    st16le(o + 60 * 2, (uint16_t)cap);
    st16le(o + 61 * 2, (uint16_t)(cap >> 16));
    st16le(o + 64 * 2, 0x0003); /* PIO modes 3 and 4 */
    st16le(o + 65 * 2, 120);
    st16le(o + 66 * 2, 120);
    st16le(o + 67 * 2, 120);
    st16le(o + 68 * 2, 120);
    st16le(o + 80 * 2, 0x007E); /* ATA-1 .. ATA/ATAPI-6 */
    st16le(o + 82 * 2, 0x4000); /* NOP */
    /* Words 83 (supported) and 86 (enabled): bit 13 FLUSH CACHE EXT,
     * bit 12 FLUSH CACHE, bit 10 48-bit Address feature set; 83 bit 14
     * shall be one (ATA/ATAPI-6 IDENTIFY DEVICE). */
    st16le(o + 83 * 2, 0x4000 | 0x2000 | 0x1000 | 0x0400);
    st16le(o + 84 * 2, 0x4000);
    st16le(o + 85 * 2, 0x4000);
    st16le(o + 86 * 2, 0x2000 | 0x1000 | 0x0400);
    st16le(o + 87 * 2, 0x4000);
    /* Words 100-103: the maximum user LBA for 48-bit commands plus one;
     * words 60-61 stay capped at 0FFFFFFFh (ATA/ATAPI-6 6.20). */
    uint64_t cap48 = capacity48(d);
    for (int i = 0; i < 4; i++)
        st16le(o + (100 + i) * 2, (uint16_t)(cap48 >> (16 * i)));
    ide_identify_checksum(o);
}

static void send_buffer(Ide *ide, IdeDrive *d, uint32_t len)
{
    d->s.pos = 0;
    d->s.len = len;
    d->s.block = 0;
    d->s.remaining = 0;
    d->s.xfer = XF_PIO_IN;
    d->s.status = ST_DRDY | ST_DSC | ST_DRQ;
    d->s.error = 0;
    raise_irq(ide, d);
}

static void execute_diagnostic(Ide *ide)
{
    for (int u = 0; u < 2; u++)
        if (ide->drive[u].kind != IDE_NONE)
            drive_soft_reset(&ide->drive[u]);
    for (int u = 0; u < 2; u++)
        ide->drive[u].s.select = 0;
    ide->s.unit = 0;
    IdeDrive *m = &ide->drive[0];
    if (m->kind != IDE_NONE)
        raise_irq(ide, m);
    else
        update_irq(ide);
}

static void ata_command(Ide *ide, IdeDrive *d, uint8_t cmd)
{
    d->s.cmd = cmd;
    switch (cmd) {
    case 0x20: case 0x21: /* READ SECTORS (with/without retry) */
    case 0x24:            /* READ SECTOR(S) EXT */
    case 0xC4:            /* READ MULTIPLE */
    case 0x29:            /* READ MULTIPLE EXT */
        if (is_multiple_command(cmd) && !d->s.mult) {
            cmd_error(ide, d, ER_ABRT);
            return;
        }
        if (start_sectors(ide, d, false))
            read_block(ide, d);
        return;
    case 0x30: case 0x31: /* WRITE SECTORS */
    case 0x34:            /* WRITE SECTOR(S) EXT */
    case 0xC5:            /* WRITE MULTIPLE */
    case 0x39:            /* WRITE MULTIPLE EXT */
        if (is_multiple_command(cmd) && !d->s.mult) {
            cmd_error(ide, d, ER_ABRT);
            return;
        }
        if (start_sectors(ide, d, true))
            start_write_block(d); /* no interrupt before the first block */
        return;
    case 0x40: case 0x41: /* READ VERIFY SECTORS */
    case 0x42:            /* READ VERIFY SECTOR(S) EXT */
        if (start_sectors(ide, d, false)) {
            set_task_lba(d, d->s.lba + d->s.remaining - 1);
            set_task_count(d, 0);
            cmd_ok(ide, d, true);
        }
        return;
    case 0xC6: { /* SET MULTIPLE MODE */
        uint8_t n = d->s.nsect;
        if (n > MAX_MULTIPLE || (n & (n - 1))) {
            cmd_error(ide, d, ER_ABRT);
            return;
        }
        d->s.mult = n;
        cmd_ok(ide, d, true);
        return;
    }
    case 0x91: { /* INITIALIZE DEVICE PARAMETERS */
        unsigned heads = (d->s.select & 0x0F) + 1u, spt = d->s.nsect;
        if (spt == 0) {
            cmd_error(ide, d, ER_ABRT);
            return;
        }
        uint64_t cyls = d->total / ((uint64_t)heads * spt);
        d->s.cur_heads = (uint16_t)heads;
        d->s.cur_spt = (uint16_t)spt;
        d->s.cur_cyls = (uint32_t)(cyls > 65535 ? 65535 : cyls);
        cmd_ok(ide, d, true);
        return;
    }
    case 0xEF: /* SET FEATURES */
        switch (d->s.feature) {
        case 0x02: case 0x82: /* write cache on/off (we write through) */
        case 0x03:            /* transfer mode */
        case 0x55: case 0xAA: /* read look-ahead */
        case 0x66: case 0xCC: /* power-on defaults */
            cmd_ok(ide, d, true);
            return;
        default:
            cmd_error(ide, d, ER_ABRT);
            return;
        }
    case 0xEC: /* IDENTIFY DEVICE */
        ata_identify(d, d->buf);
        send_buffer(ide, d, 512);
        return;
    case 0xF8:   /* READ NATIVE MAX ADDRESS */
    case 0x27: { /* READ NATIVE MAX ADDRESS EXT */
        /* The highest LBA, in the task file as an address (the HPA
         * feature set's read half; there is no SET MAX, so native = current
         * and word 82 bit 10 stays clear).  Linux reads it from every
         * 48-bit disk.  The 28-bit form stops at 0FFFFFFFh (ATA/ATAPI-6,
         * READ NATIVE MAX ADDRESS); in CHS mode, at the current geometry. */
        uint64_t max = cmd == 0x27 ? capacity48(d) - 1 : d->total - 1;
        if (cmd == 0xF8) {
            if (max > LBA28_LIMIT)
                max = LBA28_LIMIT;
            if (!(d->s.select & 0x40)) {
                uint64_t chs = (uint64_t)d->s.cur_cyls * d->s.cur_heads * d->s.cur_spt;
                if (max >= chs)
                    max = chs ? chs - 1 : 0;
            }
        }
        set_task_lba(d, max);
        cmd_ok(ide, d, true);
        return;
    }
    case 0xE7: /* FLUSH CACHE */
    case 0xEA: /* FLUSH CACHE EXT: the same, for 48-bit devices */
        if (disk_flush(d->img))
            cmd_error(ide, d, ER_ABRT);
        else
            cmd_ok(ide, d, true);
        return;
    case 0xE5: /* CHECK POWER MODE: active */
        d->s.nsect = 0xFF;
        cmd_ok(ide, d, true);
        return;
    case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE6: /* power */
        cmd_ok(ide, d, true);
        return;
    default:
        break;
    }
    if ((cmd & 0xF0) == 0x10) { /* RECALIBRATE */
        cmd_ok(ide, d, true);
        return;
    }
    if ((cmd & 0xF0) == 0x70) { /* SEEK */
        uint32_t lba;
        if (!task_lba(d, &lba) || lba >= capacity28(d))
            cmd_error(ide, d, ER_IDNF);
        else
            cmd_ok(ide, d, true);
        return;
    }
    cmd_error(ide, d, ER_ABRT); /* includes NOP and DMA commands */
}

static void atapi_command(Ide *ide, IdeDrive *d, uint8_t cmd)
{
    d->s.cmd = cmd;
    switch (cmd) {
    case 0xA0: /* PACKET */
        if (d->s.feature & 1) { /* DMA: not supported */
            cmd_error(ide, d, ER_ABRT);
            return;
        }
        d->s.pos = 0;
        d->s.len = 12;
        d->s.xfer = XF_PACKET;
        d->s.nsect = 0x01; /* C/D: command packet wanted */
        d->s.status = ST_DRDY | ST_DRQ;
        return; /* DRQ within 50 us, no interrupt (IDENTIFY word 0) */
    case 0xA1: /* IDENTIFY PACKET DEVICE */
        atapi_identify(d, d->buf);
        send_buffer(ide, d, 512);
        return;
    case 0x08: /* DEVICE RESET */
        drive_soft_reset(d);
        return;
    case 0xEC: /* IDENTIFY DEVICE: abort, leaving the signature */
        set_signature(d);
        cmd_error(ide, d, ER_ABRT);
        return;
    case 0xEF: /* SET FEATURES */
        cmd_ok(ide, d, true);
        return;
    case 0xE5:
        d->s.nsect = 0xFF;
        cmd_ok(ide, d, true);
        return;
    case 0xE0: case 0xE1: case 0xE2: case 0xE3: case 0xE6:
        cmd_ok(ide, d, true);
        return;
    default:
        cmd_error(ide, d, ER_ABRT);
        return;
    }
}

static bool channel_empty(const Ide *ide);

static void write_command(Ide *ide, uint8_t cmd)
{
    IdeDrive *d = selected(ide);
    if (cmd == 0x90) { /* EXECUTE DEVICE DIAGNOSTIC: both devices run it,
                        * whichever is selected */
        if (!channel_empty(ide))
            execute_diagnostic(ide);
        return;
    }
    if (d->kind == IDE_NONE)
        return; /* nobody there to execute it */
    d->s.irq_pending = 0;
    update_irq(ide);
    d->s.xfer = XF_NONE;
    if (d->kind == IDE_ATA)
        ata_command(ide, d, cmd);
    else
        atapi_command(ide, d, cmd);
}

/* ---- data port ---- */

static void data_in_advance(Ide *ide, IdeDrive *d)
{
    if (d->s.xfer == XF_PIO_IN) {
        if (d->s.pos >= d->s.len) {
            if (d->s.remaining)
                in_block_done(ide, d);
            else
                cmd_ok(ide, d, false);
        }
    } else if (d->s.xfer == XF_ATAPI_IN && d->s.pos >= d->s.chunk_end) {
        uint32_t chunk = d->s.block;
        d->s.remaining -= chunk < d->s.remaining ? chunk : d->s.remaining;
        atapi_next_chunk(ide, d);
    }
}

static uint32_t data_read(Ide *ide, unsigned size)
{
    IdeDrive *d = selected(ide);
    if (!(d->s.status & ST_DRQ) ||
        (d->s.xfer != XF_PIO_IN && d->s.xfer != XF_ATAPI_IN))
        return size == 4 ? 0xFFFFFFFFu : size == 2 ? 0xFFFFu : 0xFFu;
    uint32_t end = d->s.xfer == XF_ATAPI_IN ? d->s.chunk_end : d->s.len;
    if (end > IDE_BUF_SIZE)
        end = IDE_BUF_SIZE;
    uint32_t v = 0;
    for (unsigned i = 0; i < size && d->s.pos < end; i++)
        v |= (uint32_t)d->buf[d->s.pos++] << (8 * i);
    data_in_advance(ide, d);
    return v;
}

static void data_write(Ide *ide, uint32_t val, unsigned size)
{
    IdeDrive *d = selected(ide);
    if (!(d->s.status & ST_DRQ) ||
        (d->s.xfer != XF_PIO_OUT && d->s.xfer != XF_PACKET))
        return;
    uint32_t end = d->s.len < IDE_BUF_SIZE ? d->s.len : IDE_BUF_SIZE;
    for (unsigned i = 0; i < size && d->s.pos < end; i++)
        d->buf[d->s.pos++] = (uint8_t)(val >> (8 * i));
    if (d->s.pos < end)
        return;
    if (d->s.xfer == XF_PACKET)
        atapi_packet_received(ide, d);
    else
        out_block_done(ide, d);
}

/* ---- registers ---- */

static bool channel_empty(const Ide *ide)
{
    return ide->drive[0].kind == IDE_NONE && ide->drive[1].kind == IDE_NONE;
}

static uint8_t read_status(Ide *ide, bool clear_irq)
{
    IdeDrive *d = selected(ide);
    if (d->kind == IDE_NONE)
        return 0; /* device 0 answers for an absent device 1 */
    if (clear_irq && d->s.irq_pending) {
        d->s.irq_pending = 0;
        update_irq(ide);
    }
    return d->s.status;
}

static uint32_t ide_read(void *opaque, uint16_t port, unsigned size)
{
    Ide *ide = opaque;
    if (channel_empty(ide))
        return size == 4 ? 0xFFFFFFFFu : size == 2 ? 0xFFFFu : 0xFFu;
    if (port == ide->ctrl)
        return read_status(ide, false);
    unsigned reg = (unsigned)(port - ide->base);
    if (reg == 0)
        return data_read(ide, size);
    if (size > 1) { /* wide access to byte registers: little-endian bytes */
        uint32_t v = 0;
        for (unsigned i = 0; i < size; i++) {
            uint16_t p = (uint16_t)(port + i);
            uint32_t b = p < ide->base + 8 ? ide_read(ide, p, 1) & 0xFF : 0xFF;
            v |= b << (8 * i);
        }
        return v;
    }
    IdeDriveState *s = &selected(ide)->s;
    bool hob = ide->s.devctl & DC_HOB;
    switch (reg) {
    case 1: return s->error;
    case 2: return hob ? s->hob_nsect : s->nsect;
    case 3: return hob ? s->hob_sector : s->sector;
    case 4: return hob ? s->hob_lcyl : s->lcyl;
    case 5: return hob ? s->hob_hcyl : s->hcyl;
    case 6: return 0xA0 | s->select; /* bits 7 and 5 read as one */
    default: return read_status(ide, true);
    }
}

static void software_reset(Ide *ide, bool asserted)
{
    for (int u = 0; u < 2; u++) {
        IdeDrive *d = &ide->drive[u];
        if (d->kind == IDE_NONE)
            continue;
        if (asserted) {
            d->s.status = ST_BSY;
            d->s.xfer = XF_NONE;
            d->s.irq_pending = 0;
        } else {
            drive_soft_reset(d);
        }
    }
    if (!asserted) {
        ide->s.unit = 0;
        ide->drive[0].s.select = ide->drive[1].s.select = 0;
    }
    update_irq(ide);
}

static void ide_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    Ide *ide = opaque;
    if (port == ide->ctrl) {
        uint8_t old = ide->s.devctl;
        ide->s.devctl = (uint8_t)val;
        if ((val & DC_SRST) && !(old & DC_SRST))
            software_reset(ide, true);
        else if (!(val & DC_SRST) && (old & DC_SRST))
            software_reset(ide, false);
        update_irq(ide);
        return;
    }
    /* Any write to a command block register (the data register included)
     * clears HOB (ATA/ATAPI-6, Device Control register). */
    ide->s.devctl &= (uint8_t)~DC_HOB;
    unsigned reg = (unsigned)(port - ide->base);
    if (reg == 0) {
        data_write(ide, val, size);
        return;
    }
    if (size > 1) {
        for (unsigned i = 0; i < size && port + i < ide->base + 8u; i++)
            ide_write(ide, (uint16_t)(port + i), (val >> (8 * i)) & 0xFF, 1);
        return;
    }
    uint8_t v = (uint8_t)val;
    if (reg == 7) {
        if (!(ide->s.devctl & DC_SRST))
            write_command(ide, v);
        return;
    }
    /* Both devices latch command block writes; each write to Features,
     * Sector Count or LBA Low/Mid/High moves the register's current byte
     * to its "previous content" (ATA/ATAPI-6 6.20). */
    for (int u = 0; u < 2; u++) {
        IdeDriveState *s = &ide->drive[u].s;
        switch (reg) {
        case 1: s->hob_feature = s->feature; s->feature = v; break;
        case 2: s->hob_nsect = s->nsect; s->nsect = v; break;
        case 3: s->hob_sector = s->sector; s->sector = v; break;
        case 4: s->hob_lcyl = s->lcyl; s->lcyl = v; break;
        case 5: s->hob_hcyl = s->hcyl; s->hcyl = v; break;
        case 6: s->select = v & 0x5F; break;
        }
    }
    if (reg == 6) {
        ide->s.unit = (v >> 4) & 1;
        update_irq(ide);
    }
}

/* ---- lifecycle ---- */

static void drive_power_on(IdeDrive *d)
{
    memset(&d->s, 0, sizeof d->s);
    d->s.cur_cyls = d->geom.cylinders;
    d->s.cur_heads = d->geom.heads;
    d->s.cur_spt = d->geom.sectors;
    d->s.media_event = d->kind == IDE_ATAPI && d->img ? 2 : 0;
    drive_soft_reset(d);
}

void ide_reset(Ide *ide)
{
    ide->s.devctl = 0;
    ide->s.unit = 0;
    for (int u = 0; u < 2; u++)
        drive_power_on(&ide->drive[u]);
    ide->s.irq_level = 0;
    bus_irq(ide->bus, ide->irq, false);
}

Ide *ide_create(Bus *bus, int channel)
{
    if (channel != IDE_PRIMARY && channel != IDE_SECONDARY)
        return NULL;
    Ide *ide = calloc(1, sizeof *ide);
    if (!ide)
        return NULL;
    ide->bus = bus;
    ide->channel = channel;
    ide->base = channel ? 0x170 : 0x1F0;
    ide->ctrl = channel ? 0x376 : 0x3F6;
    ide->irq = channel ? 15 : 14;
    const char *name = channel ? "ide1" : "ide0";
    /* One slot for all 8 ports so a 32-bit access to the data port reaches
     * it whole (the I/O bus only passes wide accesses to a handler that
     * owns every byte); wide accesses to the other registers are split
     * below. */
    if (io_register(bus->io, ide->base, 8, name, ide_read, ide_write, ide,
                    IO_W8 | IO_W16 | IO_W32)) {
        free(ide);
        return NULL;
    }
    if (io_register(bus->io, ide->ctrl, 1, name, ide_read, ide_write, ide,
                    IO_W8)) {
        io_unregister(bus->io, ide->base, 8);
        free(ide);
        return NULL;
    }
    ide_reset(ide);
    return ide;
}

void ide_destroy(Ide *ide)
{
    if (!ide)
        return;
    io_unregister(ide->bus->io, ide->base, 8);
    io_unregister(ide->bus->io, ide->ctrl, 1);
    free(ide);
}

static int attach(Ide *ide, int unit, DiskImage *img, int kind, char *err,
                  size_t errlen)
{
    if (unit < 0 || unit > 1) {
        snprintf(err, errlen, "IDE unit %d does not exist (0 master, 1 slave)",
                 unit);
        return -1;
    }
    IdeDrive *d = &ide->drive[unit];
    uint64_t unit_size = kind == IDE_ATA ? 512 : CD_SECTOR;
    uint64_t total = img ? disk_size(img) / unit_size : 0;
    if (img && total == 0) {
        snprintf(err, errlen, "%s image '%s' is smaller than one %u-byte sector",
                 kind == IDE_ATA ? "disk" : "CD-ROM", disk_path(img),
                 (unsigned)unit_size);
        return -1;
    }
    d->kind = kind;
    d->img = img;
    d->total = total;
    memset(&d->geom, 0, sizeof d->geom);
    if (kind == IDE_ATA)
        default_geometry(total, &d->geom);
    snprintf(d->serial, sizeof d->serial, "PX86-%s%d-%04X",
             kind == IDE_ATA ? "HD" : "CD", ide->channel * 2 + unit,
             (unsigned)(total & 0xFFFF));
    drive_power_on(d);
    return 0;
}

int ide_attach_disk(Ide *ide, int unit, DiskImage *img, char *err, size_t errlen)
{
    if (!img) {
        snprintf(err, errlen, "IDE disk needs an image");
        return -1;
    }
    return attach(ide, unit, img, IDE_ATA, err, errlen);
}

int ide_attach_cdrom(Ide *ide, int unit, DiskImage *img, char *err, size_t errlen)
{
    return attach(ide, unit, img, IDE_ATAPI, err, errlen);
}

bool ide_disk_geometry(const Ide *ide, int unit, IdeGeometry *out)
{
    if (unit < 0 || unit > 1 || ide->drive[unit].kind != IDE_ATA)
        return false;
    *out = ide->drive[unit].geom;
    return true;
}

int ide_save(Ide *ide, StateWriter *w)
{
    if (state_save_fields(w, "ide", 1, &ide->s, channel_fields))
        return -1;
    for (int u = 0; u < 2; u++) {
        if (state_save_fields(w, "ide-drive", DRIVE_STATE_VERSION, &ide->drive[u].s, drive_fields) ||
            state_put_blob(w, ide->drive[u].buf, IDE_BUF_SIZE))
            return -1;
    }
    return 0;
}

int ide_load(Ide *ide, StateReader *r)
{
    if (state_load_fields(r, "ide", 1, &ide->s, channel_fields))
        return -1;
    for (int u = 0; u < 2; u++) {
        IdeDriveState *s = &ide->drive[u].s;
        if (state_load_fields(r, "ide-drive", DRIVE_STATE_VERSION, s, drive_fields) ||
            state_get_blob(r, ide->drive[u].buf, IDE_BUF_SIZE))
            return -1;
        /* Never trust indexes from a file. */
        if (s->len > IDE_BUF_SIZE)
            s->len = IDE_BUF_SIZE;
        if (s->pos > s->len)
            s->pos = s->len;
        if (s->chunk_end > s->len)
            s->chunk_end = s->len;
        if (s->mult > MAX_MULTIPLE || (s->mult & (s->mult - 1)))
            s->mult = 0;
        if (s->block > IDE_BUF_SIZE / 512 && s->xfer != XF_ATAPI_IN)
            s->block = 0;
        if (s->xfer > XF_ATAPI_IN)
            s->xfer = XF_NONE;
    }
    ide->s.unit &= 1;
    bus_irq(ide->bus, ide->irq, ide->s.irq_level);
    return 0;
}

static void dev_reset(void *self) { ide_reset(self); }
static int dev_save(void *self, StateWriter *w) { return ide_save(self, w); }
static int dev_load(void *self, StateReader *r) { return ide_load(self, r); }
static void dev_destroy(void *self) { ide_destroy(self); }

Device ide_device(Ide *ide)
{
    return (Device){ide->channel ? "ide1" : "ide0", ide, dev_reset, dev_save,
                    dev_load, dev_destroy};
}
