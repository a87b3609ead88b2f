/*
 * hw/device.c — declarative save/load of device state (see device.h).
 */
#include "hw/device.h"

#include <string.h>

static int put_u32(StateWriter *w, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                    (uint8_t)(v >> 24)};
    if (fwrite(b, 1, 4, w->f) != 4)
        w->error = 1;
    return w->error ? -1 : 0;
}

static int get_u32(StateReader *r, uint32_t *v)
{
    uint8_t b[4];
    if (fread(b, 1, 4, r->f) != 4) {
        r->error = 1;
        return -1;
    }
    *v = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
         ((uint32_t)b[3] << 24);
    return 0;
}

static uint64_t load_int(const uint8_t *p, unsigned size)
{
    switch (size) {
    case 1: return *p;
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static void store_int(uint8_t *p, unsigned size, uint64_t v)
{
    switch (size) {
    case 1: *p = (uint8_t)v; break;
    case 2: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
    case 4: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
    default: memcpy(p, &v, 8); break;
    }
}

int state_save_fields(StateWriter *w, const char *section, uint32_t version,
                      const void *obj, const StateField *fields)
{
    uint32_t len = (uint32_t)strlen(section);
    put_u32(w, len);
    if (fwrite(section, 1, len, w->f) != len)
        w->error = 1;
    put_u32(w, version);
    const uint8_t *base = obj;
    for (const StateField *f = fields; f->name; f++) {
        const uint8_t *p = base + f->offset;
        if (f->elem_size == 0) {
            if (fwrite(p, 1, f->count, w->f) != f->count)
                w->error = 1;
            continue;
        }
        for (unsigned i = 0; i < f->count; i++) {
            uint64_t v = load_int(p + (size_t)i * f->elem_size, f->elem_size);
            put_u32(w, (uint32_t)v);
            if (f->elem_size == 8)
                put_u32(w, (uint32_t)(v >> 32));
        }
    }
    return w->error ? -1 : 0;
}

int state_load_fields(StateReader *r, const char *section,
                      uint32_t max_version, void *obj,
                      const StateField *fields)
{
    uint32_t len, version;
    char name[64];
    if (get_u32(r, &len) || len >= sizeof name)
        return -1;
    if (fread(name, 1, len, r->f) != len)
        return -1;
    name[len] = 0;
    if (strcmp(name, section) != 0)
        return -1;
    if (get_u32(r, &version) || version > max_version)
        return -1;
    uint8_t *base = obj;
    for (const StateField *f = fields; f->name; f++) {
        uint8_t *p = base + f->offset;
        if (f->elem_size == 0) {
            if (fread(p, 1, f->count, r->f) != f->count)
                return -1;
            continue;
        }
        for (unsigned i = 0; i < f->count; i++) {
            uint32_t lo, hi = 0;
            if (get_u32(r, &lo))
                return -1;
            if (f->elem_size == 8 && get_u32(r, &hi))
                return -1;
            store_int(p + (size_t)i * f->elem_size, f->elem_size,
                      ((uint64_t)hi << 32) | lo);
        }
    }
    return 0;
}

int state_put_blob(StateWriter *w, const void *data, uint64_t len)
{
    put_u32(w, (uint32_t)len);
    put_u32(w, (uint32_t)(len >> 32));
    if (len && fwrite(data, 1, (size_t)len, w->f) != len)
        w->error = 1;
    return w->error ? -1 : 0;
}

int state_get_blob(StateReader *r, void *data, uint64_t len)
{
    uint32_t lo, hi;
    if (get_u32(r, &lo) || get_u32(r, &hi))
        return -1;
    if ((((uint64_t)hi << 32) | lo) != len)
        return -1;
    if (len && fread(data, 1, (size_t)len, r->f) != len)
        return -1;
    return 0;
}
