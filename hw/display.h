/*
 * hw/display.h — what a front end sees of the video output.
 *
 * The video adapter renders into a DisplayBuffer of 32-bit 0x00RRGGBB
 * pixels and describes the text screen in a TextScreen (for scripts, the
 * terminal display and the debugger).  Front ends never read VGA registers.
 */
#ifndef PX86_HW_DISPLAY_H
#define PX86_HW_DISPLAY_H

#include <stdbool.h>
#include <stdint.h>

#define DISPLAY_MAX_W 2048
#define DISPLAY_MAX_H 1536

typedef struct DisplayBuffer {
    uint32_t *pixels; /* width*height, 0x00RRGGBB, row stride = width */
    int width, height;
    /* Aspect the picture should be shown at (4:3 for VGA modes) as
     * aspect_num/aspect_den of width/height; 0/0 means square pixels. */
    int aspect_num, aspect_den;
    /* Rows changed since the front end last cleared them (inclusive). */
    int dirty_y0, dirty_y1;
    uint32_t mode_generation; /* bumped whenever width/height change */
} DisplayBuffer;

#define TEXT_MAX_COLS 132
#define TEXT_MAX_ROWS 60

typedef struct TextScreen {
    bool text_mode; /* false in graphics modes (cells are then empty) */
    int cols, rows;
    /* cell = character (code page 437) | attribute << 8 */
    uint16_t cells[TEXT_MAX_COLS * TEXT_MAX_ROWS];
    int cursor_x, cursor_y;
    bool cursor_visible;
} TextScreen;

#endif
