; tests/cpu/pm/idt.asm — interrupt and exception delivery through the IDT:
; 32/16-bit interrupt and trap gates, stack frames, IF clearing, privilege
; checks for INT n, stack switch from ring 3, IDT limit / not-present /
; bad-type gates, EXT bit, trap vs fault EIPs (INT3, INTO, BOUND, DIV) and a
; hardware interrupt (PIT IRQ 0) taken at CPL 3 through a DPL0 gate.
; Authority: Intel 386 PRM 9.5-9.8 (IDT, gates, error code), 9.6.1.1
; (stack of the interrupt procedure), 486 PRM 9.x; INT n pseudo-code.
%include "pmtest.inc"

S_CODENP equ 0x60
S_CONF0  equ 0x68
%define SV(n) (scratch_vars + 4*(n))

test_main:
    GDT_DESC S_CODENP, 0, 0xFFFFF, 0x1A, FL_G|FL_D
    GDT_DESC S_CONF0, 0, 0xFFFFF, 0x9E, FL_G|FL_D
    IDT_GATE 0x40, SEL_CODE0, rec_handler, ACC_INT386
    IDT_GATE 0x41, SEL_CODE0, rec_handler, ACC_TRAP386
    IDT_GATE 0x42, SEL_CODE0, rec_handler, ACC_INT386|DPL3
    IDT_GATE 0x43, SEL_CODE16, h16_handler, ACC_INT286
    IDT_GATE 0x44, SEL_CODE0, rec_handler, 0x0E        ; not present
    IDT_GATE 0x45, SEL_CODE0, rec_handler, ACC_CALL386 ; wrong type
    IDT_GATE 0x46, S_CODENP, rec_handler, ACC_INT386
    IDT_GATE 0x47, S_CONF0, rec_handler, ACC_INT386|DPL3
    ; Mask both PICs so STI is safe until we program them.
    mov al, 0xFF
    out 0x21, al
    out 0xA1, al

; --- 32-bit interrupt gate vs trap gate at CPL0 ----------------------------------------
    sti
    int 0x40
.ret40:
    cli
    CHECK "int gate: pushed EIP", [SV(0)], test_main.ret40
    CHECK "int gate: pushed CS", [SV(1)], SEL_CODE0
    mov eax, [SV(2)]
    and eax, 0x200
    CHECK "int gate: pushed EFLAGS.IF=1", eax, 0x200
    mov eax, [SV(4)]
    and eax, 0x200
    CHECK "int gate: clears IF", eax, 0
    mov eax, MAIN_STACK - 12
    CHECK "int gate: same-level frame 12 bytes", [SV(3)], eax
    sti
    int 0x41
    cli
    mov eax, [SV(4)]
    and eax, 0x200
    CHECK "trap gate: keeps IF", eax, 0x200

; --- 16-bit interrupt gate: 16-bit frame ----------------------------------------
    int 0x43
.ret43:
    CHECK "16-bit gate: pushed IP", [SV(5)], test_main.ret43 - pm_entry + 0x2000
    CHECK "16-bit gate: pushed CS", [SV(6)], SEL_CODE0
    CHECK "16-bit gate: 6-byte frame", [SV(7)], MAIN_STACK - 6

; --- gate faults -------------------------------------------------------------------
    TRY .g1
    int 0x44
.g1:
    EXPECT_FAULT "not-present gate", 11, 0x44*8 + 2
    TRY .g2
    int 0x45
.g2:
    EXPECT_FAULT "call gate in the IDT", 13, 0x45*8 + 2
    TRY .g3
    int 0x46
.g3:
    EXPECT_FAULT "gate to not-present code", 11, S_CODENP
    lidt [idtr_small]
    TRY .g4
    int 0x20
.g4:
    lidt [idtr_default]
    EXPECT_FAULT "vector beyond IDT limit", 13, 0x20*8 + 2
    ; #NP while delivering #UD: EXT=1 (386 PRM 9.7 error code: "set if an
    ; event external to the program caused the exception"; the later SDM
    ; spells it out: "during delivery of ... an earlier exception").  QEMU
    ; 7.2 leaves EXT clear here.
    and byte [IDT_BASE + 6*8 + 5], 0x7F
    TRY .g5
    ud2
.g5:
    or byte [IDT_BASE + 6*8 + 5], 0x80
    EXPECT_FAULT_QGAP "not-present #UD gate: EXT set", 11, 6*8 + 2 + 1

; --- traps vs faults: pushed EIP ------------------------------------------------------
    IDT_GATE 3, SEL_CODE0, rec_handler, ACC_INT386|DPL3
    IDT_GATE 4, SEL_CODE0, rec_handler, ACC_INT386
    int3
.after_int3:
    CHECK "INT3 pushes next EIP", [SV(0)], test_main.after_int3
    mov al, 0x7F
    add al, 1               ; OF=1
    into
.after_into:
    CHECK "INTO pushes next EIP", [SV(0)], test_main.after_into
    xor al, al
    into                    ; OF=0: no trap
    CHECK "INTO with OF=0 does nothing", [SV(0)], test_main.after_into
    TRY .b1
    mov eax, 10
