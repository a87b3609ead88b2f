/*
 * tests/cpu/test_cpu_core.c — unit tests of the CPU core: decoder and
 * lazy flags, per-model differences, memory path (wrap, SMC), interrupts,
 * HLT, single-step, icount, disassembler, save/restore.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "hw/device.h"
#include "mem/memory.h"

int cpu_disasm_bytes(const uint8_t *bytes, unsigned len, bool mode32,
                     CpuModel model, uint32_t ip, char *buf,
                     unsigned bufsize);

static PhysMem *mem;
static Cpu *cpu;
static unsigned io_writes;
static uint32_t last_out;
static uint8_t next_vector = 0x20;

static uint32_t t_io_read(void *o, uint16_t port, unsigned size)
{
    (void)o; (void)size;
    return port == 0x1234 ? 0x5A : 0xFFFFFFFFu;
}

static void t_io_write(void *o, uint16_t port, uint32_t v, unsigned size)
{
    (void)o; (void)port; (void)size;
    io_writes++;
    last_out = v;
}

static uint8_t t_ack(void *o)
{
    (void)o;
    return next_vector;
}

/* Fresh CPU of `model`, code at 0000:0100, SS:SP = 0000:8000. */
static void setup(CpuModel model, const uint8_t *code, size_t len)
{
    if (cpu)
        cpu_destroy(cpu);
    if (mem)
        mem_destroy(mem);
    mem = mem_create(1u << 20);
    ck_assert_ptr_nonnull(mem);
    CpuConfig cfg = {model, false};
    CpuHost host = {t_io_read, t_io_write, t_ack, NULL, NULL, NULL};
    cpu = cpu_create(&cfg, mem, &host);
    ck_assert_ptr_nonnull(cpu);
    for (size_t i = 0; i < len; i++)
        mem_write8(mem, 0x100 + (uint32_t)i, code[i]);
    cpu_set_reg(cpu, CPU_REG_CS, 0);
    cpu_set_reg(cpu, CPU_REG_EIP, 0x100);
    cpu_set_reg(cpu, CPU_REG_SS, 0);
    cpu_set_reg(cpu, CPU_REG_ESP, 0x8000);
    cpu_set_reg(cpu, CPU_REG_DS, 0);
    cpu_set_reg(cpu, CPU_REG_ES, 0);
    io_writes = 0;
}

static void teardown(void)
{
    cpu_destroy(cpu);
    cpu = NULL;
    mem_destroy(mem);
    mem = NULL;
}

#define REG(r) cpu_get_reg(cpu, CPU_REG_##r)
#define FL(bit) ((REG(EFLAGS) >> (bit)) & 1)

START_TEST(add_flags_lazy)
{
    /* mov al,0x7f; add al,1; mov bl,0xff; add bl,1 */
    static const uint8_t code[] = {0xB0, 0x7F, 0x04, 0x01, 0xB3, 0xFF, 0x80, 0xC3, 0x01};
    setup(CPU_386, code, sizeof code);
    cpu_run(cpu, 2);
    ck_assert_uint_eq(REG(EAX) & 0xFF, 0x80);
    ck_assert_uint_eq(FL(11), 1); /* OF */
    ck_assert_uint_eq(FL(7), 1);  /* SF */
    ck_assert_uint_eq(FL(0), 0);  /* CF */
    ck_assert_uint_eq(FL(4), 1);  /* AF */
    cpu_run(cpu, 2);
    ck_assert_uint_eq(REG(EBX) & 0xFF, 0);
    ck_assert_uint_eq(FL(0), 1);
    ck_assert_uint_eq(FL(6), 1);
    ck_assert_uint_eq(FL(11), 0);
    ck_assert_uint_eq(FL(2), 1); /* PF of 0 */
}
END_TEST

