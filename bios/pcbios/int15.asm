; bios/pcbios/int15.asm — INT 15h system services: keyboard intercept and
; device-busy hooks, waits, extended memory (88h, 87h block move, E801h,
; E820h map), protected mode switch (89h), A20 gate (24xxh), the system
; configuration table (C0h), EBDA segment (C1h) and the PS/2 mouse (C2h).

int15_handler:
        cmp ah, 4Fh                 ; keyboard intercept: keep the scancode
        jne .n4f
        stc
        jmp iret_cf
.n4f:   cmp ah, 90h                 ; device busy / interrupt complete:
        je .ok0                     ; nobody to switch to
        cmp ah, 91h
        je .ok0
        cmp ah, 85h                 ; SysReq
        je .ok0
        cmp ah, 80h                 ; device open/close, program termination
        jb .n80
        cmp ah, 82h
        jbe .ok0
.n80:
        JMP_IF_EQ ah, 86h, int15_wait
        JMP_IF_EQ ah, 83h, int15_event_wait
        JMP_IF_EQ ah, 88h, int15_ext_memory
        JMP_IF_EQ ah, 87h, int15_block_move
        JMP_IF_EQ ah, 89h, int15_protected_mode
        cmp ah, 0C0h
        jne .nc0
        mov bx, 0F000h
        mov es, bx
        mov bx, sys_config_table
        xor ah, ah
        clc
        jmp iret_cf
.nc0:   cmp ah, 0C1h
        jne .nc1
        call es_ebda
        clc
        jmp iret_cf
.nc1:
        JMP_IF_EQ ah, 0C2h, int15_mouse
        JMP_IF_EQ ah, 24h, int15_a20
        JMP_IF_EQ ax, 0E801h, int15_e801
        cmp ax, 0E820h
        jne .unsup
        jmp int15_e820
.ok0:   xor ah, ah
        clc
        jmp iret_cf
.unsup: jmp iret_unsupported

; AH=88h: KiB of memory from 1 MiB, as CMOS 30h/31h reports it.
int15_ext_memory:
        push es
        call es_ebda
        mov ax, [es:EBDA_EXT_KB_ALL]
        pop es
        clc
        jmp iret_cf

; AX=E801h: AX = CX = KiB between 1 and 16 MiB, BX = DX = 64 KiB blocks
; above 16 MiB.
int15_e801:
        push es
        call es_ebda
        mov ax, [es:EBDA_EXT_KB]
        cmp word [es:EBDA_HIGH_64K], 0
        jne .cap
        cmp ax, 3C00h
        jbe .lo
.cap:   cmp ax, 3C00h
        jbe .lo
        mov ax, 3C00h
.lo:    mov cx, ax
        mov bx, [es:EBDA_HIGH_64K]
        mov dx, bx
        pop es
        clc
        jmp iret_cf

; Build the E820 map in the EBDA at POST (8086 code; the 32-bit service
; only copies entries out).  Types: 1 usable RAM, 2 reserved.
build_e820_map:
        push es
        call es_ebda
        mov di, EBDA_E820
        call ds_bda
        ; 0 .. EBDA: usable
        xor ax, ax
        xor dx, dx
        call .base
        mov ax, [BDA_MEM_KB]
        mov bx, 1024
        xor dx, dx
        call mul32_16
        push ax
        push dx
        call .len
        mov al, 1
        call .type
        ; EBDA .. 640 KiB: reserved
        pop dx
        pop ax
        push ax
        push dx
        call .base
        pop dx
        pop cx
        mov ax, 0
        mov bx, 0Ah                 ; A0000h - base
        sub ax, cx
        sbb bx, dx
        mov dx, bx
        call .len
        mov al, 2
        call .type
        ; BIOS ROM F0000h..FFFFFh: reserved
        xor ax, ax
        mov dx, 0Fh
        call .base
        xor ax, ax
        mov dx, 1
        call .len
        mov al, 2
        call .type
        ; 1 MiB ..: usable
        mov ax, [es:EBDA_EXT_KB]
        test ax, ax
        jz .nohigh1
        push ax
        xor ax, ax
        mov dx, 10h
        call .base
        pop ax
        mov bx, 1024
        xor dx, dx
        call mul32_16
        call .len
        mov al, 1
        call .type
.nohigh1:
        ; 16 MiB ..: usable
        mov ax, [es:EBDA_HIGH_64K]
        test ax, ax
        jz .nohigh2
        push ax
        xor ax, ax
        mov dx, 100h
        call .base
        pop dx                      ; blocks of 64 KiB = dx << 16
        xor ax, ax
        call .len
        mov al, 1
        call .type
