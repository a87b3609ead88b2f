/*
 * hw/ps2kbd.c — PS/2 MF2 keyboard: scancode generation (sets 1, 2 and 3,
 * including the Print Screen and Pause sequences of sets 1/2 and the
 * per-key types of set 3), the keyboard command set, typematic repeat in
 * guest time, a bounded output buffer with the overrun code, and the 8042
 * set 2 -> set 1 translation table.
 *
 * References: IBM PS/2 Hardware Interface Technical Reference, "Keyboard
 * and auxiliary device controller" / "Keyboard": commands EDh..FFh,
 * typematic rate/delay encoding (period = (8 + A) * 2^B * 4.17 ms,
 * delay = (1 + D) * 250 ms), the scan code tables for sets 1, 2 and 3,
 * and the buffer-overrun code (00h in sets 2 and 3, FFh in set 1).
 *
 * Set 3 (F0h 03h): one byte per key, break = F0h + make, and each key has
 * a type -- typematic/make/break, typematic (make and repeat, no break),
 * make/break (no repeat) or make only -- set for all keys by F7h-FAh or
 * for a list of keys by FBh-FDh.  The list after FBh-FDh is set 3 make
 * codes, each acknowledged, and it ends at the next command byte
 * (EDh-FFh), which is then executed.  Types matter in set 3 only.
 * Simplification: every key starts as typematic/make/break (the FAh
 * state) instead of IBM's per-key power-on defaults; drivers that use set
 * 3 (Linux atkbd) send FAh or their own F7h-FDh setup anyway.
 *
 * Command responses go ahead of queued scan codes (the keyboard answers a
 * command before resuming its buffer).  Repeats are only generated while
 * the host keeps up (fewer than REPEAT_BACKLOG bytes waiting), so a guest
 * that stops reading gets no flood of repeats.
 */
#include "hw/ps2kbd.h"

#include <stdlib.h>
#include <string.h>

#define REPEAT_BACKLOG 16
#define DEFAULT_TYPEMATIC 0x2B /* 10.9 cps, 500 ms */
#define KBD_STATE_VERSION 2    /* 2: scan set 3 and per-key types */

/* Set 3 key types.  0 is the default so a cleared array is the default. */
enum {
    KT_TYPEMATIC_MAKE_BREAK = 0,
    KT_TYPEMATIC = 1,  /* make codes and repeats, no break */
    KT_MAKE_BREAK = 2, /* no repeat */
    KT_MAKE = 3,       /* make code only */
};

/* Key type set by commands F7h..FDh (F7h-FAh: all keys; FBh-FDh: the
 * keys listed after the command). */
static const uint8_t key_type_of_command[7] = {
    KT_TYPEMATIC, KT_MAKE_BREAK, KT_MAKE, KT_TYPEMATIC_MAKE_BREAK,
    KT_TYPEMATIC, KT_MAKE_BREAK, KT_MAKE,
};

static bool type_has_break(uint8_t t)
{
    return t == KT_TYPEMATIC_MAKE_BREAK || t == KT_MAKE_BREAK;
}

static bool type_repeats(uint8_t t)
{
    return t == KT_TYPEMATIC_MAKE_BREAK || t == KT_TYPEMATIC;
}

/* 8042 translation of set 2 codes 00h-7Fh to set 1 (codes 80h and up
 * pass through except 83h (F7) and 84h (Alt+SysRq)). */
