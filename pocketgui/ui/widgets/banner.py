"""The DEMO banner: every window in Demo mode says so, so nobody mistakes it for real money."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from pocketgui.i18n.catalog import N_, _
from pocketgui.ui import palette
from pocketgui.ui.modes import Mode
from pocketgui.ui.signals import AppSignals
from pocketgui.ui.widgets.labels import PlainLabel, emphasised

TEXT = N_("DEMO — local sandbox on regtest, simulated hardware wallet: no real money, no real "
          "bitcoin")
AMBER, INK = QColor(palette.AMBER), QColor(palette.BANNER_INK)


class DemoBanner(QFrame):
    """Visible exactly while the mode is Demo; follows `environment_changed` when given signals.

    Coloured through the palette, not a style sheet: it is on the first painted window.
    """

    def __init__(self, mode: Mode, signals: AppSignals | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBanner")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, AMBER)
        palette.setColor(QPalette.ColorRole.WindowText, INK)
        self.setPalette(palette)
        self.label = emphasised(PlainLabel(_(TEXT)))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self.set_mode(mode)
        if signals is not None:
            signals.environment_changed.connect(self.set_mode)

    def set_mode(self, mode: Mode) -> None:
        self.setVisible(mode is Mode.DEMO)


def mark_demo(window: QWidget, layout: QVBoxLayout) -> None:
    """A dialog in Demo says so too: the banner on top, [DEMO] in its title."""
    layout.insertWidget(0, DemoBanner(Mode.DEMO))
    window.setWindowTitle(f"{window.windowTitle()} [DEMO]")
