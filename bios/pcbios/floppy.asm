; bios/pcbios/floppy.asm — INT 13h diskette services (DL = 00h/01h) on the
; NEC 765 / Intel 82077 controller at 3F0h with DMA channel 2 and IRQ6.
;
; Facts used (Intel 82077AA datasheet, IBM PC/AT Technical Reference):
;  - 3F2h DOR: bits 0-1 drive select, bit 2 = 0 holds the FDC in reset,
;    bit 3 enables DMA and IRQ, bits 4-7 motor on for drives 0-3.
;  - 3F4h MSR: bit 7 RQM (ready for a byte), bit 6 DIO (1 = FDC -> CPU).
;  - 3F5h FIFO, 3F7h: read = DIR (bit 7 disk change), write = CCR data rate
;    (0 = 500, 1 = 300, 2 = 250 kbit/s, 3 = 1 Mbit/s).
;  - A reset produces one IRQ after which SENSE INTERRUPT must be issued
;    once per drive (4 times).
; Media state bytes at 40:90/91 use the IBM layout: bits 7-6 data rate
; (as CCR), bit 5 double stepping, bit 4 media established, bits 2-0 kind.
; A 360K disk in a 1.2M drive is read at 300 kbit/s with double stepping:
; the head moves to track 2*C while the command's C stays C.

FD_DOR  equ 3F2h
FD_MSR  equ 3F4h
FD_DATA equ 3F5h
FD_DIR  equ 3F7h

; Diskette parameter tables (the 11-byte format INT 1Eh points to):
; SRT/HUT, HLT/ND, motor-off ticks, sector size code, EOT, gap length, DTL,
; format gap, format fill byte, head settle ms, motor start (1/8 s).
fd_dpt_360:     db 0DFh, 02h, 25h, 02h, 09, 2Ah, 0FFh, 50h, 0F6h, 0Fh, 08h
fd_dpt_1200:    db 0DFh, 02h, 25h, 02h, 15, 1Bh, 0FFh, 54h, 0F6h, 0Fh, 08h
fd_dpt_720:     db 0DFh, 02h, 25h, 02h, 09, 2Ah, 0FFh, 50h, 0F6h, 0Fh, 08h
fd_dpt_2880:    db 0AFh, 02h, 25h, 02h, 36, 1Bh, 0FFh, 50h, 0F6h, 0Fh, 08h
; (the 1.44M table is fd_param_table at the fixed address F000:EFC7)

; Per CMOS drive type (0..6): max cylinder, max sector, DPT, probe list.
; A probe list holds (CCR rate, media state, sectors per track) triples,
; best density first, ended by FFh.
fd_type_info:
        ;  maxcyl maxsec  dpt            probes
        db 0,     0
        dw 0,                            fd_probe_none
        db 39,    9
        dw fd_dpt_360,                   fd_probe_360
        db 79,    15
        dw fd_dpt_1200,                  fd_probe_1200
        db 79,    9
        dw fd_dpt_720,                   fd_probe_720
        db 79,    18
        dw fd_param_table,               fd_probe_1440
        db 79,    36
        dw fd_dpt_2880,                  fd_probe_2880
        db 79,    36
        dw fd_dpt_2880,                  fd_probe_2880
FD_TYPE_INFO_SIZE equ 6

fd_probe_none:  db 0FFh
fd_probe_360:   db 2, 93h, 9, 0FFh
fd_probe_1200:  db 0, 15h, 15,  1, 74h, 9, 0FFh
fd_probe_720:   db 2, 97h, 9, 0FFh
fd_probe_1440:  db 0, 17h, 18,  2, 97h, 9, 0FFh
fd_probe_2880:  db 3, 0D7h, 36,  0, 17h, 18,  2, 97h, 9, 0FFh

; Local variables below the INT 13h frame (BP-relative).
FDL_DRIVE       equ -2      ; byte
FDL_OP          equ -4      ; byte: 2 read, 3 write, 4 verify, 5 format
FDL_LEFT        equ -6      ; sectors still to do
FDL_DONE        equ -8      ; sectors done
FDL_LIN_LO      equ -10     ; physical address of the next byte of the buffer
FDL_LIN_HI      equ -12
FDL_CYL         equ -14     ; byte
FDL_HEAD        equ -16     ; byte
FDL_SECTOR      equ -18     ; byte
FDL_CHUNK       equ -20     ; sectors in this command
FDL_SIZE        equ 32

