; tests/frontend/mousetest.asm — a boot floppy that reports PS/2 mouse
; packets, for the SDL end-to-end test: the host moves the mouse in the
; px86 window, the packets travel SDL -> machine_mouse -> PS/2 mouse ->
; 8042 -> IRQ12 -> BIOS -> our INT 15h C2h handler, which counts them.
; Prints "MOUSE READY" once the BIOS mouse interface is enabled, then
; "MOUSE MOVED n" after 3 packets (n = count so far), and a status line
; for every further packet batch.  Padded to a 1.44 MB floppy image.
        bits 16
        org 0x7C00

start:  cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00
        sti
        mov ax, 0x0003          ; 80x25 text, clears the screen
        int 10h
        mov ax, 0xC201          ; reset the pointing device
        int 15h
        jc fail
        mov ax, 0xC205          ; initialise: 3-byte packets
        mov bh, 3
        int 15h
        jc fail
        mov bx, handler         ; ES:BX = far handler
        mov ax, 0xC207
        int 15h
        jc fail
        mov ax, 0xC200          ; enable
        mov bh, 1
        int 15h
        jc fail
        mov si, msg_ready
        call print
.wait:  hlt
        cmp word [packets], 3
        jb .wait
        mov si, msg_moved
        call print
        mov ax, [packets]
        call print_dec
halt:   hlt
        jmp halt
fail:   mov si, msg_fail
        call print
        jmp halt

; Far-called by the BIOS with status, X, Y, 0 words on the stack.
handler:
        push bp
        mov bp, sp
        push ax
        mov ax, [bp+12]         ; status word: bit 3 is always set
        test al, 08h
        jz .r
        inc word [cs:packets]
.r:     pop ax
        pop bp
        retf

print:  lodsb
        or al, al
        jz .d
        mov ah, 0Eh
        mov bx, 7
        int 10h
        jmp print
.d:     ret

print_dec:                      ; AX, up to 5 digits
        mov bx, 10
        xor cx, cx
.l:     xor dx, dx
        div bx
        push dx
        inc cx
        or ax, ax
        jnz .l
.p:     pop ax
        add al, '0'
        mov ah, 0Eh
        push cx
        mov bx, 7
        int 10h
        pop cx
        loop .p
        ret

packets:   dw 0
msg_ready: db "MOUSE READY", 13, 10, 0
msg_moved: db "MOUSE MOVED ", 0
msg_fail:  db "MOUSE FAILED", 13, 10, 0

        times 510 - ($ - $$) db 0
        dw 0xAA55
        times 1474560 - ($ - $$) db 0
