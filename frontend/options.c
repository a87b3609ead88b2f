/*
 * frontend/options.c — command-line parsing (see options.h).  One table
 * lists every option with its argument and help text; --help prints the
 * same table, so the two cannot drift apart.
 */
#include "frontend/options.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef int (*opt_fn)(Options *o, const char *opt, const char *arg,
                      char *err, size_t errlen);

typedef struct OptionSpec {
    const char *name;  /* without the leading '-' */
    const char *arg;   /* argument placeholder, or NULL for a flag */
    opt_fn handle;
    const char *help;
} OptionSpec;

#define FAIL(...)                                   \
    do {                                            \
        snprintf(err, errlen, __VA_ARGS__);         \
        return -1;                                  \
    } while (0)

static int opt_cpu(Options *o, const char *opt, const char *arg, char *err,
                   size_t errlen)
{
    if (cpu_parse_model(arg, &o->machine.cpu) < 0)
        FAIL("-%s: unknown CPU model '%s' (use 8086, 8088, 186, 286, 386, "
             "386,nofpu, 486, 486sx)", opt, arg);
    return 0;
}

/* "16", "16M", "16m", "1G", "512k" (must be whole MiB). */
static int opt_mem(Options *o, const char *opt, const char *arg, char *err,
                   size_t errlen)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (end == arg || errno || v <= 0)
        FAIL("-%s: '%s' is not a memory size (e.g. 16, 16M, 1G)", opt, arg);
    double mb = v;
    switch (tolower((unsigned char)*end)) {
    case 0: case 'm': break;
    case 'g': mb = v * 1024; break;
    case 'k': mb = v / 1024; break;
    default: FAIL("-%s: '%s' is not a memory size (e.g. 16, 16M, 1G)", opt, arg);
    }
    if (*end && end[1] && !(tolower((unsigned char)end[1]) == 'b' && !end[2]))
        FAIL("-%s: '%s' is not a memory size (e.g. 16, 16M, 1G)", opt, arg);
    if (mb < 1 || mb > 3072 || mb != (double)(unsigned)mb)
        FAIL("-%s: %s is impossible: px86 takes whole MiB from 1 to 3072",
             opt, arg);
    o->machine.ram_mb = (unsigned)mb;
    return 0;
}

static int opt_drive(Options *o, const char *opt, const char *arg, char *err,
                     size_t errlen)
{
    if (!*arg)
        FAIL("-%s needs an image file", opt);
    if (!strcmp(opt, "fda")) o->machine.fd[0] = arg;
    else if (!strcmp(opt, "fdb")) o->machine.fd[1] = arg;
    else if (!strcmp(opt, "hda")) o->machine.hd[0] = arg;
    else if (!strcmp(opt, "hdb")) o->machine.hd[1] = arg;
    else if (!strcmp(opt, "hdc")) o->machine.hd[2] = arg;
    else if (!strcmp(opt, "hdd")) o->machine.hd[3] = arg;
    else o->machine.cdrom = arg;
    return 0;
}

static int opt_boot(Options *o, const char *opt, const char *arg, char *err,
                    size_t errlen)
{
    /* Accept "a", "cd", "order=dc", "c,menu=off"-ish QEMU forms. */
    const char *p = strncmp(arg, "order=", 6) == 0 ? arg + 6 : arg;
    size_t n = 0;
    for (; *p && *p != ','; p++) {
        if (!strchr("acd", *p))
            FAIL("-%s: '%c' is not a boot device (a = floppy, c = hard disk, "
                 "d = CD-ROM)", opt, *p);
        if (n >= sizeof o->machine.boot_order - 1)
            FAIL("-%s: at most 3 boot devices", opt);
        o->machine.boot_order[n++] = *p;
    }
    if (n == 0)
        FAIL("-%s needs a device list such as a, c, d or ca", opt);
    o->machine.boot_order[n] = 0;
    return 0;
}

