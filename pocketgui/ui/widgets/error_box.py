"""An error said plainly in one sentence, with the technical details one click away."""

from __future__ import annotations

import traceback

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from pocketgui.i18n.catalog import _
from pocketgui.ui import palette
from pocketgui.ui.widgets.labels import PlainLabel


class ErrorBox(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        palette.tinted(self, "errorBox", background=palette.ALARM_BG, border=palette.BAD,
                       radius=4, ink=palette.ALARM_INK)
        self.message = PlainLabel(wrap=True, selectable=True)
        self.details_button = QPushButton(_("Details"))
        self.details_button.setCheckable(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.details.setMaximumHeight(160)
        self.details_button.toggled.connect(self.details.setVisible)
        top = QHBoxLayout()
        top.addWidget(self.message, 1)
        top.addWidget(self.details_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details)
        self.clear()

    def show_error(self, message: str, details: str = "") -> None:
        self.message.setText(message)
        self.details.setPlainText(details)
        self.details_button.setChecked(False)
        self.details_button.setVisible(bool(details))
        self.setVisible(True)

    def show_exception(self, exc: BaseException) -> None:
        """The exception's own message (our errors are written for people), the trace as details."""
        message = str(exc) or type(exc).__name__
        trace = "".join(traceback.format_exception(exc))
        self.show_error(message, f"{type(exc).__module__}.{type(exc).__qualname__}\n\n{trace}")

    def clear(self) -> None:
        self.message.clear()
        self.details.clear()
        self.setVisible(False)
