#!/usr/bin/env python3
# bios/vgabios/mkfont.py — generates the VGA BIOS font tables (font8x16.inc,
# font8x14.inc, font8x8.inc) in code page 437 order from the Terminus Font
# console (PSF) files shipped by Debian's console-setup-linux package
# (SIL Open Font License 1.1, see FONT-LICENSE).
#
# usage: mkfont.py CONSOLEFONTS_DIR OUTDIR
#   CONSOLEFONTS_DIR holds *-Terminus14.psf.gz / *-Terminus16.psf.gz
#   (e.g. /usr/share/consolefonts after `apt-get install console-setup-linux`).
#
# 8x16 and 8x14 come straight from Terminus 16 and 14.  Terminus has no
# 8-pixel-high face, so the 8x8 table is derived mechanically from the 6x12
# Terminus glyphs: the 12 rows are OR-ed into 8 bands of consecutive rows,
# the band boundaries chosen (by exhaustive search) to lose the fewest
# pixels over printable ASCII; the 6-pixel-wide glyph is centred, and line
# graphics (B0h-DFh) are widened to touch both cell edges; the three shade
# blocks (B0h-B2h) take the first 8 rows of their 8x16 dither instead.  Code points
# Terminus lacks fall back to a hollow box.
import gzip, itertools, os, sys

# CP437 0x00-0x1F and 0x7F are graphics on the PC; 0x20-0x7E are ASCII;
# 0x80-0xFF follow Python's cp437 codec.
LOW = [0x0000, 0x263A, 0x263B, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022,
       0x25D8, 0x25CB, 0x25D9, 0x2642, 0x2640, 0x266A, 0x266B, 0x263C,
       0x25BA, 0x25C4, 0x2195, 0x203C, 0x00B6, 0x00A7, 0x25AC, 0x21A8,
       0x2191, 0x2193, 0x2192, 0x2190, 0x221F, 0x2194, 0x25B2, 0x25BC]

def cp437_to_unicode(c):
    if c < 0x20:
        return LOW[c]
    if c == 0x7F:
        return 0x2302
    return ord(bytes([c]).decode('cp437'))

# Acceptable substitutes when a font lacks the exact code point.
ALTERNATES = {0x25BA: [0x25B6], 0x25C4: [0x25C0], 0x2302: [0x2206],
              0x00A0: [0x0020], 0x221F: [0x2514], 0x25AC: [0x2584]}

def read_psf(path):
    data = gzip.open(path).read() if path.endswith('.gz') else open(path, 'rb').read()
    glyphs, umap = [], {}
    if data[:2] == b'\x36\x04':  # PSF1
        mode, size = data[2], data[3]
        n = 512 if mode & 1 else 256
        off = 4
        for i in range(n):
            glyphs.append(data[off + i * size: off + (i + 1) * size])
        if mode & 2:
            p = off + n * size
            for i in range(n):
                while p + 1 < len(data):
                    u = data[p] | data[p + 1] << 8
                    p += 2
                    if u == 0xFFFF:
                        break
                    if u != 0xFFFE:
                        umap.setdefault(u, i)
        return glyphs, umap, 8, size
    if data[:4] == b'\x72\xb5\x4a\x86':  # PSF2
        hdr = [int.from_bytes(data[i:i + 4], 'little') for i in range(0, 32, 4)]
        _, _, hsize, flags, n, gsize, h, w = hdr
        for i in range(n):
            glyphs.append(data[hsize + i * gsize: hsize + (i + 1) * gsize])
        if flags & 1:
            p = hsize + n * gsize
            for i in range(n):
                while p < len(data) and data[p] != 0xFF:
                    if data[p] == 0xFE:
                        p += 1
                        continue
                    b = data[p]
                    ln = 1 if b < 0x80 else 2 if b < 0xE0 else 3 if b < 0xF0 else 4
                    umap.setdefault(ord(data[p:p + ln].decode('utf-8')), i)
                    p += ln
                p += 1
        return glyphs, umap, w, h
    raise SystemExit('%s: not a PSF font' % path)

