; bios/pcbios/disk.asm — the INT 13h dispatcher and the fixed disk services
; (DL = 80h..83h) on ATA drives at 1F0h/3F6h (IRQ14) and 170h/376h (IRQ15),
; using PIO transfers.  Geometry comes from IDENTIFY DEVICE (words 1, 3, 6
; cylinders/heads/sectors, word 49 bit 9 LBA, words 60-61 LBA sectors — ATA
; specification); disks over 1024 cylinders get the usual LBA-assisted
; translation (63 sectors, 16/32/64/128/255 heads) for the CHS functions.
; Also the EDD 1.1 extensions 41h-48h.

; ---------------------------------------------------------------------------
int13_handler:
        sti
        cld
        FRAME_ENTER
        sub sp, 32                  ; locals of the service routines (BP-relative)
%ifdef DEBUG
        mov [bp-32], ax
%endif
        push ax
        mov ax, BDA_SEG
        mov ds, ax
        pop ax
        cmp ah, 4Bh                 ; El Torito: terminate / get status
        je .cd
        call cd_emu_match
        jc .cd
        test dl, 80h
        jnz .hd
        call fd_dispatch
        jmp short int13_return
.hd:    call hd_dispatch
        jmp short int13_return
.cd:    call cd_int13
int13_return:
        mov sp, bp
%ifdef DEBUG
        pushf
        call int13_trace
        popf
%endif
        FRAME_SET_CF
        FRAME_LEAVE
        iret

%ifdef DEBUG
; Debug builds: log each INT 13h call (in AX BX CX DX -> out AX, CF) to E9h.
int13_trace:
        push ax
        push si
        pushf
        mov ax, [bp-32]
        call .hex16
        mov al, ':'
        out 0E9h, al
        mov si, 0
.l:     mov ax, [bp+si]
        call .hex16
        mov al, ' '
        out 0E9h, al
        add si, 2
        cmp si, 8
        jb .l
        mov al, '>'
        out 0E9h, al
        mov ax, [bp+F_AX]
        call .hex16
        popf
        mov al, '0'
        adc al, 0
        out 0E9h, al
        mov al, 10
        out 0E9h, al
        pop si
        pop ax
        ret
.hex16: push cx
        mov cx, 4
.d:     push cx
        mov cl, 4
        rol ax, cl
        pop cx
        push ax
        and al, 0Fh
        add al, '0'
        cmp al, '9'
        jbe .o
        add al, 7
.o:     out 0E9h, al
        pop ax
        loop .d
        pop cx
        ret
%endif

; INT 40h / F000:EC59: diskette only (the AT's fixed disk BIOS moved the
; diskette handler here).
int13_floppy_entry_near:
        sti
        cld
        FRAME_ENTER
        sub sp, 32                  ; locals of the service routines (BP-relative)
        push ax
        mov ax, BDA_SEG
        mov ds, ax
        pop ax
        call fd_dispatch
        jmp int13_return

; ---------------------------------------------------------------------------
HDL_LBA_LO      equ -2
HDL_LBA_HI      equ -4
HDL_COUNT       equ -6
HDL_OP          equ -8          ; 0 read, 1 write, 2 verify
HDL_DONE        equ -10
HDL_EXT         equ -12         ; byte: 1 = LBA48 command set for this transfer
HDL_SIZE        equ 16

; Store AH as the fixed disk status and return it.  CF = AH != 0.
hd_finish:
        push ds
        call ds_bda
        mov [BDA_HD_STATUS], ah
        pop ds
        jmp frame_status

; DL = BIOS drive -> SI = its ATA entry (DS = EBDA).  CF=1 if none.
hd_find:
        push ax
        push bx
        call ds_bda
        mov al, dl
        sub al, 80h
        cmp al, [BDA_HD_COUNT]
        jae .no
        call ds_ebda
        xor ah, ah
        mov bx, ax
        mov al, [EBDA_HD_MAP+bx]
        mov bl, ATA_ENTRY
        mul bl
        add ax, EBDA_ATA
        mov si, ax
        pop bx
        pop ax
        clc
        ret
