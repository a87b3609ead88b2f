; bios/vgabios/misc.asm — INT 10h palette (AH=10h), character generator
; (AH=11h), alternate select (AH=12h), display combination (AH=1Ah),
; functionality/state (AH=1Bh) and save/restore state (AH=1Ch).

; Reset the attribute flip-flop (DS = BDA not required).
ac_reset:
        push ax
        push dx
        mov dx, 0x3DA
        in al, dx
        mov dx, 0x3BA
        in al, dx
        pop dx
        pop ax
        ret

; Write AC register AL = index, AH = value; leaves video enabled.
ac_write:
        push dx
        call ac_reset
        mov dx, 0x3C0
        out dx, al
        xchg al, ah
        out dx, al
        xchg al, ah
        mov al, 0x20
        out dx, al
        pop dx
        ret

; AC register AL -> AL
ac_read:
        push dx
        call ac_reset
        mov dx, 0x3C0
        out dx, al
        inc dx
        in al, dx
        push ax
        call ac_reset
        dec dx
        mov al, 0x20
        out dx, al
        pop ax
        pop dx
        ret

palette_funcs:
        cmp al, 0x00
        je .set1
        cmp al, 0x01
        je .overscan
        cmp al, 0x02
        je .setall
        cmp al, 0x03
        je .blink
        cmp al, 0x07
        je .get1
        cmp al, 0x08
        je .getover
        cmp al, 0x09
        je .getall
        cmp al, 0x10
        je .setdac
        cmp al, 0x12
        je .setblock
        cmp al, 0x13
        je .colorpage
        cmp al, 0x15
        je .getdac
        cmp al, 0x17
        je .getblock
        cmp al, 0x18
        je .setmask
        cmp al, 0x19
        je .getmask
        cmp al, 0x1A
        je .getpage
        cmp al, 0x1B
        je .grey
        ret
.set1:  cmp bl, 0x14
        ja .r
        mov al, bl
        mov ah, bh
        jmp ac_write
.overscan:
        mov al, 0x11
        mov ah, bh
        jmp ac_write
.setall:
        mov si, dx
        xor bl, bl
.sa:    mov al, bl
        mov ah, [es:si]
        call ac_write
        inc si
        inc bl
        cmp bl, 16
        jb .sa
        mov al, 0x11
        mov ah, [es:si]
        jmp ac_write
.blink: mov al, 0x10
        call ac_read
        and al, 0xF7
        test bl, 1
        jz .b0
        or al, 0x08
.b0:    mov ah, al
        mov al, 0x10
        jmp ac_write
.get1:  mov al, bl
        and al, 0x1F
        call ac_read
        mov [bp+F_BH], al
.r:     ret
.getover:
        mov al, 0x11
        call ac_read
        mov [bp+F_BH], al
        ret
.getall:
        mov di, dx
        xor bl, bl
.ga:    mov al, bl
        call ac_read
        stosb
        inc bl
        cmp bl, 16
        jb .ga
        mov al, 0x11
        call ac_read
        stosb
        ret
.setdac:
        mov dx, 0x3C8
        mov al, bl
        out dx, al
        inc dx
        mov al, [bp+F_DH]
        out dx, al
        mov al, ch
        out dx, al
        mov al, cl
        out dx, al
        ret
.setblock:
        mov si, dx
        mov dx, 0x3C8
        mov al, bl
        out dx, al
        inc dx
        mov ax, cx
        shl cx, 1
        add cx, ax
        jcxz .r
        push ds
        push es
        pop ds
.sb:    lodsb
        out dx, al
        loop .sb
        pop ds
        ret
.colorpage:
        ; BL = 0: BH = paging mode (AC 10h bit 7: 0 = 4 pages of 64,
        ; 1 = 16 pages of 16); BL = 1: BH = colour page (AC 14h)
        cmp bl, 1
        je .cpsel
        cmp bl, 0
        jne .r
        mov al, 0x10
        call ac_read
        and al, 0x7F
        test bh, 1
        jz .cpm
        or al, 0x80
