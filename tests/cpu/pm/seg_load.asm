; tests/cpu/pm/seg_load.asm — segment-register loads and segment limit /
; type checks in protected mode.
; Authority: Intel 386 PRM 6.3 (segment-level protection), the MOV / POP
; segment-register pseudo-code in chapter 17, 486 PRM 6.3 and 26.
; QEMU (7.2, TCG) does not check data-segment limits, types or null
; selectors on memory accesses, only on segment loads: those checks use
; EXPECT_FAULT_QGAP (see pmtest.inc).  The manual is the authority here.
; Error codes: #GP/#NP/#SS(selector) push the selector with the RPL bits
; replaced by EXT/IDT (here 0), i.e. selector & 0xFFFC.
%include "pmtest.inc"

S_XONLY   equ 0x60   ; execute-only code, DPL0
S_RCODE   equ 0x68   ; readable code, DPL0
S_NP      equ 0x70   ; not-present writable data
S_RO      equ 0x78   ; read-only data, DPL0
S_LIM     equ 0x80   ; data base 0x40000 limit 0xFFF (byte granular)
S_GLIM    equ 0x88   ; data base 0x40000 limit 0 G=1 (=> 0xFFF)
S_ED16    equ 0x90   ; expand-down, B=0, limit 0xFFF: 0x1000..0xFFFF
S_ED32    equ 0x98   ; expand-down, B=1, limit 0xFFF: 0x1000..0xFFFFFFFF
S_FRESH   equ 0xA0   ; data, accessed bit clear
S_CONF    equ 0xA8   ; conforming readable code, DPL0
S_SMALLSS equ 0xB0   ; data base 0x50000 limit 0xFFFF
S_XCS     equ 0xB8   ; execute-only 32-bit code for CS-read test
S_LDTD    equ 0xC0   ; LDT descriptor -> LDT_BASE
S_BASE    equ 0xC8   ; data base 0x40000, limit 0xFFFFF G
L_DATA    equ 0x0C   ; LDT index 1, TI=1: data base 0x40000

test_main:
    GDT_DESC S_XONLY, 0, 0xFFFFF, 0x98, FL_G|FL_D
    GDT_DESC S_RCODE, 0, 0xFFFFF, 0x9A, FL_G|FL_D
    GDT_DESC S_NP, 0, 0xFFFFF, 0x12, FL_G|FL_D
    GDT_DESC S_RO, 0, 0xFFFFF, 0x90, FL_G|FL_D
    GDT_DESC S_LIM, 0x40000, 0xFFF, 0x92, 0
    GDT_DESC S_GLIM, 0x40000, 0, 0x92, FL_G
    GDT_DESC S_ED16, 0x40000, 0xFFF, 0x96, 0
    GDT_DESC S_ED32, 0x40000, 0xFFF, 0x96, FL_D
    GDT_DESC S_FRESH, 0, 0xFFFFF, 0x92, FL_G|FL_D
    and byte [GDT_BASE + S_FRESH + 5], 0xFE
    GDT_DESC S_CONF, 0, 0xFFFFF, 0x9E, FL_G|FL_D
    GDT_DESC S_SMALLSS, 0x50000, 0xFFFF, 0x92, FL_D
    GDT_DESC S_XCS, 0, 0xFFFFF, 0x98, FL_G|FL_D
    GDT_DESC S_LDTD, LDT_BASE, 0x0F, ACC_LDT, 0
    GDT_DESC S_BASE, 0x40000, 0xFFFFF, 0x92, FL_G|FL_D
    LDT_DESC L_DATA, 0x40000, 0xFFFF, 0x92, 0

; --- DS/ES/FS/GS loads at CPL0 ---------------------------------------------
    TRY .r1
    xor eax, eax
    mov ds, ax
    mov ax, 3
    mov es, ax
    mov ax, SEL_DATA0
    mov ds, ax
    mov es, ax
.r1:
    EXPECT_NOFAULT "null selector into DS/ES"
    mov ax, SEL_DATA0
    mov ds, ax
    mov es, ax

    TRY .r2
    mov ax, 0x800
    mov fs, ax
.r2:
    EXPECT_FAULT "selector beyond GDT limit", 13, 0x800

    TRY .r3
    mov ax, 0x0F            ; TI=1 with a null LDTR
    mov gs, ax
.r3:
    EXPECT_FAULT "LDT selector with null LDTR", 13, 0x0C

    TRY .r4
    mov ax, S_XONLY
    mov fs, ax