static int opt_bios(Options *o, const char *opt, const char *arg, char *err,
                    size_t errlen)
{
    if (!strcmp(opt, "bios"))
        o->machine.bios_path = arg;
    else
        o->machine.vgabios_path = arg;
    return 0;
}

static int opt_display(Options *o, const char *opt, const char *arg,
                       char *err, size_t errlen)
{
    char kind[16];
    size_t k = strcspn(arg, ",");
    if (k >= sizeof kind)
        FAIL("-%s: unknown display '%s' (sdl, curses or none)", opt, arg);
    memcpy(kind, arg, k);
    kind[k] = 0;
    if (!strcmp(kind, "sdl")) o->display = "sdl";
    else if (!strcmp(kind, "curses")) o->display = "curses";
    else if (!strcmp(kind, "none")) o->display = "none";
    else FAIL("-%s: unknown display '%s' (sdl, curses or none)", opt, kind);
    /* Sub-options: aspect=square|4:3, scale=integer|fit, audio=on|off */
    const char *p = arg + k;
    while (*p == ',') {
        p++;
        size_t len = strcspn(p, ",");
        if (!strncmp(p, "aspect=square", len) && len == 13)
            o->frontend.square_pixels = true;
        else if (!strncmp(p, "aspect=4:3", len) && len == 10)
            o->frontend.square_pixels = false;
        else if (!strncmp(p, "scale=integer", len) && len == 13)
            o->frontend.integer_scale = true;
        else if (!strncmp(p, "scale=fit", len) && len == 9)
            o->frontend.integer_scale = false;
        else if (!strncmp(p, "audio=off", len) && len == 9)
            o->frontend.audio = false;
        else if (!strncmp(p, "audio=on", len) && len == 8)
            o->frontend.audio = true;
        else
            FAIL("-%s: unknown display option '%.*s'", opt, (int)len, p);
        p += len;
    }
    return 0;
}

static int opt_nographic(Options *o, const char *opt, const char *arg,
                         char *err, size_t errlen)
{
    o->display = "none";
    if (!o->machine.serial[0])
        o->machine.serial[0] = "stdio";
    return 0;
}

static int opt_serial(Options *o, const char *opt, const char *arg, char *err,
                      size_t errlen)
{
    if (!strcmp(opt, "parallel")) {
        o->machine.parallel = arg;
        return 0;
    }
    if (!strcmp(opt, "debugcon")) {
        o->machine.debugcon = arg;
        return 0;
    }
    for (int i = 0; i < MACHINE_MAX_SERIAL; i++) {
        if (!o->machine.serial[i]) {
            o->machine.serial[i] = arg;
            return 0;
        }
    }
    FAIL("-%s: at most %d serial ports", opt, MACHINE_MAX_SERIAL);
}

static int opt_device(Options *o, const char *opt, const char *arg, char *err,
                      size_t errlen)
{
    size_t k = strcspn(arg, ",");
    if (k == 14 && !strncmp(arg, "isa-debug-exit", 14)) {
        o->machine.debug_exit = true;
        const char *p = arg + k;
        while (*p == ',') {
            p++;
            size_t len = strcspn(p, ",");
            if (!strncmp(p, "iobase=", 7)) {
                char *end;
                unsigned long v = strtoul(p + 7, &end, 0);
                if (end != p + len || v > 0xFFFF)
                    FAIL("-%s: bad iobase in '%s'", opt, arg);
                o->machine.debug_exit_port = (uint16_t)v;
            } else if (!strncmp(p, "iosize=", 7)) {
                /* accepted for QEMU compatibility; the port takes 1, 2 or
                 * 4-byte writes at iobase */
            } else {
                FAIL("-%s: unknown isa-debug-exit option '%.*s'", opt,
                     (int)len, p);
            }
            p += len;
        }
        return 0;
    }
    FAIL("-%s: unknown device '%.*s' (px86 has: isa-debug-exit)", opt, (int)k,
         arg);
}

