#!/bin/sh
# tests/bench.sh — `make bench`: boots the benchmark guest
# ($PX86_SHARED/bench/bench.img, see its README) headless with
# -clock virtual, checks the checksum line on the serial port, and prints
# guest MIPS.  bench-quick.img (same code, tiny sizes) is run too and its
# time subtracted to remove boot/BIOS/exit cost ("net MIPS").  Times are
# both wall clock and CPU time of the px86 process (CPU time is the fair
# figure on a loaded machine).  Optional: BENCH_BOCHS=1 also runs Bochs on
# the same image for a same-session ratio (needs bochs + bochsbios), and
# BENCH_QEMU=1 runs QEMU's TCG (a JIT, for scale; needs qemu-system-i386).
#
# Environment: PX86 (binary), PX86_SHARED, BENCH_CPU (default 486).
set -u
# GNU time gives the CPU time; without it only wall-clock figures are shown
if [ -x /usr/bin/time ]; then TIMECMD=yes; else TIMECMD=""; fi
PX86=${PX86:-./px86}
SHARED=${PX86_SHARED:-../shared}
CPU=${BENCH_CPU:-486}
FULL=$SHARED/bench/bench.img
QUICK=$SHARED/bench/bench-quick.img
FULL_SUM=C4157ABD
QUICK_SUM=78C8E51D
FULL_INSNS=2917933354
QUICK_INSNS=15172099

if [ ! -f "$FULL" ] || [ ! -f "$QUICK" ]; then
    echo "SKIP: bench: $SHARED/bench images not found"
    exit 0
fi
if [ ! -x "$PX86" ]; then
    echo "bench: $PX86 not built" >&2
    exit 1
fi
TMP=${TMPDIR:-/tmp}/px86-bench.$$
mkdir -p "$TMP" || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

# run IMAGE TAG -> sets WALL, CPUT; fails if the checksum line is wrong
run() {
    img=$1 tag=$2 sum=$3
    start=$(date +%s.%N)
    if [ -n "$TIMECMD" ]; then set -- /usr/bin/time -f "%U %S" -o "$TMP/$tag.time"; else set --; echo "0 0" > "$TMP/$tag.time"; fi
    "$@" "$PX86" -cpu "$CPU" -m 16 -fda "$img" -boot a -display none \
        -serial "file:$TMP/$tag.serial" -device isa-debug-exit \
        -clock virtual -no-reboot -snapshot -timeout 3600 \
        >"$TMP/$tag.log" 2>&1
    end=$(date +%s.%N)
    WALL=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    # (GNU time prefixes "Command exited with non-zero status" lines)
    CPUT=$(tail -n 1 "$TMP/$tag.time" 2>/dev/null | awk '{print $1 + $2}')
    if ! grep -q "CHECKSUM=$sum" "$TMP/$tag.serial"; then
        echo "bench: $tag: wrong or missing checksum (want $sum):" >&2
        cat "$TMP/$tag.serial" "$TMP/$tag.log" >&2
        return 1
    fi
    return 0
}

run "$QUICK" quick $QUICK_SUM || exit 1
QW=$WALL QC=$CPUT
run "$FULL" full $FULL_SUM || exit 1
FW=$WALL FC=$CPUT
cat "$TMP/full.serial" | tr -d '\r'
echo
awk -v n="$FULL_INSNS" -v q="$QUICK_INSNS" -v fw="$FW" -v qw="$QW" \
    -v fc="$FC" -v qc="$QC" -v cpu="$CPU" 'BEGIN {
    printf "px86 -cpu %s: full %.2f s wall / %.2f s CPU, quick %.2f s wall / %.2f s CPU\n", cpu, fw, fc, qw, qc;
    printf "px86 gross: %.1f MIPS wall", n / fw / 1e6;
    if (fc > 0) printf ", %.1f MIPS CPU time", n / fc / 1e6;
    printf "\n";
    if (fw > qw) {
        printf "px86 net:   %.1f MIPS wall", (n - q) / (fw - qw) / 1e6;
        if (fc > qc) printf ", %.1f MIPS CPU time", (n - q) / (fc - qc) / 1e6;
        printf "\n";
    }
}'

