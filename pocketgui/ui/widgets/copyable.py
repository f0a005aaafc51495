"""A labelled value with a Copy button: IBANs and references are copied, never retyped.

The label sits above its value, so the value gets the row's whole width: an IBAN stays on one
line even beside a QR code.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from pocketgui.i18n.catalog import _
from pocketgui.ui.widgets.labels import PlainLabel, muted


class CopyableRow(QWidget):
    def __init__(self, label: str, display: str, copy: str | None = None, *,
                 monospace: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.copy_text = display if copy is None else copy
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 3, 0, 3)
        layout.setVerticalSpacing(1)
        self.label = muted(PlainLabel(label))
        self.value = PlainLabel(display, selectable=True, wrap=True)
        if monospace:  # IBANs and references: 0/O and 1/I must not be confused
            self.value.setStyleSheet("font-family: monospace;")
        self.button = QPushButton(_("Copy"))
        self.button.setToolTip(_("Copy to the clipboard: {label}").format(label=label))
        self.button.setEnabled(bool(self.copy_text))
        self.button.clicked.connect(self.copy)
        layout.addWidget(self.label, 0, 0)
        layout.addWidget(self.value, 1, 0)
        layout.addWidget(self.button, 0, 1, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        layout.setColumnStretch(0, 1)

    def set_value(self, display: str, copy: str | None = None) -> None:
        """A new value (a renewed challenge's command): shown and copied from now on."""
        self.copy_text = display if copy is None else copy
        self.value.setText(display)
        self.button.setEnabled(bool(self.copy_text))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.copy_text)
        self.button.setText(_("Copied"))
        # the button as context: the reset is dropped if the row is gone by then
        QTimer.singleShot(1500, self.button, lambda: self.button.setText(_("Copy")))
