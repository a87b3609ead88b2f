; tests/cpu/pm/v86.asm — virtual-8086 mode: entry by IRET and by a task
; switch, real-mode addressing, interrupts leaving V86 (frame with
; ES/DS/FS/GS, data segments nulled), IRET back to V86, IOPL-sensitive
; instructions (CLI STI PUSHF POPF INT n IRET), I/O through the bitmap
; regardless of IOPL, privileged and PM-only instructions.
; Authority: Intel 386 PRM chapter 15 (15.1.3 entering/leaving V86, 15.2.2
; sensitive instructions, 15.3 interrupts: figure 15-3 stack frame),
; 486 PRM chapter 23.
%include "pmtest.inc"

TSS_V    equ 0x7000
S_TSSV   equ 0x60
V86_DS   equ 0x4000         ; linear 0x40000
VM       equ 0x20000
IOPL3    equ 0x3000
%define SV(n) (scratch_vars + 4*(n))
%define V86OFF(x) ((x) - rm_entry)   ; .t16 labels are already offsets

; V86_ENTER ip, eflags: IRETD into V86 at F000:ip, SS:SP 0:9000,
; DS=ES=V86_DS, FS=GS=0.
%macro V86_ENTER 2
    push dword 0
    push dword 0
    push dword V86_DS
    push dword V86_DS
    push dword 0
    push dword 0x9000
    push dword VM | 2 | (%2)
    push dword 0xF000
    push dword %1
    iretd
%endmacro

test_main:
    mov al, 0xFF
    out 0x21, al
    out 0xA1, al
    IDT_GATE 0x60, SEL_CODE0, v86_int_handler, ACC_INT386|DPL3
    IDT_GATE 0x61, SEL_CODE0, v86_int_handler, ACC_INT386
    IDT_GATE 0x62, SEL_CODE0, v86_task_exit, ACC_INT386|DPL3

; --- IOPL 3: INT n through the IDT and back, IRET/PUSHF/CLI allowed ----------------
    TRY .a
    V86_ENTER v86_a, IOPL3
.a:
    EXPECT_FAULT "V86 HLT", 13, 0
    CHECK "V86 ended at its HLT", [last_eip], v86_a.end
    CHECK "fault from V86: pushed CS", [last_cs], 0xF000
    mov eax, [last_eflags]
    and eax, VM
    CHECK "fault from V86: pushed EFLAGS.VM", eax, VM
    CHECK "fault from V86: pushed SS", [last_ss], 0
    CHECK "V86 address = seg*16 + off", [0x40010], 0x1234
    CHECK "V86 32-bit operand", [0x40014], 0x12345678
    CHECK "INT from V86: DS nulled in handler", [SV(0)], 0
    CHECK "INT from V86: handler CPL0 CS", [SV(1)], SEL_CODE0
    CHECK "INT from V86: pushed IP", [SV(2)], v86_a.after_int
    CHECK "INT from V86: pushed CS", [SV(3)], 0xF000
    mov eax, [SV(4)]
    and eax, VM | IOPL3
    CHECK "INT from V86: pushed EFLAGS", eax, VM | IOPL3
    CHECK "INT from V86: pushed SP", [SV(5)], 0x9000
    CHECK "INT from V86: pushed SS", [SV(6)], 0
    CHECK "INT from V86: pushed ES", [SV(7)], V86_DS
    CHECK "INT from V86: pushed DS", [SV(8)], V86_DS
    CHECK "INT from V86: pushed FS", [SV(9)], 0
    CHECK "INT from V86: pushed GS", [SV(10)], 0
    CHECK "INT from V86: ESP0 - 36", [SV(11)], STACK0_TOP - 36
    CHECK "IRETD back to V86 restores DS", [0x40018], 0x5678
    CHECK "V86 IRET with IOPL3", [0x40020], 0xBEEF
    mov eax, [0x4001C]
    and eax, 0x3000
    CHECK "V86 PUSHF shows IOPL", eax, IOPL3

; --- IOPL 0: sensitive instructions fault ------------------------------------------
%macro SENSITIVE 2
    TRY %%r
    V86_ENTER %1, 0
%%r:
    EXPECT_FAULT %2, 13, 0
    CHECK {%2, " faulting IP"}, [last_eip], %1
%endmacro
    SENSITIVE v86_cli, "V86 IOPL0 CLI"
    SENSITIVE v86_sti, "V86 IOPL0 STI"
    SENSITIVE v86_pushf, "V86 IOPL0 PUSHF"
    SENSITIVE v86_popf, "V86 IOPL0 POPF"
    SENSITIVE v86_int, "V86 IOPL0 INT n"
    SENSITIVE v86_iret, "V86 IOPL0 IRET"
    SENSITIVE v86_movcr, "V86 MOV from CR0"
    SENSITIVE v86_lgdt, "V86 LGDT"

    ; INT3 is not IOPL-sensitive: with IOPL 0 it still goes through the IDT
    ; (gate 3 made DPL3 for this), only INT n faults.
    IDT_GATE 3, SEL_CODE0, v86_int_handler, ACC_INT386|DPL3
    mov dword [SV(2)], 0
    TRY .i3
    V86_ENTER v86_int3, 0
