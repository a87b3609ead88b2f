/*
 * tests/hw/stor_bus.c — see stor_bus.h.
 */
#include "stor_bus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void sink(void *opaque, unsigned irq, bool level)
{
    TestBus *tb = opaque;
    if (irq >= 16)
        return;
    if (level && !tb->irq[irq])
        tb->irq_rises[irq]++;
    tb->irq[irq] = level;
}

static size_t dma(void *engine, unsigned chan, void *buf, size_t len,
                  int direction, bool *tc)
{
    TestBus *tb = engine;
    if (chan >= 8)
        return 0;
    FakeDmaChan *c = &tb->dma[chan];
    if (!c->enabled || c->direction != direction || !c->count)
        return 0;
    size_t n = len < c->count ? len : c->count;
    if (direction == DMA_TO_MEMORY)
        mem_write_block(tb->bus.mem, c->addr, buf, n);
    else
        mem_read_block(tb->bus.mem, c->addr, buf, n);
    c->addr += (uint32_t)n;
    c->count -= (uint32_t)n;
    c->moved += n;
    *tc = c->count == 0;
    return n;
}

TestBus *tb_create(void)
{
    TestBus *tb = calloc(1, sizeof *tb);
    tb->bus.mem = mem_create(1024 * 1024);
    tb->bus.io = io_create();
    sched_init(&tb->sched, NULL, NULL);
    tb->bus.sched = &tb->sched;
    tb->bus.irq_set = sink;
    tb->bus.irq_sink = tb;
    tb->bus.dma_transfer = dma;
    tb->bus.dma_engine = tb;
    return tb;
}

void tb_destroy(TestBus *tb)
{
    io_destroy(tb->bus.io);
    mem_destroy(tb->bus.mem);
    free(tb);
}

void tb_advance(TestBus *tb, uint64_t ns)
{
    uint64_t t = tb->sched.manual_now + ns;
    /* Step through deadlines so callbacks see their own time. */
    while (sched_next_deadline(&tb->sched) <= t) {
        uint64_t d = sched_next_deadline(&tb->sched);
        if (d > tb->sched.manual_now)
            sched_set_manual_time(&tb->sched, d);
        sched_run_due(&tb->sched, tb->sched.manual_now);
    }
    sched_set_manual_time(&tb->sched, t);
}

void tb_dma_setup(TestBus *tb, unsigned chan, uint32_t addr, uint32_t count,
                  int direction)
{
    FakeDmaChan *c = &tb->dma[chan];
    c->enabled = true;
    c->addr = addr;
    c->count = count;
    c->direction = direction;
    c->moved = 0;
}

uint8_t tb_in8(TestBus *tb, uint16_t port)
{
    return (uint8_t)io_read(tb->bus.io, port, 1);
}

void tb_out8(TestBus *tb, uint16_t port, uint8_t v)
{
    io_write(tb->bus.io, port, v, 1);
}

uint8_t tb_pattern(uint64_t off)
{
    return (uint8_t)((off * 7) ^ (off >> 9) ^ (off >> 17));
}

char *tb_temp_image(uint64_t size, uint8_t (*fill)(uint64_t off))
{
    char *path = strdup("/tmp/px86-stor-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) {
        free(path);
        return NULL;
    }
    uint8_t buf[4096];
    for (uint64_t off = 0; off < size; off += sizeof buf) {
        size_t n = size - off < sizeof buf ? (size_t)(size - off) : sizeof buf;
        for (size_t i = 0; i < n; i++)
            buf[i] = fill ? fill(off + i) : 0;
        if (write(fd, buf, n) != (ssize_t)n) {
            close(fd);
            free(path);
            return NULL;
        }
    }
    close(fd);
    return path;
}

bool tb_file_is_pattern(const char *path, uint64_t size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    uint64_t off = 0;
    int c;
    bool ok = true;
    while ((c = fgetc(f)) != EOF) {
        if ((uint8_t)c != tb_pattern(off))
            ok = false;
        off++;
    }
    fclose(f);
    return ok && off == size;
}
