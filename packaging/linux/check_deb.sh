#!/usr/bin/env bash
# `make deb-check` (CI, as root): install the .deb with apt as a person would, run the installed
# app's --self-test from PATH on Xvfb through Qt's X11 plugin, check the udev rules, desktop
# entry and icon landed, then remove it and check that nothing of it is left.
set -euo pipefail
deb=$(ls -t dist/pocketgui_*.deb | head -1)
[ "$(id -u)" = "0" ] || { echo "deb-check installs a package: run it as root (CI)" >&2; exit 1; }
installed() { dpkg-query -W -f='${Status}' pocketgui 2>/dev/null | grep -q "ok installed"; }
if installed; then
  echo "pocketgui is already installed here: deb-check will not touch it" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=300 install -y -qq "./$deb" >/dev/null
files=$(dpkg -L pocketgui)
remove() { apt-get -o DPkg::Lock::Timeout=300 remove -y -qq pocketgui >/dev/null; }
trap 'remove || true' EXIT
for path in /usr/bin/pocketgui /usr/share/applications/pocketgui.desktop \
    /usr/share/metainfo/io.pocketgui.PocketGUI.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/io.pocketgui.PocketGUI.svg \
    /lib/udev/rules.d/51-pocketgui-trezor.rules; do
  [ -e "$path" ] || { echo "$deb: $path not installed" >&2; exit 1; }
done
[ "$(command -v pocketgui)" = /usr/bin/pocketgui ] || { echo "pocketgui is not on PATH" >&2; exit 1; }
home=$(mktemp -d)
if ! out=$(cd "$home" && HOME=$home timeout 120 xvfb-run -a env QT_QPA_PLATFORM=xcb \
    pocketgui --self-test 2>&1); then
  echo "$out" >&2
  echo "$deb: the installed app fails its self-test on Xvfb" >&2
  exit 1
fi
rm -rf "$home"
echo "$(basename "$deb"), installed with apt: $(echo "$out" | tail -1)"
trap - EXIT
remove
left=$(echo "$files" | while read -r path; do
  [ "$path" = "/." ] || [ ! -e "$path" ] || [ -d "$path" ] || echo "$path"; done)
[ -z "$left" ] || { echo "left behind after apt-get remove:" >&2; echo "$left" >&2; exit 1; }
[ ! -e /opt/pocketgui ] || { echo "left behind: /opt/pocketgui" >&2; exit 1; }
if dpkg-query -W pocketgui >/dev/null 2>&1; then
  echo "dpkg still lists pocketgui after apt-get remove: $(dpkg-query -W -f='${Status}' pocketgui)" >&2
  exit 1
fi
echo "$(basename "$deb"): removed with apt, nothing left"
