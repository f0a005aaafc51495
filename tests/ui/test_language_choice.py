"""The welcome page's language choice: kept in the settings, in force from the next start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pocketgui.i18n.catalog import set_language
from pocketgui.ui.main_window import MainWindow
from pocketgui.ui.modes import Mode
from pocketgui.ui.settings import Settings
from pocketgui.ui.signals import AppSignals
from pocketgui.ui.widgets.language_chooser import LanguageChooser


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    set_language("en")


def test_choosing_german_is_saved_and_says_it_needs_a_restart(qtbot: QtBot,
                                                              tmp_path: Path) -> None:
    settings = Settings()
    window = MainWindow(AppSignals(), Mode.DEMO, settings=settings, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    chooser = window.welcome.language
    assert chooser.choice() == ""  # the system's, until the person chooses
    chooser.combo.setCurrentIndex(chooser.combo.findData("de"))
    assert settings.language == "de"
    assert Settings.load().language == "de"  # written to settings.json at once
    assert not chooser.note.isHidden()
    assert "next start" in chooser.note.text()
    chooser.combo.setCurrentIndex(chooser.combo.findData(""))
    assert Settings.load().language == "" and chooser.note.isHidden()  # English is in force


def test_the_saved_choice_is_shown_and_an_unknown_one_as_the_systems(qtbot: QtBot) -> None:
    chooser = LanguageChooser("de")
    qtbot.addWidget(chooser)
    assert chooser.choice() == "de" and chooser.note.isHidden()
    chooser.set_choice("tlh")
    assert chooser.choice() == ""


def test_a_german_window_shows_the_german_texts(qtbot: QtBot) -> None:
    set_language("de")
    chooser = LanguageChooser()
    qtbot.addWidget(chooser)
    assert chooser.combo.itemText(0).startswith("Systemsprache")
    assert [chooser.combo.itemText(i) for i in range(1, chooser.combo.count())] == [
        "English", "Deutsch", "Français", "Italiano"]
