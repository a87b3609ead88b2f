/*
 * tests/tools/difftest_proto.h — records exchanged between the
 * differential tester (difftest.c) and its native 32-bit helper
 * (difftest_native.c32).  Both sides are little-endian x86 builds, so the
 * records are written as raw structs of fixed-width fields.
 */
#ifndef PX86_TESTS_DIFFTEST_PROTO_H
#define PX86_TESTS_DIFFTEST_PROTO_H

#include <stdint.h>

#define DIFF_DATA_SIZE 1024u

typedef struct DiffCase {
    uint8_t bytes[15]; /* the instruction in 32-bit-mode encoding */
    uint8_t len;
    uint32_t regs[8];  /* EAX..EDI; ESI/EDI are offsets into data */
    uint32_t eflags;
    uint32_t rebase;   /* ESI/EDI are data-area offsets (string forms) */
    uint8_t data[DIFF_DATA_SIZE];
} DiffCase;

typedef struct DiffResult {
    uint32_t regs[8];
    uint32_t eflags;
    uint8_t data[DIFF_DATA_SIZE];
} DiffResult;

#endif
