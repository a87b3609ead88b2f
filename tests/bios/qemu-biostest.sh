#!/bin/sh
# tests/bios/qemu-biostest.sh — boot tests/bios/biostest.asm (a 1.44 MB
# floppy that checks INT 11h-1Ah services) under QEMU isapc with our BIOS;
# prints its report and exits 0 when it says BIOSTEST PASS.  Not run by
# make check.   tests/bios/qemu-biostest.sh VGABIOS.bin [qemu options...]
here=$(cd "$(dirname "$0")/../.." && pwd)
vga=$1; shift
img=$(mktemp /tmp/px86-biostest-XXXXXX.img)
trap 'rm -f "$img"' EXIT
nasm -f bin -o "$img" "$here/tests/bios/biostest.asm" || exit 2
out=$(timeout 30 qemu-system-i386 -M isapc -cpu ${CPU:-486} -m ${MEM:-16} \
  -bios "$here/roms/pcbios.bin" -device loader,file="$vga",addr=0xc0000,force-raw=on \
  -display none -snapshot -fda "$img" -debugcon stdio \
  -device isa-debug-exit,iobase=0xf4,iosize=0x04 "$@" 2>/dev/null)
echo "$out"
echo "$out" | grep -q "BIOSTEST PASS"
