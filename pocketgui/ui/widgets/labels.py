"""Labels that never interpret their text as HTML, and the few text styles the app uses.

Qt guesses rich text in a QLabel from the content (Qt::mightBeRichText), so a name or message
from the server could render markup or links. Every label that can show text from outside is a
PlainLabel. It switches to Qt.PlainText as soon as a text contains "<" or "&" — the only
characters that can make Qt guess rich text — so the welcome page paints without loading the
`Qt` enum namespace (≈15 ms at start-up) while no text is ever taken for HTML.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QWidget

Label = TypeVar("Label", bound=QLabel)  # the styling helpers hand back the label they were given


class PlainLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None, *, selectable: bool = False,
                 wrap: bool = False) -> None:
        super().__init__(parent)
        self._plain = False
        self.setText(text)
        self.setWordWrap(wrap)
        if selectable:
            from PySide6.QtCore import Qt

            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def setText(self, text: str) -> None:
        if not self._plain and ("<" in text or "&" in text):
            from PySide6.QtCore import Qt

            self.setTextFormat(Qt.TextFormat.PlainText)
            self._plain = True
        super().setText(text)


def muted(label: Label) -> Label:
    """Secondary text (hints, field names) in the palette's placeholder colour."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText,
                     palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)
    return label


def emphasised(label: Label, scale: float = 1.0) -> Label:
    """Bold, optionally larger: titles and banners, without a style sheet."""
    font = QFont(label.font())
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label