.no:    call ds_ebda
        pop bx
        pop ax
        stc
        ret

hd_dispatch:
        JMP_IF_EQ ah, 08h, hd_get_params  ; answers even for missing drives
        JMP_IF_EQ ah, 15h, hd_get_type
        call hd_find
        jnc .exists
        mov ah, 01h                 ; (AT BIOS: invalid drive = bad command)
        cmp byte [bp+F_AH], 41h     ; extensions check on a missing drive
        jne .fin
        mov byte [bp+F_AH], 01h
.fin:   jmp hd_finish
.exists:
        mov ah, [bp+F_AH]
        cmp ah, 01h
        jne .n1
        push ds
        call ds_bda
        mov ah, [BDA_HD_STATUS]
        pop ds
        jmp frame_status
.n1:    cmp ah, 02h
        jb .ok                      ; 00h reset
        cmp ah, 04h
        ja .n4
        jmp hd_chs_rw
.n4:    cmp ah, 05h
        je .ok                      ; format track: nothing to do on ATA
        cmp ah, 09h
        je .ok
        cmp ah, 0Ch
        je .ok
        cmp ah, 0Dh
        je .ok
        cmp ah, 10h
        je .ok
        cmp ah, 11h
        je .ok
        cmp ah, 14h
        je .ok
        JMP_IF_EQ ah, 41h, hd_ext_check
        cmp ah, 42h
        jb .bad
        cmp ah, 44h
        ja .n44
        jmp hd_ext_rw
.n44:   cmp ah, 47h
        je .ok
        JMP_IF_EQ ah, 48h, hd_ext_params
        cmp ah, 4Eh
        je .ok
.bad:   mov ah, 01h
        jmp hd_finish
.ok:    xor ah, ah
        jmp hd_finish

; AH=08h: logical geometry.  CH = max cylinder low 8 bits, CL = max sector
; | cylinder bits 8-9 << 6, DH = max head, DL = number of fixed disks.
hd_get_params:
        push ds
        call ds_bda
        mov al, [BDA_HD_COUNT]
        pop ds
        call hd_find
        jnc .e
        mov [bp+F_DL], al
        mov ah, 07h                 ; (RBIL: drive parameter activity failed)
        jmp hd_finish
.e:     mov [bp+F_DL], al
        mov ax, [si+ATA_LCYLS]
        dec ax
        mov [bp+F_CH], al
        mov cl, 6
        shl ah, cl
        mov al, [si+ATA_LSPT]
        and al, 3Fh
        or al, ah
        mov [bp+F_CL], al
        mov al, [si+ATA_LHEADS]
        dec al
        mov [bp+F_DH], al
        mov byte [bp+F_AL], 0
        mov word [bp+F_BX], 0
        xor ah, ah
        jmp hd_finish

; AH=15h: AH = 03h (fixed disk), CX:DX = logical sectors; 00h if absent.
hd_get_type:
        call hd_find
        jnc .e
        mov byte [bp+F_AH], 0
        clc
        ret
.e:     mov al, [si+ATA_LHEADS]
        mul byte [si+ATA_LSPT]
        mov bx, [si+ATA_LCYLS]
        mul bx
        mov [bp+F_DX], ax
        mov [bp+F_CX], dx
        mov byte [bp+F_AH], 03h
        clc
        ret

