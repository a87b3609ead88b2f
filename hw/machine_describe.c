/*
 * hw/machine_describe.c — device state in words for the debugger
 * (`dev` in the monitor, `monitor dev` from gdb): the interrupt
 * controllers, the timer channels, the RTC, the video mode and the IDE
 * drives, read through the devices' public accessors without side effects.
 */
#include <string.h>

#include "hw/ide.h"
#include "hw/machine_internal.h"
#include "hw/pic.h"
#include "hw/pit.h"

static void irq_list(FILE *out, uint8_t bits, int base)
{
    if (!bits) {
        fprintf(out, "none");
        return;
    }
    for (int i = 0; i < 8; i++)
        if (bits & (1u << i))
            fprintf(out, "IRQ%d ", base + i);
}

static void describe_pic(Machine *m, FILE *out)
{
    const Pic *p = m->hooks.pic;
    if (!p) {
        fprintf(out, "PIC: not present\n");
        return;
    }
    static const char *const names[2] = {"master (20h)", "slave (A0h)"};
    for (int c = 0; c < 2; c++) {
        fprintf(out, "PIC %s: requested ", names[c]);
        irq_list(out, pic_irr(p, c), c * 8);
        fprintf(out, "; in service ");
        irq_list(out, pic_isr(p, c), c * 8);
        fprintf(out, "; masked ");
        irq_list(out, pic_imr(p, c), c * 8);
        fprintf(out, "\n");
    }
    fprintf(out, "PIC output to the CPU (INTR): %s\n",
            pic_intr_level(p) ? "raised" : "low");
}

static void describe_pit(Machine *m, FILE *out)
{
    const Pit *p = m->hooks.pit;
    if (!p) {
        fprintf(out, "PIT: not present\n");
        return;
    }
    static const char *const modes[6] = {
        "interrupt on terminal count", "one-shot", "rate generator",
        "square wave", "software strobe", "hardware strobe"};
    static const char *const use[3] = {"IRQ0 timer", "DRAM refresh",
                                       "PC speaker"};
    for (unsigned ch = 0; ch < 3; ch++) {
        PitChannel c;
        pit_channel_snapshot(p, ch, &c);
        double hz = c.reload ? 1193182.0 / c.reload : 0;
        fprintf(out, "PIT channel %u (%s): mode %u (%s), count %u%s -> "
                     "%.2f Hz, gate %s\n",
                ch, use[ch], c.mode, modes[c.mode < 6 ? c.mode : 0], c.reload,
                c.bcd ? " BCD" : "", hz, c.gate ? "high" : "low");
    }
}

static void describe_rtc(Machine *m, FILE *out)
{
    if (!m->hooks.cmos_read) {
        fprintf(out, "RTC: not present\n");
        return;
    }
    uint8_t r[14];
    for (int i = 0; i < 14; i++)
        r[i] = m->hooks.cmos_read(m->hooks.rtc, (uint8_t)i);
    fprintf(out, "RTC time %02x:%02x:%02x, date (yy-mm-dd) %02x-%02x-%02x (%s, %s)\n",
            r[4], r[2], r[0], r[9], r[8], r[7],
            (r[11] & 4) ? "binary" : "BCD", (r[11] & 2) ? "24 h" : "12 h");
    fprintf(out, "RTC register A %02x (rate %u), B %02x (interrupts:%s%s%s), "
                 "C %02x, D %02x\n",
            r[10], r[10] & 15, r[11], (r[11] & 0x40) ? " periodic" : "",
            (r[11] & 0x20) ? " alarm" : "", (r[11] & 0x10) ? " update" : "",
            r[12], r[13]);
}

static void describe_vga(Machine *m, FILE *out)
{
    TextScreen ts;
    machine_text_screen(m, &ts);
    const DisplayBuffer *db = machine_render(m);
    if (ts.text_mode)
        fprintf(out, "VGA: text mode %dx%d, cursor at row %d column %d%s, "
                     "picture %dx%d\n",
                ts.cols, ts.rows, ts.cursor_y, ts.cursor_x,
                ts.cursor_visible ? "" : " (hidden)", db->width, db->height);
    else
        fprintf(out, "VGA: graphics mode, picture %dx%d\n", db->width,
                db->height);
}

static void describe_ide(Machine *m, FILE *out)
{
    static const char *const chan[2] = {"primary (1F0h, IRQ14)",
                                        "secondary (170h, IRQ15)"};
    for (int c = 0; c < 2; c++) {
        if (!m->hooks.ide[c]) {
            fprintf(out, "IDE %s: not present\n", chan[c]);
            continue;
        }
        for (int u = 0; u < 2; u++) {
            IdeGeometry g;
            if (ide_disk_geometry(m->hooks.ide[c], u, &g))
                fprintf(out, "IDE %s %s: disk, %u/%u/%u CHS, %llu sectors "
                             "(%llu MiB)\n",
                        chan[c], u ? "slave" : "master", g.cylinders, g.heads,
                        g.sectors, (unsigned long long)g.total_sectors,
                        (unsigned long long)(g.total_sectors / 2048));
            else
                fprintf(out, "IDE %s %s: no disk (or a CD-ROM)\n", chan[c],
                        u ? "slave" : "master");
        }
    }
}

static const struct {
    const char *name;
    void (*fn)(Machine *m, FILE *out);
} reports[] = {
    {"pic", describe_pic}, {"pit", describe_pit}, {"rtc", describe_rtc},
    {"vga", describe_vga}, {"ide", describe_ide},
};

bool machine_describe_devices(Machine *m, const char *which, FILE *out)
{
    bool any = false;
    for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
        if (which && strcmp(which, reports[i].name) != 0)
            continue;
        reports[i].fn(m, out);
        any = true;
    }
    return any;
}
