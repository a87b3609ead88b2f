/*
 * tests/hw/test_i8042.c — the 8042 with its PS/2 keyboard and mouse,
 * driven as a BIOS and OS drivers (Linux i8042/atkbd/psmouse style) do:
 * controller commands and status bits, command byte, IRQ1/IRQ12, set 2 ->
 * set 1 translation, keyboard commands, scancodes (incl. Pause/PrtSc),
 * typematic repeat in guest time, buffer overrun, mouse protocol and
 * packets, A20 and reset through the output port and port 0x92.
 */
#include <check.h>
#include <stdio.h>

#include "hw/i8042.h"
#include "plat_bus.h"

static PlatBus *pb;
static Ps2Kbd *kbd;
static Ps2Mouse *mouse;
static I8042 *ctl;

#define MS 1000000ull
#define FRAME_NS PB_PS2_FRAME_NS

static void setup(void)
{
    pb = pb_create();
    kbd = ps2kbd_create(&pb->bus);
    mouse = ps2mouse_create(&pb->bus);
    ctl = i8042_create(&pb->bus, kbd, mouse);
    ck_assert_ptr_nonnull(ctl);
}

static void teardown(void)
{
    i8042_destroy(ctl);
    ps2mouse_destroy(mouse);
    ps2kbd_destroy(kbd);
    pb_destroy(pb);
}

static uint8_t status(void) { return pb_in8(pb, 0x64); }

static void cmd(uint8_t c) { pb_out8(pb, 0x64, c); }

/* Wait-for-OBF-then-read, as drivers do (a device byte follows the
 * previous one after a serial frame, ~1 ms); -1 if nothing comes. */
static int read_data(void) { return pb_kbc_read(pb); }
#define EXPECT(...) PB_KBC_EXPECT(pb, __VA_ARGS__)

static void set_cmdbyte(uint8_t v)
{
    cmd(0x60);
    pb_out8(pb, 0x60, v);
}

static void drain(void)
{
    while (read_data() >= 0)
        ;
}

static void press(KeyCode k) { ps2kbd_key(kbd, k, true); }
static void release(KeyCode k) { ps2kbd_key(kbd, k, false); }

START_TEST(self_test_and_status)
{
    ck_assert_uint_eq(status() & 0x01, 0);
    ck_assert_uint_eq(status() & 0x04, 0);     /* cold boot: SYS clear */
    ck_assert_uint_eq(status() & 0x10, 0x10);  /* not inhibited */
    cmd(0xAA);
    ck_assert_uint_eq(status() & 0x09, 0x09);  /* OBF, A2 (last write = command) */
    EXPECT(0x55);
    ck_assert_uint_eq(status() & 0x01, 0);
    ck_assert_uint_eq(pb_in8(pb, 0x60), 0x55); /* empty buffer rereads */
    cmd(0xAB); EXPECT(0x00);
    cmd(0xA9); EXPECT(0x00);
    cmd(0xA4); EXPECT(0xF1);
    cmd(0xC0); EXPECT(0xA0);
    cmd(0xE0); EXPECT(0x00);
    cmd(0x42);                                 /* unknown: ignored */
    ck_assert_int_eq(read_data(), -1);
}
END_TEST

START_TEST(command_byte_and_ram)
{
    cmd(0x20);
    EXPECT(0x41);
    set_cmdbyte(0x47);
    ck_assert_uint_eq(status() & 0x0C, 0x04);  /* SYS, A2 clear after data */
    cmd(0x20);
    EXPECT(0x47);
    cmd(0x65);
    pb_out8(pb, 0x60, 0x5A);
    cmd(0x25);
    EXPECT(0x5A);
    cmd(0xAD);
    cmd(0x20);
    EXPECT(0x57);
    cmd(0xAE);
    cmd(0xA7);
    cmd(0x20);
    EXPECT(0x67);
    cmd(0xA8);
    cmd(0x20);
    EXPECT(0x47);
}
END_TEST

