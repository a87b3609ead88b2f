; bios/vgabios/text.asm — INT 10h cursor, page, scroll, character and
; teletype services (AH=01h-03h, 05h-0Bh, 0Eh, 0Fh, 13h).
;
; Conventions (see main.asm): entered with the caller's registers except
; SI, BP = frame of saved registers (results are written there).  Functions
; that need locals reserve LOCALS bytes below the frame (BP-4 downwards).

LOCALS  equ 32
L_KIND  equ -4
L_H     equ -6
L_BPC   equ -8
L_N     equ -10
L_DIR   equ -12
L_COLS  equ -14
L_PS    equ -16
L_TMP   equ -18
L_TMP2  equ -20
L_SEG   equ -22
L_A     equ -24
L_B     equ -26
L_C     equ -28
L_D     equ -30

; Fill the common locals from the current mode (DS = BDA).  Clobbers SI.
load_mode_locals:
        push ax
        call current_mode_info
        mov al, [cs:si+1]
        mov [bp+L_KIND], al
        mov ax, [cs:si+4]
        mov [bp+L_SEG], ax
        mov ax, [BDA_CHARH]
        mov [bp+L_H], ax
        mov ax, [BDA_COLS]
        mov [bp+L_COLS], ax
        mov ax, [BDA_PAGESTART]
        mov [bp+L_PS], ax
        mov word [bp+L_BPC], 1
        cmp byte [bp+L_KIND], K_256
        jne .n256
        mov word [bp+L_BPC], 8
.n256:  cmp byte [bp+L_KIND], K_CGA4
        jne .ncga
        mov word [bp+L_BPC], 2
.ncga:  pop ax
        ret

; AH=01h: CH = start line (bit 5: off), CL = end line
set_cursor_shape:
        call set_ds_bda
        mov [BDA_CURSHAPE], cx
        call program_cursor_shape_raw
        ret

; Program CRTC 0Ah/0Bh from CX, with CGA cursor emulation for tall cells.
program_cursor_shape_raw:
        push ax
        push cx
        push dx
        mov ah, ch
        mov al, cl
        test ah, 0x60
        jnz .prog
        cmp byte [BDA_CHARH], 8
        jbe .prog
        test byte [BDA_EGAINFO], 1      ; emulation disabled?
        jnz .prog
        cmp al, 8
        jae .prog
        cmp ah, 8
        jae .prog
        cmp ah, al
        ja .prog
        mov dl, [BDA_CHARH]
        sub dl, 9
        cmp ah, 2
        jbe .s
        add ah, dl
.s:     cmp al, 2
        jbe .prog
        add al, dl
.prog:  mov dx, [BDA_CRTC]
        mov ch, al
        mov al, 0x0A
        out dx, al
        inc dx
        mov al, ah
        out dx, al
        dec dx
        mov al, 0x0B
        out dx, al
        inc dx
        mov al, ch
        out dx, al
        pop dx
        pop cx
        pop ax
        ret

; AH=02h: BH = page, DH = row, DL = column
set_cursor_pos:
        call set_ds_bda
        cmp bh, 7
        ja .r
        call store_cursor
        call update_hw_cursor
.r:     ret

; BH = page, DX = position -> BDA
store_cursor:
        push bx
        mov bl, bh
        xor bh, bh
        shl bx, 1
        mov [BDA_CURPOS+bx], dx
        pop bx
        ret

; BH = page -> DX = position
load_cursor:
        push bx
        mov bl, bh
        and bl, 7
        xor bh, bh
        shl bx, 1
        mov dx, [BDA_CURPOS+bx]
        pop bx
        ret

; If BH is the active page, move the hardware cursor to its position.
update_hw_cursor:
        cmp bh, [BDA_PAGE]
        jne .r
        push ax
        push bx
        push dx
        call load_cursor
        mov al, dh
        mul byte [BDA_COLS]
        xor dh, dh
        add ax, dx
        mov bx, [BDA_PAGESTART]
        shr bx, 1
        add bx, ax
        mov dx, [BDA_CRTC]
        mov al, 0x0E
        out dx, al
        inc dx
        mov al, bh
        out dx, al
        dec dx
        mov al, 0x0F
        out dx, al
        inc dx
        mov al, bl
        out dx, al
        pop dx
        pop bx
        pop ax
.r:     ret

; AH=03h: BH = page -> DH,DL position, CH,CL cursor shape
get_cursor_pos:
        call set_ds_bda
        call load_cursor
        mov [bp+F_DX], dx
        mov ax, [BDA_CURSHAPE]
        mov [bp+F_CX], ax
        ret