.cpm:   mov ah, al
        mov al, 0x10
        jmp ac_write
.cpsel: mov al, 0x10
        call ac_read
        mov ah, bh
        test al, 0x80
        jnz .cp16
        shl ah, 1                       ; 64-colour pages: bits 3-2
        shl ah, 1
.cp16:  and ah, 0x0F
        mov al, 0x14
        jmp ac_write
.getdac:
        mov dx, 0x3C7
        mov al, bl
        out dx, al
        add dx, 2
        in al, dx
        mov [bp+F_DH], al
        in al, dx
        mov [bp+F_CH], al
        in al, dx
        mov [bp+F_CL], al
        ret
.getblock:
        mov di, dx
        mov dx, 0x3C7
        mov al, bl
        out dx, al
        add dx, 2
        mov ax, cx
        shl cx, 1
        add cx, ax
        jcxz .gbr
.gb:    in al, dx
        stosb
        loop .gb
.gbr:   ret
.setmask:
        mov dx, 0x3C6
        mov al, bl
        out dx, al
        ret
.getmask:
        mov dx, 0x3C6
        in al, dx
        mov [bp+F_BL], al
        ret
.getpage:
        mov al, 0x10
        call ac_read
        rol al, 1
        and al, 1
        mov [bp+F_BL], al
        mov al, 0x14
        call ac_read
        mov [bp+F_BH], al
        ret
.grey:  ; sum BX..BX+CX-1 to grey (30% R, 59% G, 11% B)
        jcxz .gr
.gl:    push cx
        mov dx, 0x3C7
        mov al, bl
        out dx, al
        add dx, 2
        in al, dx
        mov ah, 77                      ; 0.30 * 256
        mul ah
        mov si, ax
        in al, dx
        mov ah, 151                     ; 0.59 * 256
        mul ah
        add si, ax
        in al, dx
        mov ah, 28                      ; 0.11 * 256
        mul ah
        add si, ax
        add si, 0x80
        mov ax, si
        mov al, ah
        mov dx, 0x3C8
        push ax
        mov al, bl
        out dx, al
        pop ax
        inc dx
        out dx, al
        out dx, al
        out dx, al
        inc bx
        pop cx
        loop .gl
.gr:    ret


; AH=11h character generator
font_funcs:
        call set_ds_bda
        cmp al, 0x00
        je .user
        cmp al, 0x10
        je .user_r
        cmp al, 0x01
        je .f14
        cmp al, 0x11
        je .f14_r
        cmp al, 0x02
        je .f8
        cmp al, 0x12
        je .f8_r
        cmp al, 0x04
        je .f16
        cmp al, 0x14
        je .f16_r
        cmp al, 0x03
        je .block
        cmp al, 0x20
        je .i1f
        cmp al, 0x21
        je .i43user
        cmp al, 0x22
        je .i43_14
        cmp al, 0x23
        je .i43_8
        cmp al, 0x24
        je .i43_16
        cmp al, 0x30
        je .info
        ret
.user:  mov bp, [bp+F_BP]
        call load_font_block
        ret
.user_r:
        push bp
        mov bp, [bp+F_BP]
        call load_font_block
        pop bp
        mov al, bh
        jmp set_char_height
.f14:   mov bh, 14
        mov si, font8x14
        jmp .rom
.f8:    mov bh, 8
        mov si, font8x8
        jmp .rom
.f16:   mov bh, 16
        mov si, font8x16
.rom:   push bp
        push cs
        pop es
        mov bp, si
        mov cx, 256
        xor dx, dx
        call load_font_block
        pop bp
        ret
.f14_r: call .f14
        mov al, 14
        jmp set_char_height
.f8_r:  call .f8
        mov al, 8
        jmp set_char_height
.f16_r: call .f16
        mov al, 16
        jmp set_char_height
.block: mov dx, 0x3C4
        mov al, 3
        mov ah, bl
        out dx, ax
        ret
.i1f:   push ds
        xor ax, ax
        mov ds, ax
        mov ax, [bp+F_BP]
        mov [0x1F*4], ax
        mov [0x1F*4+2], es
        pop ds
        ret