.bound:
    bound eax, [bounds]
.b1:
    EXPECT_FAULT "BOUND out of range", 5, 0xFFFFFFFF
    CHECK "BOUND is a fault (EIP of BOUND)", [last_eip], test_main.bound
    TRY .d1
    xor ecx, ecx
.div:
    div ecx
.d1:
    EXPECT_FAULT "divide by zero", 0, 0xFFFFFFFF
    CHECK "#DE is a fault (EIP of DIV)", [last_eip], test_main.div

; --- from ring 3 ---------------------------------------------------------------------
    call to_ring3
    TRY .u1
    int 0x40                ; gate DPL0 < CPL3
.u1:
    EXPECT_FAULT "INT n through DPL0 gate at CPL3", 13, 0x40*8 + 2
    call to_ring3
    TRY .u2
    xor eax, eax            ; OF=0
    into
.u2:
    EXPECT_NOFAULT "INTO with OF=0 at CPL3 (no DPL check)"
    RING0
    call to_ring3
    TRY .u3
    mov al, 0x7F
    add al, 1
    into                    ; gate 4 DPL0
.u3:
    EXPECT_FAULT "INTO through DPL0 gate at CPL3", 13, 4*8 + 2
    call to_ring3
    int3                    ; gate 3 is DPL3
.after_int3_r3:
    mov eax, [SV(0)]
    mov [SV(8)], eax
    int 0x42
.after_42:
    RING0
    CHECK "ring3 INT3 via DPL3 gate", [SV(8)], test_main.after_int3_r3
    CHECK "ring3->0: pushed EIP", [SV(0)], test_main.after_42
    CHECK "ring3->0: pushed CS", [SV(1)], SEL_CODE3
    CHECK "ring3->0: pushed ESP", [SV(9)], STACK3_TOP
    CHECK "ring3->0: pushed SS", [SV(10)], SEL_DATA3
    CHECK "ring3->0: ESP = ESP0 - 20", [SV(3)], STACK0_TOP - 20
    ; Conforming target: no privilege change, frame on the ring-3 stack.
    call to_ring3
    int 0x47
    mov [SV(11)], esp
    RING0
    CHECK "conforming gate target: no stack switch", [SV(3)], STACK3_TOP - 12
    CHECK "conforming gate target: CS RPL = CPL 3", [SV(1)], SEL_CODE3

; --- hardware interrupt at CPL3 through a DPL0 gate --------------------------------
    ; 8259A: ICW1-4, vectors 0x20/0x28, only IRQ0 unmasked; 8254 channel 0
    ; mode 2 with a short period.
    IDT_GATE 0x20, SEL_CODE0, irq0_handler, ACC_INT386
    PIC_INIT 0xFE, 0xFF
    PIT0_RATE 0x1000
    mov dword [SV(12)], 0
    pushfd
    or dword [esp], 0x3000  ; IOPL 3 so ring 3 may STI
    popfd
    call to_ring3
    sti
    mov ecx, 10000000
.wait:
    cmp dword [SV(12)], 0
    jne .got
    loop .wait
.got:
    cli
    RING0
    mov al, 0xFF
    out 0x21, al
    pushfd
    and dword [esp], ~0x3000
    popfd
    CHECK "IRQ0 taken at CPL3 (DPL0 gate)", [SV(12)], 1
    CHECK "IRQ0 frame CS", [SV(13)], SEL_CODE3

    TEST_END "idt"

idtr_small:
    dw 0x1F*8 + 7
    dd IDT_BASE
bounds:
    dd 0, 5

; Records the frame: SV0 EIP, SV1 CS, SV2 EFLAGS, SV3 ESP in the handler,
; SV4 EFLAGS in the handler,
; SV9/10 outer ESP/SS.
rec_handler:
    push eax
    push ds
    push ss                 ; flat at any CPL (also for the conforming case)
    pop ds
    mov eax, [esp+8]
    mov [SV(0)], eax
    mov eax, [esp+12]
    mov [SV(1)], eax
    mov eax, [esp+16]
    mov [SV(2)], eax
    mov eax, [esp+20]
    mov [SV(9)], eax
    mov eax, [esp+24]
    mov [SV(10)], eax
    lea eax, [esp+8]
    mov [SV(3)], eax
    pushfd
    pop eax
    mov [SV(4)], eax
    pop ds
    pop eax
    iretd

irq0_handler:
    push eax
    push ds
    mov ax, SEL_DATA0
    mov ds, ax
    mov dword [SV(12)], 1
    mov eax, [esp+12]
    mov [SV(13)], eax
    mov al, 0x20
    out 0x20, al
    pop ds
    pop eax
    iretd

section .t16
bits 16
h16_handler:                ; 16-bit gate, SEL_CODE16
    movzx eax, word [esp]
    mov [ss:SV(5)], eax
    movzx eax, word [esp+2]
    mov [ss:SV(6)], eax
    mov [ss:SV(7)], esp
    ; The 16-bit frame cannot hold the 32-bit return EIP: go back by hand.
    add esp, 6
    jmp dword SEL_CODE0:test_main.ret43
section .text
bits 32
