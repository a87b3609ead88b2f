/*
 * tests/hw/test_pic.c — the 8259A pair programmed as a BIOS and OS drivers
 * do: AT initialization, priorities, nesting, cascade, EOI variants,
 * rotation, auto-EOI, special mask mode, poll mode, spurious IRQ7/15, ELCR,
 * save/load.
 */
#include <check.h>
#include <stdio.h>

#include "hw/pic.h"
#include "plat_bus.h"

static PlatBus *pb;
static Pic *pic;
static int intr_level = -1;
static unsigned intr_changes;

static void on_intr(void *opaque, bool level)
{
    (void)opaque;
    intr_level = level;
    intr_changes++;
}

/* The AT BIOS sequence (vectors 08h and 70h, cascade on IR2). */
static void bios_init(uint8_t icw4)
{
    pb_out8(pb, 0x20, 0x11);
    pb_out8(pb, 0x21, 0x08);
    pb_out8(pb, 0x21, 0x04);
    pb_out8(pb, 0x21, icw4);
    pb_out8(pb, 0xA0, 0x11);
    pb_out8(pb, 0xA1, 0x70);
    pb_out8(pb, 0xA1, 0x02);
    pb_out8(pb, 0xA1, icw4);
    pb_out8(pb, 0x21, 0x00);
    pb_out8(pb, 0xA1, 0x00);
}

static void setup(void)
{
    pb = pb_create();
    intr_level = -1;
    intr_changes = 0;
    pic = pic_create(&pb->bus, on_intr, NULL);
    ck_assert_ptr_nonnull(pic);
    intr_level = pic_intr_level(pic);
    bios_init(0x01);
}

static void teardown(void)
{
    pic_destroy(pic);
    pb_destroy(pb);
}

static void eoi_master(void) { pb_out8(pb, 0x20, 0x20); }
static void eoi_slave(void) { pb_out8(pb, 0xA0, 0x20); }

START_TEST(installs_as_irq_sink)
{
    ck_assert_ptr_eq(pb->bus.irq_sink, pic);
    ck_assert_int_eq(intr_level, 0);
    bus_irq(&pb->bus, 0, true);
    ck_assert_int_eq(intr_level, 1);
    ck_assert(pic_intr_level(pic));
}
END_TEST

START_TEST(timer_interrupt_cycle)
{
    bus_irq_pulse(&pb->bus, 0);           /* edge latched even after the pulse */
    ck_assert_int_eq(intr_level, 1);
    ck_assert_uint_eq(pic_irr(pic, 0), 0x01);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x08);
    ck_assert_int_eq(intr_level, 0);
    ck_assert_uint_eq(pic_isr(pic, 0), 0x01);
    ck_assert_uint_eq(pic_irr(pic, 0), 0x00);
    eoi_master();
    ck_assert_uint_eq(pic_isr(pic, 0), 0x00);
    ck_assert_int_eq(intr_level, 0);
}
END_TEST

START_TEST(priority_and_nesting)
{
    bus_irq_pulse(&pb->bus, 3);
    bus_irq_pulse(&pb->bus, 1);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x09);  /* IRQ1 first */
    ck_assert_int_eq(intr_level, 0);                /* IRQ3 blocked by ISR1 */
    bus_irq_pulse(&pb->bus, 0);                     /* higher: nests */
    ck_assert_int_eq(intr_level, 1);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x08);
    ck_assert_uint_eq(pic_isr(pic, 0), 0x03);
    eoi_master();                                   /* clears IRQ0 (highest) */
    ck_assert_uint_eq(pic_isr(pic, 0), 0x02);
    ck_assert_int_eq(intr_level, 0);
    eoi_master();
    ck_assert_int_eq(intr_level, 1);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x0B);
}
END_TEST

START_TEST(mask_blocks_but_irr_records)
{
    pb_out8(pb, 0x21, 0x10);
    ck_assert_uint_eq(pb_in8(pb, 0x21), 0x10);
    bus_irq_pulse(&pb->bus, 4);
    ck_assert_int_eq(intr_level, 0);
    pb_out8(pb, 0x20, 0x0A);                        /* OCW3: read IRR */
    ck_assert_uint_eq(pb_in8(pb, 0x20), 0x10);
    pb_out8(pb, 0x21, 0x00);
    ck_assert_int_eq(intr_level, 1);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x0C);
    pb_out8(pb, 0x20, 0x0B);                        /* OCW3: read ISR */
    ck_assert_uint_eq(pb_in8(pb, 0x20), 0x10);
}
END_TEST

