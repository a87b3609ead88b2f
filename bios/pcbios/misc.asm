; bios/pcbios/misc.asm — the small services: INT 11h/12h, serial (14h),
; printer (17h), bootstrap (19h) and its fallback (18h), print screen (05h),
; NMI, default and unexpected interrupt handlers, IRQ9/IRQ13 redirection,
; and the INT 10h stand-in used before the VGA BIOS is found.

dummy_iret:
        iret

; INT 11h: equipment word.
int11_handler:
        push ds
        call ds_bda
        mov ax, [BDA_EQUIPMENT]
        pop ds
        iret

; INT 12h: KiB of base memory below the EBDA.
int12_handler:
        push ds
        call ds_bda
        mov ax, [BDA_MEM_KB]
        pop ds
        iret

; NMI: nothing sensible to do on an emulated machine.
nmi_handler:
        iret

; INT 05h: print screen — no printer support beyond INT 17h; report done.
int05_handler:
        push ds
        push ax
        mov ax, 50h
        mov ds, ax
        mov byte [0], 0             ; 50:00 = print screen status
        pop ax
        pop ds
        iret

; INT 10h before an option ROM installed a video BIOS: teletype goes to
; the debug port so early messages are not lost.
int10_fallback:
        cmp ah, 0Eh
        jne .r
        out 0E9h, al
.r:     iret

; Unexpected IRQ: note the in-service level in 40:6B (IBM convention),
; acknowledge, return.  A spurious IRQ7/15 has no in-service bit: no EOI.
irq_unexpected_master:
        push ax
        push ds
        call ds_bda
        mov al, 0Bh                 ; OCW3: read ISR
        out 20h, al
        in al, 20h
        mov [BDA_LAST_IRQ], al
        test al, al
        jz .r
        mov al, 20h
        out 20h, al
.r:     pop ds
        pop ax
        iret
irq_unexpected_slave:
        push ax
        push ds
        call ds_bda
        mov al, 0Bh
        out 0A0h, al
        in al, 0A0h
        mov [BDA_LAST_IRQ], al
        test al, al
        jz .r
        mov al, 20h
        out 0A0h, al
.r:     mov al, 20h                 ; the master saw IRQ2 either way
        out 20h, al
        pop ds
        pop ax
        iret

; IRQ9 (INT 71h): the AT routes the old IRQ2 pin here; pass to INT 0Ah.
irq9_handler:
        push ax
        mov al, 20h
        out 0A0h, al
        pop ax
        int 0Ah
        iret

; IRQ13 (INT 75h): x87 error.  Clear the busy latch (port F0h), EOI, and
; raise INT 02h as the PC/XT's NMI-wired 8087 would.
irq13_handler:
        push ax
        xor al, al
        out 0F0h, al
        mov al, 20h
        out 0A0h, al
        out 20h, al
        pop ax
        int 02h
        iret

; ---------------------------------------------------------------------------
; INT 14h: serial ports.  DX = port index, AH = 00h init (AL = baud 7-5,
; parity 4-3, stop 2, length 1-0), 01h send AL, 02h receive, 03h status.
; Returns AH = line status, AL = modem status (or the character).
; The divisors for the eight baud rates are IBM's table at F000:E729
; (baud_table in main.asm).

int14_handler:
        sti
        PUSHM ds, bx, cx, dx, si
        call ds_bda
        cmp dx, 3
        ja .noport
        mov si, dx
        shl si, 1
        mov dx, [BDA_COM_PORTS+si]
        test dx, dx
        jz .noport
        shr si, 1                   ; index for the timeout table
        cmp ah, 0
        je .init
        cmp ah, 1
        je .send
        cmp ah, 2
        je .recv
        cmp ah, 3
        je .status
.noport:
        mov ah, 80h
        jmp .ret
.init:  mov bl, al
        mov cl, 5
        shr bl, cl
        xor bh, bh
        shl bx, 1
        mov cx, [cs:baud_table+bx]
        push ax
        add dx, 3                   ; LCR
        mov al, 80h                 ; DLAB
        out dx, al
        sub dx, 3
        mov al, cl
        out dx, al
        inc dx
        mov al, ch
        out dx, al
        add dx, 2
        pop ax
        and al, 1Fh
        out dx, al
        sub dx, 2                   ; IER: no interrupts
        xor al, al
        out dx, al
        dec dx
        jmp .status
.send:  mov bl, al
        add dx, 4                   ; MCR: DTR, RTS
        mov al, 03h
        out dx, al
        add dx, 2                   ; MSR: wait DSR + CTS
        mov bh, 30h
        call serial_wait
        jc .tout
        dec dx                      ; LSR: wait THR empty
        mov bh, 20h
        call serial_wait
        jc .tout
        sub dx, 5
        mov al, bl
        out dx, al
        add dx, 5
        in al, dx
        mov ah, al
        mov al, bl
        jmp .ret
.recv:  add dx, 4
        mov al, 01h                 ; DTR
        out dx, al
        add dx, 2
        mov bh, 20h                 ; DSR
        call serial_wait
        jc .tout
        dec dx
        mov bh, 01h                 ; data ready
        call serial_wait
        jc .tout
        and al, 1Eh
        mov ah, al
        sub dx, 5
        in al, dx
        jmp .ret
.tout:  in al, dx
        mov ah, al
        or ah, 80h
        jmp .ret
.status:
        add dx, 5
        in al, dx
        mov ah, al
        inc dx
        in al, dx
.ret:
        POPM ds, bx, cx, dx, si
        iret

; Wait until (in DX) & BH == BH, up to 40:7C[SI] seconds.  AL = last
; value read, CF=1 on timeout.
serial_wait:
        push bx
        push cx
        push di
        mov al, bh
        xor ah, ah
        mov di, ax                  ; mask
        mov cx, [BDA_TICKS]
        mov al, [BDA_COM_TIMEOUT+si]
        mov ah, 18
        mul ah
        mov bx, ax
