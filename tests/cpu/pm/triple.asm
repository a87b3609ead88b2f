; tests/cpu/pm/triple.asm — a triple fault: an IDT with limit 0 makes
; INT 0x80 raise #GP, whose delivery raises #GP again (-> #DF) and whose #DF
; delivery fails too -> shutdown.  The PC resets the CPU (or the emulator
; exits with -no-reboot).  RAM survives the reset: a marker at 0x9000 tells
; the second boot that the reset came from the triple fault.
; Authority: Intel 386 PRM 9.8.8 ("if a fault occurs while the processor is
; attempting to invoke the double-fault handler, the processor enters
; shutdown mode"), PC/AT: shutdown cycle -> reset.
%include "pmtest.inc"

MARKER equ 0x9000

test_main:
    cmp dword [MARKER], 0x7B1E7B1E
    je .second_boot
    mov dword [MARKER], 0x7B1E7B1E
    PRINT "TRIPLE fault next", 10
    lidt [idtr_zero]
    int 0x80
    PRINT "FAIL triple: execution continued after the triple fault", 10
    jmp exit_fail
.second_boot:
    mov dword [MARKER], 0
    CHECK "triple fault reset the machine", 1, 1
    TEST_END "triple"

idtr_zero: dw 0
           dd 0