.i43user:
        mov ax, [bp+F_BP]
        mov dx, es
        mov bh, cl                      ; bytes per character
        jmp .set43
.i43_14:
        mov ax, font8x14
        mov bh, 14
        jmp .set43cs
.i43_8: mov ax, font8x8
        mov bh, 8
        jmp .set43cs
.i43_16:
        mov ax, font8x16
        mov bh, 16
.set43cs:
        mov dx, cs
.set43: push ds
        push ax
        xor ax, ax
        mov ds, ax
        pop ax
        mov [0x43*4], ax
        mov [0x43*4+2], dx
        pop ds
        mov [BDA_CHARH], bh
        mov byte [BDA_CHARH+1], 0
        ; rows: BL = 0 -> DL+1, 1 -> 14, 2 -> 25, 3 -> 43
        mov al, [bp+F_DL]
        dec al
        cmp bl, 1
        jne .rr2
        mov al, 13
.rr2:   cmp bl, 2
        jne .rr3
        mov al, 24
.rr3:   cmp bl, 3
        jne .rr4
        mov al, 42
.rr4:   mov [BDA_ROWS], al
        ret
.info:  mov si, font_alt9_none             ; 5/7: 9-dot alternates (none:
        cmp bh, 5                       ;  our glyphs suit 9-dot cells)
        je .ri
        cmp bh, 7
        je .ri
        mov si, font8x14
        cmp bh, 2
        je .ri
        mov si, font8x8
        cmp bh, 3
        je .ri
        mov si, font8x8 + 128*8
        cmp bh, 4
        je .ri
        mov si, font8x16
        cmp bh, 6
        je .ri
        ; 0 = INT 1Fh, 1 = INT 43h
        push ds
        xor ax, ax
        mov ds, ax
        mov si, 0x1F*4
        cmp bh, 0
        je .vec
        mov si, 0x43*4
.vec:   mov ax, [si]
        mov dx, [si+2]
        pop ds
        mov [bp+F_BP], ax
        mov [bp+F_ES], dx
        jmp .rinfo
.ri:    mov [bp+F_BP], si
        mov [bp+F_ES], cs
.rinfo: mov ax, [BDA_CHARH]
        mov [bp+F_CX], ax
        mov al, [BDA_ROWS]
        mov [bp+F_DL], al
        ret

; Empty 9-dot alternate glyph table (entries: char, glyph; 0 ends it).
font_alt9_none: db 0

; Reprogram the text geometry for character height AL (after AH=11h
; 1xh loads): max scan line, cursor, rows, page size (DS = BDA).
set_char_height:
        mov [BDA_CHARH], al
        mov byte [BDA_CHARH+1], 0
        mov bl, al
        mov dx, [BDA_CRTC]
        mov al, 0x09
        out dx, al
        inc dx
        in al, dx
        and al, 0xE0
        mov ah, bl
        dec ah
        or al, ah
        out dx, al
        dec dx
        ; vertical display end + 1 -> rows = lines / height
        mov al, 0x12
        out dx, al
        inc dx
        in al, dx
        mov cl, al
        dec dx
        mov al, 0x07
        out dx, al
        inc dx
        in al, dx
        dec dx
        mov ch, 0
        test al, 0x02
        jz .b8
        mov ch, 1
.b8:    test al, 0x40
        jz .b9
        or ch, 2
.b9:    mov ax, cx
        inc ax
        div bl
        dec al
        mov [BDA_ROWS], al
        inc al
        mul byte [BDA_COLS]
        shl ax, 1
        add ax, 0xFF                    ; round the page size to 256 bytes
        xor al, al
        mov [BDA_PAGESIZE], ax
        ; cursor: last two lines of the cell
        mov ah, bl
        sub ah, 2
        mov al, bl
        dec al
        cmp bl, 8
        ja .cs
        mov ax, 0x0607