; AH=05h: AL = new active page
set_active_page:
        call set_ds_bda
        call current_mode_info
        xor ah, ah
        cmp ax, [cs:si+6]
        jae .r
        mov [BDA_PAGE], al
        mul word [BDA_PAGESIZE]
        mov [BDA_PAGESTART], ax
        mov bx, ax
        cmp byte [cs:si+1], K_MONO
        ja .gfx
        shr bx, 1                       ; text: CRTC counts words
.gfx:   mov dx, [BDA_CRTC]
        mov al, 0x0C
        out dx, al
        inc dx
        mov al, bh
        out dx, al
        dec dx
        mov al, 0x0D
        out dx, al
        inc dx
        mov al, bl
        out dx, al
        mov bh, [BDA_PAGE]
        call update_hw_cursor
.r:     ret

; AH=06h/07h: scroll window CH,CL-DH,DL of the active page by AL lines
; (0 = clear) up/down, filling with attribute/colour BH.
scroll_up:
        xor si, si
        jmp scroll_common
scroll_down:
        mov si, 1
scroll_common:
        sub sp, LOCALS
        mov [bp+L_DIR], si
        call set_ds_bda
        call load_mode_locals
        call do_scroll
        add sp, LOCALS
        ret

; AL lines, BH fill, CX/DX window, [bp+L_DIR], locals loaded, DS = BDA.
do_scroll:
        ; clip the window to the screen
        mov ah, [BDA_ROWS]
        cmp dh, ah
        jbe .r1
        mov dh, ah
.r1:    mov ah, [BDA_COLS]
        dec ah
        cmp dl, ah
        jbe .c1
        mov dl, ah
.c1:    cmp ch, dh
        ja .ret
        cmp cl, dl
        ja .ret
        mov ah, dh
        sub ah, ch
        inc ah                          ; AH = window height
        cmp al, 0
        je .clear
        cmp al, ah
        jbe .nclr
.clear: mov al, ah
.nclr:  xor ah, ah
        mov [bp+L_N], ax
        cmp byte [bp+L_KIND], K_MONO
        jbe .text
        jmp gfx_scroll
.text:
        push es
        push ds
        mov es, [bp+L_SEG]
        ; L_TMP2 = the fill: blank in attribute BH
        mov ah, bh
        mov al, ' '
        mov [bp+L_TMP2], ax
        ; width in words
        mov al, dl
        sub al, cl
        inc al
        xor ah, ah
        push ax                         ; [sp] = width
        ; Up moves rows CH+N .. DH to CH .. DH-N top down; down moves rows
        ; DH-N .. CH to DH .. CH+N bottom up.  Both walk from the first
        ; destination row (AL) by L_TMP = +/- bytes per screen row.
        mov bx, [bp+L_COLS]
        shl bx, 1
        mov al, ch
        cmp word [bp+L_DIR], 0
        je .dir
        neg bx
        mov al, dh
.dir:   mov [bp+L_TMP], bx
        call text_row_addr              ; DI = addr(row AL, col CL)
        mov si, di
        push dx
        mov ax, [bp+L_N]
        mul word [bp+L_TMP]             ; low word = N * step, sign and all
        pop dx
        add si, ax                      ; SI = source
        mov al, dh
        sub al, ch
        inc al
        sub al, [bp+L_N]                ; rows to move
        xor ah, ah
        mov bx, ax
        push es
        pop ds
.move:  or bx, bx
        jz .fill0
        pop cx
        push cx
        push si
        push di
        rep movsw
        pop di
        pop si
        add si, [bp+L_TMP]
        add di, [bp+L_TMP]
        dec bx
        jmp .move
.fill0: mov bx, [bp+L_N]                ; then N blank rows
.fill:  or bx, bx
        jz .done
        pop cx
        push cx
        push di
        mov ax, [bp+L_TMP2]
        rep stosw
        pop di
        add di, [bp+L_TMP]
        dec bx
        jmp .fill
.done:  pop cx
        pop ds
        pop es
.ret:   ret

; AL = row, CL = column -> DI = offset in the active page (DS = BDA or
; uses locals only).  Clobbers AX.
text_row_addr:
        push dx
        xor ah, ah
        mul word [bp+L_COLS]
        push cx
        xor ch, ch
        add ax, cx
        pop cx
        shl ax, 1
        add ax, [bp+L_PS]
        mov di, ax
        pop dx
        ret