START_TEST(adc_sbb_chain)
{
    /* stc; mov ax,0xffff; adc ax,0 -> 0, CF=1; sbb bx,bx -> -1 */
    static const uint8_t code[] = {0xF9, 0xB8, 0xFF, 0xFF, 0x15, 0x00, 0x00, 0x19, 0xDB};
    setup(CPU_286, code, sizeof code);
    cpu_run(cpu, 4);
    ck_assert_uint_eq(REG(EAX) & 0xFFFF, 0);
    ck_assert_uint_eq(REG(EBX) & 0xFFFF, 0xFFFF);
    ck_assert_uint_eq(FL(0), 1);
}
END_TEST

START_TEST(shift_count_masking)
{
    /* mov al,1; mov cl,33; shl al,cl */
    static const uint8_t code[] = {0xB0, 0x01, 0xB1, 0x21, 0xD2, 0xE0};
    setup(CPU_8086, code, sizeof code);
    cpu_run(cpu, 3);
    ck_assert_uint_eq(REG(EAX) & 0xFF, 0); /* 8086: all 33 shifts */
    setup(CPU_286, code, sizeof code);
    cpu_run(cpu, 3);
    ck_assert_uint_eq(REG(EAX) & 0xFF, 2); /* 186+: count & 31 = 1 */
}
END_TEST

START_TEST(push_sp_models)
{
    static const uint8_t code[] = {0x54, 0x58}; /* push sp; pop ax */
    setup(CPU_8086, code, sizeof code);
    cpu_run(cpu, 2);
    ck_assert_uint_eq(REG(EAX) & 0xFFFF, 0x7FFE);
    setup(CPU_286, code, sizeof code);
    cpu_run(cpu, 2);
    ck_assert_uint_eq(REG(EAX) & 0xFFFF, 0x8000);
}
END_TEST

START_TEST(undefined_opcode_models)
{
    /* 0x60: JO alias on the 8086, PUSHA on the 186+; 0x0F 0xFF: #UD on 286 */
    static const uint8_t code[] = {0x0F, 0xFF};
    setup(CPU_286, code, sizeof code);
    mem_write8(mem, 6 * 4, 0x00); /* IVT[6] = 0000:0200 */
    mem_write8(mem, 6 * 4 + 1, 0x02);
    mem_write8(mem, 0x200, 0xF4);
    cpu_run(cpu, 1);
    ck_assert_uint_eq(REG(EIP), 0x201); /* the handler's HLT ran */
    ck_assert_uint_eq(mem_read16(mem, 0x7FFA), 0x100); /* faulting IP */
}
END_TEST

START_TEST(wrap_8086_vs_286)
{
    /* mov ax,[0xffff] with DS=0 */
    static const uint8_t code[] = {0xA1, 0xFF, 0xFF};
    setup(CPU_8086, code, sizeof code);
    mem_write8(mem, 0xFFFF, 0x34);
    mem_write8(mem, 0x0000, 0x12);
    cpu_run(cpu, 1);
    ck_assert_uint_eq(REG(EAX) & 0xFFFF, 0x1234); /* wraps within segment */
    setup(CPU_286, code, sizeof code);
    mem_write8(mem, 13 * 4 + 1, 0x03);
    mem_write8(mem, 0x300, 0xF4);
    cpu_run(cpu, 1);
    ck_assert_uint_eq(REG(EIP), 0x301); /* interrupt 13: segment overrun */
}
END_TEST

START_TEST(rep_movsb_and_icount)
{
    /* mov si,0x200; mov di,0x300; mov cx,5; rep movsb; hlt */
    static const uint8_t code[] = {0xBE, 0x00, 0x02, 0xBF, 0x00, 0x03, 0xB9,
                                   0x05, 0x00, 0xF3, 0xA4, 0xF4};
    setup(CPU_486, code, sizeof code);
    for (int i = 0; i < 5; i++)
        mem_write8(mem, 0x200 + i, (uint8_t)(0x41 + i));
    uint64_t n = cpu_run(cpu, 100);
    ck_assert_uint_eq(n, 5); /* 4 + HLT; the REP counts once */
    ck_assert(cpu_is_halted(cpu));
    ck_assert_uint_eq(mem_read8(mem, 0x304), 0x45);
    ck_assert_uint_eq(REG(ECX), 0);
    ck_assert_uint_eq(cpu_icount(cpu), 5);
}
END_TEST

