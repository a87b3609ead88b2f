; bios/pcbios/main.asm — px86 system BIOS: the 64 KiB ROM at F0000h-FFFFFh.
;
; Layout: the service code fills the ROM from offset 0; the top 8 KiB holds
; the entry points and tables at the fixed addresses IBM's PC/AT BIOS used,
; because DOS-era software jumps to or reads them directly (IBM PC/AT
; Technical Reference, BIOS listing; Ralf Brown's Interrupt List).  Each
; fixed entry is a near jump to the real handler.
;
; Everything runs on an 8086: `cpu 8086` makes NASM reject later
; instructions; the few 286/386 paths (CPU detection, block move, E820) are
; bracketed with `cpu 286`/`cpu 386` and only reached after detection.

        cpu 8086
        bits 16
        org 0

%define BIOS_VERSION    "1.0"
%define BIOS_DATE_LONG  "2026-11-22"
%define BIOS_DATE_IBM   "11/22/26"      ; MM/DD/YY at F000:FFF5

%include "bda.inc"
%include "pushpop.inc"

; Place the next byte at ROM offset %1 (the address F000:%1); stops the
; build if the code before it grew too large.
%macro AT 1
%if ($ - $$) > %1
%error code before fixed address %1 is too large
%endif
        times (%1) - ($ - $$) db 0FFh
%endmacro

rom_start:
        db "px86 BIOS ", BIOS_VERSION, " ", BIOS_DATE_LONG, 0

%include "util.asm"
%include "post.asm"
%include "timer.asm"
%include "keyboard.asm"
%include "floppy.asm"
%include "disk.asm"
%include "cdrom.asm"
%include "int15.asm"
%include "misc.asm"

code_end:

; ===========================================================================
; Fixed IBM PC/AT addresses
; ===========================================================================
        AT 0E05Bh
post_entry_fixed:                       ; POST (the reset vector jumps here)
        jmp post_entry

        AT 0E2C3h
nmi_entry:
        jmp nmi_handler

        AT 0E6F2h
int19_entry:
        jmp int19_handler

        AT 0E6F5h
; System configuration table returned by INT 15h AH=C0h.
sys_config_table:
        dw 8                            ; bytes that follow
        db 0FCh                         ; model: AT class
        db 01h                          ; submodel
        db 00h                          ; BIOS revision
        db 74h                          ; 2nd 8259, RTC, INT 09h calls INT 15h/4Fh, EBDA
        db 40h                          ; INT 16h AH=09h supported
        db 0, 0, 0

        AT 0E729h
; Divisors of the 1.8432 MHz UART clock for the 8 INT 14h baud rates.
baud_table:
        dw 1047, 768, 384, 192, 96, 48, 24, 12

        AT 0E739h
int14_entry:
        jmp int14_handler

        AT 0E82Eh
int16_entry:
        jmp int16_handler

        AT 0E987h
int09_entry:
        jmp int09_handler

        AT 0EC59h
int13_floppy_entry:                     ; also INT 40h
        jmp int13_floppy_entry_near

        AT 0EF57h
irq6_entry:
        jmp irq6_handler

        AT 0EFC7h
; Diskette parameter table (INT 1Eh): 1.44 MB defaults, see floppy.asm.
fd_param_table:
        db 0AFh, 02h, 25h, 02h, 18, 1Bh, 0FFh, 6Ch, 0F6h, 0Fh, 08h

        AT 0EFD2h
int17_entry:
        jmp int17_handler

        AT 0F065h
int10_entry:
        jmp int10_fallback

        AT 0F0A4h
; INT 1Dh: 6845 CRTC parameters of the MDA/CGA modes (40x25, 80x25,
; graphics, monochrome), then regen lengths, columns, mode-select values.
video_params:
        db 38h, 28h, 2Dh, 0Ah, 1Fh, 06h, 19h, 1Ch, 02h, 07h, 06h, 07h, 0, 0, 0, 0
        db 71h, 50h, 5Ah, 0Ah, 1Fh, 06h, 19h, 1Ch, 02h, 07h, 06h, 07h, 0, 0, 0, 0
        db 38h, 28h, 2Dh, 0Ah, 7Fh, 06h, 64h, 70h, 02h, 01h, 06h, 07h, 0, 0, 0, 0
        db 61h, 50h, 52h, 0Fh, 19h, 06h, 19h, 19h, 02h, 0Dh, 0Bh, 0Ch, 0, 0, 0, 0
        dw 0800h, 1000h, 4000h, 4000h
        db 40, 40, 80, 80, 40, 40, 80, 80
        db 2Ch, 28h, 2Dh, 29h, 2Ah, 2Eh, 1Eh, 29h

        AT 0F841h
int12_entry:
        jmp int12_handler

        AT 0F84Dh
int11_entry:
        jmp int11_handler

        AT 0F859h
int15_entry:
        jmp int15_handler

        AT 0FA6Eh
; 8x8 character shapes 00h-7Fh for CGA graphics modes.
font8x8:
%include "font8x8.inc"

        AT 0FE6Eh
int1a_entry:
        jmp int1a_handler

        AT 0FEA5h
int08_entry:
        jmp int08_handler

        AT 0FF53h
dummy_iret_fixed:
        iret

        AT 0FF54h
int05_entry:
        jmp int05_handler

        AT 0FFF0h
reset_vector:                           ; the CPU starts here (F000:FFF0)
        jmp 0F000h:post_entry_fixed

        AT 0FFF5h
        db BIOS_DATE_IBM
        AT 0FFFEh
        db 0FCh                         ; model byte: PC/AT
        db 00h
