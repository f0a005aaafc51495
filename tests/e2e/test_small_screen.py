"""Everything reachable on a 1280×720 laptop screen with a desktop panel: the window keeps the
size such a screen leaves it (1280×650: a 32 px panel and a 38 px title bar), and on every page
of the demo — both branches, the dashboard, the lightning payout — every control the person
uses lies inside the window or inside a scroll area that reaches it.

Writes docs/screenshots/small-screen-*.png (replaced only with POCKETGUI_SCREENSHOTS=update or
when missing, as the other screenshot tests do): look at them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from pocketgui.ui.dashboard.notifications import Toast
from pocketgui.ui.main_window import DEFAULT_SIZE, MainWindow
from tests.e2e.driver import DemoDriver, open_window
from tests.screenshots import needs_paint, target

pytestmark = pytest.mark.slow

SMALL_SCREEN = QSize(1280, 650)  # a 1280×720 screen less a desktop panel and a title bar
CONTROLS = (QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit)


def in_a_scroll_area(widget: QWidget, window: MainWindow) -> bool:
    """Inside a page's own scroll area (a list, the review's rows), which reaches it. The
    window's scroll area around the pages does not count: a page must fit without it."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if (isinstance(parent, QAbstractScrollArea) and parent is not window.page_scroll
                and parent.viewport().isAncestorOf(widget)):
            return True
        parent = parent.parentWidget()
    return False


def out_of_reach(window: MainWindow) -> list[str]:
    """The visible controls that lie (partly) outside the window and in no scroll area of their
    page, and whether the page needed the window's own scroll bars."""
    inside = QRect(0, 0, window.width(), window.height())
    toasts = [t for t in window.findChildren(Toast) if t.isVisible()]
    lost = [f"the page needs {name} scrolling" for name, bar in (
        ("vertical", window.page_scroll.verticalScrollBar()),
        ("horizontal", window.page_scroll.horizontalScrollBar())) if bar.maximum() > 0]
    dashboard = window.dashboard
    if (dashboard is not None and window.pages.currentWidget() is dashboard
            and dashboard.view.table.horizontalScrollBar().maximum() > 0):
        lost.append("the purchases table scrolls sideways")
    for control in window.findChildren(QWidget):
        if (not isinstance(control, CONTROLS) or not control.isVisible()
                or any(t.isAncestorOf(control) for t in toasts)):
            continue
        if isinstance(control.parentWidget(), QAbstractSpinBox | QComboBox):
            continue  # a spin box's own line edit
        place = QRect(control.mapTo(window, control.rect().topLeft()), control.size())
        for toast in toasts:
            if place.intersects(QRect(toast.mapTo(window, QPoint(0, 0)), toast.size())):
                lost.append(f"the notification covers {control.objectName() or control.text()}")
        if not inside.contains(place) and not in_a_scroll_area(control, window):
            lost.append(f"{control.objectName() or type(control).__name__} "
                        f"'{getattr(control, 'text', lambda: '')()}' at {place.getRect()}")
    return lost


def shooter(qtbot: QtBot, window: MainWindow, tmp_path: Path, seen: dict[str, list[str]],  # type: ignore[no-untyped-def]
            prefix: str):
    def on_page(name: str) -> None:
        qtbot.wait(30)  # layouts settle, the paint pass runs
        seen[name] = out_of_reach(window)
        if window.width() > SMALL_SCREEN.width() or window.height() > SMALL_SCREEN.height():
            seen[name].append(f"the window grew to {window.width()}×{window.height()}")
        name = name if name.startswith(prefix) else prefix + name
        window.grab().save(str(target(f"small-screen-{name}", tmp_path)), "PNG")
    return on_page


def assert_all_reachable(seen: dict[str, list[str]]) -> None:
    lost = [f"{name}: {problem}" for name, problems in seen.items() for problem in problems]
    assert not lost, "\n".join(lost)


def small_window(qtbot: QtBot, tmp_path: Path, prefix: str = "",
                 size: QSize = SMALL_SCREEN) -> tuple[DemoDriver, dict[str, list[str]]]:
    """The demo's window at `size`, shown; what each page lacks goes in the dict as the driver
    reaches it."""
    window = open_window(qtbot, tmp_path)
    window.resize(size)
    window.show()
    seen: dict[str, list[str]] = {}
    return DemoDriver(window, qtbot.waitUntil,
                      on_page=shooter(qtbot, window, tmp_path, seen, prefix)), seen


@needs_paint
def test_every_demo_page_fits_a_1280x720_screen(qtbot: QtBot, tmp_path: Path) -> None:
    """At the window's default size, which is smaller still: nothing grows, nothing is lost,
    the purchases table needs no sideways scrolling."""
    assert QSize(*DEFAULT_SIZE).boundedTo(SMALL_SCREEN) == QSize(*DEFAULT_SIZE)
    drive, seen = small_window(qtbot, tmp_path, size=QSize(*DEFAULT_SIZE))
    window = drive.window
    window.welcome.chooser.set_mode(window.mode.PRODUCTION)  # the credentials box is the tallest
    drive.on_page("00-welcome-production")
    window.welcome.chooser.set_mode(window.mode.DEMO)
    drive.whole_demo()
    assert len(seen) == 15
    assert_all_reachable(seen)


@needs_paint
def test_the_lightning_branch_fits_a_1280x720_screen(qtbot: QtBot, tmp_path: Path) -> None:
    drive, seen = small_window(qtbot, tmp_path, "lightning-")
    drive.lightning_up_to_created()
    drive.instructions()
    drive.simulate_transfer(until="executed")
    view = drive.dashboard.view  # type: ignore[union-attr]
    purchase = view.model.purchase(0)
    assert purchase is not None
    exchange_id = purchase.id
    # it waits for the person: flagged in the list, announced, its controls in view
    assert view.model.index(0, 1).data() == "Needs you: payout"
    notifier = drive.dashboard.notifier  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: bool(notifier.shown), timeout=10_000)
    assert notifier.shown[-1].title == "Your purchase needs you"
    assert "invoice" in notifier.shown[-1].message
    panel = view.detail.lightning
    qtbot.waitUntil(lambda: panel.options_table.isVisible() and panel.tabs.isVisible())
    qtbot.wait(30)
    viewport = view.detail_scroll.viewport()
    shown = QRect(QPoint(0, 0), viewport.size())
    for control in (panel.options_table, panel.tabs.tabBar()):
        place = QRect(control.mapTo(viewport, QPoint(0, 0)), control.size())
        assert shown.intersects(place), f"{control.objectName()} below the fold"
    drive.pay_by_demo_invoice(exchange_id)
    assert "lightning-invoice" in seen
    assert_all_reachable(seen)