START_TEST(self_modifying_code)
{
    /* mov byte [0x106],0x40 ; nop ; (0x106:) nop -> becomes inc ax */
    static const uint8_t code[] = {0xC6, 0x06, 0x06, 0x01, 0x40, 0x90, 0x90};
    setup(CPU_386, code, sizeof code);
    cpu_set_reg(cpu, CPU_REG_EAX, 0);
    cpu_run(cpu, 3);
    ck_assert_uint_eq(REG(EAX), 1);
}
END_TEST

START_TEST(hlt_and_intr)
{
    /* sti; hlt; inc ax   -- vector 0x20 handler at 0:0400: mov bx,7; iret */
    static const uint8_t code[] = {0xFB, 0xF4, 0x40};
    setup(CPU_286, code, sizeof code);
    mem_write16(mem, 0x20 * 4, 0x400);
    mem_write16(mem, 0x20 * 4 + 2, 0);
    static const uint8_t isr[] = {0xBB, 0x07, 0x00, 0xCF};
    for (unsigned i = 0; i < sizeof isr; i++)
        mem_write8(mem, 0x400 + i, isr[i]);
    cpu_run(cpu, 10);
    ck_assert(cpu_is_halted(cpu));
    ck_assert_uint_eq(REG(EIP), 0x102);
    cpu_set_intr(cpu, true);
    next_vector = 0x20;
    cpu_run(cpu, 2); /* mov bx; iret */
    cpu_set_intr(cpu, false);
    cpu_run(cpu, 1); /* inc ax */
    ck_assert_uint_eq(REG(EBX) & 0xFFFF, 7);
    ck_assert_uint_eq(REG(EAX) & 0xFFFF, 1);
}
END_TEST

START_TEST(single_step_trap)
{
    /* pushf; pop ax; or ah,1; push ax; popf; nop; nop */
    static const uint8_t code[] = {0x9C, 0x58, 0x80, 0xCC, 0x01, 0x50, 0x9D, 0x90, 0x90};
    setup(CPU_8086, code, sizeof code);
    mem_write16(mem, 4, 0x500);
    mem_write16(mem, 6, 0);
    mem_write8(mem, 0x500, 0xF4);
    cpu_run(cpu, 6);  /* ... popf (TF now set) ; nop -> trap */
    ck_assert_uint_eq(REG(EIP), 0x500);
    ck_assert_uint_eq(mem_read16(mem, 0x7FFA), 0x108); /* after the nop */
}
END_TEST

START_TEST(io_in_out)
{
    /* mov dx,0x1234; in al,dx; out 0x80,al */
    static const uint8_t code[] = {0xBA, 0x34, 0x12, 0xEC, 0xE6, 0x80};
    setup(CPU_8086, code, sizeof code);
    cpu_run(cpu, 3);
    ck_assert_uint_eq(REG(EAX) & 0xFF, 0x5A);
    ck_assert_uint_eq(io_writes, 1);
    ck_assert_uint_eq(last_out, 0x5A);
}
END_TEST

START_TEST(ops_386)
{
    /* mov eax,0x80000001; bsr ecx,eax; bsf edx,eax; bswap eax; movsx ebx,al */
    static const uint8_t code[] = {0x66, 0xB8, 0x01, 0x00, 0x00, 0x80,
                                   0x66, 0x0F, 0xBD, 0xC8, 0x66, 0x0F, 0xBC, 0xD0,
                                   0x66, 0x0F, 0xC8, 0x66, 0x0F, 0xBE, 0xD8};
    setup(CPU_486, code, sizeof code);
    cpu_run(cpu, 5);
    ck_assert_uint_eq(REG(ECX), 31);
    ck_assert_uint_eq(REG(EDX), 0);
    ck_assert_uint_eq(REG(EAX), 0x01000080);
    ck_assert_uint_eq(REG(EBX), 0xFFFFFF80);
}
END_TEST