# peer_report NAME WALL: the peer's figures from $TMP/NAME.time and its
# serial log $TMP/NAME.serial, next to px86's full-run CPU time.
peer_report() {
    pc=$(tail -n 1 "$TMP/$1.time" 2>/dev/null | awk '{print $1 + $2}')
    if grep -q "CHECKSUM=$FULL_SUM" "$TMP/$1.serial" 2>/dev/null; then
        awk -v name="$1" -v n="$FULL_INSNS" -v pw="$2" -v pc="$pc" -v fw="$FW" -v fc="$FC" 'BEGIN {
            printf "%s: %.2f s wall / %.2f s CPU = %.1f MIPS wall, %.1f MIPS CPU time\n", name, pw, pc, n / pw / 1e6, n / pc / 1e6;
            printf "px86 / %s speed ratio: %.2f (CPU time), %.2f (wall)\n", name, pc / fc, pw / fw;
        }'
    else
        echo "$1: did not produce the checksum (see $TMP/$1.log)"
    fi
}

if [ "${BENCH_BOCHS:-0}" = 1 ] && command -v bochs >/dev/null 2>&1; then
    # Bochs with the recipe of shared/bench/README.md; the Debian build here
    # only has the rfb GUI, so a tiny RFB client keeps it from timing out.
    cp "$FULL" "$TMP/bench.img"
    cat > "$TMP/bochsrc" <<EOF
megs: 32
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest
floppya: 1_44=$TMP/bench.img, status=inserted
boot: floppy
clock: sync=none, time0=946684800
cpu: count=1, ips=100000000, reset_on_triple_fault=0
display_library: ${BOCHS_DISPLAY:-rfb}
com1: enabled=1, mode=file, dev=$TMP/bochs.serial
pci: enabled=0
sound: driver=dummy
EOF
    printf 'c\nquit\n' > "$TMP/rc"
    cat > "$TMP/vnc.py" <<'EOF'
import socket, sys, time
for i in range(120):
    try:
        s = socket.create_connection(("127.0.0.1", 5900)); break
    except OSError:
        time.sleep(0.5)
else:
    sys.exit(0)
v = s.recv(12); s.sendall(v)
n = s.recv(1)
if n and n[0] > 0:
    s.recv(n[0]); s.sendall(b"\x01"); s.recv(4)
s.sendall(b"\x01")
while s.recv(65536):
    pass
EOF
    command -v python3 >/dev/null 2>&1 && python3 "$TMP/vnc.py" >/dev/null 2>&1 &
    start=$(date +%s.%N)
    (cd "$TMP" && TERM=vt100 /usr/bin/time -f "%U %S" -o "$TMP/bochs.time" \
        setsid bochs -q -f "$TMP/bochsrc" -rc "$TMP/rc" </dev/null >"$TMP/bochs.log" 2>&1)
    end=$(date +%s.%N)
    BW=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    peer_report bochs "$BW"
fi
if [ "${BENCH_QEMU:-0}" = 1 ] && command -v qemu-system-i386 >/dev/null 2>&1; then
    # QEMU with the recipe of shared/bench/README.md
    start=$(date +%s.%N)
    /usr/bin/time -f "%U %S" -o "$TMP/qemu.time" \
        qemu-system-i386 -M isapc -cpu 486 -accel tcg -m 32 -display none \
        -monitor none -no-reboot -serial "file:$TMP/qemu.serial" \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -drive "file=$FULL,format=raw,if=floppy,snapshot=on" -boot a \
        </dev/null >"$TMP/qemu.log" 2>&1
    end=$(date +%s.%N)
    peer_report qemu "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
fi
exit 0