.i3:
    IDT_DEFAULT 3
    CHECK "V86 IOPL0 INT3 reaches the IDT handler", [SV(2)], v86_int3.end
    CHECK "V86 IOPL0 INT3: back in V86 at its HLT", [last_eip], v86_int3.end

    TRY .u1
    V86_ENTER v86_arpl, IOPL3
.u1:
    EXPECT_FAULT "V86 ARPL", 6, 0xFFFFFFFF
    TRY .u2
    V86_ENTER v86_sldt, IOPL3
.u2:
    EXPECT_FAULT "V86 SLDT", 6, 0xFFFFFFFF
    TRY .u3
    V86_ENTER v86_int61, IOPL3
.u3:
    EXPECT_FAULT "V86 INT n through DPL0 gate", 13, 0x61*8 + 2

; --- I/O: the bitmap decides, whatever IOPL is ----------------------------------------
    TRY .io1
    V86_ENTER v86_io_ok, 0
.io1:
    CHECK "V86 IOPL0 OUT to allowed port", [last_eip], v86_io_ok.end
    or byte [TSS0 + 0x68 + 0x80/8], 1
    TRY .io2
    V86_ENTER v86_io_denied, IOPL3
.io2:
    EXPECT_FAULT "V86 IOPL3 OUT to denied port", 13, 0
    CHECK "V86 denied OUT faulting IP", [last_eip], v86_io_denied
    and byte [TSS0 + 0x68 + 0x80/8], ~1

; --- entering V86 by a task switch -----------------------------------------------------
    mov edi, TSS_V
    xor eax, eax
    mov ecx, 0x68/4
    rep stosd
    mov dword [TSS_V + 4], 0x21000
    mov dword [TSS_V + 8], SEL_DATA0
    mov dword [TSS_V + 0x20], v86_task
    mov dword [TSS_V + 0x24], VM | IOPL3 | 2
    mov dword [TSS_V + 0x38], 0x9000
    mov dword [TSS_V + 0x48], V86_DS
    mov dword [TSS_V + 0x4C], 0xF000
    mov dword [TSS_V + 0x54], V86_DS
    mov word [TSS_V + 0x66], 0x68
    GDT_DESC S_TSSV, TSS_V, 0x67, ACC_TSS386, 0
    jmp S_TSSV:0
    CHECK "V86 task ran", [0x40030], 0x7777
    CHECK "V86 task interrupt used the task's ESP0", [SV(12)], 0x21000 - 36
    mov eax, [SV(13)]
    and eax, VM
    CHECK "V86 task: EFLAGS.VM from the TSS", eax, VM

    TEST_END "v86"

; Ring-0 handler for INT 0x60/0x61 from V86: record and IRETD back.
v86_int_handler:
    mov [ss:SV(11)], esp
    push eax
    mov eax, ds
    mov [ss:SV(0)], eax
    mov eax, cs
    mov [ss:SV(1)], eax
    mov eax, [esp+4]
    mov [ss:SV(2)], eax
    mov eax, [esp+8]
    mov [ss:SV(3)], eax
    mov eax, [esp+12]
    mov [ss:SV(4)], eax
    mov eax, [esp+16]
    mov [ss:SV(5)], eax
    mov eax, [esp+20]
    mov [ss:SV(6)], eax
    mov eax, [esp+24]
    mov [ss:SV(7)], eax
    mov eax, [esp+28]
    mov [ss:SV(8)], eax
    mov eax, [esp+32]
    mov [ss:SV(9)], eax
    mov eax, [esp+36]
    mov [ss:SV(10)], eax
    mov ax, SEL_DATA0       ; must not leak into V86: IRETD reloads DS
    mov ds, ax
    pop eax
    iretd

; INT 0x62 from the V86 task: back to the main task.
v86_task_exit:
    mov [ss:SV(12)], esp
    mov eax, [esp+8]
    mov [ss:SV(13)], eax
    jmp SEL_TSS0:0

section .t16
bits 16
v86_a:
    mov word [0x10], 0x1234
    mov eax, 0x12345678
    mov [0x14], eax
    int 0x60
.after_int:
    mov ax, [0x10 + 4]      ; DS must be V86_DS again
    mov [0x18], ax
    pushf
    pop ax
    mov [0x1C], ax
    cli
    sti
    pushf
    push cs
    push word .next
    iret
.next:
    mov word [0x20], 0xBEEF
.end:
    hlt
v86_int3:
    int3
.end:
    hlt
v86_cli:   cli
v86_sti:   sti
v86_pushf: pushf
v86_popf:  popf
v86_int:   int 0x60
v86_iret:  iret
v86_movcr: mov eax, cr0
v86_lgdt:  lgdt [0]
v86_arpl:  db 0x63, 0xC0        ; arpl ax, ax
v86_sldt:  sldt ax
v86_int61: int 0x61
v86_io_ok:
    out 0x7F, al
.end:
    hlt
v86_io_denied:
    out 0x80, al
    hlt
v86_task:
    mov word [0x30], 0x7777
    int 0x62
    hlt
section .text
bits 32
