/*
 * frontend/main.c — px86's entry point: parse the command line, build the
 * machine, pick a front end, and run the main loop that interleaves guest
 * slices with the script, the front end and the host-time limit.
 */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "frontend/debugger.h"
#include "frontend/frontend.h"
#include "frontend/gdbstub.h"
#include "frontend/monitor.h"
#include "frontend/options.h"
#include "frontend/script.h"
#include "hw/machine.h"

#define EXIT_BAD_USAGE 1
#define EXIT_HOST_TIMEOUT 124
#define SLICE_NS 10000000ull      /* guest time between looks at the world */
#define POLL_HOST_NS 16000000ull  /* front-end poll period (~60 Hz) */

static volatile sig_atomic_t got_signal;
static void on_signal(int sig) { got_signal = sig; }

/* Built-in ROMs: PX86_ROM_DIR, then roms/ beside the binary, then the
 * source tree, then the installed data dir. */
static const char *find_rom_dir(const char *argv0)
{
    static char buf[4096];
    const char *env = getenv("PX86_ROM_DIR");
    if (env && *env)
        return env;
    const char *slash = strrchr(argv0, '/');
    if (slash) {
        snprintf(buf, sizeof buf, "%.*s/roms", (int)(slash - argv0), argv0);
    } else {
        snprintf(buf, sizeof buf, "roms");
    }
    char probe[4200];
    snprintf(probe, sizeof probe, "%s/pcbios.bin", buf);
    if (access(probe, R_OK) == 0)
        return buf;
    snprintf(probe, sizeof probe, "%s/roms/pcbios.bin", PX86_SRCDIR);
    if (access(probe, R_OK) == 0) {
        snprintf(buf, sizeof buf, "%s/roms", PX86_SRCDIR);
        return buf;
    }
    return PX86_DATADIR;
}

/* The built-in debugger on standard input.  From a terminal every line
 * runs as it arrives; from a pipe (a scripted session) the next line is
 * read only while the guest is stopped, so `cont` waits for the stop. */
typedef struct MonitorIo {
    bool active, tty, eof, reported;
    char line[1024];
    size_t len;
} MonitorIo;

static void monitor_prompt(MonitorIo *mi)
{
    if (mi->tty) {
        fputs("(px86) ", stdout);
        fflush(stdout);
    }
}

static void monitor_poll(MonitorIo *mi, Debugger *dbg, int wait_ms)
{
    if (!mi->active || mi->eof)
        return;
    if (!mi->tty && !dbg_stopped(dbg))
        return;
    struct pollfd pf = {STDIN_FILENO, POLLIN, 0};
    if (poll(&pf, 1, wait_ms) <= 0)
        return;
    char c;
    while (read(STDIN_FILENO, &c, 1) == 1) {
        if (c != '\n') {
            if (mi->len < sizeof mi->line - 1)
                mi->line[mi->len++] = c;
            continue;
        }
        mi->line[mi->len] = 0;
        mi->len = 0;
        if (!mi->tty)
            printf("(px86) %s\n", mi->line);
        monitor_execute(dbg, mi->line, stdout);
        fflush(stdout);
        if (dbg_stopped(dbg))
            monitor_prompt(mi);
        return; /* one command per poll: the next may need a stop first */
    }
    mi->eof = true;
    if (dbg_stopped(dbg))
        dbg_continue(dbg); /* end of a scripted session: let the guest run */
}

static Frontend *pick_frontend(const Options *o, Machine *m)
{
    const char *want = o->display;
    if (!want) {
        const char *d = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
        if (PX86_HAVE_SDL && ((d && *d) || (w && *w)))
            want = "sdl";
        else if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
            want = "curses";
        else
            want = "none";
    }
    char err[256];
    if (!strcmp(want, "sdl")) {
        Frontend *fe = frontend_sdl();
        if (!fe) {
            fprintf(stderr, "px86: this build has no SDL2 window; ");
        } else if (fe->init(fe, m, &o->frontend, err, sizeof err) == 0) {
            return fe;
        } else {
            fprintf(stderr, "px86: cannot open the SDL window (%s); ", err);
            fe->shutdown(fe); /* frees it */
        }
        want = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) ? "curses"
                                                             : "none";
        fprintf(stderr, "falling back to -display %s\n", want);
    }
    if (!strcmp(want, "curses")) {
        Frontend *fe = frontend_curses();
        if (fe && fe->init(fe, m, &o->frontend, err, sizeof err) == 0)
            return fe;
        fprintf(stderr, "px86: cannot use the terminal display (%s); "
                        "running headless\n", fe ? err : "not built");
        if (fe)
            fe->shutdown(fe);
    }
    Frontend *fe = frontend_headless();
    if (fe->init(fe, m, &o->frontend, err, sizeof err) != 0) {
        fprintf(stderr, "px86: %s\n", err);
        return NULL;
    }
    return fe;
}

