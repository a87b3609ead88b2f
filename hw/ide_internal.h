/*
 * hw/ide_internal.h — state shared by hw/ide.c (ATA registers, PIO engine)
 * and hw/atapi.c (SCSI/MMC packet commands for the CD-ROM).
 */
#ifndef PX86_HW_IDE_INTERNAL_H
#define PX86_HW_IDE_INTERNAL_H

#include "hw/ide.h"

#define IDE_BUF_SIZE (16 * 2048) /* 16 CD sectors or 64 disk sectors */
#define CD_SECTOR 2048u

enum { IDE_NONE = 0, IDE_ATA, IDE_ATAPI };

/* Status register. */
enum {
    ST_ERR = 0x01, ST_DRQ = 0x08, ST_DSC = 0x10, ST_DF = 0x20, ST_DRDY = 0x40,
    ST_BSY = 0x80,
};
/* Error register. */
enum { ER_AMNF = 0x01, ER_ABRT = 0x04, ER_IDNF = 0x10, ER_UNC = 0x40 };

/* Transfer in progress. */
enum { XF_NONE, XF_PIO_IN, XF_PIO_OUT, XF_PACKET, XF_ATAPI_IN };

/* SCSI sense keys and codes used. */
enum {
    SK_NO_SENSE = 0, SK_NOT_READY = 2, SK_MEDIUM_ERROR = 3,
    SK_ILLEGAL_REQUEST = 5, SK_UNIT_ATTENTION = 6,
};
enum {
    ASC_INVALID_OPCODE = 0x20, ASC_LBA_OUT_OF_RANGE = 0x21,
    ASC_INVALID_FIELD = 0x24, ASC_MEDIUM_NOT_PRESENT = 0x3A,
    ASC_SAVING_NOT_SUPPORTED = 0x39, ASC_REMOVAL_PREVENTED = 0x53,
    ASC_READ_ERROR = 0x11,
};

/* Everything about one device that save/load keeps (integers only). */
typedef struct IdeDriveState {
    /* task file copy: both devices latch writes, reads come from the
     * selected one */
    uint8_t feature, nsect, sector, lcyl, hcyl, select;
    /* 48-bit Address feature set (ATA/ATAPI-6 6.20): Features, Sector
     * Count and LBA Low/Mid/High are two-byte FIFOs; these hold the
     * "previous content", returned when Device Control HOB is set. */
    uint8_t hob_feature, hob_nsect, hob_sector, hob_lcyl, hob_hcyl;
    uint8_t status, error;
    uint8_t irq_pending;
    uint8_t xfer;      /* XF_* */
    uint8_t cmd;       /* command being executed */
    uint8_t mult;      /* READ/WRITE MULTIPLE block, 0 = disabled */
    uint16_t cur_heads, cur_spt;
    uint32_t cur_cyls;
    uint64_t lba;       /* next sector of the ATA transfer */
    uint32_t remaining; /* ATA: sectors left (<= 65536); ATAPI: bytes left */
    uint32_t block;     /* ATA: sectors in the current DRQ block */
    uint32_t pos, len;  /* buffer cursor and fill */
    uint32_t chunk_end; /* ATAPI: end of the current DRQ chunk in buf */
    uint16_t byte_limit;
    uint8_t packet[12];
    uint8_t sense_key, asc, ascq;
    uint8_t media_event; /* GET EVENT STATUS: 2 = new media pending */
    uint8_t locked;
    uint32_t read_lba, read_left; /* ATAPI READ streaming */
} IdeDriveState;

typedef struct IdeDrive {
    int kind;
    DiskImage *img;
    uint64_t total;      /* sectors (512 for ATA, 2048 for ATAPI) */
    IdeGeometry geom;    /* ATA default geometry */
    char serial[21];
    IdeDriveState s;
    uint8_t buf[IDE_BUF_SIZE];
} IdeDrive;

/* ATAPI (hw/atapi.c). */
typedef enum AtapiResult {
    ATAPI_NO_DATA, /* completed, nothing to transfer */
    ATAPI_DATA_IN, /* s.remaining bytes to send; buf holds s.len of them */
    ATAPI_ERROR,   /* sense data set */
} AtapiResult;

AtapiResult atapi_execute(IdeDrive *d);
/* Refill buf with the next sectors of a READ; false on a read error. */
bool atapi_refill(IdeDrive *d);
void atapi_set_sense(IdeDrive *d, uint8_t key, uint8_t asc, uint8_t ascq);
void atapi_identify(IdeDrive *d, uint8_t *out512);
/* ATA string convention: two characters per word, first in the high byte. */
void ide_put_string(uint8_t *words, unsigned nwords, const char *s);
void ide_identify_checksum(uint8_t *out512);

#endif
