; tests/cpu/pm/smc.asm — self-modifying code against the decoded-instruction
; cache (cpu/decode.c).  The cache keeps decoded instructions per physical
; address and drops a page's entries when the page is written; these checks
; fail if a stale decode is ever executed.  Code runs from RAM (the test
; ROM itself is read-only), copied there from templates with REP MOVSB.
;
; 1. An immediate patched between calls of a routine (a loop).
; 2. The instruction right after the store that patches it (same page).
;    (The 486 only guarantees this after a jump; later CPUs always do.
;    px86 always sees the new bytes.)
; 3. A routine overwritten as a whole by REP MOVSB, then run again.
; 4. A write through a second linear alias (paging) of the code's page.
; 5. The same bytes run as 32-bit and as 16-bit code: the decode depends
;    on the default operand size, not only on the address.
%include "pmtest.inc"

%define SV(n) (scratch_vars + 4*(n))

CODE_RAM  equ 0x50000        ; routines of checks 1-3
CODE_RAM2 equ 0x51000        ; check 4 (aliased at linear 0x400000)
CODE_RAM3 equ 0x52000        ; check 5
PT1       equ 0x32000
SEL_RAM16 equ SEL_FREE       ; 16-bit code, base CODE_RAM3

; copy ECX bytes from ESI to EDI
%macro COPY 3
    mov esi, %1
    mov edi, %2
    mov ecx, %3
    cld
    rep movsb
%endmacro

test_main:
    ; --- 1. patch an immediate between calls -------------------------------
    COPY tmpl_movret, CODE_RAM, tmpl_movret_end - tmpl_movret
    xor ebx, ebx                ; iteration
    xor edx, edx                ; failures
.loop1:
    mov eax, ebx
    imul eax, eax, 0x01010101
    mov [CODE_RAM + 3], eax     ; mov eax, imm32 <- new immediate
    push eax
    call CODE_RAM
    pop ecx
    cmp eax, ecx
    je .ok1
    inc edx
.ok1:
    inc ebx
    cmp ebx, 200
    jb .loop1
    mov [SV(0)], edx
    CHECK "patched immediate seen on every call", [SV(0)], 0

    ; --- 2. patch the next instruction ----------------------------------
    COPY tmpl_next, CODE_RAM + 0x100, tmpl_next_end - tmpl_next
    mov eax, 0
    call CODE_RAM + 0x100       ; writes 0x42 into its own next mov
    mov [SV(1)], eax
    CHECK "store patches the instruction that follows it", [SV(1)], 0x42
    mov eax, 0
    call CODE_RAM + 0x100       ; second run: already patched bytes
    mov [SV(1)], eax
    CHECK "second run of the patched routine", [SV(1)], 0x42

    ; --- 3. overwrite a whole routine with REP MOVSB ------------------------
    COPY tmpl_a, CODE_RAM + 0x200, tmpl_a_end - tmpl_a
    call CODE_RAM + 0x200
    mov [SV(2)], eax
    CHECK "routine A", [SV(2)], 0xAAAA0001
    COPY tmpl_b, CODE_RAM + 0x200, tmpl_b_end - tmpl_b
    call CODE_RAM + 0x200
    mov [SV(2)], eax
    CHECK "routine B copied over A by REP MOVSB", [SV(2)], 0xBBBB0002

    ; --- 4. write through a second linear alias ---------------------------
    xor ecx, ecx