static const uint8_t set2_to_set1[128] = {
    [0x00] = 0xFF, [0x01] = 0x43, [0x02] = 0x41, [0x03] = 0x3F, [0x04] = 0x3D,
    [0x05] = 0x3B, [0x06] = 0x3C, [0x07] = 0x58, [0x08] = 0x64, [0x09] = 0x44,
    [0x0A] = 0x42, [0x0B] = 0x40, [0x0C] = 0x3E, [0x0D] = 0x0F, [0x0E] = 0x29,
    [0x0F] = 0x59, [0x10] = 0x65, [0x11] = 0x38, [0x12] = 0x2A, [0x13] = 0x70,
    [0x14] = 0x1D, [0x15] = 0x10, [0x16] = 0x02, [0x17] = 0x5A, [0x18] = 0x66,
    [0x19] = 0x71, [0x1A] = 0x2C, [0x1B] = 0x1F, [0x1C] = 0x1E, [0x1D] = 0x11,
    [0x1E] = 0x03, [0x1F] = 0x5B, [0x20] = 0x67, [0x21] = 0x2E, [0x22] = 0x2D,
    [0x23] = 0x20, [0x24] = 0x12, [0x25] = 0x05, [0x26] = 0x04, [0x27] = 0x5C,
    [0x28] = 0x68, [0x29] = 0x39, [0x2A] = 0x2F, [0x2B] = 0x21, [0x2C] = 0x14,
    [0x2D] = 0x13, [0x2E] = 0x06, [0x2F] = 0x5D, [0x30] = 0x69, [0x31] = 0x31,
    [0x32] = 0x30, [0x33] = 0x23, [0x34] = 0x22, [0x35] = 0x15, [0x36] = 0x07,
    [0x37] = 0x5E, [0x38] = 0x6A, [0x39] = 0x72, [0x3A] = 0x32, [0x3B] = 0x24,
    [0x3C] = 0x16, [0x3D] = 0x08, [0x3E] = 0x09, [0x3F] = 0x5F, [0x40] = 0x6B,
    [0x41] = 0x33, [0x42] = 0x25, [0x43] = 0x17, [0x44] = 0x18, [0x45] = 0x0B,
    [0x46] = 0x0A, [0x47] = 0x60, [0x48] = 0x6C, [0x49] = 0x34, [0x4A] = 0x35,
    [0x4B] = 0x26, [0x4C] = 0x27, [0x4D] = 0x19, [0x4E] = 0x0C, [0x4F] = 0x61,
    [0x50] = 0x6D, [0x51] = 0x73, [0x52] = 0x28, [0x53] = 0x74, [0x54] = 0x1A,
    [0x55] = 0x0D, [0x56] = 0x62, [0x57] = 0x6E, [0x58] = 0x3A, [0x59] = 0x36,
    [0x5A] = 0x1C, [0x5B] = 0x1B, [0x5C] = 0x75, [0x5D] = 0x2B, [0x5E] = 0x63,
    [0x5F] = 0x76, [0x60] = 0x55, [0x61] = 0x56, [0x62] = 0x77, [0x63] = 0x78,
    [0x64] = 0x79, [0x65] = 0x7A, [0x66] = 0x0E, [0x67] = 0x7B, [0x68] = 0x7C,
    [0x69] = 0x4F, [0x6A] = 0x7D, [0x6B] = 0x4B, [0x6C] = 0x47, [0x6D] = 0x7E,
    [0x6E] = 0x7F, [0x6F] = 0x6F, [0x70] = 0x52, [0x71] = 0x53, [0x72] = 0x50,
    [0x73] = 0x4C, [0x74] = 0x4D, [0x75] = 0x48, [0x76] = 0x01, [0x77] = 0x45,
    [0x78] = 0x57, [0x79] = 0x4E, [0x7A] = 0x51, [0x7B] = 0x4A, [0x7C] = 0x37,
    [0x7D] = 0x49, [0x7E] = 0x46, [0x7F] = 0x54,
};

uint8_t ps2_translate_set2(uint8_t b)
{
    if (b < 0x80)
        return set2_to_set1[b];
    if (b == 0x83)
        return 0x41; /* F7 */
    if (b == 0x84)
        return 0x54; /* Alt+SysRq */
    return b;
}

