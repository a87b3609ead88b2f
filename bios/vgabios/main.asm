; bios/vgabios/main.asm — px86 VGA BIOS: option ROM at C000:0000.
;
; Owns: the ROM header and init entry (hooks INT 10h, sets up the video
; BDA 40:49-40:8A, sets mode 3), the INT 10h dispatcher, mode set with our
; own register tables (modes 00h-07h, 0Dh-13h), and includes the other
; parts: text.asm (cursor, scroll, characters, teletype, string),
; gfx.asm (pixels and characters in graphics modes), misc.asm (palette,
; fonts, alternate select, DCC, state), vbe.asm (VBE 2.0 on the Bochs
; DISPI interface), tables.asm (mode tables, palettes) and the generated
; fonts (font8x*.inc, Terminus Font, see FONT-LICENSE).
;
; 8086-clean: no 186+ instructions (it runs with -cpu 8086 too).
        cpu 8086
        bits 16
        org 0

%include "pushpop.inc"

ROM_BLOCKS      equ 64                  ; 32 KiB

; BDA video fields (segment 40h)
BDA_MODE        equ 0x49
BDA_COLS        equ 0x4A
BDA_PAGESIZE    equ 0x4C
BDA_PAGESTART   equ 0x4E
BDA_CURPOS      equ 0x50
BDA_CURSHAPE    equ 0x60
BDA_PAGE        equ 0x62
BDA_CRTC        equ 0x63
BDA_MSR         equ 0x65
BDA_CGAPAL      equ 0x66
BDA_ROWS        equ 0x84
BDA_CHARH       equ 0x85
BDA_EGAINFO     equ 0x87
BDA_SWITCHES    equ 0x88
BDA_VGAFLAGS    equ 0x89
BDA_DCC         equ 0x8A
BDA_SAVEPTR     equ 0xA8

; INT 10h stack frame (see int10_entry)
F_AX    equ 0
F_BX    equ 2
F_CX    equ 4
F_DX    equ 6
F_SI    equ 8
F_DI    equ 10
F_BP    equ 12
F_DS    equ 14
F_ES    equ 16
F_AL    equ 0
F_AH    equ 1
F_BL    equ 2
F_BH    equ 3
F_CL    equ 4
F_CH    equ 5
F_DL    equ 6
F_DH    equ 7

; mode kinds (mode_info byte 1)
K_TEXT  equ 0
K_MONO  equ 1           ; mode 7 text
K_CGA4  equ 2           ; modes 4/5
K_CGA2  equ 3           ; mode 6
K_PLANAR equ 4          ; 0Dh-12h
K_256   equ 5           ; 13h

rom_start:
        db 0x55, 0xAA, ROM_BLOCKS
        jmp near vga_init               ; offset 3: init entry
        db 0
        times 0x18-($-$$) db 0
        dw pcir                         ; PCI data structure pointer (unused
        dw 0                            ;  by ISA but harmless)
        db 'IBM'                        ; some programs look for this at 1Eh
        times 0x40-($-$$) db 0
pcir:
banner: db 'px86 VGA BIOS (Terminus Font glyphs, OFL)', 13, 10, 0

;-----------------------------------------------------------------------------
; Init: called far by the system BIOS during option ROM scan.
vga_init:
        PUSHM ax, bx, cx, dx, si, di, ds, es
        xor ax, ax
        mov ds, ax
        mov word [0x10*4], int10_entry
        mov [0x10*4+2], cs
        mov word [0x1F*4], font8x8 + 128*8
        mov [0x1F*4+2], cs
        mov word [0x43*4], font8x8
        mov [0x43*4+2], cs
        mov ax, 0x40
        mov ds, ax
        mov byte [BDA_SWITCHES], 0xF9   ; feature 1111, switches 1001 (colour)
        mov byte [BDA_VGAFLAGS], 0x51   ; VGA active, 400 lines, DCC enabled
        mov byte [BDA_DCC], 0x08        ; DCC table entry: VGA colour
        mov byte [BDA_EGAINFO], 0x60    ; 256 KiB, not inactive
        mov word [BDA_SAVEPTR], save_pointer_table
        mov [BDA_SAVEPTR+2], cs
        ; Equipment word: initial video mode 80x25 colour (bits 5-4 = 10)
        and byte [0x10], 0xCF
        or byte [0x10], 0x20
        mov ax, 0x0003
        int 0x10
        POPM ax, bx, cx, dx, si, di, ds, es
        retf