START_TEST(disasm_basic)
{
    char buf[80];
    static const uint8_t b1[] = {0x00, 0xE1};
    ck_assert_int_eq(cpu_disasm_bytes(b1, 2, false, CPU_8086, 0, buf, sizeof buf), 2);
    ck_assert_str_eq(buf, "add cl, ah");
    static const uint8_t b2[] = {0x26, 0x8B, 0x47, 0x02};
    ck_assert_int_eq(cpu_disasm_bytes(b2, 4, false, CPU_8086, 0, buf, sizeof buf), 4);
    ck_assert_str_eq(buf, "mov ax, word [es:bx+0x2]");
    static const uint8_t b3[] = {0x66, 0x0F, 0xB6, 0xC1};
    ck_assert_int_eq(cpu_disasm_bytes(b3, 4, false, CPU_386, 0, buf, sizeof buf), 4);
    ck_assert_str_eq(buf, "movzx eax, cl");
    static const uint8_t b4[] = {0xEB, 0xFE};
    ck_assert_int_eq(cpu_disasm_bytes(b4, 2, false, CPU_8086, 0x100, buf, sizeof buf), 2);
    ck_assert_str_eq(buf, "jmp 0x100");
    static const uint8_t b5[] = {0x0F};
    ck_assert_int_eq(cpu_disasm_bytes(b5, 1, false, CPU_286, 0, buf, sizeof buf), 0);
}
END_TEST

START_TEST(parse_models)
{
    CpuConfig c;
    ck_assert_int_eq(cpu_parse_model("486sx", &c), 0);
    ck_assert_int_eq(c.model, CPU_486);
    ck_assert(!c.fpu);
    ck_assert_int_eq(cpu_parse_model("386,nofpu", &c), 0);
    ck_assert(!c.fpu);
    ck_assert_int_eq(cpu_parse_model("8086", &c), 0);
    ck_assert_int_eq(c.model, CPU_8086);
    ck_assert_int_eq(cpu_parse_model("pentium", &c), -1);
}
END_TEST

START_TEST(save_restore_roundtrip)
{
    static const uint8_t code[] = {0xB8, 0x34, 0x12, 0x40, 0x40};
    setup(CPU_386, code, sizeof code);
    cpu_run(cpu, 2);
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    StateWriter w = {f, 0};
    ck_assert_int_eq(cpu_save(cpu, &w), 0);
    uint32_t eax = REG(EAX), eip = REG(EIP), fl = REG(EFLAGS);
    cpu_run(cpu, 1);
    rewind(f);
    StateReader r = {f, 0};
    ck_assert_int_eq(cpu_load(cpu, &r), 0);
    fclose(f);
    ck_assert_uint_eq(REG(EAX), eax);
    ck_assert_uint_eq(REG(EIP), eip);
    ck_assert_uint_eq(REG(EFLAGS), fl);
    cpu_run(cpu, 1);
    ck_assert_uint_eq(REG(EAX), 0x1236);
}
END_TEST

Suite *cpu_core_suite(void)
{
    Suite *s = suite_create("cpu_core");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, add_flags_lazy);
    tcase_add_test(tc, adc_sbb_chain);
    tcase_add_test(tc, shift_count_masking);
    tcase_add_test(tc, push_sp_models);
    tcase_add_test(tc, undefined_opcode_models);
    tcase_add_test(tc, wrap_8086_vs_286);
    tcase_add_test(tc, rep_movsb_and_icount);
    tcase_add_test(tc, self_modifying_code);
    tcase_add_test(tc, hlt_and_intr);
    tcase_add_test(tc, single_step_trap);
    tcase_add_test(tc, io_in_out);
    tcase_add_test(tc, ops_386);
    tcase_add_test(tc, disasm_basic);
    tcase_add_test(tc, parse_models);
    tcase_add_test(tc, save_restore_roundtrip);
    suite_add_tcase(s, tc);
    return s;
}