struct Ps2Kbd {
    Bus *bus;
    ps2_notify_fn notify;
    void *ctrl;
    Ps2Queue resp; /* command responses, sent first */
    Ps2Queue keys; /* scan codes */
    uint8_t scan_set;
    uint8_t enabled;
    uint8_t leds;
    uint8_t typematic;
    uint8_t pending_cmd;
    uint8_t last_sent;
    uint8_t overrun;
    uint8_t down[KEY_COUNT];
    uint8_t key_type[KEY_COUNT]; /* set 3: KT_* */
    uint16_t repeat_key;
    SchedEvent repeat_ev;
};

static const StateField kbd_fields[] = {
    STATE_BYTES(Ps2Kbd, resp), STATE_BYTES(Ps2Kbd, keys),
    STATE_INT(Ps2Kbd, scan_set), STATE_INT(Ps2Kbd, enabled),
    STATE_INT(Ps2Kbd, leds), STATE_INT(Ps2Kbd, typematic),
    STATE_INT(Ps2Kbd, pending_cmd), STATE_INT(Ps2Kbd, last_sent),
    STATE_INT(Ps2Kbd, overrun), STATE_BYTES(Ps2Kbd, down),
    STATE_INT(Ps2Kbd, repeat_key), STATE_BYTES(Ps2Kbd, key_type), STATE_END,
};

static void notify(Ps2Kbd *k)
{
    if (k->notify)
        k->notify(k->ctrl);
}

static void respond(Ps2Kbd *k, uint8_t b)
{
    ps2q_push(&k->resp, b);
}

static uint64_t repeat_delay_ns(const Ps2Kbd *k)
{
    return (uint64_t)(((k->typematic >> 5) & 3u) + 1) * 250000000u;
}

static uint64_t repeat_period_ns(const Ps2Kbd *k)
{
    unsigned a = k->typematic & 7u, b = (k->typematic >> 3) & 3u;
    return (uint64_t)(8 + a) * (1u << b) * 4170000u;
}

/* Set 2 sequence for a key event; returns its length (0 = nothing). */
static unsigned set2_sequence(const Ps2Kbd *k, KeyCode key, bool down, uint8_t *out)
{
    bool alt = k->down[KEY_LALT] || k->down[KEY_RALT];
    bool ctrl = k->down[KEY_LCTRL] || k->down[KEY_RCTRL];
    bool shift = k->down[KEY_LSHIFT] || k->down[KEY_RSHIFT];
    static const uint8_t pause_make[] = {0xE1, 0x14, 0x77, 0xE1, 0xF0, 0x14, 0xF0, 0x77};
    static const uint8_t break_make[] = {0xE0, 0x7E, 0xE0, 0xF0, 0x7E};
    static const uint8_t prtsc_make[] = {0xE0, 0x12, 0xE0, 0x7C};
    static const uint8_t prtsc_break[] = {0xE0, 0xF0, 0x7C, 0xE0, 0xF0, 0x12};
    const uint8_t *seq = NULL;
    unsigned n = 0;
    if (key == KEY_PAUSE) {
        if (!down)
            return 0; /* Pause has no break code */
        if (ctrl) {
            seq = break_make;
            n = sizeof break_make;
        } else {
            seq = pause_make;
            n = sizeof pause_make;
        }
    } else if (key == KEY_PRINTSCREEN) {
        if (alt) { /* Alt+Print Screen is SysRq: 84 / F0 84 */
            if (down) {
                out[0] = 0x84;
                return 1;
            }
            out[0] = 0xF0;
            out[1] = 0x84;
            return 2;
        }
        if (ctrl || shift) {
            static const uint8_t m[] = {0xE0, 0x7C}, b[] = {0xE0, 0xF0, 0x7C};
            seq = down ? m : b;
            n = down ? sizeof m : sizeof b;
        } else {
            seq = down ? prtsc_make : prtsc_break;
            n = down ? sizeof prtsc_make : sizeof prtsc_break;
        }
    }
    if (seq) {
        memcpy(out, seq, n);
        return n;
    }
    unsigned code = keycode_set2[key];
    if (!code)
        return 0;
    if (code >> 8)
        out[n++] = (uint8_t)(code >> 8);
    if (!down)
        out[n++] = 0xF0;
    out[n++] = (uint8_t)code;
    return n;
}