START_TEST(keyboard_reset_irq1_per_byte)
{
    set_cmdbyte(0x45);
    pb_out8(pb, 0x60, 0xFF);
    ck_assert(pb->irq[1]);
    ck_assert_uint_eq(pb->irq_rises[1], 1);
    ck_assert_uint_eq(pb_in8(pb, 0x60), 0xFA);
    ck_assert(!pb->irq[1]);                    /* next byte still on the wire */
    pb_advance(pb, FRAME_NS);
    ck_assert(pb->irq[1]);                     /* next byte, new edge */
    ck_assert_uint_eq(pb->irq_rises[1], 2);
    ck_assert_uint_eq(pb_in8(pb, 0x60), 0xAA);
    ck_assert(!pb->irq[1]);
    /* IRQ disabled in the command byte: polled only. */
    set_cmdbyte(0x44);
    pb_out8(pb, 0x60, 0xEE);
    ck_assert(!pb->irq[1]);
    EXPECT(0xEE);
}
END_TEST

START_TEST(translated_scancodes)
{
    set_cmdbyte(0x45);                         /* XLAT on */
    press(KEY_A); release(KEY_A);
    EXPECT(0x1E, 0x9E);
    press(KEY_RCTRL); release(KEY_RCTRL);
    EXPECT(0xE0, 0x1D, 0xE0, 0x9D);
    press(KEY_F7); release(KEY_F7);
    EXPECT(0x41, 0xC1);
    press(KEY_PAUSE); release(KEY_PAUSE);
    EXPECT(0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5);
    press(KEY_PRINTSCREEN); release(KEY_PRINTSCREEN);
    EXPECT(0xE0, 0x2A, 0xE0, 0x37, 0xE0, 0xB7, 0xE0, 0xAA);
    ck_assert_int_eq(read_data(), -1);
    /* Identify and get-set replies are translated too. */
    pb_out8(pb, 0x60, 0xF2);
    EXPECT(0xFA, 0xAB, 0x41);
    pb_out8(pb, 0x60, 0xF0);
    pb_out8(pb, 0x60, 0x00);
    EXPECT(0xFA, 0xFA, 0x41);
}
END_TEST

START_TEST(raw_set2_and_set1)
{
    set_cmdbyte(0x05);                         /* XLAT off */
    press(KEY_A); release(KEY_A);
    EXPECT(0x1C, 0xF0, 0x1C);
    press(KEY_DELETE); release(KEY_DELETE);
    EXPECT(0xE0, 0x71, 0xE0, 0xF0, 0x71);
    press(KEY_PAUSE);
    EXPECT(0xE1, 0x14, 0x77, 0xE1, 0xF0, 0x14, 0xF0, 0x77);
    release(KEY_PAUSE);
    ck_assert_int_eq(read_data(), -1);
    /* Ctrl+Pause = Break, Alt+PrtSc = SysRq */
    press(KEY_LCTRL); press(KEY_PAUSE); release(KEY_PAUSE); release(KEY_LCTRL);
    EXPECT(0x14, 0xE0, 0x7E, 0xE0, 0xF0, 0x7E, 0xF0, 0x14);
    press(KEY_LALT); press(KEY_PRINTSCREEN); release(KEY_PRINTSCREEN); release(KEY_LALT);
    EXPECT(0x11, 0x84, 0xF0, 0x84, 0xF0, 0x11);
    /* Switch the keyboard to set 1. */
    pb_out8(pb, 0x60, 0xF0);
    pb_out8(pb, 0x60, 0x01);
    EXPECT(0xFA, 0xFA);
    pb_out8(pb, 0x60, 0xF0);
    pb_out8(pb, 0x60, 0x00);
    EXPECT(0xFA, 0xFA, 0x01);
    press(KEY_A); release(KEY_A);
    EXPECT(0x1E, 0x9E);
    press(KEY_KP_ENTER); release(KEY_KP_ENTER);
    EXPECT(0xE0, 0x1C, 0xE0, 0x9C);
    /* Set 3 is accepted (its codes are in test_ps2kbd.c); set 4 is not. */
    pb_out8(pb, 0x60, 0xF0);
    pb_out8(pb, 0x60, 0x03);
    EXPECT(0xFA, 0xFA);
    press(KEY_KP_ENTER); release(KEY_KP_ENTER);
    EXPECT(0x79, 0xF0, 0x79);
    pb_out8(pb, 0x60, 0xF0);
    pb_out8(pb, 0x60, 0x04);
    EXPECT(0xFA, 0xFE);
}
END_TEST

