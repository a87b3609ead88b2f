; tests/cpu/pm/guestbugs.asm — regression checks for CPU bugs that real
; guests (tests/guest/*.script) ran into, one block per bug, each citing the
; guest that found it.
;
; 1. POP r/m32 with an ESP-based memory operand computes the address with
;    the ESP value *after* the pop (Intel 386 PRM, POP: "If the ESP register
;    is used as a base register for addressing a destination operand in
;    memory, the POP instruction computes the effective address of the
;    operand after it increments the ESP register").  Linux 2.4's
;    do_softirq does `pushfd; pop dword [esp+0x10]`; with the old ESP the
;    store overwrote the saved EBP and the kernel triple-faulted.
%include "pmtest.inc"

%define SV(n) (scratch_vars + 4*(n))

test_main:
    ; --- 1. POP [ESP+disp32] / POP [ESP] / 16-bit POP [ESP+disp8] ---
    mov esp, MAIN_STACK
    push dword 0x11111111       ; [esp+4] after the push below
    push dword 0x22222222       ; [esp]
    push dword 0xCAFEF00D       ; popped
    pop dword [esp+4]           ; ESP+4 after the pop -> the 0x11111111 slot
    pop eax                     ; 0x22222222 must be untouched
    pop ebx                     ; 0xCAFEF00D must land here
    mov [SV(0)], eax
    mov [SV(1)], ebx
    CHECK "pop [esp+4]: slot at new ESP+4 written", [SV(1)], 0xCAFEF00D
    CHECK "pop [esp+4]: slot at new ESP kept", [SV(0)], 0x22222222

    push dword 0x33333333
    push dword 0x0BADBEEF
    pop dword [esp]             ; writes the 0x33333333 slot
    pop eax
    mov [SV(2)], eax
    CHECK "pop [esp]: written at the incremented ESP", [SV(2)], 0x0BADBEEF

    push dword 0x44444444
    push word 0x5555
    pop word [esp+2]            ; 16-bit: new ESP+2 = upper half of the dword
    pop eax
    mov [SV(3)], eax
    CHECK "pop word [esp+2]", [SV(3)], 0x55554444

    ; Index ESP is impossible; EBP base is unaffected by the pop.
    mov ebp, esp
    push dword 0x66666666
    push dword 0x77777777
    pop dword [ebp-4]           ; EBP base: no adjustment
    pop eax
    mov [SV(4)], eax
    CHECK "pop [ebp-4] not adjusted", [SV(4)], 0x77777777
    mov esp, MAIN_STACK

    TEST_END "guestbugs"