; ---------------------------------------------------------------------------
; IRQ6: the FDC finished a command; note it in 40:3E bit 7.
irq6_handler:
        push ax
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        or byte [BDA_FD_RECAL], 80h
        mov al, 20h
        out 20h, al
        pop ds
        pop ax
        push ax
        mov ax, 9101h               ; "diskette interrupt complete" post
        int 15h
        pop ax
        iret

floppy_post_init:
        call ds_bda
        mov al, 0Ch                 ; controller enabled, no motors
        mov dx, FD_DOR
        out dx, al
        call es_ebda
        mov al, [es:EBDA_FD_TYPE]
        or al, [es:EBDA_FD_TYPE+1]
        jz .none
        sti                         ; the reset waits for IRQ6 by polling the flag
        in al, 21h
        push ax
        and al, 0BEh                ; IRQ0 and IRQ6 on for the duration
        out 21h, al
        call fd_reset_controller
        pop ax
        cli
        out 21h, al
.none:  ret

; ---------------------------------------------------------------------------
; Called from the INT 13h dispatcher with the frame at BP, DS = BDA, the
; caller's registers otherwise intact.  Returns AH = status, CF.
fd_dispatch:
        mov [bp+FDL_DRIVE], dl
        cmp ah, 00h
        je .reset
        cmp ah, 01h
        je .status
        cmp ah, 02h
        jb .bad
        cmp ah, 05h
        jbe .rw
        cmp ah, 08h
        je .params
        cmp ah, 15h
        je .type
        cmp ah, 16h
        je .changed
        cmp ah, 17h
        je .settype
        cmp ah, 18h
        je .setmedia
.bad:   mov ah, 01h
        jmp fd_finish
.reset: call fd_reset_controller
        jmp fd_finish
.status:
        mov ah, [BDA_FD_STATUS]
        jmp frame_status
.rw:    jmp fd_read_write
.params:
        jmp fd_get_params
.type:  jmp fd_get_type
.changed:
        jmp fd_change_line
.settype:
        jmp fd_set_dasd_type
.setmedia:
        jmp fd_set_media_type

; Store AH as the diskette status and hand it to the caller.  CF = AH != 0.
fd_finish:
        mov [BDA_FD_STATUS], ah
        jmp frame_status

; CF=1 if drive [bp+FDL_DRIVE] does not exist.  out: AL = CMOS type, SI =
; offset of its fd_type_info row.
fd_drive_info:
        push es
        mov al, [bp+FDL_DRIVE]
        cmp al, 1
        ja .no
        xor ah, ah
        mov si, ax
        call es_ebda
        mov al, [es:EBDA_FD_TYPE+si]
        pop es
        test al, al
        jz .no2
        cmp al, 6
        ja .no2
        push ax
        xor ah, ah
        mov si, FD_TYPE_INFO_SIZE
        mul si
        add ax, fd_type_info
        mov si, ax
        pop ax
        clc
        ret
.no:    pop es
.no2:   stc
        ret

; ---------------------------------------------------------------------------
; FDC byte I/O.  fdc_out sends AL; fdc_in reads AL.  CF=1 on timeout.
fdc_out:
        push cx
        push dx
        push ax
        mov dx, FD_MSR
        mov cx, 0
.w:     in al, dx
        and al, 0C0h
        cmp al, 80h
        je .ok
        loop .w
        pop ax
        pop dx
        pop cx
        stc
        ret
.ok:    pop ax
        inc dx                      ; FD_DATA
        out dx, al
        pop dx
        pop cx
        clc
        ret

; Send the command byte that names head and drive (HD << 2 | US1 US0,
; from the locals [bp+FDL_HEAD] and [bp+FDL_DRIVE]).
fdc_out_head_drive:
        mov al, [bp+FDL_HEAD]
        and al, 1
        shl al, 1
        shl al, 1
        or al, [bp+FDL_DRIVE]
        jmp fdc_out

fdc_in:
        push cx
        push dx
        mov dx, FD_MSR
        mov cx, 0