START_TEST(slave_cascade)
{
    bus_irq_pulse(&pb->bus, 14);
    ck_assert_int_eq(intr_level, 1);
    ck_assert_uint_eq(pic_irr(pic, 0), 0x04);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x76);
    ck_assert_uint_eq(pic_isr(pic, 0), 0x04);
    ck_assert_uint_eq(pic_isr(pic, 1), 0x40);
    /* Master IRQ1 still outranks the cascade. */
    bus_irq_pulse(&pb->bus, 1);
    ck_assert_int_eq(intr_level, 1);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x09);
    eoi_master();
    /* A lower slave IRQ waits for both EOIs. */
    bus_irq_pulse(&pb->bus, 15);
    ck_assert_int_eq(intr_level, 0);
    eoi_slave();
    ck_assert_int_eq(intr_level, 0);   /* master IR2 still in service */
    eoi_master();
    ck_assert_int_eq(intr_level, 1);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x77);
    ck_assert_uint_eq(pic_isr(pic, 1), 0x80);
}
END_TEST

START_TEST(irq2_is_irq9)
{
    bus_irq_pulse(&pb->bus, 2);
    ck_assert_uint_eq(pic_irr(pic, 1), 0x02);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x71);
}
END_TEST

START_TEST(spurious_irq7_and_irq15)
{
    /* Level-triggered IRQ5 goes away before INTA: IRQ7 vector, no ISR. */
    pb_out8(pb, 0x4D0, 0x20);
    bus_irq(&pb->bus, 5, true);
    ck_assert_int_eq(intr_level, 1);
    bus_irq(&pb->bus, 5, false);
    ck_assert_int_eq(intr_level, 0);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x0F);
    ck_assert_uint_eq(pic_isr(pic, 0), 0x00);
    /* The same on the slave: master IR2 latched the slave's INT edge, so
     * INTA goes to the slave, which has nothing: IRQ15 vector, master IR2
     * in service (needs a master EOI), slave ISR untouched. */
    pb_out8(pb, 0x4D1, 0x04);
    bus_irq(&pb->bus, 10, true);
    ck_assert_int_eq(intr_level, 1);
    ck_assert_uint_eq(pic_irr(pic, 0), 0x04);
    bus_irq(&pb->bus, 10, false);
    ck_assert_int_eq(intr_level, 1);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x77);
    ck_assert_uint_eq(pic_isr(pic, 0), 0x04);
    ck_assert_uint_eq(pic_isr(pic, 1), 0x00);
    eoi_master();
    ck_assert_uint_eq(pic_isr(pic, 0), 0x00);
    ck_assert_int_eq(intr_level, 0);
}
END_TEST

START_TEST(spurious_irq15_from_masked_slave)
{
    /* The slave raised INT, then the OS masked the slave IR between the
     * master's IRR latch and INTA: the slave answers IRQ15. */
    bus_irq(&pb->bus, 12, true);
    ck_assert_int_eq(intr_level, 1);
    pb_out8(pb, 0xA1, 0x10);
    ck_assert_int_eq(intr_level, 1);          /* master IRR2 stays latched */
    ck_assert_uint_eq(pic_acknowledge(pic), 0x77);
    pb_out8(pb, 0xA1, 0x00);                  /* slave INT rises again */
    ck_assert_int_eq(intr_level, 0);          /* ...but master IR2 in service */
    eoi_master();
    ck_assert_int_eq(intr_level, 1);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x74);
    ck_assert_uint_eq(pic_isr(pic, 0), 0x04);
}
END_TEST

