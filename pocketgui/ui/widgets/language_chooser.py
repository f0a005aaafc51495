"""The app's language: the system's (the default) or one the app has a catalog for.

The choice takes effect at the next start, and says so: every text is translated as its widget is
built, and rebuilding every open page (a wizard half done, the dashboard) would lose what the
person has in front of them.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from pocketgui.i18n.catalog import (
    LANGUAGE_NAMES,
    N_,
    _,
    active_language,
    available_languages,
    system_language,
)
from pocketgui.ui.widgets.labels import PlainLabel, muted

AFTER_RESTART = N_("Takes effect when you next start pocketgui.")


class LanguageChooser(QWidget):
    language_chosen = Signal(str)  # "" = the system's; a language code otherwise

    def __init__(self, chosen: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setObjectName("language")
        system = LANGUAGE_NAMES.get(system_language(), system_language())
        self.combo.addItem(_("System language ({language})").format(language=system), "")
        for code in available_languages():
            self.combo.addItem(LANGUAGE_NAMES[code], code)
        self.note = muted(PlainLabel(_(AFTER_RESTART)))
        self.note.setVisible(False)
        self.set_choice(chosen)
        self.combo.currentIndexChanged.connect(self._chosen)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(PlainLabel(_("Language")))
        layout.addWidget(self.combo)
        layout.addWidget(self.note, 1)

    def set_choice(self, chosen: str) -> None:
        """Show the saved choice (an unknown one as the system's) without announcing it."""
        index = self.combo.findData(chosen)
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)

    def choice(self) -> str:
        return str(self.combo.currentData())

    def _chosen(self) -> None:
        choice = self.choice()
        self.note.setVisible((choice or system_language()) != active_language())
        self.language_chosen.emit(choice)
