"""A PNG of every page of the demo for docs/screenshots/ (the README shows them).

Written at the window's default size (`DEFAULT_SIZE`, which fits a 1280×720 laptop), offscreen.
Each is checked to be a real picture (not blank) and small enough for the repository. Every run
renders them all; they replace the committed ones when POCKETGUI_SCREENSHOTS=update (or when one
is missing), so an ordinary test run — whose challenge tokens and references are new each time —
leaves the working tree clean:

    POCKETGUI_SCREENSHOTS=update .venv/bin/pytest tests/e2e/test_screenshots.py

The German run (`de-*.png`) drives the same demo with the German catalog loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QPainter
from pytestqt.qtbot import QtBot

from pocketgui.i18n.catalog import set_language
from pocketgui.ui.main_window import DEFAULT_SIZE, MainWindow
from pocketgui.ui.modes import Mode
from pocketgui.ui.signals import AppSignals
from tests.e2e.driver import DemoDriver
from tests.screenshots import needs_paint, target

pytestmark = pytest.mark.slow

MAX_BYTES = 200_000


GERMAN = ("01-welcome", "09-payment", "12-instructions", "14-confirmed")  # wizard, dashboard


def shooter(window: MainWindow, qtbot: QtBot, tmp_path: Path, written: list[Path], *,
            prefix: str = "", only: tuple[str, ...] = ()) -> Callable[[str], None]:
    """What the driver calls on each page: a PNG of the window as the person sees it."""

    def shoot(name: str) -> None:
        if only and name not in only:
            return
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
        path = target(prefix + name, tmp_path)
        assert picture.save(str(path), "PNG")  # type: ignore[call-overload]
        written.append(path)

    return shoot


@needs_paint
def test_every_page_as_a_png(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.resize(*DEFAULT_SIZE)
    written: list[Path] = []
    drive = DemoDriver(window, qtbot.waitUntil, on_page=shooter(window, qtbot, tmp_path, written))
    drive.whole_demo()
    assert len(written) == 14
    for path in written:
        size = path.stat().st_size
        assert 5_000 < size < MAX_BYTES, (path.name, size)


@needs_paint
def test_the_whole_demo_in_german_with_its_screenshots(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "de_CH.UTF-8")  # German as in Switzerland: 1'000.50 CHF
    set_language("")
    try:
        window = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path / "data")
        qtbot.addWidget(window)
        window.resize(*DEFAULT_SIZE)
        assert window.welcome.start_button.text() == "Los geht's"
        written: list[Path] = []
        drive = DemoDriver(window, qtbot.waitUntil, on_page=shooter(
            window, qtbot, tmp_path, written, prefix="de-", only=GERMAN))
        drive.whole_demo()
    finally:
        set_language("en")
    assert [path.name for path in written] == [f"de-{name}.png" for name in GERMAN]
    for path in written:
        size = path.stat().st_size
        assert 5_000 < size < MAX_BYTES, (path.name, size)
