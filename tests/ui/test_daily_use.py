"""Stumbles of daily use, each pinned on a real demo (sandbox + simulated Trezor) or real widgets:
what a person met when trying the app on their own laptop (issue 16)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from pocketgui.flow import Draft, save_draft
from pocketgui.flow.demo import Demo
from tests.ui.wizard_kit import open_wizard


def test_an_empty_draft_is_not_announced_as_a_resumed_set_up(qtbot: QtBot, demo: Demo) -> None:
    save_draft(demo.services.draft_path,
               Draft(environment=demo.services.environment, saved_at="2026-11-24T18:02:00+00:00"))
    view = open_wizard(qtbot, demo)
    assert view.flow.data.resumed is not None  # the file was read…
    assert not view.connect_page.resumed.isVisible()  # …and holds nothing to resume


def test_a_draft_with_choices_is_announced(qtbot: QtBot, demo: Demo) -> None:
    save_draft(demo.services.draft_path,
               Draft(environment=demo.services.environment, iban="GB33BUKB20201555555555",
                     saved_at="2026-11-24T18:02:00+00:00"))
    view = open_wizard(qtbot, demo)
    assert view.connect_page.resumed.isVisible()
    assert "2026-11-24 18:02 UTC" in view.connect_page.resumed.text()
