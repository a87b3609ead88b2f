/*
 * hw/disk.c — raw disk images (see disk.h).
 *
 * Owns: the host file descriptor of one image, its read-only state, and the
 * -snapshot copy-on-write overlay.  The overlay is a hash map from 512-byte
 * chunk index to a private copy of that chunk; in snapshot mode the file is
 * opened read-only and never written.  Without snapshot, writes go straight
 * to the file with pwrite (write-through) and disk_flush/disk_close fsync.
 * Offsets are 64-bit, so images larger than 4 GiB work.
 */
#include "hw/disk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK 512u

typedef struct OverlayChunk {
    uint64_t index; /* chunk number (byte offset / CHUNK) */
    uint8_t *data;  /* CHUNK bytes; NULL = empty slot */
} OverlayChunk;

struct DiskImage {
    int fd;
    char *path;
    uint64_t size;
    bool read_only;
    bool snapshot;
    bool dirty; /* written since the last fsync */
    uint64_t activity;
    /* Open-addressing hash map (linear probing), capacity a power of 2. */
    OverlayChunk *overlay;
    size_t overlay_cap;
    size_t overlay_used;
};

static void set_err(char *err, size_t errlen, const char *fmt, const char *a,
                    const char *b)
{
    if (err && errlen)
        snprintf(err, errlen, fmt, a, b);
}

DiskImage *disk_open(const char *path, bool snapshot, bool read_only,
                     char *err, size_t errlen)
{
    if (!path || !*path) {
        set_err(err, errlen, "%s%s", "disk image: empty file name", "");
        return NULL;
    }
    int fd = -1;
    bool ro = read_only;
    /* A file nobody may write is a read-only image even for root, whom
     * open(O_RDWR) would let through: never write a write-protected file. */
    struct stat pre;
    if (stat(path, &pre) == 0 && S_ISREG(pre.st_mode) &&
        !(pre.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)))
        ro = true;
    if (!ro && !snapshot) {
        fd = open(path, O_RDWR);
        /* An image we may not write is still usable, as a read-only disk. */
        if (fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM))
            ro = true;
        else if (fd < 0) {
            set_err(err, errlen, "cannot open disk image '%s': %s", path,
                    strerror(errno));
            return NULL;
        }
    }
    if (fd < 0) {
        fd = open(path, O_RDONLY);
        if (fd < 0) {
            set_err(err, errlen, "cannot open disk image '%s': %s", path,
                    strerror(errno));
            return NULL;
        }
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
        set_err(err, errlen, "disk image '%s': %s", path,
                "not a regular file or block device");
        close(fd);
        return NULL;
    }
    uint64_t size;
    if (S_ISBLK(st.st_mode)) {
        off_t end = lseek(fd, 0, SEEK_END);
        size = end < 0 ? 0 : (uint64_t)end;
    } else {
        size = (uint64_t)st.st_size;
    }
    if (size == 0) {
        set_err(err, errlen, "disk image '%s': %s", path, "file is empty");
        close(fd);
        return NULL;
    }
    DiskImage *d = calloc(1, sizeof *d);
    char *p = d ? strdup(path) : NULL;
    if (!d || !p) {
        free(d);
        close(fd);
        set_err(err, errlen, "disk image '%s': %s", path, "out of memory");
        return NULL;
    }
    d->fd = fd;
    d->path = p;
    d->size = size;
    d->snapshot = snapshot;
    /* With -snapshot the guest may write (into memory) unless read-only was
     * asked for explicitly. */
    d->read_only = snapshot ? read_only : ro;
    return d;
}

static void overlay_free(DiskImage *d)
{
    for (size_t i = 0; i < d->overlay_cap; i++)
        free(d->overlay[i].data);
    free(d->overlay);
    d->overlay = NULL;
    d->overlay_cap = d->overlay_used = 0;
}

void disk_close(DiskImage *d)
{
    if (!d)
        return;
    disk_flush(d);
    close(d->fd);
    overlay_free(d);
    free(d->path);
    free(d);
}

uint64_t disk_size(const DiskImage *d) { return d->size; }
bool disk_read_only(const DiskImage *d) { return d->read_only; }
const char *disk_path(const DiskImage *d) { return d->path; }
uint64_t disk_activity(const DiskImage *d) { return d->activity; }

static bool in_range(const DiskImage *d, uint64_t offset, size_t len)
{
    return offset <= d->size && (uint64_t)len <= d->size - offset;
}

static size_t hash_index(uint64_t index, size_t cap)
{
    uint64_t h = index * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32) & (cap - 1);
}

