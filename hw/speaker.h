/*
 * hw/speaker.h — system control port B (0x61) and the PC speaker.
 *
 * Port 0x61: bit 0 gates PIT channel 2, bit 1 enables the speaker data,
 * bits 2/3 parity/IOCHK check enables (stored), bit 4 the DRAM refresh
 * toggle (flips every ~15 us of guest time), bit 5 PIT channel 2 OUT.
 * The speaker cone follows (bit 1 AND channel 2 OUT); speaker_samples()
 * renders it as audio for the guest time elapsed since the last call,
 * replaying every port 0x61 write and channel 2 reprogramming at its guest
 * time (a bounded log), so PWM tricks and tunes come out right.
 */
#ifndef PX86_HW_SPEAKER_H
#define PX86_HW_SPEAKER_H

#include <stddef.h>
#include <stdint.h>

#include "hw/bus.h"
#include "hw/device.h"
#include "hw/pit.h"

typedef struct Speaker Speaker;

Speaker *speaker_create(Bus *bus, Pit *pit);
void speaker_reset(Speaker *sp);
void speaker_destroy(Speaker *sp);
Device speaker_device(Speaker *sp);
int speaker_save(Speaker *sp, StateWriter *w);
int speaker_load(Speaker *sp, StateReader *r);

/* Fill up to `frames` mono samples at `rate` Hz covering the guest time
 * since the previous call (older time is dropped if it does not fit);
 * returns the number written.  The first call only starts the clock. */
size_t speaker_samples(Speaker *sp, int16_t *out, size_t frames, unsigned rate);
/* Current cone level (bit 1 AND PIT channel 2 OUT). */
bool speaker_level(Speaker *sp);

#endif
