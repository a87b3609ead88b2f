/*
 * frontend/png.c — our own minimal PNG encoder for screenshots.
 *
 * Owns: png_write_rgb().  Writes an 8-bit truecolour image (colour type 2,
 * no alpha, no interlace) from 0x00RRGGBB pixels: the signature, IHDR, the
 * image data deflated by zlib into IDAT chunks, and IEND.  Every row uses
 * filter type 1 (Sub), which costs nothing and compresses the flat areas
 * of emulated screens well.  Chunk CRCs use zlib's crc32 (the same CRC-32
 * the PNG specification, section 5.5, defines).
 */
#include "frontend/frontend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

/* Largest image we agree to write: generous, but keeps every size
 * computation below well inside 32 bits. */
#define PNG_MAX_DIM 16384

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* One chunk: length, type, data, CRC over type+data (PNG spec 5.3). */
static int write_chunk(FILE *f, const char type[4], const unsigned char *data,
                       uint32_t len)
{
    unsigned char hdr[8], crcbuf[4];
    put_be32(hdr, len);
    memcpy(hdr + 4, type, 4);
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, hdr + 4, 4);
    if (len)
        crc = crc32(crc, data, len);
    put_be32(crcbuf, (uint32_t)crc);
    if (fwrite(hdr, 1, 8, f) != 8)
        return -1;
    if (len && fwrite(data, 1, len, f) != len)
        return -1;
    if (fwrite(crcbuf, 1, 4, f) != 4)
        return -1;
    return 0;
}

/* Filtered scanline: filter byte 1 (Sub) then RGB differences to the
 * pixel on the left (PNG spec 9.2). */
static void filter_row(unsigned char *out, const uint32_t *row, int width)
{
    unsigned char pr = 0, pg = 0, pb = 0;
    *out++ = 1;
    for (int x = 0; x < width; x++) {
        unsigned char r = (unsigned char)(row[x] >> 16);
        unsigned char g = (unsigned char)(row[x] >> 8);
        unsigned char b = (unsigned char)row[x];
        *out++ = (unsigned char)(r - pr);
        *out++ = (unsigned char)(g - pg);
        *out++ = (unsigned char)(b - pb);
        pr = r;
        pg = g;
        pb = b;
    }
}

int png_write_rgb(const char *path, const uint32_t *pixels, int width,
                  int height)
{
    if (!path || !pixels || width <= 0 || height <= 0 ||
        width > PNG_MAX_DIM || height > PNG_MAX_DIM)
        return -1;

    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;

    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G',
                                               '\r', '\n', 0x1A, '\n'};
    unsigned char ihdr[13];
    put_be32(ihdr, (uint32_t)width);
    put_be32(ihdr + 4, (uint32_t)height);
    ihdr[8] = 8;  /* bit depth */
    ihdr[9] = 2;  /* colour type: truecolour */
    ihdr[10] = 0; /* deflate */
    ihdr[11] = 0; /* adaptive filtering */
    ihdr[12] = 0; /* no interlace */

    size_t rowbytes = 1 + (size_t)width * 3;
    enum { OUTBUF = 65536 };
    unsigned char *row = malloc(rowbytes);
    unsigned char *out = malloc(OUTBUF);
    int rc = -1;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    bool zinit = false;

    if (!row || !out)
        goto done;
    if (fwrite(signature, 1, 8, f) != 8 || write_chunk(f, "IHDR", ihdr, 13))
        goto done;
    if (deflateInit(&zs, Z_DEFAULT_COMPRESSION) != Z_OK)
        goto done;
    zinit = true;

    /* Stream rows through deflate; each full output buffer becomes one
     * IDAT chunk (decoders concatenate them, spec 10.1). */
    for (int y = 0; y <= height; y++) {
        int flush = Z_NO_FLUSH;
        if (y < height) {
            filter_row(row, pixels + (size_t)y * (size_t)width, width);
            zs.next_in = row;
            zs.avail_in = (uInt)rowbytes;
        } else {
            zs.next_in = Z_NULL;
            zs.avail_in = 0;
            flush = Z_FINISH;
        }
        int zr;
        do {
            zs.next_out = out;
            zs.avail_out = OUTBUF;
            zr = deflate(&zs, flush);
            if (zr == Z_STREAM_ERROR)
                goto done;
            uint32_t have = OUTBUF - zs.avail_out;
            if (have && write_chunk(f, "IDAT", out, have))
                goto done;
        } while (zs.avail_out == 0 || (flush == Z_FINISH && zr != Z_STREAM_END));
    }
    if (write_chunk(f, "IEND", NULL, 0))
        goto done;
    rc = 0;

done:
    if (zinit)
        deflateEnd(&zs);
    free(row);
    free(out);
    if (fclose(f) != 0)
        rc = -1;
    if (rc != 0)
        remove(path);
    return rc;
}
