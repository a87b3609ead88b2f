/*
 * tests/tools/difftest_proto.h — records exchanged between the
 * differential tester (difftest.c) and its native 32-bit helper
 * (difftest_native.c32).  Both sides are little-endian x86 builds, so the
 * records are written as raw structs of fixed-width fields.
 *
 * Memory model shared by both sides: every memory operand (ModR/M memory
 * forms, string sources and destinations) lives in one 64 KiB data
 * segment — on our side FS = ES = DS = a real-mode segment, natively an
 * LDT data segment (base = a 64 KiB buffer, limit FFFFh) loaded into FS
 * and ES.  Only a window of it travels with each record: the 1 KiB
 * centred on offset 0 with 16-bit wrap-around, i.e. data[i] is segment
 * offset (FE00h + i) mod 64 KiB.  That puts both the top of the segment
 * (limit faults, 16-bit wrap of SI/DI and of [BX+SI+disp]) and its
 * bottom in view.
 */
#ifndef PX86_TESTS_DIFFTEST_PROTO_H
#define PX86_TESTS_DIFFTEST_PROTO_H

#include <stdint.h>

#define DIFF_DATA_SIZE 1024u
#define DIFF_WINDOW_START 0xFE00u /* segment offset of data[0] */

/* data-window index -> segment offset */
#define DIFF_WINDOW_OFF(i) ((DIFF_WINDOW_START + (i)) & 0xFFFFu)

/* The helper's first word on stdout: what it can do. */
#define DIFF_CAP_SEGMENT 1u /* the LDT data segment exists: memory forms */

typedef struct DiffCase {
    uint8_t bytes[15]; /* the instruction in 32-bit-mode encoding */
    uint8_t len;
    uint32_t regs[8];  /* EAX..EDI (ESP is the helper's own) */
    uint32_t eflags;
    uint8_t data[DIFF_DATA_SIZE];
} DiffCase;

/* How an instruction ended (the native helper maps the signal, our side
 * the exception vector; real mode reports every segment overrun as
 * interrupt 13, protected mode #GP or #SS — both are DIFF_FAULT_SEG). */
enum { DIFF_FAULT_NONE, DIFF_FAULT_DE, DIFF_FAULT_SEG, DIFF_FAULT_UD, DIFF_FAULT_OTHER };

typedef struct DiffResult {
    uint32_t regs[8];
    uint32_t eflags;
    uint32_t fault; /* DIFF_FAULT_*: registers, flags and data are the
                       state at the fault (REP strings keep progress) */
    uint8_t data[DIFF_DATA_SIZE];
} DiffResult;

#endif