.w:     in al, dx
        and al, 0C0h
        cmp al, 0C0h
        je .ok
        loop .w
        pop dx
        pop cx
        stc
        ret
.ok:    inc dx
        in al, dx
        pop dx
        pop cx
        clc
        ret

; Read the result phase (up to 7 bytes) into 40:42.  CF=1 if none came.
fdc_results:
        push cx
        push dx
        push si
        mov si, BDA_FD_RESULT
        mov cx, 7
.l:     mov dx, FD_MSR
        push cx
        mov cx, 0
.w:     in al, dx
        test al, 80h
        jnz .rqm
        loop .w
        pop cx
        jmp short .end
.rqm:   pop cx
        test al, 40h
        jz .end                     ; FDC wants input again: result phase over
        inc dx
        in al, dx
        mov [si], al
        inc si
        loop .l
.end:   cmp si, BDA_FD_RESULT
        je .none
        clc
        jmp short .d
.none:  stc
.d:     pop si
        pop dx
        pop cx
        ret

; Wait (interrupts on) for IRQ6, up to ~2 s.  CF=1 on timeout.
fd_wait_irq:
        push bx
        push cx
        mov cx, [BDA_TICKS]
        mov bx, 37
.l:     cli
        test byte [BDA_FD_RECAL], 80h
        jnz .got
        sti
        hlt
        call ticks_elapsed
        jnc .l
        sti
        pop cx
        pop bx
        stc
        ret
.got:   and byte [BDA_FD_RECAL], 7Fh
        sti
        pop cx
        pop bx
        clc
        ret

; SENSE INTERRUPT STATUS -> AL = ST0, AH = present cylinder.  CF on timeout.
fdc_sense_int:
        mov al, 08h
        call fdc_out
        jc .r
        call fdc_in
        jc .r
        mov ah, al
        call fdc_in
        xchg al, ah
.r:     ret

; Reset the controller, program SPECIFY from the INT 1Eh table, forget the
; head positions.  AH = status.
fd_reset_controller:
        push bx
        push cx
        push dx
        push es
        cli
        and byte [BDA_FD_RECAL], 70h    ; all drives need recalibration, no IRQ seen
        mov al, [BDA_FD_MOTOR]
        mov ah, al
        and al, 0Fh                 ; motors
        mov cl, 4
        shl al, cl
        shr ah, cl
        and ah, 03h                 ; selected drive
        or al, ah
        or al, 08h                  ; DMA+IRQ enable, reset asserted (bit 2 = 0)
        mov dx, FD_DOR
        out dx, al
        mov cx, 2
        call delay_15us
        or al, 04h
        out dx, al
        sti
        call fd_wait_irq
        jc .fail
        mov cx, 4
.s:     call fdc_sense_int
        loop .s
        ; SPECIFY: step rate/head unload, head load/DMA mode
        xor ax, ax
        mov es, ax
        les bx, [es:1Eh*4]
        mov al, 03h
        call fdc_out
        mov al, [es:bx]
        call fdc_out
        mov al, [es:bx+1]
        and al, 0FEh                ; ND = 0: DMA mode
        call fdc_out
        jc .fail
        xor ah, ah
        jmp short .d
.fail:  mov ah, 20h                 ; controller failure
.d:     pop es
        pop dx
        pop cx
        pop bx
        ret

; Turn on the motor of drive [bp+FDL_DRIVE] and select it.  The motor-off
; countdown is parked at its maximum while we work.
fd_motor_on:
        push ax
        push cx
        push dx
        cli
        mov byte [BDA_FD_MOTOR_TO], 0FFh
        mov cl, [bp+FDL_DRIVE]
        mov al, 1
        shl al, cl                  ; motor bit
        mov ah, [BDA_FD_MOTOR]
        mov ch, 0
        test ah, al
        jnz .on
        mov ch, 1                   ; motor was off: let it spin up
.on:    mov ah, cl
        shl ah, 1
        shl ah, 1
        shl ah, 1
        shl ah, 1                   ; selected drive in bits 4-5
        or ah, al
        and byte [BDA_FD_MOTOR], 80h
        or [BDA_FD_MOTOR], ah
        mov ah, al
        mov cl, 4
        shl ah, cl
        mov al, [bp+FDL_DRIVE]
        or al, ah
        or al, 0Ch
        mov dx, FD_DOR
        out dx, al
        sti
        ; (A real drive wants ~500 ms to spin up before a write; emulated
        ; drives need none, so CH, "motor was off", is not acted on.)
        pop dx
        pop cx
        pop ax
        ret

