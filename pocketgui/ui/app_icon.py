"""The app's icon, from `resources/icons/hicolor/` (PNG sizes: no SVG plugin to load).

Set after the first paint: reading eight PNGs is start-up time the welcome page does not need.
On Linux the desktop file name ("pocketgui", set before the window shows) is what lets the
shell match the window to its menu entry and icon; the window icon covers the rest.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

ICON_NAME = "io.pocketgui.PocketGUI"


def resources_dir() -> Path | None:
    """`resources/` inside a bundle (next to the code) or in a source checkout; None elsewhere
    (an installed wheel has no desktop resources)."""
    bundled = getattr(sys, "_MEIPASS", None)
    candidates = [Path(bundled) / "resources"] if bundled else []
    candidates.append(Path(__file__).resolve().parents[2] / "resources")
    return next((c for c in candidates if c.is_dir()), None)


def app_icon() -> QIcon:
    """Every PNG size found (a null icon when there are none: Qt then uses its default)."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    resources = resources_dir()
    if resources is not None:
        for path in sorted((resources / "icons" / "hicolor").glob(f"*/apps/{ICON_NAME}.png")):
            icon.addFile(str(path))
    return icon
