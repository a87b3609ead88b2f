/*
 * frontend/gdbstub.h — GDB remote protocol server (-gdb tcp::PORT).
 */
#ifndef PX86_FRONTEND_GDBSTUB_H
#define PX86_FRONTEND_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>

#include "frontend/debugger.h"
#include "frontend/monitor.h"

typedef struct GdbStub GdbStub;

/* spec: "tcp::1234" (127.0.0.1), "tcp:0.0.0.0:1234", ":1234" or "1234". */
GdbStub *gdbstub_create(Machine *m, Debugger *dbg, const char *spec,
                        char *err, size_t errlen);
void gdbstub_destroy(GdbStub *g);
/* Accept a client, read packets, report stops.  Waits up to wait_ms for
 * input (use 0 while the guest runs). */
void gdbstub_poll(GdbStub *g, int wait_ms);
bool gdbstub_connected(const GdbStub *g);
const char *gdbstub_address(const GdbStub *g);

#endif