START_TEST(keyboard_commands)
{
    set_cmdbyte(0x05);
    pb_out8(pb, 0x60, 0xED);
    pb_out8(pb, 0x60, 0x07);
    EXPECT(0xFA, 0xFA);
    ck_assert_uint_eq(ps2kbd_leds(kbd), KBD_LED_SCROLL | KBD_LED_NUM | KBD_LED_CAPS);
    pb_out8(pb, 0x60, 0xED);
    pb_out8(pb, 0x60, 0xF4);                   /* not an LED byte: a command */
    EXPECT(0xFA, 0xFA);
    ck_assert_uint_eq(ps2kbd_leds(kbd), 7);
    pb_out8(pb, 0x60, 0xEE);
    EXPECT(0xEE);
    pb_out8(pb, 0x60, 0xFE);                   /* resend */
    EXPECT(0xEE);
    pb_out8(pb, 0x60, 0xF2);
    EXPECT(0xFA, 0xAB, 0x83);
    pb_out8(pb, 0x60, 0xE5);                   /* unknown */
    EXPECT(0xFE);
    /* F5 disables scanning, F4 enables. */
    pb_out8(pb, 0x60, 0xF5);
    EXPECT(0xFA);
    press(KEY_B); release(KEY_B);
    ck_assert_int_eq(read_data(), -1);
    pb_out8(pb, 0x60, 0xF4);
    EXPECT(0xFA);
    press(KEY_B);
    EXPECT(0x32);
    /* Reset restores LEDs off. */
    pb_out8(pb, 0x60, 0xFF);
    EXPECT(0xFA, 0xAA);
    ck_assert_uint_eq(ps2kbd_leds(kbd), 0);
}
END_TEST

/* An IRQ 1 handler chain that reads port 60h twice (EMM386's protected-mode
 * handler, then the BIOS INT 09h it reflects to) sees the same byte twice;
 * the next queued byte follows one serial frame later with a new edge. */
START_TEST(second_read_same_byte_until_next_frame)
{
    set_cmdbyte(0x45);
    press(KEY_N);
    release(KEY_N);                            /* 31h and B1h both queued */
    ck_assert(pb->irq[1]);
    pb_clear_irq_counts(pb);
    ck_assert_uint_eq(pb_in8(pb, 0x60), 0x31);
    ck_assert_uint_eq(status() & 0x01, 0);
    ck_assert(!pb->irq[1]);
    ck_assert_uint_eq(pb_in8(pb, 0x60), 0x31); /* not B1h yet */
    pb_advance(pb, FRAME_NS / 2);
    ck_assert_uint_eq(status() & 0x01, 0);
    pb_advance(pb, FRAME_NS);
    ck_assert(pb->irq[1]);
    ck_assert_uint_eq(pb->irq_rises[1], 1);
    ck_assert_uint_eq(pb_in8(pb, 0x60), 0xB1);
    ck_assert_uint_eq(pb_in8(pb, 0x60), 0xB1);
    /* Controller responses are not delayed by the serial line. */
    cmd(0x20);
    ck_assert_uint_eq(status() & 0x01, 0x01);
    ck_assert_uint_eq(pb_in8(pb, 0x60), 0x45);
}
END_TEST

static unsigned count_bytes(uint8_t want)
{
    unsigned n = 0;
    int b;
    while ((b = read_data()) >= 0)
        n += b == want;
    return n;
}

