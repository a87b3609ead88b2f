; tests/cpu/pm/paging.asm — two-level paging: not-present and protection
; page faults with CR2 and error code, U/S and R/W in PDE and PTE, CR0.WP
; (486), accessed/dirty bits, INVLPG and CR3 reload, page-crossing data
; accesses and instruction fetches, restartable faults and a REP MOVSB
; interrupted by a page fault and resumed.
; Authority: Intel 386 PRM 5.2 (page translation), 6.4 (page-level
; protection, combining PDE and PTE), 9.8.14 (#PF, CR2, error code);
; 486 PRM 4.x / 5.2 and 6.4.1.3 (WP), 10.x (INVLPG).
%include "pmtest.inc"

PT1      equ 0x32000        ; linear 0x400000-0x7FFFFF
PT2      equ 0x33000        ; linear 0x800000 (PDE is supervisor)
PG_P     equ 1
PG_RW    equ 2
PG_US    equ 4
PG_A     equ 0x20
PG_D     equ 0x40
%define SV(n) (scratch_vars + 4*(n))
%define PTE(lin) (PT1 + (((lin) >> 12) & 0x3FF) * 4)

test_main:
    ; Identity map 0-4 MiB, user + writable.
    xor ecx, ecx
.id:
    mov eax, ecx
    shl eax, 12
    or eax, PG_P|PG_RW|PG_US
    mov [PAGE_TAB0 + ecx*4], eax
    inc ecx
    cmp ecx, 1024
    jb .id
    mov edi, PT1
    mov ecx, 2048
    xor eax, eax
    rep stosd               ; PT1 and PT2 empty
    mov edi, PAGE_DIR
    mov ecx, 1024
    rep stosd
    mov dword [PAGE_DIR + 0], PAGE_TAB0 | PG_P|PG_RW|PG_US
    mov dword [PAGE_DIR + 4], PT1 | PG_P|PG_RW|PG_US
    mov dword [PAGE_DIR + 8], PT2 | PG_P|PG_RW          ; supervisor PDE
    mov dword [PT2], 0x57000 | PG_P|PG_RW|PG_US
    ; 0x400000 not present; 0x401000 supervisor RW -> 0x50000;
    ; 0x402000 user RO -> 0x51000; 0x403000 user RW -> 0x52000 (A=D=0);
    ; 0x404000 user RW -> 0x58000, 0x405000 not present;
    ; 0x406000 user RW -> 0x55000, 0x407000 not present.
    mov dword [PTE(0x401000)], 0x50000 | PG_P|PG_RW
    mov dword [PTE(0x402000)], 0x51000 | PG_P|PG_US
    mov dword [PTE(0x403000)], 0x52000 | PG_P|PG_RW|PG_US
    mov dword [PTE(0x404000)], 0x58000 | PG_P|PG_RW|PG_US
    mov dword [PTE(0x406000)], 0x55000 | PG_P|PG_RW|PG_US
    mov eax, PAGE_DIR
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    jmp .flush
.flush:
    CHECK "identity-mapped code keeps running", 1, 1

; --- not present ---------------------------------------------------------------------
    TRY .n1
    mov eax, [0x400000]
.n1:
    EXPECT_FAULT "read not-present page", 14, 0
    CHECK "CR2 = faulting address (read)", [last_cr2], 0x400000
    TRY .n2
    mov byte [0x400123], 1
.n2:
    EXPECT_FAULT "write not-present page", 14, 2
    CHECK "CR2 = faulting address (write)", [last_cr2], 0x400123
    TRY .n3
    mov eax, [0xC00000]
.n3:
    EXPECT_FAULT "not-present PDE", 14, 0

; --- priority: segment checks come before paging (386 PRM 9.9) ------------
    GDT_DESC 0x60, 0x3FF000, 0xFFF, ACC_DATA, 0
    mov ax, 0x60
    mov fs, ax
    TRY .n4
    mov eax, [fs:0x1000]    ; beyond the limit AND on a not-present page
.n4:
    EXPECT_FAULT_QGAP "limit violation on a not-present page: #GP first", 13, 0
    mov ax, SEL_DATA0
    mov fs, ax

; --- supervisor access: ring 0 may read/write everything (WP=0) ----------------
    TRY .s1
    mov dword [0x401000], 0x11111111
    mov dword [0x402000], 0x22222222
.s1:
    EXPECT_NOFAULT "ring 0 writes supervisor and read-only pages (WP=0)"
    CHECK "supervisor page maps to 0x50000", [0x50000], 0x11111111
    mov eax, cr0
    or eax, 1 << 16         ; WP (486)
    mov cr0, eax
    TRY .s2
    mov dword [0x402004], 0x33333333
.s2:
    EXPECT_FAULT "ring 0 write to read-only page with WP=1", 14, 3
    mov eax, cr0
    and eax, ~(1 << 16)
    mov cr0, eax

; --- user access -----------------------------------------------------------------------
    call to_ring3
    TRY .u1
    mov eax, [0x401000]
.u1:
    EXPECT_FAULT "ring 3 read of supervisor page", 14, 5
    call to_ring3
    TRY .u2
    mov dword [0x401000], 0
.u2:
    EXPECT_FAULT "ring 3 write to supervisor page", 14, 7
    call to_ring3
    TRY .u3
    mov eax, [0x402000]
.u3:
    EXPECT_NOFAULT "ring 3 read of user read-only page"
    RING0
    call to_ring3
    TRY .u4
    mov dword [0x402000], 0
.u4:
    EXPECT_FAULT "ring 3 write to user read-only page", 14, 7
    call to_ring3
    TRY .u5
    mov eax, [0x400000]
.u5:
    EXPECT_FAULT "ring 3 read of not-present page", 14, 4
    call to_ring3
    TRY .u6
    mov dword [0x400000], 0
.u6:
    EXPECT_FAULT "ring 3 write to not-present page", 14, 6
    call to_ring3
    TRY .u7
    mov eax, [0x800000]
.u7:
    EXPECT_FAULT "user PTE under supervisor PDE", 14, 5
    TRY .u8
    mov eax, [0x800000]
.u8:
    EXPECT_NOFAULT "same page from ring 0"
    call to_ring3
    TRY .u9
    jmp 0x401000            ; fetch from a supervisor page
.u9:
    EXPECT_FAULT "ring 3 fetch from supervisor page", 14, 5
    CHECK "fetch fault CR2", [last_cr2], 0x401000

; --- accessed and dirty bits ----------------------------------------------------------
    and dword [PAGE_DIR + 4], ~PG_A
    mov eax, cr3
    mov cr3, eax
    mov eax, [0x403000]
    mov eax, [PTE(0x403000)]
    and eax, PG_A|PG_D
    CHECK "read sets A, not D", eax, PG_A
    mov eax, [PAGE_DIR + 4]
    and eax, PG_A
    CHECK "walk sets PDE.A", eax, PG_A
    mov dword [0x403010], 0xABCD1234
    mov eax, [PTE(0x403000)]
    and eax, PG_A|PG_D
    CHECK "write sets D", eax, PG_A|PG_D
    CHECK "write lands in the mapped frame", [0x52010], 0xABCD1234

; --- TLB maintenance -------------------------------------------------------------
    mov dword [0x53010], 0x5353
    mov dword [PTE(0x403000)], 0x53000 | PG_P|PG_RW|PG_US
    invlpg [0x403000]
    CHECK "INVLPG drops the old translation", [0x403010], 0x5353
    mov dword [PTE(0x403000)], 0x52000 | PG_P|PG_RW|PG_US
    mov eax, cr3
    mov cr3, eax
    CHECK "CR3 reload drops the old translation", [0x403010], 0xABCD1234

; --- page-crossing accesses ------------------------------------------------------------
    mov dword [0x58FFC], 0xA5A5A5A5
    TRY .x1
    mov dword [0x404FFE], 0x11223344
.x1:
    EXPECT_FAULT "dword write crossing into not-present page", 14, 2
    CHECK "crossing write: CR2 in the second page", [last_cr2], 0x405000
    CHECK "crossing write: first page untouched", [0x58FFC], 0xA5A5A5A5
    ; An instruction whose last bytes are on a not-present page.
    mov byte [0x58FFD], 0xB8        ; mov eax, imm32 (5 bytes, 2 on this page)
    mov word [0x58FFE], 0x9090
    TRY .x2
    jmp 0x404FFD
.x2:
    EXPECT_FAULT "fetch crossing into not-present page", 14, 0
    CHECK "crossing fetch: CR2", [last_cr2], 0x405000
    CHECK "crossing fetch: EIP of the instruction", [last_eip], 0x404FFD

; --- restartable fault: the handler maps the page and retries ------------------------
    IDT_GATE 14, SEL_CODE0, pf_fixup, ACC_INT386
    mov dword [0x54000], 0xCAFE
    mov dword [SV(0)], 0
    mov eax, [0x400000]
    CHECK "faulting read restarted after mapping", eax, 0xCAFE
    CHECK "page fault handler ran once", [SV(0)], 1

    ; REP MOVSB: 32 bytes to 0x406FF0, the second half on a missing page.
    mov edi, 0x60000
    mov ecx, 32
.fill:
    mov [edi], cl
    inc edi
    loop .fill
    mov dword [SV(0)], 0
    mov esi, 0x60000
    mov edi, 0x406FF0
    mov ecx, 32
    cld
    rep movsb
    CHECK "rep movsb: one page fault", [SV(0)], 1
    CHECK "rep movsb: ECX at the fault", [SV(1)], 16
    CHECK "rep movsb: EDI at the fault", [SV(2)], 0x407000
    CHECK "rep movsb: completed ECX", ecx, 0
    CHECK "rep movsb: completed EDI", edi, 0x407010
    CHECK "rep movsb: first half", [0x55FF0], 0x1D1E1F20
    CHECK "rep movsb: second half", [0x56000], 0x0D0E0F10
    CHECK "rep movsb: last bytes", [0x5600C], 0x01020304
    IDT_DEFAULT 14

    mov eax, cr0
    and eax, 0x7FFFFFFF
    mov cr0, eax
    TEST_END "paging"

; #PF handler: maps 0x400000 -> 0x54000 or 0x407000 -> 0x56000 and retries.
pf_fixup:
    push eax
    inc dword [SV(0)]
    mov [SV(1)], ecx
    mov [SV(2)], edi
    mov eax, cr2
    cmp eax, 0x407000
    je .m2
    mov dword [PTE(0x400000)], 0x54000 | PG_P|PG_RW|PG_US
    invlpg [0x400000]
    jmp .out
.m2:
    mov dword [PTE(0x407000)], 0x56000 | PG_P|PG_RW|PG_US
    invlpg [0x407000]
.out:
    pop eax
    add esp, 4              ; error code
    iretd
