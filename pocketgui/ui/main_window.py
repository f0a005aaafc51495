"""The main window: DEMO banner on top, the pages below, the environment in the status bar.

The wizard pages will be added to `pages` (a QStackedWidget); the window owns the connections it
makes to the app signals and undoes them when it closes. A plain QWidget rather than a
QMainWindow: measured offscreen, a QMainWindow adds ≈30 ms before its first paint, a fifth of the
whole start-up budget, and this window needs no docks or toolbars.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget, QStatusBar, QVBoxLayout, QWidget

from pocketgui.ui.modes import Mode
from pocketgui.ui.pages.welcome import WelcomePage
from pocketgui.ui.signals import AppSignals, Connections
from pocketgui.ui.widgets.banner import DemoBanner
from pocketgui.ui.widgets.labels import PlainLabel

if TYPE_CHECKING:  # at run time Qt passes it in; importing its type costs start-up time
    from PySide6.QtGui import QCloseEvent

APP_TITLE = "Pocket — buy bitcoin to your hardware wallet"


class MainWindow(QWidget):
    def __init__(self, signals: AppSignals, mode: Mode) -> None:
        super().__init__()
        self.signals = signals
        self.mode = mode
        self.connections = Connections()
        self.banner = DemoBanner(mode)
        self.welcome = WelcomePage(mode)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.environment = PlainLabel()
        self.status = QStatusBar()
        self.status.setSizeGripEnabled(False)
        self.status.setContentsMargins(24, 0, 28, 6)  # lines up with the page margins
        self.status.addPermanentWidget(self.environment)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.status)
        self.connections.connect(signals.environment_changed, self._show_mode)
        self.connections.connect(self.welcome.chooser.mode_chosen, self.set_mode)
        self._show_mode(mode)
        self.resize(720, 560)

    def set_mode(self, mode: Mode) -> None:
        if mode is not self.mode:
            self.mode = mode
            self.signals.environment_changed.emit(mode)

    def _show_mode(self, mode: Mode) -> None:
        self.mode = mode
        self.banner.set_mode(mode)
        self.welcome.chooser.set_mode(mode)
        self.setWindowTitle(f"{APP_TITLE} [DEMO]" if mode is Mode.DEMO else APP_TITLE)
        self.environment.setText(f"Environment: {mode.label}")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.connections.disconnect_all()
        super().closeEvent(event)