.l:     in al, dx
        push ax
        xor ah, ah
        and ax, di
        cmp ax, di
        pop ax
        je .ok
        call ticks_elapsed
        jnc .l
        stc
        jmp short .r
.ok:    clc
.r:     pop di
        pop cx
        pop bx
        ret

; ---------------------------------------------------------------------------
; INT 17h: parallel printers.  DX = index; AH = 00h print AL, 01h init,
; 02h status.  Status byte: bit 7 not busy, 6 ack, 5 out of paper,
; 4 selected, 3 I/O error, 0 timeout (the port's bits 6 and 3 are inverted
; in the BIOS view, IBM Technical Reference).
int17_handler:
        sti
        PUSHM ds, bx, cx, dx, si
        call ds_bda
        cmp dx, 2
        ja .none
        mov si, dx
        shl si, 1
        mov dx, [BDA_LPT_PORTS+si]
        test dx, dx
        jz .none
        shr si, 1
        cmp ah, 0
        je .print
        cmp ah, 1
        je .init
        cmp ah, 2
        je .status
.none:  mov ah, 01h                 ; timeout
        jmp .ret
.print: out dx, al                  ; data
        mov bl, al
        inc dx                      ; status: wait not busy
        mov cx, [BDA_TICKS]
        push bx
        mov al, [BDA_LPT_TIMEOUT+si]
        mov ah, 18
        mul ah
        mov bx, ax
.w:     in al, dx
        test al, 80h
        jnz .ready
        call ticks_elapsed
        jnc .w
        pop bx
        dec dx
        jmp short .timeout
.ready: pop bx
        inc dx                      ; control: strobe pulse
        mov al, 0Dh
        out dx, al
        jmp short $+2
        mov al, 0Ch
        out dx, al
        sub dx, 2
        jmp short .status
.timeout:
        call .stat
        or ah, 01h
        jmp short .ret
.init:  add dx, 2
        mov al, 08h                 ; INIT low, select
        out dx, al
        mov cx, 70
        call delay_15us
        mov al, 0Ch
        out dx, al
        sub dx, 2
.status:
        call .stat
.ret:
        POPM ds, bx, cx, dx, si
        iret
.stat:  inc dx
        in al, dx
        dec dx
        and al, 0F8h
        xor al, 48h
        mov ah, al
        ret

; ---------------------------------------------------------------------------
; INT 18h: no bootable device.  (IBM PCs started ROM BASIC here.)
int18_handler:
        sti
        PRINT 13, 10, "No bootable device.  Press a key to try again.", 13, 10
        xor ax, ax
        int 16h
        int 19h
        iret

; INT 19h: bootstrap.  Boot order from CMOS 3Dh (low nibble first, high
; nibble second) and 38h bits 7-4 (third): 1 floppy, 2 hard disk, 3 CD-ROM
; (the QEMU/Bochs convention); CMOS 38h bit 0 skips the 55AAh check on
; floppies.  Each candidate's first sector goes to 0000:7C00h and is
; entered there with DL = the drive.
int19_handler:
        sti
        cld
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 7C00h
        mov al, CMOS_BOOT_12
        call cmos_read
        mov bl, al
        mov al, CMOS_BOOT_3
        call cmos_read
        mov bh, al
        mov cl, 4
        shr bh, cl                  ; third
        mov al, bl
        and al, 0Fh
        or al, bh
        or al, bl
        jnz .order
        mov bl, 21h                 ; nothing configured: floppy, then disk,
        mov bh, 3                   ; then CD
.order: mov al, bl
        and al, 0Fh
        call boot_device
        mov al, bl
        mov cl, 4
        shr al, cl
        call boot_device
        mov al, bh
        call boot_device
        int 18h
        jmp int19_handler

; AL = device code.  Returns only when it could not boot.
boot_device:
        push bx
        cmp al, 1
        je .fd
        cmp al, 2
        je .hd
        cmp al, 3
        je .cd
        pop bx
        ret
.fd:    PRINT "Booting from floppy...", 13, 10
        xor dl, dl
        call boot_disk
        pop bx
        ret
.hd:    PRINT "Booting from hard disk...", 13, 10
        push ds
        call ds_bda
        cmp byte [BDA_HD_COUNT], 0
        pop ds
        jne .hd_ok
        PRINT "  no hard disk", 13, 10
        pop bx
        ret
.hd_ok: mov dl, 80h
        call boot_disk
        pop bx
        ret
.cd:    PRINT "Booting from CD-ROM...", 13, 10
        call cd_boot
        pop bx
        ret

; Boot the first sector of drive DL (3 tries, resets in between).
boot_disk:
        mov di, 3
.try:   xor ax, ax
        mov es, ax
        int 13h                     ; reset
        mov ax, 0201h
        mov cx, 0001h
        xor dh, dh
        mov bx, 7C00h
        int 13h
        jnc .read
        dec di
        jnz .try
        PRINT "  disk read error", 13, 10
        ret
.read:  test dl, 80h
        jnz .sig
        mov al, CMOS_BOOT_3
        call cmos_read
        test al, 01h
        jnz .go
.sig:   cmp word [es:7DFEh], 0AA55h
        je .go
        PRINT "  not a bootable disk", 13, 10
        ret
.go:    push ds
        call ds_ebda
        mov [EBDA_BOOT_DRIVE], dl
        pop ds
        xor ax, ax
        mov ds, ax
        mov es, ax
        xor bx, bx
        xor cx, cx
        xor si, si
        xor di, di
        xor bp, bp
        xor dh, dh
        jmp 0000h:7C00h
