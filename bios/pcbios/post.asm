; bios/pcbios/post.asm — power-on self test: everything between the reset
; vector and INT 19h.  Order matters: interrupt controller and timer first
; (everything later may wait on ticks), then memory and the data areas, then
; the devices, then option ROMs (the VGA BIOS at C0000h must run before we
; can print), then the bootstrap.

post_entry:
        cli
        cld
        ; A stack before anything else: the top of the IVT (vectors C0h-FFh,
        ; unused), as the IBM BIOS does, so resuming a shutdown code does not
        ; scribble over the memory the interrupted program owns.
        xor ax, ax
        mov ss, ax
        mov sp, 0400h
        ; --- CMOS shutdown status: why are we here? -------------------------
        ; A 286 can only leave protected mode by a CPU reset, so software
        ; stores a "shutdown code" in CMOS 0Fh before resetting and the BIOS
        ; resumes it instead of running POST (IBM AT Technical Reference,
        ; "Shutdown status byte").
        mov al, CMOS_SHUTDOWN
        call cmos_read
        mov bl, al
        mov ax, CMOS_SHUTDOWN       ; AH = 0: clear it so the next reset is a cold one
        call cmos_write
        mov ax, BDA_SEG
        mov ds, ax
        cmp bl, 05h                 ; EOI the PIC, then far jump through 40:67
        jne .not5
        mov al, 20h
        out 20h, al
        jmp far [BDA_POST_RESET]
.not5:  cmp bl, 0Ah                 ; far jump through 40:67, no EOI
        jne .notA
        jmp far [BDA_POST_RESET]
.notA:  cmp bl, 09h                 ; our own INT 15h AH=87h block move on a 286
        jne .not9
        mov ss, [BDA_POST_RESET+2]
        mov sp, [BDA_POST_RESET]
        jmp block_move_286_resume
.not9:  cmp bl, 0Bh                 ; like 0Ah but through the stack saved at 40:67
        jne .cold
        mov ss, [BDA_POST_RESET+2]
        mov sp, [BDA_POST_RESET]
        iret

.cold:  xor ax, ax
        mov ss, ax
        mov sp, 7C00h               ; stack below the boot sector load address
        DBG "px86 BIOS: POST"

        call init_pic
        call init_pit
        call init_dma
        call init_ivt
        call init_bda_memory        ; BDA, memory size, EBDA
        call build_e820_map
        call detect_cpu
        call es_ebda
        mov [es:EBDA_CPU], al
        call apic_virtual_wire
        call detect_fpu
        call init_kbc               ; 8042 + keyboard
        call init_rtc_ticks
        call detect_serial_parallel
        call init_equipment
        call floppy_post_init

        ; interrupts on: timer, keyboard, cascade, floppy; RTC and IDE on the slave
        mov al, 10111000b           ; unmask IRQ0 1 2 6
        out 21h, al
        mov al, 00111110b           ; unmask IRQ8 (RTC), IRQ14, IRQ15
        out 0A1h, al
        sti

        call scan_option_roms       ; VGA BIOS first, at C0000h
        call print_banner
        call check_cmos_checksum
        call ata_post_init          ; fixed disks and CD-ROMs (prints what it finds)
        call disable_a20_post
        call kbd_update_leds
        DBG "px86 BIOS: INT 19h"
        int 19h
        jmp $

; ---------------------------------------------------------------------------
; 8259A pair: master at 20h (vectors 08h-0Fh), slave at A0h (70h-77h),
; cascaded on IR2, edge triggered, 8086 mode.  All masked until POST is ready.
init_pic:
        mov al, 11h                 ; ICW1: edge, cascade, ICW4 follows
        out 20h, al
        out 0A0h, al
        mov al, 08h                 ; ICW2: vector bases
        out 21h, al
        mov al, 70h
        out 0A1h, al
        mov al, 04h                 ; ICW3: master has slave on IR2
        out 21h, al
        mov al, 02h                 ; ICW3: slave identity 2
        out 0A1h, al
        mov al, 01h                 ; ICW4: 8086 mode, normal EOI
        out 21h, al
        out 0A1h, al
        mov al, 0FFh
        out 21h, al
        out 0A1h, al
        ret