; AH=02h/03h/04h: AL sectors at CH/CL/DH (logical CHS) to/from ES:BX.
hd_chs_rw:
        sub ah, 2
        mov [bp+HDL_OP], ah
        mov byte [bp+F_AL], 0
        xor ah, ah
        test al, al
        jz .bad
        mov [bp+HDL_COUNT], ax
        ; cylinder = CH | (CL & C0h) << 2
        mov al, cl
        xor ah, ah
        shl ax, 1
        shl ax, 1
        mov al, ch                  ; AX = cylinder (AH = bits 8-9)
        and cl, 3Fh
        jz .notfound
        cmp cl, [si+ATA_LSPT]
        ja .notfound
        cmp dh, [si+ATA_LHEADS]
        jae .notfound
        cmp ax, [si+ATA_LCYLS]
        jae .notfound
        ; lba = (cyl * heads + head) * spt + sector - 1
        mov di, dx                  ; MUL below clobbers DX: keep the head
        xor bh, bh
        mov bl, [si+ATA_LHEADS]
        mul bx
        push ax
        mov ax, di
        mov bl, ah                  ; head
        pop ax
        add ax, bx
        adc dx, 0
        mov bl, [si+ATA_LSPT]
        call mul32_16
        mov bl, cl
        dec bl
        add ax, bx
        adc dx, 0
        mov [bp+HDL_LBA_LO], ax
        mov [bp+HDL_LBA_HI], dx
        mov di, [bp+F_BX]
        mov cx, [bp+HDL_COUNT]
        mov bl, [bp+HDL_OP]
        call ata_rw
        mov [bp+F_AL], cl
        jmp hd_finish
.bad:   mov ah, 01h
        jmp hd_finish
.notfound:
        mov ah, 04h
        jmp hd_finish

; AH=41h: extensions present?  BX must be 55AAh; we answer EDD 1.1 with the
; fixed disk access subset (42h-44h, 47h, 48h).
hd_ext_check:
        cmp bx, 55AAh
        jne .no
        mov word [bp+F_BX], 0AA55h
        mov word [bp+F_CX], 0001h
        mov byte [bp+F_AH], 21h
        clc
        ret
.no:    mov ah, 01h
        jmp hd_finish

; AH=42h read, 43h write, 44h verify with the disk address packet at DS:SI:
; +0 size (10h), +2 count, +4 buffer offset, +6 segment, +8 qword LBA.
hd_ext_rw:
        sub ah, 42h
        mov [bp+HDL_OP], ah
        mov es, [bp+F_DS]
        mov bx, [bp+F_SI]
        mov cx, [es:bx+2]
        mov ax, [es:bx+8]
        mov dx, [es:bx+10]
        cmp word [es:bx+12], 0
        jne .range
        cmp word [es:bx+14], 0
        jne .range
        mov [bp+HDL_LBA_LO], ax
        mov [bp+HDL_LBA_HI], dx
        mov word [es:bx+2], 0
        jcxz .ok
        cmp cx, 127
        ja .bad
        ; end must be inside the disk
        push ax
        push dx
        add ax, cx
        adc dx, 0
        cmp dx, [si+ATA_TOTAL+2]
        jb .in
        ja .out
        cmp ax, [si+ATA_TOTAL]
        jbe .in
.out:   pop dx
        pop ax
        jmp short .range
.in:    pop dx
        pop ax
        mov di, [es:bx+4]
        mov es, [es:bx+6]
        push bx
        mov bl, [bp+HDL_OP]
        call ata_rw
        pop bx
        mov es, [bp+F_DS]
        mov [es:bx+2], cx
        jmp hd_finish
.ok:    xor ah, ah
        jmp hd_finish
.bad:   mov ah, 01h
        jmp hd_finish
.range: mov ah, 04h
        jmp hd_finish

