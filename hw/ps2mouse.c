/*
 * hw/ps2mouse.c — PS/2 mouse: the command set (reset, stream/remote/wrap
 * modes, sample rate, resolution, scaling, status, read data, enable /
 * disable, identify), IntelliMouse detection (sample rates 200,100,80 ->
 * ID 3 with a wheel byte; 200,200,80 -> ID 4 with buttons 4/5), and
 * packets built from accumulated host motion.
 *
 * References: IBM PS/2 Hardware Interface Technical Reference, "Pointing
 * device": commands E6h-FFh, the 3-byte data packet (byte 0: Y overflow,
 * X overflow, Y sign, X sign, 1, middle, right, left), status request
 * bytes, 2:1 scaling table; Microsoft IntelliMouse protocol notes for the
 * 4th byte.
 */
#include "hw/ps2mouse.h"

#include <stdlib.h>
#include <string.h>

struct Ps2Mouse {
    Bus *bus;
    ps2_notify_fn notify;
    void *ctrl;
    Ps2Queue q;
    uint8_t rate, resolution, scaling21, remote, wrap, enabled, id;
    uint8_t pending_cmd, last_sent;
    uint8_t rate_hist[3];
    uint8_t buttons, buttons_sent;
    int32_t acc_dx, acc_dy, acc_dz; /* dy with Y up */
};

static const StateField mouse_fields[] = {
    STATE_BYTES(Ps2Mouse, q), STATE_INT(Ps2Mouse, rate),
    STATE_INT(Ps2Mouse, resolution), STATE_INT(Ps2Mouse, scaling21),
    STATE_INT(Ps2Mouse, remote), STATE_INT(Ps2Mouse, wrap),
    STATE_INT(Ps2Mouse, enabled), STATE_INT(Ps2Mouse, id),
    STATE_INT(Ps2Mouse, pending_cmd), STATE_INT(Ps2Mouse, last_sent),
    STATE_ARRAY(Ps2Mouse, rate_hist), STATE_INT(Ps2Mouse, buttons),
    STATE_INT(Ps2Mouse, buttons_sent), STATE_INT(Ps2Mouse, acc_dx),
    STATE_INT(Ps2Mouse, acc_dy), STATE_INT(Ps2Mouse, acc_dz), STATE_END,
};

static void notify(Ps2Mouse *m)
{
    if (m->notify)
        m->notify(m->ctrl);
}

