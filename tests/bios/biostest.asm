; tests/bios/biostest.asm — a bootable 1.44 MB floppy that exercises the
; system BIOS services a guest relies on and reports on the screen and the
; debug port E9h ("BIOSTEST PASS" / "BIOSTEST FAIL"), then writes 0 (pass)
; or 1 (fail) to the isa-debug-exit port F4h.  Works on any CPU: the 286/386
; checks are skipped on older ones.  Build: nasm -f bin -o biostest.img.
        cpu 8086
        bits 16

LOAD_SEG equ 0800h              ; the test body runs at 0800:0000
BODY_SECTORS equ 12

; ---- boot sector -----------------------------------------------------------
        org 7C00h
boot:   jmp short .go
        nop
.go:    cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 7C00h
        sti
        mov [boot_drive], dl
        mov ax, LOAD_SEG
        mov es, ax
        xor bx, bx
        mov ax, 0200h | BODY_SECTORS
        mov cx, 0002h           ; cylinder 0, sector 2
        xor dh, dh
        int 13h
        jc .fail
        mov dl, [boot_drive]
        jmp LOAD_SEG:0
.fail:  mov si, .msg
.p:     lodsb
        test al, al
        jz .h
        out 0E9h, al
        mov ah, 0Eh
        mov bx, 7
        int 10h
        jmp .p
.h:     hlt
        jmp .h
.msg:   db "biostest: cannot load body", 13, 10, 0
boot_drive: db 0
        times 510 - ($ - $$) db 0
        dw 0AA55h

; ---- test body --------------------------------------------------------------
        section body vstart=0
body:
        mov ax, cs
        mov ds, ax
        mov [drive], dl
        mov si, s_title
        call print
        call detect_cpu
        mov [cpu_type], al

        ; INT 12h: base memory
        mov si, t_int12
        call name
        int 12h
        call pdec
        cmp ax, 512
        jb f1
        cmp ax, 640
        ja f1
        call ok
        jmp n1
f1:     call bad
n1:
        ; INT 11h: diskette present
        mov si, t_int11
        call name
        int 11h
        call phex
        test al, 1
        jz f2
        call ok
        jmp n2
f2:     call bad
n2:
        ; INT 13h AH=08h on the boot drive
        mov si, t_int13_08
        call name
        push es
        mov ah, 08h
        mov dl, [drive]
        int 13h
        pop es
        jc f3
        mov al, cl
        and al, 3Fh
        xor ah, ah
        call pdec               ; sectors per track
        test al, al
        jz f3
        call ok
        jmp n3
f3:     call bad
n3:
        ; INT 13h AH=02h: read the boot sector again, compare with 0:7C00
        mov si, t_int13_02
        call name
        mov ax, ds
        mov es, ax
        mov bx, buffer
        mov ax, 0201h
        mov cx, 0001h
        xor dh, dh
        mov dl, [drive]
        int 13h
        jc f4
        push ds
        xor ax, ax
        mov ds, ax
        mov si, 7C00h
        mov di, buffer
        mov cx, 256
        repe cmpsw
        pop ds
        jne f4
        call ok
        jmp n4
f4:     call bad
n4:
        ; INT 16h: AH=05h store, AH=11h peek, AH=10h read
        mov si, t_int16
        call name
        mov ax, 0305h           ; typematic: 250 ms delay, 30/s
        xor bx, bx
        int 16h
        mov ah, 05h
        mov cx, 1E61h           ; 'a'
        int 16h
        test al, al
        jnz f5
        mov ah, 11h
        int 16h
        jz f5
        cmp ax, 1E61h
        jne f5
        mov ah, 10h
        int 16h
        cmp ax, 1E61h
        jne f5
        mov ah, 11h
        int 16h
        jnz f5
        call ok
        jmp n5
f5:     call bad
n5:
        ; INT 1Ah AH=02h/04h: RTC time and date in BCD
        mov si, t_rtc
        call name
        mov ah, 02h
        int 1Ah
        jc f6
        mov al, ch
        call phex
        cmp ch, 23h
        ja f6
        mov ah, 04h
        int 1Ah
        jc f6
        mov al, dh
        call phex
        cmp dh, 1
        jb f6
        cmp dh, 12h
        ja f6
        call ok
        jmp n6
f6:     call bad
n6:
        ; INT 15h AH=86h: wait 275 ms = ~5 ticks of 55 ms
        mov si, t_wait
        call name
        xor ah, ah
        int 1Ah
        mov [t0], dx
        mov cx, 0004h
        mov dx, 3230h           ; 275000 us
        mov ah, 86h
        int 15h
        jc f7
        xor ah, ah
        int 1Ah
        sub dx, [t0]
        mov ax, dx
        call pdec
        cmp ax, 3
        jb f7
        cmp ax, 8
        ja f7
        call ok
        jmp n7
