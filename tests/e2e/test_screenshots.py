"""A PNG of every page of the demo for docs/screenshots/ (the README shows them).

Written at 1100×740 logical pixels (the window's default size), offscreen. Each is checked to
be a real picture (not blank) and small enough for the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pocketgui.ui.main_window import MainWindow
from pocketgui.ui.modes import Mode
from pocketgui.ui.signals import AppSignals
from tests.e2e.driver import DemoDriver

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MAX_BYTES = 200_000


@pytest.mark.skipif(os.environ.get("QT_QPA_PLATFORM") not in (None, "offscreen", "xcb"),
                    reason="needs a platform that can paint")
def test_every_page_as_a_png(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.resize(1100, 740)
    written: list[Path] = []

    def shoot(name: str) -> None:
        qtbot.wait(30)  # let layouts settle and the paint pass run
        target = window
        if drive.window.wizard is not None:
            dialog = drive.window.wizard.connect_page.dialog
            if dialog is not None and dialog.isVisible():
                target = dialog  # type: ignore[assignment]
        path = OUT / f"{name}.png"
        assert target.grab().save(str(path), "PNG")  # type: ignore[call-overload]
        written.append(path)

    drive = DemoDriver(window, qtbot.waitUntil, on_page=shoot)
    OUT.mkdir(parents=True, exist_ok=True)
    drive.whole_demo()
    assert len(written) == 14
    for path in written:
        size = path.stat().st_size
        assert 5_000 < size < MAX_BYTES, (path.name, size)