START_TEST(level_irr_follows_line)
{
    pb_out8(pb, 0x4D1, 0x08);                 /* IRQ11 level */
    ck_assert_uint_eq(pb_in8(pb, 0x4D1), 0x08);
    bus_irq(&pb->bus, 11, true);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x73);
    eoi_slave();
    eoi_master();
    /* Still high: interrupts again after EOI. */
    ck_assert_int_eq(intr_level, 1);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x73);
    bus_irq(&pb->bus, 11, false);
    eoi_slave();
    eoi_master();
    ck_assert_int_eq(intr_level, 0);
    /* ELCR reserved bits: IRQ0,1,2 and 8,13 stay edge. */
    pb_out8(pb, 0x4D0, 0xFF);
    pb_out8(pb, 0x4D1, 0xFF);
    ck_assert_uint_eq(pb_in8(pb, 0x4D0), 0xF8);
    ck_assert_uint_eq(pb_in8(pb, 0x4D1), 0xDE);
}
END_TEST

START_TEST(edge_needs_new_rising_edge)
{
    bus_irq(&pb->bus, 3, true);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x0B);
    eoi_master();
    ck_assert_int_eq(intr_level, 0);          /* held high: no new edge */
    bus_irq(&pb->bus, 3, false);
    bus_irq(&pb->bus, 3, true);
    ck_assert_int_eq(intr_level, 1);
}
END_TEST

START_TEST(specific_eoi_and_rotation)
{
    bus_irq_pulse(&pb->bus, 3);
    bus_irq_pulse(&pb->bus, 5);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x0B);
    pb_out8(pb, 0x20, 0x63);                  /* specific EOI IR3 */
    ck_assert_uint_eq(pic_isr(pic, 0), 0x00);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x0D);
    pb_out8(pb, 0x20, 0xE5);                  /* rotate on specific EOI 5 */
    ck_assert_uint_eq(pic_isr(pic, 0), 0x00);
    /* IR5 is now lowest, IR6 highest. */
    bus_irq_pulse(&pb->bus, 5);
    bus_irq_pulse(&pb->bus, 6);
    bus_irq_pulse(&pb->bus, 0);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x0E);
    pb_out8(pb, 0x20, 0xA0);                  /* rotate on non-specific EOI */
    /* IR6 lowest now: IR7 highest, then 0..5 */
    ck_assert_uint_eq(pic_acknowledge(pic), 0x08);
    eoi_master();
    ck_assert_uint_eq(pic_acknowledge(pic), 0x0D);
    eoi_master();
    /* Set priority: IR2 lowest -> IR3 highest. */
    pb_out8(pb, 0x20, 0xC2);
    bus_irq_pulse(&pb->bus, 1);
    bus_irq_pulse(&pb->bus, 4);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x0C);
}
END_TEST

START_TEST(auto_eoi_mode)
{
    bios_init(0x03);
    bus_irq_pulse(&pb->bus, 0);
    bus_irq_pulse(&pb->bus, 4);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x08);
    ck_assert_uint_eq(pic_isr(pic, 0), 0x00);
    ck_assert_int_eq(intr_level, 1);          /* nothing in service blocks */
    ck_assert_uint_eq(pic_acknowledge(pic), 0x0C);
    /* Two slave requests in auto-EOI: the second still reaches the CPU. */
    bus_irq_pulse(&pb->bus, 12);
    bus_irq_pulse(&pb->bus, 10);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x72);
    ck_assert_int_eq(intr_level, 1);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x74);
    ck_assert_int_eq(intr_level, 0);
    /* Rotate in auto-EOI mode: the acknowledged IR becomes lowest. */
    pb_out8(pb, 0x20, 0x80);
    bus_irq_pulse(&pb->bus, 1);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x09);
    bus_irq_pulse(&pb->bus, 1);
    bus_irq_pulse(&pb->bus, 3);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x0B);
}
END_TEST

START_TEST(special_mask_mode)
{
    bus_irq_pulse(&pb->bus, 1);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x09);
    bus_irq_pulse(&pb->bus, 4);
    ck_assert_int_eq(intr_level, 0);
    pb_out8(pb, 0x21, 0x02);                  /* mask the IR in service */
    ck_assert_int_eq(intr_level, 0);
    pb_out8(pb, 0x20, 0x68);                  /* OCW3: set SMM */
    ck_assert_int_eq(intr_level, 1);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x0C);
    pb_out8(pb, 0x20, 0x48);                  /* reset SMM */
    pb_out8(pb, 0x20, 0x64);                  /* specific EOI 4 */
    bus_irq_pulse(&pb->bus, 5);
    ck_assert_int_eq(intr_level, 0);          /* ISR1 blocks again */
}
END_TEST

