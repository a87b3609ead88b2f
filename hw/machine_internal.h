/*
 * hw/machine_internal.h — the Machine structure, shared by hw/machine.c
 * (generic wiring, clock, run loop) and the board files that create the
 * device groups:
 *   hw/board_platform.c  PIC, PIT, RTC/CMOS, 8042 + PS/2, DMA, speaker,
 *                        debug ports  (machine_board_platform)
 *   hw/board_storage.c   disks, FDC, IDE/ATAPI, UARTs, parallel
 *                        (machine_board_storage)
 *   hw/board_video.c     VGA + DISPI  (machine_board_video)
 * Front ends never include this: they use hw/machine.h.
 */
#ifndef PX86_HW_MACHINE_INTERNAL_H
#define PX86_HW_MACHINE_INTERNAL_H

#include "hw/bus.h"
#include "hw/chardev.h"
#include "hw/device.h"
#include "hw/machine.h"

#define MACHINE_MAX_DEVICES 48
#define SERIAL_RING 65536

/* What the board files give back to the machine. */
typedef struct MachineHooks {
    /* platform */
    void *pic;
    uint8_t (*pic_ack)(void *pic);          /* INTA cycle */
    void *rtc;
    void (*cmos_write)(void *rtc, uint8_t index, uint8_t value);
    uint8_t (*cmos_read)(void *rtc, uint8_t index);
    void (*cmos_checksum)(void *rtc);       /* recompute 0x2E/0x2F */
    void *kbd;
    void (*key)(void *kbd, KeyCode key, bool down);
    void (*release_all_keys)(void *kbd);
    unsigned (*leds)(void *kbd);
    void *mouse;
    void (*mouse_motion)(void *mouse, int dx, int dy, int dz, unsigned buttons);
    void *speaker;
    void *pit;          /* for the debugger's device report */
    size_t (*speaker_samples)(void *speaker, int16_t *out, size_t frames,
                              unsigned rate);
    /* storage */
    void *storage;
    void *ide[2];       /* for the debugger's device report */
    void (*flush_disks)(void *storage);
    uint64_t (*disk_activity)(void *storage);
    /* video */
    void *video;
    const DisplayBuffer *(*render)(void *video);
    void (*text_screen)(void *video, TextScreen *out);
} MachineHooks;

typedef struct SerialCapture {
    char ring[SERIAL_RING];
    uint64_t total; /* bytes ever written; ring index = total % size */
} SerialCapture;

struct Machine {
    MachineConfig cfg;
    PhysMem *mem;
    IoBus *io;
    Sched sched;
    Bus bus;
    Cpu *cpu;
    Device devices[MACHINE_MAX_DEVICES];
    unsigned ndevices;
    MachineHooks hooks;

    /* Host byte streams (always present: "null" when not configured, so
     * scripts can still watch serial output). */
    CharDev *serial[MACHINE_MAX_SERIAL];
    SerialCapture serial_capture[MACHINE_MAX_SERIAL];
    CharDev *parallel;
    CharDev *debugcon;

    /* Guest clock.  guest_ns = skipped_ns + icount * ns_per_insn (virtual:
     * fixed; realtime: re-anchored so guest time follows the host). */
    uint64_t ns_per_insn_fp;   /* ns per instruction, 16.16 fixed point */
    uint64_t anchor_icount;
    uint64_t anchor_ns;
    uint64_t host_start_ns;    /* realtime: host monotonic at power-on */
    uint64_t host_paused_ns;   /* realtime: host time spent paused */
    uint64_t pause_started_ns;
    bool paused;
    /* MIPS meter */
    uint64_t mips_host_ns, mips_icount;
    /* realtime: host ns spent inside cpu_run() (not sleeping or idle) */
    uint64_t exec_host_ns, mips_exec_ns;
    double mips;

    bool exit_requested;
    int exit_status;
    bool reset_requested;
    bool shutdown_pending;
    bool debug_stopped;
    uint64_t debug_started_ns;
};

/* Register a device so machine_reset/save/load reach it. */
int machine_add_device(Machine *m, Device dev);

/* Board files (each owned by the helper that writes the devices). */
int machine_board_platform(Machine *m, char *err, size_t errlen);
int machine_board_storage(Machine *m, char *err, size_t errlen);
int machine_board_video(Machine *m, char *err, size_t errlen);

/* Host monotonic clock in ns. */
uint64_t machine_host_ns(void);

#endif