; AH=48h: drive parameters into the buffer at DS:SI (size word first).
hd_ext_params:
        mov es, [bp+F_DS]
        mov di, [bp+F_SI]
        mov ax, [es:di]
        cmp ax, 1Ah
        jb .bad
        mov word [es:di], 1Ah
        mov word [es:di+2], 0002h   ; CHS information valid
        mov ax, [si+ATA_PCYLS]
        mov [es:di+4], ax
        mov word [es:di+6], 0
        mov al, [si+ATA_PHEADS]
        xor ah, ah
        mov [es:di+8], ax
        mov word [es:di+10], 0
        mov al, [si+ATA_PSPT]
        mov [es:di+12], ax
        mov word [es:di+14], 0
        mov ax, [si+ATA_TOTAL]
        mov [es:di+16], ax
        mov ax, [si+ATA_TOTAL+2]
        mov [es:di+18], ax
        mov word [es:di+20], 0
        mov word [es:di+22], 0
        mov word [es:di+24], 512
        cmp word [es:di], 1Eh
        jb .ok
        mov word [es:di], 1Eh       ; no device parameter table extension
        mov word [es:di+26], 0FFFFh
        mov word [es:di+28], 0FFFFh
.ok:    xor ah, ah
        jmp hd_finish
.bad:   mov ah, 01h
        jmp hd_finish

; ---------------------------------------------------------------------------
; ATA PIO.  In: DS:SI = ATA entry, [bp+HDL_LBA_*] = LBA, CX = sectors
; (1..255), ES:DI = buffer, BL = 0 read / 1 write / 2 verify.
; Out: AH = status, CX = sectors transferred.
ata_rw:
        mov [bp+HDL_COUNT], cx
        mov word [bp+HDL_DONE], 0
        call normalize_es_di
        mov dx, [si+ATA_IOBASE]
        add dx, 7
        call ata_wait_bsy
        jnc .ready
        jmp .timeout
.ready: ; registers: LBA28, LBA48 or CHS
        mov byte [bp+HDL_EXT], 0
        mov ax, [bp+HDL_LBA_LO]
        mov dx, [bp+HDL_LBA_HI]
        test byte [si+ATA_FLAGS], 01h
        jz .chs
        ; the last sector decides: 28-bit commands reach LBA 0FFFFFFEh at
        ; most (IDENTIFY words 60-61 stop at 0FFFFFFFh sectors), so a run
        ; ending at or beyond 0FFFFFFFh needs the 48-bit commands
        push dx
        add ax, [bp+HDL_COUNT]
        adc dx, 0                   ; DX:AX = one past the last sector
        cmp dx, 1000h
        pop dx
        mov ax, [bp+HDL_LBA_LO]     ; (MOV and POP keep the flags)
        jb .lba
        ; beyond 2^28 sectors: the 48-bit commands write each task file
        ; register twice, high-order bytes first (ATA/ATAPI-6)
        test byte [si+ATA_FLAGS], 02h
        jnz .lba48
        mov ah, 01h
        jmp .out
.lba48: mov byte [bp+HDL_EXT], 1
        push dx
        mov dx, [si+ATA_IOBASE]
        add dx, 6
        mov al, 40h
        call ata_select
        inc dx
        call ata_wait_bsy
        pop cx                      ; CX = LBA bits 16-31
        jnc .hob
        jmp .timeout
.hob:   sub dx, 5                   ; +2: count 15:8, LBA 31:24, 39:32, 47:40
        xor al, al
        out dx, al
        inc dx
        mov al, ch
        out dx, al
        inc dx
        xor al, al
        out dx, al
        inc dx
        out dx, al
        mov ax, [bp+HDL_LBA_LO]
        mov bh, 40h                 ; LBA mode, no head bits
        mov dl, cl                  ; LBA 23:16
        mov cl, al
        mov ch, ah
        mov ah, dl
        jmp short .regs
.lba:   mov bh, dh
        or bh, 0E0h
        mov cl, al                  ; sector register = LBA 0-7
        mov ch, ah                  ; cyl low = LBA 8-15
        mov ah, dl                  ; cyl high = LBA 16-23
        jmp short .regs
