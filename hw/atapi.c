/*
 * hw/atapi.c — packet commands of the ATAPI CD-ROM (SCSI/MMC subset) on
 * an ISO image of 2048-byte sectors.
 *
 * Owns: interpreting the 12-byte command packet, building response data
 * (INQUIRY, READ CAPACITY, READ TOC formats 0/1, MODE SENSE(10) pages 01h
 * and 2Ah, GET CONFIGURATION, GET EVENT STATUS NOTIFICATION, REQUEST
 * SENSE, READ DISC INFORMATION, MECHANISM STATUS), READ(10)/(12) streaming in buffer-sized pieces, and the sense
 * data (key/ASC/ASCQ) of the last command.  The DRQ phases, the byte count
 * limit and the interrupt reason are handled by hw/ide.c.
 */
#include "hw/ide_internal.h"

#include <string.h>

static uint16_t be16(const uint8_t *p) { return (uint16_t)((p[0] << 8) | p[1]); }
static uint32_t be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | p[3];
}
static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}
static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

void atapi_set_sense(IdeDrive *d, uint8_t key, uint8_t asc, uint8_t ascq)
{
    d->s.sense_key = key;
    d->s.asc = asc;
    d->s.ascq = ascq;
}

static AtapiResult fail(IdeDrive *d, uint8_t key, uint8_t asc)
{
    atapi_set_sense(d, key, asc, 0);
    return ATAPI_ERROR;
}

static bool has_media(const IdeDrive *d) { return d->img && d->total; }

/* Response of len bytes already in buf, cut to the allocation length. */
static AtapiResult reply(IdeDrive *d, uint32_t len, uint32_t alloc)
{
    if (len > alloc)
        len = alloc;
    if (len > IDE_BUF_SIZE)
        len = IDE_BUF_SIZE;
    d->s.len = len;
    d->s.pos = 0;
    d->s.remaining = len;
    d->s.read_left = 0;
    return len ? ATAPI_DATA_IN : ATAPI_NO_DATA;
}

void atapi_identify(IdeDrive *d, uint8_t *o)
{
    memset(o, 0, 512);
    /* ATAPI, CD-ROM, removable, DRQ within 50 us, 12-byte packets. */
    st16le(o + 0 * 2, 0x85C0);
    ide_put_string(o + 10 * 2, 10, d->serial);
    ide_put_string(o + 23 * 2, 4, "1.0");
    ide_put_string(o + 27 * 2, 20, "PX86 ATAPI CD-ROM");
    st16le(o + 49 * 2, 0x0200); /* LBA (no DMA) */
    st16le(o + 53 * 2, 0x0002); /* words 64-70 valid */
    st16le(o + 64 * 2, 0x0003);
    st16le(o + 65 * 2, 120);
    st16le(o + 66 * 2, 120);
    st16le(o + 67 * 2, 120);
    st16le(o + 68 * 2, 120);
    st16le(o + 80 * 2, 0x001E); /* ATA/ATAPI-4 */
    ide_identify_checksum(o);
}

static void lba_to_msf(uint32_t lba, uint8_t *p)
{
    uint32_t f = lba + 150; /* 2-second pregap */
    p[0] = 0;
    p[1] = (uint8_t)(f / (75 * 60));
    p[2] = (uint8_t)((f / 75) % 60);
    p[3] = (uint8_t)(f % 75);
}

static void toc_addr(uint8_t *p, uint32_t lba, bool msf)
{
    if (msf)
        lba_to_msf(lba, p);
    else
        put32(p, lba);
}

