"""packaging/linux/make_deb.py: the .deb's layout, its Depends and its USB rules, built with the
real dpkg-deb from a small stand-in bundle (a copy of a system program). The full package is
installed and removed with apt in CI (`make deb-check`)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.packaging.conftest import load

pytestmark = pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb")


def build(tmp_path: Path) -> Path:
    make_deb = load("linux/make_deb.py")
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    shutil.copy2(shutil.which("true") or "/bin/true", bundle / "pocketgui")
    root = tmp_path / "root"
    make_deb.stage(bundle, root, "1.2.3", make_deb.deb_arch())
    deb = tmp_path / "pocketgui.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "--build", str(root), str(deb)],
                   check=True, capture_output=True)
    return deb


def test_the_deb_puts_pocketgui_on_path_with_its_menu_entry_and_icons(tmp_path: Path) -> None:
    listing = subprocess.run(["dpkg-deb", "-c", str(build(tmp_path))], check=True,
                             capture_output=True, text=True).stdout
    assert re.search(r"\./usr/bin/pocketgui -> /opt/pocketgui/pocketgui$", listing, re.M)
    assert "./opt/pocketgui/pocketgui\n" in listing
    assert "./usr/share/applications/pocketgui.desktop" in listing
    assert "./usr/share/metainfo/io.pocketgui.PocketGUI.metainfo.xml" in listing
    assert "./usr/share/icons/hicolor/scalable/apps/io.pocketgui.PocketGUI.svg" in listing
    assert "./usr/share/icons/hicolor/48x48/apps/io.pocketgui.PocketGUI.png" in listing


def test_hwis_usb_rules_are_installed_for_udev_under_names_of_their_own(tmp_path: Path) -> None:
    listing = subprocess.run(["dpkg-deb", "-c", str(build(tmp_path))], check=True,
                             capture_output=True, text=True).stdout
    rules = re.findall(r"\./lib/udev/rules\.d/(\S+\.rules)", listing)
    assert "51-pocketgui-trezor.rules" in rules and "55-pocketgui-usb-jade.rules" in rules
    # below systemd's 73-seat-late.rules, or TAG+="uaccess" gives the desktop user nothing
    assert all(int(name.split("-")[0]) < 73 and "-pocketgui-" in name for name in rules)


def test_the_control_file_declares_what_the_bundle_does_not_carry(tmp_path: Path) -> None:
    deb = build(tmp_path)
    fields = subprocess.run(["dpkg-deb", "-f", str(deb), "Package", "Version", "Depends"],
                            check=True, capture_output=True, text=True).stdout
    assert "Package: pocketgui" in fields and "Version: 1.2.3" in fields
    depends = fields.split("Depends:", 1)[1].split(",")
    names = {name.strip() for name in depends}
    assert "libc6" in names  # the stand-in program links glibc; the bundle has no copy
    assert "libusb-1.0-0" in names  # loaded with ctypes: no ELF file names it
    postinst = subprocess.run(["dpkg-deb", "-I", str(deb), "postinst"], check=True,
                              capture_output=True, text=True).stdout
    assert "udevadm control --reload-rules" in postinst and "udevadm trigger" in postinst
