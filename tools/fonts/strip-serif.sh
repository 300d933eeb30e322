#!/usr/bin/env bash
# Makes assets/fonts/DejaVuSerif*.ttf from the DejaVu 2.37 release without hinting
# and with only the English name records: the PDFs embed a subset of these faces in
# every certificate, and the hinting instructions were most of each subset (38 KB
# certificates became 20 KB; the pages render pixel-identical at 100 and 300 dpi).
# The GUI's DejaVu Sans faces are left as released.
#   usage: tools/fonts/strip-serif.sh DIR_WITH_ORIGINAL_DEJAVU_TTFS
# Needs fonttools (pip install fonttools).
set -euo pipefail
src=${1:?usage: strip-serif.sh DIR_WITH_ORIGINAL_DEJAVU_TTFS}
out="$(dirname "$0")/../../assets/fonts"
for face in DejaVuSerif DejaVuSerif-Bold; do
    pyftsubset "$src/$face.ttf" --unicodes='*' --glyphs='*' --no-hinting \
        --name-IDs='0,1,2,3,4,5,6' --name-languages='0x409' --layout-features='' \
        --drop-tables+=GSUB,GPOS,GDEF,kern,FFTM --notdef-outline \
        --output-file="$out/$face.ttf"
done
