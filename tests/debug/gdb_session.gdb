# tests/debug/gdb_session.gdb — a gdb batch session against tests/debug/
# gdbguest.bin; the runner (test_gdb.c) prepends `target remote ...` and
# checks every tagged line.  Real mode is debugged with flat addresses
# (CS base + IP), so `break *0x7c00` and `x/i $pc` work.
set pagination off
set confirm off
set architecture i8086
break *0x7c00
continue
printf "T1 pc=%x\n", $pc
stepi
printf "T2 eax=%x\n", $eax
stepi
stepi
printf "T3 eax=%x ebx=%x\n", $eax, $ebx
set $ebx = 0xabcd
printf "T4 ebx=%x\n", $ebx
printf "T5 bytes=%x %x %x\n", *(unsigned char*)0x7c00, *(unsigned char*)0x7c01, *(unsigned char*)0x7c02
set {unsigned char}0x600 = 0x5a
printf "T6 mem=%x\n", *(unsigned char*)0x600
x/i $pc
set architecture i386
break *0x7c80
continue
printf "T7 pc=%x cs=%x\n", $pc, $cs
delete
watch *(int*)0x7e00
continue
printf "T8 counter=%d\n", *(int*)0x7e00
continue
printf "T9 counter=%d\n", *(int*)0x7e00
delete
# A read watchpoint (Z3): INC reads the counter before writing it.
rwatch *(int*)0x7e00
continue
printf "T9R counter=%d\n", *(int*)0x7e00
delete
# An access watchpoint (Z4).
awatch *(int*)0x7e00
continue
printf "T9A counter=%d\n", *(int*)0x7e00
delete
# Last: an unmapped page must be an error reply (gdb stops the script on
# the error and detaches; the guest then runs to its exit).
printf "T10 unmapped\n"
x/1xw 0xd0000000
