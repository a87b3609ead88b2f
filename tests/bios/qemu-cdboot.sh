#!/bin/sh
# tests/bios/qemu-cdboot.sh — El Torito boot tests under QEMU isapc with our
# BIOS (not run by make check).  Builds two ISOs with xorriso:
#  - no emulation: tests/bios/cdboot.asm, which prints CDBOOT PASS/FAIL to
#    the debug port after checking INT 13h 41h/42h/48h/4B01h;
#  - floppy emulation: freedos-minimal-1440k.img, screenshot after `dir`.
#   tests/bios/qemu-cdboot.sh VGABIOS.bin OUTDIR
set -e
here=$(cd "$(dirname "$0")/../.." && pwd)
vga=$1; out=$2
shared=${PX86_SHARED:-$here/../shared}
tmp=$(mktemp -d /tmp/px86-cd-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/noemu" "$tmp/fd" "$out"
nasm -f bin -o "$tmp/noemu/cdboot.bin" "$here/tests/bios/cdboot.asm"
xorriso -as mkisofs -quiet -o "$tmp/noemu.iso" -b cdboot.bin -no-emul-boot -boot-load-size 4 "$tmp/noemu"
cp "$shared/guests/freedos-minimal-1440k.img" "$tmp/fd/fd.img"
xorriso -as mkisofs -quiet -o "$tmp/fdemu.iso" -b fd.img "$tmp/fd"
sock=$tmp/mon
mon() { python3 -c 'import socket,sys,time
s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall((sys.argv[2]+"\n").encode()); time.sleep(0.3)' "$sock" "$1"; }
run() {
  iso=$1; shift
  qemu-system-i386 -M isapc -cpu 486 -m 16 -bios "$here/roms/pcbios.bin" \
    -device loader,file="$vga",addr=0xc0000,force-raw=on -display none -snapshot \
    -monitor unix:$sock,server,nowait -cdrom "$iso" -boot d "$@" & pid=$!; sleep 6; }
run "$tmp/noemu.iso" -debugcon file:"$out/noemu-debugcon.txt"
mon "screendump $out/noemu.ppm"; kill $pid; wait $pid 2>/dev/null || true
grep -q "CDBOOT PASS" "$out/noemu-debugcon.txt" && echo "no-emulation: PASS" || echo "no-emulation: FAIL"
run "$tmp/fdemu.iso"
for k in d i r ret; do mon "sendkey $k"; sleep 0.12; done; sleep 2
mon "screendump $out/fdemu.ppm"; kill $pid; wait $pid 2>/dev/null || true
echo "floppy emulation: screenshot in $out/fdemu.ppm"
