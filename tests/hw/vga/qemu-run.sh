#!/bin/sh
# tests/hw/vga/qemu-run.sh — run a guest image under QEMU with OUR VGA BIOS
# (roms/vgabios.bin) on an ISA PC, to compare the BIOS with px86 behaviour.
#   tests/hw/vga/qemu-run.sh build/tests/hw/vga/int10test.bin [qemu args...]
# QEMU's isa-vga loads "vgabios.bin" from its firmware path, so a private
# -L directory holds copies of the system firmware with ours substituted.
# The guest's debug console (port E9h) goes to stdout; int10test exits QEMU
# through isa-debug-exit at port F4h (status 1 = all checks passed).
set -e
img=${1:?usage: qemu-run.sh IMAGE [qemu args...]}
shift
top=$(cd "$(dirname "$0")/../../.." && pwd)
fw=$(mktemp -d)
trap 'rm -rf "$fw"' EXIT
for d in /usr/share/seabios /usr/share/qemu; do
    [ -d "$d" ] && cp -L "$d"/*.bin "$fw"/ 2>/dev/null || true
done
cp "$top/roms/vgabios.bin" "$fw/vgabios.bin"
cp "$top/roms/vgabios.bin" "$fw/vgabios-isavga.bin"
exec qemu-system-i386 -L "$fw" -M isapc -vga none -device isa-vga,vgamem_mb=16 \
    -drive file="$img",format=raw,if=floppy,snapshot=on -debugcon stdio \
    -device isa-debug-exit,iobase=0xf4,iosize=4 -display none "$@"
