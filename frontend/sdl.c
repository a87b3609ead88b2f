/*
 * frontend/sdl.c — the SDL2 window front end (-display sdl).  Built only
 * when configure finds SDL2.
 *
 * Owns: the window, renderer and streaming texture (VGA/VBE picture shown
 * at its display aspect, 4:3 for VGA modes, or square pixels / integer
 * scaling on request; follows mode changes; resizable; fullscreen), host
 * keyboard and mouse input, the hotkeys, the title bar, and PC speaker
 * playback.
 *
 * Rendering never holds the CPU back: the texture is updated only for the
 * rows the adapter marked dirty, the picture is presented at most ~60
 * times per second of host time and only when something changed, vsync
 * is off (a present never waits for the monitor), and where presenting is
 * slow (software GL, Xvfb, remote X) the frame rate drops so frames stay
 * under ~10% of host time.
 *
 * Hotkeys (hold Ctrl+Alt, either side):
 *   Ctrl+Alt+G       release the mouse (a click in the window grabs it)
 *   Ctrl+Alt+F       toggle fullscreen
 *   Ctrl+Alt+P       pause / resume the guest
 *   Ctrl+Alt+R       reset the guest (hardware reset)
 *   Ctrl+Alt+S       screenshot to px86-YYYYMMDD-HHMMSS.png
 *   Ctrl+Alt+Q       quit px86
 *   Ctrl+Alt+Del     reaches the guest as Ctrl-Alt-Del (when the host
 *                    desktop lets it through); Ctrl+Alt+End does the
 *                    same where the host keeps Ctrl+Alt+Del for itself
 * Other keys go to the guest by physical position (frontend/sdl_keymap.c).
 * Host key repeat is dropped: typematic repeat is the guest keyboard's
 * job.  Losing focus releases every key in the guest and the mouse grab.
 * On focus, Caps/Num/Scroll Lock in the guest are brought in line with
 * the host keyboard (by sending the lock key) before the next key stroke,
 * which waits until the guest has updated its LEDs.
 *
 * Audio: the SDL callback runs on its own thread; it only drains a
 * single-producer/single-consumer ring that poll() fills from
 * machine_speaker_samples() on the main thread.
 */
#include "frontend/frontend.h"

#include <langinfo.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>

#include "frontend/fe_common.h"
#include "frontend/sdl_keymap.h"

#define FRAME_INTERVAL (1.0 / 60.0 - 0.002) /* fastest: ~60 frames/s */
#define FRAME_INTERVAL_MAX 0.1             /* slowest: 10 frames/s */
/* Share of host time a frame (render + upload + present) may take; where
 * presenting is expensive (software GL, Xvfb, remote X) the frame rate
 * drops instead of the guest's speed. */
#define FRAME_BUDGET 0.10
#define TITLE_INTERVAL 0.5
#define MESSAGE_SECONDS 4.0
#define MIN_WINDOW_W 640

#define AUDIO_RATE 44100
#define AUDIO_RING 16384              /* samples, power of two (~370 ms) */
#define AUDIO_MAX_FILL (AUDIO_RATE / 8) /* keep latency under ~125 ms */
#define AUDIO_CHUNK 4096

typedef struct SdlAudio {
    SDL_AudioDeviceID dev;
    int16_t ring[AUDIO_RING];
    atomic_uint wr, rd; /* free-running; wr written by poll, rd by callback */
    int16_t last;       /* callback thread only: last sample played */
    double last_pull;   /* main thread: host time of the last pull */
} SdlAudio;

typedef struct SdlFe {
    Machine *m;
    FrontendOptions opt;
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;
    int tex_w, tex_h;
    uint32_t mode_gen;
    bool have_mode;
    bool user_sized;         /* the user resized: stop following modes */
    int asked_w, asked_h;    /* last size we set ourselves */
    bool fullscreen;
    bool grabbed;
    bool need_present;
    bool quit;
    bool want_screenshot;
    bool lock_sync_pending;
    bool key_down[KEY_COUNT]; /* keys we pressed in the guest */
    /* Keys held back while the guest acts on lock keys we sent to match
     * the host (see sync_locks). */
    struct { KeyCode key; bool down; } held[64];
    int nheld;
    unsigned leds_wanted;
    double hold_until;
    unsigned buttons;
    int acc_dx, acc_dy, acc_dz;
    double last_frame, last_title;
    double frame_cost;       /* moving average of one frame's host time */
    double frame_interval;   /* current time between frames */
    bool smooth;             /* linear filtering (accelerated renderer) */
    char title[256];
    char message[256];
    double message_until;
    FeDiskLed disk;
    int asp_num, asp_den;    /* aspect of the picture on screen */
    SdlAudio *audio;
} SdlFe;