static int opt_flag(Options *o, const char *opt, const char *arg, char *err,
                    size_t errlen)
{
    if (!strcmp(opt, "no-reboot")) o->machine.no_reboot = true;
    else if (!strcmp(opt, "snapshot")) o->machine.snapshot = true;
    else if (!strcmp(opt, "S")) o->gdb_wait = true;
    else if (!strcmp(opt, "full-screen")) o->frontend.fullscreen = true;
    else if (!strcmp(opt, "help") || !strcmp(opt, "h")) o->help = true;
    else if (!strcmp(opt, "version")) o->version = true;
    return 0;
}

static int opt_clock(Options *o, const char *opt, const char *arg, char *err,
                     size_t errlen)
{
    if (!strcmp(arg, "realtime")) {
        o->machine.clock = GUEST_CLOCK_REALTIME;
        return 0;
    }
    if (!strncmp(arg, "virtual", 7)) {
        o->machine.clock = GUEST_CLOCK_VIRTUAL;
        if (arg[7] == 0)
            return 0;
        if (!strncmp(arg + 7, ",mips=", 6)) {
            char *end;
            unsigned long v = strtoul(arg + 13, &end, 10);
            if (*end || v < 1 || v > 10000)
                FAIL("-%s: mips must be 1..10000 in '%s'", opt, arg);
            o->machine.virtual_mips = (uint32_t)v;
            return 0;
        }
    }
    FAIL("-%s: '%s' is not a clock (realtime, virtual or virtual,mips=N)", opt,
         arg);
}

static int opt_script(Options *o, const char *opt, const char *arg,
                      char *err, size_t errlen)
{
    o->script = arg;
    return 0;
}

static int opt_timeout(Options *o, const char *opt, const char *arg,
                       char *err, size_t errlen)
{
    char *end;
    double v = strtod(arg, &end);
    if (end == arg || *end || v <= 0 || v > 1e7)
        FAIL("-%s: '%s' is not a number of seconds", opt, arg);
    o->timeout_s = v;
    return 0;
}

static int opt_debug(Options *o, const char *opt, const char *arg, char *err,
                     size_t errlen)
{
    if (!strcmp(opt, "gdb")) o->gdb = arg;
    else if (!strcmp(opt, "monitor")) o->monitor = arg;
    else o->trace = arg;
    return 0;
}

static const OptionSpec option_table[] = {
    {"cpu", "MODEL", opt_cpu, "8086, 8088, 186, 286, 386, 386,nofpu, 486 (default), 486sx"},
    {"m", "SIZE", opt_mem, "guest RAM, e.g. 16 (MiB, default), 64M, 1G"},
    {"fda", "IMAGE", opt_drive, "floppy A: image (160K..2.88M raw)"},
    {"fdb", "IMAGE", opt_drive, "floppy B: image"},
    {"hda", "IMAGE", opt_drive, "IDE primary master disk image (raw)"},
    {"hdb", "IMAGE", opt_drive, "IDE primary slave disk image"},
    {"hdc", "IMAGE", opt_drive, "IDE secondary master disk image"},
    {"hdd", "IMAGE", opt_drive, "IDE secondary slave disk image"},
    {"cdrom", "ISO", opt_drive, "ATAPI CD-ROM image (secondary master unless -hdc)"},
    {"boot", "ORDER", opt_boot, "boot order from a (floppy), c (disk), d (CD), e.g. ca"},
    {"bios", "FILE", opt_bios, "system BIOS image (64/128/256 KiB), default: ours"},
    {"vgabios", "FILE", opt_bios, "VGA BIOS option ROM, default: ours"},
    {"display", "TYPE", opt_display, "sdl[,aspect=square][,scale=integer][,audio=off], curses, none"},
    {"nographic", NULL, opt_nographic, "same as -display none -serial stdio"},
    {"full-screen", NULL, opt_flag, "start the SDL window full screen"},
    {"serial", "DEV", opt_serial, "next COM port: stdio, file:PATH, pty, tcp:[HOST]:PORT[,server][,nowait], null, none"},
    {"parallel", "DEV", opt_serial, "LPT1 output: file:PATH, stdio, null, none"},
    {"debugcon", "DEV", opt_serial, "port 0xE9 debug console output: stdio, file:PATH, ..."},
    {"device", "DEV", opt_device, "isa-debug-exit[,iobase=0xf4]: a write of V exits with (V<<1)|1"},
    {"no-reboot", NULL, opt_flag, "exit instead of rebooting (triple fault, reset)"},
    {"snapshot", NULL, opt_flag, "keep disk writes in memory; image files stay untouched"},
    {"clock", "MODE", opt_clock, "realtime (default) or virtual[,mips=N]: time from the instruction count (deterministic)"},
    {"script", "FILE", opt_script, "run a script of wait-screen/type/key/... commands (see README)"},
    {"timeout", "SECONDS", opt_timeout, "exit with status 124 after this much host time"},
    {"gdb", "tcp::PORT", opt_debug, "gdb remote stub on 127.0.0.1:PORT"},
    {"S", NULL, opt_flag, "wait for gdb before the first instruction"},
    {"monitor", "stdio", opt_debug, "built-in debugger on the terminal"},
    {"trace", "FILE", opt_debug, "instruction trace with disassembly to FILE"},
    {"version", NULL, opt_flag, "print the version and exit"},
    {"help", NULL, opt_flag, "this help"},
    {"h", NULL, opt_flag, NULL},
};

