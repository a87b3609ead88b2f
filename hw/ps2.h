/*
 * hw/ps2.h — what the 8042 controller and the PS/2 devices share: a
 * bounded byte queue, the "device has data" notification, and the 8042's
 * scancode set 2 -> set 1 translation (defined in hw/ps2kbd.c, which also
 * uses it to produce set 1 directly).
 *
 * Wiring: i8042_create(bus, kbd, mouse) attaches itself to both devices
 * (ps2kbd_attach / ps2mouse_attach); bytes from the guest to a device go
 * through ps2kbd_write / ps2mouse_write; the controller pulls device bytes
 * with *_read when its output buffer is free.
 */
#ifndef PX86_HW_PS2_H
#define PX86_HW_PS2_H

#include <stdbool.h>
#include <stdint.h>

#define PS2_QUEUE_SIZE 256

typedef struct Ps2Queue {
    uint8_t data[PS2_QUEUE_SIZE];
    uint16_t head, count;
} Ps2Queue;

static inline void ps2q_clear(Ps2Queue *q) { q->head = q->count = 0; }
static inline unsigned ps2q_free(const Ps2Queue *q) { return PS2_QUEUE_SIZE - q->count; }
static inline bool ps2q_push(Ps2Queue *q, uint8_t b)
{
    if (q->count >= PS2_QUEUE_SIZE)
        return false;
    q->data[(q->head + q->count) % PS2_QUEUE_SIZE] = b;
    q->count++;
    return true;
}
static inline int ps2q_pop(Ps2Queue *q)
{
    if (!q->count)
        return -1;
    uint8_t b = q->data[q->head];
    q->head = (uint16_t)((q->head + 1) % PS2_QUEUE_SIZE);
    q->count--;
    return b;
}
/* After loading state: indices back in range. */
static inline void ps2q_sanitize(Ps2Queue *q)
{
    q->head %= PS2_QUEUE_SIZE;
    if (q->count > PS2_QUEUE_SIZE)
        q->count = 0;
}

/* The device queued bytes for the controller. */
typedef void (*ps2_notify_fn)(void *ctrl);

/* 8042 translation of one set 2 byte (not F0, which the controller folds
 * into the following byte as bit 7). */
uint8_t ps2_translate_set2(uint8_t b);

#endif
