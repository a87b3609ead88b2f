/*
 * frontend/monitor.h — the built-in debugger's command language.
 */
#ifndef PX86_FRONTEND_MONITOR_H
#define PX86_FRONTEND_MONITOR_H

#include <stdio.h>

#include "frontend/debugger.h"

/* Run one command line, writing its answer to out. */
void monitor_execute(Debugger *d, const char *line, FILE *out);
/* One line saying where and why the guest stopped. */
void monitor_describe_stop(Debugger *d, StopReason r, FILE *out);

#endif