; Start the motor-off countdown from the INT 1Eh table.
fd_motor_timeout:
        push es
        push bx
        push ax
        xor ax, ax
        mov es, ax
        les bx, [es:1Eh*4]
        mov al, [es:bx+2]
        mov [BDA_FD_MOTOR_TO], al
        and byte [BDA_FD_MOTOR], 7Fh
        pop ax
        pop bx
        pop es
        ret

; Recalibrate drive [bp+FDL_DRIVE] if needed.  AH = status, CF.
fd_recalibrate:
        push cx
        push si
        call .go
        pop si
        pop cx
        ret
.go:    mov cl, [bp+FDL_DRIVE]
        mov al, 1
        shl al, cl
        test [BDA_FD_RECAL], al
        jnz .ok
        mov ch, 2                   ; 80-track drives may need two (77 steps max)
.again: mov al, 07h
        call fdc_out
        mov al, [bp+FDL_DRIVE]
        call fdc_out
        call fd_wait_irq
        jc .timeout
        call fdc_sense_int
        jc .timeout
        test al, 0C0h
        jz .done
        dec ch
        jnz .again
        mov ah, 40h                 ; seek failure
        stc
        ret
.done:  mov cl, [bp+FDL_DRIVE]
        mov al, 1
        shl al, cl
        or [BDA_FD_RECAL], al
        xor ch, ch
        mov si, cx
        mov byte [BDA_FD_CYL+si], 0
.ok:    xor ah, ah
        clc
        ret
.timeout:
        mov ah, 80h
        stc
        ret

; Seek drive [bp+FDL_DRIVE] to logical cylinder AL with head AH selected.
; Doubles the step for 360K media in a 1.2M drive.  AH = status, CF.
fd_seek:
        push bx
        push cx
        push si
        mov bx, ax
        call fd_recalibrate
        jc .r
        mov al, [bp+FDL_DRIVE]
        xor ah, ah
        mov si, ax
        mov al, bl                  ; logical cylinder
        test byte [BDA_FD_MEDIA+si], 20h
        jz .single
        shl al, 1
.single:
        cmp [BDA_FD_CYL+si], al
        je .ok
        mov cl, al                  ; physical cylinder
        mov al, 0Fh
        call fdc_out
        mov al, bh
        and al, 1
        shl al, 1
        shl al, 1
        or al, [bp+FDL_DRIVE]
        call fdc_out
        mov al, cl
        call fdc_out
        jc .fail
        call fd_wait_irq
        jc .timeout
        call fdc_sense_int
        jc .timeout
        test al, 0C0h
        jnz .fail
        cmp ah, cl
        jne .fail
        mov [BDA_FD_CYL+si], cl
.ok:    xor ah, ah
        clc
        jmp short .r
.fail:  mov ah, 40h
        ; force a recalibration next time
        mov cl, [bp+FDL_DRIVE]
        mov al, 1
        shl al, cl
        not al
        and [BDA_FD_RECAL], al
        stc
        jmp short .r
.timeout:
        mov ah, 80h
        stc
.r:     pop si
        pop cx
        pop bx
        ret

; Make sure the media in drive [bp+FDL_DRIVE] is known: try the data rates
; its drive type allows with READ ID on track 0 until one answers.
; AH = status, CF.  The data rate register is programmed on return.
fd_establish_media:
        push bx
        push cx
        push si
        push di
        mov al, [bp+FDL_DRIVE]
        xor ah, ah
        mov di, ax
        ; a changed disk invalidates what we knew
        mov dx, FD_DIR
        in al, dx
        test al, 80h
        jz .nochange
        and byte [BDA_FD_MEDIA+di], 0EFh
.nochange:
        mov al, [BDA_FD_MEDIA+di]
        test al, 10h
        jz .probe
        mov cl, 6
        shr al, cl
        mov dx, FD_DIR
        out dx, al
        mov [BDA_FD_RATE], al
        xor ah, ah
        clc
        jmp .r
