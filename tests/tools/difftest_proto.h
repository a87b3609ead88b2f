/*
 * tests/tools/difftest_proto.h — records exchanged between the
 * differential tester (difftest.c) and its native 32-bit helper
 * (difftest_native.c32).  Both sides are little-endian x86 builds, so the
 * records are written as raw structs of fixed-width fields.
 *
 * Memory model shared by both sides: memory operands (ModR/M memory
 * forms, string sources and destinations) always name ES or FS, two
 * 64 KiB data segments whose bases differ by 32 KiB (FS:x = ES:x+8000h,
 * so an operand through the wrong one of them lands somewhere else).  On
 * our side they are real-mode segments, natively LDT data segments (base
 * in a 96 KiB buffer, limit FFFFh).  Only a window of each travels with
 * a record: the 1 KiB centred on offset 0 with 16-bit wrap-around, i.e.
 * data[s * 1024 + i] is offset (FE00h + i) mod 64 KiB of segment s (0 ES,
 * 1 FS).  That puts both the top of each segment (limit faults, 16-bit
 * wrap of SI/DI and of [BX+SI+disp]) and its bottom in view.
 */
#ifndef PX86_TESTS_DIFFTEST_PROTO_H
#define PX86_TESTS_DIFFTEST_PROTO_H

#include <stdint.h>

#define DIFF_WINDOW_SIZE 1024u              /* bytes per segment */
#define DIFF_DATA_SIZE (2 * DIFF_WINDOW_SIZE) /* ES window, FS window */
#define DIFF_WINDOW_START 0xFE00u           /* segment offset of window byte 0 */
#define DIFF_FS_DELTA 0x8000u               /* FS base - ES base */

/* window byte i (0..DIFF_WINDOW_SIZE-1) -> segment offset */
#define DIFF_WINDOW_OFF(i) ((DIFF_WINDOW_START + (i)) & 0xFFFFu)

/* The helper's first word on stdout: what it can do. */
#define DIFF_CAP_SEGMENT 1u /* the LDT data segment exists: memory forms */

typedef struct DiffCase {
    uint8_t bytes[15]; /* the instruction in 32-bit-mode encoding */
    uint8_t len;
    uint32_t last;     /* last of a batch: the helper flushes its answers */
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
