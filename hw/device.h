/*
 * hw/device.h — the common shape of every device, and save/load of state.
 *
 * Every device file in hw/ has the same shape:
 *   Foo *foo_create(Bus *bus, const FooConfig *cfg);  // registers ports,
 *                                                      // memory, events
 *   void foo_reset(Foo *foo);                          // power-on state
 *   port / memory handlers, timer callbacks (static)
 *   foo_save / foo_load via a StateField table
 *   void foo_destroy(Foo *foo);
 * and exposes a `Device` descriptor so the machine can reset, save and load
 * all devices uniformly.
 *
 * Save state is declarative: a device lists its fields once (name, offset,
 * size) under a section name and version.  Values are stored little-endian
 * regardless of host byte order.
 */
#ifndef PX86_HW_DEVICE_H
#define PX86_HW_DEVICE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct StateField {
    const char *name;
    size_t offset;
    unsigned elem_size; /* 1, 2, 4, 8 (integers) or 0 for raw bytes */
    unsigned count;     /* array length (bytes when elem_size == 0) */
} StateField;

#define STATE_INT(type, field) \
    {#field, offsetof(type, field), sizeof(((type *)0)->field), 1}
#define STATE_ARRAY(type, field)                                      \
    {#field, offsetof(type, field), sizeof(((type *)0)->field[0]),    \
     sizeof(((type *)0)->field) / sizeof(((type *)0)->field[0])}
#define STATE_BYTES(type, field) \
    {#field, offsetof(type, field), 0, sizeof(((type *)0)->field)}
#define STATE_END {NULL, 0, 0, 0}

typedef struct StateWriter {
    FILE *f;
    int error;
} StateWriter;

typedef struct StateReader {
    FILE *f;
    int error;
} StateReader;

/* Write/read one section: tag, version, then each field. */
int state_save_fields(StateWriter *w, const char *section, uint32_t version,
                      const void *obj, const StateField *fields);
/* Returns 0, or -1 on mismatch (wrong section, version newer than
 * max_version, short file). */
int state_load_fields(StateReader *r, const char *section,
                      uint32_t max_version, void *obj,
                      const StateField *fields);
/* Raw blobs (RAM, disk overlays). */
int state_put_blob(StateWriter *w, const void *data, uint64_t len);
int state_get_blob(StateReader *r, void *data, uint64_t len);

typedef struct Device {
    const char *name;
    void *self;
    void (*reset)(void *self);
    int (*save)(void *self, StateWriter *w);
    int (*load)(void *self, StateReader *r);
    void (*destroy)(void *self);
} Device;

#endif
