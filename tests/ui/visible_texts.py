"""What a person sees of a window, for the pseudo-locale checks: each visible text, whether it
is marked as translated (⟦…⟧), and whether it is cut off."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from pocketgui.i18n.pseudo import START


def visible_texts(root: QWidget) -> list[tuple[QWidget, str]]:
    """Every text shown by a visible label, button, group box title, combo box entry or
    placeholder under `root`."""
    found: list[tuple[QWidget, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root):
            continue
        texts: list[str] = []
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        found += [(widget, text) for text in texts if text.strip()]
    return found


def unmarked(root: QWidget, names: set[str]) -> list[str]:
    """Visible texts not from the catalog: no pseudo-locale marker, and not a name that stays
    as it is in every language (`names`: Demo, Deutsch, …)."""
    return [text for _widget, text in visible_texts(root)
            if START not in text and text not in names]


def clipped(root: QWidget) -> list[str]:
    """Visible one-line labels and buttons narrower than their text (cut off on screen)."""
    cut = []
    for widget, text in visible_texts(root):
        one_line = isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and not widget.wordWrap())
        if one_line and widget.width() < widget.fontMetrics().horizontalAdvance(text):
            cut.append(text)
    return cut
