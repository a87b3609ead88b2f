; tests/cpu/pm/debugreg.asm — debug registers and #DB: instruction
; breakpoints (faults, resumed with RF), data write and read/write
; breakpoints (traps after the access), single-step (TF, DR6.BS), general
; detect (DR7.GD, DR6.BD) and a data breakpoint inside a REP STOSB that is
; resumed.
; Authority: Intel 386 PRM chapter 12 (12.2 DR0-DR7, 12.3.1 instruction /
; data breakpoints, RF, GD; DR6 bits B0-B3 BD BS BT), 486 PRM chapter 11.
%include "pmtest.inc"

%define SV(n) (scratch_vars + 4*(n))
WATCH equ 0x40100

test_main:
; --- instruction breakpoint: a fault before the instruction ------------------------
    mov eax, .ibp
    mov dr0, eax
    mov eax, 0x00000001     ; L0, RW0=00 (execute), LEN0=00
    mov dr7, eax
    xor eax, eax
    mov dr6, eax
    TRY .i1
    mov ebx, 1
.ibp:
    mov ebx, 2
.i1:
    xor eax, eax
    mov dr7, eax
    EXPECT_FAULT "instruction breakpoint", 1, 0xFFFFFFFF
    CHECK "instruction breakpoint: fault EIP", [last_eip], test_main.ibp
    CHECK "instruction breakpoint: not executed", ebx, 1
    mov eax, dr6
    and eax, 0xF
    CHECK "instruction breakpoint: DR6.B0", eax, 1

    ; Resume with RF: a handler IRETs with RF=1, the instruction runs once.
    IDT_GATE 1, SEL_CODE0, db_rf_handler, ACC_INT386
    mov dword [SV(0)], 0
    mov eax, .ibp2
    mov dr0, eax
    mov eax, 0x00000001
    mov dr7, eax
    xor ebx, ebx
.ibp2:
    inc ebx
    xor eax, eax
    mov dr7, eax
    CHECK "RF: breakpoint handler ran once", [SV(0)], 1
    CHECK "RF: instruction executed once", ebx, 1

; --- RF in the pushed EFLAGS: 1 for faults (not #DB) -------------------------
    TRY .rf1
    mov ax, 0x800
    mov fs, ax
.rf1:
    EXPECT_FAULT "a #GP fault", 13, 0x800
    mov eax, [last_eflags]
    and eax, 0x10000
    ; Intel SDM vol. 3 17.3.1.1 (all IA-32 processors); QEMU 7.2 pushes 0.
    CHECK_QGAP "fault frame has EFLAGS.RF=1", eax, 0x10000

; --- data breakpoints: traps after the access --------------------------------------
    IDT_DEFAULT 1
    mov eax, WATCH
    mov dr1, eax
    mov eax, 0x00D00004     ; L1, RW1=01 (write), LEN1=11 (4 bytes)
    mov dr7, eax
    xor eax, eax
    mov dr6, eax
    TRY .w1
    mov eax, [WATCH]        ; read: no trap
    mov byte [WATCH + 2], 0x77
.w1a:
    nop
.w1:
    xor eax, eax
    mov dr7, eax
    EXPECT_FAULT "data write breakpoint", 1, 0xFFFFFFFF
    CHECK "data breakpoint is a trap (next EIP)", [last_eip], test_main.w1a
    CHECK "data breakpoint: write done", [WATCH], 0x00770000
    mov eax, dr6
    and eax, 0xF
    CHECK "data breakpoint: DR6.B1", eax, 2

    mov eax, WATCH
    mov dr2, eax
    mov eax, 0x0F000010     ; L2, RW2=11 (read/write), LEN2=11
    mov dr7, eax
    xor eax, eax
    mov dr6, eax
    TRY .w2
    mov eax, [WATCH + 1]    ; overlaps the watched dword
.w2a:
    nop
.w2:
    xor eax, eax
    mov dr7, eax
    EXPECT_FAULT "read/write breakpoint on a read", 1, 0xFFFFFFFF
    CHECK "read breakpoint trap EIP", [last_eip], test_main.w2a
    mov eax, dr6
    and eax, 0xF
    CHECK "read breakpoint: DR6.B2", eax, 4

; --- single step ----------------------------------------------------------------------
    xor eax, eax
    mov dr6, eax
    TRY .s1
    pushfd
    or dword [esp], 0x100
    popfd
    nop                     ; the trap comes after this instruction
.s1a:
    nop
.s1:
    EXPECT_FAULT "single-step trap", 1, 0xFFFFFFFF
    CHECK "single-step: EIP after one instruction", [last_eip], test_main.s1a
    mov eax, dr6
    and eax, 0x4000
    CHECK "single-step: DR6.BS", eax, 0x4000
    mov eax, [last_eflags]
    and eax, 0x100
    CHECK "single-step: pushed EFLAGS.TF", eax, 0x100
    pushfd
    pop eax
    and eax, 0x100
    CHECK "TF cleared in the handler context", eax, 0

; --- general detect -----------------------------------------------------------------
; QEMU 7.2 (TCG) ignores DR7.GD, so this block is skipped for QEMU runs.
%ifdef QEMU
    PRINT "QEMU-GAP DR7.GD general detect", 10
%else
    xor eax, eax
    mov dr6, eax
    mov eax, 0x2000         ; GD
    mov dr7, eax
    TRY .g1
.gd:
    mov eax, dr0
.g1:
    EXPECT_FAULT "DR7.GD: MOV DR faults", 1, 0xFFFFFFFF
    CHECK "GD: fault EIP", [last_eip], test_main.gd
    mov eax, dr6
    and eax, 0x2000
    CHECK "GD: DR6.BD", eax, 0x2000
    mov eax, dr7
    and eax, 0x2000
    CHECK "GD cleared on #DB entry", eax, 0
%endif

; --- data breakpoint inside REP STOSB -------------------------------------------------
    IDT_GATE 1, SEL_CODE0, db_count_handler, ACC_INT386
    mov dword [SV(0)], 0
    mov eax, WATCH + 8
    mov dr0, eax
    mov eax, 0x00010001     ; L0, write, LEN0=00 (1 byte)
    mov dr7, eax
    mov edi, WATCH
    mov ecx, 16
    mov al, 0xEE
    cld
    rep stosb
    xor eax, eax
    mov dr7, eax
    IDT_DEFAULT 1
    CHECK "REP STOSB: one #DB", [SV(0)], 1
    CHECK "REP STOSB: ECX at the trap", [SV(1)], 16 - 9
    CHECK "REP STOSB: completed", ecx, 0
    CHECK "REP STOSB: data", [WATCH + 12], 0xEEEEEEEE

    TEST_END "debugreg"

db_rf_handler:
    inc dword [SV(0)]
    or dword [esp + 8], 0x10000     ; RF in the pushed EFLAGS
    iretd

db_count_handler:
    inc dword [SV(0)]
    mov [SV(1)], ecx
    push eax
    xor eax, eax
    mov dr6, eax
    pop eax
    iretd
