; bios/pcbios/cdrom.asm — El Torito CD-ROM boot over ATAPI and the INT 13h
; services for the booted CD (El Torito Bootable CD-ROM Format
; Specification 1.0, Phoenix/IBM 1995):
;  - sector 17 of the disc is the Boot Record Volume Descriptor: byte 0 = 0,
;    "CD001", version 1, "EL TORITO SPECIFICATION" at offset 7, and the
;    boot catalog's sector number (dword) at offset 47h;
;  - the catalog starts with a validation entry (header 01h, key bytes 55h
;    AAh at 1Eh, words summing to 0) followed by the initial/default entry:
;    88h = bootable, media type (0 no emulation, 1/2/3 = 1.2M/1.44M/2.88M
;    floppy image, 4 = hard disk image), load segment (0 = 07C0h), sector
;    count in 512-byte units, and the image's first CD sector;
;  - no-emulation images are entered at load_segment:0 with DL = the CD's
;    drive number; floppy images become drive 00h and are booted like a disk.
; ATAPI packets (READ(10) = 28h) are sent with the PACKET command A0h
; using PIO, byte count limit 2048 (SFF-8020i).

CD_SCRATCH_SEG  equ 0800h       ; 0:8000h, free while we parse the catalog
CD_DRIVE_NOEMU  equ 0E0h

; CF=1 if DL names the drive El Torito gave us.  Preserves everything.
cd_emu_match:
        push ds
        call ds_ebda
        cmp byte [EBDA_EMU_ACTIVE], 0
        je .no
        cmp dl, [EBDA_EMU+2]
        jne .no
        pop ds
        stc
        ret
.no:    pop ds
        clc
        ret

; Read CD blocks.  DS = EBDA, SI = ATA entry, DX:AX = first 2048-byte
; block, CX = blocks, ES:DI = buffer; [EBDA_CD_SKIP] 512-byte units are
; dropped first, then [EBDA_CD_WANT] units are stored, the rest dropped.
; Out: AH = status, CF.  Retries Unit Attention / Not Ready a few times.
atapi_read:
        push bx
        mov bx, 4
.again:
        PUSHM ax, dx, cx, di, es
        push word [EBDA_CD_SKIP]
        push word [EBDA_CD_WANT]
        call atapi_read_once
        pop word [EBDA_CD_WANT]
        pop word [EBDA_CD_SKIP]
        pop es
        pop di
        pop cx
        pop dx
        jnc .ok
        dec bx
        jz .fail
        pop ax
        push cx
        mov cx, 100
        call delay_ms
        pop cx
        jmp .again
.ok:    pop ax
        xor ah, ah
        pop bx
        clc
        ret
.fail:  pop ax
        mov ah, 0Ch
        pop bx
        stc
        ret

atapi_read_once:
        push bx
        call .go
        pop bx
        ret
.go:    ; packet: 28 00 LBA(be) 00 count(be) 00 00 00
        mov byte [EBDA_PACKET], 28h
        mov byte [EBDA_PACKET+1], 0
        mov [EBDA_PACKET+2], dh
        mov [EBDA_PACKET+3], dl
        mov [EBDA_PACKET+4], ah
        mov [EBDA_PACKET+5], al
        mov byte [EBDA_PACKET+6], 0
        mov [EBDA_PACKET+7], ch
        mov [EBDA_PACKET+8], cl
        mov word [EBDA_PACKET+9], 0
        mov byte [EBDA_PACKET+11], 0
        call normalize_es_di
        mov dx, [si+ATA_IOBASE]
        add dx, 7
        call ata_wait_bsy
        jc .fail
        dec dx                      ; +6 device
        mov al, 0A0h
        call ata_select
        inc dx
        call ata_delay400
        call ata_wait_bsy
        jc .fail
        sub dx, 6                   ; +1 features: PIO
        xor al, al
        out dx, al
        add dx, 3                   ; +4/+5 byte count limit 2048
        out dx, al
        inc dx
        mov al, 08h
        out dx, al
        add dx, 2
        mov al, 0A0h                ; PACKET
        out dx, al
        call ata_delay400
        call ata_wait_bsy
        jc .fail
        test al, 01h
        jnz .fail
        test al, 08h
        jz .fail
        sub dx, 7
        push si
        mov si, EBDA_PACKET
        mov cx, 6