int main(int argc, char **argv)
{
    Options o;
    char err[512];
    if (options_parse(argc, argv, &o, err, sizeof err) < 0) {
        fprintf(stderr, "px86: %s\n", err);
        return EXIT_BAD_USAGE;
    }
    if (o.help) {
        options_usage(stdout);
        return 0;
    }
    if (o.version) {
        printf("px86 %s\n", PX86_VERSION);
        return 0;
    }
    if (o.monitor && strcmp(o.monitor, "stdio") != 0) {
        fprintf(stderr, "px86: -monitor: only 'stdio' is supported\n");
        return EXIT_BAD_USAGE;
    }
    if (o.gdb_wait && !o.gdb && !o.monitor) {
        fprintf(stderr, "px86: -S waits for a debugger: add -gdb tcp::PORT "
                        "or -monitor stdio\n");
        return EXIT_BAD_USAGE;
    }
    if (o.monitor && o.display && !strcmp(o.display, "curses")) {
        fprintf(stderr, "px86: -monitor stdio and -display curses both need "
                        "the terminal\n");
        return EXIT_BAD_USAGE;
    }

    Script *script = NULL;
    if (o.script) {
        script = script_load(o.script, err, sizeof err);
        if (!script) {
            fprintf(stderr, "px86: %s\n", err);
            return EXIT_BAD_USAGE;
        }
    }

    o.machine.rom_dir = find_rom_dir(argv[0]);
    Machine *m = machine_create(&o.machine, err, sizeof err);
    if (!m) {
        fprintf(stderr, "px86: %s\n", err);
        script_free(script);
        return EXIT_BAD_USAGE;
    }
    Debugger *dbg = NULL;
    GdbStub *gdb = NULL;
    MonitorIo mio = {0};
    if (o.gdb || o.monitor || o.trace) {
        dbg = dbg_create(m);
        if (o.trace && dbg_trace_open(dbg, o.trace, err, sizeof err) < 0) {
            fprintf(stderr, "px86: %s\n", err);
            dbg_destroy(dbg);
            machine_destroy(m);
            script_free(script);
            return EXIT_BAD_USAGE;
        }
        if (o.gdb) {
            gdb = gdbstub_create(m, dbg, o.gdb, err, sizeof err);
            if (!gdb) {
                fprintf(stderr, "px86: %s\n", err);
                dbg_destroy(dbg);
                machine_destroy(m);
                script_free(script);
                return EXIT_BAD_USAGE;
            }
            fprintf(stderr, "px86: gdb stub listening on %s%s\n",
                    gdbstub_address(gdb),
                    o.gdb_wait ? " (waiting for gdb before the first "
                                 "instruction)" : "");
        }
        if (o.monitor) {
            mio.active = true;
            mio.tty = isatty(STDIN_FILENO);
            if (mio.tty)
                printf("px86 debugger: type help for commands\n");
        }
        if (o.gdb_wait) {
            dbg_stop(dbg, STOP_USER);
        }
    }
    Frontend *fe = pick_frontend(&o, m);
    if (!fe) {
        gdbstub_destroy(gdb);
        dbg_destroy(dbg);
        machine_destroy(m);
        script_free(script);
        return EXIT_BAD_USAGE;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);

    ScriptRun *run = script ? script_run_new(script, m) : NULL;
    uint64_t start = machine_host_ns(), last_poll = 0;
    int status = 0;
    for (;;) {
        if (machine_exit_status(m, &status))
            break;
        if (got_signal) {
            if (dbg && got_signal == SIGINT && !dbg_stopped(dbg) && mio.tty) {
                got_signal = 0; /* Ctrl-C stops the guest, not px86 */
                dbg_stop(dbg, STOP_USER);
            } else {
                fprintf(stderr, "px86: stopped by signal %d\n", (int)got_signal);
                status = 128 + got_signal;
                break;
            }
        }
        if (dbg) {
            bool stopped = dbg_stopped(dbg);
            int wait = stopped ? 10 : 0;
            if (gdb) {
                gdbstub_poll(gdb, wait);
                wait = 0;
            }
            if (mio.active && stopped && !gdb) {
                /* Report a new stop once, then read commands. */
                StopReason r = dbg_take_stop(dbg);
                if (r != STOP_NONE && dbg->reason == STOP_NONE &&
                    !mio.reported) {
                    monitor_describe_stop(dbg, r, stdout);
                    monitor_prompt(&mio);
                    mio.reported = true;
                }
            }
            monitor_poll(&mio, dbg, wait);
            if (!dbg_stopped(dbg))
                mio.reported = false;
            if (dbg_stopped(dbg)) {
                uint64_t host = machine_host_ns();
                if (host - last_poll >= POLL_HOST_NS) {
                    last_poll = host;
                    if (!fe->poll(fe))
                        break;
                }
                continue;
            }
        }
        uint64_t slice = SLICE_NS;
        if (run && !script_run_done(run)) {
            uint64_t want = script_run_next_ns(run);
            if (want < slice)
                slice = want;
        }
        machine_run_for(m, slice);
        if (run) {
            int rc = script_run_step(run);
            if (rc >= 0) {
                status = rc;
                break;
            }
        }
        uint64_t host = machine_host_ns();
        if (host - last_poll >= POLL_HOST_NS) {
            last_poll = host;
            if (!fe->poll(fe)) {
                status = 0;
                break;
            }
        }
        if (o.timeout_s > 0 && (double)(host - start) / 1e9 > o.timeout_s) {
            fprintf(stderr, "px86: -timeout: %g s of host time passed\n",
                    o.timeout_s);
            script_dump_state(m);
            status = EXIT_HOST_TIMEOUT;
            break;
        }
    }
    fe->shutdown(fe);
    gdbstub_destroy(gdb);
    dbg_destroy(dbg);
    script_run_free(run);
    script_free(script);
    machine_destroy(m);
    return status;
}
