#!/usr/bin/env bash
# Prints the demo round's workbook and the product-list template the way a
# secretary does (LibreOffice Calc, headless, to PDF) and measures the pages:
# the text size on every page and whether any two words overlap (text spilling
# from a row too short for it, or a column too narrow).
#
# Not in CI: it needs LibreOffice and poppler, which CI does not install.
#   apt-get install libreoffice-calc poppler-utils fonts-crosextra-carlito
#   cargo build && tools/xlsx-print-check.sh [OUT_DIR]
# Carlito has Calibri's metrics; without it LibreOffice prints with another font
# and the row heights (computed for Calibri) may not match.
#
# Per page it prints:
#   words       words on the page (pdftotext -bbox)
#   median_h    median height of the word boxes, pt (glyph box: about 1.2 × the
#               font size for Carlito)
#   font_min / font_median   font sizes of the text on the page, pt (the Tf
#               operators of the page's content streams: the size as printed)
#   overlaps    pairs of words drawn over each other (boxes sharing more than half
#               the smaller one's height, side by side)
# and exits non-zero when a page of the results workbook has text under 9 pt or
# any page has overlapping words.
# OCOP_COUNCIL_BIN picks the binary (default target/debug/ocop-council).
set -euo pipefail

cd "$(dirname "$0")/.."
BIN=${OCOP_COUNCIL_BIN:-target/debug/ocop-council}
OUT=${1:-target/xlsx-print-check}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

for tool in soffice pdftotext python3; do
    command -v "$tool" >/dev/null || { echo "missing: $tool (see the header of $0)" >&2; exit 2; }
done
[ -x "$BIN" ] || { echo "no binary at $BIN: run cargo build first" >&2; exit 2; }

DATA=$(mktemp -d)
PROFILE=$(mktemp -d)
trap 'rm -rf "$DATA" "$PROFILE"' EXIT

ROUND=$("$BIN" --data-dir "$DATA" demo load)
"$BIN" --data-dir "$DATA" export --round "$ROUND" --format xlsx --out "$OUT/results.xlsx" >/dev/null
"$BIN" --data-dir "$DATA" template product-list --out "$OUT/product-list-template.xlsx" >/dev/null

for book in results product-list-template; do
    soffice -env:UserInstallation="file://$PROFILE" --headless --convert-to pdf \
        --outdir "$OUT" "$OUT/$book.xlsx" >/dev/null 2>&1
    pdftotext -bbox "$OUT/$book.pdf" "$OUT/$book.bbox.html"
done

python3 - "$OUT" <<'PY'
import re, statistics, sys, zlib
from xml.etree import ElementTree as ET

out = sys.argv[1]
MIN_PT = 9.0
failed = False

def words_by_page(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r'<!DOCTYPE[^>]*>', '', text).replace('xmlns="http://www.w3.org/1999/xhtml"', '')
    root = ET.fromstring(text)
    pages = []
    for page in root.iter('page'):
        words = []
        for w in page.iter('word'):
            box = tuple(float(w.get(k)) for k in ('xMin', 'yMin', 'xMax', 'yMax'))
            words.append((box, w.text or ''))
        pages.append(words)
    return pages

def fonts_by_page(path):
    """Font sizes set on each page (`Tf` operators in its content streams): exact,
    as LibreOffice writes the scaled size there and no scaling matrix."""
    data = open(path, "rb").read()
    objs = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", data, re.S)}

    def stream(body):
        m = re.search(rb"stream\r?\n(.*?)endstream", body, re.S)
        if not m:
            return b""
        raw = m.group(1)
        # decompressobj stops at the end of the zlib data (the line end before
        # "endstream" is not part of it).
        return zlib.decompressobj().decompress(raw) if b"/FlateDecode" in body else raw

    def refs(text):
        return [int(n) for n in re.findall(rb"(\d+) 0 R", text)]

    def leaves(n):
        body = objs[n]
        kids = re.search(rb"/Kids\s*\[(.*?)\]", body, re.S)
        if re.search(rb"/Type\s*/Pages\b", body) and kids:
            return [leaf for kid in refs(kids.group(1)) for leaf in leaves(kid)]
        return [n]

    root = next(n for n, b in objs.items() if re.search(rb"/Type\s*/Pages\b", b) and b"/Parent" not in b)
    pages = []
    for page in leaves(root):
        contents = re.search(rb"/Contents\s*(\[.*?\]|\d+ 0 R)", objs[page], re.S)
        text = b"".join(stream(objs[r]) for r in refs(contents.group(1))) if contents else b""
        if re.search(rb"[\d.]+ 0 0 [\d.]+ [-\d.]+ [-\d.]+ cm", text):
            scales = {float(a) for a in re.findall(rb"([\d.]+) 0 0 [\d.]+ [-\d.]+ [-\d.]+ cm", text)}
            if scales - {1.0}:
                print(f"  note: page {len(pages) + 1} scales its content ({sorted(scales)}); sizes below are unscaled")
        pages.append([float(f) for f in re.findall(rb"/F\d+ ([\d.]+) Tf", text)])
    return pages

def overlaps(words):
    found = []
    for i in range(len(words)):
        (a, ta) = words[i]
        for j in range(i + 1, len(words)):
            (b, tb) = words[j]
            w = min(a[2], b[2]) - max(a[0], b[0])
            h = min(a[3], b[3]) - max(a[1], b[1])
            # Boxes of stacked lines touch (accents reach above the line), so only
            # words drawn over each other count: more than half the height of
            # the smaller word shared, and ink side by side.
            lower = min(a[3] - a[1], b[3] - b[1])
            if w > 0.5 and h > 0.5 * lower:
                found.append((ta, tb))
    return found

for book, must_be_readable in (("results", True), ("product-list-template", False)):
    pages = words_by_page(f"{out}/{book}.bbox.html")
    fonts = fonts_by_page(f"{out}/{book}.pdf")
    print(f"{book}.pdf: {len(pages)} pages")
    print("  page  words  median_h  font_min  font_median  overlaps")
    for n, words in enumerate(pages, 1):
        heights = [b[3] - b[1] for b, _ in words]
        median_h = statistics.median(heights) if heights else 0.0
        sizes = fonts[n - 1] if n - 1 < len(fonts) else []
        font_min = min(sizes) if sizes else 0.0
        font_median = statistics.median(sizes) if sizes else 0.0
        pairs = overlaps(words)
        flag = ""
        if must_be_readable and sizes and font_min < MIN_PT:
            flag += "  < 9 pt"
            failed = True
        if pairs:
            flag += "  OVERLAP: " + "; ".join(f"{a!r}/{b!r}" for a, b in pairs[:3])
            failed = True
        print(f"  {n:4}  {len(words):5}  {median_h:8.1f}  {font_min:8.2f}  {font_median:11.2f}  {len(pairs):8}{flag}")
print("PDFs and measurements in", out)
sys.exit(1 if failed else 0)
PY