START_TEST(typematic_in_guest_time)
{
    set_cmdbyte(0x05);
    press(KEY_X);
    pb_advance(pb, 497 * MS);                  /* + 1.1 ms reading */
    ck_assert_uint_eq(count_bytes(0x22), 1);
    pb_advance(pb, 2 * MS);                    /* 500.1 ms: first repeat */
    ck_assert_uint_eq(count_bytes(0x22), 1);
    /* 10.9 cps: 91.7 ms apart; 10 more in 917 ms */
    pb_advance(pb, 917 * MS);
    ck_assert_uint_eq(count_bytes(0x22), 10);
    release(KEY_X);
    EXPECT(0xF0, 0x22);
    pb_advance(pb, NS_PER_SEC);
    ck_assert_int_eq(read_data(), -1);
    /* Fastest rate, shortest delay: 30 cps after 250 ms. */
    pb_out8(pb, 0x60, 0xF3);
    pb_out8(pb, 0x60, 0x00);
    EXPECT(0xFA, 0xFA);
    press(KEY_Y);
    unsigned n = 0;
    uint64_t t0 = pb_now(pb);
    for (int i = 1; i <= 125; i++) {          /* a reader polling every 10 ms */
        pb_advance(pb, t0 + (uint64_t)i * 10 * MS - pb_now(pb));
        n += count_bytes(0x35);
    }
    ck_assert(n >= 30 && n <= 32);            /* 1 + 1 + 1000/33.36 */
    /* A guest that stops reading gets no flood of repeats. */
    pb_advance(pb, 10 * NS_PER_SEC);
    n = count_bytes(0x35);
    /* 16 queued + the output buffer, + 1 repeat while reading them */
    ck_assert_msg(n >= 15 && n <= 18, "n=%u", n);
    /* A second key takes over the repeat; Pause never repeats. */
    press(KEY_U);
    pb_advance(pb, 500 * MS);
    ck_assert_uint_eq(count_bytes(0x35), 0);
    release(KEY_U);
    release(KEY_Y);
    drain();
    press(KEY_PAUSE);
    pb_advance(pb, 2 * NS_PER_SEC);
    ck_assert_uint_eq(count_bytes(0xE1), 2);
}
END_TEST

START_TEST(buffer_overrun)
{
    set_cmdbyte(0x15);                         /* keyboard interface disabled */
    for (int i = 0; i < 200; i++) {
        press(KEY_A);
        release(KEY_A);
    }
    ck_assert_int_eq(read_data(), -1);         /* held in the keyboard */
    cmd(0xAE);
    unsigned n = 0;
    int b, last = -1;
    while ((b = read_data()) >= 0) {
        last = b;
        n++;
        ck_assert(n <= 256);
    }
    ck_assert_uint_eq(last, 0x00);             /* overrun code, set 2 */
    ck_assert(n > 200);
    /* Works again afterwards. */
    press(KEY_A);
    EXPECT(0x1C);
    ps2kbd_release_all(kbd);
    EXPECT(0xF0, 0x1C);
    ck_assert_int_eq(read_data(), -1);
}
END_TEST

START_TEST(host_repeat_ignored)
{
    set_cmdbyte(0x05);
    press(KEY_Q);
    press(KEY_Q);
    press(KEY_Q);
    release(KEY_Q);
    release(KEY_Q);
    EXPECT(0x15, 0xF0, 0x15);
    ck_assert_int_eq(read_data(), -1);
}
END_TEST

static void mouse_cmd(uint8_t b)
{
    cmd(0xD4);
    pb_out8(pb, 0x60, b);
}

