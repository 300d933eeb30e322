#!/usr/bin/env bash
# Which Debian packages' libraries the running app maps, including those it opens
# with dlopen (X11, GL, xkbcommon), which dpkg-shlibdeps cannot see. Runs the app
# under Xvfb for a few seconds and reads /proc/PID/maps. deb.sh's `dlopened` list
# is the direct part of this (the rest are those libraries' own dependencies).
#   usage: tools/package/runtime-libs.sh [BINARY]   (default target/release/ocop-council)
# Needs xvfb (and the app's libraries installed).
set -euo pipefail
bin=${1:-target/release/ocop-council}
data=$(mktemp -d)
d=95; while [ -e /tmp/.X$d-lock ]; do d=$((d+1)); done
Xvfb :$d -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 50); do [ -e /tmp/.X11-unix/X$d ] && break; sleep 0.1; done
DISPLAY=:$d "$bin" --data-dir "$data" --create >/dev/null 2>&1 &
app=$!
sleep 6
libs=$(grep -o '/[^ ]*\.so[^ ]*' /proc/$app/maps | sort -u)
kill $app
for lib in $libs; do
  dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null ||
    dpkg -S "/lib/${lib#/usr/lib/}" 2>/dev/null || echo "(no package): $lib"
done | cut -d: -f1 | sort -u
