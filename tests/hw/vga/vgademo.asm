; tests/hw/vga/vgademo.asm — visual VGA BIOS demo, a bootable 1.44 MB image
; (build/tests/hw/vga/vgademo.bin) for screenshots: each stage draws with
; INT 10h, prints "stage N" on the debug console (port E9h) and waits about
; 2 s (140 vertical retraces) before the next:
;   1 mode 03h: all 256 glyphs in 16 colours     2 mode 01h: 40-column text
;   3 mode 13h: 256-colour bars + text           4 mode 12h: 16-colour boxes + text
;   5 mode 04h: CGA 4-colour pattern + text      6 mode 0Dh: 16-colour stripes
;   7 VBE 101h (640x480x8) through the banked window, then back to mode 03h.
; Boots from floppy or hard disk (loads its own sectors with INT 13h).
        cpu 8086
        bits 16
        org 0x7C00

start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00
        sti
        cld
        mov ax, 0x0208
        mov cx, 0x0002
        xor dh, dh
        mov bx, 0x7E00
        int 0x13
        jnc main
.h:     hlt
        jmp .h
        times 510-($-$$) db 0
        dw 0xAA55

main:
        ; 1: glyph table
        mov ax, 0x0003
        int 0x10
        mov al, '1'
        call stage
        xor bx, bx                      ; BL = char
.g:     mov al, bl
        xor ah, ah
        mov cl, 5
        push ax
        shr ax, cl                      ; row = c / 32
        mov dh, al
        add dh, 2
        pop ax
        and al, 31
        shl al, 1                       ; col = (c % 32) * 2
        mov dl, al
        add dl, 8
        push bx
        mov ah, 0x02
        xor bh, bh
        int 0x10
        pop bx
        push bx
        mov al, bl
        mov ah, 0x09
        mov cx, 1
        and bl, 0x0F
        or bl, 0x10
        cmp bl, 0x10
        jne .c
        mov bl, 0x1F
.c:     xor bh, bh
        int 0x10
        pop bx
        inc bl
        jnz .g
        mov si, msg_glyphs
        mov dx, 0x0C08
        call print_at
        call wait2s
        ; 2: 40 columns
        mov ax, 0x0001
        int 0x10
        mov al, '2'
        call stage
        mov si, msg_40
        mov dx, 0x0502
        call print_at
        call wait2s
        ; 3: mode 13h bars
        mov ax, 0x0013
        int 0x10
        mov al, '3'
        call stage
        xor dx, dx
.y13:   xor cx, cx
.x13:   mov al, cl
        mov ah, 0x0C
        xor bh, bh
        int 0x10
        inc cx
        cmp cx, 256
        jb .x13
        inc dx
        cmp dx, 150
        jb .y13
        mov si, msg_13
        mov dx, 0x1402
        mov bl, 14
        call print_at_color
        call wait2s
        ; 4: mode 12h boxes
        mov ax, 0x0012
        int 0x10
        mov al, '4'
        call stage
        xor bx, bx                      ; colour index 0..15
.b12:   mov ax, bx
        mov cl, 5
        shl ax, cl
        mov cx, ax                      ; x0 = colour * 32 + 40
        add cx, 40
        mov dx, 60
.by:    push cx
        mov si, 28
.bx:    mov al, bl
        mov ah, 0x0C
        push bx
        xor bh, bh
        int 0x10
        pop bx
        inc cx
        dec si
        jnz .bx
        pop cx
        inc dx
        cmp dx, 300
        jb .by
        inc bx
        cmp bx, 16
        jb .b12
        mov si, msg_12
        mov dx, 0x1502
        mov bl, 15
        call print_at_color
        call wait2s
        ; 5: mode 04h
        mov ax, 0x0004
        int 0x10
        mov al, '5'
        call stage
        xor dx, dx
