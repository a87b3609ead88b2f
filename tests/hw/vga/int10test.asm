; tests/hw/vga/int10test.asm — INT 10h end-to-end test, as a bootable
; 1.44 MB floppy image (build/tests/hw/vga/int10test.bin).
;
; Exercises the VGA BIOS through INT 10h: get mode, cursor, write/read
; char+attr, teletype with scrolling, write string, scroll window, pixels in
; modes 04h/12h/13h, font info (1130h), alternate select (12h/BL=10h),
; display combination (1Ah), palette/DAC (10h) and VBE (4F00h-4F03h, banked
; window).  Each check prints "ok <name>" or "FAIL <name>" on the screen and
; on the debug console (port E9h); the last line is
; "INT10 DONE pass=NN fail=NN".  With -device isa-debug-exit the exit status
; is (fails<<1)|1 (so 1 means all passed).
; Run: px86 -fda int10test.bin -debugcon stdio -device isa-debug-exit
;      (or qemu-system-i386 -M isapc -fda ... -debugcon stdio ...)
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
        mov [boot_drive], dl
        ; load the rest (17 sectors) right after the boot sector
        mov ax, 0x0211
        mov cx, 0x0002
        xor dh, dh
        mov bx, 0x7E00
        int 0x13
        jc load_fail
        jmp main
load_fail:
        mov si, msg_load
.l:     lodsb
        or al, al
        jz .h
        mov ah, 0x0E
        int 0x10
        jmp .l
.h:     hlt
        jmp .h
msg_load: db 'load failed', 0
boot_drive: db 0
        times 510-($-$$) db 0
        dw 0xAA55

;---------------------------------------------------------------------------
main:
        ; ---- mode 3 basics
        mov ax, 0x0003
        int 0x10
        mov ah, 0x0F
        int 0x10
        cmp ax, 0x5003
        call check
        db 'get mode 03h', 0

        mov ax, 0x40
        mov es, ax
        cmp word [es:0x4A], 80
        call check
        db 'BDA columns', 0
        cmp byte [es:0x84], 24
        call check
        db 'BDA rows-1', 0
        cmp word [es:0x85], 16
        call check
        db 'BDA char height', 0
        cmp word [es:0x63], 0x3D4
        call check
        db 'BDA CRTC port', 0
        xor ax, ax
        mov es, ax

        ; cursor position round trip
        mov ah, 0x02
        xor bh, bh
        mov dx, 0x050A
        int 0x10
        mov ah, 0x03
        xor bh, bh
        int 0x10
        cmp dx, 0x050A
        call check
        db 'cursor position', 0

        ; write char+attr, read back, check video memory
        mov ax, 0x0958
        mov bx, 0x001E
        mov cx, 3
        int 0x10
        mov ah, 0x08
        xor bh, bh
        int 0x10
        cmp ax, 0x1E58
        call check
        db 'write/read char attr', 0
        push es
        mov ax, 0xB800
        mov es, ax
        cmp word [es:(5*80+12)*2], 0x1E58
        pop es
        call check
        db 'char in video memory', 0

        ; write char only keeps the attribute
        mov ax, 0x0A41
        mov cx, 1
        xor bh, bh
        int 0x10
        mov ah, 0x08
        int 0x10
        cmp ax, 0x1E41
        call check
        db 'write char only', 0

        ; scroll a window up by one: row 5 moves to row 4
        mov ax, 0x0601
        mov bh, 0x07
        mov cx, 0x0400
        mov dx, 0x064F
        int 0x10
        push es
        mov ax, 0xB800
        mov es, ax
        cmp word [es:(4*80+10)*2], 0x1E41
        pop es
        call check
        db 'scroll up window', 0
        ; scroll down by two: row 4 -> row 6
        mov ax, 0x0702
        mov bh, 0x07
        mov cx, 0x0400
        mov dx, 0x084F
        int 0x10
        push es
        mov ax, 0xB800
        mov es, ax
        cmp word [es:(6*80+10)*2], 0x1E41
        jne .sd
        cmp word [es:(4*80+10)*2], 0x0720
