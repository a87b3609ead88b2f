; bios/vgabios/gfx.asm — INT 10h services in graphics modes: pixels
; (AH=0Ch/0Dh), characters drawn from the INT 43h font (AH=09h/0Ah/0Eh),
; and scrolling (AH=06h/07h) for CGA (04h-06h), planar (0Dh-12h) and
; 256-colour (13h) memory layouts.

; AX = pixel line y -> AX = byte offset of the line (uses locals only).
gfx_line_offset:
        push dx
        cmp byte [bp+L_KIND], K_256
        je .l256
        cmp byte [bp+L_KIND], K_PLANAR
        je .planar
        ; CGA: even lines in the first 8 KiB bank, odd lines at +2000h
        mov dx, ax
        shr ax, 1
        push dx
        mov dx, 80
        mul dx
        pop dx
        test dl, 1
        jz .r
        add ax, 0x2000
        jmp .r
.l256:  mov dx, 320
        mul dx
        jmp .r
.planar:
        mul word [bp+L_COLS]
        add ax, [bp+L_PS]
.r:     pop dx
        ret

; Planar modes have display pages: point L_PS at page BH.
gfx_page_bh:
        cmp byte [bp+L_KIND], K_PLANAR
        jne .r
        push ax
        push dx
        push ds
        call set_ds_bda
        mov al, bh
        and al, 7
        xor ah, ah
        mul word [BDA_PAGESIZE]
        mov [bp+L_PS], ax
        pop ds
        pop dx
        pop ax
.r:     ret

; Write one glyph row: ES:DI = destination, AH = bits, BL = colour
; (bit 7: XOR).  Planar modes expect the GC set up by gfx_planar_begin.
draw_glyph_byte:
        push ax
        push cx
        push dx
        mov cl, [bp+L_KIND]
        cmp cl, K_256
        je .b256
        cmp cl, K_CGA2
        je .cga2
        cmp cl, K_CGA4
        je .cga4
        ; planar: two passes through set/reset with the bit mask
        mov dx, 0x3CE
        test bl, 0x80
        jnz .pxor
        push ax
        not ah
        mov al, 0                       ; clear the pixels around the glyph
        call gfx_planar_put
        pop ax
.pxor:  mov al, bl
        and al, 0x0F
        call gfx_planar_put
        jmp .r
.b256:  mov cx, 8
.p256:  xor al, al
        shl ah, 1
        jnc .z
        mov al, bl
.z:     stosb
        loop .p256
        sub di, 8
        jmp .r
.cga2:  mov al, ah
        test bl, 1
        jnz .c2
        xor al, al
.c2:    test bl, 0x80
        jz .c2s
        xor [es:di], al
        jmp .r
.c2s:   mov [es:di], al
        jmp .r
.cga4:  ; expand 8 bits into 16 bits of 2-bit pixels of colour BL&3
        xor dx, dx
        mov cx, 8
.e4:    shl dx, 1
        shl dx, 1
        shl ah, 1
        jnc .e4z
        mov al, bl
        and al, 3
        or dl, al
.e4z:   loop .e4
        test bl, 0x80
        jz .c4s
        xor [es:di], dh
        xor [es:di+1], dl
        jmp .r
.c4s:   mov [es:di], dh
        mov [es:di+1], dl
.r:     pop dx
        pop cx
        pop ax
        ret

; Planar write through set/reset (GC set up by gfx_planar_begin): the
; pixels of byte ES:DI selected by bit mask AH take colour AL.  DX = 3CEh
; (the graphics controller index port).  Clobbers AX.
gfx_planar_put:
        push ax
        mov al, 8                       ; bit mask register
        out dx, al
        inc dx
        mov al, ah
        out dx, al
        dec dx
        mov al, 0                       ; set/reset register: the colour
        out dx, al
        inc dx
        pop ax
        out dx, al
        dec dx
        mov al, [es:di]                 ; load the latches, write them back
        mov [es:di], al
        ret

; Planar: enable set/reset on all planes, XOR function when BL bit 7.
gfx_planar_begin:
        cmp byte [bp+L_KIND], K_PLANAR
        jne .r
        push ax
        push dx
        mov dx, 0x3C4
        mov ax, 0x0F02
        out dx, ax
        mov dx, 0x3CE
        mov ax, 0x0F01
        out dx, ax
        mov ax, 0x0005
        out dx, ax
        mov ax, 0x0003
        test bl, 0x80
        jz .n
        mov ax, 0x1803