.r4:
    EXPECT_FAULT "execute-only code into FS", 13, S_XONLY

    TRY .r5
    mov ax, S_RCODE
    mov fs, ax
.r5:
    EXPECT_NOFAULT "readable code into FS"

    TRY .r6
    mov ax, SEL_TSS0
    mov es, ax
.r6:
    EXPECT_FAULT "TSS descriptor into ES", 13, SEL_TSS0

    TRY .r7
    mov ax, SEL_DATA0 | 3   ; RPL3 > DPL0
    mov gs, ax
.r7:
    EXPECT_FAULT "RPL above data DPL", 13, SEL_DATA0

    TRY .r8
    mov ax, S_NP
    mov gs, ax
.r8:
    EXPECT_FAULT "not-present data", 11, S_NP

    ; Priority: the privilege check comes before the present check.
    TRY .r8b
    mov ax, S_NP | 3
    mov gs, ax
.r8b:
    EXPECT_FAULT "not-present and RPL > DPL: #GP first", 13, S_NP

    TRY .r9
    mov ax, S_RCODE | 3     ; nonconforming code: RPL checked too
    mov fs, ax
.r9:
    EXPECT_FAULT "RPL above nonconforming code DPL", 13, S_RCODE

    TRY .r10
    mov ax, S_CONF | 3      ; conforming code: no privilege check
    mov fs, ax
.r10:
    EXPECT_NOFAULT "conforming code with RPL3 into FS"

; --- SS loads ------------------------------------------------------------------
    TRY .s1
    xor eax, eax
    mov ss, ax
.s1:
    EXPECT_FAULT "null SS", 13, 0

    TRY .s2
    mov ax, SEL_DATA0 | 1
    mov ss, ax
.s2:
    EXPECT_FAULT "SS RPL != CPL", 13, SEL_DATA0

    TRY .s3
    mov ax, S_RO
    mov ss, ax
.s3:
    EXPECT_FAULT "read-only SS", 13, S_RO

    TRY .s4
    mov ax, S_RCODE
    mov ss, ax
.s4:
    EXPECT_FAULT "code into SS", 13, S_RCODE

    TRY .s5
    mov ax, SEL_DATA3 & 0xFFFC
    mov ss, ax
.s5:
    EXPECT_FAULT "SS DPL != CPL", 13, SEL_DATA3 & 0xFFFC

    TRY .s6
    mov ax, S_NP
    mov ss, ax
.s6:
    EXPECT_FAULT "not-present SS", 12, S_NP

; --- accessed bit -------------------------------------------------------------
    mov ax, S_FRESH
    mov fs, ax
    movzx eax, byte [GDT_BASE + S_FRESH + 5]
    CHECK "load sets accessed bit", eax, 0x93
    mov ax, SEL_DATA0
    mov fs, ax

; --- limits ------------------------------------------------------------------------
    mov ax, S_LIM
    mov fs, ax
    TRY .l1
    mov al, [fs:0xFFF]
    mov ax, [fs:0xFFE]
.l1:
    EXPECT_NOFAULT "access at the limit"
    TRY .l2
    mov eax, [fs:0xFFD]
.l2:
    EXPECT_FAULT_QGAP "dword crossing the limit", 13, 0
    TRY .l3
    mov ax, S_GLIM
    mov fs, ax
    mov al, [fs:0xFFF]
.l3:
    EXPECT_NOFAULT "G=1 limit 0 covers 0xFFF"
    TRY .l4
    mov al, [fs:0x1000]
.l4:
    EXPECT_FAULT_QGAP "G=1 limit 0 excludes 0x1000", 13, 0

    mov ax, S_ED16
    mov fs, ax
    TRY .e1
    mov al, [fs:0xFFF]
.e1:
    EXPECT_FAULT_QGAP "expand-down: offset at limit", 13, 0
    mov ax, S_ED16          ; (the fault handler reloaded FS)
    mov fs, ax
    TRY .e2
    mov byte [fs:0x1000], 0x5A
    mov ax, [fs:0xFFFE]
.e2:
    EXPECT_NOFAULT "expand-down B=0: 0x1000..0xFFFF"
    movzx eax, byte [0x41000]
    CHECK "expand-down base applies", eax, 0x5A
    TRY .e3
    mov eax, [fs:0xFFFE]
.e3:
    EXPECT_FAULT_QGAP "expand-down B=0: dword past 0xFFFF", 13, 0
    mov ax, S_ED32
    mov fs, ax
    TRY .e4
    mov eax, [fs:0x10000]
