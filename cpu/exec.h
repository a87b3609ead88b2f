/*
 * cpu/exec.h — interpreter entry points shared between cpu/exec.c and
 * cpu/cpu.c (private to the CPU).
 */
#ifndef PX86_CPU_EXEC_H
#define PX86_CPU_EXEC_H

#include "cpu/cpu_internal.h"

extern uint8_t opcode_min_model[512];
void cpu_exec_init_tables(void);
/* cpu/decode.c: operand-layout tables, and the decoder (decodes the
 * instruction at CS:EIP, leaves EIP after it, caches it when it can). */
void cpu_decode_init_tables(void);
const DecodedInsn *cpu_decode(Cpu *c);
/* Whether opcode `code` (0x1xx = 0F xx) has a ModR/M byte (opcodes.def);
 * the disassembler asks the decoder so the two cannot disagree. */
bool cpu_opcode_has_modrm(unsigned code);
/* Deliver an interrupt/exception in the current mode (real: IVT,
 * protected/V86: pm_deliver_interrupt). */
void cpu_interrupt(Cpu *c, unsigned vector, int err, IntKind kind,
                   uint32_t return_eip);

#endif
