"""A PNG of every page of the demo for docs/screenshots/ (the README shows them).

Written at the window's default size (`DEFAULT_SIZE`, which fits a 1280×720 laptop), offscreen.
Each is checked to be a real picture (not blank) and small enough for the repository. Every run
renders them all; they replace the committed ones when POCKETGUI_SCREENSHOTS=update (or when one
is missing), so an ordinary test run — whose challenge tokens and references are new each time —
leaves the working tree clean:

    POCKETGUI_SCREENSHOTS=update .venv/bin/pytest tests/e2e/test_screenshots.py
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QPainter
from pytestqt.qtbot import QtBot

from pocketgui.ui.main_window import DEFAULT_SIZE, MainWindow
from pocketgui.ui.modes import Mode
from pocketgui.ui.signals import AppSignals
from tests.e2e.driver import DemoDriver
from tests.screenshots import needs_paint, target

pytestmark = pytest.mark.slow

MAX_BYTES = 200_000


@needs_paint
def test_every_page_as_a_png(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.resize(*DEFAULT_SIZE)
    written: list[Path] = []

    def shoot(name: str) -> None:
        qtbot.wait(30)  # let layouts settle and the paint pass run
        picture = window.grab()
        dialog = window.wizard.connect_page.dialog if window.wizard is not None else None
        if dialog is not None and dialog.isVisible():  # as the person sees it: over the window
            painter = QPainter(picture)
            top_left = QPoint((picture.width() - dialog.width()) // 2 - 120,
                              (picture.height() - dialog.height()) // 2)
            painter.fillRect(QRect(top_left + QPoint(4, 4), dialog.size()), QColor(0, 0, 0, 60))
            painter.drawPixmap(top_left, dialog.grab())
            painter.setPen(QColor(120, 120, 120))
            painter.drawRect(QRect(top_left, dialog.size()).adjusted(0, 0, -1, -1))
            painter.end()
        path = target(name, tmp_path)
        assert picture.save(str(path), "PNG")  # type: ignore[call-overload]
        written.append(path)

    drive = DemoDriver(window, qtbot.waitUntil, on_page=shoot)
    drive.whole_demo()
    assert len(written) == 14
    for path in written:
        size = path.stat().st_size
        assert 5_000 < size < MAX_BYTES, (path.name, size)
