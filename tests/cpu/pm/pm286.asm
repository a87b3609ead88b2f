; tests/cpu/pm/pm286.asm — 16-bit protected mode as on the 80286: entry
; with LMSW, 286 descriptors and gates, segment-load faults, a 286
; interrupt gate and its 6-byte frame, ring 3 through a 16-bit IRET and
; back through a DPL3 gate with the stack from a 286 TSS, a JMP task
; switch between 286 TSSs, SGDT's undefined top byte (FFh on the 286), and
; 386/486 opcodes that the 286 lacks (#UD).  The model is detected at run
; time (the 286 MSW reads bits 4-15 as 1), so the same ROM runs with
; -cpu 286 and, for the model-independent parts, on a 386/486 or QEMU.
; Self-contained (does not use pmtest.inc, which is 32-bit); same output
; conventions: "PASS name" / "FAIL name: got X want Y" on port E9h, exit
; through port F4h with 10h (status 33) when everything passed.
; Authority: Intel 80286 Programmer's Reference Manual chapters 6-9 (PM
; entry with LMSW, descriptors, gates, TSS layout), 386 PRM 14.7 / 17
; (differences from the 286, SGDT), 486 PRM appendix on 286 compatibility.

GDT      equ 0x1000
IDT      equ 0x2000
TSS_MAIN equ 0x3000
TSS_A    equ 0x3100
VARS     equ 0x0500
fails    equ VARS + 0
resume   equ VARS + 2
save_sp  equ VARS + 4
lvec     equ VARS + 6
lerr     equ VARS + 8
is286    equ VARS + 10
tmp      equ VARS + 12         ; 16 bytes
a_ran    equ VARS + 28
r3_sp    equ VARS + 30
r3_cs    equ VARS + 32
checks   equ VARS + 34

S_CODE   equ 0x08
S_DATA   equ 0x10
S_CODE3  equ 0x1B
S_DATA3  equ 0x23
S_TSSA   equ 0x28
S_TSSM   equ 0x30
S_NP     equ 0x38
S_XONLY  equ 0x40
S_GATE3  equ 0x48              ; unused slot

section .t16 start=0 vstart=0
bits 16

%macro DESC 3                  ; base, limit, access  (286 layout)
    dw %2
    dw (%1) & 0xFFFF
    db (%1) >> 16
    db %3
    dw 0
%endmacro
gdt_rom:
    dq 0
    DESC 0xF0000, 0xFFFF, 0x9A          ; 08 code
    DESC 0, 0xFFFF, 0x92                ; 10 data
    DESC 0xF0000, 0xFFFF, 0xFA          ; 18 code DPL3
    DESC 0, 0xFFFF, 0xF2                ; 20 data DPL3
    DESC TSS_A, 0x2B, 0x81              ; 28 286 TSS A
    DESC TSS_MAIN, 0x2B, 0x81           ; 30 286 TSS main
    DESC 0, 0xFFFF, 0x12                ; 38 not present
    DESC 0xF0000, 0xFFFF, 0x98          ; 40 execute-only
gdt_end:

puts:                                   ; CS:SI
    push ax
.l: cs lodsb
    test al, al
    jz .d
    out 0xE9, al
    jmp .l
.d: pop ax
    ret
puthex:                                 ; AX
    push ax
    push bx
    push cx
    mov cx, 4
.l: rol ax, 4
    mov bx, ax
    and bx, 15
    push ax
    mov al, [cs:hexd + bx]
    out 0xE9, al
    pop ax
    loop .l
    pop cx
    pop bx
    pop ax
    ret
hexd: db "0123456789ABCDEF"

; check: SI = name, AX = got, BX = want (DS = S_DATA)
check:
    inc word [checks]
    cmp ax, bx
    jne .f
    push si
    mov si, s_pass
    call puts
    pop si
    call puts
    jmp .nl
.f: inc word [fails]
    push si
    mov si, s_fail
    call puts
    pop si
    call puts
    mov si, s_got
    call puts
    call puthex
    mov si, s_want
    call puts
    mov ax, bx
    call puthex
.nl:
    mov al, 10
    out 0xE9, al
    ret
s_pass: db "PASS ", 0
s_fail: db "FAIL ", 0
s_got:  db ": got ", 0
s_want: db " want ", 0

