/*
 * tests/frontend/test_png.c — png_write_rgb(): write images, then decode
 * them here (chunk walk with CRC checks, inflate of the IDAT stream,
 * unfiltering) and compare every pixel.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "frontend/frontend.h"

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    *len = n;
    return buf;
}

static int paeth(int a, int b, int c)
{
    int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    if (pa <= pb && pa <= pc)
        return a;
    return pb <= pc ? b : c;
}

/* Decode an 8-bit RGB PNG into 0x00RRGGBB; fails the test on any defect. */
static uint32_t *decode_png(const char *path, int *w, int *h)
{
    size_t len;
    unsigned char *d = slurp(path, &len);
    ck_assert_ptr_nonnull(d);
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    ck_assert_uint_ge(len, 8);
    ck_assert_int_eq(memcmp(d, sig, 8), 0);
    size_t pos = 8;
    unsigned char *idat = NULL;
    size_t idat_len = 0;
    bool seen_ihdr = false, seen_iend = false;
    while (pos + 12 <= len && !seen_iend) {
        uint32_t clen = be32(d + pos);
        ck_assert_uint_le(pos + 12 + clen, len);
        const unsigned char *type = d + pos + 4, *data = d + pos + 8;
        uLong crc = crc32(crc32(0L, Z_NULL, 0), type, 4 + clen);
        ck_assert_uint_eq(crc, be32(data + clen));
        if (!memcmp(type, "IHDR", 4)) {
            ck_assert(!seen_ihdr && pos == 8);
            ck_assert_uint_eq(clen, 13);
            *w = (int)be32(data);
            *h = (int)be32(data + 4);
            ck_assert_int_eq(data[8], 8);
            ck_assert_int_eq(data[9], 2);
            ck_assert_int_eq(data[10], 0);
            ck_assert_int_eq(data[11], 0);
            ck_assert_int_eq(data[12], 0);
            seen_ihdr = true;
        } else if (!memcmp(type, "IDAT", 4)) {
            ck_assert(seen_ihdr);
            idat = realloc(idat, idat_len + clen + 1);
            memcpy(idat + idat_len, data, clen);
            idat_len += clen;
        } else if (!memcmp(type, "IEND", 4)) {
            ck_assert_uint_eq(clen, 0);
            seen_iend = true;
        }
        pos += 12 + clen;
    }
    ck_assert(seen_iend);
    ck_assert_uint_eq(pos, len);
    size_t stride = 1 + (size_t)*w * 3;
    uLongf raw_len = (uLongf)(stride * (size_t)*h);
    unsigned char *raw = malloc(raw_len + 1);
    ck_assert_int_eq(uncompress(raw, &raw_len, idat, idat_len), Z_OK);
    ck_assert_uint_eq(raw_len, stride * (size_t)*h);
    uint32_t *px = malloc(sizeof *px * (size_t)*w * (size_t)*h);
    unsigned char *prev = calloc(stride, 1), *cur = malloc(stride);
    for (int y = 0; y < *h; y++) {
        const unsigned char *in = raw + (size_t)y * stride;
        int ft = in[0];
        ck_assert_int_le(ft, 4);
        for (size_t i = 1; i < stride; i++) {
            int a = i > 3 ? cur[i - 3] : 0, b = prev[i], c = i > 3 ? prev[i - 3] : 0;
            int pred = ft == 0 ? 0 : ft == 1 ? a : ft == 2 ? b : ft == 3 ? (a + b) / 2 : paeth(a, b, c);
            cur[i] = (unsigned char)(in[i] + pred);
        }
        for (int x = 0; x < *w; x++)
            px[(size_t)y * *w + x] = (uint32_t)cur[1 + x * 3] << 16 |
                                     (uint32_t)cur[2 + x * 3] << 8 | cur[3 + x * 3];
        memcpy(prev, cur, stride);
    }
    free(prev);
    free(cur);
    free(raw);
    free(idat);
    free(d);
    return px;
}

static char tmp_path[64];

static void make_tmp(void)
{
    strcpy(tmp_path, "/tmp/px86-png-XXXXXX");
    int fd = mkstemp(tmp_path);
    ck_assert_int_ge(fd, 0);
    close(fd);
}

static void roundtrip(const uint32_t *src, int w, int h)
{
    make_tmp();
    ck_assert_int_eq(png_write_rgb(tmp_path, src, w, h), 0);
    int dw = 0, dh = 0;
    uint32_t *got = decode_png(tmp_path, &dw, &dh);
    ck_assert_int_eq(dw, w);
    ck_assert_int_eq(dh, h);
    for (size_t i = 0; i < (size_t)w * h; i++)
        if (got[i] != (src[i] & 0xFFFFFF))
            ck_abort_msg("pixel %zu: got %06x want %06x", i, got[i], src[i] & 0xFFFFFF);
    free(got);
    unlink(tmp_path);
}

START_TEST(png_small_pattern)
{
    uint32_t px[7 * 5];
    for (int i = 0; i < 7 * 5; i++)
        px[i] = (uint32_t)(i * 0x10305 + 0x7F) & 0xFFFFFF;
    roundtrip(px, 7, 5);
}
END_TEST

START_TEST(png_one_pixel_ignores_top_byte)
{
    uint32_t px[1] = {0xAB123456};
    roundtrip(px, 1, 1);
}
END_TEST

START_TEST(png_vga_sized_noise)
{
    /* 640x480 noise + flat bands: forces several IDAT chunks. */
    int w = 640, h = 480;
    uint32_t *px = malloc(sizeof *px * w * h);
    uint32_t s = 12345;
    for (int i = 0; i < w * h; i++) {
        s = s * 1103515245u + 12345u;
        px[i] = (i / w) % 64 < 32 ? (s >> 8) & 0xFFFFFF : 0x0000AA;
    }
    roundtrip(px, w, h);
    free(px);
}
END_TEST

START_TEST(png_rejects_bad_arguments)
{
    uint32_t px[4] = {0};
    make_tmp();
    ck_assert_int_eq(png_write_rgb(tmp_path, NULL, 2, 2), -1);
    ck_assert_int_eq(png_write_rgb(tmp_path, px, 0, 2), -1);
    ck_assert_int_eq(png_write_rgb(tmp_path, px, 2, -1), -1);
    ck_assert_int_eq(png_write_rgb(NULL, px, 2, 2), -1);
    ck_assert_int_eq(png_write_rgb("/nonexistent-dir/x.png", px, 2, 2), -1);
    unlink(tmp_path);
}
END_TEST

Suite *png_suite(void)
{
    Suite *s = suite_create("png");
    TCase *tc = tcase_create("png");
    tcase_add_test(tc, png_small_pattern);
    tcase_add_test(tc, png_one_pixel_ignores_top_byte);
    tcase_add_test(tc, png_vga_sized_noise);
    tcase_add_test(tc, png_rejects_bad_arguments);
    suite_add_tcase(s, tc);
    return s;
}