.chs:   ; cylinder = lba / (heads*spt), head = rem / spt, sector = rem % spt + 1
        push bx
        push ax
        mov al, [si+ATA_PHEADS]
        mul byte [si+ATA_PSPT]
        mov bx, ax
        pop ax
        call div32_16               ; DX:AX = cylinder, BX = remainder
        push ax
        mov ax, bx
        div byte [si+ATA_PSPT]      ; AL = head, AH = sector-1
        mov bh, al
        or bh, 0A0h
        mov cl, ah
        inc cl
        pop ax
        mov ch, al                  ; cylinder low
        ; AH = cylinder high
        mov dl, bh
        pop bx
        mov bh, dl
.regs:  ; BH = device/head, CL = sector, CH = cyl low, AH = cyl high
        cmp byte [si+ATA_SLAVE], 0
        je .m
        or bh, 10h
.m:     mov dx, [si+ATA_IOBASE]
        add dx, 6
        mov al, bh
        out dx, al
        inc dx
        call ata_wait_bsy
        jc .timeout
        sub dx, 5                   ; +2 sector count
        mov al, [bp+HDL_COUNT]
        out dx, al
        inc dx
        mov al, cl
        out dx, al
        inc dx
        mov al, ch
        out dx, al
        inc dx
        mov al, ah
        out dx, al
        add dx, 2                   ; +7 command
        mov al, 20h                 ; READ SECTORS
        cmp bl, 1
        jb .c
        mov al, 30h                 ; WRITE SECTORS
        je .c
        mov al, 40h                 ; READ VERIFY SECTORS
.c:     cmp byte [bp+HDL_EXT], 0
        je .c28
        add al, 4                   ; the EXT forms: 24h, 34h, 44h
        cmp al, 44h
        jne .c28
        mov al, 42h                 ; READ VERIFY SECTORS EXT
.c28:   out dx, al
        call ata_delay400
        cmp bl, 2
        jne .xfer
        call ata_wait_bsy
        jc .timeout
        test al, 21h
        jnz .error
        mov ax, [bp+HDL_COUNT]
        mov [bp+HDL_DONE], ax
        xor ah, ah
        jmp .out
.xfer:  ; one sector per DRQ block
        call ata_wait_bsy
        jc .timeout
        test al, 21h                ; ERR / DF
        jnz .error
        test al, 08h                ; DRQ
        jz .error
        sub dx, 7                   ; data port
        mov cx, 256
        cmp bl, 1
        je .wr
.rd:    in ax, dx
        stosw
        loop .rd
        jmp short .next
.wr:    mov ax, [es:di]
        out dx, ax
        add di, 2
        loop .wr
.next:  add dx, 7
        sub di, 512
        mov ax, es
        add ax, 20h
        mov es, ax
        inc word [bp+HDL_DONE]
        dec word [bp+HDL_COUNT]
        jnz .xfer
        ; after a write the drive may still be busy committing it
        call ata_wait_bsy
        jc .timeout
        test al, 21h
        jnz .error
        xor ah, ah
        jmp short .out
.timeout:
        mov ah, 80h
        jmp short .out
.error: ; map the error register
        mov dx, [si+ATA_IOBASE]
        inc dx
        in al, dx
        mov ah, 10h                 ; UNC: uncorrectable data error
        test al, 40h
        jnz .out
        mov ah, 04h                 ; IDNF: sector not found
        test al, 10h
        jnz .out
        mov ah, 01h                 ; ABRT: bad command
        test al, 04h
        jnz .out
        mov ah, 20h
.out:   mov cx, [bp+HDL_DONE]
        ret

; Wait until BSY clears on status port DX (~10 s max).  AL = status.  CF on
; timeout.  A floating bus reads FFh: treat as timeout at once.
ata_wait_bsy:
        push bx
        push cx
        push ds
        call ds_bda
        mov cx, [BDA_TICKS]
        pop ds
        mov bx, 182
.l:     in al, dx
        cmp al, 0FFh
        je .t
        test al, 80h
        jz .ok
        call ticks_elapsed
        jnc .l
.t:     stc
        pop cx
        pop bx
        ret
.ok:    clc
        pop cx
        pop bx
        ret