f7:     call bad
n7:
        ; INT 15h AH=C0h: configuration table
        mov si, t_c0
        call name
        push es
        mov ah, 0C0h
        int 15h
        jc f8
        mov al, [es:bx+2]
        call phex
        cmp al, 0FCh
        pop es
        jne f8b
        call ok
        jmp n8
f8:     pop es
f8b:    call bad
n8:
        ; fixed disk 80h, if any: EDD read of its last sector must work and
        ; one past the end must fail; on disks over 128 GiB also read
        ; sector 10000001h (48-bit LBA), printing "marker" when it starts
        ; with "PX86" (a harness may put that there)
        mov ah, 41h
        mov bx, 55AAh
        mov dl, 80h
        int 13h
        jc .nohd
        cmp bx, 0AA55h
        je .hd
.nohd:  jmp n15
.hd:    mov si, t_edd
        call name
        mov word [edd_params], 1Ah
        mov si, edd_params
        mov ah, 48h
        mov dl, 80h
        int 13h
        jc f15
        mov ax, [edd_params+16]
        mov dx, [edd_params+18]
        sub ax, 1
        sbb dx, 0
        call edd_read
        jc f15
        add ax, 1
        adc dx, 0
        call edd_read
        jnc f15                 ; past the end must fail
        cmp word [edd_params+18], 1000h
        jb .small
        mov ax, 1
        mov dx, 1000h
        call edd_read
        jc f15
        cmp word [buffer], 'PX'
        jne .small
        cmp word [buffer+2], '86'
        jne .small
        mov si, s_marker
        call print
.small: call ok
        jmp n15
f15:    call bad
n15:
        ; INT 15h AH=C2h: PS/2 mouse interface: reset, init, handler, enable
        mov si, t_c2
        call name
        mov ax, 0C201h          ; reset: BH = device ID (0 = standard mouse)
        int 15h
        jc f13
        mov al, bh
        call phex
        mov ax, 0C205h          ; initialise for 3-byte packets
        mov bh, 3
        int 15h
        jc f13
        push es
        push cs
        pop es
        mov bx, mouse_handler
        mov ax, 0C207h
        int 15h
        pop es
        jc f13
        mov ax, 0C200h          ; enable
        mov bh, 1
        int 15h
        jc f13
        mov ax, 0C204h          ; type
        int 15h
        jc f13
        ; give a harness 1.5 s to move the mouse (QEMU: mouse_move); the
        ; handler counts packets.  No movement is not a failure.
        mov cx, 0016h
        mov dx, 0E360h
        mov ah, 86h
        int 15h
        mov ax, [mouse_packets]
        call pdec
        mov ax, 0C200h          ; disable
        mov bh, 0
        int 15h
        jc f13
        call ok
        jmp n13
f13:    mov al, ah
        call phex
        call bad
n13:
        cmp byte [cpu_type], 2
        jae at_tests
        mov si, s_skip
        call print
        jmp done
at_tests:
        ; INT 15h AH=88h: extended memory
        mov si, t_88
        call name
        mov ah, 88h
        int 15h
        jc f9
        call pdec
        mov [extkb], ax
        call ok
        jmp n9
f9:     call bad
n9:
        ; INT 15h AX=E801h
        mov si, t_e801
        call name
        mov ax, 0E801h
        int 15h
        jc f10
        call pdec
        cmp ax, [extkb]         ; below 16 MiB both agree
        jbe .e1
        jmp f10
.e1:    call ok
        jmp n10
f10:    call bad
n10:
        ; A20: enable, status, disable, status
        mov si, t_a20
        call name
        mov ax, 2401h
        int 15h
        jc f11
        call a20_probe
        jne f11
        mov ax, 2402h
        int 15h
        cmp al, 1
        jne f11
        mov ax, 2400h
        int 15h
        jc f11
        call a20_probe
        je f11
        mov ax, 2402h
        int 15h
        cmp al, 0
        jne f11
        call ok
        jmp n11
f11:    call bad
n11:
        ; INT 15h AH=87h: pattern -> 1.5 MiB -> back, compare
        mov si, t_87
        call name
        cmp word [extkb], 1024
        jae .room
        mov si, s_noext
        call print
        jmp n12
.room:
        mov di, buffer
        mov cx, 256
        mov ax, ds
        mov es, ax
        mov ax, 1357h
