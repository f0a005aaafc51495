"""The first page: what the app does, in three steps, and where to buy (Demo by default)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from pocketgui.ui.modes import Mode
from pocketgui.ui.widgets.environment_chooser import EnvironmentChooser
from pocketgui.ui.widgets.labels import PlainLabel, emphasised

STEPS = (
    "1.  Connect your hardware wallet and confirm your own bitcoin address on its screen.",
    "2.  Pocket gives you bank details and a QR code: pay once, or set up a standing order.",
    "3.  Follow every purchase until the bitcoin is confirmed in your wallet.",
)


class WelcomePage(QWidget):
    start_requested = Signal(object)  # the chosen Mode

    def __init__(self, mode: Mode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = emphasised(PlainLabel("Buy bitcoin straight to your own hardware wallet"), 1.6)
        self.chooser = EnvironmentChooser(mode)
        self.start_button = QPushButton("Get started")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(
            lambda: self.start_requested.emit(self.chooser.mode()))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(10)
        layout.addWidget(title)
        for step in STEPS:
            layout.addWidget(PlainLabel(step, wrap=True))
        layout.addSpacing(12)
        layout.addWidget(self.chooser)
        layout.addStretch(1)
        layout.addLayout(buttons)