; Normalise ES:DI so that DI < 16: a transfer of up to 64 KiB (255 ATA
; sectors, an ATAPI read) then cannot wrap the offset.
normalize_es_di:
        push ax
        push cx
        mov ax, di
        mov cl, 4
        shr ax, cl
        mov cx, es
        add ax, cx
        mov es, ax
        and di, 0Fh
        pop cx
        pop ax
        ret

; Write the device register (DX = IO base + 6): the drive bit of ATA entry
; SI (ATA_SLAVE << 4) with the mode bits in AL (A0h: CHS, 40h: LBA).
ata_select:
        push cx
        mov ch, al
        mov al, [si+ATA_SLAVE]
        mov cl, 4
        shl al, cl
        or al, ch
        out dx, al
        pop cx
        ret

; Short wait the ATA spec requires after writing the command register
; before status is valid: four reads of the alternate status register.
ata_delay400:
        push ax
        push dx
        mov dx, [si+ATA_CTRL]
        in al, dx
        in al, dx
        in al, dx
        in al, dx
        pop dx
        pop ax
        ret

; IRQ14/IRQ15: reading the status register acknowledges the drive.
irq14_handler:
        push ax
        push dx
        mov dx, 1F7h
        jmp short irq_ide_common
irq15_handler:
        push ax
        push dx
        mov dx, 177h
irq_ide_common:
        in al, dx
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        mov byte [BDA_HD_INTFLAG], 0FFh
        pop ds
        mov al, 20h
        out 0A0h, al
        out 20h, al
        pop dx
        pop ax
        iret

; ---------------------------------------------------------------------------
; POST: find ATA disks and ATAPI drives on both channels.
ata_channels:   dw 1F0h, 3F6h, 170h, 376h

ata_post_init:
        push ds
        call ds_ebda
        xor bx, bx                  ; entry index 0..3
.dev:   mov ax, bx
        mov cl, ATA_ENTRY
        mul cl
        add ax, EBDA_ATA
        mov si, ax
        mov di, bx
        and di, 2                   ; channel * 2
        shl di, 1
        mov ax, [cs:ata_channels+di]
        mov [si+ATA_IOBASE], ax
        mov ax, [cs:ata_channels+di+2]
        mov [si+ATA_CTRL], ax
        mov al, bl
        and al, 1
        mov [si+ATA_SLAVE], al
        test bl, 1
        jnz .noreset
        call ata_reset_channel
.noreset:
        call ata_identify
        inc bx
        cmp bx, 4
        jb .dev
        pop ds
        ret

; Soft reset of the channel of entry SI: SRST pulse, then wait for BSY to
; clear (short, so empty channels cost little).
ata_reset_channel:
        push bx
        push cx
        push dx
        mov dx, [si+ATA_IOBASE]
        add dx, 7
        in al, dx
        cmp al, 0FFh
        je .r                       ; nothing there
        mov dx, [si+ATA_CTRL]
        mov al, 0Ch                 ; SRST
        out dx, al
        mov cx, 2
        call delay_15us
        mov al, 08h                 ; SRST off, interrupts enabled
        out dx, al
        mov cx, 140                 ; 2 ms for the drives to raise BSY
        call delay_15us
        mov dx, [si+ATA_IOBASE]
        add dx, 7
        call ata_wait_bsy
.r:     pop dx
        pop cx
        pop bx
        ret

; Probe entry SI (IO base, control, slave filled in).  DS = EBDA.
ata_identify:
        push bx
        mov dx, [si+ATA_IOBASE]
        add dx, 6
        mov al, 0A0h
        call ata_select
        call ata_delay400
        ; do the task file registers hold what we write?
        sub dx, 4                   ; +2
        mov al, 55h
        out dx, al
        inc dx
        mov al, 0AAh
        out dx, al
        dec dx
        in al, dx
        cmp al, 55h
        je .present
        jmp .none