.nohigh2:
        ; the ROM mirror below 4 GiB
        xor ax, ax
        mov dx, 0FFFCh
        call .base
        xor ax, ax
        mov dx, 4
        call .len
        mov al, 2
        call .type
        mov ax, di
        sub ax, EBDA_E820
        mov bl, 20
        div bl
        xor ah, ah
        mov [es:EBDA_E820_COUNT], ax
        pop es
        ret
.base:  mov [es:di], ax
        mov [es:di+2], dx
        mov word [es:di+4], 0
        mov word [es:di+6], 0
        ret
.len:   mov [es:di+8], ax
        mov [es:di+10], dx
        mov word [es:di+12], 0
        mov word [es:di+14], 0
        ret
.type:  mov [es:di+16], al
        mov byte [es:di+17], 0
        mov word [es:di+18], 0
        add di, 20
        ret

; EAX=E820h: EDX = 'SMAP', EBX = continuation (entry index), ES:DI buffer,
; ECX its size.  Returns one 20-byte entry, EBX = next index (0 = last).
int15_e820:
        push ds
        call ds_ebda
        cmp byte [EBDA_CPU], 3
        jb .fail
        cpu 386
        cmp edx, 534D4150h
        jne .fail
        cmp ecx, 20
        jb .fail
        test ebx, 0FFFF0000h
        jnz .fail
        cmp bx, [EBDA_E820_COUNT]
        jae .fail
        push si
        push di
        push cx
        mov ax, 20
        mul bx                      ; AX = offset (DX clobbered: restored below)
        mov si, ax
        add si, EBDA_E820
        mov cx, 10
        cld
        rep movsw
        pop cx
        pop di
        pop si
        mov edx, 534D4150h
        inc bx
        cmp bx, [EBDA_E820_COUNT]
        jb .more
        xor ebx, ebx
.more:  mov eax, 534D4150h
        mov ecx, 20
        pop ds
        clc
        jmp iret_cf
        cpu 8086
.fail:  pop ds
        mov ah, 86h
        stc
        jmp iret_cf

; ---------------------------------------------------------------------------
; A20 gate.  Both the 8042 output port (command D1h; bit 1 = A20, bit 0 =
; keep the CPU out of reset) and the PS/2 "fast A20" port 92h (bit 1; bit 0
; would reset the CPU) are driven.
; in: AL = 0 disable, 1 enable.
set_a20:
        push ax
        push cx
        mov ah, al
        in al, 92h
        and al, 0FCh
        test ah, ah
        jz .p
        or al, 02h
.p:     out 92h, al
        call kbc_wait_write
        mov al, 0D1h
        out 64h, al
        call kbc_wait_write
        mov al, 0DDh
        test ah, ah
        jz .k
        mov al, 0DFh
.k:     out 60h, al
        call kbc_wait_write
        mov al, 0FFh                ; null command: lets the output port settle
        out 64h, al
        call kbc_wait_write
        pop cx
        pop ax
        ret

; AL = 1 if addresses above 1 MiB are distinct from their wrapped image.
get_a20:
        PUSHM ds, es, si, di, cx
        xor ax, ax
        mov ds, ax
        dec ax
        mov es, ax                  ; FFFF:0510 = 100500h, wraps to 0:0500
        mov si, 0500h
        mov di, 0510h
        mov cx, [si]
        mov ax, cx
        not ax
        mov [es:di], ax             ; lands on 0:0500 only when A20 is off
        cmp [si], cx
        mov [si], cx                ; restore (also restores 100500h copy below)
        mov al, 1
        je .on
        mov al, 0
.on:
        POPM ds, es, si, di, cx
        ret

; AX=2400h disable, 2401h enable, 2402h status (AL), 2403h support (BX).
int15_a20:
        cmp al, 0
        je .dis
        cmp al, 1
        je .en
        cmp al, 2
        je .st
        cmp al, 3
        je .sup
        jmp iret_unsupported
.dis:   push ax
        xor al, al
        call set_a20
        pop ax
        jmp short .ok
.en:    push ax
        mov al, 1
        call set_a20
        pop ax
        jmp short .ok
.st:    call get_a20
        push cx
        xor cx, cx                  ; (some callers look at CX)
        pop cx
        jmp short .ok
.sup:   mov bx, 0003h               ; keyboard controller and port 92h
.ok:    xor ah, ah
        clc
        jmp iret_cf