.probe: call fd_drive_info
        jc .nodrive
        mov si, [cs:si+4]           ; probe list
.try:   mov al, [cs:si]
        cmp al, 0FFh
        je .unknown
        mov dx, FD_DIR
        out dx, al
        mov [BDA_FD_RATE], al
        mov al, [cs:si+1]
        and al, 0DFh                ; no double step while on track 0
        mov [BDA_FD_MEDIA+di], al
        call fd_recalibrate
        jc .next
        ; READ ID, head 0
        mov al, 4Ah
        call fdc_out
        mov al, [bp+FDL_DRIVE]
        call fdc_out
        jc .next
        call fd_wait_irq
        jc .timeout
        call fdc_results
        jc .next
        test byte [BDA_FD_RESULT], 0C0h
        jz .found
.next:  add si, 3
        jmp .try
.found: mov al, [cs:si+1]
        mov [BDA_FD_MEDIA+di], al
        mov al, [cs:si+2]
        push es
        call es_ebda
        mov [es:EBDA_FD_SPT+di], al
        pop es
        xor ah, ah
        clc
        jmp short .r
.timeout:
        mov ah, 80h                 ; no disk in the drive
        jmp short .fail
.unknown:
        mov ah, 0Ch                 ; media type not found
        jmp short .fail
.nodrive:
        mov ah, 80h
.fail:  and byte [BDA_FD_MEDIA+di], 0EFh
        stc
.r:     pop di
        pop si
        pop cx
        pop bx
        ret

; Program DMA channel 2: AL = mode, [bp+FDL_LIN_*] = address, CX = bytes.
fd_dma_setup:
        push ax
        push dx
        cli
        mov ah, al
        mov al, 06h
        out 0Ah, al                 ; mask channel 2
        out 0Ch, al                 ; reset the byte flip-flop
        mov al, ah
        out 0Bh, al                 ; mode
        mov ax, [bp+FDL_LIN_LO]
        out 04h, al
        mov al, ah
        out 04h, al
        mov al, [bp+FDL_LIN_HI]
        out 81h, al                 ; page
        out 0Ch, al
        mov ax, cx
        dec ax
        out 05h, al
        mov al, ah
        out 05h, al
        mov al, 02h
        out 0Ah, al                 ; unmask channel 2
        sti
        pop dx
        pop ax
        ret

; Map the result bytes at 40:42.. to an INT 13h status in AH.
fd_result_status:
        mov al, [BDA_FD_RESULT]
        xor ah, ah
        test al, 0C0h
        jz .r
        mov al, [BDA_FD_RESULT+1]   ; ST1
        mov ah, 03h
        test al, 02h                ; not writable
        jnz .r
        mov ah, 10h
        test al, 20h                ; CRC error
        jnz .r
        mov ah, 08h
        test al, 10h                ; overrun
        jnz .r
        mov ah, 04h
        test al, 84h                ; no data / end of cylinder
        jnz .r
        mov ah, 02h
        test al, 01h                ; missing address mark
        jnz .r
        mov al, [BDA_FD_RESULT+2]   ; ST2
        mov ah, 10h
        test al, 20h
        jnz .r
        mov ah, 02h
        test al, 01h
        jnz .r
        mov ah, 04h
        test al, 12h                ; wrong / bad cylinder
        jnz .r
        mov ah, 20h
.r:     ret

