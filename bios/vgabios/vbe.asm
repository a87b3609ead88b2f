; bios/vgabios/vbe.asm — VESA BIOS Extensions 2.0 (INT 10h AX=4F00h-4F0Ah)
; on top of the Bochs DISPI interface (ports 1CEh/1CFh) with the linear
; framebuffer at E0000000h.

VBE_LFB_HI      equ 0xE000          ; high word of the framebuffer address
VBE_MEM_64K     equ 256             ; 16 MiB

; DISPI index AX, value BX
dispi_out:
        push dx
        mov dx, 0x1CE
        out dx, ax
        inc dx
        xchg ax, bx
        out dx, ax
        xchg ax, bx
        pop dx
        ret

; DISPI index AX -> AX
dispi_in:
        push dx
        mov dx, 0x1CE
        out dx, ax
        inc dx
        in ax, dx
        pop dx
        ret

vbe_dispatch:
        cmp al, 0x0A
        ja .bad
        mov si, ax
        and si, 0xFF
        shl si, 1
        mov word [bp+F_AX], 0x004F      ; success unless a function says not
        call [cs:vbe_table+si]
        ret
.bad:   mov word [bp+F_AX], 0x014F
        ret

vbe_table:
        dw vbe_info, vbe_mode_info, vbe_set_mode, vbe_get_mode
        dw vbe_state, vbe_window, vbe_scanline, vbe_display_start
        dw vbe_dac_format, vbe_palette, vbe_pmode

vbe_fail:
        mov word [bp+F_AX], 0x014F
        ret

; Look up VBE mode CX (bits 0-8) -> CS:SI entry, CF if unknown
vbe_find:
        push cx
        and cx, 0x1FF
        mov si, vbe_modes
.l:     cmp word [cs:si], 0xFFFF
        je .no
        cmp [cs:si], cx
        je .yes
        add si, 8
        jmp .l
.no:    pop cx
        stc
        ret
.yes:   pop cx
        clc
        ret

; 4F00h: controller information -> ES:DI
vbe_info:
        ; a 'VBE2' signature asks for the 512-byte block
        mov cx, 256
        cmp word [es:di], 'VB'
        jne .n2
        cmp word [es:di+2], 'E2'
        jne .n2
        mov cx, 512
.n2:    push di
        xor al, al
        rep stosb
        pop di
        mov word [es:di], 'VE'
        mov word [es:di+2], 'SA'
        mov word [es:di+4], 0x0200
        mov word [es:di+6], vbe_oem
        mov [es:di+8], cs
        mov word [es:di+10], 1          ; DAC switchable to 8 bits
        mov word [es:di+14], vbe_mode_list
        mov [es:di+16], cs
        mov word [es:di+18], VBE_MEM_64K
        mov word [es:di+20], 0x0100
        mov word [es:di+22], vbe_oem
        mov [es:di+24], cs
        mov word [es:di+26], vbe_product
        mov [es:di+28], cs
        mov word [es:di+30], vbe_rev
        mov [es:di+32], cs
        ret

; 4F01h: mode CX information -> ES:DI
vbe_mode_info:
        call vbe_find
        jnc .ok
        jmp vbe_fail
.ok:    push di
        mov cx, 128
        xor ax, ax
        rep stosw
        pop di
        mov word [es:di], 0x009B        ; supported, colour, graphics, LFB
        mov byte [es:di+2], 7           ; window A: exists, readable, writable
        mov word [es:di+4], 64
        mov word [es:di+6], 64
        mov word [es:di+8], 0xA000
        mov word [es:di+12], vbe_window_far
        mov [es:di+14], cs
        ; bytes per line = xres * bytes per pixel
        mov al, [cs:si+6]
        add al, 7
        mov cl, 3
        shr al, cl
        xor ah, ah
        mov bx, ax                      ; BX = bytes per pixel
        mul word [cs:si+2]
        mov [es:di+16], ax
        mov cx, ax
        mov ax, [cs:si+2]
        mov [es:di+18], ax
        mov ax, [cs:si+4]
        mov [es:di+20], ax
        mov word [es:di+22], 0x1008     ; 8x16 characters
        mov byte [es:di+24], 1
        mov al, [cs:si+6]
        mov [es:di+25], al
        mov byte [es:di+26], 1
        mov byte [es:di+27], 4          ; packed pixel
        ; image pages = 16 MiB / (pitch * yres) - 1 (capped at 255)
        mov ax, cx
        mul word [cs:si+4]              ; DX:AX = bytes per screen
        mov cx, ax
        mov bx, dx
        xor ax, ax                      ; count screens in 16 MiB (DX:AX)
        push di
        xor di, di
        mov dx, 0x0100                  ; 0100:0000 = 16 MiB
