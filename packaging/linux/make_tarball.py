"""`make package`, Linux step two: wrap PyInstaller's folder into a tarball a person can unpack.

    .venv/bin/python packaging/linux/make_tarball.py
    → dist/pocketgui-<version>-linux-x86_64.tar.gz

Layout (the top folder carries the version, so two releases unpack side by side):

    pocketgui-<version>/
      pocketgui/pocketgui          the app: double-click, or run from a terminal
      install.sh                   adds it to this user's menu (packaging/linux/install.sh)
      share/applications/pocketgui.desktop
      share/metainfo/io.pocketgui.PocketGUI.metainfo.xml
      share/icons/hicolor/<size>/apps/io.pocketgui.PocketGUI.{png,svg}
      udev/*.rules                 HWI's rules, byte for byte the ones inside the bundle
      INSTALL-USB-RULES.txt        the one command that installs them
      README.txt

The USB command is the app's own (`pocketgui.devices.usb_access.UDEV_FIX`, what its "USB
permissions" help shows) with the rules folder written relative to the unpacked folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))

import buildinfo  # noqa: E402

RESOURCES = ROOT / "resources"
DESKTOP = RESOURCES / "pocketgui.desktop"
METAINFO = RESOURCES / f"{buildinfo.APP_ID}.metainfo.xml"

README = """\
pocketgui {version}: buy bitcoin by bank transfer, paid out to your own hardware wallet.

Start it:            double-click pocketgui/pocketgui (or run it from a terminal)
Add it to the menu:  ./install.sh          (for this user; no root needed)
Hardware wallets:    run the command in INSTALL-USB-RULES.txt once, from this folder
Check this copy:     pocketgui/pocketgui --self-test

Needs a Linux desktop with glibc 2.36 or newer (Debian 12, Ubuntu 23.04, Fedora 37 and later).
"""

def hwi_rules_dir() -> Path:
    import hwilib

    return Path(hwilib.__file__).resolve().parent / "udev"


def usb_rules_hint(rules_dir: str = "udev") -> str:
    """The app's own USB fix, pointed at the tarball's copy of the rules."""
    from pocketgui.devices.usb_access import UDEV_FIX

    hint = UDEV_FIX.replace(str(hwi_rules_dir()), rules_dir)
    if hint == UDEV_FIX:
        raise SystemExit("the app's USB help no longer names hwilib's rules folder")
    return hint + "\n"


def validate(tool: str, *args: str) -> None:
    """Runs a desktop-integration validator when it is installed (desktop-file-utils,
    appstream); `make package` installs the first."""
    if shutil.which(tool) is None:
        print(f"({tool} not installed: not validated)")
        return
    subprocess.run([tool, *args], check=True)


def stage(bundle: Path, top: Path, version: str) -> None:
    shutil.copytree(bundle, top / "pocketgui", symlinks=True)
    applications = top / "share" / "applications"
    applications.mkdir(parents=True)
    shutil.copy2(DESKTOP, applications / DESKTOP.name)
    metainfo = top / "share" / "metainfo"
    metainfo.mkdir(parents=True)
    shutil.copy2(METAINFO, metainfo / METAINFO.name)
    shutil.copytree(RESOURCES / "icons" / "hicolor", top / "share" / "icons" / "hicolor")
    (top / "udev").mkdir()
    for rules in sorted(hwi_rules_dir().glob("*.rules")):
        shutil.copy2(rules, top / "udev" / rules.name)
    (top / "INSTALL-USB-RULES.txt").write_text(usb_rules_hint(), encoding="utf-8")
    (top / "README.txt").write_text(README.format(version=version), encoding="utf-8")
    shutil.copy2(HERE / "install.sh", top / "install.sh")


def main() -> int:
    version = buildinfo.project_version()
    bundle = ROOT / "dist" / buildinfo.NAME
    if not (bundle / buildinfo.NAME).is_file():
        raise SystemExit(f"{bundle} is missing: run PyInstaller first (make package)")
    validate("desktop-file-validate", str(DESKTOP))
    validate("appstreamcli", "validate", "--no-net", str(METAINFO))
    name = f"{buildinfo.NAME}-{version}"
    staging = ROOT / "build" / "tarball"
    shutil.rmtree(staging, ignore_errors=True)
    stage(bundle, staging / name, version)
    archive = ROOT / "dist" / f"{name}-{buildinfo.platform_tag()}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(staging / name, arcname=name)
    shutil.rmtree(staging)
    print(f"wrote {archive.relative_to(ROOT)} ({archive.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