.n:     out dx, ax
        pop dx
        pop ax
.r:     ret

gfx_planar_end:
        cmp byte [bp+L_KIND], K_PLANAR
        jne .r
        push ax
        push dx
        mov dx, 0x3CE
        mov ax, 0x0001
        out dx, ax
        mov ax, 0x0000
        out dx, ax
        mov ax, 0x0003
        out dx, ax
        mov ax, 0xFF08
        out dx, ax
        mov ax, 0x0005
        out dx, ax
        pop dx
        pop ax
.r:     ret

; Draw CX copies of character AL in colour BL at DH,DL (locals loaded).
gfx_put_chars:
        PUSHM ax, bx, cx, dx, si, di, ds, es
        jcxz .out
        mov es, [bp+L_SEG]
        push dx
        xor ah, ah
        mul word [bp+L_H]
        mov di, ax
        pop dx
        xor si, si
        mov ds, si
        lds si, [0x43*4]
        add si, di
        call gfx_planar_begin
.char:  mov al, dl
        xor ah, ah
        cmp ax, [bp+L_COLS]
        jae .end
        push cx
        push si
        mov word [bp+L_A], 0            ; glyph row
.row:   mov al, dh
        xor ah, ah
        mul byte [bp+L_H]
        add ax, [bp+L_A]
        call gfx_line_offset
        mov di, ax
        mov al, dl
        mul byte [bp+L_BPC]
        add di, ax
        mov ah, [si]
        inc si
        call draw_glyph_byte
        inc word [bp+L_A]
        mov ax, [bp+L_A]
        cmp ax, [bp+L_H]
        jb .row
        pop si
        pop cx
        inc dl
        loop .char
.end:   call gfx_planar_end
.out:
        POPM ax, bx, cx, dx, si, di, ds, es
        ret

; Graphics-mode AH=08h: rebuild the cell's bit pattern (pixel != 0 -> 1)
; and look it up in the INT 43h font.  DX = cursor.  -> AX (AH = 0,
; AL = character or 0 when nothing matches).
gfx_read_char:
        PUSHM bx, cx, dx, si, di, ds, es
        sub sp, 16
        mov di, sp                      ; SS:DI = pattern buffer
        mov es, [bp+L_SEG]
        cmp byte [bp+L_KIND], K_PLANAR
        jne .np
        push dx
        mov dx, 0x3CE                   ; read mode 1, compare with colour 0
        mov ax, 0x0805
        out dx, ax
        mov ax, 0x0002
        out dx, ax
        mov ax, 0x0F07
        out dx, ax
        pop dx
.np:    xor cx, cx                      ; CX = glyph row
.row:   mov al, dh
        mul byte [bp+L_H]
        add ax, cx
        call gfx_line_offset
        mov si, ax
        mov al, dl
        mul byte [bp+L_BPC]
        add si, ax
        call cell_row_bits              ; -> AL
        mov [ss:di], al
        inc di
        inc cx
        cmp cx, [bp+L_H]
        jb .row
        cmp byte [bp+L_KIND], K_PLANAR
        jne .np2
        mov dx, 0x3CE
        mov ax, 0x0005
        out dx, ax
.np2:   ; search the font: DS:SI = INT 43h table
        xor ax, ax
        mov ds, ax
        lds si, [0x43*4]
        xor bx, bx                      ; BX = candidate character
.cand:  mov di, sp
        mov cx, [bp+L_H]
        push si
.cmp:   mov al, [si]
        cmp al, [ss:di]
        jne .miss
        inc si
        inc di
        loop .cmp
        pop si
        mov ax, bx
        jmp .done
.miss:  pop si
        add si, [bp+L_H]
        inc bx
        cmp bx, 256
        jb .cand
        xor ax, ax
.done:  add sp, 16
        POPM bx, cx, dx, si, di, ds, es
        ret

; ES:SI = first byte of a cell row -> AL = 8 bits (pixel != background)
cell_row_bits:
        push cx
        push dx
        mov cl, [bp+L_KIND]
        cmp cl, K_PLANAR
        jne .n1
        mov al, [es:si]                 ; read mode 1: 1 where colour == 0
        not al
        jmp .r