START_TEST(poll_mode)
{
    pb_out8(pb, 0x20, 0x0C);
    ck_assert_uint_eq(pb_in8(pb, 0x20), 0x00);  /* nothing pending */
    bus_irq_pulse(&pb->bus, 6);
    pb_out8(pb, 0x20, 0x0C);
    ck_assert_uint_eq(pb_in8(pb, 0x20), 0x86);
    ck_assert_uint_eq(pic_isr(pic, 0), 0x40);
    ck_assert_int_eq(intr_level, 0);
    /* Poll is one-shot: the next read is IRR again. */
    ck_assert_uint_eq(pb_in8(pb, 0x20), 0x00);
}
END_TEST

START_TEST(icw1_reinit_clears_state)
{
    bus_irq_pulse(&pb->bus, 1);
    pic_acknowledge(pic);
    pb_out8(pb, 0x21, 0x55);
    pb_out8(pb, 0x20, 0x11);
    ck_assert_uint_eq(pic_isr(pic, 0), 0);
    ck_assert_uint_eq(pic_imr(pic, 0), 0);
    pb_out8(pb, 0x21, 0x20);                   /* new base 20h */
    pb_out8(pb, 0x21, 0x04);
    pb_out8(pb, 0x21, 0x01);
    ck_assert_uint_eq(pb_in8(pb, 0x21), 0x00); /* ICWs did not touch IMR */
    bus_irq_pulse(&pb->bus, 7);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x27);
}
END_TEST

START_TEST(reset_masks_everything)
{
    pic_reset(pic);
    bus_irq_pulse(&pb->bus, 0);
    ck_assert_int_eq(intr_level, 0);
    ck_assert_uint_eq(pb_in8(pb, 0x21), 0xFF);
}
END_TEST

START_TEST(save_load_roundtrip)
{
    bus_irq_pulse(&pb->bus, 3);
    bus_irq_pulse(&pb->bus, 12);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x74); /* IR2 outranks IR3 */
    pb_out8(pb, 0x21, 0x40);
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    StateWriter w = {f, 0};
    Device d = pic_device(pic);
    ck_assert_int_eq(d.save(d.self, &w), 0);
    pic_reset(pic);
    ck_assert_uint_eq(pic_isr(pic, 0), 0);
    rewind(f);
    StateReader r = {f, 0};
    ck_assert_int_eq(d.load(d.self, &r), 0);
    fclose(f);
    ck_assert_uint_eq(pic_isr(pic, 0), 0x04);
    ck_assert_uint_eq(pic_isr(pic, 1), 0x10);
    ck_assert_uint_eq(pic_imr(pic, 0), 0x40);
    ck_assert_uint_eq(pic_irr(pic, 0), 0x08);
    ck_assert_int_eq(intr_level, 0);
    eoi_slave();
    eoi_master();
    ck_assert_int_eq(intr_level, 1);
    ck_assert_uint_eq(pic_acknowledge(pic), 0x0B);
}
END_TEST

Suite *pic_suite(void)
{
    Suite *s = suite_create("pic");
    TCase *tc = tcase_create("pic");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, installs_as_irq_sink);
    tcase_add_test(tc, timer_interrupt_cycle);
    tcase_add_test(tc, priority_and_nesting);
    tcase_add_test(tc, mask_blocks_but_irr_records);
    tcase_add_test(tc, slave_cascade);
    tcase_add_test(tc, irq2_is_irq9);
    tcase_add_test(tc, spurious_irq7_and_irq15);
    tcase_add_test(tc, spurious_irq15_from_masked_slave);
    tcase_add_test(tc, level_irr_follows_line);
    tcase_add_test(tc, edge_needs_new_rising_edge);
    tcase_add_test(tc, specific_eoi_and_rotation);
    tcase_add_test(tc, auto_eoi_mode);
    tcase_add_test(tc, special_mask_mode);
    tcase_add_test(tc, poll_mode);
    tcase_add_test(tc, icw1_reinit_clears_state);
    tcase_add_test(tc, reset_masks_everything);
    tcase_add_test(tc, save_load_roundtrip);
    suite_add_tcase(s, tc);
    return s;
}
