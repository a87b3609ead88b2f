; tests/debug/gdbguest.asm — the guest the debugger tests drive.
;
; A 64 KiB system-ROM image (px86 -bios): it copies a "boot sector" to
; 0000:7C00 and jumps there, like a BIOS would, so the test can break at
; 0x7C00 without depending on the BIOS or a disk.  The boot code computes a
; little in real mode, switches to 32-bit protected mode with a flat GDT,
; turns paging on, counts COUNTER up to 5 (a watchpoint target), and exits through
; isa-debug-exit with value 0x10 (px86 exit status 33).
;
; Fixed addresses the tests use:
;   0x7C00  boot entry (real mode)        0x7C80  pm_entry (32-bit code)
;   0x7E00  COUNTER (dword)               0x7E10  GDT
;   0x20000 page directory, 0x21000 page table: linear 0-4 MiB and
;           0xC0000000-0xC03FFFFF both map physical 0-4 MiB
        bits 16
        org 0

PAYLOAD_LINEAR equ 0x7C00
PM_ENTRY  equ 0x7C80
COUNTER   equ 0x7E00
GDT_ADDR  equ 0x7E10
PAGE_DIR  equ 0x20000
PAGE_TAB  equ 0x21000

rom_start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7000
        ; copy the payload from F000:payload to 0000:7C00
        push cs
        pop ds
        mov si, payload
        mov di, PAYLOAD_LINEAR
        mov cx, payload_end - payload
        cld
        rep movsb
        jmp 0x0000:PAYLOAD_LINEAR

        align 16
payload:
; ---- boot code, runs at 0x7C00 ---------------------------------------------
boot:                                   ; 0x7C00
        mov ax, 0x1234                  ; 7C00: b8 34 12
        mov bx, 0x5678                  ; 7C03: bb 78 56
        add ax, bx                      ; 7C06: 01 d8  -> ax = 0x68ac
        xor cx, cx                      ; 7C08
        mov ds, cx
        mov dword [COUNTER], 0
        ; build the GDT at GDT_ADDR: null, flat code, flat data
        mov di, GDT_ADDR
        mov es, cx
        xor eax, eax
        stosd
        stosd
        mov dword [GDT_ADDR + 8], 0x0000FFFF
        mov dword [GDT_ADDR + 12], 0x00CF9A00
        mov dword [GDT_ADDR + 16], 0x0000FFFF
        mov dword [GDT_ADDR + 20], 0x00CF9200
        jmp short boot_pm
        times (PM_ENTRY - 0x7C00 - 0x20) - ($ - boot) nop
boot_pm:                                ; 0x7C60
        lgdt [gdtr - boot + 0x7C00]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp dword 0x08:PM_ENTRY
        times (PM_ENTRY - 0x7C00) - ($ - boot) nop
        bits 32
pm_entry:                               ; 0x7C80
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, 0x90000
        ; Paging: identity-map the first 4 MiB and map it again at
        ; 0xC0000000 (directory entry 0x300), then turn CR0.PG on.
        mov edi, PAGE_DIR
        xor eax, eax
        mov ecx, 1024 * 2
        rep stosd                       ; clear directory and table
        mov dword [PAGE_DIR], PAGE_TAB + 7          ; present, writable, user
        mov dword [PAGE_DIR + 0x300 * 4], PAGE_TAB + 3 ; supervisor only
        mov edi, PAGE_TAB
        mov eax, 3                      ; frame 0, present, writable
.fill:  stosd
        add eax, 0x1000
        cmp edi, PAGE_TAB + 4096
        jb .fill
        mov eax, PAGE_DIR
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        mov ecx, 5
.count:
        inc dword [COUNTER]
        loop .count
        mov al, 0x10
        out 0xF4, al                    ; isa-debug-exit: status 33
        cli
.halt:  hlt
        jmp .halt
        bits 16
gdtr:
        dw 23
        dd GDT_ADDR
payload_end:

        times 0xFFF0 - ($ - $$) db 0xFF
reset:  jmp 0xF000:rom_start            ; reset vector at F000:FFF0
        times 0x10000 - ($ - $$) db 0xFF