; BH = page, DX = position -> DI = cell offset (DS = BDA)
text_cell_addr:
        push ax
        push dx
        mov al, bh
        xor ah, ah
        mul word [BDA_PAGESIZE]
        mov di, ax
        pop dx
        push dx
        mov al, dh
        mul byte [BDA_COLS]
        xor dh, dh
        add ax, dx
        shl ax, 1
        add di, ax
        pop dx
        pop ax
        ret

; AH=08h: BH = page -> AL = character, AH = attribute at the cursor
read_char_attr:
        sub sp, LOCALS
        call set_ds_bda
        call load_mode_locals
        cmp byte [bp+L_KIND], K_MONO
        ja .gfx
        call load_cursor
        call text_cell_addr
        mov es, [bp+L_SEG]
        mov ax, [es:di]
        mov [bp+F_AX], ax
        jmp .r
.gfx:   call load_cursor
        call gfx_page_bh
        call gfx_read_char
        mov [bp+F_AX], ax
.r:     add sp, LOCALS
        ret

; AH=09h: AL = char, BH = page, BL = attribute/colour, CX = count
write_char_attr:
        mov si, 1
        jmp write_char_common
; AH=0Ah: same, attribute unchanged (graphics modes use BL as colour)
write_char_only:
        xor si, si
write_char_common:
        sub sp, LOCALS
        mov [bp+L_DIR], si
        call set_ds_bda
        call load_mode_locals
        cmp byte [bp+L_KIND], K_MONO
        ja .gfx
        call load_cursor
        call text_cell_addr
        mov es, [bp+L_SEG]
        jcxz .r
.lp:    mov [es:di], al
        cmp word [bp+L_DIR], 0
        je .na
        mov [es:di+1], bl
.na:    inc di
        inc di
        loop .lp
        jmp .r
.gfx:   call load_cursor
        call gfx_page_bh
        call gfx_put_chars
.r:     add sp, LOCALS
        ret

; AH=0Bh: BH = 0: background/border colour BL; BH = 1: CGA palette BL
set_cga_palette:
        call set_ds_bda
        mov dx, [BDA_CRTC]
        add dx, 6
        in al, dx
        mov dx, 0x3C0
        cmp bh, 0
        jne .palsel
        mov al, [BDA_CGAPAL]
        and al, 0xE0
        mov ah, bl
        and ah, 0x1F
        or al, ah
        mov [BDA_CGAPAL], al
        mov al, 0x11                    ; overscan
        out dx, al
        mov al, bl
        and al, 0x0F
        out dx, al
        ; in 200-line graphics modes colour 0 is the background
        cmp byte [BDA_MODE], 4
        jb .done
        cmp byte [BDA_MODE], 6
        ja .done
        mov al, 0
        out dx, al
        mov al, bl
        and al, 0x07
        test bl, 0x08
        jz .bi
        or al, 0x10
.bi:    out dx, al
        jmp .pal
.palsel:
        and byte [BDA_CGAPAL], 0xDF
        test bl, 1
        jz .pal
        or byte [BDA_CGAPAL], 0x20
.pal:   ; colours 1-3 of modes 4/5: palette 0 = 2,4,6, palette 1 = 3,5,7
        mov al, [BDA_CGAPAL]
        mov ah, 2
        test al, 0x20
        jz .p0
        mov ah, 3
.p0:    test al, 0x10
        jz .p1
        or ah, 0x10
.p1:    mov cx, 3
        mov bl, 1
.pl:    mov al, bl
        out dx, al
        mov al, ah
        out dx, al
        add ah, 2
        inc bl
        loop .pl
.done:  mov al, 0x20
        out dx, al
        ret

; AH=0Eh: teletype AL (BEL, BS, CR, LF handled), BL = colour in graphics
teletype:
        sub sp, LOCALS
        call set_ds_bda
        call load_mode_locals
        mov bh, [BDA_PAGE]
        mov word [bp+L_DIR], 0          ; write character only
        call tty_out
        add sp, LOCALS
        ret

; Output AL on page BH with attribute BL; [bp+L_DIR] != 0: store BL as
; the attribute too (text).  Locals loaded, DS = BDA.
tty_out:
        push ax
        push bx
        push cx
        push dx
        call load_cursor
        cmp al, 7
        jne .nbel
        call beep
        jmp .done
.nbel:
        cmp al, 8
        jne .nbs
        or dl, dl
        jz .setpos
        dec dl
        jmp .setpos