.id:
    mov eax, ecx
    shl eax, 12
    or eax, 3                   ; present, writable
    mov [PAGE_TAB0 + ecx*4], eax
    inc ecx
    cmp ecx, 1024
    jb .id
    mov edi, PT1
    mov ecx, 1024
    xor eax, eax
    rep stosd
    mov edi, PAGE_DIR
    mov ecx, 1024
    rep stosd
    mov dword [PAGE_DIR + 0], PAGE_TAB0 | 3
    mov dword [PAGE_DIR + 4], PT1 | 3
    mov dword [PT1], CODE_RAM2 | 3      ; linear 0x400000 -> CODE_RAM2
    mov eax, PAGE_DIR
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    jmp .paged
.paged:
    COPY tmpl_movret, CODE_RAM2, tmpl_movret_end - tmpl_movret
    mov dword [CODE_RAM2 + 3], 0x11111111
    call CODE_RAM2
    mov [SV(3)], eax
    CHECK "alias: before", [SV(3)], 0x11111111
    mov dword [0x400000 + 3], 0x22222222 ; same physical bytes, other linear page
    call CODE_RAM2
    mov [SV(3)], eax
    CHECK "alias: write through the other linear page seen", [SV(3)], 0x22222222
    call 0x400000               ; and run it through the alias too
    mov [SV(3)], eax
    CHECK "alias: run through the other linear page", [SV(3)], 0x22222222
    mov dword [CODE_RAM2 + 3], 0x33333333
    call 0x400000
    mov [SV(3)], eax
    CHECK "alias: write through the first page, run through the alias", [SV(3)], 0x33333333
    mov eax, cr0
    and eax, 0x7FFFFFFF
    mov cr0, eax
    jmp .unpaged
.unpaged:

    ; --- 5. the same bytes as 32-bit and as 16-bit code -------------------
    COPY tmpl_mode, CODE_RAM3, tmpl_mode_end - tmpl_mode
    COPY tmpl_call16, CODE_RAM3 + 0x100, tmpl_call16_end - tmpl_call16
    GDT_DESC SEL_RAM16, CODE_RAM3, 0xFFFF, ACC_CODE, 0
    mov eax, 0xFFFFFFFF
    call CODE_RAM3              ; 32-bit: mov eax, 0x12345678 / ret
    mov [SV(4)], eax
    CHECK "32-bit decode", [SV(4)], 0x12345678
    mov eax, 0xFFFFFFFF
    jmp SEL_RAM16:0x100         ; 16-bit: call 0 / jmp far back
back16:
    mov [SV(4)], eax
    ; 16-bit: mov ax, 0x5678 / xor al, 0x12 / ret  -> AX = 566A
    CHECK "16-bit decode of the same bytes", [SV(4)], 0xFFFF566A
    mov eax, 0xFFFFFFFF
    call CODE_RAM3
    mov [SV(4)], eax
    CHECK "32-bit decode again", [SV(4)], 0x12345678

    TEST_END "smc"

; ---- code templates (copied to RAM) ------------------------------------------
; A write to a code page also drops the CPU's fetch window, so the first
; instruction run after it is always decoded afresh; the routines start
; with NOPs so that the patched instruction is reached through the cache.
tmpl_movret:
    nop
    nop
    mov eax, 0                  ; B8 imm32 at +2: the immediate is patched
    ret
tmpl_movret_end:

tmpl_next:
    mov byte [CODE_RAM + 0x100 + (.target - tmpl_next) + 1], 0x42
.target:
    mov al, 0                   ; B0 ib: patched to 0x42 by the store above
    ret
tmpl_next_end:

tmpl_a:
    nop
    mov eax, 0xAAAA0001
    ret
tmpl_a_end:
tmpl_b:
    nop
    mov eax, 0xBBBB0002         ; same boundaries as A, other immediate
    ret
    nop
    mov eax, 0xCCCC0003         ; (not reached)
tmpl_b_end:

tmpl_mode:
    db 0xB8, 0x78, 0x56, 0x34, 0x12 ; 32: mov eax, 12345678h  16: mov ax, 5678h / xor al, 12h
    db 0xC3                         ; ret
tmpl_mode_end:

tmpl_call16:                    ; at CODE_RAM3 + 0x100, run as 16-bit code
    db 0xE8                     ; call rel16 -> offset 0
    dw 0x10000 - 0x103
    db 0x66, 0xEA               ; jmp far ptr16:32
    dd back16
    dw SEL_CODE0
tmpl_call16_end:
