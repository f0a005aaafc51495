"""`make package`, Linux step three: a Debian package of PyInstaller's folder, for apt.

    .venv/bin/python packaging/linux/make_deb.py
    → dist/pocketgui_<version>_<arch>.deb

What it installs (what the tarball's install.sh and INSTALL-USB-RULES.txt ask a person to do by
hand):

    /opt/pocketgui/                       the bundle (PyInstaller's folder)
    /usr/bin/pocketgui                    a symlink to /opt/pocketgui/pocketgui: on PATH
    /usr/share/applications/pocketgui.desktop, /usr/share/metainfo/…, /usr/share/icons/hicolor/…
    /lib/udev/rules.d/NN-pocketgui-*.rules  HWI's USB rules, renamed so they never clash with a
                                          vendor's own package; the number (which must stay
                                          below systemd's 73-seat-late for TAG+="uaccess") kept

postinst reloads udev (when it runs: not in a container) and applies the rules to what is
plugged in. There is no postrm: udevd notices removed rules itself, and the desktop and icon
caches are refreshed by the dpkg triggers of desktop-file-utils and gtk-update-icon-cache; a
package with a postrm would also stay in dpkg's database ("config-files") after `apt-get remove`.

`Depends` is read from the bundle itself, the way dpkg-shlibdeps does it: every shared library
an ELF file of the bundle needs and the bundle does not carry (the X11 client libraries,
fontconfig, D-Bus, libGL/EGL, glibc: buildinfo.SYSTEM_LIBRARIES and PyInstaller's own
exclusions) is looked up with `dpkg-query -S` on the build machine. dpkg-shlibdeps itself wants
a debian/ source tree and symbols files; for a binary-only package this is the same lookup.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import buildinfo  # noqa: E402
from make_tarball import DESKTOP, METAINFO, RESOURCES, ROOT, hwi_rules_dir  # noqa: E402

INSTALL_DIR = "opt/pocketgui"
RULES_DIR = "lib/udev/rules.d"
MAINTAINER = "pocketgui developers <pocketgui@users.noreply.github.com>"
DESCRIPTION = """\
Buy bitcoin by bank transfer, paid out to your own wallet
 A desktop companion for Pocket's bitcoin purchase API: set up an order that pays
 out to your own hardware wallet (or lightning node), pay it by bank transfer, and
 follow every purchase until the bitcoin is confirmed. Includes the USB rules for
 the hardware wallets HWI supports."""
# Loaded with ctypes (HWI's libusb1, hidapi), so no ELF file of the bundle names them; the
# package is named when the bundle does not carry the library.
DLOPENED = {"libusb-1.0.so.0": "libusb-1.0-0"}

POSTINST = """\
#!/bin/sh
# pocketgui: the USB rules take effect at once, for a wallet already plugged in as well.
set -e
if [ "$1" = "configure" ]; then
  getent group plugdev >/dev/null || groupadd --system plugdev || true
  if command -v udevadm >/dev/null 2>&1; then
    udevadm control --reload-rules 2>/dev/null || true
    udevadm trigger --subsystem-match=usb --subsystem-match=hidraw 2>/dev/null || true
  fi
fi
exit 0
"""


def deb_arch() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], check=True, capture_output=True,
                          text=True).stdout.strip()


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(4) == b"\x7fELF"
    except OSError:
        return False


def bundle_libraries(bundle: Path) -> set[str]:
    return {path.name for path in bundle.rglob("*.so*") if path.is_file()}


def system_libraries(bundle: Path) -> dict[str, str]:
    """soname → path on this machine, of what the bundle's ELF files need and do not carry."""
    carried = bundle_libraries(bundle)
    env = dict(os.environ, LD_LIBRARY_PATH=os.pathsep.join(
        sorted({str(path.parent) for path in bundle.rglob("*.so*")})))
    found: dict[str, str] = {}
    for path in sorted(bundle.rglob("*")):
        if not path.is_file() or path.is_symlink() or not is_elf(path):
            continue
        listing = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        for line in listing.stdout.splitlines():
            name, _, where = line.strip().partition(" => ")
            target = where.split(" (")[0].strip()
            if not where or name in carried or not target.startswith("/"):
                continue
            if str(bundle) not in target:
                found[name] = target
    for soname in DLOPENED:
        if soname not in carried:
            found[soname] = ""
    return found


def owning_package(path: str) -> str | None:
    """The Debian package that installed `path` (or the file it points to), without `:arch`."""
    for candidate in (path, os.path.realpath(path)):
        done = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
        if done.returncode == 0:
            return done.stdout.split(":", 1)[0].split(",")[0].strip()
        alt = candidate.replace("/usr/lib/", "/lib/", 1) if candidate.startswith("/usr/lib/") \
            else candidate.replace("/lib/", "/usr/lib/", 1)
        done = subprocess.run(["dpkg-query", "-S", alt], capture_output=True, text=True)
        if done.returncode == 0:
            return done.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def depends(bundle: Path) -> list[str]:
    packages = set()
    for soname, path in system_libraries(bundle).items():
        package = (owning_package(path) if path else None) or DLOPENED.get(soname)
        if package is None:
            raise SystemExit(f"no Debian package found for {soname} ({path or 'not installed'})")
        packages.add(package)
    return sorted(packages)


def udev_rules() -> dict[str, Path]:
    """Installed name → HWI's rules file: `51-trezor.rules` → `51-pocketgui-trezor.rules`."""
    named = {}
    for rules in sorted(hwi_rules_dir().glob("*.rules")):
        number, _, rest = rules.name.partition("-")
        named[f"{number}-pocketgui-{rest}"] = rules
    return named


def control(version: str, arch: str, requires: list[str], size_kb: int) -> str:
    return (f"Package: {buildinfo.NAME}\nVersion: {version}\nSection: utils\n"
            f"Priority: optional\nArchitecture: {arch}\nMaintainer: {MAINTAINER}\n"
            f"Installed-Size: {size_kb}\nDepends: {', '.join(requires)}\n"
            f"Recommends: udev\nHomepage: https://github.com/pocketgui/pocketgui\n"
            f"Description: {DESCRIPTION}\n")


def stage(bundle: Path, root: Path, version: str, arch: str) -> None:
    shutil.copytree(bundle, root / INSTALL_DIR, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / buildinfo.NAME).symlink_to(f"/{INSTALL_DIR}/{buildinfo.NAME}")
    share = root / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(DESKTOP, share / "applications" / DESKTOP.name)
    (share / "metainfo").mkdir()
    shutil.copy2(METAINFO, share / "metainfo" / METAINFO.name)
    shutil.copytree(RESOURCES / "icons" / "hicolor", share / "icons" / "hicolor")
    rules_dir = root / RULES_DIR
    rules_dir.mkdir(parents=True)
    for name, rules in udev_rules().items():
        shutil.copyfile(rules, rules_dir / name)
    size_kb = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()
                  and not p.is_symlink()) // 1024
    debian = root / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control(version, arch, depends(bundle), size_kb))
    (debian / "postinst").write_text(POSTINST)
    (debian / "postinst").chmod(0o755)
    for path in root.rglob("*"):  # dpkg wants root-owned, world-readable files
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | 0o444 | (0o111 if path.is_dir() else 0))


def main() -> int:
    version = buildinfo.project_version()
    bundle = ROOT / "dist" / buildinfo.NAME
    if not (bundle / buildinfo.NAME).is_file():
        raise SystemExit(f"{bundle} is missing: run PyInstaller first (make package)")
    arch = deb_arch()
    staging = ROOT / "build" / "deb"
    shutil.rmtree(staging, ignore_errors=True)
    stage(bundle, staging, version, arch)
    deb = ROOT / "dist" / f"{buildinfo.NAME}_{version}_{arch}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zzstd", "-z9", "--build",
                    str(staging), str(deb)], check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(staging)
    print(f"wrote {deb.relative_to(ROOT)} ({deb.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
