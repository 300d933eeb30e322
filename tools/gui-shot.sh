#!/usr/bin/env bash
# Screenshots of the running app under Xvfb, for docs/: start the app on a data
# folder, perform a list of steps, save the screen.
#   usage: tools/gui-shot.sh OUT.png DATA_DIR "STEP STEP ..."
# Steps: click:X,Y  move:X,Y (hover)  key:NAME (xdotool key name, e.g. Tab, ctrl+Return, 1)
#        scroll:X,Y,N (N wheel clicks down at X,Y), hscroll:X,Y,N (N to the right)
#        type:TEXT  wait:SECONDS
# SIZE=900x600 sets the virtual screen (default 1280x800; the window fills it).
# Needs xvfb, xdotool, imagemagick (../shared/tools/screenshot.sh installs them).
set -euo pipefail
out=$1; data=$2; steps=${3:-}
bin=${BIN:-target/release/ocop-council}
d=95; while [ -e /tmp/.X$d-lock ]; do d=$((d+1)); done
size=${SIZE:-1280x800}
Xvfb :$d -screen 0 ${size}x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $app $xvfb 2>/dev/null || true' EXIT
export DISPLAY=:$d
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
"$bin" --data-dir "$data" >/tmp/gui-shot.log 2>&1 &
app=$!
sleep 5
w=$(xdotool search --pid $app 2>/dev/null | tail -1 || true)
[ -n "$w" ] && { xdotool windowmove "$w" 0 0; xdotool windowsize "$w" ${size%x*} ${size#*x}; xdotool windowfocus --sync "$w"; } 2>/dev/null || true
sleep 1
for step in $steps; do
  case $step in
    click:*) xy=${step#click:}; xdotool mousemove ${xy%,*} ${xy#*,} click 1; sleep 1 ;;
    key:*) xdotool key "${step#key:}"; sleep 0.4 ;;
    scroll:*) a=${step#scroll:}; IFS=, read -r x y n <<< "$a"; xdotool mousemove "$x" "$y"; for _ in $(seq "$n"); do xdotool click 5; sleep 0.05; done; sleep 0.5 ;;
    hscroll:*) a=${step#hscroll:}; IFS=, read -r x y n <<< "$a"; xdotool mousemove "$x" "$y"; for _ in $(seq "$n"); do xdotool click 7; sleep 0.05; done; sleep 0.5 ;;
    type:*) xdotool type "${step#type:}"; sleep 0.4 ;;
    wait:*) sleep "${step#wait:}" ;;
    move:*) xy=${step#move:}; xdotool mousemove ${xy%,*} ${xy#*,}; sleep 1 ;;
  esac
done
sleep 1
import -window root "$out"
echo "$out"
