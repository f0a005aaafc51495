"""Qt's own words follow the app's language: its catalogs are found and installed."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from pocketgui.ui.qt_translations import install_qt_translations

SAVE = QDialogButtonBox.StandardButton.Save


def save_button_text(qtbot: QtBot) -> str:
    buttons = QDialogButtonBox(SAVE)
    qtbot.addWidget(buttons)
    return buttons.button(SAVE).text().replace("&", "")


def test_qts_own_buttons_speak_the_apps_language(qtbot: QtBot, qapp: QApplication) -> None:
    assert save_button_text(qtbot) == "Save"
    for language, word in (("de", "Speichern"), ("fr", "Enregistrer"), ("it", "Salva")):
        translator = install_qt_translations(qapp, language)
        assert translator is not None, language
        try:
            assert save_button_text(qtbot) == word
        finally:
            qapp.removeTranslator(translator)
    assert save_button_text(qtbot) == "Save"


def test_english_and_a_language_qt_lacks_install_nothing(qapp: QApplication) -> None:
    assert install_qt_translations(qapp, "en") is None
    assert install_qt_translations(qapp, "xx") is None  # the pseudo-locale: no Qt catalog
