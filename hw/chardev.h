/*
 * hw/chardev.h — host-side byte streams behind serial, parallel and debug
 * ports.
 *
 * Owns: the host end of a character device: stdio, a file, a
 * pseudo-terminal, a TCP socket on 127.0.0.1, or nothing.  Devices write
 * guest output bytes and poll for input; observers ("taps") see every
 * output byte, which is how scripts wait for serial text.
 *
 * Specs (as on the command line): "none", "null", "stdio", "file:PATH",
 * "pty", "tcp:[HOST]:PORT[,server][,nowait]".
 */
#ifndef PX86_HW_CHARDEV_H
#define PX86_HW_CHARDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct CharDev CharDev;
typedef void (*chardev_tap_fn)(void *opaque, const uint8_t *data, size_t len);

/* Returns NULL and fills err on a bad spec or an unopenable target. */
CharDev *chardev_open(const char *spec, char *err, size_t errlen);
void chardev_close(CharDev *cd);
void chardev_write(CharDev *cd, const uint8_t *data, size_t len);
/* Non-blocking: returns bytes read (0 if none). */
size_t chardev_read(CharDev *cd, uint8_t *buf, size_t len);
/* Push bytes to be returned by chardev_read (script input, tests). */
void chardev_inject(CharDev *cd, const uint8_t *data, size_t len);
void chardev_add_tap(CharDev *cd, chardev_tap_fn fn, void *opaque);
/* Description for messages, e.g. "pty /dev/pts/3". */
const char *chardev_describe(const CharDev *cd);

#endif
