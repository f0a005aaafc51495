#!/usr/bin/env bash
# `make package-selftest`, Linux: unpack the tarball people download into a temporary folder and
# run that copy's --self-test, so what is checked is what ships (permissions, symlinks, layout),
# not only PyInstaller's dist/ folder.
set -euo pipefail
tarball=$(ls -t dist/pocketgui-*-linux-*.tar.gz | head -1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar xzf "$tarball" -C "$tmp"
top=$(echo "$tmp"/pocketgui-*)
for file in pocketgui/pocketgui install.sh INSTALL-USB-RULES.txt README.txt \
    share/applications/pocketgui.desktop share/metainfo/io.pocketgui.PocketGUI.metainfo.xml \
    share/icons/hicolor/scalable/apps/io.pocketgui.PocketGUI.svg; do
  [ -e "$top/$file" ] || { echo "$tarball: $file missing" >&2; exit 1; }
done
ls "$top"/udev/*.rules >/dev/null
if ! out=$(QT_QPA_PLATFORM=offscreen "$top/pocketgui/pocketgui" --self-test 2>&1); then
  echo "$out" >&2
  echo "$tarball: the unpacked copy fails its self-test" >&2
  exit 1
fi
echo "$(basename "$tarball"), unpacked: $(echo "$out" | tail -1)"
