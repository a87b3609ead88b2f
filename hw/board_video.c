/*
 * hw/board_video.c — creates and wires the video device group into the machine
 * (see hw/machine_internal.h).  Placeholder until the device group lands:
 * it creates nothing.
 */
#include "hw/machine_internal.h"

int machine_board_video(Machine *m, char *err, size_t errlen)
{
    (void)m;
    (void)err;
    (void)errlen;
    return 0;
}
