/*
 * tests/tools/pmrun.c — run a bare-metal CPU test ROM (tests/cpu/pm/NAME.bin)
 * on the CPU alone, without the machine: 15 MiB RAM, the 64 KiB image at
 * 0xF0000, 0xFF0000 (286 reset alias) and 0xFFFF0000, port 0xE9 to stdout,
 * a write of V to port 0xF4 exits with (V<<1)|1 (as isa-debug-exit), a
 * triple fault exits 0 (as -no-reboot).  Instead of a PIC and PIT there is
 * a stand-in timer: once the guest has initialised the master 8259 (ICW1-
 * ICW4 on ports 20h/21h) and unmasked IRQ 0, INTR is raised every 2000
 * instructions and acknowledged with vector ICW2 + 0.
 * Usage: pmrun [-cpu MODEL] [-n MAX_INSNS] image.bin
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "mem/memory.h"

/* stand-in master 8259: just enough state to know IRQ 0 is unmasked */
static unsigned pic_icw_left; /* ICW2..ICW4 still expected on port 21h */
static uint8_t pic_base = 0x08, pic_mask = 0xFF;
static bool pic_ready;

static uint32_t io_read(void *o, uint16_t port, unsigned size)
{
    (void)o; (void)port;
    return size == 1 ? 0xFF : size == 2 ? 0xFFFF : 0xFFFFFFFFu;
}

static void io_write(void *o, uint16_t port, uint32_t v, unsigned size)
{
    (void)o; (void)size;
    if (port == 0xE9) {
        putchar((int)(v & 0xFF));
        fflush(stdout);
    } else if (port == 0xF4) {
        exit((int)(((v & 0xFF) << 1) | 1));
    } else if (port == 0x20 && (v & 0x10)) {
        pic_icw_left = 3;
    } else if (port == 0x21) {
        if (pic_icw_left) {
            if (pic_icw_left == 3)
                pic_base = (uint8_t)(v & 0xF8);
            if (--pic_icw_left == 0)
                pic_ready = true;
        } else {
            pic_mask = (uint8_t)v;
        }
    }
}

static Cpu *the_cpu;

static uint8_t intr_ack(void *o)
{
    (void)o;
    cpu_set_intr(the_cpu, false);
    return pic_base;
}

static void shutdown_cb(void *o)
{
    (void)o;
    printf("[pmrun: shutdown (triple fault)]\n");
    exit(0);
}

int main(int argc, char **argv)
{
    CpuConfig cfg = {CPU_486, true};
    unsigned long long max = 500000000ull;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-cpu") && i + 1 < argc) {
            if (cpu_parse_model(argv[++i], &cfg)) {
                fprintf(stderr, "pmrun: bad model\n");
                return 2;
            }
        } else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
            max = strtoull(argv[++i], NULL, 0);
        } else {
            path = argv[i];
        }
    }
    if (!path) {
        fprintf(stderr, "usage: pmrun [-cpu MODEL] [-n MAX] image.bin\n");
        return 2;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 2;
    }
    static uint8_t img[65536];
    size_t n = fread(img, 1, sizeof img, f);
    fclose(f);
    if (n != sizeof img) {
        fprintf(stderr, "pmrun: %s is not a 64 KiB image\n", path);
        return 2;
    }
    PhysMem *mem = mem_create(15u << 20);
    if (!mem || mem_map_rom(mem, "bios", 0xF0000, img, sizeof img, false) ||
        mem_map_rom(mem, "bios-16m", 0xFF0000, img, sizeof img, false) ||
        mem_map_rom(mem, "bios-high", 0xFFFF0000u, img, sizeof img, false)) {
        fprintf(stderr, "pmrun: memory setup failed\n");
        return 2;
    }
    CpuHost host = {io_read, io_write, intr_ack, shutdown_cb, NULL, NULL};
    Cpu *cpu = cpu_create(&cfg, mem, &host);
    if (!cpu)
        return 2;
    the_cpu = cpu;
    unsigned long long done = 0;
    while (done < max) {
        if (pic_ready && !(pic_mask & 1))
            cpu_set_intr(cpu, true);
        uint64_t r = cpu_run(cpu, 2000);
        done += r;
        if (cpu_is_halted(cpu) && !(pic_ready && !(pic_mask & 1))) {
            printf("[pmrun: halted with interrupts off]\n");
            return 124;
        }
    }
    printf("[pmrun: instruction budget exhausted]\n");
    return 124;
}