static int32_t clamp32(int32_t v, int32_t lo, int32_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* 2:1 scaling (applies to stream reports). */
static int32_t scale21(int32_t v)
{
    static const int32_t small[6] = {0, 1, 1, 3, 6, 9};
    int32_t a = v < 0 ? -v : v;
    int32_t s = a < 6 ? small[a] : 2 * a;
    return v < 0 ? -s : s;
}

static unsigned packet_size(const Ps2Mouse *m) { return m->id ? 4u : 3u; }

/* Build one packet from the accumulators (subtracting what it carries). */
static void queue_packet(Ps2Mouse *m, bool scaled)
{
    if (ps2q_free(&m->q) < packet_size(m))
        return;
    int32_t dx = clamp32(m->acc_dx, -256, 255);
    int32_t dy = clamp32(m->acc_dy, -256, 255);
    m->acc_dx -= dx;
    m->acc_dy -= dy;
    uint8_t b0 = (uint8_t)(0x08u | (m->buttons & 7u));
    if (scaled && m->scaling21) {
        dx = scale21(dx);
        dy = scale21(dy);
    }
    if (dx < -256 || dx > 255)
        b0 |= 0x40; /* X overflow */
    if (dy < -256 || dy > 255)
        b0 |= 0x80; /* Y overflow */
    dx = clamp32(dx, -256, 255);
    dy = clamp32(dy, -256, 255);
    if (dx < 0)
        b0 |= 0x10;
    if (dy < 0)
        b0 |= 0x20;
    ps2q_push(&m->q, b0);
    ps2q_push(&m->q, (uint8_t)dx);
    ps2q_push(&m->q, (uint8_t)dy);
    if (m->id == 3) {
        int32_t dz = clamp32(m->acc_dz, -8, 7);
        m->acc_dz -= dz;
        ps2q_push(&m->q, (uint8_t)dz);
    } else if (m->id == 4) {
        int32_t dz = clamp32(m->acc_dz, -8, 7);
        m->acc_dz -= dz;
        ps2q_push(&m->q, (uint8_t)((dz & 0x0F) | (m->buttons & 0x18u) << 1));
    } else {
        m->acc_dz = 0; /* no wheel reported: nothing to carry */
    }
    m->buttons_sent = m->buttons;
}

static bool has_news(const Ps2Mouse *m)
{
    return m->acc_dx || m->acc_dy || (m->id && m->acc_dz) ||
           m->buttons != m->buttons_sent;
}

/* Stream mode: one packet at a time, the next when the previous went. */
static void stream(Ps2Mouse *m)
{
    if (m->enabled && !m->remote && !m->wrap && m->q.count == 0 && has_news(m))
        queue_packet(m, true);
}

void ps2mouse_motion(Ps2Mouse *m, int dx, int dy, int dz, unsigned buttons)
{
    /* Saturate the accumulators: a runaway host cannot overflow them. */
    m->acc_dx = clamp32(m->acc_dx + clamp32(dx, -65536, 65536), -1000000, 1000000);
    m->acc_dy = clamp32(m->acc_dy - clamp32(dy, -65536, 65536), -1000000, 1000000);
    m->acc_dz = clamp32(m->acc_dz + clamp32(dz, -65536, 65536), -1000000, 1000000);
    m->buttons = (uint8_t)(buttons & 0x1Fu);
    if (!m->enabled || m->remote) {
        if (!m->remote) /* disabled: motion is not recorded */
            m->acc_dx = m->acc_dy = m->acc_dz = 0;
        return;
    }
    stream(m);
    notify(m);
}

static void respond(Ps2Mouse *m, uint8_t b) { ps2q_push(&m->q, b); }

static void set_defaults(Ps2Mouse *m)
{
    m->rate = 100;
    m->resolution = 2;
    m->scaling21 = 0;
    m->remote = 0;
    m->enabled = 0;
}

static void clear_motion(Ps2Mouse *m)
{
    m->acc_dx = m->acc_dy = m->acc_dz = 0;
    m->buttons_sent = m->buttons;
}

static void set_rate(Ps2Mouse *m, uint8_t rate)
{
    m->rate = rate;
    m->rate_hist[0] = m->rate_hist[1];
    m->rate_hist[1] = m->rate_hist[2];
    m->rate_hist[2] = rate;
    if (m->rate_hist[0] == 200 && m->rate_hist[1] == 100 && m->rate_hist[2] == 80)
        m->id = 3;
    else if (m->id == 3 && m->rate_hist[0] == 200 && m->rate_hist[1] == 200 &&
             m->rate_hist[2] == 80)
        m->id = 4;
}

static void command(Ps2Mouse *m, uint8_t b)
{
    switch (b) {
    case 0xFF: /* reset */
        ps2q_clear(&m->q);
        set_defaults(m);
        m->id = 0;
        m->wrap = 0;
        memset(m->rate_hist, 0, sizeof m->rate_hist);
        clear_motion(m);
        respond(m, 0xFA);
        respond(m, 0xAA);
        respond(m, 0x00);
        break;
    case 0xFE:
        respond(m, m->last_sent);
        break;
    case 0xF6:
        set_defaults(m);
        clear_motion(m);
        respond(m, 0xFA);
        break;
    case 0xF5:
        m->enabled = 0;
        ps2q_clear(&m->q);
        clear_motion(m);
        respond(m, 0xFA);
        break;
    case 0xF4:
        m->enabled = 1;
        clear_motion(m);
        respond(m, 0xFA);
        break;
    case 0xF3: /* sample rate: argument follows */
    case 0xE8: /* resolution: argument follows */
        m->pending_cmd = b;
        respond(m, 0xFA);
        break;
    case 0xF2:
        respond(m, 0xFA);
        respond(m, m->id);
        break;
    case 0xF0:
        m->remote = 1;
        clear_motion(m);
        respond(m, 0xFA);
        break;
    case 0xEE:
        m->wrap = 1;
        respond(m, 0xFA);
        break;
    case 0xEC:
        m->wrap = 0;
        respond(m, 0xFA);
        break;
    case 0xEB: /* read data */
        respond(m, 0xFA);
        queue_packet(m, false);
        break;
    case 0xEA:
        m->remote = 0;
        clear_motion(m);
        respond(m, 0xFA);
        break;
    case 0xE9: /* status request */
        respond(m, 0xFA);
        respond(m, (uint8_t)((m->remote ? 0x40 : 0) | (m->enabled ? 0x20 : 0) |
                             (m->scaling21 ? 0x10 : 0) | (m->buttons & 1u ? 4 : 0) |
                             (m->buttons & 4u ? 2 : 0) | (m->buttons & 2u ? 1 : 0)));
        respond(m, m->resolution);
        respond(m, m->rate);
        break;
    case 0xE7:
        m->scaling21 = 1;
        respond(m, 0xFA);
        break;
    case 0xE6:
        m->scaling21 = 0;
        respond(m, 0xFA);
        break;
    default:
        respond(m, 0xFE);
        break;
    }
}

void ps2mouse_write(Ps2Mouse *m, uint8_t b)
{
    uint8_t cmd = m->pending_cmd;
    m->pending_cmd = 0;
    if (cmd == 0xF3) {
        set_rate(m, b);
        respond(m, 0xFA);
    } else if (cmd == 0xE8) {
        if (b <= 3) {
            m->resolution = b;
            respond(m, 0xFA);
        } else {
            respond(m, 0xFE);
        }
    } else if (m->wrap && b != 0xFF && b != 0xEC) {
        respond(m, b); /* wrap mode echoes */
    } else {
        command(m, b);
    }
    notify(m);
}

bool ps2mouse_pending(const Ps2Mouse *m) { return m->q.count != 0; }

uint8_t ps2mouse_read(Ps2Mouse *m)
{
    int b = ps2q_pop(&m->q);
    if (b < 0)
        return 0;
    m->last_sent = (uint8_t)b;
    if (m->q.count == 0)
        stream(m); /* the next packet of accumulated motion */
    return (uint8_t)b;
}

void ps2mouse_attach(Ps2Mouse *m, ps2_notify_fn fn, void *ctrl)
{
    m->notify = fn;
    m->ctrl = ctrl;
}

void ps2mouse_reset(Ps2Mouse *m)
{
    ps2q_clear(&m->q);
    set_defaults(m);
    m->id = 0;
    m->wrap = 0;
    m->pending_cmd = 0;
    memset(m->rate_hist, 0, sizeof m->rate_hist);
    m->buttons = 0;
    clear_motion(m);
}

Ps2Mouse *ps2mouse_create(Bus *bus)
{
    Ps2Mouse *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->bus = bus;
    ps2mouse_reset(m);
    return m;
}

void ps2mouse_destroy(Ps2Mouse *m) { free(m); }

int ps2mouse_save(Ps2Mouse *m, StateWriter *w)
{
    return state_save_fields(w, "ps2mouse", 1, m, mouse_fields);
}

int ps2mouse_load(Ps2Mouse *m, StateReader *r)
{
    if (state_load_fields(r, "ps2mouse", 1, m, mouse_fields))
        return -1;
    ps2q_sanitize(&m->q);
    if (m->id != 3 && m->id != 4)
        m->id = 0;
    m->resolution &= 3u;
    notify(m);
    return 0;
}

static void dev_reset(void *s) { ps2mouse_reset(s); }
static int dev_save(void *s, StateWriter *w) { return ps2mouse_save(s, w); }
static int dev_load(void *s, StateReader *r) { return ps2mouse_load(s, r); }
static void dev_destroy(void *s) { ps2mouse_destroy(s); }

Device ps2mouse_device(Ps2Mouse *m)
{
    return (Device){"ps2mouse", m, dev_reset, dev_save, dev_load, dev_destroy};
}
