"""The pseudo-locale on the dashboard: with the Demo's purchases (confirmed on chain, refunded,
waiting for identification, a lightning one), the purchase detail and the settings dialog, every
visible text comes from the catalog and none is cut off at 1280×720. The same dashboard in each
shipped language (de, fr, it) keeps its size and cuts nothing off either.

Values a person reads as they are (amounts, references, addresses, txids, dates, counts) carry
no words to translate; `values` sets them apart by what they are made of, not by a list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from pocketgui.api.models import ExchangeStatus as S
from pocketgui.history import DashboardPreferences
from pocketgui.i18n.catalog import LANGUAGE_NAMES, PSEUDO_LANGUAGE, set_language
from pocketgui.i18n.pseudo import START, pseudo
from pocketgui.sandbox import SandboxServer
from pocketgui.ui.dashboard.blockchain_section import BlockchainSection
from pocketgui.ui.dashboard.relay_section import RelaySection
from pocketgui.ui.dashboard.settings_dialog import DashboardSettingsDialog
from pocketgui.ui.main_window import DEFAULT_SIZE
from pocketgui.ui.modes import Mode
from pocketgui.ui.settings import ELECTRUM, ChainChoice, RelayChoice
from tests.ui.dashboard.kit import WAIT_MS, Board, add_lightning_order, add_order, board
from tests.ui.dashboard.test_chain_status import watch_of
from tests.ui.dashboard.test_screenshots import forge_payout
from tests.ui.visible_texts import clipped, unmarked, visible_texts
from tests.wallet import Wallet

SIZE = (1280, 720)
EMPTY = {PSEUDO_LANGUAGE: pseudo("No orders yet. Create one with “New order”: it pays out to "
                                "your hardware wallet, or to your lightning node with “New "
                                "lightning order”."),
         "de": "Noch keine Aufträge. Erstellen Sie einen mit «Neuer Auftrag»: Er zahlt an Ihre "
               "Hardware-Wallet aus, oder mit «Neuer Lightning-Auftrag» an Ihren Lightning-Node.",
         "fr": "Aucun ordre pour l’instant. Créez-en un avec «\u00a0Nouvel ordre\u00a0»\u00a0: il "
               "verse à votre portefeuille matériel, ou à votre nœud Lightning avec «\u00a0Nouvel "
               "ordre Lightning\u00a0».",
         "it": "Ancora nessun ordine. Ne crei uno con «Nuovo ordine»: paga al suo portafoglio "
               "hardware, oppure al suo nodo Lightning con «Nuovo ordine Lightning»."}
WAITING = {PSEUDO_LANGUAGE: pseudo("{count} purchase waiting for your identification"
                                   ).format(count=1),
           "de": "1 Kauf wartet auf Ihre Identifikation",
           "fr": "1 achat en attente de votre identification",
           "it": "1 acquisto in attesa della sua identificazione"}
NAMES = {mode.label for mode in Mode} | set(LANGUAGE_NAMES.values())
# a value: digits, marks, currency codes, URLs (an example, a template) and long identifiers
# (addresses, txids, references)
_IDENTIFIER = re.compile(r"https?://\S+|\b(?:[A-Za-z0-9]{20,}|[A-Z]{3}|[A-Z]{2}\d{2}[A-Z0-9 ]+)\b")


def values(texts: list[str]) -> set[str]:
    """The texts among `texts` that hold no word: with identifiers and currency codes taken
    out, no letter is left."""
    return {text for text in texts if not re.search(r"[A-Za-z]", _IDENTIFIER.sub("", text))}


def untranslated(root: QWidget) -> list[str]:
    shown = [text for _widget, text in visible_texts(root)]
    return unmarked(root, NAMES | values(shown))


@pytest.fixture(autouse=True)
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """The pseudo-locale, or the language a test is parametrized with (its catalog compiled)."""
    wanted = getattr(request, "param", PSEUDO_LANGUAGE)
    assert set_language(wanted) == wanted
    yield wanted
    set_language("en")


def check(qtbot: QtBot, b: Board, what: str, language: str = PSEUDO_LANGUAGE) -> None:
    """The whole dashboard, as shown now: none clipped, at the size; in the pseudo-locale only
    catalog texts."""
    qtbot.wait(30)  # layouts settle
    dashboard = b.dashboard
    assert (dashboard.width(), dashboard.height()) == SIZE, what  # nothing forced it wider
    # and in the window's default size (a 1280×720 laptop with its panels) it needs no
    # sideways scrolling
    assert dashboard.minimumSizeHint().width() <= DEFAULT_SIZE[0], what
    if language == PSEUDO_LANGUAGE:
        assert untranslated(dashboard) == [], what
    assert clipped(dashboard) == [], what


def show_row(qtbot: QtBot, b: Board, exchange_id: str) -> None:
    row = b.dashboard.view.model.row_of(exchange_id)
    assert row is not None
    b.dashboard.view.table.selectRow(row)
    qtbot.waitUntil(lambda: b.dashboard.view.detail.purchase is not None
                    and b.dashboard.view.detail.purchase.id == exchange_id, timeout=WAIT_MS)


@pytest.mark.parametrize("language", [PSEUDO_LANGUAGE, "de", "fr", "it"], indirect=True)
def test_the_dashboard_and_purchase_detail_show_only_catalog_texts_none_clipped(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path,
        language: str) -> None:
    server = sandbox_factory(retry_base=0.2, settle_delay=0.5,
                             identification_threshold=Decimal("800.00"),
                             max_transfer=Decimal("2000.00"))
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        b.dashboard.resize(*SIZE)
        empty = b.dashboard.empty  # no order yet: the empty page, in the language
        assert empty.isVisible() and empty.text() == EMPTY[language]
        order_id = add_order(qtbot, b)
        confirmed = b.transfer(order_id, "100.00")
        b.wait_state(qtbot, confirmed, S.SETTLED)
        b.bank.mine(1)
        b.wait_state(qtbot, confirmed, S.CONFIRMED)
        refunded = b.transfer(order_id, "2500.00")
        b.wait_state(qtbot, refunded, S.REFUNDED)
        held = b.transfer(order_id, "900.00")
        b.wait_state(qtbot, held, S.INTERRUPTED)
        stolen = b.transfer(order_id, "80.00")
        b.wait_state(qtbot, stolen, S.EXECUTED)
        forge_payout(b, stolen)  # paid to a stranger: the alarms, the banner, the red detail
        qtbot.waitUntil(lambda: b.dashboard.view.banner.isVisible(), timeout=WAIT_MS)
        alarm = b.notifier.toast()
        assert alarm.isVisible() and clipped(alarm) == []
        if language == PSEUDO_LANGUAGE:
            assert untranslated(alarm) == []
        alarm.hide()  # the rest is checked without it
        for exchange_id, state in ((confirmed, "confirmed"), (refunded, "refunded"),
                                   (held, "interrupted"), (stolen, "not your wallet")):
            show_row(qtbot, b, exchange_id)
            check(qtbot, b, state, language)
        assert b.dashboard.view.detail.alarm.isVisible()
        show_row(qtbot, b, held)
        detail = b.dashboard.view.detail
        assert detail.note.isVisible() and detail.identify.isVisible()  # what it needs
        assert b.dashboard.view.attention.text().startswith(WAITING[language])  # ngettext
        b.dashboard.view.tabs.setCurrentWidget(b.dashboard.view.chart)
        check(qtbot, b, "chart", language)
        toast = b.notifier.toast()
        news = b.notifier.shown[-1]
        toast.show_message(news.title, news.message)
        assert clipped(toast) == []
        if language == PSEUDO_LANGUAGE:
            assert untranslated(toast) == []


def test_a_lightning_purchase_and_its_payout_panel_show_only_catalog_texts(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2)
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        b.dashboard.resize(*SIZE)
        add_lightning_order(qtbot, b)
        exchange_id = b.transfer(b.dashboard.current, "100.00")
        b.wait_state(qtbot, exchange_id, S.EXECUTED)
        panel = b.dashboard.view.detail.lightning
        show_row(qtbot, b, exchange_id)
        qtbot.waitUntil(lambda: panel.isVisible() and panel.options_table.isVisible(),
                        timeout=WAIT_MS)
        b.notifier.toast().hide()
        check(qtbot, b, "lightning, invoice")
        panel.tabs.setCurrentIndex(1)
        check(qtbot, b, "lightning, channel")


def test_a_payout_known_only_from_the_chain_shows_only_catalog_texts(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> None:
    """Its row, its detail, and the Spent figure's line that its cost is not known."""
    server = sandbox_factory(electrum_port=0)
    assert server.electrum_port is not None
    choice = ChainChoice(ELECTRUM, "127.0.0.1", server.electrum_port, tls=False)
    with board(qtbot, server, tmp_path / "store.sqlite3",
               chain=watch_of(choice, tmp_path / "chain")) as b:
        b.dashboard.resize(*SIZE)
        add_order(qtbot, b)
        b.bank.pay_address(Wallet().address("0/1"), Decimal("0.0005"))
        view = b.dashboard.view
        qtbot.waitUntil(lambda: view.model.rowCount() == 1 and view.detail.isVisible(),
                        timeout=WAIT_MS)
        view.table.selectRow(0)
        assert view.spent.sub.text().count(START) == 2  # both lines from the catalog
        check(qtbot, b, "chain-only")


