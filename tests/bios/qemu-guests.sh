#!/bin/sh
# tests/bios/qemu-guests.sh — boot the shared guest images under QEMU's isapc
# with our BIOS, type a few commands and check the text screen (read from
# B8000h through the QEMU monitor) for the expected guest output.  Not run
# by make check; needs qemu-system-i386.
#   tests/bios/qemu-guests.sh VGABIOS.bin [guest-name ...]
# Guest names: fd1440 fd360 utils std linux hdinstall cdnoemu cdfloppy
here=$(cd "$(dirname "$0")/../.." && pwd)
exec python3 - "$here" "$@" <<'EOF'
import os, re, socket, subprocess, sys, tempfile, time, shutil

here, vga = sys.argv[1], sys.argv[2]
only = sys.argv[3:]
shared = os.environ.get("PX86_SHARED", os.path.join(here, "..", "shared"))
guests = os.path.join(shared, "guests")
tmp = tempfile.mkdtemp(prefix="px86-qg-")

class Qemu:
    def __init__(self, args, mem=16, cpu="486", snapshot=True):
        self.sock = os.path.join(tmp, "mon")
        if os.path.exists(self.sock):
            os.unlink(self.sock)
        cmd = ["qemu-system-i386", "-M", "isapc", "-cpu", cpu, "-m", str(mem),
               "-bios", os.path.join(here, "roms", "pcbios.bin"),
               "-device", "loader,file=%s,addr=0xc0000,force-raw=on" % vga,
               "-display", "none", "-monitor", "unix:%s,server,nowait" % self.sock] + args
        if snapshot:
            cmd.append("-snapshot")
        self.p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(50):
            try:
                self.s = socket.socket(socket.AF_UNIX)
                self.s.connect(self.sock)
                break
            except OSError:
                time.sleep(0.1)
        self.s.settimeout(2)
        self.cmd("")
    def cmd(self, c):
        self.s.sendall((c + "\n").encode())
        out = b""
        while not out.rstrip().endswith(b"(qemu)"):
            try:
                d = self.s.recv(65536)
            except socket.timeout:
                break
            if not d:
                break
            out += d
        return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", out.decode(errors="replace"))
    def keys(self, names):
        for k in names.split():
            self.cmd("sendkey " + k)
            time.sleep(0.08)
    def type(self, text):
        m = {" ": "spc", "\n": "ret", "\\": "backslash", ".": "dot", ":": "shift-semicolon",
             "/": "slash", "-": "minus", "|": "shift-backslash", ">": "shift-dot"}
        for ch in text:
            k = m.get(ch, ch.lower() if ch.islower() or ch.isdigit() else "shift-" + ch.lower())
            self.cmd("sendkey " + k)
            time.sleep(0.06)
    def screen(self, words=2000):
        # text mode: 80-column rows from B8000h.  Linux scrolls by moving
        # the CRTC start address, so wait() looks through all 32 KiB.
        out = self.cmd("xp /%dxh 0xb8000" % words)
        vals = []
        for line in out.splitlines():
            if ":" in line:
                vals += [int(w, 16) for w in re.findall(r"0x([0-9a-f]{4})", line.split(":", 1)[1])]
        chars = "".join(chr(w & 0xFF) if 32 <= (w & 0xFF) < 127 else " " for w in vals[:words])
        return "\n".join(chars[i:i + 80].rstrip() for i in range(0, len(chars), 80))
    def wait(self, text, secs):
        end = time.time() + secs
        while time.time() < end:
            if text in self.screen(16384):
                return True
            time.sleep(0.5)
        return False
    def close(self):
        self.p.kill()
        self.p.wait()

results = []
def check(name, ok, q=None):
    results.append((name, ok))
    print("%-10s %s" % (name, "ok" if ok else "FAIL"))
    if not ok and q is not None:
        print(q.screen())

def want(name):
    return not only or name in only

def img(n):
    return os.path.join(guests, n)

if want("fd1440"):
    q = Qemu(["-fda", img("freedos-minimal-1440k.img")])
    ok = q.wait("A:\\>", 30)
    q.type("dir\n"); ok = ok and q.wait("1,337,344 bytes free", 10)
    q.type("ver\n"); ok = ok and q.wait("FreeCom version 0.82 pl 3", 10)
    check("fd1440", ok, q); q.close()