;-----------------------------------------------------------------------------
; INT 10h entry: save everything, BP = frame, dispatch on AH.
int10_entry:
        sti
        cld
        PUSHM es, ds, bp, di, si, dx, cx, bx, ax
        mov bp, sp
%ifdef TRACE
        call trace_call                 ; debug builds: log AX, BX on port E9h
        push ax
        mov ax, bx
        call trace_call
        pop ax
%endif
        cmp ah, 0x4F
        je .vbe
        cmp ah, FUNC_COUNT
        jae .done
        mov si, ax
        mov cl, 8
        shr si, cl
        shl si, 1
        mov cx, [bp+F_CX]
        call [cs:func_table+si]
.done:
        POPM es, ds, bp, di, si, dx, cx, bx, ax
        iret
.vbe:
        call vbe_dispatch
        jmp .done

func_table:
        dw set_mode             ; 00
        dw set_cursor_shape     ; 01
        dw set_cursor_pos       ; 02
        dw get_cursor_pos       ; 03
        dw fn_nop               ; 04 light pen
        dw set_active_page      ; 05
        dw scroll_up            ; 06
        dw scroll_down          ; 07
        dw read_char_attr       ; 08
        dw write_char_attr      ; 09
        dw write_char_only      ; 0A
        dw set_cga_palette      ; 0B
        dw write_pixel          ; 0C
        dw read_pixel           ; 0D
        dw teletype             ; 0E
        dw get_mode             ; 0F
        dw palette_funcs        ; 10
        dw font_funcs           ; 11
        dw alt_select           ; 12
        dw write_string         ; 13
        dw fn_nop               ; 14
        dw fn_nop               ; 15
        dw fn_nop               ; 16
        dw fn_nop               ; 17
        dw fn_nop               ; 18
        dw fn_nop               ; 19
        dw display_combination  ; 1A
        dw functionality_state  ; 1B
        dw save_restore_state   ; 1C
FUNC_COUNT equ ($-func_table)/2

fn_nop:
        ret

%ifdef TRACE
trace_call:
        push ax
        push cx
        push dx
        mov dx, ax
        mov cx, 4
.h:     push cx
        mov cl, 4
        rol dx, cl
        pop cx
        mov al, dl
        and al, 0x0F
        add al, '0'
        cmp al, '9'
        jbe .d
        add al, 7
.d:     out 0xE9, al
        loop .h
        mov al, ' '
        out 0xE9, al
        pop dx
        pop cx
        pop ax
        ret
%endif

; DS = BDA segment (clobbers nothing else)
set_ds_bda:
        push ax
        mov ax, 0x40
        mov ds, ax
        pop ax
        ret

;-----------------------------------------------------------------------------
; Mode lookup: AL = mode (bit 7 clear) -> SI = mode_info entry, CF on error.
; mode_info entry: db param_index, kind, font height, dac kind
;                  dw segment, page count
find_mode:
        cmp al, 0x13
        ja .bad
        push ax
        xor ah, ah
        mov si, ax
        shl si, 1
        shl si, 1
        shl si, 1
        add si, mode_info
        pop ax
        cmp byte [cs:si], 0xFF
        je .bad
        clc
        ret
.bad:
        stc
        ret

; Current mode's info -> SI (DS = BDA)
current_mode_info:
        push ax
        mov al, [BDA_MODE]
        and al, 0x7F
        call find_mode
        jnc .ok
        mov si, mode_info + 3*8
.ok:
        pop ax
        ret

