#!/bin/sh
# tests/bios/qemu-boot.sh — boot a guest under QEMU's isapc with our BIOS
# and save a screenshot after N seconds (not run by make check).
#   tests/bios/qemu-boot.sh OUT.ppm SECONDS [qemu options...]
# e.g. tests/bios/qemu-boot.sh /tmp/s.ppm 8 -fda ../shared/guests/freedos-minimal-1440k.img
# Keys can be typed with KEYS="ver ret" (QEMU sendkey names, space separated).
set -e
mon() { python3 -c 'import socket,sys,time
s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall((sys.argv[2]+"\n").encode()); time.sleep(0.3)' "$sock" "$1"; }
out=$1; secs=$2; shift 2
here=$(cd "$(dirname "$0")/../.." && pwd)
sock=$(mktemp -u /tmp/px86-qemu-XXXXXX)
qemu-system-i386 -M isapc -cpu ${CPU:-486} -m ${MEM:-16} -bios "$here/roms/pcbios.bin" \
  -snapshot -display none -monitor unix:$sock,server,nowait \
  -debugcon file:${DEBUGCON:-/dev/null} "$@" &
pid=$!
sleep "$secs"
if [ -n "$KEYS" ]; then
  for k in $KEYS; do mon "sendkey $k"; sleep 0.15; done
  sleep ${AFTER:-2}
fi
mon "screendump $out"
sleep 0.5
kill $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
