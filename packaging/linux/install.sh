#!/bin/sh
# Adds pocketgui to this user's application menu: a launcher, the icons, the AppStream data.
# Nothing outside your home folder changes; delete ~/.local/share/applications/pocketgui.desktop
# and ~/.local/bin/pocketgui to undo. Hardware wallets also need the USB rules: see
# INSTALL-USB-RULES.txt next to this script.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$HOME/.local/bin" "$data/applications" "$data/metainfo" "$data/icons"
ln -sf "$here/pocketgui/pocketgui" "$HOME/.local/bin/pocketgui"
cp -R "$here/share/icons/hicolor" "$data/icons/"
cp "$here/share/metainfo/"*.xml "$data/metainfo/"
sed "s|^Exec=.*|Exec=\"$here/pocketgui/pocketgui\"|" \
  "$here/share/applications/pocketgui.desktop" > "$data/applications/pocketgui.desktop"
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$data/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
  gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
fi
echo "pocketgui is in your applications menu."
echo "To use a hardware wallet over USB, run this once, from $here:"
cat "$here/INSTALL-USB-RULES.txt"