.cs:    mov [BDA_CURSHAPE], ax
        mov dx, [BDA_CRTC]
        push ax
        mov al, 0x0A
        out dx, al
        inc dx
        pop ax
        push ax
        xchg al, ah
        out dx, al
        dec dx
        mov al, 0x0B
        out dx, al
        inc dx
        pop ax
        out dx, al
        ret

; AH=12h alternate select
alt_select:
        call set_ds_bda
        cmp bl, 0x10
        je .info
        cmp bl, 0x30
        je .lines
        cmp bl, 0x31
        je .palload
        cmp bl, 0x32
        je .ok
        cmp bl, 0x33
        je .ok
        cmp bl, 0x34
        je .curemu
        cmp bl, 0x36
        je .screen
        ret
.info:  mov word [bp+F_BX], 0x0003      ; colour, 256 KiB
        mov al, [BDA_SWITCHES]
        mov ah, al
        and al, 0x0F
        mov cl, 4
        shr ah, cl
        mov [bp+F_CL], al
        mov [bp+F_CH], ah
        ret
.lines: and byte [BDA_VGAFLAGS], 0x6F
        cmp al, 0
        je .ok
        cmp al, 2
        jne .l1
        or byte [BDA_VGAFLAGS], 0x10
        jmp .ok
.l1:    or byte [BDA_VGAFLAGS], 0x80
        jmp .ok
.palload:
        and byte [BDA_VGAFLAGS], 0xF7
        cmp al, 0
        je .ok
        or byte [BDA_VGAFLAGS], 0x08
        jmp .ok
.curemu:
        and byte [BDA_EGAINFO], 0xFE
        cmp al, 0
        je .ok
        or byte [BDA_EGAINFO], 1
        jmp .ok
.screen:
        mov dx, 0x3C4
        mov al, 1
        out dx, al
        inc dx
        in al, dx
        and al, 0xDF
        cmp byte [bp+F_AL], 0
        je .son
        or al, 0x20
.son:   out dx, al
.ok:    mov byte [bp+F_AL], 0x12
        ret

; AH=1Ah display combination: AL=0 get (BL = 08h VGA colour), AL=1 set
display_combination:
        cmp al, 1
        ja .r
        mov byte [bp+F_AL], 0x1A
        cmp al, 1
        je .r
        mov word [bp+F_BX], 0x0008
.r:     ret

; AH=1Bh functionality/state -> ES:DI (64 bytes)
functionality_state:
        call set_ds_bda
        mov ax, static_functionality
        stosw
        mov ax, cs
        stosw
        mov si, BDA_MODE                ; 40:49-40:66, 30 bytes
        mov cx, 30
        rep movsb
        mov al, [BDA_ROWS]
        inc al
        stosb
        mov ax, [BDA_CHARH]
        stosw
        mov ax, 0x0008                  ; active/alternate display codes
        stosw
        ; colours in current mode, pages, scan lines
        push di
        call current_mode_info
        pop di
        mov ax, 16
        cmp byte [cs:si+1], K_256
        jne .c1
        mov ax, 256
.c1:    cmp byte [cs:si+1], K_CGA4
        jne .c2
        mov ax, 4
.c2:    cmp byte [cs:si+1], K_CGA2
        jne .c3
        mov ax, 2
.c3:    stosw
        mov al, [cs:si+6]
        stosb
        mov al, 2                       ; 400 scan lines
        stosb
        xor al, al
        stosb                           ; primary character block
        stosb                           ; secondary character block
        mov al, 0x21                    ; misc state: all modes on all displays
        stosb
        xor ax, ax
        stosw
        stosb
        mov al, 3                       ; 256 KiB
        stosb
        xor al, al
        stosb
        mov cx, 64-0x33
        rep stosb
        mov byte [bp+F_AL], 0x1B
        ret

; AH=1Ch save/restore state.  AL=0: BX = buffer size in 64-byte blocks;
; AL=1 save / AL=2 restore at ES:BX for CX bits (0 hardware, 1 BDA, 2 DAC).
SR_HW_SIZE  equ 64
SR_BDA_SIZE equ 128             ; 40:49-40:8A (66 bytes) + padding
SR_DAC_SIZE equ 772
save_restore_state:
        cmp al, 2
        ja .r
        mov byte [bp+F_AL], 0x1C
        cmp al, 0
        jne .sr
        xor ax, ax
        test cl, 1
        jz .a1
        add ax, SR_HW_SIZE
