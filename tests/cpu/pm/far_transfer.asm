; tests/cpu/pm/far_transfer.asm — far JMP/CALL/RETF/IRET in protected
; mode: same-privilege transfers, conforming code, call gates (386 and 286)
; with parameter copying and stack switches, returns to outer levels,
; segment nulling, and their faults.
; Authority: Intel 386 PRM 6.3.4 (control transfers), 6.3.4.2 (gates),
; 6.3.4.3-4 (stack switching, returning from a procedure), chapter 17 CALL /
; JMP / RET / IRET pseudo-code; 486 PRM 6.3.4 and chapter 26.
%include "pmtest.inc"

S_ALIAS    equ 0x60   ; second flat DPL0 32-bit code
S_CONF0    equ 0x68   ; conforming code DPL0
S_CONF3    equ 0x70   ; conforming code DPL3
S_CODENP   equ 0x78   ; not-present code
S_GATE32   equ 0x80   ; 386 call gate DPL3 -> gate32_handler, 2 params
S_GATE0    equ 0x88   ; 386 call gate DPL0
S_GATENP   equ 0x90   ; not-present gate DPL3
S_GATETNP  equ 0x98   ; gate DPL3 -> not-present code segment
S_CODE3_16 equ 0xA0   ; 16-bit code DPL3, base 0xF0000
S_GATE286  equ 0xA8   ; 286 call gate DPL3 -> SEL_CODE16:g286_handler, 1 param
S_GATE1    equ 0xB0   ; 386 call gate DPL3 -> ring-1 code
S_DATA     equ 0xB8   ; plain data segment (transfer target => #GP)

%define SV(n) (scratch_vars + 4*(n))

test_main:
    GDT_DESC S_ALIAS, 0, 0xFFFFF, ACC_CODE, FL_G|FL_D
    GDT_DESC S_CONF0, 0, 0xFFFFF, 0x9E, FL_G|FL_D
    GDT_DESC S_CONF3, 0, 0xFFFFF, 0x9E|DPL3, FL_G|FL_D
    GDT_DESC S_CODENP, 0, 0xFFFFF, 0x1A, FL_G|FL_D
    GDT_GATE S_GATE32, SEL_CODE0, gate32_handler, ACC_CALL386|DPL3, 2
    GDT_GATE S_GATE0, SEL_CODE0, gate32_handler, ACC_CALL386, 0
    GDT_GATE S_GATENP, SEL_CODE0, gate32_handler, 0x0C|DPL3, 0
    GDT_GATE S_GATETNP, S_CODENP, gate32_handler, ACC_CALL386|DPL3, 0
    GDT_DESC S_CODE3_16, 0xF0000, 0xFFFF, ACC_CODE|DPL3, 0
    GDT_GATE S_GATE286, SEL_CODE16, g286_handler, ACC_CALL286|DPL3, 1
    GDT_GATE S_GATE1, SEL_CODE1, ring1_handler, ACC_CALL386|DPL3, 0
    GDT_DESC S_DATA, 0, 0xFFFFF, ACC_DATA, FL_G|FL_D
    IDT_GATE 0x31, SEL_CODE0, escape_ring0, ACC_INT386|DPL3

; --- same privilege -------------------------------------------------------------
    jmp S_ALIAS:.j1
.j1:
    mov eax, cs
    CHECK "far jmp loads CS", eax, S_ALIAS
    mov ebx, esp
    call SEL_CODE0:near_target
.after_call:
    CHECK "far call pushed EIP", [SV(0)], test_main.after_call
    CHECK "far call pushed CS", [SV(1)], S_ALIAS
    mov eax, esp
    CHECK "retf restores ESP", eax, ebx
    mov eax, cs
    CHECK "retf restores CS", eax, S_ALIAS
    jmp SEL_CODE0:.j2
.j2:
    ; 16-bit code segment returning with a 32-bit RETF.
    call SEL_CODE16:c16_func
    CHECK "call into 16-bit code segment", [SV(2)], 0x1616

    TRY .f1
    jmp SEL_CODE3:.f1           ; DPL3 nonconforming from CPL0
.f1:
    EXPECT_FAULT "jmp nonconforming DPL != CPL", 13, SEL_CODE3 & 0xFFFC
    TRY .f2
    jmp (SEL_CODE0|3):.f2       ; RPL > CPL
.f2:
    EXPECT_FAULT "jmp nonconforming RPL > CPL", 13, SEL_CODE0
    TRY .f3
    call S_CONF3:.f3            ; conforming DPL3 > CPL0
.f3:
    EXPECT_FAULT "call conforming DPL > CPL", 13, S_CONF3
    TRY .f4
    jmp S_CODENP:.f4
.f4:
    EXPECT_FAULT "jmp not-present code", 11, S_CODENP
    TRY .f5
    jmp S_DATA:.f5
.f5:
    EXPECT_FAULT "jmp to data segment", 13, S_DATA
    TRY .f6
    jmp 0:.f6
.f6:
    EXPECT_FAULT "jmp null selector", 13, 0

; --- conforming code from ring 3 ---------------------------------------------------
    call to_ring3
    call S_CONF0:conf_func
    CHECK "conforming code keeps CPL 3", [SV(3)], S_CONF0 | 3
    mov eax, cs
    CHECK "back in ring 3", eax, SEL_CODE3

; --- 386 call gate ring 3 -> ring 0 with two parameters ---------------------------
    mov ebx, esp
    push dword 0x1111
    push dword 0x2222
    mov ax, SEL_DATA3
    mov fs, ax
    call S_GATE32|3:0xDEAD      ; offset ignored for gates
.after_gate:
    mov [ss:SV(20)], esp
    mov [ss:SV(21)], ebx
    mov eax, ds
    mov [ss:SV(22)], eax
    mov eax, fs
    mov [ss:SV(23)], eax
    RING0
    CHECK "gate: new CS", [SV(4)], SEL_CODE0
    CHECK "gate: new SS", [SV(5)], SEL_DATA0
    CHECK "gate: ESP = ESP0 - 24", [SV(6)], STACK0_TOP - 24
    CHECK "gate: pushed EIP", [SV(7)], test_main.after_gate
    CHECK "gate: pushed CS", [SV(8)], SEL_CODE3
    CHECK "gate: param 1 (last pushed)", [SV(9)], 0x2222
    CHECK "gate: param 2", [SV(10)], 0x1111
    CHECK "gate: pushed outer ESP", [SV(11)], STACK3_TOP - 8
    CHECK "gate: pushed outer SS", [SV(12)], SEL_DATA3
    mov eax, [SV(21)]
    CHECK "retf 8 to outer level pops params", [SV(20)], eax
    CHECK "return to ring 3 nulls DS (DPL0)", [SV(22)], 0
    CHECK "return to ring 3 keeps FS (DPL3)", [SV(23)], SEL_DATA3

; --- gate faults from ring 3 --------------------------------------------------------
    call to_ring3
    TRY .g1
    call S_GATE0|3:0
.g1:
    EXPECT_FAULT "call gate DPL < CPL", 13, S_GATE0
    call to_ring3
    TRY .g2
    call S_GATENP|3:0
.g2:
    EXPECT_FAULT "not-present call gate", 11, S_GATENP
    call to_ring3
    TRY .g3
    call S_GATETNP|3:0
.g3:
    EXPECT_FAULT "gate to not-present code", 11, S_CODENP
    call to_ring3
    TRY .g4
    jmp S_GATE32|3:0            ; JMP through a gate cannot raise privilege
.g4:
    EXPECT_FAULT "jmp through gate to inner level", 13, SEL_CODE0
    ; Invalid SS1 in the TSS: #TS(SS1 selector) during the stack switch
    ; (ring 1, so that the #TS handler itself can still switch to SS0).
    mov dword [TSS0+0x10], 0x800
    call to_ring3
    TRY .g5
    call S_GATE1|3:0
.g5:
    mov dword [TSS0+0x10], SEL_DATA1
    EXPECT_FAULT "gate stack switch with bad SS1", 10, 0x800

; --- ring 3 -> ring 1 gate uses SS1:ESP1 -------------------------------------------
    call to_ring3
    call S_GATE1|3:0
    RING0
    CHECK "ring-1 gate: CS", [SV(13)], SEL_CODE1
    CHECK "ring-1 gate: SS", [SV(14)], SEL_DATA1
    CHECK "ring-1 gate: ESP", [SV(15)], STACK1_TOP - 16

; --- 286 call gate: 16-bit frame, one word parameter -------------------------------
    mov dword [r0_continue], .after286
    push dword SEL_DATA3
    push dword STACK3_TOP
    push dword 0x0002
    push dword S_CODE3_16|3
    push dword r3_16_code
    iretd
.after286:
    CHECK "286 gate: frame IP", [SV(16)], r3_16_ret
    CHECK "286 gate: frame CS", [SV(17)], S_CODE3_16|3
    CHECK "286 gate: copied word param", [SV(18)], 0xBEEF
    CHECK "286 gate: frame SP/SS", [SV(19)], ((SEL_DATA3) << 16) | ((STACK3_TOP - 2) & 0xFFFF)
    CHECK "286 gate: ESP after 16-bit pushes", [SV(24)], STACK0_TOP - 10
    CHECK "retf 2 (16-bit) back to ring 3 SP", [SV(25)], STACK3_TOP & 0xFFFF

; --- RETF / IRET privilege checks -------------------------------------------------
    call to_ring3
    TRY .r1
    push dword SEL_CODE0
    push dword .r1
    retf
.r1:
    EXPECT_FAULT "retf to inner level", 13, SEL_CODE0
    call to_ring3
    TRY .r2
    pushfd
    push dword SEL_CODE0
    push dword .r2
    iretd
.r2:
    EXPECT_FAULT "iret to inner level", 13, SEL_CODE0
    ; IRET from ring 0 to ring 3 nulls data registers with DPL < new CPL.
    mov ax, SEL_DATA0
    mov fs, ax
    mov ax, SEL_DATA3
    mov gs, ax
    call to_ring3
    mov eax, fs
    mov [SV(26)], eax
    mov eax, gs
    mov [SV(27)], eax
    RING0
    CHECK "iret to ring 3 nulls FS (DPL0)", [SV(26)], 0
    CHECK "iret to ring 3 keeps GS (DPL3)", [SV(27)], SEL_DATA3

    TEST_END "far_transfer"

near_target:
    mov eax, [esp]
    mov [SV(0)], eax
    mov eax, [esp+4]
    mov [SV(1)], eax
    retf

conf_func:
    mov eax, cs
    mov [SV(3)], eax
    retf

gate32_handler:
    mov eax, cs
    mov [ss:SV(4)], eax
    mov eax, ss
    mov [ss:SV(5)], eax
    mov [ss:SV(6)], esp
    mov eax, [esp]
    mov [ss:SV(7)], eax
    mov eax, [esp+4]
    mov [ss:SV(8)], eax
    mov eax, [esp+8]
    mov [ss:SV(9)], eax
    mov eax, [esp+12]
    mov [ss:SV(10)], eax
    mov eax, [esp+16]
    mov [ss:SV(11)], eax
    mov eax, [esp+20]
    mov [ss:SV(12)], eax
    mov ax, SEL_DATA0          ; DPL0 DS must be nulled by the outer return
    mov ds, ax
    retf 8

ring1_handler:
    mov eax, cs
    mov [ss:SV(13)], eax
    mov eax, ss
    mov [ss:SV(14)], eax
    mov [ss:SV(15)], esp
    retf

; INT 0x31 from any ring: continue at [r0_continue] in ring 0.
escape_ring0:
    mov ax, SEL_DATA0
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov esp, MAIN_STACK
    jmp [r0_continue]

section .t16
bits 16
c16_func:
    mov word [ss:SV(2)], 0x1616
    o32 retf

r3_16_code:                     ; ring 3, 16-bit code segment
    mov ax, SEL_DATA3
    mov ds, ax
    push word 0xBEEF
    call S_GATE286|3:0
r3_16_ret:
    mov [SV(25)], sp
    int 0x31

g286_handler:                   ; ring 0, SEL_CODE16
    mov eax, [esp]
    mov [ss:SV(16)], ax
    shr eax, 16
    mov [ss:SV(17)], ax
    mov ax, [esp+4]
    mov [ss:SV(18)], ax
    mov eax, [esp+6]
    mov [ss:SV(19)], eax
    mov [ss:SV(24)], esp
    retf 2

section .text
bits 32
r0_continue equ SV(31)