.pg:    sub ax, cx
        sbb dx, bx
        jb .pgd
        inc di
        cmp di, 256
        jb .pg
.pgd:   mov ax, di
        pop di
        dec ax
        mov [es:di+29], al
        mov byte [es:di+30], 1
        ; direct colour masks
        cmp byte [cs:si+6], 8
        je .lfb
        mov byte [es:di+27], 6          ; direct colour
        push si
        mov al, [cs:si+6]
        mov si, vbe_masks15
        cmp al, 15
        je .m
        mov si, vbe_masks16
        cmp al, 16
        je .m
        mov si, vbe_masks24
        cmp al, 24
        je .m
        mov si, vbe_masks32
.m:     mov cx, 8
        push di
        add di, 31
.mc:    mov al, [cs:si]
        stosb
        inc si
        loop .mc
        pop di
        pop si
.lfb:   mov word [es:di+40], 0
        mov word [es:di+42], VBE_LFB_HI
        ret

;                 R size,pos  G size,pos  B size,pos  rsvd size,pos
vbe_masks15:    db 5, 10,     5, 5,       5, 0,       1, 15
vbe_masks16:    db 5, 11,     6, 5,       5, 0,       0, 0
vbe_masks24:    db 8, 16,     8, 8,       8, 0,       0, 0
vbe_masks32:    db 8, 16,     8, 8,       8, 0,       8, 24

