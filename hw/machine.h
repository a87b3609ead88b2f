/*
 * hw/machine.h — the machine's public API: what front ends, the script
 * runner, the debugger and the gdb stub may use.
 *
 * Owns: wiring a configuration together (CPU, memory, buses, devices,
 * firmware, disks, character devices), the guest clock policy (realtime or
 * virtual), the run loop that interleaves CPU slices with timed events, and
 * reset/exit requests.
 */
#ifndef PX86_HW_MACHINE_H
#define PX86_HW_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu/cpu.h"
#include "hw/display.h"
#include "hw/keycodes.h"

#define MACHINE_MAX_SERIAL 4
#define MACHINE_MAX_HD 4

typedef enum ClockMode { GUEST_CLOCK_REALTIME, GUEST_CLOCK_VIRTUAL } ClockMode;

typedef struct MachineConfig {
    CpuConfig cpu;
    uint32_t ram_mb;           /* default 16 */
    const char *fd[2];         /* -fda, -fdb */
    const char *hd[MACHINE_MAX_HD]; /* -hda..-hdd (hdc = secondary master) */
    const char *cdrom;         /* secondary master unless -hdc given */
    char boot_order[4];        /* "a", "c", "d", "ca", ... */
    const char *bios_path;     /* NULL: built-in roms/px86-bios.bin */
    const char *vgabios_path;  /* NULL: built-in roms/px86-vgabios.bin */
    const char *serial[MACHINE_MAX_SERIAL]; /* chardev specs, NULL = none */
    const char *parallel;      /* chardev spec for LPT1 */
    const char *debugcon;      /* chardev spec for port 0xE9 */
    bool debug_exit;           /* -device isa-debug-exit */
    uint16_t debug_exit_port;  /* default 0xF4 */
    bool no_reboot;            /* triple fault / reset request -> exit */
    bool snapshot;             /* all disks copy-on-write in memory */
    ClockMode clock;
    uint32_t virtual_mips;     /* instructions per guest microsecond, *1e6 */
    const char *rom_dir;       /* where built-in ROMs live (default set by
                                  the build) */
} MachineConfig;

typedef struct Machine Machine;

void machine_config_defaults(MachineConfig *cfg);
/* NULL and a one-line message in err on failure (bad image, bad ROM...). */
Machine *machine_create(const MachineConfig *cfg, char *err, size_t errlen);
void machine_destroy(Machine *m); /* flushes disks */
void machine_reset(Machine *m);

/* Run the guest for up to `guest_ns` of guest time.  In realtime mode the
 * call also paces itself to the host clock.  Returns early if the machine
 * wants to exit (see machine_exit_status) or a debug stop happened. */
void machine_run_for(Machine *m, uint64_t guest_ns);
/* true once the guest asked to end the run (isa-debug-exit, -no-reboot
 * shutdown, quit from a front end); *status is the process exit status. */
bool machine_exit_status(const Machine *m, int *status);
void machine_request_exit(Machine *m, int status);
uint64_t machine_now_ns(const Machine *m);
bool machine_paused(const Machine *m);
void machine_set_paused(Machine *m, bool paused);
/* Host monotonic clock in ns (front ends pace themselves with it). */
uint64_t machine_host_ns(void);
/* Guest MIPS over the last second of host time (front-end title). */
double machine_mips(Machine *m);

Cpu *machine_cpu(Machine *m);
struct PhysMem *machine_mem(Machine *m);

/* Video. */
/* Render the current picture (only what changed); returns the buffer. */
const DisplayBuffer *machine_render(Machine *m);
void machine_text_screen(Machine *m, TextScreen *out);

/* Input. */
void machine_key(Machine *m, KeyCode key, bool down);
void machine_release_all_keys(Machine *m);
void machine_mouse(Machine *m, int dx, int dy, int dz, unsigned buttons);
unsigned machine_keyboard_leds(Machine *m); /* KBD_LED_* */

/* Serial output seen so far on COM port n (1..4): copies up to len bytes of
 * the most recent output into buf and returns the count. */
size_t machine_serial_tail(Machine *m, int port, char *buf, size_t len);
/* Total bytes ever sent on COM n (scripts wait for text after a mark). */
uint64_t machine_serial_total(Machine *m, int port);

/* Debugger support.  machine_debug_break() stops the guest at the next
 * instruction boundary (safe from a CPU step hook or a signal-free poll);
 * machine_run_for() then returns at once until machine_debug_resume(). */
void machine_debug_break(Machine *m);
bool machine_debug_stopped(const Machine *m);
void machine_debug_resume(Machine *m);
/* Observe every port access (is_write 0/1); NULL to stop. */
void machine_set_io_watch(Machine *m,
                          void (*fn)(void *opaque, uint16_t port, uint32_t val,
                                     unsigned size, int is_write),
                          void *opaque);

/* Debugger: describe device state in words.  `which` is "pic", "pit",
 * "rtc", "vga", "ide" or NULL for all; returns false for an unknown name. */
bool machine_describe_devices(Machine *m, const char *which, FILE *out);

/* Disk activity counter (front-end indicator). */
uint64_t machine_disk_activity(Machine *m);

/* PC speaker: fills `frames` signed 16-bit mono samples at `rate` Hz for
 * the guest time that passed since the last call. */
size_t machine_speaker_samples(Machine *m, int16_t *out, size_t frames,
                               unsigned rate);

#endif
