"""The pseudo-locale on the first screen: every visible text from the catalog, none cut off at
the default window size (which fits a 1280×720 laptop)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pocketgui.i18n.catalog import LANGUAGE_NAMES, set_language
from pocketgui.ui.main_window import DEFAULT_SIZE, MainWindow
from pocketgui.ui.modes import Mode
from pocketgui.ui.signals import AppSignals
from tests.ui.visible_texts import clipped, unmarked

# names, the same in every language
NAMES = {mode.label for mode in Mode} | set(LANGUAGE_NAMES.values())


@pytest.fixture(autouse=True)
def pseudo_locale() -> Iterator[None]:
    set_language("xx")
    yield
    set_language("en")


def test_the_welcome_page_shows_only_catalog_texts_none_clipped(qtbot: QtBot,
                                                                tmp_path: Path) -> None:
    window = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.resize(*DEFAULT_SIZE)
    window.show()
    qtbot.waitExposed(window)
    assert unmarked(window, NAMES) == []
    assert clipped(window) == []


def test_the_check_finds_an_english_text_and_a_clipped_one(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    english, cut = QLabel("Plain English"), QLabel("⟦Ŵîđé·····⟧ " * 10)
    cut.setFixedWidth(40)
    layout.addWidget(english)
    layout.addWidget(cut)
    root.show()
    qtbot.waitExposed(root)
    assert unmarked(root, NAMES) == ["Plain English"]
    assert clipped(root) == [cut.text()]


def test_the_payment_details_mark_every_word_and_leave_every_value(qtbot: QtBot) -> None:
    from pocketgui.payments import PaymentInstructions
    from pocketgui.ui.widgets.payment_details import PaymentDetailsPanel
    from tests.payments.examples import EXAMPLE_PAYMENT_METHOD

    panel = PaymentDetailsPanel(PaymentInstructions.from_payment_method(EXAMPLE_PAYMENT_METHOD),
                                demo=True)
    qtbot.addWidget(panel)
    panel.resize(900, 560)  # its room in the wizard at the default window size
    panel.show()
    qtbot.waitExposed(panel)
    values = {row.display for row in panel.slip.rows if row.copy}
    assert {row.value.text() for row in panel.rows} >= values  # shown as they are
    assert unmarked(panel, NAMES | values) == []
    assert clipped(panel) == []
