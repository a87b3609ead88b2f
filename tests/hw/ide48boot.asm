; tests/hw/ide48boot.asm — a boot floppy for test_ide48.c: through the
; system BIOS's INT 13h extensions it reads two sectors at LBA 0FFFFFFEh
; (a run ending on the first sector 28-bit commands cannot reach), checks
; that each starts with its own LBA as a dword (the harness puts it there),
; writes "OK" to sector 0FFFFFFFh, and reports "IDE48 PASS" / "IDE48 FAIL"
; on port E9h before writing 0 / 1 to the isa-debug-exit port F4h.
        cpu 8086
        bits 16
        org 7C00h

BUF equ 8000h                   ; two sectors at 0000:8000

start:  cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 7C00h
        sti
        mov si, dap
        mov ah, 42h             ; extended read, 2 sectors at 0FFFFFFEh
        mov dl, 80h
        int 13h
        jc fail
        cmp word [BUF], 0FFFEh
        jne fail
        cmp word [BUF+2], 0FFFh
        jne fail
        cmp word [BUF+512], 0FFFFh
        jne fail
        cmp word [BUF+514], 0FFFh
        jne fail
        mov word [BUF+512], 'OK'
        mov word [dap+2], 1
        mov word [dap+4], BUF+512
        mov word [dap+8], 0FFFFh ; LBA 0FFFFFFFh
        mov si, dap
        mov ax, 4300h           ; extended write, no verify
        mov dl, 80h
        int 13h
        jc fail
        cmp word [dap+2], 1     ; sectors transferred
        jne fail
        mov si, s_pass
        xor bl, bl
        jmp report
fail:   mov si, s_fail
        mov bl, 1
report: lodsb
        test al, al
        jz .exit
        out 0E9h, al
        jmp report
.exit:  mov al, bl
        out 0F4h, al
.halt:  hlt
        jmp .halt

dap:    db 10h, 0
        dw 2                    ; sectors
        dw BUF, 0               ; buffer offset, segment
        dw 0FFFEh, 0FFFh, 0, 0  ; LBA 0FFFFFFEh
s_pass: db "IDE48 PASS", 13, 10, 0
s_fail: db "IDE48 FAIL", 13, 10, 0

        times 510 - ($ - $$) db 0
        dw 0AA55h
        times 1474560 - 512 db 0