.n1:    cmp cl, K_CGA2
        jne .n2
        mov al, [es:si]
        jmp .r
.n2:    cmp cl, K_CGA4
        jne .b256
        mov dx, [es:si]                 ; DL = left 4 pixels, DH = right 4
        xchg dl, dh
        xor al, al
        mov cx, 8
.c4:    shl al, 1
        test dh, 0xC0
        jz .c4z
        or al, 1
.c4z:   shl dx, 1
        shl dx, 1
        loop .c4
        jmp .r
.b256:  xor al, al
        mov cx, 8
.p:     shl al, 1
        cmp byte [es:si], 0
        je .pz
        or al, 1
.pz:    inc si
        loop .p
.r:     pop dx
        pop cx
        ret

; Scroll in graphics modes (entered by jmp from do_scroll): AL/L_N lines,
; BH fill colour, CH,CL-DH,DL window, L_DIR direction.
gfx_scroll:
        push es
        push ds
        mov es, [bp+L_SEG]
        mov ds, [bp+L_SEG]
        ; width and first byte of the window on each pixel line
        mov al, dl
        sub al, cl
        inc al
        mul byte [bp+L_BPC]
        mov [bp+L_TMP], ax
        mov al, cl
        mul byte [bp+L_BPC]
        mov [bp+L_TMP2], ax
        ; fill byte
        mov al, bh
        cmp byte [bp+L_KIND], K_CGA4
        jne .f1
        and al, 3
        mov ah, 0x55
        mul ah
.f1:    cmp byte [bp+L_KIND], K_CGA2
        jne .f2
        and al, 1
        neg al
.f2:    mov [bp+L_B], al
        mov [bp+L_C], bh
        ; rows to move
        mov al, dh
        sub al, ch
        inc al
        sub al, [bp+L_N]
        xor ah, ah
        mov [bp+L_D], ax
        cmp byte [bp+L_KIND], K_PLANAR
        jne .nplan
        push dx
        mov dx, 0x3C4
        mov ax, 0x0F02
        out dx, ax
        mov dx, 0x3CE
        mov ax, 0x0105                  ; write mode 1: copy latches
        out dx, ax
        pop dx
.nplan: ; Up moves rows CH+N .. DH to CH .. top down; down moves rows
        ; DH-N .. CH to DH .. bottom up.
        mov bl, ch                      ; BL = first destination row
        mov al, [bp+L_N]                ; AL = source row - destination row
        mov ah, 1                       ; AH = step to the next row
        cmp word [bp+L_DIR], 0
        je .move
        mov bl, dh
        neg al
        neg ah
.move:  cmp word [bp+L_D], 0
        je .fill0
        mov bh, bl
        add bh, al
        call gfx_copy_row
        add bl, ah
        dec word [bp+L_D]
        jmp .move
.fill0: mov cx, [bp+L_N]                ; then N blank rows
.fill:  call gfx_fill_row
        add bl, ah
        loop .fill
.done:  call gfx_planar_end
        pop ds
        pop es
        ret

; Copy character row BH to row BL inside the window (DS = ES = video).
gfx_copy_row:
        PUSHM ax, cx, dx, si, di
        xor dx, dx                      ; DX = glyph row
.l:     mov al, bh
        mul byte [bp+L_H]
        add ax, dx
        call gfx_line_offset
        add ax, [bp+L_TMP2]
        mov si, ax
        mov al, bl
        mul byte [bp+L_H]
        add ax, dx
        call gfx_line_offset
        add ax, [bp+L_TMP2]
        mov di, ax
        mov cx, [bp+L_TMP]
        rep movsb
        inc dx
        cmp dx, [bp+L_H]
        jb .l
        POPM ax, cx, dx, si, di
        ret

; Fill character row BL inside the window with the fill colour.
gfx_fill_row:
        push ax
        push cx
        push dx
        push di
        cmp byte [bp+L_KIND], K_PLANAR
        jne .np
        mov dx, 0x3CE
        mov ax, 0x0005                  ; write mode 0 with set/reset
        out dx, ax
        mov ax, 0x0F01
        out dx, ax
        mov al, 0
        mov ah, [bp+L_C]
        and ah, 0x0F
        out dx, ax
        mov ax, 0xFF08
        out dx, ax
