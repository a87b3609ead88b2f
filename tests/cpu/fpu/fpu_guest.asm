; tests/cpu/fpu/fpu_guest.asm — the x87 seen from a guest on the whole
; machine (px86 -bios): results of a few computations, FNSTSW AX, error
; reporting through #MF with CR0.NE=1 (at the next waiting instruction,
; with FIP/FOP/FCS of the faulting instruction kept for the handler), the
; no-wait instructions that do not report, memory-operand faults that
; leave the FPU unchanged, and with CR0.NE=0 the PC way: FERR# -> IRQ 13
; through the slave 8259, cleared by the handler with OUT F0h + FNCLEX.
; Authority: Intel 486 PRM ch. 16-17 (numeric exceptions, NE bit, FERR#),
; SDM vol. 1 8.6-8.7 (pending exceptions, waiting vs no-wait).
; Uses the protected-mode harness of tests/cpu/pm (pmtest.inc).
; Checked against QEMU 7.2 TCG (-M isapc -cpu 486): it agrees except where
; TCG is known to simplify: it does not report a pending exception at
; FLDCW (a host x87 does: SIGFPE at the FLDCW), keeps no FOP, records FIP
; 2 bytes off, skips segment limit checks, and aborts on the IRQ 13 part.
%include "cpu/pm/pmtest.inc"

%define SV(n) (scratch_vars + 4*(n))
ENV     equ SCRATCH            ; 28-byte FNSTENV image
IRQ13_COUNT equ SCRATCH + 0x40

test_main:
    mov eax, cr0
    and eax, ~0x2E             ; EM=MP=TS=NE=0
    mov cr0, eax
    fninit
    mov word [SV(0)], 0x5A5A
    fnstsw [SV(0)]
    movzx eax, word [SV(0)]
    CHECK "x87 present: FNSTSW after FNINIT", eax, 0
    fnstcw [SV(0)]
    movzx eax, word [SV(0)]
    CHECK "FNINIT control word", eax, 0x037F

    ; ---- arithmetic ---------------------------------------------------------
    fld1
    fidiv dword [three]
    fstp qword [SV(2)]
    CHECK "1/3 as double, low", [SV(2)], 0x55555555
    CHECK "1/3 as double, high", [SV(3)], 0x3FD55555
    fild dword [two]
    fsqrt
    fstp qword [SV(2)]
    CHECK "sqrt(2) as double, low", [SV(2)], 0x667F3BCD
    CHECK "sqrt(2) as double, high", [SV(3)], 0x3FF6A09E
    fldpi
    fistp dword [SV(2)]
    CHECK "fistp pi", [SV(2)], 3
    fld1
    fldz
    fcompp                      ; 0 < 1: C0
    fnstsw ax
    and eax, 0x4500
    CHECK "fcompp 0<1 via fnstsw ax", eax, 0x0100
    fld dword [big]             ; 1e10
    fbstp [SV(4)]
    CHECK "fbstp 1e10 low", [SV(4)], 0x00000000
    CHECK "fbstp 1e10 mid", [SV(5)], 0x00000100

    ; ---- CR0.NE=1: #MF at the next waiting instruction -------------------------
    mov eax, cr0
    or eax, 0x20
    mov cr0, eax
    fninit
    fldcw [cw_unmask_ze]
    fld1
    fldz
fdiv_site:
    fdivp st1, st0              ; 1/0 with ZE unmasked: pending, no fault here
    fnstsw ax                   ; no-wait: runs
    and eax, 0x80FF
    CHECK "after 1/0: ES|B and ZE", eax, 0x8084
    TRY rsm_0
    fldcw [cw_unmask_ze]        ; FLDCW is a waiting instruction
rsm_0:
    EXPECT_FAULT "fldcw with a pending ZE", 16, 0xFFFFFFFF
    TRY rsm_1
wait_site:
    fwait
rsm_1:
    EXPECT_FAULT "fwait with a pending ZE", 16, 0xFFFFFFFF
    CHECK "#MF points at the fwait", [last_eip], wait_site
    fnstenv [ENV]               ; no-wait: runs
    CHECK "FIP = the fdivp", [ENV + 12], fdiv_site
    movzx eax, word [ENV + 16]
    CHECK "FCS", eax, SEL_CODE0
    movzx eax, word [ENV + 18]
    CHECK "FOP = DE F9", eax, 0x06F9
    fnclex
    TRY rsm_3
    fwait
    fld1
rsm_3:
    EXPECT_NOFAULT "after fnclex"
    fninit

    ; ---- a faulting memory operand leaves the FPU as it was ---------------------
    GDT_DESC SEL_FREE, 0, 0xFF, ACC_DATA, FL_D
    mov ax, SEL_FREE
    mov es, ax
    fld1
    fld1
    fnstsw ax
    mov [SV(6)], eax
    TRY rsm_4
    fstp qword [es:0xFC]        ; beyond the limit: #GP(0)
rsm_4:
    EXPECT_FAULT "fstp past the segment limit", 13, 0
    mov ax, SEL_DATA0
    mov es, ax
    fnstsw ax
    CHECK "status (TOP) unchanged by the faulting fstp", eax, [SV(6)]
    faddp st1, st0
    fistp dword [SV(2)]
    CHECK "stack intact after the fault", [SV(2)], 2

    ; ---- CR0.NE=0: FERR# -> IRQ 13 --------------------------------------------
    mov eax, cr0
    and eax, ~0x20
    mov cr0, eax
    ; 8259 pair: master vectors 0x20, slave 0x28; only IRQ2 (cascade) and
    ; IRQ13 unmasked.
    PIC_INIT 0xFB, 0xDF
    IDT_GATE 0x2D, SEL_CODE0, irq13_handler, ACC_INT386
    mov dword [IRQ13_COUNT], 0
    fninit
    fldcw [cw_unmask_ze]
    fld1
    fldz
    fdivp st1, st0              ; FERR# rises: IRQ 13 pending at the PIC
    TRY rsm_5
    fwait                       ; NE=0: no #MF (IGNNE# behaviour)
rsm_5:
    EXPECT_NOFAULT "NE=0: fwait does not raise #MF"
    CHECK "IRQ13 not taken with IF=0", [IRQ13_COUNT], 0
    sti
    nop
    nop
    cli
    CHECK "IRQ13 taken once after STI", [IRQ13_COUNT], 1
    fnstsw ax
    and eax, 0x80
    CHECK "handler's FNCLEX cleared ES", eax, 0
    fninit
    TEST_END "fpu_guest"

irq13_handler:
    push eax
    inc dword [IRQ13_COUNT]
    xor al, al
    out 0xF0, al                ; clear the coprocessor-error latch
    fnclex
    mov al, 0x20
    out 0xA0, al
    out 0x20, al
    pop eax
    iretd

three:  dd 3
two:    dd 2
big:    dd 1.0e10
cw_unmask_ze: dw 0x037B
