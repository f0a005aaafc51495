#!/usr/bin/env bash
# Installs the Debian libraries the app needs and pip cannot provide (HWI's libusb, Qt's
# runtime libraries, every library Qt's X11 plugin links). As root it installs them with
# apt-get; otherwise it names the packages and fails.
#
#   packaging/system-deps.sh             what `make run` and `make test` need
#   packaging/system-deps.sh --xvfb      also Xvfb, to start the app on a real X server in CI
#                                        (`make desktop-check`)
#   packaging/system-deps.sh --package   also what `make package` needs to build the Linux
#                                        bundle and its .deb: PyInstaller's binutils (objdump,
#                                        objcopy), the shared libpython, the libraries Qt's
#                                        Wayland plugin links (so the bundle carries them),
#                                        desktop-file-utils to check the desktop entry, Xvfb
#                                        to run the bundle's self-test on X11, and dpkg-deb.
#
# The X11 libraries are read from the installed PySide6 itself when the venv exists: `ldd` of
# its xcb platform plugin and of libQt6XcbQpa, every "not found" soname mapped to its Debian
# package (the table below, else Debian's library-package naming). A fresh Debian 12 lacks
# libxcb-icccm4 and libxcb-keysyms1, and without them Qt aborts before the first window; the
# offscreen tests cannot notice.
set -euo pipefail
# Debian packages mean nothing on macOS (or Windows): pip's wheels carry what those need.
[ "$(uname -s)" = "Linux" ] || exit 0

# soname -> Debian package
declare -A needs=(
  [libusb-1.0.so.0]=libusb-1.0-0
  [libEGL.so.1]=libegl1
  [libGL.so.1]=libgl1
  [libxkbcommon.so.0]=libxkbcommon0
  [libfontconfig.so.1]=libfontconfig1
  [libglib-2.0.so.0]=libglib2.0-0
  [libdbus-1.so.3]=libdbus-1-3
  [libxcb-icccm.so.4]=libxcb-icccm4
  [libxcb-keysyms.so.1]=libxcb-keysyms1
  [libxcb-cursor.so.0]=libxcb-cursor0
  [libxcb-image.so.0]=libxcb-image0
  [libxcb-randr.so.0]=libxcb-randr0
  [libxcb-render-util.so.0]=libxcb-render-util0
  [libxcb-shape.so.0]=libxcb-shape0
  [libxcb-xkb.so.1]=libxcb-xkb1
  [libxkbcommon-x11.so.0]=libxkbcommon-x11-0
)
# command -> Debian package
declare -A commands=()

if [ "${1:-}" = "--package" ]; then
  needs+=(
    [libwayland-client.so.0]=libwayland-client0
    [libwayland-cursor.so.0]=libwayland-cursor0
    [libwayland-egl.so.1]=libwayland-egl1
  )
  commands+=([objdump]=binutils [objcopy]=binutils [desktop-file-validate]=desktop-file-utils
            [xvfb-run]=xvfb [xauth]=xauth [dpkg-deb]=dpkg)
  # PyInstaller needs the interpreter's shared library (Debian: libpython3.X, not installed
  # with python3 itself).
  python=${PYTHON:-python3}
  if [ -x .venv/bin/python ]; then python=.venv/bin/python; fi
  read -r libdir ldlibrary version < <("$python" -c 'import sys, sysconfig as s
print(s.get_config_var("LIBDIR"), s.get_config_var("LDLIBRARY"), "%d.%d" % sys.version_info[:2])')
  if [ ! -e "$libdir/$ldlibrary" ] && ! ldconfig -p 2>/dev/null | grep -q "libpython$version.so"; then
    needs+=([libpython$version.so.1.0]=libpython$version)
  fi
fi

if [ "${1:-}" = "--xvfb" ]; then
  commands+=([xvfb-run]=xvfb [xauth]=xauth)
fi

# Debian's name for the package of a library: libfoo.so.N -> libfooN, libfoo1.so.N -> libfoo1-N
debian_package() {
  local base=${1%%.so.*} version=${1##*.so.}
  version=${version%%.*}
  if [[ $base =~ [0-9]$ ]]; then echo "$base-$version"; else echo "$base$version"; fi
}

# What the installed Qt's X11 plugin cannot find, by asking the dynamic linker.
qt_dir=""
for candidate in .venv/lib/python3*/site-packages/PySide6/Qt; do
  [ -d "$candidate" ] && qt_dir=$candidate
done
if [ -n "$qt_dir" ] && command -v ldd >/dev/null 2>&1; then
  for lib in "$qt_dir/plugins/platforms/libqxcb.so" "$qt_dir"/lib/libQt6XcbQpa.so.6; do
    [ -e "$lib" ] || continue
    while read -r so; do
      [ -n "${needs[$so]:-}" ] || needs[$so]=$(debian_package "$so")
    done < <(ldd "$lib" 2>/dev/null | awk '/not found/ {print $1}')
  done
fi

missing=()
for so in "${!needs[@]}"; do
  ldconfig -p 2>/dev/null | grep -q "$so" || missing+=("${needs[$so]}")
done
for cmd in "${!commands[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${commands[$cmd]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # waits for another apt (an unattended upgrade, a parallel job) instead of failing at once
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null
else
  echo "pocketgui needs these system packages: ${missing[*]}" >&2
  echo "Install them, e.g.: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