/* --- audio ---------------------------------------------------------------------- */

static void SDLCALL audio_callback(void *userdata, Uint8 *stream, int len)
{
    SdlAudio *a = userdata;
    int16_t *out = (int16_t *)(void *)stream;
    unsigned want = (unsigned)len / sizeof(int16_t);
    unsigned rd = atomic_load_explicit(&a->rd, memory_order_relaxed);
    unsigned wr = atomic_load_explicit(&a->wr, memory_order_acquire);
    unsigned have = wr - rd, i = 0;
    for (; i < want && i < have; i++)
        out[i] = a->ring[(rd + i) & (AUDIO_RING - 1)];
    if (i > 0)
        a->last = out[i - 1];
    /* Underrun: fade from the last level to silence (no click). */
    for (; i < want; i++) {
        a->last = (int16_t)(a->last * 15 / 16);
        out[i] = a->last;
    }
    atomic_store_explicit(&a->rd, rd + (want < have ? want : have),
                          memory_order_release);
}

/* Linux hosts without a sound card or sound server (CI, Xvfb, SSH):
 * skip audio instead of letting alsa-lib print errors on stderr. */
static bool audio_host_present(void)
{
#ifdef __linux__
    if (getenv("SDL_AUDIODRIVER") || getenv("PULSE_SERVER") ||
        access("/dev/snd", F_OK) == 0)
        return true;
    const char *rt = getenv("XDG_RUNTIME_DIR");
    if (rt) {
        char path[512];
        snprintf(path, sizeof path, "%s/pulse/native", rt);
        if (access(path, F_OK) == 0)
            return true;
        snprintf(path, sizeof path, "%s/pipewire-0", rt);
        if (access(path, F_OK) == 0)
            return true;
    }
    return false;
#else
    return true;
#endif
}

static void audio_open(SdlFe *s)
{
    if (!audio_host_present() || SDL_InitSubSystem(SDL_INIT_AUDIO) != 0)
        return; /* no sound on this host: play silently */
    SdlAudio *a = calloc(1, sizeof *a);
    if (!a)
        return;
    SDL_AudioSpec want, have;
    SDL_zero(want);
    want.freq = AUDIO_RATE;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 512;
    want.callback = audio_callback;
    want.userdata = a;
    a->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (a->dev == 0) {
        free(a);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return;
    }
    a->last_pull = fe_host_seconds();
    s->audio = a;
    SDL_PauseAudioDevice(a->dev, 0);
}

static void audio_close(SdlFe *s)
{
    if (!s->audio)
        return;
    SDL_CloseAudioDevice(s->audio->dev); /* waits for the callback */
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    free(s->audio);
    s->audio = NULL;
}

/* Main thread: move the speaker output since the last poll into the ring. */
static void audio_pull(SdlFe *s, double now)
{
    SdlAudio *a = s->audio;
    if (!a)
        return;
    double dt = now - a->last_pull;
    a->last_pull = now;
    if (dt < 0)
        dt = 0;
    size_t frames = (size_t)(dt * AUDIO_RATE + 0.5);
    if (frames > AUDIO_CHUNK)
        frames = AUDIO_CHUNK;
    if (frames == 0)
        return;
    int16_t tmp[AUDIO_CHUNK];
    size_t n = machine_speaker_samples(s->m, tmp, frames, AUDIO_RATE);
    if (n > frames)
        n = frames;
    unsigned wr = atomic_load_explicit(&a->wr, memory_order_relaxed);
    unsigned rd = atomic_load_explicit(&a->rd, memory_order_acquire);
    unsigned fill = wr - rd;
    /* Drop what would push latency past AUDIO_MAX_FILL (e.g. a guest
     * running faster than real time with -clock virtual). */
    size_t room = fill < AUDIO_MAX_FILL ? AUDIO_MAX_FILL - fill : 0;
    if (n > room)
        n = room;
    for (size_t i = 0; i < n; i++)
        a->ring[(wr + i) & (AUDIO_RING - 1)] = tmp[i];
    atomic_store_explicit(&a->wr, wr + (unsigned)n, memory_order_release);
}