/* Set 2 -> set 1 the way the 8042 translates (F0 marks a break). */
static unsigned to_set1(const uint8_t *in, unsigned n, uint8_t *out)
{
    unsigned m = 0;
    bool brk = false;
    for (unsigned i = 0; i < n; i++) {
        if (in[i] == 0xF0) {
            brk = true;
            continue;
        }
        if (in[i] == 0xE0 || in[i] == 0xE1) {
            out[m++] = in[i];
            continue;
        }
        out[m++] = (uint8_t)(ps2_translate_set2(in[i]) | (brk ? 0x80 : 0));
        brk = false;
    }
    return m;
}

static void queue_sequence(Ps2Kbd *k, const uint8_t *seq, unsigned n)
{
    if (!n)
        return;
    if (n + 1 > ps2q_free(&k->keys)) {
        /* Buffer full: one overrun code in the reserved last slot. */
        if (!k->overrun && ps2q_free(&k->keys) >= 1) {
            ps2q_push(&k->keys, k->scan_set == 1 ? 0xFF : 0x00);
            k->overrun = 1;
        }
        return;
    }
    for (unsigned i = 0; i < n; i++)
        ps2q_push(&k->keys, seq[i]);
}

/* Set 3: make, or F0 make if the key's type has break codes. */
static unsigned set3_sequence(const Ps2Kbd *k, KeyCode key, bool down, uint8_t *out)
{
    uint8_t code = keycode_set3[key];
    if (!code)
        return 0;
    if (down) {
        out[0] = code;
        return 1;
    }
    if (!type_has_break(k->key_type[key]))
        return 0;
    out[0] = 0xF0;
    out[1] = code;
    return 2;
}

/* Does holding key repeat it in the current set? */
static bool key_repeats(const Ps2Kbd *k, KeyCode key)
{
    if (k->scan_set == 3)
        return keycode_set3[key] && type_repeats(k->key_type[key]);
    return key != KEY_PAUSE; /* sets 1 and 2: all keys but Pause */
}

static void send_key(Ps2Kbd *k, KeyCode key, bool down)
{
    uint8_t s2[16], s1[16];
    if (k->scan_set == 3) {
        queue_sequence(k, s2, set3_sequence(k, key, down, s2));
        return;
    }
    unsigned n = set2_sequence(k, key, down, s2);
    if (k->scan_set == 1) {
        n = to_set1(s2, n, s1);
        queue_sequence(k, s1, n);
    } else {
        queue_sequence(k, s2, n);
    }
}

static void repeat_event(void *opaque, uint64_t now)
{
    Ps2Kbd *k = opaque;
    KeyCode key = (KeyCode)k->repeat_key;
    if (key == KEY_NONE || key >= KEY_COUNT || !k->down[key] || !k->enabled)
        return;
    if (k->keys.count < REPEAT_BACKLOG) {
        send_key(k, key, true);
        notify(k);
    }
    event_schedule(k->bus->sched, &k->repeat_ev, k->repeat_ev.when + repeat_period_ns(k));
}

static void stop_repeat(Ps2Kbd *k)
{
    k->repeat_key = KEY_NONE;
    event_cancel(k->bus->sched, &k->repeat_ev);
}

void ps2kbd_key(Ps2Kbd *k, KeyCode key, bool down)
{
    if (key <= KEY_NONE || key >= KEY_COUNT || !k->enabled)
        return;
    if (down == (k->down[key] != 0))
        return; /* host auto-repeat or a duplicate release */
    k->down[key] = down;
    send_key(k, key, down);
    if (down) {
        if (key_repeats(k, key)) {
            k->repeat_key = (uint16_t)key;
            event_schedule_in(k->bus->sched, &k->repeat_ev, repeat_delay_ns(k));
        } else if (k->scan_set == 3) {
            stop_repeat(k); /* the last key pressed is the one that repeats */
        }
    } else if (k->repeat_key == key) {
        stop_repeat(k);
    }
    notify(k);
}

