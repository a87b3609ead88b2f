/*
 * frontend/fe_common.h — helpers shared by the front ends (not part of the
 * main-loop interface in frontend/frontend.h): host clock, screenshots,
 * the Ctrl-Alt-Del key sequence, and the hotkey help texts.
 */
#ifndef PX86_FRONTEND_FE_COMMON_H
#define PX86_FRONTEND_FE_COMMON_H

#include <stddef.h>

#include "frontend/frontend.h"

/* Host monotonic time in seconds. */
double fe_host_seconds(void);

/* A Frontend with its callbacks and priv_size zeroed bytes of private
 * state (fe->priv; NULL when priv_size is 0).  NULL when out of memory.
 * The front end's shutdown frees both with fe_free(). */
Frontend *fe_new(const char *name, size_t priv_size,
                 int (*init)(Frontend *, Machine *, const FrontendOptions *,
                             char *, size_t),
                 bool (*poll)(Frontend *),
                 void (*message)(Frontend *, const char *),
                 void (*shutdown)(Frontend *));
void fe_free(Frontend *fe);

/* Write the current picture to <dir>/px86-YYYYMMDD-HHMMSS[-N].png (dir
 * NULL or "" = current directory).  0 and the path in `path`, or -1 and
 * a reason in `path`. */
int fe_screenshot(Machine *m, const char *dir, char *path, size_t pathlen);

/* Press and release Ctrl+Alt+Delete in the guest. */
void fe_send_ctrl_alt_del(Machine *m);

/* Status-line text for the disk indicator: true while the activity
 * counter moved in the last `hold` seconds. */
typedef struct FeDiskLed {
    unsigned long long last_count;
    double last_change;
} FeDiskLed;
int fe_disk_led(FeDiskLed *led, Machine *m, double now, double hold);

/* Where a picture of src_w x src_h goes in a window of win_w x win_h
 * (frontend/layout.c).  aspect_num/aspect_den is the shape the picture is
 * shown at (DisplayBuffer; 0/0 = square pixels), overridden by `square`.
 * `integer`: whole-number scale factors per axis (crisp pixels; the
 * aspect is then approximated).  The picture is centred. */
typedef struct FeRect {
    int x, y, w, h;
} FeRect;
FeRect fe_layout(int win_w, int win_h, int src_w, int src_h, int aspect_num,
                 int aspect_den, bool square, bool integer);
/* Natural window size for a mode: the picture at its display aspect,
 * magnified by whole steps until it is at least min_w wide. */
void fe_natural_size(int src_w, int src_h, int aspect_num, int aspect_den,
                     bool square, int min_w, int *w, int *h);

#endif
