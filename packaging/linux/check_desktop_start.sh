#!/usr/bin/env bash
# `make desktop-check`: what a person's `make run` needs on a real Linux desktop, proved from
# this clone's .venv (the offscreen tests cannot see it):
#   1. the dynamic linker finds every library of Qt's X11 plugin (no "not found" in `ldd`);
#   2. the app starts on a real X server (Xvfb, QT_QPA_PLATFORM=xcb) and paints its first
#      window (`--exit-after-first-paint` exits 0 right after that paint).
# HOME is a temporary folder: nothing of the machine's settings or keyring is read or written.
set -euo pipefail
python=${1:-.venv/bin/python}
qt=$("$python" -c 'import PySide6, pathlib; print(pathlib.Path(PySide6.__file__).parent / "Qt")')
status=0
for lib in "$qt/plugins/platforms/libqxcb.so" "$qt/lib/libQt6XcbQpa.so.6"; do
  if ldd "$lib" | grep "not found"; then
    echo "$lib: libraries not found (packaging/system-deps.sh names their packages)" >&2
    status=1
  fi
done
[ $status -eq 0 ] || exit $status
echo "ldd: every library of Qt's xcb plugin is found"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
app="$(dirname "$python")/pocketgui"
out=$(HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share \
  timeout 60 xvfb-run -a env QT_QPA_PLATFORM=xcb "$app" --exit-after-first-paint 2>&1) || {
  echo "$out" >&2
  echo "the app did not paint its first window on Xvfb (QT_QPA_PLATFORM=xcb)" >&2
  exit 1
}
echo "$out" | grep -q "^first_paint_s=" || { echo "$out" >&2; exit 1; }
echo "xcb on Xvfb: first window painted ($(echo "$out" | grep '^first_paint_s='))"