/* --- window ------------------------------------------------------------------------- */

static void show_message(SdlFe *s, const char *text)
{
    size_t n = strlen(text);
    if (n >= sizeof s->message)
        n = sizeof s->message - 1;
    memcpy(s->message, text, n);
    s->message[n] = '\0';
    s->message_until = fe_host_seconds() + MESSAGE_SECONDS;
    s->last_title = 0; /* refresh the title now */
}

static void append(char *buf, size_t size, size_t *len, const char *text)
{
    size_t n = strlen(text);
    if (*len + n >= size)
        n = size - 1 - *len;
    memcpy(buf + *len, text, n);
    *len += n;
    buf[*len] = '\0';
}

/* SDL 2 under X11 only updates _NET_WM_NAME for non-ASCII titles when
 * LC_CTYPE is UTF-8, so the title falls back to ASCII otherwise. */
static bool title_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static void update_title(SdlFe *s, double now)
{
    bool utf8 = title_utf8();
    const char *dash = utf8 ? " \xe2\x80\x94 " : " - ";
    char t[sizeof s->title], num[64];
    size_t len = 0;
    t[0] = '\0';
    bool disk = fe_disk_led(&s->disk, s->m, now, 0.25);
    snprintf(num, sizeof num, "px86%s%.1f MIPS%sdisk ", dash, machine_mips(s->m), dash);
    append(t, sizeof t, &len, num);
    if (utf8)
        append(t, sizeof t, &len, disk ? "\xe2\x97\x8f" : "\xe2\x97\x8b");
    else
        append(t, sizeof t, &len, disk ? "*" : ".");
    if (machine_paused(s->m)) {
        append(t, sizeof t, &len, dash);
        append(t, sizeof t, &len, "paused");
    }
    if (s->grabbed) {
        append(t, sizeof t, &len, dash);
        append(t, sizeof t, &len, "[grabbed: Ctrl+Alt+G releases]");
    }
    if (s->message[0] && now < s->message_until) {
        append(t, sizeof t, &len, dash);
        append(t, sizeof t, &len, s->message);
    }
    if (strcmp(t, s->title) != 0) {
        memcpy(s->title, t, sizeof t);
        SDL_SetWindowTitle(s->win, t);
    }
}

static void set_grab(SdlFe *s, bool grab)
{
    if (s->grabbed == grab)
        return;
    if (grab && SDL_SetRelativeMouseMode(SDL_TRUE) != 0) {
        show_message(s, "cannot grab the mouse");
        return;
    }
    if (!grab)
        SDL_SetRelativeMouseMode(SDL_FALSE);
    SDL_SetWindowGrab(s->win, grab ? SDL_TRUE : SDL_FALSE);
    s->grabbed = grab;
    s->acc_dx = s->acc_dy = s->acc_dz = 0;
    if (!grab && s->buttons) {
        s->buttons = 0;
        machine_mouse(s->m, 0, 0, 0, 0);
    }
    s->last_title = 0;
}

/* Size the window for a new mode unless the user chose a size. */
static void follow_mode(SdlFe *s, const DisplayBuffer *db)
{
    if (s->user_sized || s->fullscreen)
        return;
    /* A picture this small is an adapter not programmed yet, not a
     * mode anyone wants a window for. */
    if (db->width < 128 || db->height < 64)
        return;
    int w, h;
    fe_natural_size(db->width, db->height, db->aspect_num, db->aspect_den,
                    s->opt.square_pixels, MIN_WINDOW_W, &w, &h);
    int cw, ch;
    SDL_GetWindowSize(s->win, &cw, &ch);
    if (cw == w && ch == h)
        return;
    s->asked_w = w;
    s->asked_h = h;
    SDL_SetWindowSize(s->win, w, h);
}

static bool make_texture(SdlFe *s, int w, int h)
{
    if (s->tex)
        SDL_DestroyTexture(s->tex);
    /* SDL_PIXELFORMAT_RGB888 is a 32-bit 0x00RRGGBB word in host order:
     * exactly the DisplayBuffer format, so rows upload without conversion. */
    s->tex = SDL_CreateTexture(s->ren, SDL_PIXELFORMAT_RGB888,
                               SDL_TEXTUREACCESS_STREAMING, w, h);
    s->tex_w = s->tex ? w : 0;
    s->tex_h = s->tex ? h : 0;
    /* Linear filtering smooths the 4:3 stretch but costs several times
     * more in a software renderer; integer scaling wants crisp pixels. */
    if (s->tex)
        SDL_SetTextureScaleMode(s->tex, s->smooth && !s->opt.integer_scale
                                            ? SDL_ScaleModeLinear : SDL_ScaleModeNearest);
    return s->tex != NULL;
}

