/*
 * tests/tools/cpubench.c — raw CPU speed harness: runs the bench guest
 * (shared/bench/bench.img) on the CPU alone, without BIOS or devices: the
 * boot sector and stage 2 are copied to 0000:7C00 as the boot loader would
 * (INT 13h), INT 10h is an IRET stub, COM1 is a fake that prints to stdout
 * (LSR always "THR empty"), and the write to port F4h (isa-debug-exit)
 * ends the run.  Prints the serial output, instructions, seconds and MIPS.
 *
 * usage: cpubench [-cpu MODEL] [image]   (default 486, $PX86_SHARED/bench/bench.img)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu/cpu.h"
#include "mem/memory.h"

static Cpu *cpu;
static int done;

static uint32_t b_in(void *o, uint16_t port, unsigned size)
{
    (void)o; (void)size;
    if (port == 0x3FD)
        return 0x60;
    return 0xFFFFFFFFu;
}

static void b_out(void *o, uint16_t port, uint32_t v, unsigned size)
{
    (void)o; (void)size;
    if (port == 0x3F8) {
        putchar((int)(v & 0xFF));
    } else if (port == 0xF4) {
        done = 1;
        cpu_request_exit(cpu);
    }
}

static double now_clock(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}
#define now() now_clock(CLOCK_MONOTONIC)
#define cpu_now() now_clock(CLOCK_PROCESS_CPUTIME_ID)

int main(int argc, char **argv)
{
    const char *model = "486", *img = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-cpu") && i + 1 < argc)
            model = argv[++i];
        else
            img = argv[i];
    }
    char path[4096];
    if (!img) {
        const char *sh = getenv("PX86_SHARED");
        snprintf(path, sizeof path, "%s/bench/bench.img", sh ? sh : "../shared");
        img = path;
    }
    FILE *f = fopen(img, "rb");
    if (!f) {
        fprintf(stderr, "cpubench: cannot open %s\n", img);
        return 2;
    }
    static uint8_t sect[18 * 512];
    size_t n = fread(sect, 1, sizeof sect, f);
    fclose(f);
    if (n < 1024) {
        fprintf(stderr, "cpubench: %s too short\n", img);
        return 2;
    }
    CpuConfig cfg;
    if (cpu_parse_model(model, &cfg)) {
        fprintf(stderr, "cpubench: bad model %s\n", model);
        return 2;
    }
    PhysMem *mem = mem_create(16u << 20);
    CpuHost host = {b_in, b_out, NULL, NULL, NULL, NULL};
    cpu = cpu_create(&cfg, mem, &host);
    if (!mem || !cpu)
        return 2;
    mem_write_block(mem, 0x7C00, sect, n);
    mem_write8(mem, 0x500, 0xCF); /* IRET */
    for (unsigned v = 0; v < 256; v++) {
        mem_write16(mem, v * 4, 0x500);
        mem_write16(mem, v * 4 + 2, 0);
    }
    cpu_set_reg(cpu, CPU_REG_CS, 0);
    cpu_set_reg(cpu, CPU_REG_EIP, 0x7E00);
    cpu_set_reg(cpu, CPU_REG_SS, 0);
    cpu_set_reg(cpu, CPU_REG_ESP, 0x7C00);
    cpu_set_reg(cpu, CPU_REG_DS, 0);
    cpu_set_reg(cpu, CPU_REG_ES, 0);
    cpu_set_reg(cpu, CPU_REG_EDX, 0);
    double t0 = now(), c0 = cpu_now();
    uint64_t total = 0;
    while (!done) {
        uint64_t k = cpu_run(cpu, 50000000);
        total += k;
        if (cpu_is_halted(cpu) && !done) {
            fprintf(stderr, "cpubench: CPU halted at %04x:%04x\n",
                    cpu_get_reg(cpu, CPU_REG_CS), cpu_get_reg(cpu, CPU_REG_EIP));
            return 1;
        }
        if (total > 20000000000ull)
            break;
    }
    double dt = now() - t0, ct = cpu_now() - c0;
    printf("cpubench: %llu instructions in %.3f s wall = %.1f MIPS; "
           "%.3f s CPU time = %.1f MIPS (%s)\n",
           (unsigned long long)total, dt, total / dt / 1e6, ct,
           total / ct / 1e6, model);
    cpu_destroy(cpu);
    mem_destroy(mem);
    return done ? 0 : 1;
}
