/*
 * frontend/options.h — the command line, in the style QEMU users know.
 *
 * Owns: turning argv into a MachineConfig, FrontendOptions and run options
 * (display, script, timeout, debugger).  Pure: no side effects, so it is
 * unit-tested directly.
 */
#ifndef PX86_FRONTEND_OPTIONS_H
#define PX86_FRONTEND_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "frontend/frontend.h"
#include "hw/machine.h"

typedef struct Options {
    MachineConfig machine;
    FrontendOptions frontend;
    const char *display;  /* "sdl", "curses", "none" or NULL (automatic) */
    const char *script;   /* -script FILE */
    double timeout_s;     /* -timeout SECONDS (host wall clock), 0 = none */
    const char *gdb;      /* -gdb tcp::PORT */
    bool gdb_wait;        /* -S */
    const char *monitor;  /* -monitor stdio */
    const char *trace;    /* -trace FILE */
    bool help;
    bool version;
} Options;

/* Returns 0, or -1 with a one-line message in err. */
int options_parse(int argc, char **argv, Options *o, char *err,
                  size_t errlen);
void options_usage(FILE *out);

#endif
