"""What goes into the bundle, kept out of the PyInstaller spec so tests can check it.

The spec (`packaging/pocketgui.spec`) is executed by PyInstaller, not imported; everything it
decides that is worth a test lives here: the version (read from pyproject.toml, so there is one
place to bump), the modules left out, and which of PySide6's files a widgets app needs.

PySide6-Essentials is about 230 MB installed; PyInstaller's Qt hooks already drop the Python
modules we never import, but they keep every plugin of QtGui and every Qt translation. The
rules below keep what a QtWidgets window needs on each desktop and nothing else.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "io.pocketgui.PocketGUI"
NAME = "pocketgui"


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])


def platform_tag() -> str:
    """`linux-x86_64`, `macos-arm64`, `windows-amd64`: the archive name's suffix."""
    import platform

    system = {"darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform)
    return f"{system}-{platform.machine().lower()}"


# Python packages never imported by the app at run time: test and lint tools (dev extra),
# Trezor's host library (the simulator's tests use it; HWI carries its own copy), Pillow
# (only the icon generator uses it), and toolkits some library mentions optionally.
EXCLUDED_MODULES = [
    "pytest", "_pytest", "pytest_qt", "pytestqt", "pytest_timeout", "hypothesis",
    "hypothesis_graphql", "schemathesis", "mypy", "mypyc", "ruff", "trezorlib", "zxingcpp",
    "PIL", "tkinter", "_tkinter", "IPython", "numpy", "setuptools", "pkg_resources", "pip",
    "PySide2", "PyQt5", "PyQt6", "hwilib._gui", "hwilib.ui",
    "yaml",  # uvicorn reads YAML logging configs if PyYAML is there; the sandbox passes none
    # terminal pretty-printers only CLIs (httpx's, uvicorn's) would use, and the debugger's
    "rich", "pygments", "markdown_it", "mdurl", "readline",
    # Qt modules PySide6's hooks add but nothing imports (their Qt libraries are left out too)
    "PySide6.QtNetwork", "PySide6.QtDBus",
]

# Data of libraries that the app does not use: pycountry's 22 MB of translated country names
# and its language and subdivision tables (schwifty and the IBAN form only use iso3166-1).
EXCLUDED_DATA = ("pycountry/locales/", "pycountry/databases/iso639-3.json",
                 "pycountry/databases/iso3166-2.json")

# Babel's CLDR data (35 MB for every locale): only the locales the app writes numbers and dates
# in, its languages in every territory (pocketgui.i18n.catalog.LANGUAGE_NAMES) and root, which
# they inherit from. A system locale of another language formats as the app's language.
BABEL_LOCALE_DATA = "babel/locale-data/"
BABEL_LANGUAGES = frozenset({"root", "en", "de", "fr", "it"})
# Qt's catalogs of its own words (ui/qt_translations.py), for the same languages
QT_CATALOGS = frozenset(f"qtbase_{language}.qm" for language in ("de", "fr", "it"))

# Libraries that must come from the person's own system, not the build machine (as the
# AppImage exclude list has it): the X11 client libraries talk to the running display server,
# fontconfig must match the system's font configuration files or fonts come out wrong, and
# libdbus talks to the system's D-Bus daemon; it comes with libsystemd, and with it what only
# libsystemd links (libgcrypt, libgpg-error, liblz4, libcap: 3.5 MB together). Every desktop has
# them; `packaging/system-deps.sh` installs them for headless CI.
SYSTEM_LIBRARIES = frozenset({
    "libX11.so.6", "libX11-xcb.so.1", "libxcb.so.1", "libfontconfig.so.1", "libfreetype.so.6",
    "libexpat.so.1", "libdbus-1.so.3", "libsystemd.so.0", "libgcrypt.so.20",
    "libgpg-error.so.0", "liblz4.so.1", "libcap.so.2",
})

# Qt libraries a QtWidgets app loads on Linux/macOS/Windows (framework names without the
# "Qt6"/"Qt" prefix); everything else PySide6 offers is left out.
QT_LIBRARIES = {
    "Core", "Gui", "Widgets", "DBus", "Svg", "XcbQpa", "WaylandClient",
    "WaylandEglClientHwIntegration", "OpenGL", "EglFsKmsSupport",
}

# Qt plugins by folder: None keeps the whole folder, a set keeps those file-name stems only.
QT_PLUGINS: dict[str, set[str] | None] = {
    # offscreen: --self-test and CI; xcb: X11; wayland*: Wayland; cocoa, windows: the others
    "platforms": {"libqoffscreen", "libqxcb", "libqwayland", "libqwayland-egl",
                  "libqwayland-generic", "libqcocoa", "qoffscreen", "qwindows", "qcocoa",
                  "qminimal", "libqminimal"},
    "imageformats": {"libqsvg", "libqico", "qsvg", "qico"},  # PNG is built into QtGui
    "iconengines": None,  # SVG icons
    # compose key, IBus: typing accents and other scripts (not the QML virtual keyboard)
    "platforminputcontexts": {"libcomposeplatforminputcontextplugin",
                              "libibusplatforminputcontextplugin"},
    "platformthemes": {"libqxdgdesktopportal"},  # file dialogs through the desktop portal
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    # xdg-shell is what desktops speak; wl-shell (obsolete) would need one more Qt library
    "wayland-shell-integration": {"libxdg-shell", "libfullscreen-shell-v1", "libivi-shell",
                                  "libqt-shell"},
    "wayland-graphics-integration-client": None,
    "styles": None,  # macOS and Windows native styles
}

# Windows: Mesa's software OpenGL (20 MB) and Direct3D's shader compiler (4 MB) serve Qt Quick
# and OpenGL widgets on machines without drivers; a raster-painted widgets window uses neither.
QT_WINDOWS_EXTRAS = frozenset({"opengl32sw.dll", "d3dcompiler_47.dll"})

_QT_LIB = re.compile(r"(?:lib)?Qt6?([A-Za-z0-9]+?)(?:\.so.*|\.dll|\.dylib)?$")


def keep_file(dest: str) -> bool:
    """Whether a file PyInstaller collected belongs in the bundle.

    `dest` is its path inside the bundle, e.g. "PySide6/Qt/plugins/platforms/libqxcb.so".
    Outside PySide6's Qt folder only EXCLUDED_DATA and Babel's other locales are dropped.
    """
    dest = dest.replace("\\", "/")
    if dest.startswith(EXCLUDED_DATA) or dest in SYSTEM_LIBRARIES:
        return False
    parts = dest.split("/")
    if dest.startswith(BABEL_LOCALE_DATA) and parts[-1].endswith(".dat"):
        return parts[-1].removesuffix(".dat").split("_")[0] in BABEL_LANGUAGES
    if not parts or parts[0] != "PySide6":
        return True
    if "translations" in parts:  # Qt's own words, for the languages the app speaks only
        return parts[-1] in QT_CATALOGS
    if "plugins" in parts:
        folder_index = parts.index("plugins") + 1
        if folder_index >= len(parts) - 1:
            return True
        wanted = QT_PLUGINS.get(parts[folder_index], set())
        stem = parts[-1].split(".")[0]
        return wanted is None or stem in wanted
    name = parts[-1]
    if name.lower() in QT_WINDOWS_EXTRAS:
        return False
    if name.startswith(("libQt6", "Qt6")) or ".framework" in dest:
        framework = next((p for p in parts if p.endswith(".framework")), name)
        match = _QT_LIB.match(framework.replace(".framework", ""))
        return match is not None and match.group(1) in QT_LIBRARIES
    return True