.sd:    pop es
        call check
        db 'scroll down window', 0

        ; write string with attributes, cursor moved
        mov ax, 0x1301
        mov bx, 0x002F
        mov cx, str_len
        mov dx, 0x0A00
        push cs
        pop es
        mov bp, str_hello
        int 0x10
        xor ax, ax
        mov es, ax
        mov ah, 0x03
        xor bh, bh
        int 0x10
        cmp dx, 0x0A00 + str_len
        call check
        db 'write string cursor', 0

        ; teletype wraps and scrolls: fill to the bottom line
        mov ah, 0x02
        xor bh, bh
        mov dx, 0x1800
        int 0x10
        mov ax, 0x0E5A                  ; 'Z' on the last line
        int 0x10
        mov ax, 0x0E0D
        int 0x10
        mov ax, 0x0E0A                  ; LF on the last line scrolls
        int 0x10
        mov ah, 0x03
        xor bh, bh
        int 0x10
        cmp dx, 0x1800
        call check
        db 'teletype LF at bottom', 0
        push es
        mov ax, 0xB800
        mov es, ax
        cmp byte [es:(23*80)*2], 'Z'
        pop es
        call check
        db 'teletype scrolled', 0

        ; write string that scrolls the screen, cursor moved: 20 chars from
        ; row 24 column 70 end on row 24 column 10 after one scroll
        mov ax, 0x1301
        mov bx, 0x0007
        mov cx, 20
        mov dx, 0x1846
        push cs
        pop es
        mov bp, str_twenty
        int 0x10
        xor ax, ax
        mov es, ax
        mov ah, 0x03
        xor bh, bh
        int 0x10
        cmp dx, 0x180A
        call check
        db 'write string scrolling cursor', 0

        ; cursor shape
        mov ah, 0x01
        mov cx, 0x0607
        int 0x10
        mov ah, 0x03
        xor bh, bh
        int 0x10
        cmp cx, 0x0607
        call check
        db 'cursor shape', 0

        ; font information 1130h BH=6 (8x16)
        push es
        push bp
        mov ax, 0x1130
        mov bh, 6
        int 0x10
        cmp cx, 16
        jne .fi
        ; 'A' glyph must not be blank
        mov si, bp
        add si, 0x41*16
        xor al, al
        mov cx, 16
.fo:    or al, [es:si]
        inc si
        loop .fo
        cmp al, 0
        jne .fy
        cmp al, 1
        jmp .fi
.fy:    cmp al, al
.fi:    pop bp
        pop es
        call check
        db 'font info 1130h', 0

        ; alternate select: EGA info
        mov ah, 0x12
        mov bl, 0x10
        int 0x10
        cmp bx, 0x0003
        call check
        db 'alt select BL=10h', 0

        ; display combination
        mov ax, 0x1A00
        int 0x10
        cmp al, 0x1A
        jne .dc
        cmp bl, 0x08
.dc:    call check
        db 'display combination', 0

        ; DAC write/read
        mov ax, 0x1010
        mov bx, 0x0020
        mov dh, 0x11
        mov cx, 0x2233
        int 0x10
        mov ax, 0x1015
        mov bx, 0x0020
        xor cx, cx
        xor dx, dx
        int 0x10
        cmp cx, 0x2233
        jne .dac
        cmp dh, 0x11
.dac:   call check
        db 'DAC set/read', 0

        ; display pages: page 1 starts at B800:1000, has its own cursor
        mov ax, 0x0501
        int 0x10
        mov ah, 0x0F
        int 0x10
        mov [pg_bh], bh
        mov ah, 0x02
        mov bh, 1
        mov dx, 0x0000
        int 0x10
        mov ax, 0x0950
        mov bx, 0x0124
        mov cx, 1
        int 0x10
        mov ax, 0x0500
        int 0x10
        push es
        mov ax, 0xB800
        mov es, ax
        mov ax, [es:0x1000]
        pop es
        cmp byte [pg_bh], 1
        jne .pg
        cmp ax, 0x2450
