; bios/pcbios/keyboard.asm — IRQ1 (INT 09h) keyboard decoding and the
; INT 16h keyboard services.
;
; The 8042 translates the keyboard's scancode set 2 into set 1, so we see
; make codes 01h-58h, break = make | 80h, E0h prefixes for the keys the
; 101-key keyboard added, and E1h 1Dh 45h ... for Pause.  Keys are stored in
; the ring buffer at 40:1E as (scancode << 8) | ASCII (IBM PC/AT Technical
; Reference, "Keyboard encoding and usage").

; Per scancode 00h..58h: normal, shift, ctrl, alt words (0 = no key).
%macro K 4
        dw %1, %2, %3, %4
%endmacro
; letter key: scancode, lowercase letter
%macro KL 2
        dw (%1 << 8) | %2, (%1 << 8) | (%2 - 20h), (%1 << 8) | (%2 - 60h), (%1 << 8)
%endmacro

kbd_table:
        K 0, 0, 0, 0                                            ; 00
        K 011Bh, 011Bh, 011Bh, 0100h                            ; 01 Esc
        K 0231h, 0221h, 0, 7800h                                ; 02 1 !
        K 0332h, 0340h, 0300h, 7900h                            ; 03 2 @
        K 0433h, 0423h, 0, 7A00h                                ; 04 3 #
        K 0534h, 0524h, 0, 7B00h                                ; 05 4 $
        K 0635h, 0625h, 0, 7C00h                                ; 06 5 %
        K 0736h, 075Eh, 071Eh, 7D00h                            ; 07 6 ^
        K 0837h, 0826h, 0, 7E00h                                ; 08 7 &
        K 0938h, 092Ah, 0, 7F00h                                ; 09 8 *
        K 0A39h, 0A28h, 0, 8000h                                ; 0A 9 (
        K 0B30h, 0B29h, 0, 8100h                                ; 0B 0 )
        K 0C2Dh, 0C5Fh, 0C1Fh, 8200h                            ; 0C - _
        K 0D3Dh, 0D2Bh, 0, 8300h                                ; 0D = +
        K 0E08h, 0E08h, 0E7Fh, 0E00h                            ; 0E Backspace
        K 0F09h, 0F00h, 9400h, 0A500h                           ; 0F Tab
        KL 10h, 'q'
        KL 11h, 'w'
        KL 12h, 'e'
        KL 13h, 'r'
        KL 14h, 't'
        KL 15h, 'y'
        KL 16h, 'u'
        KL 17h, 'i'
        KL 18h, 'o'
        KL 19h, 'p'
        K 1A5Bh, 1A7Bh, 1A1Bh, 1A00h                            ; 1A [ {
        K 1B5Dh, 1B7Dh, 1B1Dh, 1B00h                            ; 1B ] }
        K 1C0Dh, 1C0Dh, 1C0Ah, 1C00h                            ; 1C Enter
        K 0, 0, 0, 0                                            ; 1D Ctrl
        KL 1Eh, 'a'
        KL 1Fh, 's'
        KL 20h, 'd'
        KL 21h, 'f'
        KL 22h, 'g'
        KL 23h, 'h'
        KL 24h, 'j'
        KL 25h, 'k'
        KL 26h, 'l'
        K 273Bh, 273Ah, 0, 2700h                                ; 27 ; :
        K 2827h, 2822h, 0, 2800h                                ; 28 ' "
        K 2960h, 297Eh, 0, 2900h                                ; 29 ` ~
        K 0, 0, 0, 0                                            ; 2A LShift
        K 2B5Ch, 2B7Ch, 2B1Ch, 2B00h                            ; 2B \ |
        KL 2Ch, 'z'
        KL 2Dh, 'x'
        KL 2Eh, 'c'
        KL 2Fh, 'v'
        KL 30h, 'b'
        KL 31h, 'n'
        KL 32h, 'm'
        K 332Ch, 333Ch, 0, 3300h                                ; 33 , <
        K 342Eh, 343Eh, 0, 3400h                                ; 34 . >
        K 352Fh, 353Fh, 0, 3500h                                ; 35 / ?
        K 0, 0, 0, 0                                            ; 36 RShift
        K 372Ah, 372Ah, 9600h, 3700h                            ; 37 keypad *
        K 0, 0, 0, 0                                            ; 38 Alt
        K 3920h, 3920h, 3920h, 3920h                            ; 39 Space
        K 0, 0, 0, 0                                            ; 3A CapsLock
%assign fk 0
%rep 10                                                         ; 3B..44 F1..F10
        K (3Bh+fk) << 8, (54h+fk) << 8, (5Eh+fk) << 8, (68h+fk) << 8
%assign fk fk+1
%endrep
        K 0, 0, 0, 0                                            ; 45 NumLock
        K 0, 0, 0, 0                                            ; 46 ScrollLock
        K 4700h, 4737h, 7700h, 0                                ; 47 Home 7
        K 4800h, 4838h, 8D00h, 0                                ; 48 Up 8
        K 4900h, 4939h, 8400h, 0                                ; 49 PgUp 9
        K 4A2Dh, 4A2Dh, 8E00h, 4A00h                            ; 4A keypad -
        K 4B00h, 4B34h, 7300h, 0                                ; 4B Left 4
        K 4C00h, 4C35h, 8F00h, 0                                ; 4C 5
        K 4D00h, 4D36h, 7400h, 0                                ; 4D Right 6
        K 4E2Bh, 4E2Bh, 9000h, 4E00h                            ; 4E keypad +
        K 4F00h, 4F31h, 7500h, 0                                ; 4F End 1
        K 5000h, 5032h, 9100h, 0                                ; 50 Down 2
        K 5100h, 5133h, 7600h, 0                                ; 51 PgDn 3
        K 5200h, 5230h, 9200h, 0                                ; 52 Ins 0
        K 5300h, 532Eh, 9300h, 0                                ; 53 Del .
        K 0, 0, 0, 0                                            ; 54 SysReq
        K 0, 0, 0, 0                                            ; 55
        K 565Ch, 567Ch, 0, 0                                    ; 56 102nd key \ |
        K 8500h, 8700h, 8900h, 8B00h                            ; 57 F11
        K 8600h, 8800h, 8A00h, 8C00h                            ; 58 F12
KBD_TABLE_LAST equ 58h

; Grey (E0-prefixed) cursor block 47h..53h: ctrl and alt codes.  The normal
; and shifted codes are the scancode with ASCII E0h.
kbd_grey_ctrl:  db 77h, 8Dh, 84h, 0, 73h, 0, 74h, 0, 75h, 91h, 76h, 92h, 93h
kbd_grey_alt:   db 97h, 98h, 99h, 0, 9Bh, 0, 9Dh, 0, 9Fh, 0A0h, 0A1h, 0A2h, 0A3h
; keypad digit of scancodes 47h..53h for Alt+number entry (FFh = none)
kbd_pad_digit:  db 7, 8, 9, 0FFh, 4, 5, 6, 0FFh, 1, 2, 3, 0, 0FFh

; Bytes whose whole effect is one BDA flag bit: code, bit, flag byte.
%macro KFLAG 3
        db %1, %3
        dw %2
%endmacro
; Set when they arrive: keyboard replies and scancode prefixes.
kbd_reply_bits:
        KFLAG 0FAh, BDA_KB_LEDS, 10h    ; ACK
        KFLAG 0FEh, BDA_KB_LEDS, 20h    ; Resend
        KFLAG 0E0h, BDA_KB_FLAGS3, 02h  ; E0 prefix
        KFLAG 0E1h, BDA_KB_FLAGS3, 01h  ; E1 prefix (Pause)
KBD_REPLY_ROWS equ 4
; Set on make, cleared on break (the Shift keys); the lock keys' "held"
; bits are only cleared on break here, their make toggles (kbd_toggle).
kbd_held_bits:
        KFLAG 2Ah, BDA_KB_FLAGS1, 02h   ; left Shift
        KFLAG 36h, BDA_KB_FLAGS1, 01h   ; right Shift
KBD_SHIFT_ROWS equ 2
        KFLAG 3Ah, BDA_KB_FLAGS2, 40h   ; Caps Lock held
        KFLAG 45h, BDA_KB_FLAGS2, 20h   ; Num Lock held
        KFLAG 46h, BDA_KB_FLAGS2, 10h   ; Scroll Lock held
KBD_HELD_ROWS equ 5

; ---------------------------------------------------------------------------
int09_handler:
        PUSHM ax, bx, cx, dx, si, di, ds, es
        cld
        mov ax, BDA_SEG
        mov ds, ax
        ; a byte we already polled (LED/command replies) leaves a latched
        ; edge behind: only decode when the 8042 really holds keyboard data
        in al, 60h
        ; keyboard intercept: INT 15h AH=4Fh may change or swallow the code
        mov ah, 4Fh
        stc
        int 15h
        jc .process
        jmp .eoi
.process:
        call kbd_decode
.eoi:   cli
        mov al, 61h                 ; specific EOI for IRQ1 (Pause may have sent one already)
        out 20h, al
        POPM ax, bx, cx, dx, si, di, ds, es
        iret

; AL = scancode, DS = BDA.  Runs with interrupts off.
kbd_decode:
        ; controller/keyboard replies and prefixes
        mov si, kbd_reply_bits
        mov cx, KBD_REPLY_ROWS
        call kbd_flag_row
        jnc .nflag
        or [di], cl
        ret
.nflag: cmp al, 0
        je .ret0
        cmp al, 0FFh                ; overrun
        jne .ne1
.ret0:  ret
.ne1:   ; Pause sequence E1 1D 45 E1 9D C5
        test byte [BDA_KB_FLAGS3], 01h
        jz .notpause
        mov ah, al
        and ah, 7Fh
        cmp ah, 1Dh
        je .ret0                    ; keep the E1 state for the 45h/C5h that follows
        and byte [BDA_KB_FLAGS3], 0FEh
        cmp al, 45h
        jne .ret0
        jmp kbd_pause
.notpause:
        ; any make code (other than shift keys) ends a pause
        test byte [BDA_KB_FLAGS2], 08h
        jz .nopaused
        test al, 80h
        jnz .nopaused
        call kbd_is_shift_key
        jc .nopaused
        and byte [BDA_KB_FLAGS2], 0F7h
        and byte [BDA_KB_FLAGS3], 0FCh
        ret
.nopaused:
        mov bl, [BDA_KB_FLAGS3]
        and byte [BDA_KB_FLAGS3], 0FCh  ; consume the prefix
        mov bh, bl
        and bh, 02h                 ; BH = 02h if this key had an E0 prefix
        mov ah, al
        and ah, 7Fh                 ; AH = make code
        ; E0 2A / E0 36 are fake shifts sent around grey keys: ignore
        test bh, bh
        jz .notfake
        cmp ah, 2Ah
        je .ret0
        cmp ah, 36h
        je .ret0
.notfake:
        test al, 80h
        jz .make
        jmp kbd_break
.make:  jmp kbd_make

; CF=1 if AL (make code) is a shift/toggle key.
kbd_is_shift_key:
        push ax
        and al, 7Fh
        cmp al, 1Dh
        je .yes
        cmp al, 2Ah
        je .yes
        cmp al, 36h
        je .yes
        cmp al, 38h
        je .yes
        cmp al, 3Ah
        je .yes
        cmp al, 45h
        je .yes
        cmp al, 46h
        je .yes
        pop ax
        clc
        ret
.yes:   pop ax
        stc
        ret

; Pause: flag it, acknowledge the PIC and spin (interrupts on) until the
; next key clears the flag (the decoder above does that).
kbd_pause:
        test byte [BDA_KB_FLAGS1], 04h  ; Ctrl+Pause is Break
        jz .p
        jmp kbd_break_key
.p:     or byte [BDA_KB_FLAGS2], 08h
        mov al, 20h
        out 20h, al
.w:     sti
        hlt
        cli
        test byte [BDA_KB_FLAGS2], 08h
        jnz .w
        ret

; Key release: AH = make code, BH = E0 flag.
kbd_break:
        mov al, ah
        mov si, kbd_held_bits
        mov cx, KBD_HELD_ROWS
        call kbd_flag_row
        jnc .n2
        not cl
        and [di], cl
        ret
.n2:    cmp ah, 1Dh
        jne .n3
        mov cl, 04h                 ; Ctrl
        jmp kbd_dual_break
.n3:    cmp ah, 38h
        jne .n4
        mov cl, 08h                 ; Alt
        call kbd_dual_break
        jnz .r                      ; the other Alt key is still down
        ; Alt released: deliver an Alt+keypad number
        xor al, al
        xchg al, [BDA_KB_ALTNUM]
        test al, al
        jz .r
        xor ah, ah
        jmp kbd_store
.r:     ret
.n4:    cmp ah, 52h
        jne .n8
        test bh, bh
        jnz .ins
        test byte [BDA_KB_FLAGS1], 20h  ; keypad 0 with NumLock is not Insert
        jnz .r
.ins:   and byte [BDA_KB_FLAGS2], 7Fh
        ret
.n8:    cmp ah, 54h
        jne .r
        and byte [BDA_KB_FLAGS2], 0FBh
        mov ax, 8501h               ; SysReq released
        int 15h
        ret

; Key press: AH = make code, BH = E0 flag.
kbd_make:
        mov al, ah
        mov si, kbd_held_bits
        mov cx, KBD_SHIFT_ROWS
        call kbd_flag_row
        jnc .n2
        or [di], cl
        ret
.n2:    mov cl, 04h                 ; Ctrl
        cmp al, 1Dh
        je .dual
        mov cl, 08h                 ; Alt
        cmp al, 38h
        jne .n4
.dual:  jmp kbd_dual_make
.n4:    cmp al, 3Ah
        jne .n5
        mov cl, 40h                 ; Caps: toggle bit 6 once per press
        jmp kbd_toggle
.n5:    cmp al, 45h
        jne .n6
        mov cl, 20h
        jmp kbd_toggle
.n6:    cmp al, 46h
        jne .n7
        test bh, bh                 ; E0 46 = Ctrl+Break on 101-key keyboards
        jnz .brk
        test byte [BDA_KB_FLAGS1], 04h  ; Ctrl+ScrollLock = Break (84-key)
        jnz .brk
        mov cl, 10h
        jmp kbd_toggle
.brk:   jmp kbd_break_key
.n7:    cmp al, 54h
        jne .n8
        test byte [BDA_KB_FLAGS2], 04h
        jnz .ret
        or byte [BDA_KB_FLAGS2], 04h
        mov ax, 8500h               ; SysReq pressed
        int 15h
.ret:   ret
.n8:    cmp al, 53h                 ; Ctrl+Alt+Del: warm boot
        jne .n9
        mov cl, [BDA_KB_FLAGS1]
        and cl, 0Ch
        cmp cl, 0Ch
        jne .n9
        mov word [BDA_RESET_FLAG], 1234h
        ; reset the CPU through the 8042 (leaves protected/V86 mode too);
        ; should that do nothing, restart POST directly
        mov ax, CMOS_SHUTDOWN       ; shutdown code 0: normal POST
        call cmos_write
        call kbc_wait_write
        mov al, 0FEh
        out 64h, al
        mov cx, 700
        call delay_15us
        jmp 0F000h:0FFF0h
.n9:    cmp al, 37h                 ; Print Screen (E0 37, or Shift+keypad * on 84-key)
        jne .n10
        test bh, bh
        jz .n10
        test byte [BDA_KB_FLAGS1], 08h
        jnz .n10
        sti
        int 05h
        cli
        ret
.n10:   cmp al, 52h                 ; Insert toggles the insert state (and is a key)
        jne .n11
        test bh, bh
        jnz .instog
        test byte [BDA_KB_FLAGS1], 20h
        jnz .n11
.instog:
        test byte [BDA_KB_FLAGS2], 80h
        jnz .n11                    ; typematic repeat: no new toggle
        or byte [BDA_KB_FLAGS2], 80h
        xor byte [BDA_KB_FLAGS1], 80h
.n11:   jmp kbd_translate

; Look AL up in the CX rows (KFLAG) at CS:SI.  CF=1 when it is listed,
; with DI = the flag byte's offset in the BDA and CL = the bit.
kbd_flag_row:
.l:     cmp [cs:si], al
        je .found
        add si, 4
        loop .l
        clc
        ret
.found: mov cl, [cs:si+1]
        mov di, [cs:si+2]
        stc
        ret

; Ctrl and Alt come as a left and a right key (BH = E0 flag: right).
; CL = the pair's bit in flags1 (04h Ctrl, 08h Alt), which is also the right
; key's bit in flags3 (40:96); the left key's bit in flags2 is CL >> 2.
kbd_dual_make:
        or [BDA_KB_FLAGS1], cl
        test bh, bh
        jz .left
        or [BDA_KB_FLAGS3], cl
        ret
.left:  shr cl, 1
        shr cl, 1
        or [BDA_KB_FLAGS2], cl
        ret

; Release (CL, BH as above).  The flags1 bit stays on while the other key
; of the pair is down; ZF=1 when it was cleared (both keys up).
kbd_dual_break:
        push cx
        mov ch, cl
        shr ch, 1
        shr ch, 1                   ; CH = the left key's bit in flags2
        test bh, bh
        jz .left
        not cl
        and [BDA_KB_FLAGS3], cl
        not cl
        jmp short .pair
.left:  not ch
        and [BDA_KB_FLAGS2], ch
        not ch
.pair:  test [BDA_KB_FLAGS2], ch
        jnz .r
        test [BDA_KB_FLAGS3], cl
        jnz .r
        not cl
        and [BDA_KB_FLAGS1], cl
        xor cl, cl                  ; ZF=1
.r:     pop cx
        ret

; CL = bit in flags1 to toggle; flags2 has the matching "held" bit at the
; same position for Caps (40h), Num (20h), Scroll (10h).
kbd_toggle:
        test [BDA_KB_FLAGS2], cl
        jnz .r                      ; still held: typematic repeat
        or [BDA_KB_FLAGS2], cl
        xor [BDA_KB_FLAGS1], cl
        call kbd_update_leds
.r:     ret

; Ctrl+Break: flush the buffer, flag it, call INT 1Bh, queue a 0000h key.
kbd_break_key:
        mov ax, [BDA_KB_START]
        mov [BDA_KB_HEAD], ax
        mov [BDA_KB_TAIL], ax
        mov byte [BDA_BREAK], 80h
        sti
        int 1Bh
        cli
        xor ax, ax
        jmp kbd_store

; AH = make code (not a shift key), BH = E0 flag.  Look up the key word and
; queue it.
kbd_translate:
        cmp ah, KBD_TABLE_LAST
        ja .none
        test bh, bh
        jz .plain
        jmp .grey
.plain: mov bl, [BDA_KB_FLAGS1]
        ; Alt + keypad digit: accumulate a character code
        test bl, 08h
        jz .noalt
        cmp ah, 47h
        jb .alt
        cmp ah, 53h
        ja .alt
        mov al, ah
        sub al, 47h
        push bx
        mov bx, kbd_pad_digit
        cs xlatb
        pop bx
        cmp al, 0FFh
        je .alt
        mov cl, al
        mov al, [BDA_KB_ALTNUM]
        mov ch, 10
        mul ch
        add al, cl
        mov [BDA_KB_ALTNUM], al
.none:  ret
.alt:   mov cx, 6                   ; column: alt
        jmp short .lookup
.noalt: test bl, 04h
        jz .noctrl
        mov cx, 4
        jmp short .lookup
.noctrl:
        xor cx, cx
        test bl, 03h                ; either shift
        jz .noshift
        mov cx, 2
.noshift:
        ; CapsLock inverts shift for letters, NumLock for the keypad
        call kbd_is_letter
        jnc .notletter
        test bl, 40h
        jz .lookup
        xor cx, 2
        jmp short .lookup
.notletter:
        cmp ah, 47h
        jb .lookup
        cmp ah, 53h
        ja .lookup
        cmp ah, 4Ah
        je .lookup
        cmp ah, 4Eh
        je .lookup
        test bl, 20h
        jz .lookup
        xor cx, 2
.lookup:
        mov al, ah
        xor ah, ah
        shl ax, 1
        shl ax, 1
        shl ax, 1
        add ax, cx
        mov si, ax
        mov ax, [cs:kbd_table + si]
        test ax, ax
        jz .none
        jmp kbd_store

; E0-prefixed keys: keypad Enter and /, the grey cursor block.
.grey:  mov bl, [BDA_KB_FLAGS1]
        cmp ah, 1Ch
        jne .g1
        mov ax, 0E00Dh
        test bl, 08h
        jz .ge1
        mov ax, 0A600h
        jmp kbd_store
.ge1:   test bl, 04h
        jz .gs
        mov al, 0Ah
.gs:    jmp kbd_store
.g1:    cmp ah, 35h
        jne .g2
        mov ax, 0E02Fh
        test bl, 08h
        jz .g1b
        mov ax, 0A400h
        jmp kbd_store
.g1b:   test bl, 04h
        jz .gs
        mov ax, 9500h
        jmp kbd_store
.g2:    cmp ah, 47h
        jb .gnone
        cmp ah, 53h
        ja .gnone
        mov si, ax
        mov cl, 8
        shr si, cl
        sub si, 47h
        test bl, 08h
        jz .g3
        mov ah, [cs:kbd_grey_alt + si]
        xor al, al
        jmp short .gchk
.g3:    test bl, 04h
        jz .g4
        mov ah, [cs:kbd_grey_ctrl + si]
        mov al, 0E0h
        jmp short .gchk
.g4:    mov al, 0E0h                ; AH is the scancode already
.gchk:  test ah, ah
        jz .gnone
        jmp kbd_store
.gnone: ret

; CF=1 if make code AH is a letter key.
kbd_is_letter:
        cmp ah, 10h
        jb .no
        cmp ah, 19h
        jbe .yes
        cmp ah, 1Eh
        jb .no
        cmp ah, 26h
        jbe .yes
        cmp ah, 2Ch
        jb .no
        cmp ah, 32h
        jbe .yes
.no:    clc
        ret
.yes:   stc
        ret

; Queue AX in the ring buffer (dropped when full).  DS = BDA, ints off.
kbd_store:
        mov si, [BDA_KB_TAIL]
        mov di, si
        add di, 2
        cmp di, [BDA_KB_END]
        jb .w
        mov di, [BDA_KB_START]
.w:     cmp di, [BDA_KB_HEAD]
        je .full
        mov [si], ax
        mov [BDA_KB_TAIL], di
        push ax
        mov ax, 9102h               ; "keyboard interrupt complete" post
        int 15h
        pop ax
        ret
.full:  ret

; ---------------------------------------------------------------------------
; Keyboard LEDs follow 40:17 bits 4-6 (Scroll, Num, Caps; the LED byte of
; command EDh has them in bits 0-2).  Polled with interrupts off; the
; keyboard's ACKs may still raise a late IRQ1, which decodes FAh harmlessly.
kbd_update_leds:
        push ax
        push cx
        push ds
        pushf
        cli
        call ds_bda
        mov al, [BDA_KB_FLAGS1]
        mov cl, 4
        shr al, cl
        and al, 07h
        mov ah, [BDA_KB_LEDS]
        and ah, 07h
        cmp al, ah
        je .done
        test byte [BDA_KB_LEDS], 40h
        jnz .done
        or byte [BDA_KB_LEDS], 40h
        push ax
        mov al, 0EDh
        call kbd_send
        pop ax
        jc .fail
        push ax
        call kbd_send
        pop ax
        jc .fail
        and byte [BDA_KB_LEDS], 0F8h
        or [BDA_KB_LEDS], al
.fail:  and byte [BDA_KB_LEDS], 0BFh
.done:  popf
        pop ds
        pop cx
        pop ax
        ret

; ---------------------------------------------------------------------------
; INT 16h — keyboard services.
;   00h/10h read key (wait)   01h/11h peek (ZF=1 none)   02h/12h shift flags
;   03h typematic   05h store CX   09h capabilities   0Ah keyboard ID
; 00h/01h hide the 101-key extras: grey keys come back with ASCII 00h
; instead of E0h, keypad Enter and / with their 84-key scancodes, and keys
; that only exist on the enhanced keyboard (F11, F12, ...) are dropped.
int16_handler:
        sti
        push ds
        push bx
        push si
        mov bx, BDA_SEG
        mov ds, bx
        cmp ah, 00h
        je .read
        cmp ah, 10h
        je .read
        cmp ah, 01h
        je .peek
        cmp ah, 11h
        je .peek
        cmp ah, 02h
        je .flags
        cmp ah, 12h
        je .xflags
        cmp ah, 05h
        jne .n5
        jmp .store
.n5:    cmp ah, 03h
        jne .n3
        cmp al, 05h                 ; AL=05h: BH delay (0-3), BL rate (0-1Fh)
        jne .ret
        push ax
        push cx
        mov al, bh
        and al, 03h
        mov cl, 5
        shl al, cl
        mov ch, bl
        and ch, 1Fh
        or ch, al                   ; (kbd_send uses AH)
        pushf
        cli
        mov al, 0F3h                ; set typematic rate/delay
        call kbd_send
        jc .tf
        mov al, ch
        call kbd_send
.tf:    popf
        pop cx
        pop ax
        jmp .ret
.n3:
        cmp ah, 09h
        jne .n9
        mov al, 30h                 ; 0Ah and 10h-12h supported
        jmp short .ret
.n9:    cmp ah, 0Ah
        jne .ret
        mov bx, 41ABh               ; MF2 keyboard, translated
        pop si
        add sp, 2                   ; discard saved BX
        pop ds
        iret
.ret:   pop si
        pop bx
        pop ds
        iret

.flags: mov al, [BDA_KB_FLAGS1]
        jmp .ret
.xflags:
        mov al, [BDA_KB_FLAGS2]
        and al, 73h                 ; SysReq, Caps, Num, Scroll held; LAlt LCtrl
        mov bl, al
        and al, 70h
        test bl, 04h
        jz .x1
        or al, 80h
.x1:    and bl, 03h
        or al, bl
        mov bl, [BDA_KB_FLAGS3]
        and bl, 0Ch                 ; RCtrl, RAlt
        or al, bl
        mov ah, al
        mov al, [BDA_KB_FLAGS1]
        jmp .ret

.read:  mov bl, ah                  ; remember 00h vs 10h
        call kbd_update_leds
.rwait: cli
        mov si, [BDA_KB_HEAD]
        cmp si, [BDA_KB_TAIL]
        jne .rgot
        push ax
        mov ax, 9002h               ; device busy: keyboard (lets multitaskers switch)
        int 15h
        pop ax
        sti
        hlt
        jmp .rwait
.rgot:  mov ax, [si]
        add si, 2
        cmp si, [BDA_KB_END]
        jb .r1
        mov si, [BDA_KB_START]
.r1:    mov [BDA_KB_HEAD], si
        sti
        test bl, 10h
        jnz .ret
        call kbd_to_standard
        jc .rwait                   ; enhanced-only key: skip it
        jmp .ret

.peek:  mov bl, ah
        call kbd_update_leds
.pagain:
        cli
        mov si, [BDA_KB_HEAD]
        cmp si, [BDA_KB_TAIL]
        je .pempty
        mov ax, [si]
        test bl, 10h
        jnz .pfound
        call kbd_to_standard
        jnc .pfound
        ; drop the enhanced-only key and look again
        add si, 2
        cmp si, [BDA_KB_END]
        jb .p1
        mov si, [BDA_KB_START]
.p1:    mov [BDA_KB_HEAD], si
        jmp .pagain
.pfound:
        sti
        pop si
        pop bx
        pop ds
        push bp
        mov bp, sp
        and byte [bp+6], ~FLAG_ZF & 0FFh
        pop bp
        iret
.pempty:
        sti
        pop si
        pop bx
        pop ds
        push bp
        mov bp, sp
        or byte [bp+6], FLAG_ZF
        pop bp
        iret

.store: cli
        mov ax, cx
        mov si, [BDA_KB_TAIL]
        mov bx, si
        add bx, 2
        cmp bx, [BDA_KB_END]
        jb .s1
        mov bx, [BDA_KB_START]
.s1:    cmp bx, [BDA_KB_HEAD]
        je .sfull
        mov [si], ax
        mov [BDA_KB_TAIL], bx
        sti
        mov al, 0
        jmp .ret
.sfull: sti
        mov al, 1
        jmp .ret

; Convert an enhanced key word in AX to what INT 16h 00h/01h return.
; CF=1: this key does not exist on an 84-key keyboard, skip it.
kbd_to_standard:
        cmp ah, 0E0h
        jne .n1
        cmp al, 0Dh                 ; keypad Enter
        je .enter
        cmp al, 0Ah
        je .enter
        mov ah, 35h                 ; keypad /
        clc
        ret
.enter: mov ah, 1Ch
        clc
        ret
.n1:    cmp al, 0E0h
        jne .n2
        test ah, ah
        jz .n2
        xor al, al                  ; grey key: plain extended code
.n2:    cmp ah, 84h                 ; F11/F12 and the enhanced Alt/Ctrl codes
        jbe .ok
        test al, al
        jnz .ok
        stc
        ret
.ok:    clc
        ret
