from __future__ import annotations

import sys

from pytestqt.qtbot import QtBot

from pocketgui.ui.tasks import TaskRunner
from pocketgui.ui.warmup import import_all, warm_up


def test_warm_up_imports_off_the_ui_thread_and_says_when_done(qtbot: QtBot) -> None:
    runner = TaskRunner(1)
    task = warm_up(runner)
    with qtbot.waitSignal(task.finished, timeout=30_000):
        pass
    runner.wait_for_done(1000)
    assert "qrcode" in sys.modules and "pocketgui.payments" in sys.modules


def test_a_module_that_fails_is_reported_not_raised() -> None:
    assert import_all(("pocketgui.no_such_layer", "json")) == ["pocketgui.no_such_layer"]
