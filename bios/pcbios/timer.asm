; bios/pcbios/timer.asm — time keeping: IRQ0 (INT 08h) system tick, INT 1Ah
; time-of-day and RTC services, IRQ8 (INT 70h) RTC periodic/alarm interrupt,
; and the INT 15h AH=83h/86h waits that run on it.

; ---------------------------------------------------------------------------
; IRQ0, 18.2 Hz.  Counts ticks since midnight in 40:6C (1800B0h ticks per
; day, then the count restarts and 40:70 is set for INT 1Ah AH=00h), runs
; the diskette motor-off countdown, and calls the user hook INT 1Ch.
int08_handler:
        push ax
        push dx
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        add word [BDA_TICKS], 1
        adc word [BDA_TICKS+2], 0
        cmp word [BDA_TICKS+2], 18h
        jb .nomid
        cmp word [BDA_TICKS], 0B0h
        jb .nomid
        mov word [BDA_TICKS], 0
        mov word [BDA_TICKS+2], 0
        mov byte [BDA_MIDNIGHT], 1
.nomid: cmp byte [BDA_FD_MOTOR_TO], 0
        je .nomotor
        dec byte [BDA_FD_MOTOR_TO]
        jnz .nomotor
        and byte [BDA_FD_MOTOR], 0F0h   ; all motors off, keep DMA/IRQ enabled
        mov al, 0Ch
        mov dx, 3F2h
        out dx, al
.nomotor:
        int 1Ch
        mov al, 20h
        out 20h, al
        pop ds
        pop dx
        pop ax
        iret

; ---------------------------------------------------------------------------
; INT 1Ah — time of day.
;   00h get ticks  CX:DX, AL = midnight flag (cleared by reading)
;   01h set ticks  CX:DX
;   02h get RTC time  CH h, CL m, DH s (BCD), DL = DST flag; CF=1 if RTC dead
;   03h set RTC time  CH CL DH, DL = DST
;   04h get RTC date  CH century, CL year, DH month, DL day (BCD)
;   05h set RTC date
;   06h set alarm  CH CL DH; CF=1 if already set
;   07h cancel alarm
int1a_handler:
        sti
        push ds
        push bx
        mov bx, BDA_SEG
        mov ds, bx
        cmp ah, 0
        je .get_ticks
        cmp ah, 1
        je .set_ticks
        cmp ah, 2
        je .get_time
        cmp ah, 3
        je .set_time
        cmp ah, 4
        je .get_date
        cmp ah, 5
        jne .n5
        jmp .set_date
.n5:    cmp ah, 6
        jne .n6
        jmp .set_alarm
.n6:    cmp ah, 7
        jne .n7
        jmp .cancel_alarm
.n7:    pop bx
        pop ds
        stc
        jmp iret_cf

.get_ticks:
        cli
        mov dx, [BDA_TICKS]
        mov cx, [BDA_TICKS+2]
        mov al, 0
        xchg al, [BDA_MIDNIGHT]
        sti
        jmp .ok
.set_ticks:
        cli
        mov [BDA_TICKS], dx
        mov [BDA_TICKS+2], cx
        mov byte [BDA_MIDNIGHT], 0
        sti
        jmp .ok

.get_time:
        call rtc_wait_update
        jc .fail
        cli
        mov al, CMOS_SECONDS
        call cmos_read
        mov dh, al
        mov al, CMOS_MINUTES
        call cmos_read
        mov cl, al
        mov al, CMOS_HOURS
        call cmos_read
        mov ch, al
        mov al, CMOS_REG_B
        call cmos_read
        and al, 01h
        mov dl, al
        sti
        jmp .ok

.set_time:
        call rtc_wait_update
        cli
        call rtc_set_begin
        mov al, CMOS_SECONDS
        mov ah, dh
        call cmos_write
        mov al, CMOS_MINUTES
        mov ah, cl
        call cmos_write
        mov al, CMOS_HOURS
        mov ah, ch
        call cmos_write
        mov al, CMOS_REG_B
        call cmos_read
        and al, 060h                ; keep PIE and AIE
        or al, 02h                  ; 24 hour BCD, SET cleared
        and dl, 01h
        or al, dl
        mov ah, al
        mov al, CMOS_REG_B
        call cmos_write
        sti
        jmp .ok

.get_date:
        call rtc_wait_update
        jc .fail
        cli
        mov al, CMOS_DAY
        call cmos_read
        mov dl, al
        mov al, CMOS_MONTH
        call cmos_read
        mov dh, al
        mov al, CMOS_YEAR
        call cmos_read
        mov cl, al
        mov al, CMOS_CENTURY
        call cmos_read
        mov ch, al
        sti
        jmp .ok

.set_date:
        call rtc_wait_update
        cli
        call rtc_set_begin
        mov al, CMOS_DAY
        mov ah, dl
        call cmos_write
        mov al, CMOS_MONTH
        mov ah, dh
        call cmos_write
        mov al, CMOS_YEAR
        mov ah, cl
        call cmos_write
        mov al, CMOS_CENTURY
        mov ah, ch
        call cmos_write
        call rtc_set_end
        sti
        jmp .ok

.set_alarm:
        mov al, CMOS_REG_B
        call cmos_read
        test al, 20h
        jnz .fail                   ; alarm already enabled
        call rtc_wait_update
        cli
        mov al, CMOS_ALARM_SEC
        mov ah, dh
        call cmos_write
        mov al, CMOS_ALARM_MIN
        mov ah, cl
        call cmos_write
        mov al, CMOS_ALARM_HOUR
        mov ah, ch
        call cmos_write
        mov al, CMOS_REG_B
        call cmos_read
        or al, 20h                  ; AIE
        mov ah, al
        mov al, CMOS_REG_B
        call cmos_write
        in al, 0A1h
        and al, 0FEh                ; make sure IRQ8 is unmasked
        out 0A1h, al
        sti
        jmp .ok