%macro CHECKW 3                         ; name, got (r/m16), want
    push ax
    push bx
    push si
    mov ax, %2
    mov bx, %3
    mov si, %%n
    call check
    pop si
    pop bx
    pop ax
    jmp %%o
%%n: db %1, 0
%%o:
%endmacro
%macro TRY 1
    mov word [resume], %1
    mov [save_sp], sp
    mov word [lvec], 0xFFFF
    mov word [lerr], 0xFFFF
%endmacro
%macro EXPECT 3                         ; name, vector, error
    CHECKW {%1, " vector"}, [lvec], %2
    CHECKW {%1, " error"}, [lerr], %3
%endmacro

; Exception stubs: record vector (and error code for 8, 10-14), resume.
%assign v 0
%rep 32
stub_ %+ v:
    push ax
    mov ax, v
  %if v == 8 || (v >= 10 && v <= 14)
    jmp exc_err
  %else
    jmp exc_noerr
  %endif
%assign v v+1
%endrep
stubs:
%assign v 0
%rep 32
    dw stub_ %+ v
%assign v v+1
%endrep
exc_err:                                ; [sp]=ax [sp+2]=err
    push bp
    mov bp, sp
    push ds
    push bx
    mov bx, S_DATA
    mov ds, bx
    mov [lvec], ax
    mov bx, [bp+4]
    mov [lerr], bx
    jmp exc_resume
exc_noerr:
    push bp
    push ds
    push bx
    mov bx, S_DATA
    mov ds, bx
    mov [lvec], ax
exc_resume:
    cmp word [resume], 0
    je .unexp
    mov ax, S_DATA
    mov ss, ax
    mov sp, [save_sp]
    mov es, ax
    mov ax, [resume]
    mov word [resume], 0
    jmp ax
.unexp:
    mov si, s_unexp
    call puts
    mov ax, [lvec]
    call puthex
    mov al, 10
    out 0xE9, al
    mov al, 0x11
    out 0xF4, al
    hlt
s_unexp: db "FAIL pm286: unexpected exception ", 0

; INT 0x40: a 286 interrupt gate, records the frame.
int40:
    push bp
    mov bp, sp
    mov ax, [bp+2]
    mov [tmp], ax                       ; IP
    mov ax, [bp+4]
    mov [tmp+2], ax                     ; CS
    mov [tmp+4], sp
    pop bp
    iret
; INT 0x30 (DPL3): back from ring 3.
int30:
    mov ax, S_DATA
    mov ds, ax
    mov ax, sp
    mov [r3_sp], ax
    mov bp, sp
    mov ax, [bp+2]
    mov [r3_cs], ax
    mov sp, [save_sp]
    jmp after_r3

taskA:
    mov ax, S_DATA
    mov ds, ax
    mov word [a_ran], 1
    jmp S_TSSM:0

entry:
    cli
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7000
    mov di, VARS
    mov cx, (0x4000 - VARS) / 2
    rep stosw
    push cs
    pop ds
    mov si, gdt_rom
    mov di, GDT
    mov cx, gdt_end - gdt_rom
    rep movsb
    xor ax, ax
    mov ds, ax
    ; IDT: 286 interrupt gates (type 6) to the stubs; 0x40 and 0x30.
    xor bx, bx
.idt:
    mov di, bx
    shl di, 3
    add di, IDT
    mov ax, int40
    cmp bx, 32
    jae .g
    mov si, bx
    shl si, 1
    mov ax, [cs:stubs + si]
.g: mov [di], ax
    mov word [di+2], S_CODE
    mov word [di+4], 0x8600
    mov word [di+6], 0
    inc bx
    cmp bx, 0x41
    jb .idt
    mov word [IDT + 0x30*8], int30
    mov word [IDT + 0x30*8 + 4], 0xE600         ; DPL3
    ; Main TSS (ring-0 stack for the ring-3 test) and task A.
    mov word [TSS_MAIN + 2], 0x6000             ; SP0
    mov word [TSS_MAIN + 4], S_DATA             ; SS0
    mov word [TSS_A + 0x0E], taskA
    mov word [TSS_A + 0x10], 2
    mov word [TSS_A + 0x1A], 0x5000
    mov word [TSS_A + 0x22], S_DATA
    mov word [TSS_A + 0x24], S_CODE
    mov word [TSS_A + 0x26], S_DATA
    mov word [TSS_A + 0x28], S_DATA
    lgdt [cs:gdtr]
    lidt [cs:idtr]
    smsw ax
    or ax, 1
    lmsw ax
    jmp S_CODE:pm