static void present(SdlFe *s)
{
    SDL_SetRenderDrawColor(s->ren, 0, 0, 0, 255);
    SDL_RenderClear(s->ren);
    if (s->tex) {
        int ow, oh;
        if (SDL_GetRendererOutputSize(s->ren, &ow, &oh) != 0)
            SDL_GetWindowSize(s->win, &ow, &oh);
        FeRect r = fe_layout(ow, oh, s->tex_w, s->tex_h, s->asp_num, s->asp_den,
                             s->opt.square_pixels, s->opt.integer_scale);
        SDL_Rect dst = {r.x, r.y, r.w, r.h};
        SDL_RenderCopy(s->ren, s->tex, NULL, &dst);
    }
    SDL_RenderPresent(s->ren);
    s->need_present = false;
}

static void render_frame(SdlFe *s)
{
    const DisplayBuffer *db = machine_render(s->m);
    if (!db || !db->pixels || db->width <= 0 || db->height <= 0 ||
        db->width > DISPLAY_MAX_W || db->height > DISPLAY_MAX_H) {
        if (s->need_present)
            present(s);
        return;
    }
    bool full = false;
    if (!s->tex || db->width != s->tex_w || db->height != s->tex_h) {
        if (!make_texture(s, db->width, db->height))
            return;
        full = true;
    }
    if (!s->have_mode || db->mode_generation != s->mode_gen) {
        s->have_mode = true;
        s->mode_gen = db->mode_generation;
        follow_mode(s, db);
        full = true;
    }
    if (db->aspect_num != s->asp_num || db->aspect_den != s->asp_den) {
        s->asp_num = db->aspect_num;
        s->asp_den = db->aspect_den;
        s->need_present = true;
    }
    int y0 = full ? 0 : db->dirty_y0, y1 = full ? db->height - 1 : db->dirty_y1;
    if (y0 < 0)
        y0 = 0;
    if (y1 > db->height - 1)
        y1 = db->height - 1;
    if (y0 <= y1) {
        SDL_Rect rows = {0, y0, db->width, y1 - y0 + 1};
        SDL_UpdateTexture(s->tex, &rows, db->pixels + (size_t)y0 * (size_t)db->width,
                          db->width * (int)sizeof(uint32_t));
        s->need_present = true;
    }
    /* The front end clears the dirty range once it has the rows
     * (hw/display.h); the buffer is the adapter's, not read-only memory. */
    DisplayBuffer *mdb = (DisplayBuffer *)db;
    mdb->dirty_y0 = db->height;
    mdb->dirty_y1 = -1;
    if (s->need_present)
        present(s);
}

/* --- keyboard ------------------------------------------------------------------------ */

static void press(SdlFe *s, KeyCode k, bool down)
{
    if (k == KEY_NONE || s->key_down[k] == down)
        return;
    s->key_down[k] = down;
    if (s->hold_until > 0) {
        if (s->nheld < (int)(sizeof s->held / sizeof s->held[0])) {
            s->held[s->nheld].key = k;
            s->held[s->nheld].down = down;
            s->nheld++;
        }
        return;
    }
    machine_key(s->m, k, down);
}

/* Deliver held-back keys once the guest's LEDs show the lock states we
 * asked for (or after a timeout, for guests that never set LEDs). */
static void release_held_keys(SdlFe *s, double now)
{
    if (s->hold_until <= 0)
        return;
    unsigned mask = KBD_LED_CAPS | KBD_LED_NUM | KBD_LED_SCROLL;
    if ((machine_keyboard_leds(s->m) & mask) != (s->leds_wanted & mask) && now < s->hold_until)
        return;
    s->hold_until = 0;
    for (int i = 0; i < s->nheld; i++)
        machine_key(s->m, s->held[i].key, s->held[i].down);
    s->nheld = 0;
}

static void release_everything(SdlFe *s)
{
    machine_release_all_keys(s->m);
    memset(s->key_down, 0, sizeof s->key_down);
    s->nheld = 0;
    s->hold_until = 0;
}