static OverlayChunk *overlay_find(const DiskImage *d, uint64_t index)
{
    if (!d->overlay_cap)
        return NULL;
    size_t i = hash_index(index, d->overlay_cap);
    while (d->overlay[i].data) {
        if (d->overlay[i].index == index)
            return &d->overlay[i];
        i = (i + 1) & (d->overlay_cap - 1);
    }
    return NULL;
}

static int overlay_grow(DiskImage *d)
{
    size_t ncap = d->overlay_cap ? d->overlay_cap * 2 : 256;
    OverlayChunk *n = calloc(ncap, sizeof *n);
    if (!n)
        return -1;
    for (size_t i = 0; i < d->overlay_cap; i++) {
        if (!d->overlay[i].data)
            continue;
        size_t j = hash_index(d->overlay[i].index, ncap);
        while (n[j].data)
            j = (j + 1) & (ncap - 1);
        n[j] = d->overlay[i];
    }
    free(d->overlay);
    d->overlay = n;
    d->overlay_cap = ncap;
    return 0;
}

/* Read bytes straight from the file; bytes past the end of a short file
 * (truncated behind our back) are an error. */
static int file_read(DiskImage *d, uint64_t offset, uint8_t *buf, size_t len)
{
    while (len) {
        ssize_t n = pread(d->fd, buf, len, (off_t)offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        buf += n;
        len -= (size_t)n;
        offset += (uint64_t)n;
    }
    return 0;
}

static int file_write(DiskImage *d, uint64_t offset, const uint8_t *buf,
                      size_t len)
{
    while (len) {
        ssize_t n = pwrite(d->fd, buf, len, (off_t)offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        buf += n;
        len -= (size_t)n;
        offset += (uint64_t)n;
    }
    d->dirty = true;
    return 0;
}

/* Fetch the current contents of one chunk (overlay or file) clipped to the
 * image end; bytes past the end read as zero. */
static int chunk_current(DiskImage *d, uint64_t index, uint8_t *out)
{
    OverlayChunk *c = overlay_find(d, index);
    if (c) {
        memcpy(out, c->data, CHUNK);
        return 0;
    }
    memset(out, 0, CHUNK);
    uint64_t off = index * CHUNK;
    size_t n = d->size - off < CHUNK ? (size_t)(d->size - off) : CHUNK;
    return file_read(d, off, out, n);
}

int disk_read(DiskImage *d, uint64_t offset, void *buf, size_t len)
{
    if (!d || !in_range(d, offset, len))
        return -1;
    d->activity++;
    uint8_t *out = buf;
    if (!d->overlay_used)
        return file_read(d, offset, out, len);
    while (len) {
        uint64_t index = offset / CHUNK;
        size_t within = (size_t)(offset % CHUNK);
        size_t n = CHUNK - within < len ? CHUNK - within : len;
        OverlayChunk *c = overlay_find(d, index);
        if (c)
            memcpy(out, c->data + within, n);
        else if (file_read(d, offset, out, n))
            return -1;
        out += n;
        offset += n;
        len -= n;
    }
    return 0;
}

static int overlay_write(DiskImage *d, uint64_t offset, const uint8_t *in,
                         size_t len)
{
    while (len) {
        uint64_t index = offset / CHUNK;
        size_t within = (size_t)(offset % CHUNK);
        size_t n = CHUNK - within < len ? CHUNK - within : len;
        OverlayChunk *c = overlay_find(d, index);
        if (!c) {
            if ((d->overlay_used + 1) * 4 > d->overlay_cap * 3 &&
                overlay_grow(d))
                return -1;
            uint8_t *data = malloc(CHUNK);
            if (!data)
                return -1;
            if (chunk_current(d, index, data)) {
                free(data);
                return -1;
            }
            size_t i = hash_index(index, d->overlay_cap);
            while (d->overlay[i].data)
                i = (i + 1) & (d->overlay_cap - 1);
            d->overlay[i].index = index;
            d->overlay[i].data = data;
            d->overlay_used++;
            c = &d->overlay[i];
        }
        memcpy(c->data + within, in, n);
        in += n;
        offset += n;
        len -= n;
    }
    return 0;
}

int disk_write(DiskImage *d, uint64_t offset, const void *buf, size_t len)
{
    if (!d || d->read_only || !in_range(d, offset, len))
        return -1;
    d->activity++;
    if (d->snapshot)
        return overlay_write(d, offset, buf, len);
    return file_write(d, offset, buf, len);
}

int disk_flush(DiskImage *d)
{
    if (!d || d->snapshot || d->read_only || !d->dirty)
        return 0;
    d->dirty = false;
    return fsync(d->fd) == 0 || errno == EINVAL ? 0 : -1;
}