.pk:    lodsw
        out dx, ax
        loop .pk
        pop si
        add dx, 7
.block: call ata_delay400
        call ata_wait_bsy
        jc .fail
        test al, 01h
        jnz .fail
        test al, 08h
        jz .done
        ; byte count of this DRQ block: +4 low, +5 high
        sub dx, 3
        in al, dx
        mov bl, al
        inc dx
        in al, dx
        mov bh, al
        mov ax, bx
        ; AX = byte count; handle whole 512-byte units, drop any rest
        sub dx, 5                   ; data port
        mov cx, ax
        shr cx, 1                   ; words
.unit:  cmp cx, 256
        jb .tail
        sub cx, 256
        cmp word [EBDA_CD_SKIP], 0
        je .nskip
        dec word [EBDA_CD_SKIP]
        jmp short .drop
.nskip: cmp word [EBDA_CD_WANT], 0
        je .drop
        dec word [EBDA_CD_WANT]
        push cx
        mov cx, 256
.st:    in ax, dx
        stosw
        loop .st
        pop cx
        sub di, 512
        mov ax, es
        add ax, 20h
        mov es, ax
        jmp .unit
.drop:  push cx
        mov cx, 256
.dr:    in ax, dx
        loop .dr
        pop cx
        jmp .unit
.tail:  jcxz .tdone
.t:     in ax, dx
        loop .t
.tdone: add dx, 7
        jmp .block
.done:  clc
        ret
.fail:  stc
        ret

; ---------------------------------------------------------------------------
; INT 19h helper: boot from the first ATAPI drive.  Returns only on failure.
cd_boot:
        call ds_ebda
        mov al, [EBDA_CD_DEV]
        cmp al, EBDA_CD_NODEV
        jne .have
        PRINT "no CD-ROM drive", 13, 10
        ret
.have:  mov bl, ATA_ENTRY
        mul bl
        add ax, EBDA_ATA
        mov si, ax
        ; Boot Record Volume Descriptor
        mov ax, 17
        xor dx, dx
        call cd_read_scratch
        jnc .brvd
        PRINT "no disc / read error", 13, 10
        ret
.brvd:  mov ax, CD_SCRATCH_SEG
        mov es, ax
        cmp byte [es:0], 0
        jne .notboot
        cmp word [es:1], 'CD'
        jne .notboot
        cmp word [es:7], 'EL'
        jne .notboot
        cmp word [es:9], ' T'
        jne .notboot
        mov ax, [es:47h]
        mov dx, [es:49h]
        call cd_read_scratch
        jc .notboot
        mov ax, CD_SCRATCH_SEG
        mov es, ax
        cmp byte [es:0], 01h
        jne .notboot
        cmp word [es:1Eh], 0AA55h
        jne .notboot
        xor bx, bx
        xor ax, ax
.sum:   add ax, [es:bx]
        add bx, 2
        cmp bx, 20h
        jb .sum
        test ax, ax
        jnz .notboot
        cmp byte [es:20h], 88h
        je .bootable
.notboot:
        PRINT "not a bootable CD", 13, 10
        ret
.bootable:
        ; fill the El Torito specification packet (INT 13h AX=4B01h)
        mov byte [EBDA_EMU], 13h
        mov al, [es:21h]
        and al, 0Fh
        mov [EBDA_EMU+1], al        ; media type
        mov ax, si
        sub ax, EBDA_ATA
        mov bl, ATA_ENTRY
        div bl
        mov ah, al
        shr al, 1
        mov [EBDA_EMU+3], al        ; controller index
        and ah, 1
        mov [EBDA_EMU+8], ah        ; device specification: slave bit
        mov byte [EBDA_EMU+9], 0
        mov ax, [es:28h]
        mov [EBDA_EMU+4], ax        ; image LBA
        mov ax, [es:2Ah]
        mov [EBDA_EMU+6], ax
        mov word [EBDA_EMU+0Ah], 0  ; user buffer segment
        mov ax, [es:22h]
        test ax, ax
        jnz .seg
        mov ax, 07C0h