START_TEST(mouse_reset_and_packets)
{
    set_cmdbyte(0x47);                         /* both IRQs, XLAT */
    mouse_cmd(0xFF);
    ck_assert(pb->irq[12]);
    ck_assert_uint_eq(status() & 0x21, 0x21);  /* OBF + AUXB */
    EXPECT(0xFA, 0xAA, 0x00);                   /* not translated */
    ck_assert(!pb->irq[12]);
    ck_assert(!pb->irq[1]);
    mouse_cmd(0xF2);
    EXPECT(0xFA, 0x00);
    /* Disabled: motion is dropped. */
    ps2mouse_motion(mouse, 5, 5, 0, 0);
    ck_assert_int_eq(read_data(), -1);
    mouse_cmd(0xF4);
    EXPECT(0xFA);
    ps2mouse_motion(mouse, 10, -5, 0, MOUSE_LEFT);   /* right, up */
    EXPECT(0x09, 0x0A, 0x05);
    ps2mouse_motion(mouse, -3, 7, 0, MOUSE_LEFT | MOUSE_MIDDLE);  /* left, down */
    EXPECT(0x3D, 0xFD, 0xF9);
    /* Large motion is split without loss, no overflow bits. */
    ps2mouse_motion(mouse, 300, 0, 0, 0);
    EXPECT(0x08, 0xFF, 0x00, 0x08, 0x2D, 0x00);
    ps2mouse_motion(mouse, -600, 0, 0, 0);
    EXPECT(0x18, 0x00, 0x00, 0x18, 0x00, 0x00, 0x18, 0xA8, 0x00);
    /* Motion while a packet is waiting is coalesced into the next one. */
    ps2mouse_motion(mouse, 1, 0, 0, 0);
    ps2mouse_motion(mouse, 1, 0, 0, 0);
    ps2mouse_motion(mouse, 1, 0, 0, 0);
    EXPECT(0x08, 0x01, 0x00, 0x08, 0x02, 0x00);
    ck_assert_int_eq(read_data(), -1);
    /* Button change alone makes a packet. */
    ps2mouse_motion(mouse, 0, 0, 0, MOUSE_RIGHT);
    EXPECT(0x0A, 0x00, 0x00);
}
END_TEST

START_TEST(mouse_wheel_detection)
{
    set_cmdbyte(0x47);
    static const uint8_t seq[] = {200, 100, 80};
    for (int i = 0; i < 3; i++) {
        mouse_cmd(0xF3);
        mouse_cmd(seq[i]);
        EXPECT(0xFA, 0xFA);
    }
    mouse_cmd(0xF2);
    EXPECT(0xFA, 0x03);
    mouse_cmd(0xF4);
    EXPECT(0xFA);
    ps2mouse_motion(mouse, 0, 0, 3, 0);
    EXPECT(0x08, 0x00, 0x00, 0x03);
    ps2mouse_motion(mouse, 0, 0, -10, 0);
    EXPECT(0x08, 0x00, 0x00, 0xF8, 0x08, 0x00, 0x00, 0xFE);
    /* 200,200,80 on top: 5-button mouse, ID 4. */
    static const uint8_t seq4[] = {200, 200, 80};
    for (int i = 0; i < 3; i++) {
        mouse_cmd(0xF3);
        mouse_cmd(seq4[i]);
        EXPECT(0xFA, 0xFA);
    }
    mouse_cmd(0xF2);
    EXPECT(0xFA, 0x04);
    ps2mouse_motion(mouse, 0, 0, 1, MOUSE_BUTTON4);
    EXPECT(0x08, 0x00, 0x00, 0x11);
    /* Reset drops back to a plain mouse. */
    mouse_cmd(0xFF);
    EXPECT(0xFA, 0xAA, 0x00);
    mouse_cmd(0xF2);
    EXPECT(0xFA, 0x00);
}
END_TEST