static void tap(SdlFe *s, KeyCode k)
{
    machine_key(s->m, k, true);
    machine_key(s->m, k, false);
}

/* Bring the guest's lock states in line with the host keyboard's by
 * sending the lock keys.  The guest answers a lock key by sending the
 * keyboard its new LEDs, and a keyboard drops what it had not sent yet
 * when a command arrives; so the key that triggered the sync and those
 * after it wait until the LEDs have changed (at most LOCK_SYNC_WAIT). */
#define LOCK_SYNC_WAIT 0.5
static void sync_locks(SdlFe *s, Uint16 mod)
{
    s->lock_sync_pending = false;
    unsigned leds = machine_keyboard_leds(s->m), want = leds;
    if (!(mod & KMOD_CAPS) != !(leds & KBD_LED_CAPS)) {
        tap(s, KEY_CAPSLOCK);
        want ^= KBD_LED_CAPS;
    }
    if (!(mod & KMOD_NUM) != !(leds & KBD_LED_NUM)) {
        tap(s, KEY_NUMLOCK);
        want ^= KBD_LED_NUM;
    }
#if SDL_VERSION_ATLEAST(2, 0, 18)
    if (!(mod & KMOD_SCROLL) != !(leds & KBD_LED_SCROLL)) {
        tap(s, KEY_SCROLLLOCK);
        want ^= KBD_LED_SCROLL;
    }
#endif
    if (want != leds) {
        s->leds_wanted = want;
        s->hold_until = fe_host_seconds() + LOCK_SYNC_WAIT;
    }
}

static void toggle_fullscreen(SdlFe *s)
{
    bool fs = !s->fullscreen;
    if (SDL_SetWindowFullscreen(s->win, fs ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0) != 0) {
        show_message(s, "fullscreen not available");
        return;
    }
    s->fullscreen = fs;
    s->need_present = true;
}

/* Ctrl+Alt+<key> hotkeys; true if the key was one (and is consumed). */
static bool hotkey(SdlFe *s, SDL_Scancode sc)
{
    switch (sc) {
    case SDL_SCANCODE_G:
        set_grab(s, false);
        return true;
    case SDL_SCANCODE_F:
        toggle_fullscreen(s);
        return true;
    case SDL_SCANCODE_P: {
        bool p = !machine_paused(s->m);
        machine_set_paused(s->m, p);
        show_message(s, p ? "paused (Ctrl+Alt+P resumes)" : "resumed");
        return true;
    }
    case SDL_SCANCODE_R:
        machine_reset(s->m);
        show_message(s, "reset");
        return true;
    case SDL_SCANCODE_S:
        s->want_screenshot = true;
        return true;
    case SDL_SCANCODE_Q:
        s->quit = true;
        return true;
    case SDL_SCANCODE_END:
        /* Ctrl and Alt are already down in the guest: add Delete. */
        tap(s, KEY_DELETE);
        return true;
    default:
        return false;
    }
}

static bool is_lock_key(KeyCode k)
{
    return k == KEY_CAPSLOCK || k == KEY_NUMLOCK || k == KEY_SCROLLLOCK;
}

static void on_key(SdlFe *s, const SDL_KeyboardEvent *ev)
{
    if (ev->repeat)
        return; /* typematic belongs to the guest keyboard */
    KeyCode k = sdl_scancode_to_key(ev->keysym.scancode);
    bool down = ev->type == SDL_KEYDOWN;
    if (down) {
        /* The modifier state as of this event: SDL_GetModState() is
         * already ahead when several events are queued. */
        Uint16 mod = ev->keysym.mod;
        if ((mod & KMOD_CTRL) && (mod & KMOD_ALT) && hotkey(s, ev->keysym.scancode))
            return; /* its release is dropped too: key_down[k] stays false */
        if (s->lock_sync_pending && !is_lock_key(k))
            sync_locks(s, mod);
    }
    press(s, k, down);
}

/* --- mouse ----------------------------------------------------------------------------- */

/* machine_mouse() conventions (hw/ps2mouse.h): dy > 0 down, dz > 0 wheel
 * towards the user, buttons bit 0 left, 1 right, 2 middle, 3/4 extra. */