.present:
        add dx, 5                   ; status
        in al, dx
        cmp al, 0FFh
        je .none
        mov al, 0ECh                ; IDENTIFY DEVICE
        out dx, al
        call ata_delay400
        call ata_wait_bsy
        jc .none
        test al, 01h
        jnz .maybe_atapi
        test al, 08h
        jz .none
        call ata_read_identify
        ; ATA disk
        mov byte [si+ATA_TYPE], 1
        mov ax, [EBDA_SCRATCH+2]    ; word 1: cylinders
        mov [si+ATA_PCYLS], ax
        mov al, [EBDA_SCRATCH+6]    ; word 3: heads
        mov [si+ATA_PHEADS], al
        mov al, [EBDA_SCRATCH+12]   ; word 6: sectors per track
        mov [si+ATA_PSPT], al
        test byte [EBDA_SCRATCH+99], 02h   ; word 49 bit 9: LBA
        jz .nolba
        or byte [si+ATA_FLAGS], 01h
        mov ax, [EBDA_SCRATCH+120]  ; words 60-61
        mov [si+ATA_TOTAL], ax
        mov ax, [EBDA_SCRATCH+122]
        mov [si+ATA_TOTAL+2], ax
        test byte [EBDA_SCRATCH+167], 04h  ; word 83 bit 10: 48-bit LBA
        jz .geom
        or byte [si+ATA_FLAGS], 02h
        mov ax, [EBDA_SCRATCH+200]  ; words 100-103: sectors, 48 bits
        mov [si+ATA_TOTAL], ax
        mov ax, [EBDA_SCRATCH+202]
        mov [si+ATA_TOTAL+2], ax
        mov ax, [EBDA_SCRATCH+204]
        or ax, [EBDA_SCRATCH+206]
        jz .geom
        mov word [si+ATA_TOTAL], 0FFFFh     ; over 2 TiB: what 32 bits can say
        mov word [si+ATA_TOTAL+2], 0FFFFh
        jmp short .geom
.nolba: mov al, [si+ATA_PHEADS]
        mul byte [si+ATA_PSPT]
        mul word [si+ATA_PCYLS]
        mov [si+ATA_TOTAL], ax
        mov [si+ATA_TOTAL+2], dx
.geom:  call ata_translate
        ; register as the next BIOS fixed disk
        push ds
        call ds_bda
        mov bl, [BDA_HD_COUNT]
        cmp bl, 4
        jae .full
        inc byte [BDA_HD_COUNT]
        pop ds
        xor bh, bh
        mov ax, si
        sub ax, EBDA_ATA
        mov cl, ATA_ENTRY
        div cl
        mov [EBDA_HD_MAP+bx], al
        call ata_fdpt
        ; tell the user
        PRINT "Disk "
        mov al, bl
        add al, 80h
        call print_hex8
        PRINT "h: "
        call ata_print_model
        PRINT ", "
        mov ax, [si+ATA_TOTAL]
        mov dx, [si+ATA_TOTAL+2]
        mov bx, 2048                ; sectors per MiB
        call div32_16
        call print_dec32
        PRINT " MiB", 13, 10
        pop bx
        ret
.full:  pop ds
        pop bx
        ret
.maybe_atapi:
        ; an ATAPI device aborts IDENTIFY DEVICE and shows signature 14h EBh
        mov dx, [si+ATA_IOBASE]
        add dx, 4
        in al, dx
        mov ah, al
        inc dx
        in al, dx
        cmp ax, 14EBh
        jne .none
        add dx, 2
        mov al, 0A1h                ; IDENTIFY PACKET DEVICE
        out dx, al
        call ata_delay400
        call ata_wait_bsy
        jc .none
        test al, 08h
        jz .none
        call ata_read_identify
        mov byte [si+ATA_TYPE], 2
        mov ax, si
        sub ax, EBDA_ATA
        mov cl, ATA_ENTRY
        div cl
        cmp byte [EBDA_CD_DEV], EBDA_CD_NODEV
        jne .second
        mov [EBDA_CD_DEV], al