.fill:  stosw
        add ax, 0F1Dh
        loop .fill
        ; source = buffer (linear), dest = 180000h
        call buf_linear         ; DX:AX
        mov [gdt+10h+2], ax
        mov [gdt+10h+4], dl
        mov word [gdt+18h+2], 0
        mov byte [gdt+18h+4], 18h
        mov si, gdt
        mov cx, 256
        mov ah, 87h
        int 15h
        jc f12
        ; back into buffer+512
        mov word [gdt+10h+2], 0
        mov byte [gdt+10h+4], 18h
        call buf_linear
        add ax, 512
        adc dl, 0
        mov [gdt+18h+2], ax
        mov [gdt+18h+4], dl
        mov si, gdt
        mov cx, 256
        mov ah, 87h
        int 15h
        jc f12
        mov si, buffer
        mov di, buffer+512
        mov cx, 256
        repe cmpsw
        jne f12
        call ok
        jmp n12
f12:    call bad
n12:
        ; INT 15h AH=87h with the largest count: 64 KiB at 20000h -> 3 MiB
        ; -> 30000h (as Linux's bzImage loader moves its kernel)
        mov si, t_87big
        call name
        cmp word [extkb], 3072
        jae .room2
        mov si, s_noext
        call print
        jmp n14
.room2: push es
        mov ax, 2000h
        mov es, ax
        xor di, di
        mov cx, 8000h
        mov ax, 1234h
.f2:    stosw
        add ax, 0A5A7h
        rol ax, 1
        loop .f2
        pop es
        mov word [gdt+10h+2], 0
        mov byte [gdt+10h+4], 02h
        mov word [gdt+18h+2], 0
        mov byte [gdt+18h+4], 30h
        mov si, gdt
        mov cx, 8000h
        mov ah, 87h
        int 15h
        jc f14
        mov word [gdt+10h+2], 0
        mov byte [gdt+10h+4], 30h
        mov word [gdt+18h+2], 0
        mov byte [gdt+18h+4], 03h
        mov si, gdt
        mov cx, 8000h
        mov ah, 87h
        int 15h
        jc f14
        push ds
        push es
        mov ax, 2000h
        mov ds, ax
        mov ax, 3000h
        mov es, ax
        xor si, si
        xor di, di
        mov cx, 8000h
        repe cmpsw
        pop es
        pop ds
        jne f14
        call ok
        jmp n14
f14:    call bad
n14:
        cmp byte [cpu_type], 3
        jae e820_test
        mov si, s_skip386
        call print
        jmp done
e820_test:
        cpu 386
        mov si, t_e820
        call name
        xor ebx, ebx
        xor bp, bp              ; entries
        mov dword [usable], 0
.next:  mov eax, 0E820h
        mov edx, 534D4150h
        mov ecx, 20
        mov di, e820buf
        int 15h
        jc .f
        cmp eax, 534D4150h
        jne .f
        inc bp
        cmp dword [e820buf+16], 1
        jne .skip
        mov eax, [e820buf+8]
        shr eax, 10
        add [usable], eax
.skip:  test ebx, ebx
        jz .end
        cmp bp, 32
        jb .next
        jmp .f
.end:   mov ax, bp
        call pdec
        mov eax, [usable]       ; KiB of usable RAM must cover base + extended
        mov ax, [extkb]
        movzx ecx, ax
        add ecx, 600
        cmp [usable], ecx
        jb .f
        call ok
        jmp done
.f:     call bad
        cpu 8086
done:
        cmp byte [failed], 0
        jne .fail
        mov si, s_pass
        call print
        xor al, al
        out 0F4h, al
        jmp .halt
.fail:  mov si, s_fail
        call print
        mov al, 1
        out 0F4h, al
.halt:  hlt
        jmp .halt

; Called far by the BIOS with status, X, Y, 0 on the stack (IBM PS/2
; pointing device interface).
; Read LBA DX:AX of disk 80h into buffer with INT 13h AH=42h.  CF.
edd_read:
        push ax
        push dx
        push si
        mov word [dap+2], 1     ; the BIOS returns the count transferred here
        mov [dap_lba], ax
        mov [dap_lba+2], dx
        mov [dap_seg], ds
        mov si, dap
        mov ah, 42h
        mov dl, 80h
        int 13h
        pop si
        pop dx
        pop ax
        ret

mouse_handler:
        push bp
        mov bp, sp
        push ax
        mov ax, [bp+12]         ; status word: bit 3 always set
        test al, 08h
        jz .r
        inc word [cs:mouse_packets]
.r:     pop ax
        pop bp
        retf
mouse_packets: dw 0

; ZF=1 if 0:0600 and FFFF:0610 (= 100600h) are distinct memory.
a20_probe:
        push ds
        push es
        xor ax, ax
        mov ds, ax
        dec ax
        mov es, ax
        mov ax, [600h]
        push ax
        mov word [600h], 1234h
        mov word [es:610h], 4321h
        cmp word [600h], 1234h
        pop ax
        mov [600h], ax
        pop es
        pop ds
        ret

buf_linear:
        mov ax, ds
        mov dx, ax
        mov cl, 4
        shl ax, cl
        mov cl, 12
        shr dx, cl
        add ax, buffer
        adc dx, 0
        ret

; AL = 0 8086/186, 2 286, 3 386+
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
        mov al, 0
        je .d
        mov ax, 7000h
        push ax
        popf
        pushf
        pop ax
        test ax, 7000h
        mov al, 2
        jz .d
        mov al, 3
.d:     popf
        ret

name:   call print
        mov al, ' '
        jmp putc
ok:     push si
        mov si, s_ok
        call print
        pop si
        ret
bad:    push si
        mov byte [failed], 1
        mov si, s_bad
        call print
        pop si
        ret
print:  push ax
.l:     lodsb
        test al, al
        jz .d
        call putc
        jmp .l
.d:     pop ax
        ret
putc:   push ax
        push bx
        out 0E9h, al
        mov ah, 0Eh
        mov bx, 7
        int 10h
        pop bx
        pop ax
        ret
pdec:   push ax
        push bx
        push cx
        push dx
        xor cx, cx
        mov bx, 10
.d:     xor dx, dx
        div bx
        push dx
        inc cx
        test ax, ax
        jnz .d
.o:     pop ax
        add al, '0'
        call putc
        loop .o
        mov al, ' '
        call putc
        pop dx
        pop cx
        pop bx
        pop ax
        ret
phex:   push ax
        push cx
        push ax
        mov cl, 4
        shr al, cl
        call .n
        pop ax
        call .n
        mov al, ' '
        call putc
        pop cx
        pop ax
        ret
.n:     and al, 0Fh
        add al, '0'
        cmp al, '9'
        jbe .p
        add al, 7
.p:     jmp putc

s_title:    db "px86 BIOS test", 13, 10, 0
t_int12:    db "INT 12h", 0
t_int11:    db "INT 11h", 0
t_int13_08: db "INT 13h/08h", 0
t_int13_02: db "INT 13h/02h", 0
t_int16:    db "INT 16h/03h,05h,10h,11h", 0
t_rtc:      db "INT 1Ah/02h,04h", 0
t_wait:     db "INT 15h/86h", 0
t_c0:       db "INT 15h/C0h", 0
t_edd:      db "INT 13h/41h,42h,48h disk 80h", 0
s_marker:   db "marker ", 0
t_c2:       db "INT 15h/C2h", 0
t_88:       db "INT 15h/88h", 0
t_e801:     db "INT 15h/E801h", 0
t_a20:      db "INT 15h/2400h-2402h", 0
t_87:       db "INT 15h/87h", 0
t_87big:    db "INT 15h/87h 64K", 0
t_e820:     db "INT 15h/E820h", 0
s_ok:       db "ok", 13, 10, 0
s_bad:      db "FAIL", 13, 10, 0
s_skip:     db "(8086/186: AT memory tests skipped)", 13, 10, 0
s_skip386:  db "(286: E820 test skipped)", 13, 10, 0
s_noext:    db "(skipped: under 2 MiB RAM)", 13, 10, 0
s_pass:     db "BIOSTEST PASS", 13, 10, 0
s_fail:     db "BIOSTEST FAIL", 13, 10, 0
drive:  db 0
cpu_type: db 0
failed: db 0
t0:     dw 0
extkb:  dw 0
usable: dd 0
; INT 15h AH=87h descriptor table: 0 dummy, 1 GDT (BIOS), 2 source,
; 3 destination, 4 BIOS CS, 5 BIOS SS.
gdt:    times 10h db 0
        dw 0FFFFh, 0
        db 0, 93h
        dw 0
        dw 0FFFFh, 0
        db 0, 93h
        dw 0
        times 10h db 0
e820buf: times 24 db 0
edd_params: times 30 db 0
dap:    db 10h, 0
        dw 1
        dw buffer
dap_seg: dw 0
dap_lba: dd 0, 0
        align 16
buffer: times 1024 db 0
%if ($ - body) > BODY_SECTORS * 512
%error body too large
%endif
        times BODY_SECTORS * 512 - ($ - body) db 0
        times 1474560 - 512 - BODY_SECTORS * 512 db 0
