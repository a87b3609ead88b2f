; tests/cpu/pm/model.asm — 0F opcodes that a model lacks raise #UD: the 486
; added BSWAP, CMPXCHG, XADD, INVLPG, INVD and WBINVD; the 386 has none of
; them (and no EFLAGS.AC, no CR0.WP/AM).  The test finds the model itself
; (EFLAGS.AC sticks only on a 486) and checks either way, so it runs with
; -cpu 386 and -cpu 486.
; Authority: Intel 486 PRM appendix / chapter 26 ("486 processor only"
; instructions), 386 PRM appendix A opcode map (those 0F slots are
; undefined -> #UD).
%include "pmtest.inc"

%define SV(n) (scratch_vars + 4*(n))

%macro OPC 2   ; name, instruction
    TRY %%r
    %2
%%r:
    mov dword [fault_resume], 0
    cmp byte [SV(0)], 0
    jne %%is486
    CHECK {%1, " #UD on 386"}, [last_vec], 6
    jmp %%done
%%is486:
    CHECK {%1, " runs on 486"}, [last_vec], 0xFFFFFFFF
%%done:
%endmacro

test_main:
    pushfd
    pop eax
    mov ebx, eax
    xor eax, 1 << 18
    push eax
    popfd
    pushfd
    pop eax
    xor eax, ebx
    shr eax, 18
    and eax, 1
    mov [SV(0)], eax
    push ebx
    popfd
    cmp eax, 0
    jne .m486
    PRINT "model: 386 (EFLAGS.AC fixed)", 10
    jmp .go
.m486:
    PRINT "model: 486 (EFLAGS.AC writable)", 10
.go:
    OPC "BSWAP", {bswap eax}
    OPC "XADD", {xadd [SV(1)], eax}
    OPC "CMPXCHG", {cmpxchg [SV(1)], ecx}
    OPC "INVLPG", {invlpg [0]}
    OPC "WBINVD", wbinvd
    OPC "INVD", invd
    ; CR0.WP (bit 16) and AM (bit 18) only exist on the 486.
    mov eax, cr0
    mov ebx, eax
    or eax, (1 << 16) | (1 << 18)
    mov cr0, eax
    mov eax, cr0
    mov cr0, ebx
    and eax, (1 << 16) | (1 << 18)
    cmp byte [SV(0)], 0
    jne .wp486
    CHECK "CR0.WP/AM not settable on 386", eax, 0
    jmp .end
.wp486:
    CHECK "CR0.WP/AM settable on 486", eax, (1 << 16) | (1 << 18)
.end:
    TEST_END "model"
