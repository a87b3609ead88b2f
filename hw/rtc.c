/*
 * hw/rtc.c — the MC146818A RTC/CMOS.
 *
 * Owns: the 128 bytes of CMOS (clock registers 0-9, control registers A-D,
 * 114 bytes of RAM), the running clock, the once-a-second update cycle
 * with its UIP window, alarm / periodic / update-ended interrupts on IRQ8,
 * the NMI mask latch of port 0x70, and the optional NVRAM file.
 *
 * The clock is kept as seconds since 1970 (wall time, no zone) and
 * rendered into registers 0-9 in the programmed format (BCD/binary,
 * 12/24 h) at every update.  Updates happen on a scheduler event every
 * guest second (and are also caught up lazily on any register access, so
 * late events never show stale time).  The periodic flag is computed from
 * guest time when register C is read; a periodic event is posted only
 * while PIE is set.
 *
 * Reference: Motorola MC146818A datasheet: "Update cycle" (UIP is set
 * 244 us before the update; the first update after a divider reset comes
 * 500 ms later), "Register A" (DV2-0, RS3-0 rate table for a 32.768 kHz
 * time base), "Register B" (SET aborts updates and clears UIE; PIE AIE UIE
 * SQWE DM 24/12 DSE), "Register C" (IRQF PF AF UF, cleared on read),
 * "Register D" (VRT), alarm "don't care" codes (11xxxxxx).
 */
#include "hw/rtc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    REG_SEC = 0, REG_SEC_ALARM, REG_MIN, REG_MIN_ALARM, REG_HOUR,
    REG_HOUR_ALARM, REG_WDAY, REG_MDAY, REG_MONTH, REG_YEAR,
    REG_A = 0x0A, REG_B, REG_C, REG_D,
    REG_CENTURY = 0x32,
};
enum { A_UIP = 0x80, A_DV_MASK = 0x70, A_DV_NORMAL = 0x20, A_RS_MASK = 0x0F };
enum { B_SET = 0x80, B_PIE = 0x40, B_AIE = 0x20, B_UIE = 0x10, B_SQWE = 0x08,
       B_DM_BINARY = 0x04, B_24H = 0x02, B_DSE = 0x01 };
enum { C_IRQF = 0x80, C_PF = 0x40, C_AF = 0x20, C_UF = 0x10 };

#define UIP_LEAD_NS 244000u
#define RTC_BASE_HZ 32768u

struct Rtc {
    Bus *bus;
    uint8_t cmos[128];
    uint8_t index;
    uint8_t nmi_masked;
    uint8_t irq_level;
    int64_t clock;         /* seconds since 1970, wall time */
    uint64_t next_update;  /* guest ns of the next update cycle */
    uint64_t dv_start;     /* guest ns when the divider chain started */
    uint64_t pf_index;     /* last periodic boundary accounted for */
    SchedEvent update_ev, periodic_ev;
    char *nvram_path;
};

static const StateField rtc_fields[] = {
    STATE_BYTES(Rtc, cmos), STATE_INT(Rtc, index), STATE_INT(Rtc, nmi_masked),
    STATE_INT(Rtc, irq_level), STATE_INT(Rtc, clock),
    STATE_INT(Rtc, next_update), STATE_INT(Rtc, dv_start),
    STATE_INT(Rtc, pf_index), STATE_END,
};

/* --- calendar (proleptic Gregorian, days relative to 1970-01-01) --- */

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/* --- register encoding --- */

static bool binary_mode(const Rtc *r) { return r->cmos[REG_B] & B_DM_BINARY; }

static uint8_t to_bcd(unsigned v) { return (uint8_t)((v / 10 % 10) << 4 | v % 10); }
static unsigned from_bcd(uint8_t v) { return (v >> 4) * 10u + (v & 15u); }

static uint8_t encode(const Rtc *r, unsigned v)
{
    return binary_mode(r) ? (uint8_t)v : to_bcd(v);
}
static unsigned decode(const Rtc *r, uint8_t v)
{
    return binary_mode(r) ? v : from_bcd(v);
}

static uint8_t encode_hour(const Rtc *r, unsigned h)
{
    if (r->cmos[REG_B] & B_24H)
        return encode(r, h);
    unsigned h12 = h % 12 ? h % 12 : 12;
    return (uint8_t)(encode(r, h12) | (h >= 12 ? 0x80u : 0));
}

static unsigned decode_hour(const Rtc *r, uint8_t v)
{
    if (r->cmos[REG_B] & B_24H)
        return decode(r, v);
    unsigned h = decode(r, v & 0x7Fu) % 12;
    return h + (v & 0x80u ? 12 : 0);
}