void ps2kbd_release_all(Ps2Kbd *k)
{
    stop_repeat(k);
    for (int key = 1; key < KEY_COUNT; key++) {
        if (!k->down[key])
            continue;
        k->down[key] = 0;
        if (k->enabled)
            send_key(k, (KeyCode)key, false);
    }
    notify(k);
}

unsigned ps2kbd_leds(const Ps2Kbd *k) { return k->leds; }

static void set_defaults(Ps2Kbd *k)
{
    k->typematic = DEFAULT_TYPEMATIC;
    memset(k->key_type, KT_TYPEMATIC_MAKE_BREAK, sizeof k->key_type);
}

static bool is_key_type_list_command(uint8_t cmd)
{
    return cmd >= 0xFB && cmd <= 0xFD;
}

/* What power-on and the reset command (FFh) both leave: no keys queued
 * or held, default typematic, scan code set 2, LEDs off, scanning on. */
static void reset_state(Ps2Kbd *k)
{
    stop_repeat(k);
    ps2q_clear(&k->keys);
    ps2q_clear(&k->resp);
    memset(k->down, 0, sizeof k->down);
    set_defaults(k);
    k->scan_set = 2;
    k->leds = 0;
    k->enabled = 1;
    k->overrun = 0;
}

static void command(Ps2Kbd *k, uint8_t b)
{
    switch (b) {
    case 0xFF: /* reset and self-test */
        reset_state(k);
        respond(k, 0xFA);
        respond(k, 0xAA); /* BAT passed */
        break;
    case 0xFE: /* resend */
        respond(k, k->last_sent);
        break;
    case 0xF6: /* set defaults */
        stop_repeat(k);
        set_defaults(k);
        respond(k, 0xFA);
        break;
    case 0xF5: /* default and disable */
        stop_repeat(k);
        set_defaults(k);
        ps2q_clear(&k->keys);
        memset(k->down, 0, sizeof k->down);
        k->enabled = 0;
        respond(k, 0xFA);
        break;
    case 0xF4: /* enable */
        ps2q_clear(&k->keys);
        k->overrun = 0;
        k->enabled = 1;
        respond(k, 0xFA);
        break;
    case 0xF3: /* typematic rate/delay: argument follows */
    case 0xF0: /* scan code set: argument follows */
    case 0xED: /* LEDs: argument follows */
        k->pending_cmd = b;
        respond(k, 0xFA);
        break;
    case 0xF2: /* identify: MF2 keyboard */
        respond(k, 0xFA);
        respond(k, 0xAB);
        respond(k, 0x83);
        break;
    case 0xEE: /* echo */
        respond(k, 0xEE);
        break;
    case 0xF7: case 0xF8: case 0xF9: case 0xFA: /* set all keys' type */
        stop_repeat(k);
        memset(k->key_type, key_type_of_command[b - 0xF7], sizeof k->key_type);
        respond(k, 0xFA);
        break;
    case 0xFB: case 0xFC: case 0xFD: /* set listed keys' type: list follows */
        stop_repeat(k);
        k->pending_cmd = b;
        respond(k, 0xFA);
        break;
    default:
        respond(k, 0xFE); /* unknown command */
        break;
    }
}

