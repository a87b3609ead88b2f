/*
 * frontend/fe_common.c — see fe_common.h: the small pieces every front end
 * needs (clock, screenshot hotkey, Ctrl-Alt-Del, disk indicator).
 */
#include <stdlib.h>
#include "frontend/fe_common.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double fe_host_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int fe_screenshot(Machine *m, const char *dir, char *path, size_t pathlen)
{
    const DisplayBuffer *db = machine_render(m);
    if (!db || !db->pixels || db->width <= 0 || db->height <= 0) {
        snprintf(path, pathlen, "no picture to save");
        return -1;
    }
    if (!dir || !*dir)
        dir = ".";
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    /* Never overwrite an earlier screenshot taken in the same second. */
    for (int n = 0; n < 100; n++) {
        if (n == 0)
            snprintf(path, pathlen, "%s/px86-%s.png", dir, stamp);
        else
            snprintf(path, pathlen, "%s/px86-%s-%d.png", dir, stamp, n);
        if (access(path, F_OK) != 0)
            break;
    }
    if (png_write_rgb(path, db->pixels, db->width, db->height) != 0) {
        char why[300];
        snprintf(why, sizeof why, "cannot write %s", path);
        snprintf(path, pathlen, "%s", why);
        return -1;
    }
    return 0;
}

void fe_send_ctrl_alt_del(Machine *m)
{
    machine_key(m, KEY_LCTRL, true);
    machine_key(m, KEY_LALT, true);
    machine_key(m, KEY_DELETE, true);
    machine_key(m, KEY_DELETE, false);
    machine_key(m, KEY_LALT, false);
    machine_key(m, KEY_LCTRL, false);
}

int fe_disk_led(FeDiskLed *led, Machine *m, double now, double hold)
{
    unsigned long long c = machine_disk_activity(m);
    if (c != led->last_count) {
        led->last_count = c;
        led->last_change = now;
    }
    return led->last_change > 0 && now - led->last_change < hold;
}

Frontend *fe_new(const char *name, size_t priv_size,
                 int (*init)(Frontend *, Machine *, const FrontendOptions *,
                             char *, size_t),
                 bool (*poll)(Frontend *),
                 void (*message)(Frontend *, const char *),
                 void (*shutdown)(Frontend *))
{
    Frontend *fe = calloc(1, sizeof *fe);
    void *priv = priv_size ? calloc(1, priv_size) : NULL;
    if (!fe || (priv_size && !priv)) {
        free(fe);
        free(priv);
        return NULL;
    }
    fe->name = name;
    fe->init = init;
    fe->poll = poll;
    fe->message = message;
    fe->shutdown = shutdown;
    fe->priv = priv;
    return fe;
}

void fe_free(Frontend *fe)
{
    if (!fe)
        return;
    free(fe->priv);
    free(fe);
}
