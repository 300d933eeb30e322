#!/usr/bin/env bash
# Installs the .deb on this machine, checks what a user meets (the command, the
# criteria, the launcher entry and its icon, the man page, bash completion), then
# removes it and checks that none of its files are left.
#   usage: tools/package/test-deb.sh [PACKAGE.deb]   (default: the newest in target/deb/)
# Needs root (apt-get). Refuses to run when ocop-council is already installed, so a
# real installation is never removed by a test.
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=${1:-$(ls -t target/deb/ocop-council_*.deb 2>/dev/null | head -n1)}
[ -n "$deb" ] && [ -f "$deb" ] || { echo "test-deb.sh: no .deb (run tools/package/deb.sh)" >&2; exit 2; }
deb=$(realpath "$deb")
name=ocop-council
version=$(dpkg-deb --field "$deb" Version)

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

if dpkg-query -W -f='${Status}' $name 2>/dev/null | grep -q "install ok installed"; then
  fail "$name is already installed here; remove it first (this test removes what it installs)"
fi

echo "installing $deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/tmp/test-deb-install.log 2>&1 ||
  { cat /tmp/test-deb-install.log >&2; fail "apt-get install"; }
files=$(dpkg -L $name | while read -r f; do [ -f "$f" ] && echo "$f"; done)
data=$(mktemp -d)
cleanup() { rm -rf "$data"; }
trap cleanup EXIT

# The command, from PATH, as a user types it.
[ "$(command -v $name)" = /usr/bin/$name ] || fail "$name is not /usr/bin/$name"
v=$($name --version)
grep -q "$name $version" <<<"$v" || fail "--version: $v"
grep -q "criteria set qd148-2023" <<<"$v" || fail "--version lacks the criteria set: $v"
pass "--version: $(head -n1 <<<"$v")"
sets=$($name --data-dir "$data/d" --create criteria list)
[ "$(grep -c . <<<"$sets")" -ge 26 ] || fail "criteria list: $sets"
pass "criteria list: $(grep -c . <<<"$sets") lines"

# The launcher entry: valid, runs the installed command, finds its icon.
desktop=/usr/share/applications/$name.desktop
[ -f "$desktop" ] || fail "no $desktop"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$desktop" || fail "desktop-file-validate"; fi
grep -q "^Exec=$name$" "$desktop" || fail "Exec line"
grep -q "^Name\[vi\]=" "$desktop" && grep -q "^Comment\[vi\]=" "$desktop" || fail "Vietnamese name/comment"
grep -q "^Categories=.*Office;" "$desktop" || fail "Categories"
icon=$(sed -n 's/^Icon=//p' "$desktop")
for size in 48x48 128x128 256x256; do
  [ -f /usr/share/icons/hicolor/$size/apps/$icon.png ] || fail "icon $size"
done
[ -f /usr/share/icons/hicolor/scalable/apps/$icon.svg ] || fail "scalable icon"
pass "launcher entry $desktop, icon $icon in 48/128/256/scalable"
[ -f /usr/share/metainfo/vn.ocop.council.metainfo.xml ] || fail "AppStream metainfo"
[ -f /usr/share/doc/$name/copyright ] || fail "copyright"

# Man page and bash completion.
[ -f /usr/share/man/man1/$name.1.gz ] || fail "man page"
zcat /usr/share/man/man1/$name.1.gz | grep -q "criteria" || fail "man page lacks the subcommands"
pass "man pages: $(ls /usr/share/man/man1/$name*.1.gz | wc -l)"
completion=/usr/share/bash-completion/completions/$name
bash -c "source '$completion' && complete -p $name" >/dev/null || fail "bash completion does not load"
pass "bash completion loads"

# Removal: the package and every file it installed are gone; the data folder stays.
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq $name >/tmp/test-deb-remove.log 2>&1 ||
  { cat /tmp/test-deb-remove.log >&2; fail "apt-get remove"; }
if dpkg-query -W -f='${Status}' $name 2>/dev/null | grep -q "install ok installed"; then
  fail "still installed after remove"
fi
left=0
for f in $files; do
  if [ -e "$f" ]; then echo "left behind: $f" >&2; left=1; fi
done
[ $left = 0 ] || fail "files left after removal"
[ -d "$data/d" ] || fail "the data folder went with the package"
pass "removed: $(wc -w <<<"$files") files gone, the data folder kept"
echo "PASS $deb"