START_TEST(mouse_status_remote_wrap)
{
    set_cmdbyte(0x47);
    mouse_cmd(0xE8); mouse_cmd(0x03); EXPECT(0xFA, 0xFA);
    mouse_cmd(0xF3); mouse_cmd(40); EXPECT(0xFA, 0xFA);
    mouse_cmd(0xE7); EXPECT(0xFA);
    mouse_cmd(0xF4); EXPECT(0xFA);
    mouse_cmd(0xE9);
    EXPECT(0xFA, 0x30, 0x03, 40);
    /* 2:1 scaling in stream mode. */
    ps2mouse_motion(mouse, 3, 0, 0, 0);
    EXPECT(0x08, 0x03, 0x00);
    ps2mouse_motion(mouse, 5, 0, 0, 0);
    EXPECT(0x08, 0x09, 0x00);
    ps2mouse_motion(mouse, 10, 0, 0, 0);
    EXPECT(0x08, 0x14, 0x00);
    mouse_cmd(0xE6); EXPECT(0xFA);
    /* Remote mode: no stream, read data on request. */
    mouse_cmd(0xF0); EXPECT(0xFA);
    ps2mouse_motion(mouse, 4, 4, 0, MOUSE_LEFT);
    ck_assert_int_eq(read_data(), -1);
    mouse_cmd(0xEB);
    EXPECT(0xFA, 0x29, 0x04, 0xFC);
    mouse_cmd(0xE9);
    EXPECT(0xFA, 0x64, 0x03, 40);
    mouse_cmd(0xEA); EXPECT(0xFA);
    /* Wrap mode echoes until EC. */
    mouse_cmd(0xEE); EXPECT(0xFA);
    mouse_cmd(0x12); EXPECT(0x12);
    mouse_cmd(0xF2); EXPECT(0xF2);
    mouse_cmd(0xEC); EXPECT(0xFA);
    mouse_cmd(0xE1); EXPECT(0xFE);             /* unknown */
    mouse_cmd(0xE8); mouse_cmd(0x09); EXPECT(0xFA, 0xFE); /* bad resolution */
}
END_TEST

START_TEST(aux_disable_holds_mouse_bytes)
{
    set_cmdbyte(0x47);
    mouse_cmd(0xF4);
    EXPECT(0xFA);
    cmd(0xA7);
    ps2mouse_motion(mouse, 1, 1, 0, 0);
    ck_assert_int_eq(read_data(), -1);
    cmd(0xA8);
    EXPECT(0x28, 0x01, 0xFF);
    pb_advance(pb, FRAME_NS);                  /* the wire is idle again */
    /* Keyboard bytes come before mouse bytes when both wait. */
    cmd(0xAD);
    cmd(0xA7);
    press(KEY_A);
    ps2mouse_motion(mouse, 2, 0, 0, 0);
    cmd(0xA8);
    cmd(0xAE);
    ck_assert_uint_eq(status() & 0x20, 0x20);  /* mouse byte already in OB */
    EXPECT(0x08, 0x1E, 0x02, 0x00);
}
END_TEST

START_TEST(output_port_a20_and_reset)
{
    ck_assert(mem_a20_enabled(pb->bus.mem));
    cmd(0xD0);
    ck_assert_uint_eq(read_data() & 0x03, 0x03);
    cmd(0xD1);
    pb_out8(pb, 0x60, 0xDD);                   /* A20 off, reset high */
    ck_assert(!mem_a20_enabled(pb->bus.mem));
    ck_assert_uint_eq(pb->resets, 0);
    cmd(0xD0);
    ck_assert_uint_eq(read_data() & 0x03, 0x01);
    cmd(0xD1);
    pb_out8(pb, 0x60, 0xDF);
    ck_assert(mem_a20_enabled(pb->bus.mem));
    /* Port 0x92 fast A20 ORs with the output port. */
    cmd(0xDD);
    ck_assert(!mem_a20_enabled(pb->bus.mem));
    pb_out8(pb, 0x92, 0x02);
    ck_assert(mem_a20_enabled(pb->bus.mem));
    ck_assert_uint_eq(pb_in8(pb, 0x92), 0x02);
    pb_out8(pb, 0x92, 0x00);
    ck_assert(!mem_a20_enabled(pb->bus.mem));
    /* Resets: pulse FEh, output port bit 0, port 0x92 bit 0. */
    cmd(0xFF);
    ck_assert_uint_eq(pb->resets, 0);
    cmd(0xFE);
    ck_assert_uint_eq(pb->resets, 1);
    cmd(0xD1);
    pb_out8(pb, 0x60, 0x02);
    ck_assert_uint_eq(pb->resets, 2);
    pb_out8(pb, 0x92, 0x01);
    ck_assert_uint_eq(pb->resets, 3);
    pb_out8(pb, 0x92, 0x01);                   /* no new 0->1 edge */
    ck_assert_uint_eq(pb->resets, 3);
}
END_TEST

