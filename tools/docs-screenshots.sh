#!/usr/bin/env bash
# Regenerates the screenshots in docs/screenshots from the demo round, under Xvfb.
#   usage: tools/docs-screenshots.sh   (BIN=target/debug/ocop-council to skip a release build)
# Coordinates are for the 1280×800 virtual screen that tools/gui-shot.sh uses,
# and for 900×600 at 150% and 200% in the projector shots.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-target/release/ocop-council}
out=docs/screenshots
mkdir -p "$out"
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
"$bin" --data-dir "$data" demo load >/dev/null
prefs() { # lang, identity json, [ui scale]
  printf '{"lang":"%s","theme":"light","ui_scale":%s,"last_round":1,"identities":{"1":%s}}\n' "$1" "${3:-1.0}" "$2" >"$data/preferences.json"
}
shot() { BIN="$bin" tools/gui-shot.sh "$out/$1" "$data" "$2" >/dev/null; echo "$out/$1"; }
small_shot() { SIZE=900x600 BIN="$bin" tools/gui-shot.sh "$out/$1" "$data" "$2" >/dev/null; echo "$out/$1"; }
member='{"kind":"member","member":3}'
secretariat='{"kind":"secretariat"}'

prefs vi "$member"
shot products-vi.png "wait:1"
shot sheet-vi.png "click:150,250 wait:2 key:2 key:Tab key:3 key:Tab key:Down key:Tab"
shot dossier-vi.png "click:150,250 wait:2 scroll:150,500,12 wait:2"
shot commune-vi.png "click:150,190 wait:3 scroll:150,500,3 wait:2"
prefs en "$member"
shot products-en.png "wait:1"
shot sheet-en.png "click:150,250 wait:2 key:2 key:Tab key:3 key:Tab key:Down key:Tab"
prefs vi "$secretariat"
shot results-matrix-vi.png "click:175,101 wait:2"
shot by-criterion-vi.png "click:175,101 wait:1 click:90,230 wait:3"
# A projector: 900×600 at 150% (the top bar folds into ☰ Menu, the dossier folds away).
prefs vi "$member" 1.5
small_shot desk-150-900x600-vi.png "click:257,374 wait:2 key:2 key:Tab key:3"
prefs vi "$secretariat" 1.5
small_shot matrix-150-900x600-vi.png "click:263,152 wait:2"
small_shot matrix-150-900x600-scrolled-vi.png "click:263,152 wait:2 hscroll:600,450,12 wait:1"
# 200% on the same screen: the matrix's filter on its own line, sort and state below.
prefs vi "$secretariat" 2.0
small_shot matrix-200-900x600-vi.png "click:350,203 wait:2"