#define NOPTIONS (sizeof option_table / sizeof option_table[0])

void options_usage(FILE *out)
{
    fprintf(out,
            "Usage: px86 [options]\n"
            "A portable x86 PC emulator (8086 to 486).  Example:\n"
            "  px86 -fda freedos.img            boot a DOS floppy in a window\n"
            "  px86 -display curses -fda dos.img   the same in this terminal\n\n"
            "Options (one or two dashes):\n");
    for (size_t i = 0; i < NOPTIONS; i++) {
        const OptionSpec *s = &option_table[i];
        if (!s->help)
            continue;
        char left[40];
        snprintf(left, sizeof left, "-%s%s%s", s->name, s->arg ? " " : "",
                 s->arg ? s->arg : "");
        fprintf(out, "  %-22s %s\n", left, s->help);
    }
    fprintf(out,
            "\nSDL window hotkeys (hold Ctrl+Alt): G release the mouse (click to grab;\n"
            "the title shows [grabbed]), F full screen, P pause/resume, R reset,\n"
            "S screenshot (PNG), Q quit; Del goes to the guest as Ctrl-Alt-Del\n"
            "(Ctrl+Alt+End does the same where the desktop keeps Ctrl+Alt+Del).\n"
            "Terminal display (-display curses): Ctrl-] then q quit, p pause,\n"
            "r reset, d Ctrl-Alt-Del, s screenshot, l redraw, h help.\n"
            "\nExit status: the guest's (isa-debug-exit: (V<<1)|1), 1 for bad options\n"
            "or files, 3 when a script wait times out, 124 on -timeout.\n");
}

int options_parse(int argc, char **argv, Options *o, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    machine_config_defaults(&o->machine);
    o->frontend.audio = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == 0) {
            /* A bare image name, as QEMU allows: the first floppy/disk. */
            FAIL("unexpected argument '%s' (did you mean -fda %s?)", a, a);
        }
        const char *name = a + 1;
        if (name[0] == '-')
            name++;
        const OptionSpec *spec = NULL;
        for (size_t k = 0; k < NOPTIONS; k++)
            if (!strcmp(option_table[k].name, name))
                spec = &option_table[k];
        if (!spec)
            FAIL("unknown option '%s' (see px86 --help)", a);
        const char *arg = NULL;
        if (spec->arg) {
            if (i + 1 >= argc)
                FAIL("option '%s' needs an argument (%s)", a, spec->arg);
            arg = argv[++i];
        }
        if (spec->handle(o, spec->name, arg, err, errlen) < 0)
            return -1;
    }
    return 0;
}
