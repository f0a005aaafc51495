"""Where a test's screenshot goes: docs/screenshots/ when POCKETGUI_SCREENSHOTS=update or when
the picture is missing, else a scratch folder — so an ordinary run (new tokens and references
each time) renders every picture but leaves the working tree clean."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"

needs_paint = pytest.mark.skipif(
    os.environ.get("QT_QPA_PLATFORM") not in (None, "offscreen", "xcb"),
    reason="needs a platform that can paint")


def target(name: str, scratch: Path) -> Path:
    """The path to write `name`.png to."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    if os.environ.get("POCKETGUI_SCREENSHOTS") != "update" and path.exists():
        return scratch / path.name
    return path