void ps2kbd_write(Ps2Kbd *k, uint8_t b)
{
    uint8_t cmd = k->pending_cmd;
    k->pending_cmd = 0;
    bool handled = true;
    switch (cmd) {
    case 0xED:
        if (b <= 7) {
            k->leds = b;
            respond(k, 0xFA);
        } else {
            handled = false;
        }
        break;
    case 0xF3:
        if (b < 0x80) {
            k->typematic = b;
            respond(k, 0xFA);
        } else {
            handled = false;
        }
        break;
    case 0xF0:
        if (b == 0) {
            respond(k, 0xFA);
            respond(k, k->scan_set);
        } else if (b >= 1 && b <= 3) {
            stop_repeat(k);
            k->scan_set = b;
            ps2q_clear(&k->keys);
            k->overrun = 0;
            respond(k, 0xFA);
        } else if (b < 0xED) {
            respond(k, 0xFE); /* no such set */
        } else {
            handled = false;
        }
        break;
    case 0xFB: case 0xFC: case 0xFD:
        if (b < 0xED) { /* a set 3 make code: acknowledged, list goes on */
            for (int key = 1; key < KEY_COUNT; key++)
                if (keycode_set3[key] == b)
                    k->key_type[key] = key_type_of_command[cmd - 0xF7];
            k->pending_cmd = cmd;
            respond(k, 0xFA);
        } else {
            handled = false; /* a command ends the list */
        }
        break;
    default:
        handled = false;
        break;
    }
    if (!handled)
        command(k, b); /* not a valid argument: it is the next command */
    notify(k);
}

bool ps2kbd_pending(const Ps2Kbd *k)
{
    return k->resp.count || k->keys.count;
}

uint8_t ps2kbd_read(Ps2Kbd *k)
{
    int b = ps2q_pop(&k->resp);
    if (b < 0)
        b = ps2q_pop(&k->keys);
    if (b < 0)
        return 0;
    if (!k->keys.count)
        k->overrun = 0;
    k->last_sent = (uint8_t)b;
    return (uint8_t)b;
}

void ps2kbd_attach(Ps2Kbd *k, ps2_notify_fn fn, void *ctrl)
{
    k->notify = fn;
    k->ctrl = ctrl;
}

void ps2kbd_reset(Ps2Kbd *k)
{
    reset_state(k);
    k->pending_cmd = 0;
    k->last_sent = 0;
}

Ps2Kbd *ps2kbd_create(Bus *bus)
{
    Ps2Kbd *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    k->bus = bus;
    event_init(&k->repeat_ev, "kbd-typematic", repeat_event, k);
    ps2kbd_reset(k);
    return k;
}

void ps2kbd_destroy(Ps2Kbd *k)
{
    if (!k)
        return;
    event_cancel(k->bus->sched, &k->repeat_ev);
    free(k);
}

int ps2kbd_save(Ps2Kbd *k, StateWriter *w)
{
    return state_save_fields(w, "ps2kbd", KBD_STATE_VERSION, k, kbd_fields);
}

int ps2kbd_load(Ps2Kbd *k, StateReader *r)
{
    if (state_load_fields(r, "ps2kbd", KBD_STATE_VERSION, k, kbd_fields))
        return -1;
    ps2q_sanitize(&k->resp);
    ps2q_sanitize(&k->keys);
    if (k->scan_set != 1 && k->scan_set != 3)
        k->scan_set = 2;
    for (int key = 0; key < KEY_COUNT; key++)
        k->key_type[key] &= 3u;
    if (k->pending_cmd &&
        !(k->pending_cmd == 0xED || k->pending_cmd == 0xF0 ||
          k->pending_cmd == 0xF3 || is_key_type_list_command(k->pending_cmd)))
        k->pending_cmd = 0;
    k->typematic &= 0x7Fu;
    /* Host keys are not held across a restore. */
    memset(k->down, 0, sizeof k->down);
    stop_repeat(k);
    notify(k);
    return 0;
}

static void dev_reset(void *s) { ps2kbd_reset(s); }
static int dev_save(void *s, StateWriter *w) { return ps2kbd_save(s, w); }
static int dev_load(void *s, StateReader *r) { return ps2kbd_load(s, r); }
static void dev_destroy(void *s) { ps2kbd_destroy(s); }

Device ps2kbd_device(Ps2Kbd *k)
{
    return (Device){"ps2kbd", k, dev_reset, dev_save, dev_load, dev_destroy};
}