; AH=00h set mode AL (bit 7: don't clear memory).  Switches DISPI off
; first; after DISPI was on, the mode is programmed twice (QEMU's DISPI
; keeps shadow VGA state until the registers are rewritten once more).
set_mode:
        push ax
        mov dx, 0x1CE
        mov ax, 4
        out dx, ax
        inc dx
        in ax, dx
        test al, 1
        jz .off
        xor ax, ax
        out dx, ax
        pop ax
        push ax
        call set_mode_core
        pop ax
        jmp set_mode_core
.off:   pop ax
set_mode_core:
        call set_ds_bda
        mov ah, al
        and al, 0x7F
        call find_mode
        jnc .ok
        ret
.ok:
        mov [BDA_MODE], al
        and byte [BDA_EGAINFO], 0x7F
        test ah, 0x80
        jz .clrflag
        or byte [BDA_EGAINFO], 0x80
.clrflag:
        ; BX = parameter table entry
        mov bl, [cs:si]
        xor bh, bh
        mov cl, 6
        shl bx, cl
        add bx, video_params
        ; BDA
        mov al, [cs:bx]
        xor ah, ah
        mov [BDA_COLS], ax
        mov al, [cs:bx+1]
        mov [BDA_ROWS], al
        mov al, [cs:bx+2]
        mov [BDA_CHARH], ax
        mov ax, [cs:bx+3]
        mov [BDA_PAGESIZE], ax
        xor ax, ax
        mov [BDA_PAGESTART], ax
        mov [BDA_PAGE], al
        push di
        mov di, BDA_CURPOS
        mov cx, 8
.zc:    mov [di], ax
        inc di
        inc di
        loop .zc
        pop di
        mov al, [cs:bx+10+0x0B]         ; cursor end
        mov ah, [cs:bx+10+0x0A]         ; cursor start
        cmp byte [cs:si+1], K_MONO
        ja .gcur
        mov ax, 0x0607                  ; CGA-style shape, emulated (AH=01h)
.gcur:  mov [BDA_CURSHAPE], ax
        mov ax, 0x3D4
        test byte [cs:bx+9], 1
        jnz .col
        mov ax, 0x3B4
.col:   mov [BDA_CRTC], ax
        mov al, [BDA_MODE]
        cmp al, 7
        ja .nomsr
        push bx
        mov bl, al
        xor bh, bh
        mov al, [cs:msr_values+bx]
        mov [BDA_MSR], al
        pop bx
.nomsr:
        mov byte [BDA_CGAPAL], 0x30
        cmp byte [BDA_MODE], 6
        jne .pal
        mov byte [BDA_CGAPAL], 0x3F
.pal:
        call program_registers
        cmp byte [cs:si+1], K_MONO
        ja .notext
        call text_scanlines
.notext:
        ; DAC
        test byte [BDA_VGAFLAGS], 0x08
        jnz .nodac
        call load_dac
.nodac:
        ; memory
        test byte [BDA_EGAINFO], 0x80
        jnz .noclear
        call clear_video_memory
.noclear:
        ; font
        mov al, [cs:si+1]
        cmp al, K_MONO
        ja .gfxfont
        call load_text_font_for_mode
        jmp .fontdone
.gfxfont:
        push ds
        xor ax, ax
        mov ds, ax
        mov ax, font8x8
        cmp byte [cs:si+2], 14
        jne .f16
        mov ax, font8x14
.f16:   cmp byte [cs:si+2], 16
        jne .f8
        mov ax, font8x16
.f8:    mov [0x43*4], ax
        mov [0x43*4+2], cs
        pop ds
.fontdone:
        ; enable video (palette address source)
        mov dx, 0x3DA
        in al, dx
        mov dx, 0x3BA
        in al, dx
        mov dx, 0x3C0
        mov al, 0x20
        out dx, al
        ; cursor shape and position
        mov cx, [BDA_CURSHAPE]
        call program_cursor_shape_raw
        xor bh, bh
        call update_hw_cursor
        ret

; Text modes follow the scan-line count chosen with AH=12h BL=30h
; (40:89 bit 7 = 350 lines, bit 4 = 400 lines, neither = 200 lines):
; 350 lines use 8x14 characters (EGA timing), 200 lines 8x8 characters
; double-scanned in the 400-line frame.  Updates 40:85.  DS = BDA.
text_scanlines:
        test byte [BDA_VGAFLAGS], 0x80
        jnz .l350
        test byte [BDA_VGAFLAGS], 0x10
        jnz .r
        ; 200 lines: 8-line cells, double scanned
        mov word [BDA_CHARH], 8
        mov dx, [BDA_CRTC]
        mov ax, 0xC709
        out dx, ax
        ret
.l350:  mov word [BDA_CHARH], 14
        mov dx, 0x3C2
        mov al, 0xA7
        cmp word [BDA_CRTC], 0x3B4
        jne .c
        mov al, 0xA6
.c:     out dx, al
        mov dx, [BDA_CRTC]
        push si
        mov si, crtc350
.l:     mov ax, [cs:si]
        or ax, ax
        jz .d
        out dx, ax
        inc si
        inc si
        jmp .l
.d:     pop si
.r:     ret
; CRTC index/value pairs for 350-line text (vertical timing, 14-line cells)
crtc350: dw 0x4D09, 0x8310, 0x8511, 0x5D12, 0x6315, 0xBA16, 0
; (the overflow register 07h value 1Fh of the 400-line table also fits 350)

; mode select register values for modes 0-7 (40:65)
msr_values: db 0x2C, 0x28, 0x2D, 0x29, 0x2A, 0x2E, 0x1E, 0x29

; Program all registers from the parameter entry at CS:BX.
program_registers:
        push si
        ; sequencer: synchronous reset, then 1-4
        mov dx, 0x3C4
        mov ax, 0x0100
        out dx, ax
        mov cx, 4
        mov ah, 1
        lea si, [bx+5]
        call write_indexed_regs
        ; misc output
        mov dx, 0x3C2
        mov al, [cs:bx+9]
        out dx, al
        mov dx, 0x3C4
        mov ax, 0x0300
        out dx, ax
        ; CRTC: unlock 0-7, then write 0-24
        mov dx, [BDA_CRTC]
        mov al, 0x11
        out dx, al
        inc dx
        in al, dx
        and al, 0x7F
        out dx, al
        dec dx
        mov cx, 25
        xor ah, ah
        lea si, [bx+10]
        call write_indexed_regs
        ; attribute controller 0-19
        add dx, 6                       ; input status 1 resets the flip-flop
        in al, dx
        mov dx, 0x3C0
        mov cx, 20
        xor ah, ah
        lea si, [bx+35]
.ac:    mov al, ah
        out dx, al
        mov al, [cs:si]
        out dx, al
        inc si
        inc ah
        loop .ac
        ; graphics controller 0-8
        mov dx, 0x3CE
        mov cx, 9
        xor ah, ah
        lea si, [bx+55]
        call write_indexed_regs
        pop si
        ret

; Write CX bytes from CS:SI to consecutive registers of the index/data
; pair at DX (index port DX, data port DX+1), the first at index AH.
; Advances SI and AH past them; CX = 0 on return.
write_indexed_regs:
.l:     mov al, ah
        out dx, al
        inc dx
        mov al, [cs:si]
        out dx, al
        dec dx
        inc si
        inc ah
        loop .l
        ret

; Load the DAC for the mode at CS:SI (dac kind in byte 3).
load_dac:
        push si
        mov dx, 0x3C6
        mov al, 0xFF
        out dx, al
        mov dx, 0x3C8
        xor al, al
        out dx, al
        inc dx
        mov al, [cs:si+3]
        cmp al, 3
        je .d256
        ; 64-entry palettes computed from the index bits
        xor bx, bx
.e64:   call dac64_entry                ; BL = index, AL = kind -> outputs
        inc bl
        cmp bl, 64
        jb .e64
        ; the rest black
        mov cx, (256-64)*3
        xor al, al
.blk:   out dx, al
        loop .blk
        pop si
        ret
.d256:
        ; 0-15: the 16 EGA colours; 16-31 grey ramp; 32-247 6x6x6 cube
        mov bl, 0
.c16:   push ax
        mov al, 1
        call dac64_ega16
        pop ax
        inc bl
        cmp bl, 16
        jb .c16
        mov si, grey_ramp
        mov cx, 16
.gr:    mov al, [cs:si]
        out dx, al
        out dx, al
        out dx, al
        inc si
        loop .gr
        xor bx, bx                      ; BL = r, BH = g, CL = b (0..5)
.cube_r:
        xor bh, bh
.cube_g:
        xor cl, cl
.cube_b:
        mov al, bl
        call level6
        out dx, al
        mov al, bh
        call level6
        out dx, al
        mov al, cl
        call level6
        out dx, al
        inc cl
        cmp cl, 6
        jb .cube_b
        inc bh
        cmp bh, 6
        jb .cube_g
        inc bl
        cmp bl, 6
        jb .cube_r
        mov cx, 8*3
        xor al, al
.blk2:  out dx, al
        loop .blk2
        pop si
        ret

; AL = 0..5 -> AL = 0, 12, 25, 38, 51, 63
level6:
        push bx
        mov bl, al
        xor bh, bh
        mov al, [cs:level6_table+bx]
        pop bx
        ret
level6_table: db 0, 12, 25, 38, 51, 63
grey_ramp: db 0, 5, 8, 11, 14, 17, 20, 24, 28, 32, 36, 40, 45, 50, 56, 63

; Output DAC entry BL (0..63) for palette kind AL:
;   0 = EGA rgbRGB (350/400/480-line modes), 1 = CGA IRGB (200-line modes:
;   bit 4 = intensity), 2 = monochrome
dac64_entry:
        push ax
        cmp al, 2
        je .mono
        cmp al, 1
        je .cga
        ; rgbRGB: primary bits 0-2 give 2/3, secondary bits 3-5 give 1/3
        mov ah, bl
        mov cl, 2
        call ega_component      ; red: bits 2 and 5
        mov cl, 1
        call ega_component      ; green: bits 1 and 4
        mov cl, 0
        call ega_component      ; blue: bits 0 and 3
        pop ax
        ret
.cga:
        push bx
        mov bl, bl
        mov al, bl
        and al, 0x07
        test bl, 0x10
        jz .noint
        or al, 0x08
.noint: mov bl, al
        call dac64_ega16
        pop bx
        pop ax
        ret
.mono:
        xor al, al
        test bl, 0x08
        jz .m1
        add al, 0x2A
.m1:    test bl, 0x10
        jz .m2
        add al, 0x15
.m2:    out dx, al
        out dx, al
        out dx, al
        pop ax
        ret

; AH = rgbRGB index, CL = primary bit number -> outputs one component
ega_component:
        push ax
        xor al, al
        push cx
        mov ch, ah
        shr ch, cl
        test ch, 1
        jz .np
        add al, 0x2A
.np:    add cl, 3
        mov ch, ah
        shr ch, cl
        test ch, 1
        jz .ns
        add al, 0x15
.ns:    pop cx
        out dx, al
        pop ax
        ret

; BL = IRGB colour 0..15 -> outputs the CGA/EGA colour (brown for 6)
dac64_ega16:
        push ax
        push bx
        xor bh, bh
        mov al, bl
        mov ah, 0
        test bl, 8
        jz .i0
        mov ah, 0x15
.i0:    ; red
        mov al, ah
        test bl, 4
        jz .r0
        add al, 0x2A
.r0:    out dx, al
        ; green (brown: half green for colour 6)
        mov al, ah
        test bl, 2
        jz .g0
        add al, 0x2A
        cmp bl, 6
        jne .g0
        mov al, 0x15
.g0:    out dx, al
        mov al, ah
        test bl, 1
        jz .b0
        add al, 0x2A
.b0:    out dx, al
        pop bx
        pop ax
        ret

; Clear video memory for the mode at CS:SI
clear_video_memory:
        push es
        push di
        mov es, [cs:si+4]
        xor di, di
        mov al, [cs:si+1]
        cmp al, K_MONO
        ja .gfx
        mov ax, 0x0720
        mov cx, 0x4000
        rep stosw
        jmp .done
.gfx:
        cmp al, K_PLANAR
        jb .cga
        ; planar and 256: all planes, write mode 0, bit mask FF
        mov dx, 0x3C4
        mov ax, 0x0F02
        out dx, ax
        xor ax, ax
        mov cx, 0x8000
        rep stosw
        jmp .done
.cga:
        xor ax, ax
        mov cx, 0x4000
        rep stosw
.done:
        pop di
        pop es
        ret

; Load the ROM font matching the text mode at CS:SI into block 0.
load_text_font_for_mode:
        push es
        push bp
        mov ax, cs
        mov es, ax
        mov bp, font8x16
        mov bh, 16
        cmp byte [BDA_CHARH], 14
        jne .n14
        mov bp, font8x14
        mov bh, 14
.n14:   cmp byte [BDA_CHARH], 8
        jne .n8
        mov bp, font8x8
        mov bh, 8
.n8:    mov cx, 256
        xor dx, dx
        xor bl, bl
        call load_font_block
        pop bp
        pop es
        ret

; Load CX glyphs of BH bytes from ES:BP starting at char DX into font
; block BL (plane 2).  Saves/restores the text-mode memory setup.
load_font_block:
        PUSHM ax, bx, cx, dx, si, di, ds, es
        push cx
        push dx
        ; plane 2 only, sequential, A0000 64K
        mov dx, 0x3C4
        mov ax, 0x0100
        out dx, ax
        mov ax, 0x0402
        out dx, ax
        mov ax, 0x0704
        out dx, ax
        mov ax, 0x0300
        out dx, ax
        mov dx, 0x3CE
        mov ax, 0x0204
        out dx, ax
        mov ax, 0x0005
        out dx, ax
        mov ax, 0x0406
        out dx, ax
        pop dx
        pop cx
        ; destination: block base (0,16K,32K,48K,8K,24K,40K,56K) + DX*32
        push es
        pop ds
        mov si, bp
        mov al, bl
        and al, 3
        mov ah, al
        xor al, al
        shl ah, 1
        shl ah, 1
        shl ah, 1
        shl ah, 1
        shl ah, 1
        shl ah, 1                       ; AX = (bl&3) * 16K
        test bl, 4
        jz .nb
        add ah, 0x20
.nb:    mov di, ax
        push cx
        mov cl, 5
        shl dx, cl
        pop cx
        add di, dx
        mov ax, 0xA000
        mov es, ax
        jcxz .done
.glyph: push cx
        mov cl, bh
        xor ch, ch
        push di
        rep movsb
        pop di
        ; zero the rest of the 32-byte cell
        push di
        mov cl, bh
        xor ch, ch
        add di, cx
        mov cx, 32
        sub cl, bh
        xor al, al
        rep stosb
        pop di
        add di, 32
        pop cx
        loop .glyph
.done:
        ; restore text-mode memory setup
        mov dx, 0x3C4
        mov ax, 0x0100
        out dx, ax
        mov ax, 0x0302
        out dx, ax
        mov ax, 0x0204
        out dx, ax
        mov ax, 0x0300
        out dx, ax
        mov ax, 0x40
        mov ds, ax
        mov dx, 0x3CE
        mov ax, 0x0004
        out dx, ax
        mov ax, 0x1005
        out dx, ax
        mov ax, 0x0E06
        cmp word [BDA_CRTC], 0x3B4
        jne .c
        mov ax, 0x0A06
.c:     out dx, ax
        POPM ax, bx, cx, dx, si, di, ds, es
        ret

%include "text.asm"
%include "gfx.asm"
%include "misc.asm"
%include "vbe.asm"
%include "tables.asm"

        align 16
font8x8:
%include "font8x8.inc"
font8x14:
%include "font8x14.inc"
font8x16:
%include "font8x16.inc"

%include "checksum.inc"
        times ROM_BLOCKS*512-1-($-$$) db 0xFF
        db ROM_CHECKSUM