static AtapiResult read_toc(IdeDrive *d)
{
    const uint8_t *c = d->s.packet;
    if (!has_media(d))
        return fail(d, SK_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
    bool msf = c[1] & 2;
    unsigned format = c[2] & 0x0F;
    if (!format)
        format = c[9] >> 6; /* older drivers put it in the control byte */
    unsigned start = c[6];
    uint16_t alloc = be16(c + 7);
    uint8_t *b = d->buf;
    memset(b, 0, 64);
    uint32_t n;
    switch (format) {
    case 0: {
        if (start > 1 && start != 0xAA)
            return fail(d, SK_ILLEGAL_REQUEST, ASC_INVALID_FIELD);
        b[2] = 1;
        b[3] = 1;
        n = 4;
        if (start <= 1) {
            b[n + 1] = 0x14; /* ADR 1, data track */
            b[n + 2] = 1;
            toc_addr(b + n + 4, 0, msf);
            n += 8;
        }
        b[n + 1] = 0x14;
        b[n + 2] = 0xAA; /* lead-out */
        toc_addr(b + n + 4, (uint32_t)d->total, msf);
        n += 8;
        break;
    }
    case 1: /* multisession: one session starting at track 1 */
        b[2] = 1;
        b[3] = 1;
        b[5] = 0x14;
        b[6] = 1;
        toc_addr(b + 8, 0, msf);
        n = 12;
        break;
    default:
        return fail(d, SK_ILLEGAL_REQUEST, ASC_INVALID_FIELD);
    }
    put16(b, n - 2);
    return reply(d, n, alloc);
}

static uint32_t page_error_recovery(uint8_t *p)
{
    memset(p, 0, 8);
    p[0] = 0x01;
    p[1] = 0x06;
    p[3] = 5; /* read retry count */
    return 8;
}

static uint32_t page_capabilities(IdeDrive *d, uint8_t *p)
{
    memset(p, 0, 20);
    p[0] = 0x2A;
    p[1] = 0x12;
    /* Tray loader, eject, lock (and its state). */
    p[6] = (uint8_t)(0x29 | (d->s.locked ? 0x02 : 0));
    put16(p + 8, 706);  /* max read speed kB/s (4x) */
    put16(p + 10, 256); /* volume levels */
    put16(p + 12, 128); /* buffer kB */
    put16(p + 14, 706); /* current speed */
    return 20;
}

static AtapiResult mode_sense10(IdeDrive *d)
{
    const uint8_t *c = d->s.packet;
    unsigned page = c[2] & 0x3F, control = c[2] >> 6;
    uint16_t alloc = be16(c + 7);
    if (control == 3)
        return fail(d, SK_ILLEGAL_REQUEST, ASC_SAVING_NOT_SUPPORTED);
    uint8_t *b = d->buf;
    memset(b, 0, 8);
    uint32_t n = 8;
    if (page == 0x01 || page == 0x3F)
        n += page_error_recovery(b + n);
    if (page == 0x2A || page == 0x3F)
        n += page_capabilities(d, b + n);
    if (n == 8)
        return fail(d, SK_ILLEGAL_REQUEST, ASC_INVALID_FIELD);
    if (control == 1) /* changeable values: none */
        for (uint32_t i = 8; i < n; i += (uint32_t)b[i + 1] + 2)
            memset(b + i + 2, 0, b[i + 1]);
    put16(b, n - 2);
    b[2] = has_media(d) ? 0x01 : 0x70; /* 120 mm data disc / no disc */
    return reply(d, n, alloc);
}

/* GET CONFIGURATION features (MMC): profile list, core, removable medium,
 * random readable. */
static uint32_t add_feature(IdeDrive *d, uint8_t *p, uint16_t code)
{
    bool media = has_media(d);
    switch (code) {
    case 0x0000:
        put16(p, 0x0000);
        p[2] = 0x03; /* persistent, current */
        p[3] = 4;
        put16(p + 4, 0x0008); /* CD-ROM */
        p[6] = media ? 1 : 0;
        p[7] = 0;
        return 8;
    case 0x0001:
        put16(p, 0x0001);
        p[2] = 0x0B; /* version 2, persistent, current */
        p[3] = 8;
        put32(p + 4, 2); /* ATAPI */
        memset(p + 8, 0, 4);
        return 12;
    case 0x0003:
        put16(p, 0x0003);
        p[2] = 0x03;
        p[3] = 4;
        p[4] = (uint8_t)(0x29 | (d->s.locked ? 0x04 : 0));
        memset(p + 5, 0, 3);
        return 8;
    case 0x0010:
        put16(p, 0x0010);
        p[2] = media ? 0x01 : 0x00;
        p[3] = 8;
        put32(p + 4, CD_SECTOR);
        put16(p + 8, 1);
        p[10] = 0;
        p[11] = 0;
        return 12;
    }
    return 0;
}

static AtapiResult get_configuration(IdeDrive *d)
{
    static const uint16_t features[] = {0x0000, 0x0001, 0x0003, 0x0010};
    const uint8_t *c = d->s.packet;
    unsigned rt = c[1] & 3;
    uint16_t start = be16(c + 2), alloc = be16(c + 7);
    uint8_t *b = d->buf;
    memset(b, 0, 8);
    uint32_t n = 8;
    for (size_t i = 0; i < sizeof features / sizeof features[0]; i++) {
        uint16_t f = features[i];
        if (f < start || (rt == 2 && f != start))
            continue;
        uint32_t len = add_feature(d, b + n, f);
        if (rt == 1 && !(b[n + 2] & 1))
            continue; /* current features only */
        n += len;
    }
    put32(b, n - 4);
    put16(b + 6, has_media(d) ? 0x0008 : 0x0000);
    return reply(d, n, alloc);
}

static AtapiResult event_status(IdeDrive *d)
{
    const uint8_t *c = d->s.packet;
    uint16_t alloc = be16(c + 7);
    if (!(c[1] & 1)) /* only polled mode */
        return fail(d, SK_ILLEGAL_REQUEST, ASC_INVALID_FIELD);
    uint8_t *b = d->buf;
    memset(b, 0, 8);
    b[3] = 0x10; /* supported classes: media */
    if (!(c[4] & 0x10)) {
        put16(b, 2);
        b[2] = 0x80; /* no event available */
        return reply(d, 4, alloc);
    }
    put16(b, 6);
    b[2] = 0x04; /* media class */
    b[4] = d->s.media_event;
    b[5] = has_media(d) ? 0x02 : 0x00;
    d->s.media_event = 0;
    return reply(d, 8, alloc);
}

static AtapiResult disc_information(IdeDrive *d)
{
    if (!has_media(d))
        return fail(d, SK_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
    uint8_t *b = d->buf;
    memset(b, 0, 34);
    put16(b, 32);
    b[2] = 0x0E; /* complete disc, last session complete */
    b[3] = 1;    /* first track */
    b[4] = 1;    /* sessions */
    b[5] = 1;    /* first and last track of the last session */
    b[6] = 1;
    b[8] = 0x00; /* CD-ROM disc type */
    memset(b + 16, 0xFF, 8); /* no lead-in/lead-out for new sessions */
    return reply(d, 34, be16(d->s.packet + 7));
}

static AtapiResult mechanism_status(IdeDrive *d)
{
    uint8_t *b = d->buf;
    memset(b, 0, 8); /* no changer, idle, door closed, no slot table */
    return reply(d, 8, be16(d->s.packet + 8));
}

static AtapiResult inquiry(IdeDrive *d)
{
    uint8_t *b = d->buf;
    memset(b, 0, 36);
    b[0] = 0x05; /* CD-ROM */
    b[1] = 0x80; /* removable */
    b[3] = 0x21; /* ATAPI, response format 1 */
    b[4] = 31;
    memcpy(b + 8, "PX86    ", 8);
    memcpy(b + 16, "PX86 CD-ROM     ", 16);
    memcpy(b + 32, "1.0 ", 4);
    return reply(d, 36, d->s.packet[4]);
}

static AtapiResult request_sense(IdeDrive *d)
{
    uint8_t *b = d->buf;
    memset(b, 0, 18);
    b[0] = 0x70; /* current error */
    b[2] = d->s.sense_key;
    b[7] = 10;
    b[12] = d->s.asc;
    b[13] = d->s.ascq;
    atapi_set_sense(d, SK_NO_SENSE, 0, 0);
    return reply(d, 18, d->s.packet[4]);
}

static AtapiResult read_sectors(IdeDrive *d, uint32_t lba, uint32_t count)
{
    if (!has_media(d))
        return fail(d, SK_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
    if (lba > d->total || count > d->total - lba)
        return fail(d, SK_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE);
    if (!count)
        return ATAPI_NO_DATA;
    /* Byte totals beyond 32 bits cannot be asked for by a sane guest;
     * clamp rather than wrap. */
    uint64_t bytes = (uint64_t)count * CD_SECTOR;
    if (bytes > 0xFFFFF800u)
        count = 0xFFFFF800u / CD_SECTOR;
    d->s.read_lba = lba;
    d->s.read_left = count;
    d->s.remaining = count * CD_SECTOR;
    d->s.pos = d->s.len = 0;
    if (!atapi_refill(d))
        return ATAPI_ERROR;
    return ATAPI_DATA_IN;
}

bool atapi_refill(IdeDrive *d)
{
    uint32_t n = d->s.read_left < IDE_BUF_SIZE / CD_SECTOR
                     ? d->s.read_left
                     : IDE_BUF_SIZE / CD_SECTOR;
    if (!n || !d->img ||
        disk_read(d->img, (uint64_t)d->s.read_lba * CD_SECTOR, d->buf,
                  (size_t)n * CD_SECTOR)) {
        atapi_set_sense(d, SK_MEDIUM_ERROR, ASC_READ_ERROR, 0);
        d->s.remaining = 0;
        return false;
    }
    d->s.read_lba += n;
    d->s.read_left -= n;
    d->s.pos = 0;
    d->s.len = n * CD_SECTOR;
    return true;
}

AtapiResult atapi_execute(IdeDrive *d)
{
    const uint8_t *c = d->s.packet;
    uint8_t op = c[0];
    d->s.remaining = 0;
    d->s.read_left = 0;
    if (op != 0x03) /* REQUEST SENSE reports the previous command */
        atapi_set_sense(d, SK_NO_SENSE, 0, 0);
    switch (op) {
    case 0x00: /* TEST UNIT READY */
        return has_media(d) ? ATAPI_NO_DATA
                            : fail(d, SK_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
    case 0x03:
        return request_sense(d);
    case 0x12:
        return inquiry(d);
    case 0x1B: /* START STOP UNIT */
        if ((c[4] & 3) == 2 && d->s.locked) {
            atapi_set_sense(d, SK_ILLEGAL_REQUEST, ASC_REMOVAL_PREVENTED, 2);
            return ATAPI_ERROR;
        }
        return ATAPI_NO_DATA; /* eject is accepted; the disc stays in */
    case 0x1E: /* PREVENT ALLOW MEDIUM REMOVAL */
        d->s.locked = c[4] & 1;
        return ATAPI_NO_DATA;
    case 0x25: { /* READ CAPACITY */
        if (!has_media(d))
            return fail(d, SK_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
        put32(d->buf, (uint32_t)(d->total - 1));
        put32(d->buf + 4, CD_SECTOR);
        return reply(d, 8, 8);
    }
    case 0x28: /* READ(10) */
        return read_sectors(d, be32(c + 2), be16(c + 7));
    case 0xA8: /* READ(12) */
        return read_sectors(d, be32(c + 2), be32(c + 6));
    case 0x2B: /* SEEK(10) */
        if (!has_media(d))
            return fail(d, SK_NOT_READY, ASC_MEDIUM_NOT_PRESENT);
        if (be32(c + 2) >= d->total)
            return fail(d, SK_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE);
        return ATAPI_NO_DATA;
    case 0x43:
        return read_toc(d);
    case 0x46:
        return get_configuration(d);
    case 0x4A:
        return event_status(d);
    case 0x51:
        return disc_information(d);
    case 0x5A:
        return mode_sense10(d);
    case 0xBD:
        return mechanism_status(d);
    case 0xBB: /* SET CD SPEED */
        return ATAPI_NO_DATA;
    default:
        return fail(d, SK_ILLEGAL_REQUEST, ASC_INVALID_OPCODE);
    }
}