.second:
        PRINT "CD-ROM: "
        call ata_print_model
        PRINT 13, 10
.none:  pop bx
        ret

; Read 256 IDENTIFY words into the EBDA scratch area.  DX = status port.
ata_read_identify:
        push es
        push di
        push cx
        push ds
        pop es
        mov di, EBDA_SCRATCH
        sub dx, 7
        mov cx, 256
.l:     in ax, dx
        stosw
        loop .l
        add dx, 7
        pop cx
        pop di
        pop es
        ret

; Print the model string (IDENTIFY words 27-46, bytes swapped, trailing
; spaces dropped).
ata_print_model:
        push ax
        push cx
        push di
        mov cx, 40
.trim:  mov di, cx                  ; drop trailing blanks
        dec di
        xor di, 1                   ; character i is at byte i^1 (words are big-endian)
        cmp byte [EBDA_SCRATCH+54+di], ' '
        ja .p
        loop .trim
        jmp short .d
.p:     xor di, di
.o:     push di
        xor di, 1
        mov al, [EBDA_SCRATCH+54+di]
        pop di
        call print_char
        inc di
        loop .o
.d:     pop di
        pop cx
        pop ax
        ret

; Logical geometry for the CHS functions.
ata_translate:
        mov ax, [si+ATA_PCYLS]
        mov bl, [si+ATA_PHEADS]
        mov bh, [si+ATA_PSPT]
        cmp ax, 1024
        jbe .set
        test byte [si+ATA_FLAGS], 01h
        jz .bitshift
        ; LBA assisted: 63 sectors, the fewest heads that fit 1024 cylinders
        mov bh, 63
        mov di, lba_heads
.h:     mov bl, [cs:di]
        mov al, bl
        mov cl, 63
        mul cl
        mov cx, ax                  ; heads*63
        push bx
        mov bx, cx
        mov ax, [si+ATA_TOTAL]
        mov dx, [si+ATA_TOTAL+2]
        call div32_16
        pop bx
        test dx, dx
        jnz .more
        cmp ax, 1024
        jbe .set
.more:  inc di
        cmp bl, 255
        jne .h
        mov ax, 1024
        jmp short .set
.bitshift:
        cmp ax, 1024
        jbe .set
        cmp bl, 128
        jae .cap
        shr ax, 1
        shl bl, 1
        jmp .bitshift
.cap:   mov ax, 1024
.set:   mov [si+ATA_LCYLS], ax
        mov [si+ATA_LHEADS], bl
        mov [si+ATA_LSPT], bh
        ret
lba_heads: db 16, 32, 64, 128, 255

; Fixed disk parameter table (IBM AT format) for drives 80h/81h: INT 41h
; and INT 46h point at copies in the EBDA.  BX = BIOS disk index.
ata_fdpt:
        cmp bx, 1
        ja .r
        push es
        push di
        mov di, EBDA_FDPT0
        mov cx, 41h*4
        test bx, bx
        jz .t
        mov di, EBDA_FDPT1
        mov cx, 46h*4
.t:     mov ax, [si+ATA_LCYLS]
        mov [di], ax
        mov al, [si+ATA_LHEADS]
        mov [di+2], al
        mov word [di+5], 0FFFFh     ; no write precompensation
        mov al, 0
        cmp byte [si+ATA_LHEADS], 8
        jbe .c
        mov al, 08h                 ; more than 8 heads
.c:     mov [di+8], al
        mov ax, [si+ATA_LCYLS]
        mov [di+0Ch], ax            ; landing zone
        mov al, [si+ATA_LSPT]
        mov [di+0Eh], al
        ; vector
        xor ax, ax
        mov es, ax
        push di
        mov di, cx
        pop ax
        mov [es:di], ax
        mov [es:di+2], ds
        pop di
        pop es
.r:     ret
