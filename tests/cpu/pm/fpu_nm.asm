; tests/cpu/pm/fpu_nm.asm — #NM (device not available) from CR0.EM, TS and
; MP for ESC and WAIT instructions.
; Authority: Intel 486 PRM 9.8.7 and table 2-? ("Interpretation of MP, EM
; and TS": ESC faults when EM=1 or TS=1; WAIT faults only when MP=1 and
; TS=1), 386 PRM 9.8.7.
%include "pmtest.inc"

%define SV(n) (scratch_vars + 4*(n))

; NM_CASE name, cr0 bits (MP=2 EM=4 TS=8), instruction, expect fault (0/1)
%macro NM_CASE 4
    mov eax, cr0
    and eax, ~0xE
    or eax, %2
    mov cr0, eax
    TRY %%r
    %3
%%r:
  %if %4
    EXPECT_FAULT %1, 7, 0xFFFFFFFF
  %else
    EXPECT_NOFAULT %1
  %endif
%endmacro

test_main:
    ; Is there an x87?  FNINIT + FNSTSW: 0 if present.
    mov eax, cr0
    and eax, ~0xE
    mov cr0, eax
    mov word [SV(0)], 0x5A5A
    fninit
    fnstsw [SV(0)]
    NM_CASE "EM=1: ESC faults", 4, {fnop}, 1
    NM_CASE "EM=1 MP=1: ESC faults", 6, {fnstsw ax}, 1
    NM_CASE "TS=1: ESC faults", 8, {fnop}, 1
    NM_CASE "TS=1 MP=0: WAIT does not fault", 8, {wait}, 0
    NM_CASE "TS=1 MP=1: WAIT faults", 0xA, {wait}, 1
    NM_CASE "EM=1 MP=0 TS=0: WAIT does not fault", 4, {wait}, 0
    cmp word [SV(0)], 0
    jne .nofpu
    NM_CASE "EM=0 TS=0: ESC runs", 2, {fninit}, 0
.nofpu:
    mov eax, cr0
    and eax, ~0xE
    mov cr0, eax
    TEST_END "fpu_nm"