; ---------------------------------------------------------------------------
; The move itself, in protected mode through the caller's GDT: our stack
; (entry 5), source (entry 2) and destination (entry 3) from offset 0, CX
; words (DF clear).  The 286 and the 386 paths differ only in how they
; get back to real mode.
%macro BLOCK_MOVE_COPY 0
        mov ax, 28h
        mov ss, ax
        mov ax, 10h
        mov ds, ax
        mov ax, 18h
        mov es, ax
        xor si, si
        xor di, di
        rep movsw
%endmacro

; AH=87h: move CX words between the descriptors at ES:SI+10h (source) and
; ES:SI+18h (destination) of the caller's GDT (6 entries; we fill entry 1
; = the GDT itself, 4 = our code, 5 = our stack).  Protected mode is needed
; to reach memory above 1 MiB: a 386 leaves it by clearing CR0.PE; a 286
; cannot, so it resets itself through the 8042 with CMOS shutdown code 09h
; and POST resumes below (IBM AT Technical Reference, BIOS "Block move").
int15_block_move:
        FRAME_PUSH                  ; the register frame, without BP set
        call ds_ebda
        cmp byte [EBDA_CPU], 2
        jae .cpu_ok
        jmp block_move_unsup
.cpu_ok:
        cmp cx, 8000h
        jbe .count_ok
        jmp block_move_bad
.count_ok:
        mov bl, [EBDA_CPU]
        cld
        ; entry 1 (+08h): the GDT, limit 2Fh
        mov ax, es
        call linear_seg
        add ax, si
        adc dx, 0
        mov word [es:si+08h], 002Fh
        mov [es:si+0Ah], ax
        mov [es:si+0Ch], dl
        mov byte [es:si+0Dh], 93h
        mov word [es:si+0Eh], 0
        ; entry 4 (+20h): our code segment F0000h
        mov word [es:si+20h], 0FFFFh
        mov word [es:si+22h], 0
        mov byte [es:si+24h], 0Fh
        mov byte [es:si+25h], 9Bh
        mov word [es:si+26h], 0
        ; entry 5 (+28h): our stack
        mov ax, ss
        call linear_seg
        mov word [es:si+28h], 0FFFFh
        mov [es:si+2Ah], ax
        mov [es:si+2Ch], dl
        mov byte [es:si+2Dh], 93h
        mov word [es:si+2Eh], 0
        ; A20 on for the move; remember the old state
        call get_a20
        mov bh, al
        push bx                     ; BL = cpu, BH = old A20
        mov al, 1
        call set_a20
        pop bx
        push bx
        cli
        cmp bl, 3
        jae block_move_386
        ; ---- 286: leave protected mode through a reset ----
        cpu 286
        call ds_bda
        mov [BDA_POST_RESET], sp
        mov [BDA_POST_RESET+2], ss
        mov ax, (09h << 8) | CMOS_SHUTDOWN
        call cmos_write
        lgdt [es:si+08h]
        smsw ax
        or al, 1
        lmsw ax
        jmp 20h:.pm286
.pm286: BLOCK_MOVE_COPY
        mov al, 0FEh                ; pulse the reset line
        out 64h, al
.halt:  hlt
        jmp .halt
        cpu 8086

; POST jumps here for shutdown code 09h with SS:SP restored from 40:67.
block_move_286_resume:
        jmp short block_move_done

block_move_386:
        cpu 386
        mov dx, ss
        lgdt [es:si+08h]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp 20h:.pm
.pm:    BLOCK_MOVE_COPY
        mov eax, cr0
        and al, 0FEh
        mov cr0, eax
        jmp 0F000h:.rm
.rm:    mov ss, dx
        cpu 8086
block_move_done:
        pop bx
        mov al, bh
        call set_a20                ; back to the caller's A20 state
        FRAME_LEAVE
        xor ah, ah
        clc
        jmp iret_cf

block_move_unsup:
        FRAME_LEAVE
        jmp iret_unsupported
block_move_bad:
        FRAME_LEAVE
        mov ah, 01h
        stc
        jmp iret_cf

; AH=89h: switch to protected mode for the caller.  ES:SI = GDT of 8
; entries (1 GDT, 2 IDT, 3 DS, 4 ES, 5 SS, 6 CS, 7 ours), BH/BL = new PIC
; vector bases.  Returns with CS = 30h, DS/ES/SS = 18h/20h/28h, IF off.
int15_protected_mode:
        push ds
        call ds_ebda
        cmp byte [EBDA_CPU], 2
        pop ds
        jae .ok
        jmp iret_unsupported