.a1:    test cl, 2
        jz .a2
        add ax, SR_BDA_SIZE
.a2:    test cl, 4
        jz .a3
        add ax, SR_DAC_SIZE
.a3:    add ax, 63
        mov cl, 6
        shr ax, cl
        mov [bp+F_BX], ax
.r:     ret
.sr:    mov di, bx
        mov si, bx
        mov bl, cl
        cmp al, 1
        je .save
        jmp sr_restore
.save:  test bl, 1
        jz .s2
        call sr_save_hw
.s2:    test bl, 2
        jz .s3
        push ds
        call set_ds_bda
        mov si, BDA_MODE
        mov cx, 0x8B - BDA_MODE
        rep movsb
        mov cx, SR_BDA_SIZE - (0x8B - BDA_MODE)
        xor al, al
        rep stosb
        pop ds
.s3:    test bl, 4
        jz .s4
        mov dx, 0x3C6
        in al, dx
        stosb
        mov dx, 0x3C7
        xor al, al
        out dx, al
        add dx, 2
        mov cx, 768
.sd:    in al, dx
        stosb
        loop .sd
        mov cx, 3
        xor al, al
        rep stosb
.s4:    ret

; hardware block: misc, seq 0-4, crtc 0-24, gc 0-8, ac 0-19, pad
sr_save_hw:
        push bx
        mov dx, 0x3CC
        in al, dx
        stosb
        mov dx, 0x3C4
        mov cx, 5
        xor bl, bl
        call sr_read_idx
        call set_ds_bda
        mov dx, [BDA_CRTC]
        mov cx, 25
        xor bl, bl
        call sr_read_idx
        mov dx, 0x3CE
        mov cx, 9
        xor bl, bl
        call sr_read_idx
        xor bl, bl
.ac:    mov al, bl
        call ac_read
        stosb
        inc bl
        cmp bl, 20
        jb .ac
        mov cx, SR_HW_SIZE - 60
        xor al, al
        rep stosb
        pop bx
        ret

sr_read_idx:
.l:     mov al, bl
        out dx, al
        inc dx
        in al, dx
        dec dx
        stosb
        inc bl
        loop .l
        ret

sr_restore:
        push ds
        push es
        pop ds                          ; DS:SI = buffer
        test bl, 1
        jz .r2
        push bx
        lodsb
        mov dx, 0x3C2
        out dx, al
        mov dx, 0x3C4
        mov cx, 5
        xor bl, bl
        call sr_write_idx
        ; CRTC: unlock first
        push ds
        call set_ds_bda
        mov dx, [BDA_CRTC]
        pop ds
        mov ax, 0x0011
        out dx, ax
        mov cx, 25
        xor bl, bl
        call sr_write_idx
        mov dx, 0x3CE
        mov cx, 9
        xor bl, bl
        call sr_write_idx
        xor bl, bl
.ac:    mov al, bl
        mov ah, [si]
        inc si
        call ac_write
        inc bl
        cmp bl, 20
        jb .ac
        add si, SR_HW_SIZE - 60
        pop bx
.r2:    test bl, 2
        jz .r3
        push es
        mov ax, 0x40
        mov es, ax
        mov di, BDA_MODE
        mov cx, 0x8B - BDA_MODE
        rep movsb
        add si, SR_BDA_SIZE - (0x8B - BDA_MODE)
        pop es
.r3:    test bl, 4
        jz .r4
        lodsb
        mov dx, 0x3C6
        out dx, al
        mov dx, 0x3C8
        xor al, al
        out dx, al
        inc dx
        mov cx, 768
.rd:    lodsb
        out dx, al
        loop .rd
.r4:    pop ds
        ret

sr_write_idx:
.l:     mov al, bl
        out dx, al
        inc dx
        lodsb
        out dx, al
        dec dx
        inc bl
        loop .l
        ret
