#!/bin/sh
# tests/cpu/pm/runqemu.sh — assemble a PM test with -DQEMU (known QEMU TCG
# gaps reported as QEMU-GAP instead of checked) and run it under QEMU, to
# validate the tests themselves.  Usage: runqemu.sh tests/cpu/pm/x.asm [qemu args]
src=$1; shift
d=$(dirname "$0")
out=/tmp/pmtest-qemu-$(basename "$src" .asm).bin
nasm -f bin -DQEMU -I"$d/../../" -I"$d/" -o "$out" "$src" || exit 2
timeout 20 qemu-system-i386 -M isapc -cpu 486 -m 16 -display none \
  -bios "$out" -debugcon stdio -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
  -no-reboot "$@"