gdtr: dw 0x4F
      dd GDT
idtr: dw 0x41*8 - 1
      dd IDT

pm:
    mov ax, S_DATA
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7000
    mov ax, S_TSSM
    ltr ax
    smsw ax
    and ax, 0xFFF0
    cmp ax, 0xFFF0
    jne .n286
    mov word [is286], 1
    mov si, s_m286
    call puts
    jmp .go
.n286:
    mov si, s_m386
    call puts
.go:
    ; --- segment loads -------------------------------------------------
    TRY .s2
    mov ax, S_NP
    mov es, ax
.s2:
    EXPECT "286: not-present ES", 11, S_NP
    TRY .s3
    mov ax, S_XONLY
    mov es, ax
.s3:
    EXPECT "286: execute-only into ES", 13, S_XONLY
    TRY .s4
    xor ax, ax
    mov ss, ax
.s4:
    EXPECT "286: null SS", 13, 0
    mov ax, S_DATA
    mov es, ax
    ; --- INT through a 286 gate ----------------------------------------
    int 0x40
.after40:
    CHECKW "286 gate: pushed IP", [tmp], .after40
    CHECKW "286 gate: pushed CS", [tmp+2], S_CODE
    CHECKW "286 gate: 6-byte frame", [tmp+4], 0x7000 - 8
    ; --- SGDT top byte ------------------------------------------------------
    sgdt [tmp]
    mov al, [tmp+5]
    xor ah, ah
    cmp word [is286], 0
    je .sg386
    CHECKW "286: SGDT stores FFh as the top base byte", ax, 0xFF
    jmp .sgd
.sg386:
    CHECKW "386+: 16-bit SGDT stores 00h as the top base byte", ax, 0
.sgd:
    ; --- ring 3 and back ------------------------------------------------
    mov [save_sp], sp
    push word S_DATA3
    push word 0x4000
    push word 2
    push word S_CODE3
    push word ring3
    iret
ring3:
    int 0x30
after_r3:
    CHECKW "ring 3 -> 0: stack from the 286 TSS (SP0 - 10)", [r3_sp], 0x6000 - 10
    CHECKW "ring 3 -> 0: pushed CS", [r3_cs], S_CODE3
    ; --- task switch ------------------------------------------------------
    jmp S_TSSA:0
    CHECKW "JMP to a 286 TSS ran the task", [a_ran], 1
    mov al, [GDT + S_TSSA + 5]
    xor ah, ah
    CHECKW "task A not busy after it left", ax, 0x81
    ; --- limits -------------------------------------------------------------
    TRY .l1
    mov ax, [0xFFFF]
.l1:
%ifdef QEMU
    mov si, s_qgap
    call puts
%else
    EXPECT "word at offset FFFFh", 13, 0
%endif
    ; --- opcodes the 286 does not have -------------------------------------
%macro OPC 2
    TRY %%r
    %2
%%r:
    cmp word [is286], 0
    je %%n
    CHECKW {%1, " #UD on 286"}, [lvec], 6
    jmp %%d
%%n:
    CHECKW {%1, " runs on 386+"}, [lvec], 0xFFFF
%%d:
%endmacro
    OPC "MOV r32, CR0", {db 0x0F, 0x20, 0xC0}
    OPC "MOVZX", {db 0x0F, 0xB6, 0xC0}
    OPC "operand-size prefix", {db 0x66, 0x90}
    OPC "SETcc", {db 0x0F, 0x94, 0xC0}

    cmp word [fails], 0
    jne .bad
    cmp word [checks], 0
    je .bad
    mov si, s_done
    call puts
    mov al, 0x10
    out 0xF4, al
    hlt
.bad:
    mov si, s_bad
    call puts
    mov al, 0x11
    out 0xF4, al
    hlt
s_m286: db "model: 286", 10, 0
s_m386: db "model: 386 or later", 10, 0
s_done: db "DONE pm286", 10, 0
s_bad:  db "DONE pm286 with failures", 10, 0
s_qgap: db "QEMU-GAP word at offset FFFFh", 10, 0

section .reset start=0xFFF0 vstart=0xFFF0
    jmp 0xF000:entry
    times 16 - ($ - $$) db 0
