"""The settings dialog keeps only valid templates, and saves them where it was told."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from pocketgui.bitcoin import Network
from pocketgui.history import DashboardPreferences
from pocketgui.ui.dashboard.settings_dialog import DashboardSettingsDialog


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