.np:    xor dx, dx
.l:     mov al, bl
        mul byte [bp+L_H]
        add ax, dx
        call gfx_line_offset
        add ax, [bp+L_TMP2]
        mov di, ax
        mov cx, [bp+L_TMP]
        mov al, [bp+L_B]
        rep stosb
        inc dx
        cmp dx, [bp+L_H]
        jb .l
        cmp byte [bp+L_KIND], K_PLANAR
        jne .r
        mov dx, 0x3CE
        mov ax, 0x0105                  ; back to latch copies
        out dx, ax
        mov ax, 0x0001
        out dx, ax
.r:     pop di
        pop dx
        pop cx
        pop ax
        ret

; Compute ES:DI and the bit position of pixel CX,DX on page BH (locals
; loaded).  Returns DI = byte offset, CL = shift of the pixel's lowest bit.
pixel_addr:
        push ax
        push dx
        call gfx_page_bh
        mov ax, dx
        call gfx_line_offset
        mov di, ax
        mov ax, cx
        cmp byte [bp+L_KIND], K_256
        je .b256
        cmp byte [bp+L_KIND], K_CGA4
        je .c4
        ; 1 bit per pixel per plane
        mov cl, 3
        shr ax, cl
        add di, ax
        pop dx
        pop ax
        push ax
        mov cl, [bp+F_CL]
        and cl, 7
        mov al, 7
        sub al, cl
        mov cl, al
        pop ax
        ret
.c4:    shr ax, 1
        shr ax, 1
        add di, ax
        pop dx
        pop ax
        push ax
        mov cl, [bp+F_CL]
        and cl, 3
        mov al, 3
        sub al, cl
        shl al, 1
        mov cl, al
        pop ax
        ret
.b256:  add di, ax
        xor cl, cl
        pop dx
        pop ax
        ret

; AH=0Ch: AL = colour (bit 7: XOR), BH = page, CX = x, DX = y
write_pixel:
        sub sp, LOCALS
        call set_ds_bda
        call load_mode_locals
        cmp byte [bp+L_KIND], K_MONO
        jbe .r
        mov es, [bp+L_SEG]
        call pixel_addr
        mov bl, al
        mov al, [bp+L_KIND]
        cmp al, K_256
        je .b256
        cmp al, K_PLANAR
        je .planar
        ; CGA: mask of the pixel's bits
        mov ah, 1
        cmp al, K_CGA2
        je .m
        mov ah, 3
.m:     and bl, ah
        shl ah, cl
        shl bl, cl
        test byte [bp+F_AL], 0x80
        jnz .x
        not ah
        and [es:di], ah
        or [es:di], bl
        jmp .r
.x:     xor [es:di], bl
        jmp .r
.b256:  mov [es:di], bl
        jmp .r
.planar:
        push bx
        mov bl, [bp+F_AL]
        call gfx_planar_begin
        pop bx
        mov dx, 0x3CE
        mov ah, 1
        shl ah, cl
        mov al, bl
        and al, 0x0F
        call gfx_planar_put
        call gfx_planar_end
.r:     add sp, LOCALS
        ret

; AH=0Dh: BH = page, CX = x, DX = y -> AL = colour
read_pixel:
        sub sp, LOCALS
        call set_ds_bda
        call load_mode_locals
        xor bl, bl
        cmp byte [bp+L_KIND], K_MONO
        jbe .ret
        mov es, [bp+L_SEG]
        call pixel_addr
        mov al, [bp+L_KIND]
        cmp al, K_256
        je .b256
        cmp al, K_PLANAR
        je .planar
        mov bl, [es:di]
        shr bl, cl
        and bl, 3
        cmp al, K_CGA2
        jne .ret
        and bl, 1
        jmp .ret
.b256:  mov bl, [es:di]
        jmp .ret
.planar:
        mov dx, 0x3CE
        mov ah, 3                       ; plane
.pl:    mov al, 4
        out dx, al
        inc dx
        mov al, ah
        out dx, al
        dec dx
        mov al, [es:di]
        shr al, cl
        and al, 1
        shl bl, 1
        or bl, al
        dec ah
        jns .pl
        mov ax, 0x0004
        out dx, ax
.ret:   mov [bp+F_AL], bl
        add sp, LOCALS
        ret