.e4:
    EXPECT_NOFAULT "expand-down B=1: above 0xFFFF"

    TRY .w1
    mov ax, S_RO
    mov fs, ax
    mov eax, [fs:0x40000]
    mov [fs:0x40000], eax
.w1:
    EXPECT_FAULT_QGAP "write to read-only data", 13, 0

    TRY .w2
    mov [cs:0x40000], eax
.w2:
    EXPECT_FAULT_QGAP "write through CS", 13, 0

    TRY .w3
    xor eax, eax
    mov fs, ax
    mov eax, [fs:0x40000]
.w3:
    EXPECT_FAULT_QGAP "access through null FS", 13, 0

    ; Reading through an execute-only CS.
    TRY .w4
    jmp S_XCS:.xcs
.xcs:
    mov eax, [cs:0x40000]
.w4:
    EXPECT_FAULT_QGAP "read through execute-only CS", 13, 0
    jmp SEL_CODE0:.back
.back:

    ; Stack-segment limit violation -> #SS(0).
    TRY .ss1
    mov ax, S_SMALLSS
    mov ss, ax
    mov esp, 0x8000
    mov eax, [ss:0x20000]
    mov ax, SEL_DATA0
    mov ss, ax
    mov esp, [fault_esp]
.ss1:
    EXPECT_FAULT_QGAP "SS-relative access beyond limit", 12, 0
    TRY .ss2
    mov ax, S_SMALLSS
    mov ss, ax
    mov esp, 0x8000
    mov ebp, 0x1FFFE
    mov eax, [ebp]          ; EBP-based: SS default segment
    mov ax, SEL_DATA0
    mov ss, ax
    mov esp, [fault_esp]
.ss2:
    EXPECT_FAULT_QGAP "EBP-based access beyond SS limit", 12, 0

; --- B bit of SS: a 16-bit stack segment uses SP -------------------------------
    GDT_DESC 0xD0, 0x50000, 0xFFFF, ACC_DATA, 0     ; B=0
    mov ebx, esp
    mov ax, 0xD0
    mov ss, ax
    mov esp, 0x12340100
    push dword 0xA5A5A5A5
    mov ecx, esp
    mov edx, [ss:0xFC]
    mov ax, SEL_DATA0
    mov ss, ax
    mov esp, ebx
    CHECK "B=0 stack: PUSH changes SP only", ecx, 0x123400FC
    CHECK "B=0 stack: pushed at SS:SP", edx, 0xA5A5A5A5

; --- accessed bit of a code segment loaded by a far JMP ------------------------
    GDT_DESC 0xD8, 0, 0xFFFFF, 0x9A, FL_G|FL_D
    and byte [GDT_BASE + 0xD8 + 5], 0xFE
    jmp 0xD8:.acs
.acs:
    jmp SEL_CODE0:.acs2
.acs2:
    movzx eax, byte [GDT_BASE + 0xD8 + 5]
    ; 386 PRM 5.1.1: the A bit is set when the descriptor is loaded into a
    ; segment register (CS included); QEMU 7.2 sets it for data loads only.
    CHECK_QGAP "far JMP sets the code segment's accessed bit", eax, 0x9B

; --- base and LDT --------------------------------------------------------------
    mov dword [0x40010], 0x12345678
    mov ax, S_BASE
    mov fs, ax
    CHECK "segment base added", dword [fs:0x10], 0x12345678
    mov ax, S_LDTD
    lldt ax
    mov ax, L_DATA
    mov gs, ax
    CHECK "LDT data segment", dword [gs:0x10], 0x12345678
    TRY .ld1
    mov ax, 0x14 | 4        ; LDT index 2 > limit 0x0F
    mov gs, ax
.ld1:
    EXPECT_FAULT "selector beyond LDT limit", 13, 0x14 | 4

; --- CPL3 loads ------------------------------------------------------------------
    call to_ring3
    TRY .u1
    mov ax, SEL_DATA0 | 3
    mov fs, ax
.u1:
    EXPECT_FAULT "ring3: DPL0 data into FS", 13, SEL_DATA0
    call to_ring3
    TRY .u2
    mov ax, S_CONF | 3
    mov fs, ax
    mov eax, [fs:0x40000]
.u2:
    EXPECT_NOFAULT "ring3: conforming DPL0 code into FS"
    RING0
    call to_ring3
    TRY .u3
    mov ax, SEL_DATA0 | 3
    mov ss, ax
.u3:
    EXPECT_FAULT "ring3: DPL0 data into SS", 13, SEL_DATA0

    TEST_END "seg_load"