def build(dirname, height, suffix=None, width=8):
    suffix = suffix or 'Terminus%d' % height
    # The 512-glyph Full* sets come first: the smaller sets map some code
    # points (e.g. the double box-drawing lines) to look-alike glyphs.
    files = sorted((f for f in os.listdir(dirname)
                    if f.endswith('-%s.psf.gz' % suffix)),
                   key=lambda f: (not f.startswith('Full'), f))
    fonts = [read_psf(os.path.join(dirname, f)) for f in files]
    if not fonts:
        raise SystemExit('no %s fonts in %s' % (suffix, dirname))
    table, missing = [], []
    for c in range(256):
        u = cp437_to_unicode(c)
        glyph = None
        for cand in [u] + ALTERNATES.get(u, []):
            for glyphs, umap, w, h in fonts:
                if w == width and h == height and cand in umap:
                    glyph = list(glyphs[umap[cand]][:height])
                    break
            if glyph:
                break
        if c == 0:
            glyph = [0] * height
        if glyph is None:
            missing.append(c)
            glyph = [0] * height
            for r in range(2, height - 2):
                glyph[r] = 0x42
            glyph[2] = glyph[height - 3] = 0x7E
        table.append(glyph)
    return table, missing

def band_cost(table, bands):
    cost = 0
    for c in range(0x21, 0x7F):
        g = table[c]
        for a, b in bands:
            o = 0
            for r in range(a, b):
                o |= g[r]
            cost += sum(bin(o ^ g[r]).count('1') for r in range(a, b))
    return cost

def reduce_to_8(table12):
    n = len(table12[0])
    best = None
    for cuts in itertools.combinations(range(1, n), 7):
        edges = (0,) + cuts + (n,)
        bands = list(zip(edges[:-1], edges[1:]))
        cost = band_cost(table12, bands)
        if best is None or cost < best[0]:
            best = (cost, bands)
    out = []
    for c, g in enumerate(table12):
        rows = []
        for a, b in best[1]:
            o = 0
            for r in range(a, b):
                o |= g[r]
            o >>= 1                     # centre the 6-pixel glyph
            if 0xB0 <= c <= 0xDF:       # line graphics reach both edges
                o |= ((o & 0x40) << 1) | ((o & 0x02) >> 1)
            rows.append(o)
        out.append(rows)
    return out

def emit(path, table, height, missing):
    with open(path, 'w') as f:
        f.write('; %s — generated by bios/vgabios/mkfont.py; do not edit.\n'
                % os.path.basename(path))
        f.write('; 8x%d glyphs in code page 437 order from Terminus Font\n'
                '; (c) 2010 Dimitar Toshkov Zhekov, SIL Open Font License 1.1\n'
                '; (see bios/vgabios/FONT-LICENSE).\n' % height)
        if missing:
            f.write('; code points without a Terminus glyph (drawn as boxes): %s\n'
                    % ' '.join('%02Xh' % c for c in missing))
        for c, g in enumerate(table):
            f.write('\tdb ' + ','.join('0x%02X' % b for b in g) + '\t; %02Xh\n' % c)

def main():
    if len(sys.argv) != 3:
        raise SystemExit('usage: mkfont.py CONSOLEFONTS_DIR OUTDIR')
    src, out = sys.argv[1], sys.argv[2]
    t16, m16 = build(src, 16)
    t14, m14 = build(src, 14)
    emit(os.path.join(out, 'font8x16.inc'), t16, 16, m16)
    emit(os.path.join(out, 'font8x14.inc'), t14, 14, m14)
    t12, m12 = build(src, 12, 'Terminus12x6', 6)
    t8 = reduce_to_8(t12)
    for c in (0xB0, 0xB1, 0xB2):   # shades: keep the dither, do not OR rows
        t8[c] = t16[c][:8]
    emit(os.path.join(out, 'font8x8.inc'), t8, 8, m12)
    print('missing 16:', m16, 'missing 14:', m14, 'missing 12x6:', m12)

main()
