"""Where to buy: one radio button per mode, each with a sentence that says what it means."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QGroupBox, QRadioButton, QVBoxLayout, QWidget

from pocketgui.i18n.catalog import _
from pocketgui.ui.modes import Mode
from pocketgui.ui.widgets.labels import PlainLabel, muted


class EnvironmentChooser(QGroupBox):
    mode_chosen = Signal(object)  # Mode

    def __init__(self, mode: Mode, parent: QWidget | None = None) -> None:
        super().__init__(_("Where to buy"), parent)
        layout = QVBoxLayout(self)
        self._group = QButtonGroup(self)
        self._buttons: dict[Mode, QRadioButton] = {}
        for choice in Mode:
            button = QRadioButton(choice.label)
            button.setObjectName(f"mode_{choice.value}")
            hint = muted(PlainLabel(_(choice.description), wrap=True))
            hint.setContentsMargins(24, 0, 0, 6)
            layout.addWidget(button)
            layout.addWidget(hint)
            self._group.addButton(button)
            self._buttons[choice] = button
            button.toggled.connect(lambda on, c=choice: self._toggled(c, on))
        self._buttons[mode].setChecked(True)

    def _toggled(self, mode: Mode, on: bool) -> None:
        if on:  # the button switched off in the same click is not news
            self.mode_chosen.emit(mode)

    def mode(self) -> Mode:
        return next(m for m, button in self._buttons.items() if button.isChecked())

    def set_mode(self, mode: Mode) -> None:
        self._buttons[mode].setChecked(True)