static unsigned ps2_button(Uint8 b)
{
    switch (b) {
    case SDL_BUTTON_LEFT: return 1;
    case SDL_BUTTON_RIGHT: return 2;
    case SDL_BUTTON_MIDDLE: return 4;
    case SDL_BUTTON_X1: return 8;  /* IntelliMouse Explorer buttons 4, 5 */
    case SDL_BUTTON_X2: return 16;
    default: return 0;
    }
}

static void flush_motion(SdlFe *s)
{
    if (s->acc_dx || s->acc_dy || s->acc_dz) {
        machine_mouse(s->m, s->acc_dx, s->acc_dy, s->acc_dz, s->buttons);
        s->acc_dx = s->acc_dy = s->acc_dz = 0;
    }
}

static void on_button(SdlFe *s, const SDL_MouseButtonEvent *ev)
{
    if (!s->grabbed) {
        if (ev->type == SDL_MOUSEBUTTONDOWN && ev->button == SDL_BUTTON_LEFT)
            set_grab(s, true); /* this click only grabs */
        return;
    }
    unsigned bit = ps2_button(ev->button);
    unsigned nb = ev->type == SDL_MOUSEBUTTONDOWN ? s->buttons | bit : s->buttons & ~bit;
    if (nb == s->buttons)
        return;
    flush_motion(s);
    s->buttons = nb;
    machine_mouse(s->m, 0, 0, 0, nb);
}

/* --- events ------------------------------------------------------------------------------ */

static void on_window(SdlFe *s, const SDL_WindowEvent *ev)
{
    switch (ev->event) {
    case SDL_WINDOWEVENT_FOCUS_LOST:
        release_everything(s);
        set_grab(s, false);
        break;
    case SDL_WINDOWEVENT_FOCUS_GAINED:
        s->lock_sync_pending = true;
        break;
    case SDL_WINDOWEVENT_SIZE_CHANGED:
        if (!s->fullscreen && (ev->data1 != s->asked_w || ev->data2 != s->asked_h))
            s->user_sized = true;
        s->need_present = true;
        break;
    case SDL_WINDOWEVENT_EXPOSED:
    case SDL_WINDOWEVENT_RESTORED:
        s->need_present = true;
        break;
    default:
        break;
    }
}

static void handle_events(SdlFe *s)
{
    SDL_Event ev;
    while (SDL_PollEvent(&ev)) {
        switch (ev.type) {
        case SDL_QUIT:
            s->quit = true;
            break;
        case SDL_WINDOWEVENT:
            on_window(s, &ev.window);
            break;
        case SDL_KEYDOWN:
        case SDL_KEYUP:
            on_key(s, &ev.key);
            break;
        case SDL_MOUSEMOTION:
            if (s->grabbed) {
                s->acc_dx += ev.motion.xrel;
                s->acc_dy += ev.motion.yrel;
            }
            break;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            on_button(s, &ev.button);
            break;
        case SDL_MOUSEWHEEL:
            if (s->grabbed) {
                int y = ev.wheel.y;
                if (ev.wheel.direction == SDL_MOUSEWHEEL_FLIPPED)
                    y = -y;
                s->acc_dz -= y; /* wheel away from the user: dz < 0 */
            }
            break;
        case SDL_RENDER_TARGETS_RESET:
        case SDL_RENDER_DEVICE_RESET:
            /* Texture contents lost: rebuild and upload everything. */
            if (s->tex)
                SDL_DestroyTexture(s->tex);
            s->tex = NULL;
            s->need_present = true;
            break;
        default:
            break;
        }
    }
    if (s->grabbed)
        flush_motion(s);
}

/* --- Frontend interface ----------------------------------------------------------------- */

