/*
 * tests/hw/plat_bus.c — the test Bus for platform-chip tests (plat_bus.h).
 */
#include "plat_bus.h"

#include <check.h>

#include <stdlib.h>
#include <string.h>

static void fake_irq(void *sink, unsigned irq, bool level)
{
    PlatBus *pb = sink;
    if (irq >= 16)
        return;
    if (level && !pb->irq[irq]) {
        if (pb->irq_rises[irq] < 64)
            pb->irq_rise_time[irq][pb->irq_rises[irq]] = sched_now(&pb->sched);
        pb->irq_rises[irq]++;
    }
    pb->irq[irq] = level;
}

static void fake_reset(void *m) { ((PlatBus *)m)->resets++; }
static void fake_exit(void *m, int status)
{
    PlatBus *pb = m;
    pb->exits++;
    pb->exit_status = status;
}
static void fake_ferr(void *m) { ((PlatBus *)m)->ferr_clears++; }
static void fake_nmi(void *m) { ((PlatBus *)m)->nmis++; }

PlatBus *pb_create(void)
{
    PlatBus *pb = calloc(1, sizeof *pb);
    if (!pb)
        abort();
    pb->bus.mem = mem_create(2u * 1024 * 1024);
    pb->bus.io = io_create();
    if (!pb->bus.mem || !pb->bus.io)
        abort();
    sched_init(&pb->sched, NULL, NULL);
    pb->bus.sched = &pb->sched;
    pb->bus.irq_set = fake_irq;
    pb->bus.irq_sink = pb;
    pb->bus.request_reset = fake_reset;
    pb->bus.request_exit = fake_exit;
    pb->bus.cpu_ferr_clear = fake_ferr;
    pb->bus.cpu_nmi = fake_nmi;
    pb->bus.machine = pb;
    return pb;
}

void pb_destroy(PlatBus *pb)
{
    io_destroy(pb->bus.io);
    mem_destroy(pb->bus.mem);
    free(pb);
}

uint64_t pb_now(PlatBus *pb) { return sched_now(&pb->sched); }

void pb_advance(PlatBus *pb, uint64_t ns)
{
    uint64_t target = pb->sched.manual_now + ns;
    for (;;) {
        uint64_t next = sched_next_deadline(&pb->sched);
        if (next > target)
            break;
        if (next > pb->sched.manual_now)
            sched_set_manual_time(&pb->sched, next);
        sched_run_due(&pb->sched, pb->sched.manual_now);
    }
    sched_set_manual_time(&pb->sched, target);
}

uint8_t pb_in8(PlatBus *pb, uint16_t port) { return (uint8_t)io_read(pb->bus.io, port, 1); }
void pb_out8(PlatBus *pb, uint16_t port, uint8_t v) { io_write(pb->bus.io, port, v, 1); }
uint32_t pb_in(PlatBus *pb, uint16_t port, unsigned size) { return io_read(pb->bus.io, port, size); }
void pb_out(PlatBus *pb, uint16_t port, uint32_t v, unsigned size) { io_write(pb->bus.io, port, v, size); }

void pb_clear_irq_counts(PlatBus *pb)
{
    memset(pb->irq_rises, 0, sizeof pb->irq_rises);
    memset(pb->irq_rise_time, 0, sizeof pb->irq_rise_time);
}

int pb_kbc_read(PlatBus *pb)
{
    if (!(pb_in8(pb, 0x64) & 0x01)) {
        pb_advance(pb, PB_PS2_FRAME_NS);
        if (!(pb_in8(pb, 0x64) & 0x01))
            return -1;
    }
    return pb_in8(pb, 0x60);
}

void pb_kbc_expect(PlatBus *pb, const uint8_t *want, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        int b = pb_kbc_read(pb);
        ck_assert_msg(b == want[i], "byte %u: got %d want 0x%02X", i, b, want[i]);
    }
}