.y4:    xor cx, cx
.x4:    mov ax, cx
        add ax, dx
        push cx
        mov cl, 4
        shr ax, cl
        pop cx
        and al, 3
        mov ah, 0x0C
        xor bh, bh
        int 0x10
        inc cx
        cmp cx, 320
        jb .x4
        inc dx
        cmp dx, 150
        jb .y4
        mov si, msg_04
        mov dx, 0x1402
        mov bl, 3
        call print_at_color
        call wait2s
        ; 6: mode 0Dh
        mov ax, 0x000D
        int 0x10
        mov al, '6'
        call stage
        xor dx, dx
.yd:    xor cx, cx
.xd:    mov ax, cx
        push cx
        mov cl, 4
        shr ax, cl
        pop cx
        and al, 15
        mov ah, 0x0C
        xor bh, bh
        int 0x10
        inc cx
        cmp cx, 320
        jb .xd
        inc dx
        cmp dx, 150
        jb .yd
        mov si, msg_0d
        mov dx, 0x1402
        mov bl, 12
        call print_at_color
        call wait2s
        ; 7: VBE 101h banked
        mov ax, 0x4F02
        mov bx, 0x0101
        int 0x10
        mov al, '7'
        call stage
        xor dx, dx                      ; bank
.bank:  push dx
        mov ax, 0x4F05
        xor bx, bx
        int 0x10
        pop dx
        push es
        mov ax, 0xA000
        mov es, ax
        xor di, di
        ; byte at linear L = bank*64K + di: colour = (L / 640 + L % 640) & 255
        ; approximated with (bank*16 + di/1024 + di) for a diagonal pattern
.fill:  mov ax, di
        mov cl, 10
        shr ax, cl
        mov ah, dl
        mov cl, 4
        shl ah, cl
        add al, ah
        mov bx, di
        add al, bl
        stosb
        or di, di
        jnz .fill
        pop es
        inc dx
        cmp dx, 5
        jb .bank
        call wait2s
        mov ax, 0x0003
        int 0x10
        mov al, '8'
        call stage
        mov si, msg_end
        mov dx, 0x0000
        call print_at
        mov al, 0
        out 0xF4, al
.h:     hlt
        jmp .h

stage:
        push ax
        push si
        mov si, msg_stage
.l:     lodsb
        or al, al
        jz .e
        out 0xE9, al
        jmp .l
.e:     pop si
        pop ax
        out 0xE9, al
        mov al, 10
        out 0xE9, al
        ret

; Print CS:SI at DX with AH=13h (attribute 1Eh / colour BL)
print_at:
        mov bl, 0x1E
print_at_color:
        push es
        push bp
        push cs
        pop es
        mov bp, si
        xor cx, cx
.n:     cmp byte [si], 0
        je .go
        inc si
        inc cx
        jmp .n
.go:    mov ax, 0x1301
        xor bh, bh
        int 0x10
        pop bp
        pop es
        ret

; wait ~2 s: count 140 vertical retraces on input status 1 (3DAh bit 3)
wait2s:
        push ax
        push cx
        push dx
        mov dx, 0x3DA
        mov cx, 140
.a:     in al, dx                       ; wait for the end of a retrace
        test al, 8
        jnz .a
.b:     in al, dx                       ; then for the start of the next
        test al, 8
        jz .b
        loop .a
        pop dx
        pop cx
        pop ax
        ret

msg_stage:  db 'stage ', 0
msg_glyphs: db 'Code page 437, 256 glyphs (Terminus Font 8x16)', 0
msg_40:     db '40 columns, mode 01h', 0
msg_13:     db 'Mode 13h: 320x200, 256 colours', 0
msg_12:     db 'Mode 12h: 640x480, 16 colours', 0
msg_04:     db 'Mode 04h: CGA 4 colours', 0
msg_0d:     db 'Mode 0Dh: 320x200x16', 0
msg_end:    db 'vgademo done', 0
        times 9*512-($-$$) db 0
        times 1474560-($-$$) db 0