.seg:   mov [EBDA_EMU+0Ch], ax      ; load segment
        mov ax, [es:26h]
        mov [EBDA_EMU+0Eh], ax      ; sector count (512-byte units)
        mov al, [EBDA_EMU+1]
        test al, al
        jz .noemu
        cmp al, 3
        jbe .floppy
        PRINT "hard disk emulation is not supported", 13, 10
        ret
.floppy:
        ; geometry of the emulated diskette
        mov bx, 15
        cmp al, 1
        je .g
        mov bx, 18
        cmp al, 2
        je .g
        mov bx, 36
.g:     mov [EBDA_EMU_SPT], bl
        mov byte [EBDA_EMU_HEADS], 2
        mov word [EBDA_EMU_CYLS], 80
        mov byte [EBDA_EMU+10h], 79     ; CHS info for the packet
        mov [EBDA_EMU+11h], bl
        mov byte [EBDA_EMU+12h], 1
        mov byte [EBDA_EMU+2], 00h
        jmp short .load
.noemu: mov byte [EBDA_EMU+2], CD_DRIVE_NOEMU
.load:  ; read count*512 bytes from the image start to load_seg:0
        mov ax, [EBDA_EMU+0Eh]
        test ax, ax
        jnz .cnt
        inc ax
.cnt:   mov word [EBDA_CD_SKIP], 0
        mov [EBDA_CD_WANT], ax
        add ax, 3
        shr ax, 1
        shr ax, 1
        mov cx, ax
        mov ax, [EBDA_EMU+4]
        mov dx, [EBDA_EMU+6]
        mov es, [EBDA_EMU+0Ch]
        xor di, di
        call atapi_read
        jnc .loaded
        PRINT "boot image read error", 13, 10
        ret
.loaded:
        mov byte [EBDA_EMU_ACTIVE], 1
        mov dl, [EBDA_EMU+2]
        mov [EBDA_BOOT_DRIVE], dl
        ; floppy images must carry the boot signature like a real disk
        mov bx, [EBDA_EMU+0Ch]
        xor ax, ax
        mov ds, ax
        mov es, ax
        push bx
        xor bx, bx
        push bx
        retf                        ; load_segment:0000, DL = drive

; Read one CD block (DX:AX) into the scratch segment.  DS = EBDA, SI = entry.
cd_read_scratch:
        push es
        mov word [EBDA_CD_SKIP], 0
        mov word [EBDA_CD_WANT], 4
        mov cx, CD_SCRATCH_SEG
        mov es, cx
        xor di, di
        mov cx, 1
        call atapi_read
        pop es
        ret

; ---------------------------------------------------------------------------
; INT 13h for the El Torito drive (frame at BP, DS = BDA).
cd_int13:
        mov ah, [bp+F_AH]
        JMP_IF_EQ ah, 4Bh, cd_terminate
        call ds_ebda
        mov al, [EBDA_CD_DEV]
        mov bl, ATA_ENTRY
        mul bl
        add ax, EBDA_ATA
        mov si, ax
        mov ah, [bp+F_AH]
        mov al, [bp+F_AL]
        cmp byte [EBDA_EMU+1], 0
        je cd_noemu_int13
        ; --- emulated diskette ---
        cmp ah, 02h
        je .read
        cmp ah, 08h
        je .params
        cmp ah, 03h
        je .wp
        cmp ah, 05h
        je .wp
        cmp ah, 15h
        je .type
        cmp ah, 41h
        je .bad
        cmp ah, 42h
        jae .bad
        jmp cd_ok                   ; 00h 01h 04h 16h and the rest: fine
.wp:    mov ah, 03h
        jmp cd_finish
.bad:   mov ah, 01h
        jmp cd_finish
.type:  mov byte [bp+F_AH], 01h
        clc
        ret
.params:
        mov byte [bp+F_BL], 4
        mov al, [EBDA_EMU+1]
        cmp al, 1
        jne .p1
        mov byte [bp+F_BL], 2
.p1:    cmp al, 3
        jne .p2
        mov byte [bp+F_BL], 6
.p2:    mov byte [bp+F_CH], 79
        mov al, [EBDA_EMU_SPT]
        mov [bp+F_CL], al
        mov byte [bp+F_DH], 1
        mov byte [bp+F_DL], 1
        mov word [bp+F_ES], 0F000h
        mov word [bp+F_DI], fd_param_table
        jmp cd_ok