; 4F02h: set mode BX (bit 14: LFB, bit 15: don't clear)
vbe_set_mode:
        mov cx, bx
        and cx, 0x1FF
        cmp cx, 0x100
        jae .vbe
        ; a standard VGA mode
        mov al, bl
        and al, 0x7F
        test bh, 0x80
        jz .sm
        or al, 0x80
.sm:    call set_mode
        mov word [bp+F_AX], 0x004F
        ret
.vbe:   call vbe_find
        jnc .ok
        jmp vbe_fail
.ok:    push bx
        ; put the VGA into a sane graphics state (mode 13h registers,
        ; 256-colour palette) underneath, then switch DISPI on
        push si
        mov al, 0x93
        call set_mode
        pop si
        pop bx
        push bx
        mov ax, 4
        xor bx, bx
        call dispi_out
        mov ax, 1
        mov bx, [cs:si+2]
        call dispi_out
        mov ax, 2
        mov bx, [cs:si+4]
        call dispi_out
        mov ax, 3
        mov bl, [cs:si+6]
        xor bh, bh
        call dispi_out
        pop cx
        mov bx, 0x01                    ; enabled
        test ch, 0x40
        jz .nl
        or bl, 0x40
.nl:    test ch, 0x80
        jz .nc
        or bl, 0x80
.nc:    mov ax, 4
        call dispi_out
        ; verify it took
        mov ax, 4
        call dispi_in
        test al, 1
        jnz .done
        jmp vbe_fail
.done:  ret

; 4F03h: current mode -> BX
vbe_get_mode:
        mov ax, 4
        call dispi_in
        test al, 1
        jnz .vbe
        call set_ds_bda
        mov bl, [BDA_MODE]
        xor bh, bh
        mov [bp+F_BX], bx
        ret
.vbe:   mov cl, al
        mov ax, 1
        call dispi_in
        mov bx, ax
        mov ax, 2
        call dispi_in
        mov dx, ax
        mov ax, 3
        call dispi_in
        mov si, vbe_modes
.l:     cmp word [cs:si], 0xFFFF
        je .nf
        cmp [cs:si+2], bx
        jne .nx
        cmp [cs:si+4], dx
        jne .nx
        cmp [cs:si+6], al
        jne .nx
        mov bx, [cs:si]
        test cl, 0x40
        jz .nl
        or bh, 0x40
.nl:    mov [bp+F_BX], bx
        ret
.nx:    add si, 8
        jmp .l
.nf:    jmp vbe_fail

; 4F04h: save/restore state: maps onto AH=1Ch (DL=0 size, 1 save, 2 restore)
vbe_state:
        mov al, dl
        cmp al, 2
        ja .bad
        mov ah, 0x1C
        mov cx, [bp+F_CX]
        push word [bp+F_AX]
        call save_restore_state
        pop word [bp+F_AX]
        ret
.bad:   jmp vbe_fail

; 4F05h: BH = 0: set window BL to bank DX; BH = 1: get -> DX
vbe_window:
        cmp bl, 0
        jne .bad
        cmp bh, 1
        je .get
        cmp bh, 0
        jne .bad
        mov ax, 5
        mov bx, dx
        call dispi_out
        ret
.get:   mov ax, 5
        call dispi_in
        mov [bp+F_DX], ax
        ret
.bad:   jmp vbe_fail

; Far window function (mode info WinFuncPtr): BH/BL/DX as 4F05h.
vbe_window_far:
        push ax
        push bx
        cmp bh, 0
        jne .r
        mov ax, 5
        mov bx, dx
        call dispi_out
.r:     pop bx
        pop ax
        retf

; Bytes per pixel of the current DISPI mode -> AX
dispi_bypp:
        mov ax, 3
        call dispi_in
        add ax, 7
        shr ax, 1
        shr ax, 1
        shr ax, 1
        ret

; 4F06h: logical scan line length
vbe_scanline:
        cmp bl, 3
        ja .bad
        cmp bl, 0
        je .setpx
        cmp bl, 2
        jne .get
        ; set in bytes: convert to pixels
        call dispi_bypp
        xchg ax, cx
        xor dx, dx
        div cx
        mov cx, ax
.setpx: mov ax, 6
        mov bx, cx
        call dispi_out
        jmp .get
.get:   cmp bl, 3
        jne .cur
        ; maximum: 16 MiB / yres... report the full width limit
        mov word [bp+F_BX], 8192
        mov word [bp+F_CX], 2048
        mov word [bp+F_DX], 2048
        ret
.cur:   mov ax, 6
        call dispi_in
        mov [bp+F_CX], ax
        push ax
        call dispi_bypp
        pop cx
        mul cx
        mov [bp+F_BX], ax
        mov ax, 7
        call dispi_in
        mov [bp+F_DX], ax
        ret
.bad:   jmp vbe_fail

; 4F07h: display start
vbe_display_start:
        cmp bl, 1
        je .get
        test bl, 0x7F
        jnz .bad
        mov ax, 8
        mov bx, cx
        call dispi_out
        mov ax, 9
        mov bx, dx
        call dispi_out
        ret
.get:   mov byte [bp+F_BH], 0
        mov ax, 8
        call dispi_in
        mov [bp+F_CX], ax
        mov ax, 9
        call dispi_in
        mov [bp+F_DX], ax
        ret
.bad:   jmp vbe_fail

; 4F08h: DAC palette width
vbe_dac_format:
        cmp bl, 1
        je .get
        cmp bl, 0
        jne .bad
        mov ax, 4
        call dispi_in
        and al, 0xDF
        cmp bh, 8
        jb .six
        or al, 0x20
.six:   mov bx, ax
        mov ax, 4
        call dispi_out
.get:   mov ax, 4
        call dispi_in
        mov byte [bp+F_BH], 6
        test al, 0x20
        jz .r
        mov byte [bp+F_BH], 8
.r:     ret
.bad:   jmp vbe_fail

; 4F09h: palette data (entries B, G, R, pad) at ES:DI, CX entries from DX
vbe_palette:
        cmp bl, 1
        je .get
        test bl, 0x7F
        jnz .bad
        mov al, dl
        mov dx, 0x3C8
        out dx, al
        inc dx
        jcxz .r
.sl:    mov al, [es:di+2]
        out dx, al
        mov al, [es:di+1]
        out dx, al
        mov al, [es:di]
        out dx, al
        add di, 4
        loop .sl
.r:     ret
.get:   mov al, dl
        mov dx, 0x3C7
        out dx, al
        add dx, 2
        jcxz .r
.gl:    in al, dx
        mov [es:di+2], al
        in al, dx
        mov [es:di+1], al
        in al, dx
        mov [es:di], al
        mov byte [es:di+3], 0
        add di, 4
        loop .gl
        ret
.bad:   jmp vbe_fail

; 4F0Ah: protected-mode interface: ES:DI = table, CX = length
vbe_pmode:
        cmp bl, 0
        jne .bad
        mov word [bp+F_ES], cs
        mov word [bp+F_DI], vbe_pm_table
        mov word [bp+F_CX], vbe_pm_end - vbe_pm_table
        ret
.bad:   jmp vbe_fail

; Protected-mode table: offsets of set window, set display start, set
; palette, port/memory list.  The entry points are 16-bit code usable from
; a 16-bit protected-mode segment (they only touch I/O ports).
vbe_pm_table:
        dw vbe_pm_window - vbe_pm_table
        dw vbe_pm_start - vbe_pm_table
        dw vbe_pm_palette - vbe_pm_table
        dw vbe_pm_ports - vbe_pm_table
vbe_pm_window:                          ; DX = bank
        push ax
        push dx
        mov ax, 5
        push dx
        mov dx, 0x1CE
        out dx, ax
        pop ax
        inc dx
        out dx, ax
        pop dx
        pop ax
        ret
vbe_pm_start:                           ; CX = x, DX = y (pixels)
        push ax
        push dx
        push dx
        mov dx, 0x1CE
        mov ax, 8
        out dx, ax
        inc dx
        mov ax, cx
        out dx, ax
        dec dx
        mov ax, 9
        out dx, ax
        inc dx
        pop ax
        out dx, ax
        pop dx
        pop ax
        ret
vbe_pm_palette:
        ret
vbe_pm_ports:
        dw 0x1CE, 0x1CF, 0x3C8, 0x3C9, 0xFFFF
        dw 0xFFFF
vbe_pm_end:

vbe_oem:     db 'px86 VGA/VBE', 0
vbe_product: db 'px86 DISPI adapter', 0
vbe_rev:     db '1.0', 0

; mode number, xres, yres, bpp
vbe_modes:
        dw 0x100, 640, 400, 8
        dw 0x101, 640, 480, 8
        dw 0x103, 800, 600, 8
        dw 0x105, 1024, 768, 8
        dw 0x107, 1280, 1024, 8
        dw 0x110, 640, 480, 15
        dw 0x111, 640, 480, 16
        dw 0x112, 640, 480, 24
        dw 0x113, 800, 600, 15
        dw 0x114, 800, 600, 16
        dw 0x115, 800, 600, 24
        dw 0x116, 1024, 768, 15
        dw 0x117, 1024, 768, 16
        dw 0x118, 1024, 768, 24
        dw 0x119, 1280, 1024, 15
        dw 0x11A, 1280, 1024, 16
        dw 0x11B, 1280, 1024, 24
        dw 0x140, 640, 480, 32
        dw 0x141, 800, 600, 32
        dw 0x142, 1024, 768, 32
        dw 0x143, 1280, 1024, 32
        dw 0xFFFF
vbe_mode_list:
        dw 0x100, 0x101, 0x103, 0x105, 0x107, 0x110, 0x111, 0x112, 0x113
        dw 0x114, 0x115, 0x116, 0x117, 0x118, 0x119, 0x11A, 0x11B
        dw 0x140, 0x141, 0x142, 0x143, 0xFFFF
