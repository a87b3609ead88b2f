; tests/cpu/pm/exceptions.asm — exception classes and nesting: double fault
; from two contributory exceptions, benign + contributory handled serially,
; restartable #NP (handler fixes the descriptor and IRETs), #AC on the 486,
; and a long REP MOVSD interrupted by hardware interrupts and resumed.
; Authority: Intel 386 PRM 9.8.8 (double fault, table 9-3 contributory /
; benign classes), 9.9 (priorities); 486 PRM 9.8.17 (#AC: CR0.AM, EFLAGS.AC,
; CPL 3) and 9.8 (REP strings are interruptible between iterations).
%include "pmtest.inc"

S_NPSEG  equ 0x60
%define SV(n) (scratch_vars + 4*(n))

test_main:
    mov al, 0xFF
    out 0x21, al
    out 0xA1, al
    GDT_DESC S_NPSEG, 0, 0xFFFFF, 0x12, FL_G|FL_D

; --- double fault ---------------------------------------------------------------------
    ; #GP whose gate is not present -> #NP during delivery -> #DF(0).
    and byte [IDT_BASE + 13*8 + 5], 0x7F
    TRY .d1
    mov ax, 0x800
    mov ds, ax
.d1:
    or byte [IDT_BASE + 13*8 + 5], 0x80
    EXPECT_FAULT "#GP then #NP -> double fault", 8, 0
    ; #DE (contributory) + #NP -> #DF.
    and byte [IDT_BASE + 0*8 + 5], 0x7F
    TRY .d2
    xor ecx, ecx
    div ecx
.d2:
    or byte [IDT_BASE + 0*8 + 5], 0x80
    EXPECT_FAULT "#DE then #NP -> double fault", 8, 0
    ; #BR (benign) + #NP -> the #NP is simply delivered.
    and byte [IDT_BASE + 5*8 + 5], 0x7F
    TRY .d3
    mov eax, 10
    bound eax, [bounds]
.d3:
    or byte [IDT_BASE + 5*8 + 5], 0x80
    EXPECT_FAULT_QGAP "#BR then #NP -> #NP (benign first)", 11, 5*8 + 2 + 1

; --- restartable fault ---------------------------------------------------------------
    IDT_GATE 11, SEL_CODE0, np_fixup, ACC_INT386
    mov dword [SV(0)], 0
    mov ax, S_NPSEG
    mov fs, ax
    IDT_DEFAULT 11
    CHECK "#NP handler ran once", [SV(0)], 1
    mov eax, fs
    CHECK "segment load retried after IRET", eax, S_NPSEG
    CHECK "#NP error code", [SV(1)], S_NPSEG

; --- alignment check (486) -----------------------------------------------------------
    mov eax, cr0
    or eax, 1 << 18         ; AM
    mov cr0, eax
    pushfd
    or dword [esp], 1 << 18 ; AC
    popfd
    TRY .a1
    mov eax, [0x40001]      ; CPL0: never checked
.a1:
    EXPECT_NOFAULT "misaligned access at CPL0"
    call to_ring3
    TRY .a2
    mov eax, [0x40001]
.a2:
    EXPECT_FAULT_QGAP "misaligned dword at CPL3 with AM+AC", 17, 0
    call to_ring3
    TRY .a3
    mov ax, [0x40002]
    mov eax, [0x40004]
    RING0
.a3:
    EXPECT_NOFAULT "aligned accesses at CPL3 with AM+AC"
    pushfd
    and dword [esp], ~(1 << 18)
    popfd
    call to_ring3
    TRY .a4
    mov eax, [0x40001]
    RING0
.a4:
    EXPECT_NOFAULT "misaligned at CPL3 with AC=0"
    mov eax, cr0
    and eax, ~(1 << 18)
    mov cr0, eax

; --- REP MOVSD interrupted by IRQ 0 and resumed -----------------------------------------
    IDT_GATE 0x20, SEL_CODE0, irq0_handler, ACC_INT386
    PIC_INIT 0xFE, 0xFF     ; only IRQ0
    PIT0_RATE 64            ; ~54 us
    ; Source 0x100000.. (256 KiB of a pattern), copy to 0x200000.
    mov edi, 0x100000
    mov ecx, 0x10000
    xor eax, eax
.pat:
    mov [edi], eax
    add edi, 4
    add eax, 0x01010101
    loop .pat
    mov dword [SV(2)], 0
    mov esi, 0x100000
    mov edi, 0x200000
    mov ebx, 32             ; repeat the copy 32 times
    sti
.again:
    mov esi, 0x100000
    mov edi, 0x200000
    mov ecx, 0x10000
.rep:
    rep movsd
    dec ebx
    jnz .again
    cli
    mov al, 0xFF
    out 0x21, al
    CHECK "REP MOVSD: ECX 0 at the end", ecx, 0
    CHECK "REP MOVSD: EDI at the end", edi, 0x240000
    CHECK "REP MOVSD: last dword copied", [0x23FFFC], 0xFFFFFEFF
    CHECK "REP MOVSD: middle dword copied", [0x220000], 0x80808000
    cmp dword [SV(2)], 0
    setne al
    movzx eax, al
    CHECK "IRQ 0 arrived during the copies", eax, 1
    cmp dword [SV(3)], 0
    setne al
    movzx eax, al
    CHECK "an IRQ interrupted a REP MOVSD mid-way", eax, 1

    TEST_END "exceptions"

bounds: dd 0, 5

np_fixup:
    inc dword [SV(0)]
    pop dword [SV(1)]
    or byte [GDT_BASE + S_NPSEG + 5], 0x80
    iretd

irq0_handler:
    push eax
    inc dword [SV(2)]
    ; Interrupted inside the REP: the saved EIP is the REP MOVSD itself and
    ; ECX is neither the start value nor 0.
    cmp ecx, 0x10000
    je .n
    test ecx, ecx
    jz .n
    mov eax, [esp+4]
    cmp eax, test_main.rep
    jne .n
    inc dword [SV(3)]
.n: mov al, 0x20
    out 0x20, al
    pop eax
    iretd
