; bios/pcbios/util.asm — helpers shared by all service areas: the register
; frame used by INT handlers, CMOS access, short delays, console output
; through INT 10h, and 8086-safe 32-bit arithmetic.

; ---------------------------------------------------------------------------
; Register frame.  Handlers that return results in several registers push
; every register once on entry; results are then written into the frame
; (offsets F_xx in bda.inc, addressed through BP, which defaults to SS) and
; the FLAGS image the caller will get back is patched instead of using
; RETF 2, so the caller's IF and TF survive the call.
; ---------------------------------------------------------------------------
%macro FRAME_PUSH 0
        PUSHM ds, es, bp, di, si, dx, cx, bx, ax
%endmacro

%macro FRAME_ENTER 0
        FRAME_PUSH
        mov bp, sp
%endmacro

%macro FRAME_LEAVE 0
        POPM ds, es, bp, di, si, dx, cx, bx, ax
%endmacro

; One step of a dispatch chain: jump to %3 when %1 = %2, else fall
; through.  The JMP is near, so the handler may lie anywhere in the ROM.
%macro JMP_IF_EQ 3
        cmp %1, %2
        jne %%next
        jmp %3
%%next:
%endmacro

; Copy CF into the caller's FLAGS image in the frame.
%macro FRAME_SET_CF 0
        jc %%set
        and byte [bp+F_FLAGS], ~FLAG_CF & 0FFh
        jmp short %%done
%%set:  or byte [bp+F_FLAGS], FLAG_CF
%%done:
%endmacro

; Hand status AH to the caller through the frame; CF = (AH != 0), as the
; disk services return it.
frame_status:
        mov [bp+F_AH], ah
        test ah, ah                 ; CF=0
        jz .r
        stc
.r:     ret

; Return from an interrupt handler that did not build a frame but must hand
; CF back: the FLAGS word sits at SP+4.
iret_cf:
        push bp
        mov bp, sp
        jc .set
        and byte [bp+6], ~FLAG_CF & 0FFh
        pop bp
        iret
.set:   or byte [bp+6], FLAG_CF
        pop bp
        iret

; Generic "unsupported function": AH=86h, CF=1 (INT 15h convention).
iret_unsupported:
        mov ah, 86h
        stc
        jmp iret_cf

; ---------------------------------------------------------------------------
; CMOS / RTC.  Port 70h selects the register (bit 7 would mask NMI; we leave
; NMI enabled), port 71h reads or writes it.
; ---------------------------------------------------------------------------
; in: AL = register.  out: AL = value
cmos_read:
        out 70h, al
        jmp short $+2           ; I/O recovery time on real ISA buses
        in al, 71h
        ret

; in: AL = register, AH = value
cmos_write:
        out 70h, al
        jmp short $+2
        xchg al, ah
        out 71h, al
        xchg al, ah
        ret

; Read a little-endian CMOS word: AL = low register (high is AL+1). out AX.
cmos_read_word:
        push bx
        mov bl, al
        inc al
        call cmos_read
        mov bh, al
        mov al, bl
        call cmos_read
        mov ah, bh
        pop bx
        ret

; ---------------------------------------------------------------------------
; Short delays.  The AT's port 61h bit 4 toggles with every DRAM refresh
; request from PIT channel 1 (every 15.09 us); counting toggles gives a CPU
; speed independent delay before interrupts run.  A bounded inner loop keeps
; us alive on a machine where the bit never moves.
; in: CX = number of 15 us periods
; ---------------------------------------------------------------------------
delay_15us:
        push ax
        push cx
        push dx
        in al, 61h
        and al, 10h
        mov ah, al
.next:  mov dx, 200             ; give up on a period after 200 reads
.spin:  in al, 61h
        and al, 10h
        cmp al, ah
        jne .toggled
        dec dx
        jnz .spin
.toggled:
        mov ah, al
        loop .next
        pop dx
        pop cx
        pop ax
        ret

; Wait CX milliseconds (approximately) with the refresh toggle.
delay_ms:
        push cx
.l:     push cx
        mov cx, 66
        call delay_15us
        pop cx
        loop .l
        pop cx
        ret

; ---------------------------------------------------------------------------
; Console output through INT 10h teletype (the VGA option ROM provides it;
; before it is installed our fallback at F000:F065 forwards to port E9h).
; ---------------------------------------------------------------------------
; in: AL = character
print_char:
        push ax
        push bx
        mov ah, 0Eh
        mov bx, 0007h
        int 10h
        pop bx
        pop ax
        ret

