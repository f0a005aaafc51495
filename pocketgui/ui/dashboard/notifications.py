"""`Notifier`: a desktop notification for each purchase's move, exactly once per state.

With a visible system tray icon the message goes through `QSystemTrayIcon.showMessage`;
without one (no tray on this desktop, tests offscreen) an in-app toast shows it in the corner
of the dashboard's window. Every notification is recorded in `shown`, deduplicated per
(exchange id, state): a webhook and a poll that both report "executed", or a restart, never
notify twice.

Server text reaches the tray message (an exchange's address, a refund code…). On Linux and the
BSDs Qt hands it to the freedesktop notification server, whose specification lets the body carry
markup (`<a href>`, `<img>`), so it is escaped there (`tray_text`); Windows and macOS show the
text as it is.
"""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QFrame,
    QLineEdit,
    QPlainTextEdit,
    QSystemTrayIcon,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from pocketgui.ui import palette
from pocketgui.ui.widgets.labels import PlainLabel, emphasised

TOAST_MS = 8000
TRAY_MS = 8000
MARKUP_NOTIFICATIONS = sys.platform not in ("win32", "darwin")  # freedesktop: body markup


def tray_text(text: str, *, markup: bool = MARKUP_NOTIFICATIONS) -> str:
    """`text` as a notification server shows it literally: `&`, `<` and `>` escaped where the
    server reads markup."""
    return html.escape(text, quote=False) if markup else text


@dataclass(frozen=True)
class Notification:
    exchange_id: str
    state: str
    title: str
    message: str
    via: str  # "tray" or "toast"
    alarm: bool = False


# What a toast must never hide: what the person clicks or types in.
CONTROLS = (QAbstractButton, QLineEdit, QAbstractSpinBox, QComboBox, QTabBar, QPlainTextEdit)
MARGIN = 16


def free_spot(host: QWidget, size: QSize, skip: QWidget) -> QPoint:
    """Where a `size` toast covers no visible control of `host`: the highest such place along
    the right edge, else along the left edge; the top right corner when there is none."""
    taken = []
    for control in host.findChildren(QWidget):
        if (isinstance(control, CONTROLS) and control.isVisible() and control is not skip
                and not skip.isAncestorOf(control)):
            taken.append(QRect(control.mapTo(host, QPoint(0, 0)), control.size()))
    for x in (host.width() - size.width() - MARGIN, MARGIN):
        for y in range(8, max(9, host.height() - size.height() - 8), 4):
            spot = QRect(QPoint(max(0, x), y), size)
            if not any(spot.intersects(rect) for rect in taken):
                return spot.topLeft()
    return QPoint(max(0, host.width() - size.width() - MARGIN), 8)


class Toast(QFrame):
    """The in-app notification: in the top-most place of its host, right side first, that
    covers no control (over headings and figures, never over a button or a field); on top of
    everything, hides itself."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("toast")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = emphasised(PlainLabel())
        self.message = PlainLabel(wrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        self.setFixedWidth(360)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)
        host.installEventFilter(self)
        self.hide()

    def show_message(self, title: str, message: str, alarm: bool = False) -> None:
        background, border = (palette.ALARM_BG, palette.BAD) if alarm else (palette.INK,) * 2
        ink = palette.ALARM_INK if alarm else palette.WHITE
        self.setStyleSheet(palette.box_style("toast", background=background, border=border,
                                             border_width=2, radius=8, ink=ink))
        self.title.setText(title)
        self.message.setText(message)
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        self.timer.start(TOAST_MS * (3 if alarm else 1))

    def _place(self) -> None:
        host = self.parentWidget()
        if host is not None:
            self.move(free_spot(host, self.size(), self))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest) and self.isVisible():
            self._place()
        return False


class Notifier(QObject):
    notified = Signal(object)  # the Notification, after it was shown

    def __init__(self, tray: QSystemTrayIcon | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray = tray
        self.shown: list[Notification] = []
        self._seen: set[tuple[str, str]] = set()
        self._toast: Toast | None = None
        self._host: QWidget | None = None

    def set_host(self, widget: QWidget) -> None:
        """The widget whose window shows the toasts when there is no tray."""
        self._host = widget

    def set_tray(self, tray: QSystemTrayIcon | None) -> None:
        self.tray = tray

    def notify(self, exchange_id: str, state: str, title: str, message: str, *,
               alarm: bool = False) -> bool:
        """Show it unless this exchange already announced this state; answers whether shown."""
        key = (exchange_id, state)
        if key in self._seen:
            return False
        self._seen.add(key)
        tray = self.tray
        if tray is not None and tray.isVisible() and tray.supportsMessages():
            icon = (QSystemTrayIcon.MessageIcon.Critical if alarm
                    else QSystemTrayIcon.MessageIcon.Information)
            tray.showMessage(tray_text(title), tray_text(message), icon,
                             TRAY_MS * (3 if alarm else 1))
            via = "tray"
        else:
            self.toast().show_message(title, message, alarm)
            via = "toast"
        notification = Notification(exchange_id, state, title, message, via, alarm)
        self.shown.append(notification)
        self.notified.emit(notification)
        return True

    def toast(self) -> Toast:
        host = self._host.window() if self._host is not None else None
        if self._toast is None or self._toast.parentWidget() is not host:
            if host is None:
                raise RuntimeError("Notifier.set_host() first: there is no tray to show it in")
            self._toast = Toast(host)
        return self._toast

    def of(self, exchange_id: str) -> list[str]:
        """The states notified for one exchange, in order (for tests and the log)."""
        return [n.state for n in self.shown if n.exchange_id == exchange_id]