; ---------------------------------------------------------------------------
; AH=02h read, 03h write, 04h verify, 05h format.
;   AL sectors, CH cylinder, CL sector, DH head, DL drive, ES:BX buffer.
; Returns AL = sectors transferred.  A transfer that would cross a 64 KiB
; physical boundary fails with 09h before anything moves, as on the AT
; (the DMA controller's address counter is 16 bits with a page register).
fd_read_write:
        mov [bp+FDL_OP], ah
        mov byte [bp+F_AL], 0
        mov word [bp+FDL_DONE], 0
        xor ah, ah
        mov [bp+FDL_LEFT], ax
        mov [bp+FDL_CYL], ch
        mov [bp+FDL_HEAD], dh
        and cl, 3Fh
        mov [bp+FDL_SECTOR], cl
        call fd_drive_info
        jnc .exists
        mov ah, 80h
        jmp fd_finish
.exists:
        cmp byte [bp+FDL_OP], 5
        je .format
        mov ax, [bp+FDL_LEFT]
        test ax, ax
        jz .badparam
        cmp ax, 128
        ja .badparam
        cmp dh, 1
        ja .badparam
        call linear_es_bx
        mov [bp+FDL_LIN_LO], ax
        mov [bp+FDL_LIN_HI], dx
        cmp byte [bp+FDL_OP], 4
        je .nocheck
        ; last byte = start + count*512 - 1 must be in the same 64 KiB page
        mov cx, [bp+FDL_LEFT]
        xchg ch, cl                 ; *256
        shl cx, 1                   ; *512 (count <= 128 -> fits, 128*512 = 10000h wraps to 0)
        dec cx
        add ax, cx
        jc .boundary
        jmp short .nocheck
.boundary:
        mov ah, 09h
        jmp fd_finish
.badparam:
        mov ah, 01h
        jmp fd_finish
.format:
        call linear_es_bx
        mov [bp+FDL_LIN_LO], ax
        mov [bp+FDL_LIN_HI], dx
.nocheck:
        call fd_motor_on
        call fd_establish_media
        jnc .media
        cmp byte [bp+FDL_OP], 5
        jne .err
        ; formatting a blank disk: assume the best density the drive has
        call fd_drive_info
        mov si, [cs:si+4]
        mov al, [cs:si]
        mov dx, FD_DIR
        out dx, al
        mov al, [cs:si+1]
        mov dl, [bp+FDL_DRIVE]
        xor dh, dh
        mov di, dx
        mov [BDA_FD_MEDIA+di], al
.media: cmp byte [bp+FDL_OP], 5
        jne .loop
        jmp fd_format_track
.loop:  mov al, [bp+FDL_CYL]
        mov ah, [bp+FDL_HEAD]
        call fd_seek
        jc .err
        ; sectors in this command: up to the end of the track
        mov al, [bp+FDL_DRIVE]
        xor ah, ah
        mov si, ax
        push es
        call es_ebda
        mov al, [es:EBDA_FD_SPT+si]
        pop es
        sub al, [bp+FDL_SECTOR]
        jnc .fits
        xor al, al                  ; beyond the track: one sector, let the FDC say no
.fits:  inc al
        xor ah, ah
        cmp ax, [bp+FDL_LEFT]
        jbe .c1
        mov ax, [bp+FDL_LEFT]
.c1:    mov [bp+FDL_CHUNK], ax
        ; DMA
        mov cx, ax
        xchg ch, cl
        shl cx, 1                   ; bytes
        mov al, [bp+FDL_OP]
        mov ah, 46h                 ; read: FDC -> memory
        cmp al, 3
        jne .m1
        mov ah, 4Ah                 ; write: memory -> FDC
.m1:    cmp al, 4
        jne .m2
        mov ah, 42h                 ; verify
.m2:    mov al, ah
        call fd_dma_setup
        ; command: READ DATA 46h (MFM) / WRITE DATA 45h
        mov al, 46h
        cmp byte [bp+FDL_OP], 3
        jne .c2
        mov al, 45h
        or byte [BDA_FD_MOTOR], 80h
.c2:    call fdc_out
        call fdc_out_head_drive
        mov al, [bp+FDL_CYL]
        call fdc_out
        mov al, [bp+FDL_HEAD]
        call fdc_out
        mov al, [bp+FDL_SECTOR]
        call fdc_out
        mov al, 2                   ; 512 bytes per sector
        call fdc_out
        mov al, [bp+FDL_SECTOR]
        add al, [bp+FDL_CHUNK]
        dec al                      ; EOT = last sector of this command
        call fdc_out
        push es
        push bx
        xor ax, ax
        mov es, ax
        les bx, [es:1Eh*4]
        mov al, [es:bx+5]           ; gap length
        pop bx
        pop es
        call fdc_out
        mov al, 0FFh                ; DTL
        call fdc_out
        jc .ctrlfail
        call fd_wait_irq
        jc .timeout
        call fdc_results
        jc .ctrlfail
        call fd_result_status
        test ah, ah
        jnz .err
        ; advance
        mov ax, [bp+FDL_CHUNK]
        add [bp+FDL_DONE], ax
        sub [bp+FDL_LEFT], ax
        mov cx, ax
        xchg ch, cl
        shl cx, 1
        add [bp+FDL_LIN_LO], cx
        adc word [bp+FDL_LIN_HI], 0
        mov al, [bp+FDL_DONE]
        mov [bp+F_AL], al
        cmp word [bp+FDL_LEFT], 0
        je .done
        mov byte [bp+FDL_SECTOR], 1
        xor byte [bp+FDL_HEAD], 1
        jnz .same
        inc byte [bp+FDL_CYL]
.same:  jmp .loop
.done:  call fd_motor_timeout
        xor ah, ah
        jmp fd_finish
.ctrlfail:
        mov ah, 20h
        jmp short .err
.timeout:
        mov ah, 80h
.err:   ; the next attempt recalibrates and re-identifies the media
        push ax
        mov cl, [bp+FDL_DRIVE]
        mov al, 1
        shl al, cl
        not al
        and [BDA_FD_RECAL], al
        mov al, [bp+FDL_DRIVE]
        xor ah, ah
        mov si, ax
        pop ax
        cmp ah, 03h                 ; write protect says nothing about the media
        je .keep
        and byte [BDA_FD_MEDIA+si], 0EFh
.keep:  call fd_motor_timeout
        cmp ah, 80h
        jne .fin
        ; a timeout leaves the FDC mid-command: reset it
        push ax
        call fd_reset_controller
        pop ax
.fin:   jmp fd_finish

; AH=05h: FORMAT TRACK with the address fields (C H R N per sector) at ES:BX.
fd_format_track:
        mov al, [bp+FDL_CYL]
        mov ah, [bp+FDL_HEAD]
        call fd_seek
        jnc .s
        jmp fd_read_write.err
.s:     mov cx, [bp+FDL_LEFT]
        shl cx, 1
        shl cx, 1                   ; 4 bytes per sector
        mov al, 4Ah
        call fd_dma_setup
        or byte [BDA_FD_MOTOR], 80h
        mov al, 4Dh                 ; FORMAT A TRACK, MFM
        call fdc_out
        call fdc_out_head_drive
        push es
        push bx
        xor ax, ax
        mov es, ax
        les bx, [es:1Eh*4]
        mov al, [es:bx+3]           ; N
        call fdc_out
        mov al, [bp+FDL_LEFT]       ; sectors per track
        call fdc_out
        mov al, [es:bx+7]           ; format gap
        call fdc_out
        mov al, [es:bx+8]           ; fill byte
        call fdc_out
        pop bx
        pop es
        jc .cf
        call fd_wait_irq
        jc .to
        call fdc_results
        jc .cf
        call fd_result_status
        test ah, ah
        jnz .e
        call fd_motor_timeout
        jmp fd_finish
.cf:    mov ah, 20h
        jmp short .e
.to:    mov ah, 80h
.e:     jmp fd_read_write.err

; AH=08h: drive parameters.
fd_get_params:
        ; DL = number of drives
        push es
        call es_ebda
        xor cx, cx
        cmp byte [es:EBDA_FD_TYPE], 0
        je .n0
        inc cx
.n0:    cmp byte [es:EBDA_FD_TYPE+1], 0
        je .n1
        inc cx
.n1:    pop es
        mov [bp+F_DL], cl
        call fd_drive_info
        jc .none
        cmp al, 5                   ; CMOS 5 (QEMU 2.88M) is reported as type 6
        jne .t
        mov al, 6
.t:     mov [bp+F_BL], al
        mov byte [bp+F_BH], 0
        mov al, [cs:si]
        mov [bp+F_CH], al
        mov al, [cs:si+1]
        mov [bp+F_CL], al
        mov byte [bp+F_DH], 1
        mov ax, [cs:si+2]
        mov [bp+F_DI], ax
        mov word [bp+F_ES], 0F000h
        mov byte [bp+F_AL], 0
        xor ah, ah
        jmp fd_finish
.none:  xor ax, ax
        mov [bp+F_BX], ax
        mov [bp+F_CX], ax
        mov [bp+F_DH], al
        mov [bp+F_DI], ax
        mov [bp+F_ES], ax
        mov [bp+F_AL], al
        jmp fd_finish

; AH=15h: AH = 00h no drive, 01h drive without change line, 02h with one.
fd_get_type:
        call fd_drive_info
        mov ah, 0
        jc .r
        mov ah, 2
        cmp al, 1                   ; 360K drives have no change line
        jne .r
        mov ah, 1
.r:     mov [bp+F_AH], ah
        clc
        ret

; AH=16h: disk change.  00h not changed, 06h changed, 80h no disk.
fd_change_line:
        call fd_drive_info
        jnc .e
        mov ah, 80h
        jmp fd_finish
.e:     cmp al, 1
        je .changed_nocheck
        call fd_motor_on
        mov dx, FD_DIR
        in al, dx
        test al, 80h
        jnz .changed
        call fd_motor_timeout
        xor ah, ah
        jmp fd_finish
.changed:
        ; forget the media, then step to clear the latch (it resets on a
        ; head step with a disk present)
        mov al, [bp+FDL_DRIVE]
        xor ah, ah
        mov si, ax
        and byte [BDA_FD_MEDIA+si], 0EFh
        call fd_recalibrate
        mov al, 1
        mov ah, 0
        call fd_seek
        mov al, 0
        mov ah, 0
        call fd_seek
        mov dx, FD_DIR
        in al, dx
        call fd_motor_timeout
        mov ah, 06h
        test al, 80h
        jz .fin
        mov ah, 80h                 ; latch stuck: drive empty
.fin:   jmp fd_finish
.changed_nocheck:
        mov ah, 06h
        jmp fd_finish

; AH=17h: set DASD type for format: AL = 1 360K/360K, 2 360K/1.2M,
; 3 1.2M/1.2M, 4 720K/720K.
fd_set_dasd_type:
        call fd_drive_info
        jnc .e
        mov ah, 80h
        jmp fd_finish
.e:     mov al, [bp+F_AL]
        mov ah, 93h
        cmp al, 1
        je .set
        mov ah, 74h
        cmp al, 2
        je .set
        mov ah, 15h
        cmp al, 3
        je .set
        mov ah, 97h
        cmp al, 4
        je .set
        mov ah, 01h
        jmp fd_finish
.set:   mov al, [bp+FDL_DRIVE]
        xor bx, bx
        mov bl, al
        mov [BDA_FD_MEDIA+bx], ah
        mov al, 9
        cmp ah, 15h
        jne .spt
        mov al, 15
.spt:   push es
        call es_ebda
        mov [es:EBDA_FD_SPT+bx], al
        pop es
        xor ah, ah
        jmp fd_finish

; AH=18h: set media type for format: CH = max cylinder, CL = sectors per
; track.  Returns ES:DI = parameter table for that media.
fd_set_media_type:
        call fd_drive_info
        jnc .e
        mov ah, 80h
        jmp fd_finish
.e:     mov si, [cs:si+4]           ; the drive's probe list
        and cl, 3Fh
.l:     mov al, [cs:si]
        cmp al, 0FFh
        je .nomatch
        cmp cl, [cs:si+2]
        jne .next
        ; 9 sectors: 40 tracks only for 360K kinds (state 3/4), 80 for 720K
        cmp cl, 9
        jne .match
        mov al, [cs:si+1]
        and al, 07h
        cmp al, 5
        jb .is40
        cmp ch, 79
        je .match
        jmp short .next
.is40:  cmp ch, 39
        je .match
.next:  add si, 3
        jmp .l
.nomatch:
        mov ah, 0Ch
        jmp fd_finish
.match: mov al, [bp+FDL_DRIVE]
        xor bx, bx
        mov bl, al
        mov al, [cs:si+1]
        mov [BDA_FD_MEDIA+bx], al
        push es
        call es_ebda
        mov [es:EBDA_FD_SPT+bx], cl
        pop es
        ; pick the table
        mov ax, fd_param_table
        cmp cl, 18
        je .t
        mov ax, fd_dpt_1200
        cmp cl, 15
        je .t
        mov ax, fd_dpt_2880
        cmp cl, 36
        je .t
        mov ax, fd_dpt_720
        cmp ch, 79
        je .t
        mov ax, fd_dpt_360
.t:     mov [bp+F_DI], ax
        mov word [bp+F_ES], 0F000h
        xor ah, ah
        jmp fd_finish
