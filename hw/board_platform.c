/*
 * hw/board_platform.c — creates and wires the platform device group into
 * the machine (see hw/machine_internal.h): 8259 pair, 8237 pair + page
 * registers + POST port, 8254 + port 0x61 speaker, RTC/CMOS, 8042 with
 * PS/2 keyboard and mouse (+ port 0x92), FPU port 0xF0, and the optional
 * debug console (0xE9) and isa-debug-exit ports.
 *
 * Order matters: devices are reset in this order and destroyed in reverse,
 * so the PIC comes first (everyone drives IRQ lines), the PIT before the
 * speaker that hooks it, the keyboard and mouse before the 8042 that
 * attaches to them.
 */
#include "hw/machine_internal.h"

#include <stdio.h>
#include <stdlib.h>

#include "hw/debugcon.h"
#include "hw/debugexit.h"
#include "hw/dma.h"
#include "hw/fpuport.h"
#include "hw/i8042.h"
#include "hw/pic.h"
#include "hw/pit.h"
#include "hw/ps2kbd.h"
#include "hw/ps2mouse.h"
#include "hw/rtc.h"
#include "hw/speaker.h"

/* --- adapters from the device APIs to MachineHooks' void* signatures --- */

static void pic_intr(void *opaque, bool level)
{
    Machine *m = opaque;
    cpu_set_intr(m->cpu, level);
}
static uint8_t hook_pic_ack(void *pic) { return pic_acknowledge(pic); }
static void hook_cmos_write(void *rtc, uint8_t idx, uint8_t v) { rtc_cmos_write(rtc, idx, v); }
static uint8_t hook_cmos_read(void *rtc, uint8_t idx) { return rtc_cmos_read(rtc, idx); }
static void hook_cmos_checksum(void *rtc) { rtc_cmos_update_checksum(rtc); }
static void hook_key(void *kbd, KeyCode key, bool down) { ps2kbd_key(kbd, key, down); }
static void hook_release_all(void *kbd) { ps2kbd_release_all(kbd); }
static unsigned hook_leds(void *kbd) { return ps2kbd_leds(kbd); }
static void hook_mouse(void *mouse, int dx, int dy, int dz, unsigned buttons)
{
    ps2mouse_motion(mouse, dx, dy, dz, buttons);
}
static size_t hook_speaker(void *sp, int16_t *out, size_t frames, unsigned rate)
{
    return speaker_samples(sp, out, frames, rate);
}

/* NMI honours the mask bit of port 0x70 (the RTC index register). */
static void platform_nmi(void *opaque)
{
    Machine *m = opaque;
    if (m->hooks.rtc && rtc_nmi_masked(m->hooks.rtc))
        return;
    cpu_raise_nmi(m->cpu);
}

/* POST codes: shown on stderr when PX86_DEBUG_POST is set (until the
 * command line grows -d post). */
static void post_code(void *opaque, uint8_t code)
{
    (void)opaque;
    static int enabled = -1;
    if (enabled < 0)
        enabled = getenv("PX86_DEBUG_POST") != NULL;
    if (enabled)
        fprintf(stderr, "px86: POST %02X\n", code);
}

static void debugcon_out(void *opaque, uint8_t byte)
{
    chardev_write(opaque, &byte, 1);
}

static int add(Machine *m, void *dev, Device d, const char *what, char *err,
               size_t errlen)
{
    if (!dev) {
        snprintf(err, errlen, "cannot create the %s", what);
        return -1;
    }
    if (machine_add_device(m, d)) {
        d.destroy(d.self);
        snprintf(err, errlen, "too many devices (adding the %s)", what);
        return -1;
    }
    return 0;
}

int machine_board_platform(Machine *m, char *err, size_t errlen)
{
    Bus *bus = &m->bus;

    Pic *pic = pic_create(bus, pic_intr, m);
    if (add(m, pic, pic ? pic_device(pic) : (Device){0}, "interrupt controller", err, errlen))
        return -1;
    m->hooks.pic = pic;
    m->hooks.pic_ack = hook_pic_ack;

    Dma *dma = dma_create(bus);
    if (add(m, dma, dma ? dma_device(dma) : (Device){0}, "DMA controller", err, errlen))
        return -1;
    dma_set_post_hook(dma, post_code, m);

    Pit *pit = pit_create(bus);
    if (add(m, pit, pit ? pit_device(pit) : (Device){0}, "timer", err, errlen))
        return -1;
    m->hooks.pit = pit;
    Speaker *sp = speaker_create(bus, pit);
    if (add(m, sp, sp ? speaker_device(sp) : (Device){0}, "speaker port", err, errlen))
        return -1;
    m->hooks.speaker = sp;
    m->hooks.speaker_samples = hook_speaker;

    /* -clock virtual: a fixed date, so runs are identical. */
    RtcConfig rc = {.use_fixed_time = m->cfg.clock == GUEST_CLOCK_VIRTUAL,
                    .fixed_time = RTC_Y2K_EPOCH};
    Rtc *rtc = rtc_create(bus, &rc);
    if (add(m, rtc, rtc ? rtc_device(rtc) : (Device){0}, "RTC", err, errlen))
        return -1;
    m->hooks.rtc = rtc;
    m->hooks.cmos_write = hook_cmos_write;
    m->hooks.cmos_read = hook_cmos_read;
    m->hooks.cmos_checksum = hook_cmos_checksum;
    m->bus.cpu_nmi = platform_nmi;

    Ps2Kbd *kbd = ps2kbd_create(bus);
    if (add(m, kbd, kbd ? ps2kbd_device(kbd) : (Device){0}, "keyboard", err, errlen))
        return -1;
    Ps2Mouse *mouse = ps2mouse_create(bus);
    if (add(m, mouse, mouse ? ps2mouse_device(mouse) : (Device){0}, "mouse", err, errlen))
        return -1;
    I8042 *kbc = i8042_create(bus, kbd, mouse);
    if (add(m, kbc, kbc ? i8042_device(kbc) : (Device){0}, "keyboard controller", err, errlen))
        return -1;
    m->hooks.kbd = kbd;
    m->hooks.key = hook_key;
    m->hooks.release_all_keys = hook_release_all;
    m->hooks.leds = hook_leds;
    m->hooks.mouse = mouse;
    m->hooks.mouse_motion = hook_mouse;

    FpuPort *fp = fpuport_create(bus);
    if (add(m, fp, fp ? fpuport_device(fp) : (Device){0}, "FPU port", err, errlen))
        return -1;

    if (m->cfg.debugcon && m->debugcon) {
        Debugcon *dc = debugcon_create(bus, 0xE9, debugcon_out, m->debugcon);
        if (add(m, dc, dc ? debugcon_device(dc) : (Device){0}, "debug console", err, errlen))
            return -1;
    }
    if (m->cfg.debug_exit) {
        /* iosize 4: byte, word and dword writes at iobase arrive whole. */
        DebugExit *de = debugexit_create(bus, m->cfg.debug_exit_port, 4);
        if (!de) {
            snprintf(err, errlen, "isa-debug-exit: ports 0x%X-0x%X are taken",
                     m->cfg.debug_exit_port, m->cfg.debug_exit_port + 3u);
            return -1;
        }
        if (add(m, de, debugexit_device(de), "isa-debug-exit", err, errlen))
            return -1;
    }
    return 0;
}
