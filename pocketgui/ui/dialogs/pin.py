"""The PIN matrix as a Trezor One expects it: a blank 3×3 keypad on the computer.

The device shows its digits scrambled; the person clicks the same *places* here, so the PIN
never appears on this computer (malware watching the screen or the clicks learns nothing).
What is sent are positions on the keypad 7 8 9 / 4 5 6 / 1 2 3 (`devices.PIN_KEYPAD`).

Typed digits press the key at the same place on a numeric keypad, as Trezor Suite and
trezorctl do: 7 is the top-left key, 1 the bottom-left (whatever digit the device shows there).
Backspace removes the last one; Enter unlocks.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pocketgui.devices.base import PIN_KEYPAD
from pocketgui.i18n.catalog import _
from pocketgui.ui import palette
from pocketgui.ui.widgets.banner import mark_demo
from pocketgui.ui.widgets.labels import PlainLabel, emphasised, muted

MAX_DIGITS = 50  # Trezor's limit


class PinDialog(QDialog):
    def __init__(self, device_name: str, hint: str = "", error: str = "",
                 parent: QWidget | None = None, *, demo: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Unlock {device}").format(device=device_name))
        self.setObjectName("pinDialog")
        self._positions = ""
        title = emphasised(PlainLabel(_("Enter the PIN of {device}").format(device=device_name),
                                      wrap=True), 1.15)
        explain = PlainLabel(_("Your device shows the digits in a scrambled order. Click the "
                               "buttons here at the same places as the digits of your PIN on "
                               "the device's screen."), wrap=True)
        self.error = PlainLabel(error, wrap=True)
        self.error.setStyleSheet(palette.BAD_TEXT)
        self.error.setVisible(bool(error))
        self.hint = muted(PlainLabel(hint, wrap=True))
        self.hint.setVisible(bool(hint))
        grid = QGridLayout()
        grid.setSpacing(6)
        self.keys: dict[str, QPushButton] = {}
        for r, row in enumerate(PIN_KEYPAD):
            for c, position in enumerate(row):
                key = QPushButton("•")
                key.setObjectName(f"pin_{position}")
                key.setFixedSize(64, 52)
                key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                key.setStyleSheet("font-size: 20pt;")
                key.clicked.connect(lambda _=False, p=position: self.press(p))
                grid.addWidget(key, r, c)
                self.keys[position] = key
        self.shown = QLineEdit()
        self.shown.setReadOnly(True)
        self.shown.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typed digits go to keyPressEvent
        self.shown.setEchoMode(QLineEdit.EchoMode.Password)
        self.shown.setPlaceholderText(_("PIN"))
        self.shown.setMaximumWidth(204)
        self.backspace = QPushButton("⌫")
        self.backspace.setToolTip(_("Remove the last digit"))
        self.backspace.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.backspace.clicked.connect(self.erase)
        entry = QHBoxLayout()
        entry.addWidget(self.shown)
        entry.addWidget(self.backspace)
        entry.addStretch(1)
        pad = QHBoxLayout()
        pad.addLayout(grid)
        pad.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Unlock"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addWidget(self.error)
        layout.addLayout(pad)
        layout.addLayout(entry)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        if demo:
            mark_demo(self, layout)
        self._update()

    def press(self, position: str) -> None:
        if len(self._positions) < MAX_DIGITS:
            self._positions += position
        self._update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if len(text) == 1 and text in "123456789":
            self.press(text)  # PIN_KEYPAD's positions are the numeric keypad's digits
        elif event.key() == Qt.Key.Key_Backspace:
            self.erase()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self._positions:
            return  # nothing to send yet: Enter does not close the dialog
        else:
            super().keyPressEvent(event)

    def erase(self) -> None:
        self._positions = self._positions[:-1]
        self._update()

    def positions(self) -> str:
        return self._positions

    def _update(self) -> None:
        self.shown.setText("•" * len(self._positions))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self._positions))
