"""What the bundle keeps of Qt and the libraries, and what the Linux tarball holds."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

import pytest

from pocketgui.devices.usb_access import UDEV_FIX
from tests.packaging.conftest import load

buildinfo = load("buildinfo.py")
tarball = load("linux/make_tarball.py")


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/qwindows.dll",
    "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
    "PySide6/Qt6Widgets.dll",
    "PySide6/Qt/lib/QtWidgets.framework/Versions/A/QtWidgets",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/imageformats/libqico.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "PySide6/Qt/lib/libQt6Core.so.6",
    "PySide6/Qt/lib/libQt6Widgets.so.6",
    "PySide6/Qt/lib/libQt6XcbQpa.so.6",
    "PySide6/Qt/lib/libicudata.so.73",
    "PySide6/QtWidgets.abi3.so",
    "hwilib/udev/51-trezor.rules",
    "embit/util/prebuilt/libsecp256k1_linux_x86_64.so",
    "pycountry/databases/iso3166-1.json",
    "libusb-1.0.so.0",
    "babel/global.dat",
    "babel/locale-data/root.dat",
    "babel/locale-data/de_CH.dat",
    "babel/locale-data/fr.dat",
    "babel/locale-data/it_CH.dat",
    "babel/locale-data/en_001.dat",
    "babel/locale-data/LICENSE.unicode",
    "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6/Qt/translations/qtbase_it.qm",
])
def test_kept(dest: str) -> None:
    assert buildinfo.keep_file(dest)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/translations/qtbase_ja.qm",
    "PySide6/Qt/translations/qtdeclarative_de.qm",
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/imageformats/libqtiff.so",
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/sqldrivers/libqsqlite.so",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libwl-shell-plugin.so",
    "PySide6/Qt/lib/libQt6Quick.so.6",
    "PySide6/Qt/lib/libQt6Qml.so.6",
    "PySide6/Qt/lib/libQt6Network.so.6",
    "PySide6/Qt/lib/libQt6Pdf.so.6",
    "pycountry/locales/de/LC_MESSAGES/iso3166-1.mo",
    "libX11.so.6",
    "libfontconfig.so.1",
    "libdbus-1.so.3",
    "libsystemd.so.0",
    "PySide6/opengl32sw.dll",
    "PySide6/Qt6Quick.dll",
    "PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick",
    "babel/locale-data/ja.dat",
    "babel/locale-data/es_ES.dat",
    "babel/locale-data/ru.dat",
])
def test_left_out(dest: str) -> None:
    assert not buildinfo.keep_file(dest)


def test_babel_keeps_the_locales_of_every_language_the_app_speaks() -> None:
    from pocketgui.i18n.catalog import LANGUAGE_NAMES

    assert {"root", *LANGUAGE_NAMES} == buildinfo.BABEL_LANGUAGES


def test_test_tools_are_not_bundled() -> None:
    for module in ("pytest", "hypothesis", "schemathesis", "mypy", "ruff", "trezorlib"):
        assert module in buildinfo.EXCLUDED_MODULES


def test_the_usb_hint_is_the_apps_own_command(tmp_path: Path) -> None:
    hint = tarball.usb_rules_hint()
    assert hint.count("\n") == 1, "one line"
    assert hint.startswith('sudo cp "udev"/*.rules /etc/udev/rules.d/')
    assert "dialout" in hint  # Jade
    assert hint.strip() == UDEV_FIX.replace(str(tarball.hwi_rules_dir()), "udev")


def test_the_tarball_layout(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "pocketgui").write_text("#!/bin/sh\n")
    top = tmp_path / "pocketgui-9.9.9"
    tarball.stage(bundle, top, "9.9.9")
    assert (top / "pocketgui" / "pocketgui").is_file()
    assert (top / "share" / "applications" / "pocketgui.desktop").is_file()
    assert (top / "share" / "metainfo" / f"{buildinfo.APP_ID}.metainfo.xml").is_file()
    assert (top / "share" / "icons" / "hicolor" / "512x512" / "apps"
            / f"{buildinfo.APP_ID}.png").is_file()
    assert os.access(top / "install.sh", os.X_OK)
    assert "9.9.9" in (top / "README.txt").read_text()
    rules = sorted(tarball.hwi_rules_dir().glob("*.rules"))
    assert rules and sorted(p.name for p in (top / "udev").iterdir()) == [p.name for p in rules]
    assert all(filecmp.cmp(r, top / "udev" / r.name, shallow=False) for r in rules)
    assert (top / "INSTALL-USB-RULES.txt").read_text() == tarball.usb_rules_hint()