if want("fd360"):
    q = Qemu(["-fda", img("freedos-minimal-360k.img")])
    ok = q.wait("A:\\>", 40)
    q.type("dir\n"); ok = ok and q.wait("bytes free", 10)
    check("fd360", ok, q); q.close()

if want("utils"):
    q = Qemu(["-fda", img("freedos-utils-720k.img")], mem=64)
    ok = q.wait("A:\\>", 40) and "Interface : XMS" in q.screen()
    check("utils", ok, q); q.close()

if want("std"):
    q = Qemu(["-fda", img("freedos-std-1440k.img")], mem=64)
    ok = q.wait("DOS=HIGH", 30); q.keys("y")
    ok = ok and q.wait("HIMEM", 10); q.keys("y")
    ok = ok and q.wait("EMM386", 20); q.keys("y")
    ok = ok and q.wait("UMBPCI", 30); q.keys("n")
    ok = ok and q.wait("A:\\>", 30)
    check("std", ok, q); q.close()

if want("linux"):
    q = Qemu(["-fda", img("linux-2.4.20-floppy-1440k.img")], mem=64)
    ok = q.wait("Please press Enter", 60)
    q.keys("ret"); time.sleep(1)
    q.type("uname -a\n"); ok = ok and q.wait("Linux bootE 2.4.20", 10)
    check("linux", ok, q); q.close()

if want("hdinstall"):
    hd = os.path.join(tmp, "hd.img")
    with open(hd, "wb") as f:
        f.truncate(64 << 20)
    def boot_floppy():
        q = Qemu(["-drive", "file=%s,if=floppy,format=raw,snapshot=on" % img("freedos-std-1440k.img"),
                  "-drive", "file=%s,if=ide,format=raw" % hd, "-boot", "a"], snapshot=False)
        for w in ("DOS=HIGH", "HIMEM", "EMM386", "UMBPCI"):
            q.wait(w, 30); q.keys("n")
        q.wait("A:\\>", 30)
        return q
    q = boot_floppy()
    q.type("\\fdos\\fdisk /auto\n"); time.sleep(6)
    q.type("\\fdos\\fdisk /mbr\n"); time.sleep(4)
    q.close()
    q = boot_floppy()
    q.type("\\fdos\\format c: /q /u /v:px\n"); q.wait("(YES/NO)", 20); q.type("YES\n")
    ok = q.wait("QuickFormat complete", 60)
    q.type("sys c:\n"); ok = ok and q.wait("System transferred", 60)
    q.close()
    q = Qemu(["-hda", hd, "-boot", "c"])
    ok = ok and q.wait("Enter new date", 40)
    check("hdinstall", ok, q); q.close()

if want("cdnoemu") or want("cdfloppy"):
    d = os.path.join(tmp, "noemu"); os.makedirs(d)
    subprocess.run(["nasm", "-f", "bin", "-o", os.path.join(d, "cdboot.bin"),
                    os.path.join(here, "tests", "bios", "cdboot.asm")], check=True)
    subprocess.run(["xorriso", "-as", "mkisofs", "-quiet", "-o", os.path.join(tmp, "noemu.iso"),
                    "-b", "cdboot.bin", "-no-emul-boot", "-boot-load-size", "4", d],
                   check=True, stderr=subprocess.DEVNULL)
    d = os.path.join(tmp, "fd"); os.makedirs(d)
    shutil.copy(img("freedos-minimal-1440k.img"), os.path.join(d, "fd.img"))
    subprocess.run(["xorriso", "-as", "mkisofs", "-quiet", "-o", os.path.join(tmp, "fd.iso"),
                    "-b", "fd.img", d], check=True, stderr=subprocess.DEVNULL)
    if want("cdnoemu"):
        q = Qemu(["-cdrom", os.path.join(tmp, "noemu.iso"), "-boot", "d"])
        check("cdnoemu", q.wait("CDBOOT PASS", 20), q); q.close()
    if want("cdfloppy"):
        q = Qemu(["-cdrom", os.path.join(tmp, "fd.iso"), "-boot", "d"])
        ok = q.wait("A:\\>", 30)
        q.type("dir\n"); ok = ok and q.wait("KERNEL   SYS", 10)
        check("cdfloppy", ok, q); q.close()

shutil.rmtree(tmp, ignore_errors=True)
failed = [n for n, ok in results if not ok]
print("%d/%d guests ok" % (len(results) - len(failed), len(results)))
sys.exit(1 if failed else 0)
EOF
