"""`TrayPresence`: a tray icon that keeps the tracker running when the window is closed.

With "keep tracking when the window is closed" on (a dashboard preference) and a system tray
on this desktop, closing the window hides it instead: the tracker, the webhook receiver and the
notifications go on, and the tray's menu brings the window back or quits. Without a tray, or
with the setting off, closing closes. Installed as an event filter on the window, so the window
class needs no change.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QSystemTrayIcon, QWidget

from pocketgui.history.preferences import DashboardPreferences
from pocketgui.i18n.catalog import N_, _
from pocketgui.ui.dashboard.notifications import Notifier

STILL_TRACKING = (N_("Pocket keeps tracking your purchases"), N_("The window is closed; you "
                  "will be notified here. Quit from this icon's menu."))  # translated where shown


class TrayPresence(QObject):
    def __init__(self, window: QWidget, preferences: DashboardPreferences, notifier: Notifier,
                 *, icon: QIcon | None = None, on_quit: Callable[[], None] | None = None,
                 available: bool | None = None) -> None:
        super().__init__(window)
        self.window, self.preferences, self.notifier = window, preferences, notifier
        self.on_quit = on_quit or QApplication.quit
        self.available = (QSystemTrayIcon.isSystemTrayAvailable() if available is None
                          else available)
        self.hidden_to_tray = 0
        self.tray: QSystemTrayIcon | None = None
        if self.available:
            style = window.style()
            self.tray = QSystemTrayIcon(
                icon or style.standardIcon(QStyle.StandardPixmap.SP_ComputerIcon), self)
            self.tray.setToolTip(_("Pocket — tracking your purchases"))
            menu = QMenu(window)
            show = QAction(_("Show window"), menu)
            show.triggered.connect(self.show_window)
            leave = QAction(_("Quit"), menu)
            leave.triggered.connect(self.quit)
            menu.addAction(show)
            menu.addAction(leave)
            self.tray.setContextMenu(menu)
            self.tray.activated.connect(lambda _reason: self.show_window())
            self.tray.show()
            notifier.set_tray(self.tray)
        self._quitting = False
        window.installEventFilter(self)

    def keeps_tracking(self) -> bool:
        return self.available and self.preferences.keep_tracking_in_tray and not self._quitting

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The event's type first: the filter sees every event of the window, also while a
        # collected window is torn down and this wrapper's attributes are already gone.
        if event.type() == QEvent.Type.Close and watched is self.window and \
                self.keeps_tracking():
            event.ignore()
            self.window.hide()
            self.hidden_to_tray += 1
            if self.hidden_to_tray == 1:
                self.notifier.notify("", "hidden-to-tray", *map(_, STILL_TRACKING))
            return True
        return False

    def show_window(self) -> None:
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def quit(self) -> None:
        """Really close: the window's own close runs (and shuts the dashboard down)."""
        self._quitting = True
        if self.tray is not None:
            self.tray.hide()
        self.window.close()
        self.on_quit()
