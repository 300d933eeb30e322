#!/usr/bin/env bash
# Renders the application icon (assets/icons/ocop-council.svg) to the PNGs the
# launcher, the window and the packages use, and the Windows .ico. The outputs are
# committed, so building needs neither tool; run this after editing the SVG.
# Needs rsvg-convert (librsvg2-bin) and ImageMagick's convert.
set -euo pipefail
cd "$(dirname "$0")/../../assets/icons"
for size in 48 128 256; do
  rsvg-convert -w $size -h $size ocop-council.svg -o ocop-council-$size.png
done
convert ocop-council-256.png ocop-council-128.png ocop-council-48.png ocop-council.ico
ls -l ocop-council*