.pg:    call check
        db 'display page 1', 0

        ; INT 10h keeps the registers it does not return values in
        mov si, 0x1234
        mov di, 0x5678
        mov bp, 0x9ABC
        mov ax, 0x0E2E
        mov bx, 0x0007
        mov cx, 0x1111
        mov dx, 0x2222
        int 0x10
        cmp si, 0x1234
        jne .rp
        cmp di, 0x5678
        jne .rp
        cmp bp, 0x9ABC
        jne .rp
        cmp cx, 0x1111
        jne .rp
        cmp dx, 0x2222
        jne .rp
        cmp bx, 0x0007
.rp:    call check
        db 'registers preserved', 0

        ; save/restore state: size, save, change DAC 20h, restore
        mov ax, 0x1C00
        mov cx, 7
        int 0x10
        mov [ssz], bx
        mov [sal], al
        mov ax, 0x1C01
        mov cx, 7
        push cs
        pop es
        mov bx, state_buf
        int 0x10
        mov ax, 0x1010
        mov bx, 0x0020
        mov dh, 0x01
        mov cx, 0x0203
        int 0x10
        mov ax, 0x1C02
        mov cx, 7
        mov bx, state_buf
        int 0x10
        xor ax, ax
        mov es, ax
        mov ax, 0x1015
        mov bx, 0x0020
        int 0x10
        cmp byte [sal], 0x1C
        jne .ss
        cmp word [ssz], 1
        jb .ss
        cmp word [ssz], 32
        ja .ss
        cmp cx, 0x2233
        jne .ss
        cmp dh, 0x11
.ss:    call check
        db 'save/restore state', 0
        ; BEL does not move the cursor
        mov ah, 0x03
        xor bh, bh
        int 0x10
        push dx
        mov ax, 0x0E07
        int 0x10
        mov ah, 0x03
        xor bh, bh
        int 0x10
        pop ax
        cmp ax, dx
        call check
        db 'teletype BEL', 0

        ; ---- mode 13h pixels
        mov ax, 0x0013
        int 0x10
        mov ax, 0x0C2A
        xor bh, bh
        mov cx, 100
        mov dx, 50
        int 0x10
        mov ah, 0x0D
        int 0x10
        mov [res13], al
        push es
        mov ax, 0xA000
        mov es, ax
        mov al, [es:50*320+100]
        pop es
        mov [mem13], al
        mov al, 'Q'
        call gfx_char_roundtrip
        mov [rc13], al
        ; ---- mode 12h pixels
        mov ax, 0x0012
        int 0x10
        mov ax, 0x0C05
        xor bh, bh
        mov cx, 301
        mov dx, 200
        int 0x10
        mov ah, 0x0D
        int 0x10
        mov [res12], al
        ; mode 0Dh has 8 pages of 8 KiB: a pixel on page 1 lands at A000:2000+
        mov ax, 0x000D
        int 0x10
        mov ax, 0x0C0F
        mov bh, 1
        xor cx, cx
        xor dx, dx
        int 0x10
        push es
        mov ax, 0xA000
        mov es, ax
        mov al, [es:0x2000]             ; latches <- page 1, offset 0
        pop es
        mov dx, 0x3CE                   ; read plane 3
        mov ax, 0x0304
        out dx, ax
        push es
        mov ax, 0xA000
        mov es, ax
        mov al, [es:0x2000]
        pop es
        mov [pg0d], al
        mov ax, 0x0004
        out dx, ax
        mov ah, 0x0D
        mov bh, 1
        xor cx, cx
        xor dx, dx
        int 0x10
        mov [pg0dr], al
        mov ax, 0x0012
        int 0x10
        mov al, 'g'
        call gfx_char_roundtrip
        mov [rc12], al
        ; ---- mode 04h pixels
        mov ax, 0x0004
        int 0x10
        mov ax, 0x0C03
        xor bh, bh
        mov cx, 33
        mov dx, 77
        int 0x10
        mov ah, 0x0D
        int 0x10
        mov [res04], al
        mov ah, 0x0F
        int 0x10
        mov [mode04], al
        mov al, '#'
        call gfx_char_roundtrip
        mov [rc04], al