.ok:    cli
        mov al, 1
        call set_a20
        ; reprogram the PICs to the caller's bases, keep the masks
        in al, 21h
        mov ah, al
        in al, 0A1h
        mov dl, al
        mov al, 11h
        out 20h, al
        out 0A0h, al
        mov al, bh
        out 21h, al
        mov al, bl
        out 0A1h, al
        mov al, 04h
        out 21h, al
        mov al, 02h
        out 0A1h, al
        mov al, 01h
        out 21h, al
        out 0A1h, al
        mov al, ah
        out 21h, al
        mov al, dl
        out 0A1h, al
        ; our code descriptor (entry 7)
        mov word [es:si+38h], 0FFFFh
        mov word [es:si+3Ah], 0
        mov byte [es:si+3Ch], 0Fh
        mov byte [es:si+3Dh], 9Bh
        mov word [es:si+3Eh], 0
        cpu 286
        lgdt [es:si+08h]
        lidt [es:si+10h]
        smsw ax
        or al, 1
        lmsw ax
        jmp 38h:.pm
.pm:    mov ax, 18h
        mov ds, ax
        mov ax, 20h
        mov es, ax
        mov ax, 28h
        mov ss, ax
        pop ax                      ; caller's IP
        add sp, 4                   ; real-mode CS and FLAGS
        push word 30h
        push ax
        xor ah, ah
        retf
        cpu 8086

; ---------------------------------------------------------------------------
; AH=C2h: PS/2 pointing device (IBM PS/2 BIOS interface).
;   00h BH=0/1 disable/enable   01h reset (BH = device ID)   02h BH rate
;   03h BH resolution   04h get type (BH)   05h init (BH = packet size)
;   06h BH=0 status (BL,CL,DL)/1,2 scaling   07h ES:BX = far handler
; Status in AH: 0 ok, 1 invalid function, 2 invalid input, 3 interface
; error, 4 resend, 5 no handler installed.
int15_mouse:
        push ds
        push cx
        push dx
        push si
        call ds_ebda
        cmp al, 07h
        ja .bad
        cmp al, 0
        je .enable
        cmp al, 1
        je .reset
        cmp al, 2
        je .rate
        cmp al, 3
        je .res
        cmp al, 4
        je .type
        cmp al, 5
        je .init
        cmp al, 6
        jne .handler
        jmp .status
.handler:
        mov [EBDA_MOUSE_HANDLER], bx
        mov [EBDA_MOUSE_HANDLER+2], es
        mov ax, es
        or ax, bx
        and byte [EBDA_MOUSE_FLAGS2], 7Fh
        jz .ok
        or byte [EBDA_MOUSE_FLAGS2], 80h
        jmp .ok
.bad:   mov ah, 01h
        jmp .err
.enable:
        test bh, bh
        jz .disable
        test byte [EBDA_MOUSE_FLAGS2], 80h
        jnz .en2
        mov ah, 05h
        jmp .err
.en2:   mov byte [EBDA_MOUSE_FLAGS1], 0
        mov al, 0F4h
        call mouse_send
        jc .ierr
        call mouse_irq_on
        jmp .ok
.disable:
        mov al, 0F5h
        call mouse_send
        jc .ierr
        jmp .ok
.reset: mov byte [EBDA_MOUSE_FLAGS1], 0
        call mouse_irq_off
        mov al, 0FFh
        call mouse_send
        jc .ierr
        call mouse_read             ; AAh
        jc .ierr
        call mouse_read             ; device ID
        jc .ierr
        mov bh, al
        mov bl, 0AAh
        jmp .ok
.rate:  ; BH: 0..6 = 10 20 40 60 80 100 200 /s
        cmp bh, 6
        ja .inv
        mov al, bh
        push bx
        mov bx, mouse_rates
        cs xlatb
        pop bx
        mov ah, al
        mov al, 0F3h
        call mouse_send
        jc .ierr
        mov al, ah
        call mouse_send
        jc .ierr
        jmp .ok
.res:   cmp bh, 3
        ja .inv
        mov al, 0E8h
        call mouse_send
        jc .ierr
        mov al, bh
        call mouse_send
        jc .ierr
        jmp .ok
.type:  mov al, 0F2h
        call mouse_send
        jc .ierr
        call mouse_read
        jc .ierr
        mov bh, al
        jmp .ok
.init:  cmp bh, 1
        jb .inv
        cmp bh, 8
        ja .inv
        mov al, bh
        dec al
        and byte [EBDA_MOUSE_FLAGS2], 0F8h
        or [EBDA_MOUSE_FLAGS2], al
        mov byte [EBDA_MOUSE_FLAGS1], 0
        mov al, 0F6h                ; set defaults
        call mouse_send
        jc .ierr
        jmp .ok