.nbs:   cmp al, 13
        jne .ncr
        xor dl, dl
        jmp .setpos
.ncr:   cmp al, 10
        jne .nlf
        inc dh
        jmp .check
.nlf:   ; printable
        cmp byte [bp+L_KIND], K_MONO
        ja .gfx
        push di
        push es
        call text_cell_addr
        mov es, [bp+L_SEG]
        mov [es:di], al
        cmp word [bp+L_DIR], 0
        je .noattr
        mov [es:di+1], bl
.noattr:
        pop es
        pop di
        jmp .adv
.gfx:   mov cx, 1
        call gfx_put_chars
.adv:   inc dl
        cmp dl, [BDA_COLS]
        jb .setpos
        xor dl, dl
        inc dh
.check: cmp dh, [BDA_ROWS]
        jbe .setpos
        ; scroll the page up one line
        mov dh, [BDA_ROWS]
        call store_cursor
        push dx
        ; fill attribute: text = attribute at the cursor, graphics = 0
        xor ah, ah
        cmp byte [bp+L_KIND], K_MONO
        ja .fa
        push di
        push es
        call text_cell_addr
        mov es, [bp+L_SEG]
        mov ah, [es:di+1]
        pop es
        pop di
.fa:    push bx
        mov bh, ah
        mov al, 1
        xor cx, cx
        mov dh, [BDA_ROWS]
        mov dl, [BDA_COLS]
        dec dl
        ; do_scroll uses L_DIR/L_TMP/L_TMP2 as scratch; our callers (AH=13h
        ; write string keeps its mode and original cursor there) need them
        push word [bp+L_DIR]
        push word [bp+L_TMP]
        push word [bp+L_TMP2]
        mov word [bp+L_DIR], 0
        call do_scroll
        pop word [bp+L_TMP2]
        pop word [bp+L_TMP]
        pop word [bp+L_DIR]
        pop bx
        pop dx
.setpos:
        call store_cursor
        call update_hw_cursor
.done:  pop dx
        pop cx
        pop bx
        pop ax
        ret

; AH=0Fh: AL = mode, AH = columns, BH = active page
get_mode:
        call set_ds_bda
        mov al, [BDA_MODE]
        mov ah, [BDA_EGAINFO]
        and ah, 0x80
        or al, ah
        mov ah, [BDA_COLS]
        mov [bp+F_AX], ax
        mov al, [BDA_PAGE]
        mov [bp+F_BH], al
        ret

; AH=13h: write string ES:BP (caller's BP), CX chars, at DH,DL of page BH,
; AL bit 0: move cursor, bit 1: string holds char,attr pairs; BL = attr.
write_string:
        sub sp, LOCALS
        call set_ds_bda
        call load_mode_locals
        cmp bh, 7
        ja .r
        mov si, [bp+F_BP]
        mov [bp+L_TMP], ax
        push dx
        call load_cursor
        mov [bp+L_TMP2], dx             ; original cursor
        pop dx
        call store_cursor
        ; text pages other than 0: tty_out works on BH's cursor and the
        ; active page start; use the page's start for addressing
        mov word [bp+L_DIR], 1
        jcxz .end
.lp:    push es
        mov es, [bp+F_ES]
        mov al, [es:si]
        inc si
        test byte [bp+L_TMP], 2
        jz .na
        mov bl, [es:si]
        inc si
.na:    pop es
        call tty_out
        loop .lp
.end:   test byte [bp+L_TMP], 1
        jnz .r
        mov dx, [bp+L_TMP2]
        call store_cursor
        call update_hw_cursor
.r:     add sp, LOCALS
        ret

; BEL: about 1/8 s of 896 Hz on the PC speaker (PIT channel 2), timed by
; counting vertical retraces so it needs no timer interrupt.
beep:
        push ax
        push cx
        push dx
        mov al, 0xB6                    ; channel 2, lo/hi, square wave
        out 0x43, al
        mov ax, 1331                    ; 1193182 Hz / 896 Hz
        out 0x42, al
        mov al, ah
        out 0x42, al
        in al, 0x61
        push ax
        or al, 3
        out 0x61, al
        mov dx, 0x3DA
        mov cx, 9                       ; 9 frames at 70 Hz
.a:     in al, dx
        test al, 8
        jnz .a
.b:     in al, dx
        test al, 8
        jz .b
        loop .a
        pop ax
        out 0x61, al
        pop dx
        pop cx
        pop ax
        ret
