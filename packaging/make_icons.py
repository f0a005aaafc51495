"""`make icons`: render the scalable icon into every size the desktops ask for.

The SVG in resources/icons/hicolor/scalable/apps is the only source. The PNGs (the hicolor
sizes Linux desktops and AppStream use), the Windows .ico and the macOS .icns are generated from
it and committed, so a bundle build needs neither a rasteriser nor Pillow.

    .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
NAME = "io.pocketgui.PocketGUI"
SVG = ICONS / "hicolor" / "scalable" / "apps" / f"{NAME}.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    return ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"


def render_pngs() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        path = png_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(path), b"PNG"):
            raise SystemExit(f"cannot write {path}")
        print(f"wrote {path.relative_to(ROOT)}")
    del app


def write_ico_icns() -> None:
    """Pillow (a dev dependency) writes multi-size .ico and .icns on any OS."""
    from PIL import Image

    big = Image.open(png_path(512)).convert("RGBA")
    ico = ICONS / "pocketgui.ico"
    big.save(ico, sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    icns = ICONS / "pocketgui.icns"
    big.save(icns)
    print(f"wrote {ico.relative_to(ROOT)}, {icns.relative_to(ROOT)}")


if __name__ == "__main__":
    render_pngs()
    write_ico_icns()