%ifndef NO_VBE
        ; ---- VBE
        mov ax, 0x4F00
        mov di, vbe_buf
        int 0x10
        mov [vbe0], ax
        mov ax, [vbe_buf]
        mov [vbesig], ax
        mov ax, 0x4F01
        mov cx, 0x101
        mov di, vbe_buf
        int 0x10
        mov [vbe1], ax
        mov ax, [vbe_buf+18]
        mov [vbex], ax
        mov ax, [vbe_buf+42]
        mov [vbelfb], ax
        mov ax, 0x4F02
        mov bx, 0x0101
        int 0x10
        mov [vbe2], ax
        ; banked write at pixel (10, 200) = offset 128010 -> bank 1
        mov ax, 0x4F05
        xor bx, bx
        mov dx, 1
        int 0x10
        push es
        mov ax, 0xA000
        mov es, ax
        mov byte [es:128010-65536], 0x77
        mov al, [es:128010-65536]
        pop es
        mov [vbebank], al
        mov ax, 0x4F03
        int 0x10
        mov [vbe3], bx
%endif

        ; ---- back to text and report
        mov ax, 0x0003
        int 0x10
%ifdef TWICE
        mov ax, 0x0003
        int 0x10
%endif
        mov al, [res13]
        cmp al, 0x2A
        jne .m13
        cmp byte [mem13], 0x2A
.m13:   call check
        db 'mode 13h pixel', 0
        cmp byte [res12], 5
        call check
        db 'mode 12h pixel', 0
        cmp byte [pg0d], 0x80
        jne .p0d
        cmp byte [pg0dr], 0x0F
.p0d:   call check
        db 'mode 0Dh pixel on page 1', 0
        cmp byte [res04], 3
        call check
        db 'mode 04h pixel', 0
        cmp byte [mode04], 4
        call check
        db 'get mode 04h', 0
        cmp byte [rc13], 'Q'
        call check
        db 'mode 13h read char', 0
        cmp byte [rc12], 'g'
        call check
        db 'mode 12h read char', 0
        cmp byte [rc04], '#'
        call check
        db 'mode 04h read char', 0
        cmp word [vbe0], 0x004F
        jne .v0
        cmp word [vbesig], 'VE'
.v0:    call check
        db 'VBE 4F00h', 0
        cmp word [vbe1], 0x004F
        jne .v1
        cmp word [vbex], 640
.v1:    call check
        db 'VBE 4F01h', 0
        cmp word [vbelfb], 0xE000
        call check
        db 'VBE LFB address', 0
        cmp word [vbe2], 0x004F
        call check
        db 'VBE 4F02h', 0
        cmp byte [vbebank], 0x77
        call check
        db 'VBE banked window', 0
        mov ax, [vbe3]
        cmp ax, 0x0101
        call check
        db 'VBE 4F03h', 0

        ; 8x8 font -> 50 rows; teletype at the bottom scrolls at row 49
        mov ax, 0x1112
        xor bl, bl
        int 0x10
        push es
        mov ax, 0x40
        mov es, ax
        mov al, [es:0x84]
        pop es
        cmp al, 49
        call check
        db '1112h 50 rows', 0
        ; 350 scan lines: 8x14 text, then 8x8 gives 43 rows
        mov ax, 0x1201
        mov bl, 0x30
        int 0x10
        mov [sl350], al
        mov ax, 0x0003
        int 0x10
        push es
        mov ax, 0x40
        mov es, ax
        mov al, [es:0x85]
        mov [ch350], al
        pop es
        mov ax, 0x1112
        xor bl, bl
        int 0x10
        push es
        mov ax, 0x40
        mov es, ax
        mov al, [es:0x84]
        pop es
        mov [rows350], al
        mov ax, 0x1202                  ; back to 400 lines
        mov bl, 0x30
        int 0x10
        ; back to 25 rows for the report
        mov ax, 0x0003
        int 0x10
        cmp byte [sl350], 0x12
        call check
        db '12h BL=30h', 0
        cmp byte [ch350], 14
        call check
        db '350-line text 8x14', 0
        cmp byte [rows350], 42
        call check
        db '350-line 8x8 43 rows', 0

        ; summary (log), then show the whole log on the screen
        mov si, msg_done
        call print
        mov al, [npass]
        call print_dec
        mov si, msg_fail
        call print
        mov al, [nfail]
        call print_dec
        mov si, msg_nl
        call print
        call show_log
        ; isa-debug-exit: status = (value << 1) | 1
        mov al, [nfail]
        out 0xF4, al                    ; px86 / QEMU iobase=0xf4
