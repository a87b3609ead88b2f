; tests/cpu/pm/sysinstr.asm — system instructions in protected mode:
; LGDT/LIDT/SGDT/SIDT, LLDT/SLDT, LTR/STR, LMSW/SMSW, CLTS, ARPL, LAR/LSL,
; VERR/VERW, MOV CRn (incl. the 486's missing CR4 and CR1), privilege
; faults at CPL3.
; Authority: Intel 486 PRM chapter 26 (instruction set reference: LAR table
; of valid descriptor types, LSL, VERR/VERW, LLDT, LTR, LMSW, MOV CR),
; 386 PRM 6.3.1.3 / 17.
%include "pmtest.inc"

S_LDT    equ 0x60
S_LDTNP  equ 0x68
S_TSSX   equ 0x70
S_XONLY  equ 0x78
S_RO     equ 0x80
S_CONF   equ 0x88
S_GATE   equ 0x90           ; call gate DPL3
S_INTG   equ 0x98           ; interrupt gate in the GDT (invalid for LAR)
S_DATA3  equ 0xA0           ; data DPL3, byte granular limit 0x1234
TSS_X    equ 0x7000
%define SV(n) (scratch_vars + 4*(n))

; LAR_CHECK name, selector, expected ZF(0/1), expected value (if ZF)
%macro LAR_CHECK 4
    mov eax, 0xFFFFFFFF
    mov edx, %2
    lar eax, edx
    setz bl
    movzx ebx, bl
    CHECK {%1, " ZF"}, ebx, %3
  %if %3
    and eax, 0x00F0FE00     ; bits 16-19 undefined; A bit depends on use
    CHECK {%1, " rights"}, eax, %4
  %endif
%endmacro
%macro LSL_CHECK 4
    mov eax, 0xFFFFFFFF
    mov edx, %2
    lsl eax, edx
    setz bl
    movzx ebx, bl
    CHECK {%1, " ZF"}, ebx, %3
  %if %3
    CHECK {%1, " limit"}, eax, %4
  %endif
%endmacro
%macro VER_CHECK 4          ; name, verr|verw, selector, ZF
    mov edx, %3
    %2 dx
    setz bl
    movzx ebx, bl
    CHECK %1, ebx, %4
%endmacro

test_main:
    GDT_DESC S_LDT, LDT_BASE, 0x1F, ACC_LDT, 0
    GDT_DESC S_LDTNP, LDT_BASE, 0x1F, 0x02, 0
    GDT_DESC S_TSSX, TSS_X, 0x67, ACC_TSS386, 0
    GDT_DESC S_XONLY, 0, 0xFFFFF, 0x98, FL_G|FL_D
    GDT_DESC S_RO, 0x1000, 0xFFFFF, 0x90, FL_G|FL_D
    GDT_DESC S_CONF, 0, 0xFFFFF, 0x9E, FL_G|FL_D
    GDT_GATE S_GATE, SEL_CODE0, 0, ACC_CALL386|DPL3, 0
    GDT_GATE S_INTG, SEL_CODE0, 0, ACC_INT386, 0
    GDT_DESC S_DATA3, 0, 0x1234, ACC_DATA|DPL3, 0

; --- descriptor-table registers -----------------------------------------------------
    sgdt [SV(0)]
    movzx eax, word [SV(0)]
    CHECK "SGDT limit", eax, GDT_LIMIT
    CHECK "SGDT base", [SV(0) + 2], GDT_BASE
    sidt [SV(2)]
    movzx eax, word [SV(2)]
    CHECK "SIDT limit", eax, IDT_LIMIT
    CHECK "SIDT base", [SV(2) + 2], IDT_BASE
    ; 16-bit operand size: only 24 base bits are loaded.
    mov word [SV(4)], GDT_LIMIT
    mov dword [SV(4) + 2], 0xFF000000 | GDT_BASE
    o16 lgdt [SV(4)]
    sgdt [SV(6)]
    CHECK "o16 LGDT loads a 24-bit base", [SV(6) + 2], GDT_BASE
    mov word [SV(4)], 0x123
    mov dword [SV(4) + 2], 0x00345678
    lidt [SV(4)]
    sidt [SV(6)]
    movzx eax, word [SV(6)]
    CHECK "LIDT/SIDT limit round trip", eax, 0x123
    CHECK "LIDT/SIDT base round trip", [SV(6) + 2], 0x00345678
    lidt [idtr_default]

; --- LLDT / SLDT --------------------------------------------------------------------
    mov ax, S_LDT
    lldt ax
    sldt bx
    movzx ebx, bx
    CHECK "LLDT/SLDT", ebx, S_LDT
    xor eax, eax
    lldt ax
    sldt bx
    movzx ebx, bx
    CHECK "LLDT null", ebx, 0
    TRY .l1
    mov ax, S_RO
    lldt ax
.l1:
    EXPECT_FAULT "LLDT non-LDT descriptor", 13, S_RO
    TRY .l2
    mov ax, S_LDTNP
    lldt ax
.l2:
    EXPECT_FAULT "LLDT not-present LDT", 11, S_LDTNP
    TRY .l3
    mov ax, S_LDT | 4
    lldt ax
.l3:
    EXPECT_FAULT "LLDT with TI=1", 13, S_LDT | 4

; --- LTR / STR ------------------------------------------------------------------------
    str ax
    movzx eax, ax
    CHECK "STR", eax, SEL_TSS0
    mov ax, S_TSSX
    ltr ax
    movzx eax, byte [GDT_BASE + S_TSSX + 5]
    CHECK "LTR marks the TSS busy", eax, 0x8B
    str ax
    movzx eax, ax
    CHECK "STR after LTR", eax, S_TSSX
    TRY .t1
    mov ax, S_TSSX
    ltr ax
.t1:
    EXPECT_FAULT "LTR busy TSS", 13, S_TSSX
    TRY .t2
    xor eax, eax
    ltr ax
.t2:
    ; 486 PRM LTR: null selector -> #GP(0); QEMU 7.2 accepts it.
    EXPECT_FAULT_QGAP "LTR null", 13, 0
    TRY .t3
    mov ax, S_LDT
    ltr ax
.t3:
    EXPECT_FAULT "LTR non-TSS", 13, S_LDT
    and byte [GDT_BASE + SEL_TSS0 + 5], ~2
    mov ax, SEL_TSS0
    ltr ax

; --- MSW / CR0 -----------------------------------------------------------------------------
    mov eax, cr0
    mov ebx, eax
    xor ecx, ecx
    lmsw cx
    mov eax, cr0
    and eax, 1
    CHECK "LMSW cannot clear PE", eax, 1
    mov cx, 0x000F
    lmsw cx
    smsw dx
    movzx edx, dx
    and edx, 0x0F
    CHECK "LMSW sets MP/EM/TS, SMSW reads them", edx, 0x0F
    clts
    smsw dx
    and edx, 8
    CHECK "CLTS clears TS", edx, 0
    mov cr0, ebx
    mov eax, 0x1234000
    mov cr2, eax
    mov edx, cr2
    CHECK "CR2 is writable", edx, 0x1234000
    TRY .c1
    db 0x0F, 0x20, 0xC8     ; mov eax, cr1
.c1:
    EXPECT_FAULT "MOV from CR1", 6, 0xFFFFFFFF
    ; The 486 has no CR4 (486 PRM 4.x lists CR0-CR3; CR4 arrived with the
    ; Pentium).  QEMU's "486" model accepts it.
    TRY .c2
    db 0x0F, 0x20, 0xE0     ; mov eax, cr4
.c2:
    EXPECT_FAULT_QGAP "MOV from CR4 on a 486", 6, 0xFFFFFFFF

; --- ARPL -------------------------------------------------------------------------------
    mov ax, 0x0011
    mov bx, 0x0003
    arpl ax, bx
    setz cl
    movzx eax, ax
    CHECK "ARPL raises RPL", eax, 0x0013
    movzx ecx, cl
    CHECK "ARPL sets ZF when adjusting", ecx, 1
    mov ax, 0x0013
    mov bx, 0x0001
    arpl ax, bx
    setz cl
    movzx eax, ax
    CHECK "ARPL keeps higher RPL", eax, 0x0013
    movzx ecx, cl
    CHECK "ARPL clears ZF otherwise", ecx, 0

; --- LAR / LSL / VERR / VERW at CPL0 ----------------------------------------------------
    LAR_CHECK "LAR flat code", SEL_CODE0, 1, 0x00C09A00
    LAR_CHECK "LAR TSS", SEL_TSS0, 1, 0x00008A00
    LAR_CHECK "LAR LDT", S_LDT, 1, 0x00008200
    LAR_CHECK "LAR call gate", S_GATE, 1, 0x0000EC00
    LAR_CHECK "LAR interrupt gate (invalid)", S_INTG, 0, 0
    LAR_CHECK "LAR null", 0, 0, 0
    LAR_CHECK "LAR beyond GDT limit", 0x800, 0, 0
    LSL_CHECK "LSL G=1", SEL_DATA0, 1, 0xFFFFFFFF
    LSL_CHECK "LSL byte granular", S_DATA3, 1, 0x1234
    LSL_CHECK "LSL TSS", SEL_TSS0, 1, TSS0_LIMIT
    LSL_CHECK "LSL call gate (invalid)", S_GATE, 0, 0
    VER_CHECK "VERR readable code", verr, SEL_CODE0, 1
    VER_CHECK "VERR execute-only code", verr, S_XONLY, 0
    VER_CHECK "VERR data", verr, S_RO, 1
    VER_CHECK "VERW read-only data", verw, S_RO, 0
    VER_CHECK "VERW writable data", verw, SEL_DATA0, 1
    VER_CHECK "VERW code", verw, SEL_CODE0, 0
    VER_CHECK "VERR TSS", verr, SEL_TSS0, 0
    VER_CHECK "VERR null", verr, 0, 0

; --- CPL3 -------------------------------------------------------------------------
    call to_ring3
    LAR_CHECK "CPL3 LAR DPL0 data", SEL_DATA0, 0, 0
    LAR_CHECK "CPL3 LAR DPL3 data", S_DATA3|3, 1, 0x0000F200
    LAR_CHECK "CPL3 LAR conforming DPL0", S_CONF, 1, 0x00C09E00
    VER_CHECK "CPL3 VERR DPL0 data", verr, SEL_DATA0, 0
    VER_CHECK "CPL3 VERR conforming DPL0 code", verr, S_CONF, 1
    VER_CHECK "CPL3 VERW DPL3 data", verw, S_DATA3|3, 1
    sgdt [SV(8)]
    RING0
    CHECK "SGDT allowed at CPL3", [SV(8) + 2], GDT_BASE

%macro PRIV 2
    call to_ring3
    TRY %%r
    %2
%%r:
    EXPECT_FAULT %1, 13, 0
%endmacro
    PRIV "CPL3 LGDT", {lgdt [SV(0)]}
    PRIV "CPL3 LIDT", {lidt [SV(2)]}
    PRIV "CPL3 LLDT", {lldt ax}
    PRIV "CPL3 LTR", {ltr ax}
    PRIV "CPL3 LMSW", {lmsw ax}
    PRIV "CPL3 CLTS", clts
    PRIV "CPL3 MOV to CR0", {mov cr0, eax}
    PRIV "CPL3 MOV from CR3", {mov eax, cr3}
    PRIV "CPL3 MOV from DR7", {mov eax, dr7}
    PRIV "CPL3 INVLPG", {invlpg [0]}
    PRIV "CPL3 HLT", hlt

    TEST_END "sysinstr"
