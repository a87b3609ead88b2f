; tests/cpu/pm/iopl.asm — I/O privilege: IOPL and the TSS I/O permission
; bitmap for IN/OUT/INS/OUTS, IOPL-sensitive CLI/STI, and POPF/IRET not
; changing IF/IOPL without privilege.
; Authority: Intel 386 PRM 8.3 (I/O privilege level), 8.3.2 (I/O permission
; bitmap: "all bits corresponding to the port must be clear"; ports whose
; bitmap bits lie beyond the TSS limit are denied), 8.3.1 and POPF/IRET
; pseudo-code (IF changes only when CPL <= IOPL, IOPL only at CPL 0).
%include "pmtest.inc"

S_TSSSMALL equ 0x60
%define SV(n) (scratch_vars + 4*(n))
BITMAP equ TSS0 + 0x68

test_main:
    mov al, 0xFF
    out 0x21, al
    out 0xA1, al
    or byte [BITMAP + 0x80/8], 1 << (0x80 & 7)     ; deny port 0x80

    call to_ring3
    TRY .a1
    in al, 0x7F
    out 0x7F, al
.a1:
    EXPECT_NOFAULT "CPL3 IOPL0: port allowed by the bitmap"
    RING0
    call to_ring3
    TRY .a2
    out 0x80, al
.a2:
    EXPECT_FAULT "CPL3 IOPL0: port denied by the bitmap", 13, 0
    call to_ring3
    TRY .a3
    mov dx, 0x7F
    in ax, dx               ; ports 0x7F and 0x80
.a3:
    EXPECT_FAULT "word access with one denied port", 13, 0
    call to_ring3
    TRY .a4
    mov dx, 0x80
    mov esi, 0x40000
    outsb
.a4:
    EXPECT_FAULT "OUTSB checks the bitmap", 13, 0
    call to_ring3
    TRY .a5
    mov dx, 0x80
    mov edi, 0x40000
    insb
.a5:
    EXPECT_FAULT "INSB checks the bitmap", 13, 0
    call to_ring3
    TRY .a6
    cli
.a6:
    EXPECT_FAULT "CLI at CPL3 > IOPL", 13, 0
    call to_ring3
    TRY .a7
    sti
.a7:
    EXPECT_FAULT "STI at CPL3 > IOPL", 13, 0

    ; POPF/IRET at CPL3 with IOPL 0: IF and IOPL silently unchanged.
    call to_ring3
    pushfd
    or dword [esp], 0x3200
    popfd
    pushfd
    pop eax
    mov [SV(0)], eax
    pushfd
    or dword [esp], 0x3200
    push dword SEL_CODE3
    push dword .ir
    iretd
.ir:
    pushfd
    pop eax
    mov [SV(1)], eax
    RING0
    mov eax, [SV(0)]
    and eax, 0x3200
    CHECK "POPF at CPL3: IF/IOPL unchanged", eax, 0
    mov eax, [SV(1)]
    and eax, 0x3200
    CHECK "IRET at CPL3: IF/IOPL unchanged", eax, 0

    ; CPL0 POPF can set IOPL; then CPL3 <= IOPL skips the bitmap.
    pushfd
    or dword [esp], 0x3000
    popfd
    pushfd
    pop eax
    and eax, 0x3000
    CHECK "POPF at CPL0 sets IOPL", eax, 0x3000
    call to_ring3
    TRY .b1
    out 0x80, al
    cli
    sti
    cli
.b1:
    EXPECT_NOFAULT "IOPL3: bitmap and CLI/STI not checked"
    RING0
    pushfd
    and dword [esp], ~0x3000
    popfd

    ; Bitmap entries beyond the TSS limit deny access.  A second descriptor
    ; for the same TSS with limit 0x68 + 0x10 covers ports 0-0x7F only
    ; (plus the byte the CPU reads after the one it needs).
    GDT_DESC S_TSSSMALL, TSS0, 0x68 + 0x10, ACC_TSS386, 0
    mov ax, S_TSSSMALL
    ltr ax
    call to_ring3
    TRY .c1
    in al, 0x40
    RING0                   ; (port 0xE9 is outside this bitmap: report at CPL0)
.c1:
    EXPECT_NOFAULT "port inside the shortened bitmap"
    call to_ring3
    TRY .c2
    mov dx, 0x100
    in al, dx
.c2:
    EXPECT_FAULT "port beyond the TSS limit", 13, 0
    and byte [GDT_BASE + SEL_TSS0 + 5], ~2
    mov ax, SEL_TSS0
    ltr ax

    TEST_END "iopl"