static int sdl_init(Frontend *fe, Machine *m, const FrontendOptions *opt,
                    char *err, size_t errlen)
{
    SdlFe *s = fe->priv;
    s->m = m;
    if (opt)
        s->opt = *opt;
    SDL_SetHint(SDL_HINT_RENDER_VSYNC, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    /* While the mouse is grabbed the keyboard is too, so Alt+Tab and
     * friends reach the guest (Windows 3.x uses them). */
    SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
    bool driver_forced = getenv("SDL_VIDEODRIVER") != NULL;
#if defined(__unix__) && !defined(__APPLE__)
    /* Under X11 without Wayland, go straight to X11 (SDL would otherwise
     * probe Wayland first and libwayland complains on stderr). */
    if (!driver_forced && getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY"))
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "x11");
#endif
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        const char *d = getenv("DISPLAY");
        snprintf(err, errlen, "cannot open an SDL window%s%s: %s", d ? " on DISPLAY=" : "",
                 d ? d : "", SDL_GetError());
        SDL_Quit();
        return -1;
    }
    /* SDL falls back to drivers that show nothing when no display can be
     * opened; only accept those if the user asked for them. */
    const char *driver = SDL_GetCurrentVideoDriver();
    if (!driver_forced && driver &&
        (!strcmp(driver, "offscreen") || !strcmp(driver, "dummy") ||
         !strcmp(driver, "evdev"))) {
        snprintf(err, errlen, "cannot open an SDL window: no display "
                 "(is DISPLAY or WAYLAND_DISPLAY set?)");
        SDL_Quit();
        return -1;
    }
    s->asked_w = 640;
    s->asked_h = 480;
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (s->opt.fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    s->win = SDL_CreateWindow("px86", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                              s->asked_w, s->asked_h, flags);
    if (!s->win) {
        snprintf(err, errlen, "cannot create an SDL window: %s", SDL_GetError());
        SDL_Quit();
        return -1;
    }
    s->fullscreen = s->opt.fullscreen;
    s->ren = SDL_CreateRenderer(s->win, -1, SDL_RENDERER_ACCELERATED);
    if (!s->ren)
        s->ren = SDL_CreateRenderer(s->win, -1, SDL_RENDERER_SOFTWARE);
    if (!s->ren) {
        snprintf(err, errlen, "cannot create an SDL renderer: %s", SDL_GetError());
        SDL_DestroyWindow(s->win);
        s->win = NULL;
        SDL_Quit();
        return -1;
    }
    SDL_RendererInfo info;
    s->smooth = SDL_GetRendererInfo(s->ren, &info) == 0 &&
                (info.flags & SDL_RENDERER_ACCELERATED) && strcmp(info.name, "software") != 0;
    s->frame_interval = FRAME_INTERVAL;
    SDL_SetWindowMinimumSize(s->win, 160, 120);
    SDL_StopTextInput(); /* keys only: no IME / text events */
    s->asp_num = 4;
    s->asp_den = 3;
    s->lock_sync_pending = true;
    s->need_present = true;
    if (s->opt.audio)
        audio_open(s);
    update_title(s, fe_host_seconds());
    return 0;
}

static bool sdl_poll(Frontend *fe)
{
    SdlFe *s = fe->priv;
    if (!s->win)
        return !s->quit;
    handle_events(s);
    double now = fe_host_seconds();
    release_held_keys(s, now);
    if (now - s->last_frame >= s->frame_interval || s->need_present) {
        s->last_frame = now;
        render_frame(s);
        double cost = fe_host_seconds() - now;
        s->frame_cost = s->frame_cost * 0.875 + cost * 0.125;
        double iv = s->frame_cost / FRAME_BUDGET;
        s->frame_interval = iv < FRAME_INTERVAL ? FRAME_INTERVAL
                            : iv > FRAME_INTERVAL_MAX ? FRAME_INTERVAL_MAX : iv;
    }
    if (s->want_screenshot) {
        s->want_screenshot = false;
        char path[512];
        if (fe_screenshot(s->m, s->opt.screenshot_dir, path, sizeof path) == 0) {
            char msg[600];
            snprintf(msg, sizeof msg, "screenshot %s", path);
            show_message(s, msg);
        } else {
            show_message(s, path);
        }
    }
    audio_pull(s, now);
    if (now - s->last_title >= TITLE_INTERVAL) {
        s->last_title = now;
        update_title(s, now);
    }
    return !s->quit;
}

static void sdl_message(Frontend *fe, const char *text)
{
    SdlFe *s = fe->priv;
    show_message(s, text);
    if (s->win)
        update_title(s, fe_host_seconds());
}

static void sdl_shutdown(Frontend *fe)
{
    SdlFe *s = fe->priv;
    if (s->win) {
        release_everything(s);
        set_grab(s, false);
        audio_close(s);
        if (s->tex)
            SDL_DestroyTexture(s->tex);
        SDL_DestroyRenderer(s->ren);
        SDL_DestroyWindow(s->win);
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        SDL_Quit();
    }
    fe_free(fe); /* and s, its priv */
}

Frontend *frontend_sdl(void)
{
    return fe_new("sdl", sizeof(SdlFe), sdl_init, sdl_poll, sdl_message,
                  sdl_shutdown);
}
