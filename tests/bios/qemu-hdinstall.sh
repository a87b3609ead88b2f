#!/bin/sh
# tests/bios/qemu-hdinstall.sh — install FreeDOS from freedos-std-1440k.img
# onto a blank 64 MB hard disk under QEMU isapc with our BIOS (FDISK /AUTO,
# Ctrl-Alt-Del, FORMAT C:, SYS C:, FDISK /MBR), then boot the disk and
# save a screenshot.  Not run by make check.
#   tests/bios/qemu-hdinstall.sh VGABIOS.bin OUT.ppm
set -e
here=$(cd "$(dirname "$0")/../.." && pwd)
vga=$1; out=$2
shared=${PX86_SHARED:-$here/../shared}
hd=$(mktemp /tmp/px86-hd-XXXXXX.img)
sock=$(mktemp -u /tmp/px86-qemu-XXXXXX)
trap 'rm -f "$hd" "$sock"' EXIT
qemu-img create -f raw "$hd" 64M >/dev/null
mon() { python3 -c 'import socket,sys,time
s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall((sys.argv[2]+"\n").encode()); time.sleep(0.3)' "$sock" "$1"; }
keys() { for k in "$@"; do mon "sendkey $k"; sleep 0.12; done; }
qemu() {
  qemu-system-i386 -M isapc -cpu 486 -m 64 -bios "$here/roms/pcbios.bin" \
    -device loader,file="$vga",addr=0xc0000,force-raw=on -display none \
    -monitor unix:$sock,server,nowait "$@" & pid=$!; sleep 5; }
no4() { for i in 1 2 3 4; do keys n; sleep 1; done; sleep 2; }
qemu -drive file="$shared/guests/freedos-std-1440k.img",if=floppy,format=raw,snapshot=on \
     -drive file="$hd",if=ide,format=raw -boot a
no4
keys backslash f d o s backslash f d i s k spc slash a u t o ret; sleep 6
keys backslash f d o s backslash f d i s k spc slash m b r ret; sleep 4
keys ctrl-alt-delete; sleep 6; no4
keys backslash f d o s backslash f o r m a t spc c shift-semicolon spc slash q spc slash u spc slash v shift-semicolon p x ret
sleep 4; keys y e s ret; sleep 10
keys s y s spc c shift-semicolon ret; sleep 6
kill $pid; wait $pid 2>/dev/null || true
qemu -drive file="$hd",if=ide,format=raw -boot c
sleep 4; mon "screendump $out"
kill $pid; wait $pid 2>/dev/null || true