.status:
        cmp bh, 0
        jne .scale
        mov al, 0E9h
        call mouse_send
        jc .ierr
        call mouse_read
        jc .ierr
        mov bl, al
        call mouse_read
        jc .ierr
        mov cl, al
        call mouse_read
        jc .ierr
        mov dl, al
        pop si
        add sp, 4                   ; return CL and DL
        pop ds
        xor ah, ah
        clc
        jmp iret_cf
.scale: mov al, 0E6h
        cmp bh, 1
        je .sc
        mov al, 0E7h
        cmp bh, 2
        jne .inv
.sc:    call mouse_send
        jc .ierr
.ok:    xor ah, ah
        pop si
        pop dx
        pop cx
        pop ds
        clc
        jmp iret_cf
.inv:   mov ah, 02h
        jmp short .err
.ierr:  mov ah, 03h
.err:   pop si
        pop dx
        pop cx
        pop ds
        stc
        jmp iret_cf

mouse_rates: db 10, 20, 40, 60, 80, 100, 200

; Send AL to the mouse (8042 command D4h) and wait for its ACK.  Done with
; IRQ12 masked at the controller so the reply is polled.
mouse_send:
        push ax
        push cx
        pushf
        cli
        push ax
        mov al, 0A8h                ; enable aux interface
        call kbc_command
        mov al, 0D4h
        call kbc_command
        pop ax
        call kbc_write_data
        call mouse_read_raw
        jc .f
        cmp al, 0FAh
        jne .f
        popf
        pop cx
        pop ax
        clc
        ret
.f:     popf
        pop cx
        pop ax
        stc
        ret

mouse_read:
        pushf
        cli
        call mouse_read_raw
        jc .f
        popf
        clc
        ret
.f:     popf
        stc
        ret

; Wait for a byte from the mouse (it arrives through the 8042 output
; buffer like a keyboard byte; twice kbc_read's timeout).  CF=1 on timeout.
mouse_read_raw:
        push cx
        mov cx, 4000
        call kbc_read_polls
        pop cx
        ret

; 8042 command byte: bit 1 = aux interrupt, bit 5 = aux clock disabled.
; (Written, not read-modify-written: reading it back would leave a stale
; IRQ1 edge whose byte the keyboard handler would take for a key.)
mouse_irq_on:
        push ax
        mov al, 60h
        call kbc_command
        mov al, 47h                 ; kbd+aux IRQ, system flag, both clocks on, translate
        call kbc_write_data
        in al, 0A1h
        and al, 0EFh                ; unmask IRQ12
        out 0A1h, al
        pop ax
        ret
mouse_irq_off:
        push ax
        mov al, 60h
        call kbc_command
        mov al, 45h                 ; kbd IRQ only, aux clock stays on
        call kbc_write_data
        pop ax
        ret

; IRQ12: collect packet bytes; when a packet is complete, call the
; handler far with (status, X, Y, 0) pushed, as the PS/2 BIOS does.
irq12_handler:
        PUSHM ax, bx, cx, dx, ds, es
        in al, 60h
        call ds_ebda
        mov bl, [EBDA_MOUSE_FLAGS1]
        and bx, 07h
        jnz .store
        ; first byte of a packet always has bit 3 set and rarely both
        ; overflow bits: drop anything else (a stale FAh reply, lost sync)
        test al, 08h
        jz .done
        mov ah, al
        and ah, 0C0h
        cmp ah, 0C0h
        je .done
.store:
        mov [EBDA_MOUSE_DATA+bx], al
        inc bl
        mov cl, [EBDA_MOUSE_FLAGS2]
        and cl, 07h
        inc cl                      ; packet size
        cmp bl, cl
        jb .more
        mov byte [EBDA_MOUSE_FLAGS1], 0
        test byte [EBDA_MOUSE_FLAGS2], 80h
        jz .done
        mov al, [EBDA_MOUSE_DATA]
        xor ah, ah
        push ax                     ; status
        mov al, [EBDA_MOUSE_DATA+1]
        push ax                     ; X
        mov al, [EBDA_MOUSE_DATA+2]
        push ax                     ; Y
        xor ax, ax
        push ax                     ; Z
        sti
        call far [EBDA_MOUSE_HANDLER]
        cli
        add sp, 8
        jmp short .done
.more:  mov [EBDA_MOUSE_FLAGS1], bl
.done:  mov al, 20h
        out 0A0h, al
        out 20h, al
        POPM ax, bx, cx, dx, ds, es
        iret