.cancel_alarm:
        cli
        mov al, CMOS_REG_B
        call cmos_read
        and al, 0DFh
        mov ah, al
        mov al, CMOS_REG_B
        call cmos_write
        sti
.ok:    pop bx
        pop ds
        clc
        jmp iret_cf
.fail:  sti
        pop bx
        pop ds
        stc
        jmp iret_cf

; Set the SET bit in register B so the RTC stops updating while we write.
rtc_set_begin:
        push ax
        mov al, CMOS_REG_B
        call cmos_read
        or al, 80h
        mov ah, al
        mov al, CMOS_REG_B
        call cmos_write
        pop ax
        ret
rtc_set_end:
        push ax
        mov al, CMOS_REG_B
        call cmos_read
        and al, 7Fh
        mov ah, al
        mov al, CMOS_REG_B
        call cmos_write
        pop ax
        ret

; ---------------------------------------------------------------------------
; IRQ8 (INT 70h): RTC.  Reading register C acknowledges it.  The periodic
; interrupt (1024 Hz, 976 us) counts down the INT 15h wait in 40:9C; when it
; runs out we set bit 7 of the caller's flag byte (40:98 points at it) and
; switch the periodic interrupt off.  The alarm calls INT 4Ah.
irq8_handler:
        push ax
        push ds
        push bx
        mov ax, BDA_SEG
        mov ds, ax
        mov al, CMOS_REG_C
        call cmos_read
        mov bl, al
        test bl, 40h
        jz .noperiodic
        test byte [BDA_WAIT_ACTIVE], 01h
        jz .noperiodic
        sub word [BDA_WAIT_COUNT], 976
        sbb word [BDA_WAIT_COUNT+2], 0
        jnc .noperiodic
        ; elapsed
        and byte [BDA_WAIT_ACTIVE], 0FEh
        push ds
        push bx
        lds bx, [BDA_WAIT_PTR]
        or byte [bx], 80h
        pop bx
        pop ds
        mov al, CMOS_REG_B
        call cmos_read
        and al, 0BFh                ; PIE off
        mov ah, al
        mov al, CMOS_REG_B
        call cmos_write
.noperiodic:
        test bl, 20h
        jz .noalarm
        sti
        int 4Ah
        cli
.noalarm:
        mov al, 20h
        out 0A0h, al
        out 20h, al
        pop bx
        pop ds
        pop ax
        iret

; INT 15h AH=83h: AL=0 start an event wait (flag at ES:BX, CX:DX us),
; AL=1 cancel.  Returns at once; the flag's bit 7 gets set when it elapses.
int15_event_wait:
        push ds
        push ax
        mov ax, BDA_SEG
        mov ds, ax
        pop ax
        cmp al, 1
        je .cancel
        test byte [BDA_WAIT_ACTIVE], 01h
        jnz .busy
        cli
        mov [BDA_WAIT_PTR], bx
        mov [BDA_WAIT_PTR+2], es
        mov [BDA_WAIT_COUNT], dx
        mov [BDA_WAIT_COUNT+2], cx
        mov byte [BDA_WAIT_ACTIVE], 01h
        call rtc_periodic_on
        sti
        pop ds
        clc
        jmp iret_cf
.cancel:
        cli
        mov byte [BDA_WAIT_ACTIVE], 0
        call rtc_periodic_off
        sti
        pop ds
        clc
        jmp iret_cf
.busy:  pop ds
        mov ah, 80h
        stc
        jmp iret_cf

; INT 15h AH=86h: wait CX:DX microseconds with interrupts enabled.  The
; 18.2 Hz tick bounds the wait as well (CX*1.25 + 2 ticks), so a machine
; whose RTC never interrupts cannot hang the caller.
int15_wait:
        push ds
        push bx
        push cx
        push ax
        mov ax, BDA_SEG
        mov ds, ax
        test byte [BDA_WAIT_ACTIVE], 01h
        jnz .busy
        cli
        mov word [BDA_WAIT_PTR], BDA_WAIT_ACTIVE
        mov word [BDA_WAIT_PTR+2], BDA_SEG
        mov [BDA_WAIT_COUNT], dx
        mov [BDA_WAIT_COUNT+2], cx
        mov byte [BDA_WAIT_ACTIVE], 01h
        call rtc_periodic_on
        mov bx, cx                  ; tick limit: CX units of 65.5 ms
        shr bx, 1
        shr bx, 1
        add bx, cx
        add bx, 2
        mov cx, [BDA_TICKS]
.w:     sti
        hlt
        cli
        test byte [BDA_WAIT_ACTIVE], 80h
        jnz .done
        call ticks_elapsed
        jnc .w
        call rtc_periodic_off
.done:  mov byte [BDA_WAIT_ACTIVE], 0
        sti
        pop ax
        pop cx
        pop bx
        pop ds
        clc
        jmp iret_cf
.busy:  pop ax
        pop cx
        pop bx
        pop ds
        mov ah, 83h
        stc
        jmp iret_cf

rtc_periodic_on:
        push ax
        mov al, CMOS_REG_B
        call cmos_read
        or al, 40h
        mov ah, al
        mov al, CMOS_REG_B
        call cmos_write
        in al, 0A1h
        and al, 0FEh
        out 0A1h, al
        in al, 21h
        and al, 0FBh
        out 21h, al
        pop ax
        ret

rtc_periodic_off:
        push ax
        mov al, CMOS_REG_B
        call cmos_read
        and al, 0BFh
        mov ah, al
        mov al, CMOS_REG_B
        call cmos_write
        pop ax
        ret