START_TEST(write_output_buffer_commands)
{
    set_cmdbyte(0x47);
    cmd(0xD2);
    pb_out8(pb, 0x60, 0x55);
    ck_assert(pb->irq[1]);
    ck_assert_uint_eq(status() & 0x21, 0x01);
    EXPECT(0x55);
    cmd(0xD3);
    pb_out8(pb, 0x60, 0x66);
    ck_assert(pb->irq[12]);
    ck_assert_uint_eq(status() & 0x21, 0x21);
    EXPECT(0x66);
    /* Output port shows which buffer is full. */
    cmd(0xD3);
    pb_out8(pb, 0x60, 0x01);
    ck_assert_uint_eq(status() & 0x21, 0x21);
    ck_assert_uint_eq(pb_in8(pb, 0x60), 0x01);
}
END_TEST

START_TEST(no_mouse_attached)
{
    i8042_destroy(ctl);
    ctl = i8042_create(&pb->bus, kbd, NULL);
    cmd(0xA9);
    EXPECT(0x02);
    cmd(0xD4);
    pb_out8(pb, 0x60, 0xFF);
    ck_assert_uint_eq(status() & 0x40, 0x40);  /* timeout */
    EXPECT(0xFE);
    pb_out8(pb, 0x60, 0xEE);                   /* keyboard still fine */
    ck_assert_uint_eq(status() & 0x40, 0);
    EXPECT(0xEE);
}
END_TEST

START_TEST(save_load_roundtrip)
{
    set_cmdbyte(0x07);
    press(KEY_A);
    press(KEY_B);
    ck_assert_uint_eq(read_data(), 0x1C);
    FILE *f = tmpfile();
    StateWriter w = {f, 0};
    Device dc = i8042_device(ctl), dk = ps2kbd_device(kbd), dm = ps2mouse_device(mouse);
    ck_assert_int_eq(dc.save(dc.self, &w), 0);
    ck_assert_int_eq(dk.save(dk.self, &w), 0);
    ck_assert_int_eq(dm.save(dm.self, &w), 0);
    dk.reset(dk.self);
    dc.reset(dc.self);
    ck_assert_int_eq(read_data(), -1);
    rewind(f);
    StateReader r = {f, 0};
    ck_assert_int_eq(dc.load(dc.self, &r), 0);
    ck_assert_int_eq(dk.load(dk.self, &r), 0);
    ck_assert_int_eq(dm.load(dm.self, &r), 0);
    fclose(f);
    EXPECT(0x32);
    ck_assert_uint_eq(i8042_command_byte(ctl), 0x07);
}
END_TEST

Suite *i8042_suite(void)
{
    Suite *s = suite_create("i8042");
    TCase *tc = tcase_create("i8042");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, self_test_and_status);
    tcase_add_test(tc, command_byte_and_ram);
    tcase_add_test(tc, keyboard_reset_irq1_per_byte);
    tcase_add_test(tc, second_read_same_byte_until_next_frame);
    tcase_add_test(tc, translated_scancodes);
    tcase_add_test(tc, raw_set2_and_set1);
    tcase_add_test(tc, keyboard_commands);
    tcase_add_test(tc, typematic_in_guest_time);
    tcase_add_test(tc, buffer_overrun);
    tcase_add_test(tc, host_repeat_ignored);
    tcase_add_test(tc, mouse_reset_and_packets);
    tcase_add_test(tc, mouse_wheel_detection);
    tcase_add_test(tc, mouse_status_remote_wrap);
    tcase_add_test(tc, aux_disable_holds_mouse_bytes);
    tcase_add_test(tc, output_port_a20_and_reset);
    tcase_add_test(tc, write_output_buffer_commands);
    tcase_add_test(tc, no_mouse_attached);
    tcase_add_test(tc, save_load_roundtrip);
    suite_add_tcase(s, tc);
    return s;
}
