/*
 * frontend/sdl_keymap.h — SDL2 scancodes (USB HID usage positions, i.e.
 * physical keys) to px86 KeyCodes.  Only built with SDL2.
 */
#ifndef PX86_FRONTEND_SDL_KEYMAP_H
#define PX86_FRONTEND_SDL_KEYMAP_H

#include <SDL.h>

#include "hw/keycodes.h"

/* KEY_NONE for keys a PC/AT keyboard does not have. */
KeyCode sdl_scancode_to_key(SDL_Scancode sc);

/* The table itself, indexed by scancode (KEY_NONE = unmapped). */
extern const KeyCode sdl_keymap[SDL_NUM_SCANCODES];

#endif