; 8254: channel 0 mode 3 with divisor 65536 = 18.2065 Hz system tick;
; channel 1 mode 2, divisor 18 = the 15 us DRAM refresh request (its toggle
; is visible in port 61h bit 4, which we use for short delays).
init_pit:
        mov al, 36h
        out 43h, al
        xor al, al
        out 40h, al
        out 40h, al
        mov al, 54h
        out 43h, al
        mov al, 18
        out 41h, al
        mov al, 0B6h                ; channel 2 (speaker) square wave, ~896 Hz beep
        out 43h, al
        mov ax, 1331
        out 42h, al
        mov al, ah
        out 42h, al
        in al, 61h
        and al, 0FCh                ; speaker off, gate 2 low
        out 61h, al
        ret

; 8237 pair: master clear on both, channel 4 (the cascade of the first
; controller into the second) in cascade mode and unmasked.
init_dma:
        xor al, al
        out 0Dh, al                 ; master clear, DMA1
        out 0DAh, al                ; master clear, DMA2
        out 08h, al                 ; command: enabled, normal timing
        out 0D0h, al
        mov al, 0C0h                ; channel 4: cascade mode
        out 0D6h, al
        xor al, al
        out 0D4h, al                ; unmask channel 4
        mov al, 40h                 ; channels 0-3 single mode (0 = verify)
        mov cx, 4
.m:     out 0Bh, al
        inc al
        loop .m
        ret

; ---------------------------------------------------------------------------
; Interrupt vector table: every vector gets a harmless IRET first, then the
; hardware IRQs and BIOS services their handlers (table below).
init_ivt:
        xor ax, ax
        mov es, ax
        xor di, di
        mov cx, 256
.fill:  mov ax, dummy_iret_fixed
        stosw
        mov ax, 0F000h
        stosw
        loop .fill
        ; unexpected IRQs: record the level and EOI
        mov di, 08h*4
        mov ax, irq_unexpected_master
        mov cx, 8
.m:     mov [es:di], ax
        add di, 4
        loop .m
        mov di, 70h*4
        mov ax, irq_unexpected_slave
        mov cx, 8
.s:     mov [es:di], ax
        add di, 4
        loop .s
        mov si, ivt_table
.t:     cs lodsw                    ; vector number (FFFFh ends)
        cmp ax, 0FFFFh
        je .done
        mov di, ax
        shl di, 1
        shl di, 1
        cs lodsw
        mov [es:di], ax
        mov word [es:di+2], 0F000h
        jmp .t
.done:  ; INT 1Dh/1Eh/1Fh/41h/46h/43h are data pointers
        mov word [es:1Fh*4], 0
        mov word [es:1Fh*4+2], 0
        mov word [es:43h*4], font8x8
        ret

ivt_table:
        dw 02h, nmi_entry
        dw 05h, int05_entry
        dw 08h, int08_entry
        dw 09h, int09_entry
        dw 0Eh, irq6_entry
        dw 10h, int10_entry
        dw 11h, int11_entry
        dw 12h, int12_entry
        dw 13h, int13_handler
        dw 14h, int14_entry
        dw 15h, int15_entry
        dw 16h, int16_entry
        dw 17h, int17_entry
        dw 18h, int18_handler
        dw 19h, int19_entry
        dw 1Ah, int1a_entry
        dw 1Dh, video_params
        dw 1Eh, fd_param_table
        dw 40h, int13_floppy_entry
        dw 70h, irq8_handler
        dw 71h, irq9_handler
        dw 74h, irq12_handler
        dw 75h, irq13_handler
        dw 76h, irq14_handler
        dw 77h, irq15_handler
        dw 0FFFFh