; in: CS:SI = NUL-terminated string
print_str:
        push ax
        push si
.l:     cs lodsb
        test al, al
        jz .d
        call print_char
        jmp .l
.d:     pop si
        pop ax
        ret

; Print the string that follows the CALL instruction, then return after it.
;   call print_inline
;   db "text", 0
print_inline:
        push bp
        mov bp, sp
        push si
        mov si, [bp+2]
        call print_str
.skip:  cs lodsb
        test al, al
        jnz .skip
        mov [bp+2], si
        pop si
        pop bp
        ret

%macro PRINT 1+
        call print_inline
        db %1, 0
%endmacro

; Print DX:AX as unsigned decimal.
print_dec32:
        push ax
        push bx
        push cx
        push dx
        xor cx, cx              ; digit count
.div:   mov bx, 10
        call div32_16           ; DX:AX /= 10, BX = remainder
        push bx
        inc cx
        mov bx, ax
        or bx, dx
        jnz .div
.out:   pop ax
        add al, '0'
        call print_char
        loop .out
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; Print AX as unsigned decimal.
print_dec16:
        push dx
        xor dx, dx
        call print_dec32
        pop dx
        ret

; Print AL as two hex digits.
print_hex8:
        push ax
        push cx
        mov ah, al
        mov cl, 4
        shr al, cl
        call .nib
        mov al, ah
        call .nib
        pop cx
        pop ax
        ret
.nib:   and al, 0Fh
        add al, '0'
        cmp al, '9'
        jbe .p
        add al, 7
.p:     jmp print_char

; Print AX as four hex digits.
print_hex16:
        xchg al, ah
        call print_hex8
        xchg al, ah
        jmp print_hex8

; ---------------------------------------------------------------------------
; 32-bit arithmetic for 8086 code.
; ---------------------------------------------------------------------------
; DX:AX = DX:AX / BX, BX = remainder.  BX must not be 0.
div32_16:
        push cx
        mov cx, ax
        mov ax, dx
        xor dx, dx
        div bx                  ; high half
        xchg ax, cx             ; CX = quotient high, AX = low dividend
        div bx                  ; DX:AX (remainder:low) / BX
        mov bx, dx
        mov dx, cx
        pop cx
        ret

; DX:AX = DX:AX * BX (low 32 bits of the product).
mul32_16:
        push cx
        push si
        mov cx, ax              ; low
        mov ax, dx
        mul bx                  ; high * BX, only the low word matters
        mov si, ax
        mov ax, cx
        mul bx                  ; low * BX -> DX:AX
        add dx, si
        pop si
        pop cx
        ret

; Physical address of ES:BX -> DX:AX (20 bits).
linear_es_bx:
        mov ax, es
        call linear_seg
        add ax, bx
        adc dx, 0
        ret

; Physical address of segment AX (offset 0) -> DX:AX.
linear_seg:
        push cx
        mov dx, ax
        mov cl, 4
        shl ax, cl
        mov cl, 12
        shr dx, cl
        pop cx
        ret

; Load DS with the BDA segment.
ds_bda:
        push ax
        mov ax, BDA_SEG
        mov ds, ax
        pop ax
        ret

; Load ES with the EBDA segment (from 40:0E).
es_ebda:
        push ds
        call ds_bda
        mov es, [BDA_EBDA_SEG]
        pop ds
        ret

; Load DS with the EBDA segment.
ds_ebda:
        push ax
        mov ax, BDA_SEG
        mov ds, ax
        mov ds, [BDA_EBDA_SEG]
        pop ax
        ret

; Wait until the tick count at 40:6C has advanced by BX ticks from the
; value in CX (the caller samples CX first).  CF=1 once the time is up.
; Used for timeouts; IRQ0 must be running.
ticks_elapsed:
        push ax
        push ds
        call ds_bda
        mov ax, [BDA_TICKS]
        sub ax, cx
        cmp ax, bx              ; CF=1 while elapsed < limit
        cmc
        pop ds
        pop ax
        ret

; Debug output to QEMU/px86's debug console (port E9h), only when the ROM
; is built with -DDEBUG.
%macro DBG 1
%ifdef DEBUG
        push si
        push ax
        call %%over
        db %1, 13, 10, 0
%%over: pop si
%%l:    cs lodsb
        test al, al
        jz %%d
        out 0E9h, al
        jmp %%l
%%d:    pop ax
        pop si
%endif
%endmacro
