/*
 * frontend/frontend_select.c — frontend_sdl() for builds without SDL2
 * (configure --disable-sdl or SDL2 missing): the Makefile then drops
 * frontend/sdl*.c, and the main loop falls back to curses or none.
 */
#include "config.h"

#include "frontend/frontend.h"

#if !PX86_HAVE_SDL
Frontend *frontend_sdl(void) { return NULL; }
#endif
