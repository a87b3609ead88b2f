/*
 * hw/rtc.h — the MC146818A real-time clock and its CMOS RAM (ports
 * 0x70/0x71, IRQ8).
 *
 * Port 0x70 selects the register (bits 0-6) and masks NMI (bit 7, see
 * rtc_nmi_masked).  The clock starts from the host's local time, or from a
 * fixed date for deterministic runs (RtcConfig.fixed_time: the machine
 * passes 2000-01-01 00:00:00 = 946684800 with -clock virtual).  The
 * machine fills the standard PC CMOS fields (equipment, memory sizes, disk
 * types...) with rtc_cmos_write and then rtc_cmos_update_checksum.
 */
#ifndef PX86_HW_RTC_H
#define PX86_HW_RTC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/bus.h"
#include "hw/device.h"

#define RTC_Y2K_EPOCH 946684800 /* 2000-01-01 00:00:00 */

typedef struct RtcConfig {
    bool use_fixed_time;
    int64_t fixed_time; /* seconds since 1970-01-01 00:00:00, as the RTC's
                           wall-clock time (no time zone applied) */
    bool host_utc;      /* host clock: store UTC instead of local time */
} RtcConfig;

typedef struct Rtc Rtc;

/* cfg may be NULL (host local time). */
Rtc *rtc_create(Bus *bus, const RtcConfig *cfg);
/* Reset pin: clears PIE/AIE/UIE/SQWE and the flags; time and RAM survive. */
void rtc_reset(Rtc *rtc);
/* Saves the NVRAM file if one is set. */
void rtc_destroy(Rtc *rtc);
Device rtc_device(Rtc *rtc);
int rtc_save(Rtc *rtc, StateWriter *w);
int rtc_load(Rtc *rtc, StateReader *r);

/* Raw CMOS access for the machine (idx 0..127; 0x00-0x0D go through the
 * clock registers as a guest write would). */
uint8_t rtc_cmos_read(Rtc *rtc, unsigned idx);
void rtc_cmos_write(Rtc *rtc, unsigned idx, uint8_t val);
/* Standard checksum: sum of bytes 0x10-0x2D into 0x2E (high), 0x2F (low). */
void rtc_cmos_update_checksum(Rtc *rtc);

/* Keep bytes 0x0E-0x7F in a 128-byte file: loads it now if it exists
 * (returns -1 with a message in err if it exists but is unreadable or the
 * wrong size), saves it on rtc_save_nvram and rtc_destroy. */
int rtc_set_nvram_file(Rtc *rtc, const char *path, char *err, size_t errlen);
int rtc_save_nvram(Rtc *rtc);

/* Port 0x70 bit 7: the machine must not deliver NMI while set. */
bool rtc_nmi_masked(const Rtc *rtc);
/* The clock as seconds since 1970 (RTC wall time), for tests/debugger. */
int64_t rtc_time(Rtc *rtc);

#endif
