/*
 * frontend/frontend.h — the interface between the main loop and a display
 * front end (SDL2 window, terminal, headless).
 *
 * The main loop (frontend/main.c) owns the Machine and runs it in slices;
 * between slices it calls the active front end's poll() at about 60 Hz of
 * host time.  A front end draws machine_render()/machine_text_screen() and
 * feeds input through machine_key()/machine_mouse(); it never touches
 * devices.
 */
#ifndef PX86_FRONTEND_FRONTEND_H
#define PX86_FRONTEND_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/machine.h"

typedef struct FrontendOptions {
    bool square_pixels;   /* -display sdl,aspect=square */
    bool integer_scale;   /* -display sdl,scale=integer */
    bool fullscreen;      /* -full-screen */
    bool audio;           /* PC speaker through the host (default on) */
    const char *screenshot_dir; /* where the screenshot hotkey writes PNGs */
} FrontendOptions;

typedef struct Frontend Frontend;
struct Frontend {
    const char *name;
    /* 0 on success; on failure a one-line reason in err (the caller then
     * falls back: sdl -> curses (if a terminal) -> none). */
    int (*init)(Frontend *fe, Machine *m, const FrontendOptions *opt,
                char *err, size_t errlen);
    /* Draw what changed and handle host input.  Returns false when the
     * user asked to quit. */
    bool (*poll)(Frontend *fe);
    /* Show a one-line status/message (e.g. "paused", errors). */
    void (*message)(Frontend *fe, const char *text);
    void (*shutdown)(Frontend *fe);
    void *priv;
};

/* Constructors; each returns a Frontend whose init() still has to be
 * called.  frontend_sdl() returns NULL when built without SDL2. */
Frontend *frontend_sdl(void);
Frontend *frontend_curses(void);
Frontend *frontend_headless(void);

/* PNG writer used by screenshots (frontend/png.c): 0 or -1. */
int png_write_rgb(const char *path, const uint32_t *pixels, int width,
                  int height);

#endif