; ---------------------------------------------------------------------------
; BDA and memory.  Base memory comes from CMOS 15h/16h (KiB, at most 640),
; the top KiB becomes the EBDA.  Extended memory: CMOS 30h/31h (17h/18h as
; fallback) in KiB from 1 MiB, CMOS 34h/35h in 64 KiB blocks above 16 MiB
; (the QEMU/Bochs convention, which px86's machine fills too).
init_bda_memory:
        ; clear 0400h..05FFh (BDA and the DOS communication area)
        xor ax, ax
        mov es, ax
        mov di, 400h
        mov cx, 100h
        rep stosw
        mov al, CMOS_BASE_LO
        call cmos_read_word
        cmp ax, 640
        jbe .b1
        mov ax, 640
.b1:    cmp ax, 64
        jae .b2
        mov ax, 640                 ; CMOS not programmed: assume 640 KiB
.b2:    dec ax                      ; 1 KiB EBDA
        mov bx, BDA_SEG
        mov ds, bx
        mov [BDA_MEM_KB], ax
        mov cl, 6
        shl ax, cl                  ; KiB -> paragraphs
        mov [BDA_EBDA_SEG], ax
        mov es, ax
        xor di, di
        mov cx, 512
        xor ax, ax
        rep stosw
        mov byte [es:EBDA_SIZE_KB], 1
        mov byte [es:EBDA_CD_DEV], EBDA_CD_NODEV
        ; extended memory
        mov al, CMOS_EXT2_LO
        call cmos_read_word
        test ax, ax
        jnz .e1
        mov al, CMOS_EXT_LO
        call cmos_read_word
.e1:    mov [es:EBDA_EXT_KB_ALL], ax
        mov al, CMOS_HIGH_LO
        call cmos_read_word
        mov [es:EBDA_HIGH_64K], ax
        mov ax, [es:EBDA_EXT_KB_ALL]
        cmp word [es:EBDA_HIGH_64K], 0
        je .e2                      ; no 34h/35h: trust 30h/31h alone (may reach 64 MiB)
        cmp ax, 15360
        jbe .e2
        mov ax, 15360               ; 1..16 MiB; the rest is counted in 34h/35h
.e2:    mov [es:EBDA_EXT_KB], ax
        ; keyboard buffer
        mov word [BDA_KB_START], BDA_KB_BUF
        mov word [BDA_KB_END], BDA_KB_BUF+32
        mov word [BDA_KB_HEAD], BDA_KB_BUF
        mov word [BDA_KB_TAIL], BDA_KB_BUF
        mov byte [BDA_KB_FLAGS3], 10h   ; 101/102-key keyboard
        mov byte [BDA_KB_FLAGS1], 20h   ; NumLock on at boot
        ret

; ---------------------------------------------------------------------------
; CPU generation, 8086-safe.  out AL: 0 8086/88, 1 80186/188, 2 286, 3 386,
; 4 486 without CPUID, else the CPUID family (4, 5, 6...).
;  - FLAGS bits 12-15 always read 1 on the 8086/186 and can be cleared on 286+.
;  - The 186 masks shift counts to 5 bits, the 8086 does not.
;  - A 286 in real mode always clears FLAGS bits 12-14; a 386 keeps them.
;  - The 486 can toggle EFLAGS.AC (bit 18), the 386 cannot.
;  - CPUID exists when EFLAGS.ID (bit 21) can be toggled.
detect_cpu:
        pushf
        pushf
        pop ax
        and ax, 0FFFh
        push ax
        popf
        pushf
        pop ax
        and ax, 0F000h
        cmp ax, 0F000h
        jne .not_86
        mov ax, 1
        mov cl, 32
        shl ax, cl                  ; 8086: 0, 186: 1
        popf
        ret
.not_86:
        mov ax, 7000h
        push ax
        popf
        pushf
        pop ax
        test ax, 7000h
        jnz .is_386
        mov al, 2
        popf
        ret
.is_386:
        cpu 386
        pushfd
        pop eax
        mov ecx, eax
        xor eax, 40000h             ; AC
        push eax
        popfd
        pushfd
        pop eax
        push ecx
        popfd
        xor eax, ecx
        test eax, 40000h
        jnz .is_486
        mov al, 3
        popf
        ret
.is_486:
        mov eax, ecx
        xor eax, 200000h            ; ID
        push eax
        popfd
        pushfd
        pop eax
        push ecx
        popfd
        xor eax, ecx
        test eax, 200000h
        mov al, 4
        jz .done
        push ebx
        push edx
        push ecx
        xor eax, eax
        db 0Fh, 0A2h               ; CPUID (486 with ID flag)
        cmp eax, 1
        mov al, 4
        jb .nocpuid1
        mov eax, 1
        db 0Fh, 0A2h               ; CPUID (486 with ID flag)
        shr ax, 8
        and al, 0Fh
        cmp al, 4
        jae .nocpuid1
        mov al, 4
.nocpuid1:
        pop ecx
        pop edx
        pop ebx
.done:  popf
        ret
        cpu 8086

; Pentium-class CPUs with an on-chip local APIC come out of reset with the
; APIC enabled but LINT0 masked, which blocks the 8259's INTR.  Program the
; APIC for "virtual wire" mode (Intel MultiProcessor Specification 1.4,
; section 3.6.2.2): LINT0 = ExtINT, LINT1 = NMI.  The APIC registers sit at
; FEE00000h, so this takes a brief trip to protected mode with a flat data
; segment.  AL = CPU generation from detect_cpu.
apic_virtual_wire:
        cmp al, 5
        jb .none
        cpu 386
        push eax
        push ebx
        push ecx
        push edx
        mov eax, 1
        db 0Fh, 0A2h                ; CPUID
        test dx, 0200h              ; EDX bit 9: on-chip APIC
        jz .done
        pushf
        cli
        push ds
        lgdt [cs:apic_gdt_ptr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp 08h:.pm
.pm:    mov ax, 10h
        mov ds, ax
        mov esi, 0FEE00000h
        mov dword [esi+350h], 00000700h     ; LVT LINT0: ExtINT
        mov dword [esi+360h], 00000400h     ; LVT LINT1: NMI
        mov eax, cr0
        and al, 0FEh
        mov cr0, eax
        jmp 0F000h:.rm
.rm:    pop ds
        popf
.done:  pop edx
        pop ecx
        pop ebx
        pop eax
        cpu 8086
.none:  ret

apic_gdt:
        dw 0, 0, 0, 0
        dw 0FFFFh, 0, 9B0Fh, 0      ; 08h: 16-bit code, base F0000h
        dw 0FFFFh, 0, 9300h, 008Fh  ; 10h: data, base 0, 4 GiB
apic_gdt_ptr:
        dw 23
        dd 0F0000h + apic_gdt

; x87 present if FNINIT clears the status word and FNSTSW stores it.
; Without a coprocessor the ESC instructions do nothing on the 8086 and
; raise nothing on later CPUs with CR0.EM clear, so the word stays 5A5Ah.
detect_fpu:
        push bp
        mov ax, 5A5Ah
        push ax
        mov bp, sp
        fninit
        fnstsw [bp]
        pop ax
        pop bp
        call es_ebda
        test al, al
        jnz .none
        mov byte [es:EBDA_FPU], 1
.none:  ret

; ---------------------------------------------------------------------------
; 8042 keyboard controller and keyboard.  Self test (AAh -> 55h), command
; byte 65h = keyboard IRQ on, system flag, mouse disabled, scancode set 2 ->
; set 1 translation on; keyboard reset (FFh -> FAh AAh), then enable.
init_kbc:
        call kbc_flush
        mov al, 0AAh
        call kbc_command
        call kbc_read               ; 55h when the controller is happy
        mov al, 60h                 ; write command byte
        call kbc_command
        mov al, 65h
        call kbc_write_data
        mov al, 0AEh                ; enable keyboard interface
        call kbc_command
        mov al, 0FFh                ; keyboard reset
        call kbd_send
        mov cx, 400                 ; BAT takes up to ~500 ms on real keyboards
.bat:   call kbc_read
        jc .next
        cmp al, 0AAh
        je .ok
.next:  loop .bat
.ok:    mov al, 0F4h                ; enable scanning
        call kbd_send
        call kbc_flush
        ret

; Wait until the 8042 input buffer is empty (we may write).  CF=1 on timeout.
kbc_wait_write:
        push ax
        push cx
        mov cx, 0FFFFh
.l:     in al, 64h
        test al, 02h
        jz .ok
        loop .l
        stc
        jmp short .d
.ok:    clc
.d:     pop cx
        pop ax
        ret

; Wait for a byte in the 8042 output buffer and read it.  CF=1 on timeout
; (roughly 30 ms, measured with the refresh toggle).
kbc_read:
        push cx
        mov cx, 2000
        call kbc_read_polls
        pop cx
        ret

; Wait up to CX polls (about 15 us apart) for a byte in the 8042 output
; buffer and read it into AL.  CF=1 on timeout.  Clobbers CX.
kbc_read_polls:
.l:     in al, 64h
        test al, 01h
        jnz .got
        push cx
        mov cx, 1
        call delay_15us
        pop cx
        loop .l
        stc
        ret
.got:   in al, 60h
        clc
        ret

kbc_flush:
        push ax
        push cx
        mov cx, 32
.l:     in al, 64h
        test al, 01h
        jz .d
        in al, 60h
        loop .l
.d:     pop cx
        pop ax
        ret

; AL = controller command (port 64h)
kbc_command:
        call kbc_wait_write
        out 64h, al
        ret

; AL = data byte for port 60h
kbc_write_data:
        call kbc_wait_write
        out 60h, al
        ret

; Send AL to the keyboard and wait for its FAh acknowledge (polled; the
; caller has IRQ1 masked or interrupts off).  CF=1 if no ACK came.
kbd_send:
        push cx
        mov ah, al
        mov cx, 3                   ; up to 3 tries on FEh (resend)
.try:   mov al, ah
        call kbc_write_data
.wait:  call kbc_read
        jc .fail
        cmp al, 0FAh
        je .ok
        cmp al, 0FEh
        jne .wait
        loop .try
.fail:  stc
        pop cx
        ret
.ok:    clc
        pop cx
        ret

; ---------------------------------------------------------------------------
; RTC: 24-hour BCD mode, 1024 Hz periodic rate (used by INT 15h 83h/86h),
; tick count from the current time of day.
init_rtc_ticks:
        mov ax, (26h << 8) | CMOS_REG_A
        call cmos_write
        mov al, CMOS_REG_B
        call cmos_read
        and al, 01h                 ; keep daylight saving, clear SET/PIE/AIE/UIE
        or al, 02h                  ; 24 hour, BCD
        mov ah, al
        mov al, CMOS_REG_B
        call cmos_write
        mov al, CMOS_REG_C          ; clear pending flags
        call cmos_read
        call rtc_time_to_ticks      ; DX:AX
        push ds
        call ds_bda
        mov [BDA_TICKS], ax
        mov [BDA_TICKS+2], dx
        pop ds
        ret

; Current RTC time as ticks since midnight in DX:AX.
; ticks = seconds * 1193182 / 65536 = seconds * 18.2065; computed as
; h*65543 + m*1092 + s*18 plus the small fractional parts.
rtc_time_to_ticks:
        push bx
        push cx
        push si
        call rtc_wait_update
        mov al, CMOS_HOURS
        call cmos_read
        call bcd_to_bin
        mov cl, al                  ; hours
        mov al, CMOS_MINUTES
        call cmos_read
        call bcd_to_bin
        mov ch, al                  ; minutes
        mov al, CMOS_SECONDS
        call cmos_read
        call bcd_to_bin
        mov bl, al                  ; seconds
        xor bh, bh
        ; hours * 65543 = hours << 16 + hours * 7
        mov al, cl
        xor ah, ah
        mov dx, ax                  ; high word = hours
        mov si, 7
        push dx
        mul si
        pop dx
        mov si, ax                  ; low word accumulator (<= 23*7)
        ; minutes * 1092 + minutes * 0.39
        mov al, ch
        xor ah, ah
        push dx
        mov cx, ax
        mov ax, 1092
        mul cx                      ; < 65536
        add si, ax
        mov ax, 39
        mul cx
        mov cx, 100
        div cx
        add si, ax
        ; seconds * 18 + seconds * 0.2065
        mov ax, 18
        mul bx
        add si, ax
        mov ax, 206
        mul bx
        mov cx, 1000
        div cx
        add si, ax
        pop dx
        ; hours * 0.4 ticks
        mov ax, dx
        shl ax, 1
        shl ax, 1
        push dx
        xor dx, dx
        mov cx, 10
        div cx
        pop dx
        add ax, si
        adc dx, 0
        pop si
        pop cx
        pop bx
        ret

; Wait (bounded) while the RTC update-in-progress flag is set.  CF=1 if it
; never cleared.
rtc_wait_update:
        push ax
        push cx
        mov cx, 0FFFFh
.l:     mov al, CMOS_REG_A
        call cmos_read
        test al, 80h
        jz .ok
        loop .l
        stc
        jmp short .d
.ok:    clc
.d:     pop cx
        pop ax
        ret

bcd_to_bin:
        push cx
        mov ah, al
        mov cl, 4
        shr ah, cl
        and al, 0Fh
        aad                         ; AL = AH*10 + AL
        pop cx
        ret

bin_to_bcd:
        aam                         ; AH = AL/10, AL = AL%10
        push cx
        mov cl, 4
        shl ah, cl
        or al, ah
        pop cx
        ret

; ---------------------------------------------------------------------------
; Serial and parallel ports.  A 16450/16550 has a scratch register at +7
; that holds what we write; a parallel port's data latch reads back.
detect_serial_parallel:
        call ds_bda
        mov si, com_candidates
        xor di, di                  ; BDA_COM_PORTS
.com:   cs lodsw
        test ax, ax
        jz .lpt
        mov dx, ax
        add dx, 7
        mov al, 5Ah
        out dx, al
        jmp short $+2
        in al, dx
        cmp al, 5Ah
        jne .com
        mov al, 0A5h
        out dx, al
        jmp short $+2
        in al, dx
        cmp al, 0A5h
        jne .com
        sub dx, 7
        mov [di+BDA_COM_PORTS], dx
        add di, 2
        jmp .com
.lpt:   mov si, lpt_candidates
        xor di, di
.l2:    cs lodsw
        test ax, ax
        jz .done
        mov dx, ax
        mov al, 0AAh
        out dx, al
        jmp short $+2
        in al, dx
        cmp al, 0AAh
        jne .l2
        mov al, 55h
        out dx, al
        jmp short $+2
        in al, dx
        cmp al, 55h
        jne .l2
        xor al, al
        out dx, al
        mov [di+BDA_LPT_PORTS], dx
        add di, 2
        jmp .l2
.done:  mov byte [BDA_COM_TIMEOUT], 1
        mov byte [BDA_COM_TIMEOUT+1], 1
        mov byte [BDA_COM_TIMEOUT+2], 1
        mov byte [BDA_COM_TIMEOUT+3], 1
        mov byte [BDA_LPT_TIMEOUT], 14h
        mov byte [BDA_LPT_TIMEOUT+1], 14h
        mov byte [BDA_LPT_TIMEOUT+2], 14h
        ret

com_candidates: dw 3F8h, 2F8h, 3E8h, 2E8h, 0
lpt_candidates: dw 378h, 278h, 3BCh, 0

; ---------------------------------------------------------------------------
; Equipment word (INT 11h): floppies from CMOS 10h, x87 from detection,
; 80x25 colour video, PS/2 mouse port, counted serial/parallel ports.
init_equipment:
        call ds_bda
        call es_ebda
        xor bx, bx
        mov al, CMOS_FD_TYPES
        call cmos_read
        mov ah, al
        mov cl, 4
        shr ah, cl                  ; drive 0 type
        and al, 0Fh                 ; drive 1 type
        mov [es:EBDA_FD_TYPE], ah
        mov [es:EBDA_FD_TYPE+1], al
        xor cx, cx
        test ah, ah
        jz .f1
        inc cx
.f1:    test al, al
        jz .f2
        inc cx
.f2:    jcxz .nofd
        or bl, 01h
        dec cx
        mov al, cl
        mov cl, 6
        shl al, cl
        or bl, al
.nofd:  cmp byte [es:EBDA_FPU], 0
        je .nofpu
        or bl, 02h
.nofpu: or bl, 04h                   ; PS/2 mouse port
        ; initial video mode from CMOS 14h bits 5-4 (00 = EGA/VGA, which
        ; reports as 80x25 colour)
        mov al, CMOS_EQUIPMENT
        call cmos_read
        and al, 30h
        jnz .vid
        mov al, 20h
.vid:   or bl, al
        ; serial ports: bits 9-11
        xor cx, cx
        mov si, BDA_COM_PORTS
.c:     cmp word [si], 0
        je .c2
        inc cx
        add si, 2
        cmp si, BDA_COM_PORTS+8
        jb .c
.c2:    mov ax, cx
        mov cl, 9
        shl ax, cl
        or bx, ax
        xor cx, cx
        mov si, BDA_LPT_PORTS
.p:     cmp word [si], 0
        je .p2
        inc cx
        add si, 2
        cmp si, BDA_LPT_PORTS+6
        jb .p
.p2:    mov ax, cx
        mov cl, 14
        shl ax, cl
        or bx, ax
        mov [BDA_EQUIPMENT], bx
        ret

; ---------------------------------------------------------------------------
; Option ROMs: every 2 KiB from C0000h to EFFFFh, a ROM starts with 55h AAh,
; a length byte in 512-byte units, and its bytes sum to 0 mod 256; we far
; call its offset 3 (IBM PC/AT Technical Reference, "Adapter ROM").  The VGA
; BIOS sits at C0000h and installs INT 10h.
scan_option_roms:
        mov bx, 0C000h
.next:  mov es, bx
        cmp word [es:0], 0AA55h
        jne .skip
        mov al, [es:2]
        test al, al
        jz .skip
        xor ah, ah
        mov cl, 9
        shl ax, cl                  ; length in bytes (0 = 128 KiB, not sensible)
        jz .skip
        mov cx, ax
        xor si, si
        xor dl, dl
.sum:   add dl, [es:si]
        inc si
        loop .sum
        test dl, dl
        jnz .skip
        ; call it
        push bx
        push es
        mov ax, 3
        push es                     ; build a far pointer on the stack
        push ax
        mov bp, sp
        call far [ss:bp]
        add sp, 4
        pop es
        pop bx
        cli
        call ds_bda
        sti
        ; continue after the ROM (rounded up to 2 KiB)
        mov al, [es:2]
        xor ah, ah
        add ax, 3
        shr ax, 1
        shr ax, 1                   ; 512-byte units -> 2 KiB units
        mov cl, 7
        shl ax, cl                  ; -> paragraphs
        add bx, ax
        jmp short .check
.skip:  add bx, 80h                 ; 2 KiB
.check: cmp bx, 0F000h
        jb .next
        ret

; ---------------------------------------------------------------------------
print_banner:
        PRINT 13, 10, "px86 BIOS ", BIOS_VERSION, " (", BIOS_DATE_LONG, ")", 13, 10
        call es_ebda
        PRINT "CPU: "
        mov al, [es:EBDA_CPU]
        xor ah, ah
        mov si, ax
        shl si, 1
        cmp si, 7*2
        jb .c
        mov si, 6*2
.c:     mov si, [cs:cpu_names + si]
        call print_str
        cmp byte [es:EBDA_FPU], 0
        je .nf
        PRINT " + x87"
.nf:    PRINT "  Memory: "
        call ds_bda
        mov ax, [BDA_MEM_KB]
        inc ax
        call print_dec16
        PRINT "K base, "
        call total_extended_kb      ; DX:AX
        call print_dec32
        PRINT "K extended", 13, 10
        ret

cpu_names:
        dw .n0, .n1, .n2, .n3, .n4, .n5, .n6
.n0:    db "8086/8088", 0
.n1:    db "80186/188", 0
.n2:    db "80286", 0
.n3:    db "80386", 0
.n4:    db "80486", 0
.n5:    db "Pentium class", 0
.n6:    db "P6 class", 0

; Extended memory in KiB (all of it, above 1 MiB) -> DX:AX
total_extended_kb:
        push bx
        push es
        call es_ebda
        mov ax, [es:EBDA_HIGH_64K]
        xor dx, dx
        mov bx, 64
        call mul32_16
        add ax, [es:EBDA_EXT_KB]
        adc dx, 0
        pop es
        pop bx
        ret

; The AT CMOS checksum covers 10h..2Dh and is stored big-endian in 2Eh/2Fh.
check_cmos_checksum:
        xor bx, bx
        mov cl, 10h
.l:     mov al, cl
        call cmos_read
        xor ah, ah
        add bx, ax
        inc cl
        cmp cl, 2Eh
        jb .l
        mov al, CMOS_CKSUM_HI
        call cmos_read
        mov ah, al
        mov al, CMOS_CKSUM_HI+1
        push ax
        call cmos_read
        pop dx
        mov dl, al
        cmp dx, bx
        je .ok
        PRINT "CMOS checksum error (using values anyway)", 13, 10
.ok:    ret

; Classic PCs boot with A20 off so 8086 address wrap-around works; HIMEM and
; Linux turn it on themselves.
disable_a20_post:
        xor ax, ax                  ; AL = 0: disable
        call set_a20
        ret