static void render(Rtc *r)
{
    int64_t days = floor_div(r->clock, 86400);
    int64_t sod = r->clock - days * 86400;
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    r->cmos[REG_SEC] = encode(r, (unsigned)(sod % 60));
    r->cmos[REG_MIN] = encode(r, (unsigned)(sod / 60 % 60));
    r->cmos[REG_HOUR] = encode_hour(r, (unsigned)(sod / 3600));
    r->cmos[REG_WDAY] = encode(r, (unsigned)((days % 7 + 11) % 7) + 1); /* Sunday = 1 */
    r->cmos[REG_MDAY] = encode(r, d);
    r->cmos[REG_MONTH] = encode(r, m);
    r->cmos[REG_YEAR] = encode(r, (unsigned)(((y % 100) + 100) % 100));
}

static unsigned clampu(unsigned v, unsigned lo, unsigned hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Registers 0-9 (as the guest set them) back to the clock. */
static void parse(Rtc *r)
{
    unsigned sec = clampu(decode(r, r->cmos[REG_SEC]), 0, 59);
    unsigned min = clampu(decode(r, r->cmos[REG_MIN]), 0, 59);
    unsigned hour = clampu(decode_hour(r, r->cmos[REG_HOUR]), 0, 23);
    unsigned day = clampu(decode(r, r->cmos[REG_MDAY]), 1, 31);
    unsigned mon = clampu(decode(r, r->cmos[REG_MONTH]), 1, 12);
    unsigned yy = decode(r, r->cmos[REG_YEAR]) % 100;
    uint8_t cb = r->cmos[REG_CENTURY];
    unsigned century = (cb == 0x19 || cb == 0x20 || cb == 0x21) ? from_bcd(cb)
                                                              : (yy < 80 ? 20 : 19);
    int64_t days = days_from_civil((int64_t)century * 100 + yy, mon, day);
    r->clock = days * 86400 + hour * 3600 + min * 60 + sec;
}

/* --- timing --- */

static bool divider_running(const Rtc *r)
{
    return (r->cmos[REG_A] & A_DV_MASK) == A_DV_NORMAL;
}
static bool updating(const Rtc *r)
{
    return divider_running(r) && !(r->cmos[REG_B] & B_SET);
}

static uint32_t periodic_ticks(const Rtc *r)
{
    unsigned rs = r->cmos[REG_A] & A_RS_MASK;
    if (rs == 0)
        return 0;
    if (rs <= 2)
        return rs == 1 ? 128 : 256;
    return 1u << (rs - 1);
}

static uint64_t periodic_index(const Rtc *r, uint64_t now)
{
    uint32_t p = periodic_ticks(r);
    if (!p || now < r->dv_start)
        return 0;
    return sched_ns_to_ticks(now - r->dv_start, RTC_BASE_HZ) / p;
}

static uint64_t periodic_time(const Rtc *r, uint64_t index)
{
    uint64_t t = sched_ticks_to_ns(index * periodic_ticks(r), RTC_BASE_HZ);
    while (sched_ns_to_ticks(t, RTC_BASE_HZ) < index * periodic_ticks(r))
        t++;
    return r->dv_start + t;
}

static void update_irq(Rtc *r)
{
    uint8_t c = r->cmos[REG_C] & (C_PF | C_AF | C_UF);
    uint8_t en = r->cmos[REG_B] & (B_PIE | B_AIE | B_UIE);
    /* PF/AF/UF line up with PIE/AIE/UIE bit positions. */
    bool irqf = (c & en) != 0;
    r->cmos[REG_C] = (uint8_t)(c | (irqf ? C_IRQF : 0));
    if (irqf != r->irq_level) {
        r->irq_level = irqf;
        bus_irq(r->bus, 8, irqf);
    }
}

static bool alarm_matches(const Rtc *r)
{
    static const uint8_t pairs[3][2] = {
        {REG_SEC_ALARM, REG_SEC}, {REG_MIN_ALARM, REG_MIN}, {REG_HOUR_ALARM, REG_HOUR}};
    for (int i = 0; i < 3; i++) {
        uint8_t a = r->cmos[pairs[i][0]];
        if ((a & 0xC0u) != 0xC0u && a != r->cmos[pairs[i][1]])
            return false;
    }
    return true;
}

/* Run every update cycle due by `now` and account periodic boundaries. */
static void catch_up(Rtc *r, uint64_t now)
{
    if (updating(r)) {
        while (r->next_update <= now) {
            r->clock++;
            r->next_update += NS_PER_SEC;
            render(r);
            r->cmos[REG_C] |= C_UF;
            if (alarm_matches(r))
                r->cmos[REG_C] |= C_AF;
        }
    }
    if (divider_running(r) && periodic_ticks(r)) {
        uint64_t idx = periodic_index(r, now);
        if (idx > r->pf_index) {
            r->cmos[REG_C] |= C_PF;
            r->pf_index = idx;
        }
    }
    update_irq(r);
}

static void schedule(Rtc *r)
{
    Sched *s = r->bus->sched;
    uint64_t now = bus_now(r->bus);
    if (updating(r)) {
        /* Keep the one-second phase of the divider chain. */
        if (r->next_update <= now)
            r->next_update += ((now - r->next_update) / NS_PER_SEC + 1) * NS_PER_SEC;
        event_schedule(s, &r->update_ev, r->next_update);
    } else {
        event_cancel(s, &r->update_ev);
    }
    if (divider_running(r) && periodic_ticks(r) && (r->cmos[REG_B] & B_PIE))
        event_schedule(s, &r->periodic_ev, periodic_time(r, periodic_index(r, now) + 1));
    else
        event_cancel(s, &r->periodic_ev);
}

static void update_event(void *opaque, uint64_t now)
{
    Rtc *r = opaque;
    catch_up(r, now > r->next_update ? now : r->next_update);
    schedule(r);
}

static void periodic_event(void *opaque, uint64_t now)
{
    Rtc *r = opaque;
    catch_up(r, now > r->periodic_ev.when ? now : r->periodic_ev.when);
    schedule(r);
}

/* --- register access --- */

static uint8_t reg_read(Rtc *r, unsigned idx)
{
    uint64_t now = bus_now(r->bus);
    switch (idx) {
    case REG_A: {
        catch_up(r, now);
        uint8_t v = r->cmos[REG_A] & 0x7Fu;
        if (updating(r) && now + UIP_LEAD_NS >= r->next_update)
            v |= A_UIP;
        return v;
    }
    case REG_C: {
        catch_up(r, now);
        uint8_t v = r->cmos[REG_C];
        r->cmos[REG_C] = 0;
        update_irq(r);
        return v;
    }
    case REG_D:
        return 0x80; /* VRT: battery good */
    default:
        if (idx <= REG_YEAR)
            catch_up(r, now);
        return r->cmos[idx];
    }
}

static void reg_write(Rtc *r, unsigned idx, uint8_t v)
{
    uint64_t now = bus_now(r->bus);
    catch_up(r, now);
    switch (idx) {
    case REG_A: {
        bool was_running = divider_running(r);
        r->cmos[REG_A] = v & 0x7Fu;
        if (divider_running(r) && !was_running) {
            /* Divider released: the first update comes 500 ms later. */
            r->dv_start = now;
            r->next_update = now + NS_PER_SEC / 2;
        }
        r->pf_index = periodic_index(r, now);
        break;
    }
    case REG_B: {
        uint8_t old = r->cmos[REG_B];
        if (v & B_SET)
            v &= (uint8_t)~B_UIE;
        r->cmos[REG_B] = v;
        if ((old & B_SET) && !(v & B_SET))
            parse(r); /* the guest finished setting the time */
        else if (!(v & B_SET) && ((old ^ v) & (B_DM_BINARY | B_24H)))
            render(r);
        break;
    }
    case REG_C:
    case REG_D:
        break; /* read-only */
    default:
        r->cmos[idx] = v;
        if ((idx == REG_SEC || idx == REG_MIN || idx == REG_HOUR ||
             idx == REG_MDAY || idx == REG_MONTH || idx == REG_YEAR) &&
            !(r->cmos[REG_B] & B_SET)) {
            parse(r);
            render(r);
        }
        break;
    }
    update_irq(r);
    schedule(r);
}

static uint32_t rtc_port_read(void *opaque, uint16_t port, unsigned size)
{
    Rtc *r = opaque;
    if (port == 0x70)
        return 0xFF; /* write-only */
    return reg_read(r, r->index);
}

static void rtc_port_write(void *opaque, uint16_t port, uint32_t val, unsigned size)
{
    Rtc *r = opaque;
    if (port == 0x70) {
        r->index = (uint8_t)val & 0x7Fu;
        r->nmi_masked = ((uint8_t)val & 0x80u) != 0;
        return;
    }
    reg_write(r, r->index, (uint8_t)val);
}

uint8_t rtc_cmos_read(Rtc *r, unsigned idx)
{
    return reg_read(r, idx & 0x7Fu);
}

void rtc_cmos_write(Rtc *r, unsigned idx, uint8_t val)
{
    reg_write(r, idx & 0x7Fu, val);
}

void rtc_cmos_update_checksum(Rtc *r)
{
    unsigned sum = 0;
    for (unsigned i = 0x10; i <= 0x2D; i++)
        sum += r->cmos[i];
    r->cmos[0x2E] = (uint8_t)(sum >> 8);
    r->cmos[0x2F] = (uint8_t)sum;
}

bool rtc_nmi_masked(const Rtc *r) { return r->nmi_masked; }

int64_t rtc_time(Rtc *r)
{
    catch_up(r, bus_now(r->bus));
    return r->clock;
}

/* --- NVRAM file --- */

int rtc_set_nvram_file(Rtc *r, const char *path, char *err, size_t errlen)
{
    free(r->nvram_path);
    r->nvram_path = NULL;
    FILE *f = fopen(path, "rb");
    if (f) {
        uint8_t buf[129];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        if (n != 128) {
            snprintf(err, errlen, "%s: CMOS file must be 128 bytes", path);
            return -1;
        }
        memcpy(r->cmos + 0x0E, buf + 0x0E, 128 - 0x0E);
    } else if (errno != ENOENT) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    r->nvram_path = strdup(path);
    return r->nvram_path ? 0 : -1;
}

int rtc_save_nvram(Rtc *r)
{
    if (!r->nvram_path)
        return 0;
    FILE *f = fopen(r->nvram_path, "wb");
    if (!f)
        return -1;
    catch_up(r, bus_now(r->bus));
    size_t n = fwrite(r->cmos, 1, 128, f);
    return (fclose(f) == 0 && n == 128) ? 0 : -1;
}

/* --- lifecycle --- */

static int64_t host_clock(bool utc)
{
    time_t t = time(NULL);
    struct tm tm;
    if (utc ? !gmtime_r(&t, &tm) : !localtime_r(&t, &tm))
        return (int64_t)t;
    return days_from_civil(tm.tm_year + 1900, (unsigned)tm.tm_mon + 1,
                           (unsigned)tm.tm_mday) * 86400 +
           tm.tm_hour * 3600 + tm.tm_min * 60 + (tm.tm_sec > 59 ? 59 : tm.tm_sec);
}

void rtc_reset(Rtc *r)
{
    uint64_t now = bus_now(r->bus);
    catch_up(r, now);
    r->cmos[REG_B] &= (uint8_t)~(B_PIE | B_AIE | B_UIE | B_SQWE);
    r->cmos[REG_C] = 0;
    r->pf_index = periodic_index(r, now);
    update_irq(r);
    schedule(r);
}

Rtc *rtc_create(Bus *bus, const RtcConfig *cfg)
{
    Rtc *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->bus = bus;
    event_init(&r->update_ev, "rtc-update", update_event, r);
    event_init(&r->periodic_ev, "rtc-periodic", periodic_event, r);
    if (io_register(bus->io, 0x70, 2, "rtc", rtc_port_read, rtc_port_write, r,
                    IO_W8)) {
        free(r);
        return NULL;
    }
    uint64_t now = bus_now(bus);
    r->cmos[REG_A] = 0x26; /* 32.768 kHz, 1024 Hz periodic rate */
    r->cmos[REG_B] = B_24H;
    r->cmos[REG_D] = 0x80;
    r->clock = (cfg && cfg->use_fixed_time) ? cfg->fixed_time
                                            : host_clock(cfg && cfg->host_utc);
    int64_t days = floor_div(r->clock, 86400);
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    r->cmos[REG_CENTURY] = to_bcd((unsigned)(y / 100));
    render(r);
    r->dv_start = now;
    r->next_update = now + NS_PER_SEC;
    rtc_reset(r);
    return r;
}

void rtc_destroy(Rtc *r)
{
    if (!r)
        return;
    rtc_save_nvram(r);
    event_cancel(r->bus->sched, &r->update_ev);
    event_cancel(r->bus->sched, &r->periodic_ev);
    io_unregister(r->bus->io, 0x70, 2);
    free(r->nvram_path);
    free(r);
}

int rtc_save(Rtc *r, StateWriter *w)
{
    catch_up(r, bus_now(r->bus));
    return state_save_fields(w, "rtc", 1, r, rtc_fields);
}

int rtc_load(Rtc *r, StateReader *r_)
{
    if (state_load_fields(r_, "rtc", 1, r, rtc_fields))
        return -1;
    r->index &= 0x7Fu;
    bool level = r->irq_level;
    r->irq_level = !level;
    bus_irq(r->bus, 8, level);
    r->irq_level = level;
    update_irq(r);
    schedule(r);
    return 0;
}

static void dev_reset(void *s) { rtc_reset(s); }
static int dev_save(void *s, StateWriter *w) { return rtc_save(s, w); }
static int dev_load(void *s, StateReader *r) { return rtc_load(s, r); }
static void dev_destroy(void *s) { rtc_destroy(s); }

Device rtc_device(Rtc *r)
{
    return (Device){"rtc", r, dev_reset, dev_save, dev_load, dev_destroy};
}
