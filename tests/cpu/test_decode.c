/*
 * tests/cpu/test_decode.c — the decoder (cpu/decode.c) against the
 * disassembler (cpu/disasm.c): both read cpu/opcodes.def but parse the
 * bytes with their own code, so they must agree on the length of every
 * instruction, on every model and in 16- and 32-bit code.  Also checks the
 * decoded-instruction cache directly: a cached entry is reused, and a
 * write to its page makes the next lookup decode again.
 */
#include <check.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "cpu/exec.h"
#include "mem/memory.h"

#define CODE_AT 0x1000u

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

/* Random instruction bytes: up to three prefixes, an opcode (a quarter of
 * them two-byte), then random operand bytes. */
static void random_insn(uint8_t *b, unsigned n, bool prefixes386)
{
    static const uint8_t pfx[] = {0x26, 0x2E, 0x36, 0x3E, 0xF0, 0xF2, 0xF3,
                                  0x64, 0x65, 0x66, 0x67};
    unsigned i = 0, np = rnd() % 4;
    for (unsigned k = 0; k < np; k++)
        b[i++] = pfx[rnd() % (prefixes386 ? sizeof pfx : 7)];
    if (rnd() % 4 == 0)
        b[i++] = 0x0F;
    while (i < n)
        b[i++] = (uint8_t)rnd();
}

static Cpu *make_cpu(PhysMem *mem, CpuModel model, bool code32)
{
    CpuConfig cfg = {.model = model, .fpu = model >= CPU_386};
    Cpu *c = cpu_create(&cfg, mem, NULL);
    ck_assert_ptr_nonnull(c);
    c->seg[SEG_CS].base = 0;
    c->seg[SEG_CS].sel = 0;
    c->seg[SEG_CS].big = code32;
    cpu_update_mode(c);
    return c;
}

/* Decode at CODE_AT; returns the length, or 0 if decoding faulted. */
static unsigned decode_len(Cpu *c)
{
    c->eip = CODE_AT;
    c->in.start_eip = CODE_AT;
    if (setjmp(c->exc_jmp))
        return 0;
    const DecodedInsn *d = cpu_decode(c);
    return d->len;
}

static void agree_on_lengths(CpuModel model, bool code32)
{
    PhysMem *mem = mem_create(1u << 20);
    ck_assert_ptr_nonnull(mem);
    Cpu *c = make_cpu(mem, model, code32);
    unsigned compared = 0;
    for (unsigned t = 0; t < 20000; t++) {
        uint8_t b[16];
        random_insn(b, sizeof b, model >= CPU_386);
        for (unsigned i = 0; i < sizeof b; i++)
            mem_write8(mem, CODE_AT + i, b[i]);
        c->fc_span = 0;
        unsigned ours = decode_len(c);
        char text[128];
        int dis = cpu_disasm_bytes(b, sizeof b, code32, model, CODE_AT, text,
                                   sizeof text);
        if (ours == 0 || dis <= 0 || !strncmp(text, "db ", 3))
            continue; /* too long (#GP), or invalid (#UD: no length) */
        compared++;
        if ((unsigned)dis != ours) {
            char hex[64] = "";
            for (unsigned i = 0; i < sizeof b; i++)
                snprintf(hex + 3 * i, sizeof hex - 3 * i, "%02X ", b[i]);
            ck_abort_msg("model %d %s: %s: decoder %u bytes, disassembler %d "
                         "(\"%s\")", (int)model, code32 ? "32-bit" : "16-bit",
                         hex, ours, dis, text);
        }
    }
    ck_assert_uint_gt(compared, 10000);
    cpu_destroy(c);
    mem_destroy(mem);
}

START_TEST(lengths_8086) { agree_on_lengths(CPU_8086, false); }
END_TEST
START_TEST(lengths_286) { agree_on_lengths(CPU_286, false); }
END_TEST
START_TEST(lengths_486_16) { agree_on_lengths(CPU_486, false); }
END_TEST
START_TEST(lengths_486_32) { agree_on_lengths(CPU_486, true); }
END_TEST

START_TEST(cache_hit_and_invalidation)
{
    PhysMem *mem = mem_create(1u << 20);
    Cpu *c = make_cpu(mem, CPU_486, true);
    static const uint8_t mov_eax[] = {0xB8, 0x44, 0x33, 0x22, 0x11};
    for (unsigned i = 0; i < sizeof mov_eax; i++)
        mem_write8(mem, CODE_AT + i, mov_eax[i]);
    c->fc_span = 0;
    ck_assert_uint_eq(decode_len(c), 5);
    const DecodedInsn *first = cpu_decode(c); /* eip is past it: decode again */
    (void)first;
    c->eip = CODE_AT;
    const DecodedInsn *d = cpu_decode(c);
    ck_assert_uint_eq(ld32le(d->imm), 0x11223344u);
    /* the page is now a code page: its entry is tagged with its generation */
    ck_assert(mem->page_flags[CODE_AT >> 12] & MEM_PAGE_CODE);
    ck_assert_uint_eq(d->phys, CODE_AT);
    ck_assert_uint_eq(d->stamp, c->fc_stamp);
    uint32_t stamp = d->stamp;
    mem_write8(mem, CODE_AT + 1, 0x55); /* change the immediate */
    ck_assert(!(mem->page_flags[CODE_AT >> 12] & MEM_PAGE_CODE));
    ck_assert_uint_ne(DC_STAMP(mem->code_gen[CODE_AT >> 12], c), stamp);
    c->fc_span = 0;
    c->eip = CODE_AT;
    d = cpu_decode(c);
    ck_assert_uint_eq(ld32le(d->imm), 0x11223355u);
    cpu_destroy(c);
    mem_destroy(mem);
}
END_TEST

Suite *decode_suite(void)
{
    Suite *s = suite_create("decode");
    TCase *tc = tcase_create("decoder");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, lengths_8086);
    tcase_add_test(tc, lengths_286);
    tcase_add_test(tc, lengths_486_16);
    tcase_add_test(tc, lengths_486_32);
    tcase_add_test(tc, cache_hit_and_invalidation);
    suite_add_tcase(s, tc);
    return s;
}
