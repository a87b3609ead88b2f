/*
 * hw/board_video.c — creates and wires the video device group into the
 * machine (see hw/machine_internal.h): the VGA adapter with its DISPI/VBE
 * extension and linear framebuffer (hw/vga.c).  The VGA BIOS ROM itself is
 * mapped at C0000 by hw/machine.c (load_vgabios).
 */
#include <stdio.h>

#include "hw/machine_internal.h"
#include "hw/vga.h"

static const DisplayBuffer *video_render(void *video)
{
    return vga_render(video);
}

static void video_text_screen(void *video, TextScreen *out)
{
    vga_text_screen(video, out);
}

int machine_board_video(Machine *m, char *err, size_t errlen)
{
    Vga *vga = vga_create(&m->bus);
    if (!vga) {
        snprintf(err, errlen, "cannot create the VGA adapter (ports 3B0h-3DFh/"
                              "1CEh, memory A0000h or E0000000h taken)");
        return -1;
    }
    if (machine_add_device(m, vga_device(vga))) {
        vga_destroy(vga);
        snprintf(err, errlen, "too many devices");
        return -1;
    }
    m->hooks.video = vga;
    m->hooks.render = video_render;
    m->hooks.text_screen = video_text_screen;
    return 0;
}
