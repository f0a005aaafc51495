"""The settings dialog keeps only valid templates, and saves them where it was told."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from pocketgui.bitcoin import Network
from pocketgui.history import DashboardPreferences
from pocketgui.sandbox import SandboxServer
from pocketgui.ui.dashboard.settings_dialog import DashboardSettingsDialog
from tests.ui.dashboard.kit import board


def test_wrong_templates_change_nothing_right_ones_are_saved(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    preferences, path = DashboardPreferences(), tmp_path / "dashboard.json"
    dialog = DashboardSettingsDialog(preferences, path)
    qtbot.addWidget(dialog)
    dialog.explorer.setText("http://plain.example/tx/{txid}")
    assert not dialog.save()
    assert "https" in dialog.problem.text() and preferences.explorer_url == ""
    assert not path.exists()
    dialog.explorer.setText("https://blockstream.info/tx/{txid}")
    dialog.keep.setChecked(False)
    assert dialog.save()
    assert DashboardPreferences.load(path) == preferences
    assert preferences.explorer_link("ab" * 32, Network.MAINNET) == (
        "https://blockstream.info/tx/" + "ab" * 32)
    assert not preferences.keep_tracking_in_tray


def test_the_language_is_chosen_in_the_dashboards_settings_too(
        qtbot: QtBot, sandbox: SandboxServer, tmp_path: Path) -> None:
    with board(qtbot, sandbox, tmp_path / "store.sqlite3") as b:
        b.dashboard.language_choice = "de"
        chosen: list[str] = []
        b.dashboard.language_chosen.connect(chosen.append)
        dialog = b.dashboard.edit_settings()
        assert dialog.language.choice() == "de"  # the saved choice is shown
        assert dialog.save() and chosen == []  # nothing changed, nothing handed on
        dialog = b.dashboard.edit_settings()
        dialog.language.combo.setCurrentIndex(dialog.language.combo.findData("fr"))
        assert not dialog.language.note.isHidden()  # "Takes effect when you next start …"
        assert dialog.save() and chosen == ["fr"] and b.dashboard.language_choice == "fr"
