#!/usr/bin/env bash
# Installs the Debian libraries the app needs and pip cannot provide (HWI's libusb, Qt's
# runtime libraries). As root it installs them with apt-get; otherwise it names the packages.
set -euo pipefail

# soname -> Debian package
declare -A needs=(
  [libusb-1.0.so.0]=libusb-1.0-0
  [libEGL.so.1]=libegl1
  [libGL.so.1]=libgl1
  [libxkbcommon.so.0]=libxkbcommon0
  [libfontconfig.so.1]=libfontconfig1
  [libglib-2.0.so.0]=libglib2.0-0
  [libdbus-1.so.3]=libdbus-1-3
)
missing=()
for so in "${!needs[@]}"; do
  ldconfig -p 2>/dev/null | grep -q "$so" || missing+=("${needs[$so]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "pocketgui needs these system packages: ${missing[*]}" >&2
  echo "Install them, e.g.: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
