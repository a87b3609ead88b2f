; tests/cpu/pm/probe.asm — smallest ROM test: prints "PROBE OK" on the
; debug console (port 0xE9) in real mode and exits through isa-debug-exit
; with 0x10 (status 33).  tests/cpu/test_pm.c runs it first to know whether
; px86 can run ROM tests at all.
section .t16 start=0 vstart=0
bits 16
entry:
    cli
    mov si, msg
.l: cs lodsb
    test al, al
    jz .d
    out 0xE9, al
    jmp .l
.d: mov al, 0x10
    out 0xF4, al
    hlt
    jmp .d
msg: db "PROBE OK", 10, 0
section .reset start=0xFFF0 vstart=0xFFF0
    jmp 0xF000:entry
    times 16 - ($ - $$) db 0
