/*
 * hw/disk.h — disk images behind the floppy, IDE and ATAPI devices.
 *
 * Owns: the host file of a raw image, a copy-on-write overlay for
 * -snapshot, write-through/flush policy, and read-only detection.  Devices
 * see sectors of 512 bytes (2048 for CD-ROM images) and never touch the file.
 */
#ifndef PX86_HW_DISK_H
#define PX86_HW_DISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct DiskImage DiskImage;

/* snapshot: writes kept in memory, file untouched.  read_only: also true
 * when the file cannot be opened for writing.  NULL + err on failure. */
DiskImage *disk_open(const char *path, bool snapshot, bool read_only,
                     char *err, size_t errlen);
void disk_close(DiskImage *d); /* flushes */
uint64_t disk_size(const DiskImage *d);
bool disk_read_only(const DiskImage *d);
const char *disk_path(const DiskImage *d);
/* Byte-offset I/O; returns 0 or -1 (out of range, host I/O error,
 * read-only). */
int disk_read(DiskImage *d, uint64_t offset, void *buf, size_t len);
int disk_write(DiskImage *d, uint64_t offset, const void *buf, size_t len);
int disk_flush(DiskImage *d);
/* Activity counter for the front end's disk light. */
uint64_t disk_activity(const DiskImage *d);

#endif
