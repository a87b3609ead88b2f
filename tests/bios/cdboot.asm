; tests/bios/cdboot.asm — El Torito no-emulation boot image for BIOS tests.
; Loaded by the BIOS at 07C0:0000 with DL = the CD's drive number.  Checks
; INT 13h AH=41h, AH=42h (reads the ISO 9660 primary volume descriptor at
; sector 16 and looks for "CD001"), AH=48h (2048-byte sectors) and
; AX=4B01h, prints the results and writes "CDBOOT PASS" or "CDBOOT FAIL"
; to the debug port E9h.
        cpu 8086
        bits 16
        org 0
start:
        mov ax, cs
        mov ds, ax
        mov es, ax
        cli
        mov ss, ax
        mov sp, 0FFFEh
        sti
        mov [drive], dl
        mov si, msg_hello
        call print
        mov al, dl
        call hex8
        call crlf
        ; extensions present?
        mov ah, 41h
        mov bx, 55AAh
        mov dl, [drive]
        int 13h
        jc fail
        cmp bx, 0AA55h
        jne fail
        ; read sector 16 into buf
        mov word [dap_seg], ds
        mov si, dap
        mov ah, 42h
        mov dl, [drive]
        int 13h
        jc fail
        cmp word [buf+1], 'CD'
        jne fail
        cmp word [buf+3], '00'
        jne fail
        mov si, msg_pvd
        call print
        ; drive parameters: 2048 bytes per sector
        mov word [params], 1Ah
        mov si, params
        mov ah, 48h
        mov dl, [drive]
        int 13h
        jc fail
        cmp word [params+24], 2048
        jne fail
        ; El Torito status
        mov si, spec
        mov ax, 4B01h
        mov dl, [drive]
        int 13h
        jc fail
        cmp byte [spec], 13h
        jne fail
        mov al, [spec+2]
        cmp al, [drive]
        jne fail
        mov si, msg_pass
        call print
        mov si, msg_pass
        call debugcon
        jmp halt
fail:   mov si, msg_fail
        call print
        mov si, msg_fail
        call debugcon
halt:   hlt
        jmp halt

print:  lodsb
        test al, al
        jz .d
        mov ah, 0Eh
        mov bx, 7
        int 10h
        jmp print
.d:     ret
debugcon:
        lodsb
        test al, al
        jz .d
        out 0E9h, al
        jmp debugcon
.d:     ret
crlf:   mov al, 13
        call putc
        mov al, 10
putc:   mov ah, 0Eh
        mov bx, 7
        int 10h
        ret
hex8:   push ax
        mov cl, 4
        shr al, cl
        call .n
        pop ax
.n:     and al, 0Fh
        add al, '0'
        cmp al, '9'
        jbe putc
        add al, 7
        jmp putc

msg_hello: db "CD no-emulation boot, DL=", 0
msg_pvd:   db "ISO 9660 volume descriptor read via INT 13h AH=42h", 13, 10, 0
msg_pass:  db "CDBOOT PASS", 13, 10, 0
msg_fail:  db "CDBOOT FAIL", 13, 10, 0
drive:  db 0
dap:    db 10h, 0
        dw 1                    ; blocks
        dw buf                  ; offset
dap_seg: dw 0
        dq 16                   ; LBA
params: times 30h db 0
spec:   times 13h db 0
        times 2048 - ($ - $$) db 0
buf:
