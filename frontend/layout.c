/*
 * frontend/layout.c — where the guest picture goes in a window: aspect
 * correction (VGA modes are shown 4:3 whatever their pixel count), square
 * pixels, integer scaling, centring.  Pure arithmetic, shared by the SDL
 * front end and its tests.
 */
#include "frontend/fe_common.h"

/* Display shape as a ratio (num/den = shown width / shown height). */
static void display_shape(int src_w, int src_h, int aspect_num, int aspect_den,
                          bool square, long *num, long *den)
{
    if (square || aspect_num <= 0 || aspect_den <= 0) {
        *num = src_w;
        *den = src_h;
    } else {
        *num = aspect_num;
        *den = aspect_den;
    }
}

FeRect fe_layout(int win_w, int win_h, int src_w, int src_h, int aspect_num,
                 int aspect_den, bool square, bool integer)
{
    FeRect r = {0, 0, 0, 0};
    if (win_w <= 0 || win_h <= 0 || src_w <= 0 || src_h <= 0)
        return r;
    long num, den;
    display_shape(src_w, src_h, aspect_num, aspect_den, square, &num, &den);

    if (integer) {
        /* Pixel shape: how many rows tall one pixel is relative to its
         * width, i.e. (src_w/src_h) / (num/den). */
        double pixel_h = (double)src_w * (double)den / ((double)src_h * (double)num);
        int best_sx = 0, best_sy = 0;
        for (int sx = 1; sx * src_w <= win_w; sx++) {
            int sy = (int)(sx * pixel_h + 0.5);
            if (sy < 1)
                sy = 1;
            if (sy * src_h > win_h)
                break;
            best_sx = sx;
            best_sy = sy;
        }
        if (best_sx > 0) {
            r.w = best_sx * src_w;
            r.h = best_sy * src_h;
            r.x = (win_w - r.w) / 2;
            r.y = (win_h - r.h) / 2;
            return r;
        }
        /* Window smaller than the picture: fall through and shrink. */
    }
    /* Largest rectangle of shape num:den that fits. */
    if ((long)win_w * den <= (long)win_h * num) {
        r.w = win_w;
        r.h = (int)((long)win_w * den / num);
    } else {
        r.h = win_h;
        r.w = (int)((long)win_h * num / den);
    }
    if (r.w < 1)
        r.w = 1;
    if (r.h < 1)
        r.h = 1;
    r.x = (win_w - r.w) / 2;
    r.y = (win_h - r.h) / 2;
    return r;
}

void fe_natural_size(int src_w, int src_h, int aspect_num, int aspect_den,
                     bool square, int min_w, int *w, int *h)
{
    if (src_w <= 0 || src_h <= 0) {
        *w = 640;
        *h = 480;
        return;
    }
    long num, den;
    display_shape(src_w, src_h, aspect_num, aspect_den, square, &num, &den);
    int bw = src_w, bh = (int)((long)src_w * den / num);
    if (bh < 1)
        bh = 1;
    int k = 1;
    while (bw * k < min_w && k < 8)
        k++;
    *w = bw * k;
    *h = bh * k;
}