def test_the_settings_dialog_with_blockchain_and_relay_shows_only_catalog_texts(
        qtbot: QtBot) -> None:
    blockchain = BlockchainSection(ChainChoice(), None)
    dialog = DashboardSettingsDialog(DashboardPreferences(), None, blockchain=blockchain,
                                     relay=RelaySection(RelayChoice()))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= SIZE[0] and dialog.height() <= SIZE[1]
    assert untranslated(dialog) == []
    assert clipped(dialog) == []
    blockchain.esplora.setChecked(True)  # its warning shows
    assert blockchain.warning.isVisible()
    assert untranslated(dialog) == [] and clipped(dialog) == []
    dialog.explorer.setText("http://example.org")
    assert not dialog.save()
    assert START in dialog.problem.text()  # the refusal, from the catalog too


def test_values_are_told_from_words() -> None:
    assert values(["100.00 CHF", "0.00192307 BTC", "RF18 5390 0754 7034", "—", "2026-12-06 19:05",
                   "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080", "1.5 %",
                   "https://mempool.space/tx/{txid}"]) == {
        "100.00 CHF", "0.00192307 BTC", "RF18 5390 0754 7034", "—", "2026-12-06 19:05",
        "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080", "1.5 %", "https://mempool.space/tx/{txid}"}
    assert values(["Spent", "Paid to 100.00 CHF", "3 purchases"]) == set()