.halt:  hlt
        jmp .halt

; Write character AL at row 2, column 3 (colour 5) in the current graphics
; mode and read it back with AH=08h -> AL.
gfx_char_roundtrip:
        push ax
        mov ah, 0x02
        xor bh, bh
        mov dx, 0x0203
        int 0x10
        pop ax
        mov ah, 0x09
        mov bx, 0x0005
        mov cx, 1
        int 0x10
        mov ah, 0x08
        xor bh, bh
        int 0x10
        ret

; ZF set = pass.  The check name follows the call (NUL-terminated).
check:
        pop si
        pushf
        push ax
        jz .pass
        inc byte [nfail]
        push si
        mov si, msg_failed
        call print
        pop si
        call print_hex
        jmp .name
.pass:  inc byte [npass]
        push si
        mov si, msg_ok
        call print
        pop si
.name:  call print
        push si
        mov si, msg_nl
        call print
        pop si
        pop ax
        popf
        jmp si

; Log the NUL-terminated string at CS:SI (SI ends after the NUL) to the
; debug console and to log_buf (shown on the screen at the end, so the
; checks themselves never disturb the screen under test).
print:
        push ax
        push di
        mov di, [log_ptr]
.l:     cs lodsb
        or al, al
        jz .e
        out 0xE9, al
        cmp di, log_end - 1
        jae .l
        mov [di], al
        inc di
        jmp .l
.e:     mov [log_ptr], di
        pop di
        pop ax
        ret

; Show the log on the screen with teletype output.
show_log:
        mov si, log_buf
.l:     cmp si, [log_ptr]
        jae .e
        lodsb
        mov ah, 0x0E
        xor bh, bh
        mov bl, 7
        int 0x10
        jmp .l
.e:     ret

; AX in hex + space on the debug console (diagnostics for failures)
print_hex:
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

print_dec:
        push ax
        push bx
        xor ah, ah
        mov bl, 10
        div bl
        add ax, 0x3030
        call put_char
        mov al, ah
        call put_char
        pop bx
        pop ax
        ret

; AL -> debug console and log
put_char:
        push di
        out 0xE9, al
        mov di, [log_ptr]
        cmp di, log_end - 1
        jae .f
        mov [di], al
        inc word [log_ptr]
.f:     pop di
        ret

msg_ok:     db 'ok ', 0
msg_failed: db 'FAIL ', 0
msg_nl:     db 13, 10, 0
msg_done:   db 'INT10 DONE pass=', 0
msg_fail:   db ' fail=', 0
str_twenty: db 'twenty characters...'
str_hello:  db 'Hello, VGA'
str_len     equ $-str_hello
npass:  db 0
nfail:  db 0
res13:  db 0
mem13:  db 0
res12:  db 0
res04:  db 0
mode04: db 0
vbe0:   dw 0
vbesig: dw 0
vbe1:   dw 0
vbex:   dw 0
vbe2:   dw 0
vbebank: db 0
vbe3:   dw 0
vbelfb: dw 0
rc13:   db 0
rc12:   db 0
rc04:   db 0
sl350:  db 0
ch350:  db 0
rows350: db 0
ssz:    dw 0
sal:    db 0
pg_bh:  db 0
pg0d:   db 0
pg0dr:  db 0
log_ptr: dw log_buf
%if ($-$$) > 18*512
%error "code and data must fit in the 18 sectors the boot sector loads"
%endif
        align 16
vbe_buf: times 512 db 0
state_buf: times 2048 db 0
log_buf: times 2048 db 0
log_end:
        times 26*512-($-$$) db 0
        times 1474560-($-$$) db 0
