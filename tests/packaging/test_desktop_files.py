"""The desktop integration shipped in the Linux tarball: entry, metainfo, icons, version."""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET

import pytest

from tests.packaging.conftest import ROOT, load

buildinfo = load("buildinfo.py")
RESOURCES = ROOT / "resources"
DESKTOP = RESOURCES / "pocketgui.desktop"
METAINFO = RESOURCES / f"{buildinfo.APP_ID}.metainfo.xml"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def pyproject_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])


def test_the_spec_takes_its_version_from_pyproject() -> None:
    spec = (ROOT / "packaging" / "pocketgui.spec").read_text()
    compile(spec, "pocketgui.spec", "exec")
    assert "VERSION = buildinfo.project_version()" in spec
    assert "CFBundleShortVersionString\": VERSION" in spec
    assert buildinfo.project_version() == pyproject_version()


def test_the_metainfo_names_the_current_release() -> None:
    releases = ET.parse(METAINFO).getroot().findall("./releases/release")
    assert releases, "no <release>"
    assert releases[0].get("version") == pyproject_version()


def test_the_desktop_entry_is_valid() -> None:
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True,
                              text=True)
        assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(DESKTOP, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].split()[0] == buildinfo.NAME
    assert section["Icon"] == buildinfo.APP_ID
    assert section["Terminal"] == "false"
    assert section["Categories"].endswith(";")
    assert section["StartupWMClass"] == buildinfo.NAME


def test_the_metainfo_has_what_appstream_requires() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    for tag in ("id", "name", "summary", "metadata_license", "project_license", "description",
                "launchable", "icon", "url", "content_rating", "releases"):
        element = root.find(tag)
        assert element is not None, f"<{tag}> missing"
    assert root.findtext("id") == buildinfo.APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.find("launchable").get("type") == "desktop-id"  # type: ignore[union-attr]
    assert root.findtext("icon") == buildinfo.APP_ID
    assert root.findtext("provides/binary") == buildinfo.NAME
    if shutil.which("appstreamcli"):
        done = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("size", ICON_SIZES)
def test_a_png_icon_exists_in_every_size(size: int) -> None:
    path = RESOURCES / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{buildinfo.APP_ID}.png"
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    assert (width, height) == (size, size)


def test_the_scalable_icon_and_the_other_platforms_icons_exist() -> None:
    svg = RESOURCES / "icons" / "hicolor" / "scalable" / "apps" / f"{buildinfo.APP_ID}.svg"
    assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    assert (RESOURCES / "icons" / "pocketgui.ico").read_bytes()[:4] == b"\0\0\1\0"
    assert (RESOURCES / "icons" / "pocketgui.icns").read_bytes()[:4] == b"icns"