.read:  ; lba = (c*2 + h)*spt + s-1 of the image
        mov byte [bp+F_AL], 0
        xor ah, ah
        test al, al
        jz .bad
        mov bx, ax                  ; count
        mov al, [bp+F_CH]
        mov ah, [bp+F_DH]
        shl al, 1
        add al, ah
        xor ah, ah
        mul byte [EBDA_EMU_SPT]
        mov cl, [bp+F_CL]
        and cl, 3Fh
        jz .nf
        dec cl
        xor ch, ch
        add ax, cx                  ; 512-byte LBA within the image
        ; CD block = image + lba/4, skip = lba%4
        mov dx, ax
        and dx, 3
        mov [EBDA_CD_SKIP], dx
        mov [EBDA_CD_WANT], bx
        shr ax, 1
        shr ax, 1
        mov cx, dx
        add cx, bx
        add cx, 3
        shr cx, 1
        shr cx, 1
        xor dx, dx
        add ax, [EBDA_EMU+4]
        adc dx, [EBDA_EMU+6]
        mov es, [bp+F_ES]
        mov di, [bp+F_BX]
        push bx
        call atapi_read
        pop bx
        jc .rf
        mov [bp+F_AL], bl
        jmp cd_ok
.rf:    jmp cd_finish
.nf:    mov ah, 04h
        jmp cd_finish

; No-emulation CD: 2048-byte sectors through the EDD functions.
cd_noemu_int13:
        cmp ah, 41h
        jne .n41
        cmp word [bp+F_BX], 55AAh
        jne .bad
        mov word [bp+F_BX], 0AA55h
        mov word [bp+F_CX], 0003h
        mov byte [bp+F_AH], 21h
        clc
        ret
.n41:   cmp ah, 42h
        je .read
        cmp ah, 44h
        je cd_ok
        cmp ah, 43h
        je .wp
        cmp ah, 48h
        je .params
        cmp ah, 08h
        je .bad
        jmp cd_ok
.wp:    mov ah, 03h
        jmp cd_finish
.bad:   mov ah, 01h
        jmp cd_finish
.read:  mov es, [bp+F_DS]
        mov bx, [bp+F_SI]
        mov cx, [es:bx+2]
        mov word [EBDA_CD_SKIP], 0
        mov ax, cx
        shl ax, 1
        shl ax, 1
        mov [EBDA_CD_WANT], ax
        mov ax, [es:bx+8]
        mov dx, [es:bx+10]
        mov di, [es:bx+4]
        push es
        push bx
        mov es, [es:bx+6]
        call atapi_read
        pop bx
        pop es
        jnc cd_ok
        mov word [es:bx+2], 0
        jmp cd_finish
.params:
        mov es, [bp+F_DS]
        mov di, [bp+F_SI]
        cmp word [es:di], 1Ah
        jb .bad
        mov word [es:di], 1Ah
        mov word [es:di+2], 0074h   ; removable, change line, lockable, max values
        xor ax, ax
        mov cx, 8
        push di
        add di, 4
        rep stosw                   ; no CHS
        pop di
        mov word [es:di+16], 0FFFFh ; size unknown
        mov word [es:di+18], 0FFFFh
        mov word [es:di+24], 2048
        jmp cd_ok

cd_ok:  xor ah, ah
cd_finish:
        push ds
        call ds_bda
        mov [BDA_FD_STATUS], ah
        pop ds
        jmp frame_status

; AH=4Bh: AL=00h terminate emulation, AL=01h status only; the 13h-byte
; specification packet goes to DS:SI.
cd_terminate:
        call ds_ebda
        cmp byte [EBDA_EMU_ACTIVE], 0
        je .none
        mov al, [bp+F_AL]
        cmp al, 1
        ja .none
        mov es, [bp+F_DS]
        mov di, [bp+F_SI]
        push si
        mov si, EBDA_EMU
        mov cx, 13h
        rep movsb
        pop si
        cmp byte [bp+F_AL], 0
        jne cd_ok
        cmp byte [EBDA_EMU+1], 0
        je cd_ok                    ; a no-emulation CD stays reachable
        mov byte [EBDA_EMU_ACTIVE], 0
        jmp cd_ok
.none:  mov ah, 01h
        jmp cd_finish
