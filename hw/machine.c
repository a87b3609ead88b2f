/*
 * hw/machine.c — wires a MachineConfig into a running PC: memory, buses,
 * CPU, firmware, character devices and the device groups (board files);
 * owns the guest clock policy and the run loop that interleaves CPU slices
 * with timed events.
 *
 * Guest time: guest_ns = anchor_ns + (icount - anchor_icount) * ns/insn.
 *  - virtual clock: ns/insn is fixed (1000 / virtual_mips) and HLT skips
 *    straight to the next event, so a run depends only on its inputs;
 *  - realtime clock: ns/insn is re-estimated from the measured speed and
 *    the anchor is moved so guest time follows the host clock (the loop
 *    sleeps when the guest is ahead, jumps when it falls behind).
 */
#include "hw/machine_internal.h"
#include "hw/fwcfg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FP_ONE 65536u
/* Longest CPU slice between looks at the event list, in guest time. */
#define MAX_SLICE_NS 1000000ull /* 1 ms */

uint64_t machine_host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

static void host_sleep_ns(uint64_t ns)
{
    struct timespec ts = {(time_t)(ns / NS_PER_SEC), (long)(ns % NS_PER_SEC)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* ---- clock ------------------------------------------------------------- */

static uint64_t guest_now(void *opaque)
{
    const Machine *m = opaque;
    uint64_t d = cpu_icount(m->cpu) - m->anchor_icount;
    return m->anchor_ns + ((d * m->ns_per_insn_fp) >> 16);
}

uint64_t machine_now_ns(const Machine *m)
{
    return guest_now((void *)m);
}

/* Move the anchor to the present without changing guest time. */
static void clock_reanchor(Machine *m)
{
    m->anchor_ns = guest_now(m);
    m->anchor_icount = cpu_icount(m->cpu);
}

static uint64_t host_elapsed(const Machine *m)
{
    uint64_t now = m->paused ? m->pause_started_ns : machine_host_ns();
    return now - m->host_start_ns - m->host_paused_ns;
}

static void sched_kick(void *opaque)
{
    Machine *m = opaque;
    if (m->cpu)
        cpu_request_exit(m->cpu);
}

/* ---- bus callbacks ----------------------------------------------------- */

static void bus_request_reset(void *opaque)
{
    Machine *m = opaque;
    if (m->cfg.no_reboot) {
        machine_request_exit(m, 0);
        return;
    }
    m->reset_requested = true;
    cpu_request_exit(m->cpu);
}

static void bus_request_exit(void *opaque, int status)
{
    machine_request_exit(opaque, status);
}

static void bus_cpu_nmi(void *opaque)
{
    Machine *m = opaque;
    cpu_raise_nmi(m->cpu);
}

static void bus_ferr_clear(void *opaque)
{
    (void)opaque; /* FERR# is re-asserted by the CPU while an error pends */
}

/* CPU host interface. */
static uint32_t cpu_io_read(void *opaque, uint16_t port, unsigned size)
{
    Machine *m = opaque;
    return io_read(m->io, port, size);
}

static void cpu_io_write(void *opaque, uint16_t port, uint32_t val,
                         unsigned size)
{
    Machine *m = opaque;
    io_write(m->io, port, val, size);
}

static uint8_t cpu_intr_ack(void *opaque)
{
    Machine *m = opaque;
    return m->hooks.pic_ack ? m->hooks.pic_ack(m->hooks.pic) : 0x08;
}

static void cpu_shutdown(void *opaque)
{
    Machine *m = opaque;
    if (m->cfg.no_reboot) {
        fprintf(stderr, "px86: guest shut down (triple fault); exiting "
                        "because of -no-reboot\n");
        machine_request_exit(m, 0);
    } else {
        m->reset_requested = true;
    }
    cpu_request_exit(m->cpu);
}

static void cpu_ferr(void *opaque, bool level)
{
    Machine *m = opaque;
    bus_irq(&m->bus, 13, level);
}

/* ---- firmware ---------------------------------------------------------- */

static uint8_t *read_file(const char *path, size_t *len, char *err,
                          size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            if (cap >= 16u << 20) {
                snprintf(err, errlen, "'%s' is too large for a ROM", path);
                free(buf);
                fclose(f);
                return NULL;
            }
            cap = cap ? cap * 2 : 65536;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                snprintf(err, errlen, "out of memory reading '%s'", path);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

static void rom_path(const Machine *m, const char *given, const char *name,
                     char *out, size_t outlen)
{
    if (given)
        snprintf(out, outlen, "%s", given);
    else
        snprintf(out, outlen, "%s/%s", m->cfg.rom_dir ? m->cfg.rom_dir : "roms",
                 name);
}

/* System BIOS: 64, 128 or 256 KiB.  The last 128 KiB (or all of a 64 KiB
 * image) appear below 1 MiB, ending at 0xFFFFF; the whole image also ends
 * at 4 GiB (386+ reset vector) and, for the 286's 24-bit bus, at 16 MiB.
 * Our own BIOS is read-only; other firmware gets writable shadow RAM, as
 * an ISA PC with shadowing (and QEMU's isapc) provides. */
static int load_bios(Machine *m, char *err, size_t errlen)
{
    char path[4096];
    rom_path(m, m->cfg.bios_path, "pcbios.bin", path, sizeof path);
    size_t len;
    uint8_t *img = read_file(path, &len, err, errlen);
    if (!img)
        return -1;
    if (len != 65536 && len != 131072 && len != 262144) {
        snprintf(err, errlen, "BIOS image '%s' is %zu bytes; expected 64, 128 "
                 "or 256 KiB", path, len);
        free(img);
        return -1;
    }
    bool external = m->cfg.bios_path != NULL;
    size_t low = len > 131072 ? 131072 : len;
    int rc = mem_map_rom(m->mem, "bios", (uint32_t)(0x100000 - low),
                         img + (len - low), (uint32_t)low, external);
    if (rc == 0)
        rc = mem_map_rom(m->mem, "bios-high", (uint32_t)(0x100000000ull - len),
                         img, (uint32_t)len, false);
    if (rc == 0 && m->mem->ram_size <= 0x1000000 - len)
        rc = mem_map_rom(m->mem, "bios-16m", (uint32_t)(0x1000000 - len), img,
                         (uint32_t)len, false);
    free(img);
    if (rc) {
        snprintf(err, errlen, "cannot map the BIOS image");
        return -1;
    }
    return 0;
}

static int load_vgabios(Machine *m, char *err, size_t errlen)
{
    char path[4096];
    rom_path(m, m->cfg.vgabios_path, "vgabios.bin", path, sizeof path);
    size_t len;
    uint8_t *img = read_file(path, &len, err, errlen);
    if (!img)
        return -1;
    if (len < 512 || len > 0x10000 || img[0] != 0x55 || img[1] != 0xAA) {
        snprintf(err, errlen, "VGA BIOS '%s' is not an option ROM (needs the "
                 "55 AA signature, 512 bytes to 64 KiB)", path);
        free(img);
        return -1;
    }
    /* Other firmware gets the VGA BIOS as writable shadow RAM and through
     * fw_cfg: SeaBIOS (QEMU build) deploys and runs "vgaroms/" files and
     * never scans C0000h on its own. */
    bool external = m->cfg.bios_path != NULL;
    int rc = mem_map_rom(m->mem, "vgabios", 0xC0000, img, (uint32_t)len,
                         external);
    if (rc == 0 && external) {
        FwCfg *fw = fwcfg_create(&m->bus);
        if (!fw || fwcfg_add_file(fw, "vgaroms/vgabios.bin", img, len) ||
            machine_add_device(m, fwcfg_device(fw))) {
            fwcfg_destroy(fw);
            free(img);
            snprintf(err, errlen, "cannot create fw_cfg");
            return -1;
        }
    }
    free(img);
    if (rc == 0 && m->cfg.bios_path) {
        /* Other firmware: the option-ROM area from the end of the VGA BIOS
         * up to the system BIOS is RAM, for firmware that copies ROMs
         * there (SeaBIOS's VGA BIOS is 38.5 KiB: it reaches past C8000h). */
        uint32_t start = (0xC0000 + (uint32_t)len + 0xFFF) & ~0xFFFu;
        if (start < 0xC8000)
            start = 0xC8000;
        static uint8_t zero[0x20000];
        rc = mem_map_rom(m->mem, "option-rom-ram", start, zero,
                         0xE0000 - start, true);
    }
    if (rc) {
        snprintf(err, errlen, "cannot map the VGA BIOS");
        return -1;
    }
    return 0;
}

/* ---- CMOS: the standard PC fields, in the layout BIOSes expect -------- */

static void cmos_set(Machine *m, uint8_t idx, uint8_t val)
{
    if (m->hooks.cmos_write)
        m->hooks.cmos_write(m->hooks.rtc, idx, val);
}

static uint8_t boot_code(char c)
{
    switch (c) {
    case 'a': return 1; /* floppy */
    case 'c': return 2; /* hard disk */
    case 'd': return 3; /* CD-ROM */
    default: return 0;
    }
}

static void cmos_fill_memory_and_boot(Machine *m)
{
    uint32_t ram = m->mem->ram_size;
    cmos_set(m, 0x15, 0x80); /* 640 KiB base memory */
    cmos_set(m, 0x16, 0x02);
    uint32_t ext_kb = ram > 0x100000 ? (ram - 0x100000) / 1024 : 0;
    if (ext_kb > 0xFFFF)
        ext_kb = 0xFFFF;
    cmos_set(m, 0x17, (uint8_t)ext_kb);
    cmos_set(m, 0x18, (uint8_t)(ext_kb >> 8));
    cmos_set(m, 0x30, (uint8_t)ext_kb);
    cmos_set(m, 0x31, (uint8_t)(ext_kb >> 8));
    uint32_t above16 = ram > 0x1000000 ? (ram - 0x1000000) / 65536 : 0;
    cmos_set(m, 0x34, (uint8_t)above16);
    cmos_set(m, 0x35, (uint8_t)(above16 >> 8));
    cmos_set(m, 0x32, 0x20); /* century, BCD */
    /* Boot order, QEMU/Bochs convention: 0x3D low/high nibble = 1st/2nd,
     * 0x38 bits 7-4 = 3rd; bit 0 of 0x38 = skip the floppy signature check
     * (left clear). */
    const char *b = m->cfg.boot_order;
    uint8_t d1 = b[0] ? boot_code(b[0]) : 1;
    uint8_t d2 = b[0] && b[1] ? boot_code(b[1]) : 0;
    uint8_t d3 = b[0] && b[1] && b[2] ? boot_code(b[2]) : 0;
    cmos_set(m, 0x3D, (uint8_t)(d1 | (d2 << 4)));
    cmos_set(m, 0x38, (uint8_t)(d3 << 4));
    /* Equipment byte: VGA (bits 5-4 = 00), FPU (bit 1); floppies are added
     * by the storage board. */
    uint8_t equip = cpu_has_fpu(m->cpu) ? 0x02 : 0x00;
    if (m->hooks.cmos_read)
        equip |= m->hooks.cmos_read(m->hooks.rtc, 0x14) & 0xC1;
    cmos_set(m, 0x14, equip);
    if (m->hooks.cmos_checksum)
        m->hooks.cmos_checksum(m->hooks.rtc);
}

/* ---- character devices ----------------------------------------------- */

static void serial_tap(void *opaque, const uint8_t *data, size_t len)
{
    SerialCapture *c = opaque;
    for (size_t i = 0; i < len; i++)
        c->ring[(c->total + i) % SERIAL_RING] = (char)data[i];
    c->total += len;
}

static CharDev *open_chardev(const char *spec, const char *what, char *err,
                             size_t errlen)
{
    char e[256];
    CharDev *cd = chardev_open(spec ? spec : "null", e, sizeof e);
    if (!cd)
        snprintf(err, errlen, "%s: %s", what, e);
    return cd;
}

/* ---- lifecycle ---------------------------------------------------------- */

int machine_add_device(Machine *m, Device dev)
{
    if (m->ndevices >= MACHINE_MAX_DEVICES)
        return -1;
    m->devices[m->ndevices++] = dev;
    return 0;
}

Machine *machine_create(const MachineConfig *cfg, char *err, size_t errlen)
{
    Machine *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    m->cfg = *cfg;
    uint32_t ram_mb = cfg->ram_mb;
    if (ram_mb < 1 || ram_mb > 3072) {
        snprintf(err, errlen, "memory size %u MiB is impossible (1..3072)",
                 ram_mb);
        free(m);
        return NULL;
    }
    if (cfg->cpu.model <= CPU_186 && ram_mb > 1)
        ram_mb = 1; /* 20 address lines */
    if (cfg->cpu.model == CPU_286 && ram_mb > 15)
        ram_mb = 15; /* 24 address lines, top MiB for the BIOS */
    m->cfg.ram_mb = ram_mb;

    m->mem = mem_create(ram_mb << 20);
    m->io = io_create();
    if (!m->mem || !m->io) {
        snprintf(err, errlen, "cannot allocate %u MiB of guest memory", ram_mb);
        machine_destroy(m);
        return NULL;
    }
    sched_init(&m->sched, guest_now, m);
    sched_set_kick(&m->sched, sched_kick, m);
    m->bus = (Bus){
        .mem = m->mem, .io = m->io, .sched = &m->sched,
        .request_reset = bus_request_reset, .request_exit = bus_request_exit,
        .cpu_nmi = bus_cpu_nmi, .cpu_ferr_clear = bus_ferr_clear,
        .machine = m,
    };
    CpuHost host = {
        .io_read = cpu_io_read, .io_write = cpu_io_write,
        .intr_ack = cpu_intr_ack, .shutdown = cpu_shutdown, .ferr = cpu_ferr,
        .opaque = m,
    };
    m->cpu = cpu_create(&cfg->cpu, m->mem, &host);
    if (!m->cpu) {
        snprintf(err, errlen, "cannot create the CPU");
        machine_destroy(m);
        return NULL;
    }
    uint32_t mips = cfg->virtual_mips ? cfg->virtual_mips : 100;
    m->ns_per_insn_fp = (uint64_t)1000 * FP_ONE / mips;
    m->host_start_ns = machine_host_ns();

    for (int i = 0; i < MACHINE_MAX_SERIAL; i++) {
        char what[16];
        snprintf(what, sizeof what, "-serial COM%d", i + 1);
        m->serial[i] = open_chardev(cfg->serial[i], what, err, errlen);
        if (!m->serial[i]) {
            machine_destroy(m);
            return NULL;
        }
        chardev_add_tap(m->serial[i], serial_tap, &m->serial_capture[i]);
    }
    m->parallel = open_chardev(cfg->parallel, "-parallel", err, errlen);
    if (m->parallel)
        m->debugcon = open_chardev(cfg->debugcon, "-debugcon", err, errlen);
    if (!m->parallel || !m->debugcon) {
        machine_destroy(m);
        return NULL;
    }

    if (load_bios(m, err, errlen) || load_vgabios(m, err, errlen) ||
        machine_board_platform(m, err, errlen) ||
        machine_board_video(m, err, errlen) ||
        machine_board_storage(m, err, errlen)) {
        machine_destroy(m);
        return NULL;
    }
    cmos_fill_memory_and_boot(m);
    machine_reset(m);
    return m;
}

void machine_destroy(Machine *m)
{
    if (!m)
        return;
    if (m->hooks.flush_disks)
        m->hooks.flush_disks(m->hooks.storage);
    for (unsigned i = m->ndevices; i-- > 0;)
        if (m->devices[i].destroy)
            m->devices[i].destroy(m->devices[i].self);
    for (int i = 0; i < MACHINE_MAX_SERIAL; i++)
        if (m->serial[i])
            chardev_close(m->serial[i]);
    if (m->parallel)
        chardev_close(m->parallel);
    if (m->debugcon)
        chardev_close(m->debugcon);
    if (m->cpu)
        cpu_destroy(m->cpu);
    io_destroy(m->io);
    mem_destroy(m->mem);
    free(m);
}

void machine_reset(Machine *m)
{
    if (m->hooks.flush_disks)
        m->hooks.flush_disks(m->hooks.storage);
    mem_set_a20(m->mem, true);
    for (unsigned i = 0; i < m->ndevices; i++)
        if (m->devices[i].reset)
            m->devices[i].reset(m->devices[i].self);
    cpu_reset(m->cpu);
    clock_reanchor(m);
    m->reset_requested = false;
}

void machine_request_exit(Machine *m, int status)
{
    if (!m->exit_requested) {
        m->exit_requested = true;
        m->exit_status = status;
    }
    if (m->cpu)
        cpu_request_exit(m->cpu);
}

bool machine_exit_status(const Machine *m, int *status)
{
    if (m->exit_requested && status)
        *status = m->exit_status;
    return m->exit_requested;
}

bool machine_paused(const Machine *m) { return m->paused; }

void machine_set_paused(Machine *m, bool paused)
{
    if (paused == m->paused)
        return;
    uint64_t now = machine_host_ns();
    if (paused)
        m->pause_started_ns = now;
    else
        m->host_paused_ns += now - m->pause_started_ns;
    m->paused = paused;
}

/* ---- run loop ---------------------------------------------------------- */

static void realtime_sync(Machine *m)
{
    uint64_t guest = guest_now(m);
    uint64_t host = host_elapsed(m);
    if (guest > host + 2000000) {
        /* Guest ahead by more than 2 ms: wait for the host. */
        host_sleep_ns(guest - host - 1000000);
    } else if (host > guest + 50000000) {
        /* More than 50 ms behind (slow host, or we were stopped): jump. */
        clock_reanchor(m);
        m->anchor_ns = host;
    }
}

static void mips_update(Machine *m)
{
    uint64_t host = machine_host_ns();
    uint64_t dt = host - m->mips_host_ns;
    if (dt < 250000000ull)
        return;
    uint64_t ic = cpu_icount(m->cpu);
    uint64_t insns = ic - m->mips_icount;
    m->mips = (double)insns * 1000.0 / (double)dt; /* what the user sees */
    uint64_t exec = m->exec_host_ns - m->mips_exec_ns;
    m->mips_host_ns = host;
    m->mips_icount = ic;
    m->mips_exec_ns = m->exec_host_ns;
    if (m->cfg.clock == GUEST_CLOCK_REALTIME && exec > 10000000ull &&
        insns > 100000) {
        /* Guest time per instruction follows how fast the CPU executes,
         * measured over the time spent in cpu_run() only.  (Measuring over
         * wall time would count our own sleeps: a CPU faster than the
         * estimate gets ahead, sleeps, looks slower, gets a larger
         * ns/instruction and sleeps even more.) */
        clock_reanchor(m);
        uint64_t fp = (exec << 16) / insns;
        m->ns_per_insn_fp = fp ? fp : 1;
    }
}

double machine_mips(Machine *m) { return m->mips; }

void machine_debug_break(Machine *m)
{
    if (!m->debug_stopped) {
        m->debug_stopped = true;
        m->debug_started_ns = machine_host_ns();
    }
    cpu_request_exit(m->cpu);
}

bool machine_debug_stopped(const Machine *m) { return m->debug_stopped; }

void machine_debug_resume(Machine *m)
{
    if (!m->debug_stopped)
        return;
    /* Host time spent stopped in the debugger is not guest time. */
    m->host_paused_ns += machine_host_ns() - m->debug_started_ns;
    m->debug_stopped = false;
}

void machine_set_io_watch(Machine *m,
                          void (*fn)(void *opaque, uint16_t port, uint32_t val,
                                     unsigned size, int is_write),
                          void *opaque)
{
    io_set_watch(m->io, fn, opaque);
}

void machine_run_for(Machine *m, uint64_t guest_ns)
{
    if (m->debug_stopped)
        return;
    if (m->paused) {
        host_sleep_ns(10000000);
        return;
    }
    uint64_t end = guest_now(m) + guest_ns;
    while (!m->exit_requested && !m->debug_stopped) {
        if (m->reset_requested)
            machine_reset(m);
        uint64_t now = guest_now(m);
        sched_run_due(&m->sched, now);
        if (m->exit_requested || now >= end)
            break;
        uint64_t deadline = sched_next_deadline(&m->sched);
        if (deadline > end)
            deadline = end;
        if (deadline > now + MAX_SLICE_NS)
            deadline = now + MAX_SLICE_NS;
        if (cpu_is_halted(m->cpu)) {
            /* Idle: jump guest time to the next event (virtual), or wait
             * for it on the host clock (realtime). */
            if (m->cfg.clock == GUEST_CLOCK_REALTIME) {
                uint64_t host = host_elapsed(m);
                if (deadline > host)
                    host_sleep_ns(deadline - host);
            }
            clock_reanchor(m);
            m->anchor_ns = deadline;
        } else {
            uint64_t n = (((deadline - now) << 16) + m->ns_per_insn_fp - 1) /
                         m->ns_per_insn_fp;
            uint64_t t0 = machine_host_ns();
            cpu_run(m->cpu, n ? n : 1);
            m->exec_host_ns += machine_host_ns() - t0;
        }
        if (m->cfg.clock == GUEST_CLOCK_REALTIME)
            realtime_sync(m);
    }
    mips_update(m);
}

/* ---- front-end API ----------------------------------------------------- */

Cpu *machine_cpu(Machine *m) { return m->cpu; }
PhysMem *machine_mem(Machine *m) { return m->mem; }

const DisplayBuffer *machine_render(Machine *m)
{
    static DisplayBuffer blank;
    return m->hooks.render ? m->hooks.render(m->hooks.video) : &blank;
}

void machine_text_screen(Machine *m, TextScreen *out)
{
    if (m->hooks.text_screen) {
        m->hooks.text_screen(m->hooks.video, out);
    } else {
        memset(out, 0, sizeof *out);
    }
}

void machine_key(Machine *m, KeyCode key, bool down)
{
    if (m->hooks.key && key > KEY_NONE && key < KEY_COUNT)
        m->hooks.key(m->hooks.kbd, key, down);
}

void machine_release_all_keys(Machine *m)
{
    if (m->hooks.release_all_keys)
        m->hooks.release_all_keys(m->hooks.kbd);
}

void machine_mouse(Machine *m, int dx, int dy, int dz, unsigned buttons)
{
    if (m->hooks.mouse_motion)
        m->hooks.mouse_motion(m->hooks.mouse, dx, dy, dz, buttons);
}

unsigned machine_keyboard_leds(Machine *m)
{
    return m->hooks.leds ? m->hooks.leds(m->hooks.kbd) : 0;
}

size_t machine_serial_tail(Machine *m, int port, char *buf, size_t len)
{
    if (port < 1 || port > MACHINE_MAX_SERIAL || len == 0)
        return 0;
    const SerialCapture *c = &m->serial_capture[port - 1];
    uint64_t have = c->total < SERIAL_RING ? c->total : SERIAL_RING;
    if (len > have)
        len = (size_t)have;
    uint64_t start = c->total - len;
    for (size_t i = 0; i < len; i++)
        buf[i] = c->ring[(start + i) % SERIAL_RING];
    return len;
}

uint64_t machine_serial_total(Machine *m, int port)
{
    if (port < 1 || port > MACHINE_MAX_SERIAL)
        return 0;
    return m->serial_capture[port - 1].total;
}

uint64_t machine_disk_activity(Machine *m)
{
    return m->hooks.disk_activity ? m->hooks.disk_activity(m->hooks.storage)
                                  : 0;
}

size_t machine_speaker_samples(Machine *m, int16_t *out, size_t frames,
                               unsigned rate)
{
    if (m->hooks.speaker_samples)
        return m->hooks.speaker_samples(m->hooks.speaker, out, frames, rate);
    memset(out, 0, frames * sizeof *out);
    return frames;
}
