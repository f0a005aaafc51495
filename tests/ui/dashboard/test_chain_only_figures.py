"""An order whose bitcoin arrived with no news from Pocket: the order's four figures and its
CSV export count what the chain shows, once Pocket names it as that purchase, in English and in
German. Real parts: the sandbox's chain and Electrum server, the app's watch-only wallet."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pocketgui.api.models import ExchangeStatus as S
from pocketgui.bitcoin import ScriptType
from pocketgui.history import CHAIN_ONLY, format_btc, format_fiat, load_history, parse_csv
from pocketgui.i18n.catalog import set_language
from pocketgui.sandbox import SandboxServer
from pocketgui.ui.dashboard.purchases_model import PurchasesModel
from pocketgui.ui.settings import ELECTRUM, ChainChoice
from tests.chain.kit import ChainRig, sources
from tests.ui.dashboard.kit import WAIT_MS, add_order, board
from tests.ui.dashboard.test_chain_status import watch_of
from tests.wallet import Wallet

ARRIVED = Decimal("0.0005")  # Pocket's hot wallet pays the order's address, no exchange named


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    set_language("en")


def test_the_figures_and_the_csv_count_payouts_known_only_from_the_chain(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> None:
    server = sandbox_factory(electrum_port=0, retry_base=0.2)
    assert server.electrum_port is not None
    choice = ChainChoice(ELECTRUM, "127.0.0.1", server.electrum_port, tls=False)
    with board(qtbot, server, tmp_path / "store.sqlite3",
               chain=watch_of(choice, tmp_path / "chain")) as b:
        order_id = add_order(qtbot, b)
        view = b.dashboard.view
        assert view.bought.value.text() == format_btc(Decimal(0))
        b.bank.pay_address(Wallet().address("0/1"), ARRIVED)
        qtbot.waitUntil(lambda: view.bought.value.text() == format_btc(ARRIVED), timeout=WAIT_MS)
        assert view.bought.sub.text() == f"{format_btc(ARRIVED)} sent to your wallet"
        assert view.spent.value.text() == format_fiat(Decimal(0), "CHF")
        assert view.spent.sub.text() == (
            "0 of 0 transfers bought bitcoin\n1 payout known only from the blockchain: cost not "
            "known until Pocket names it")
        assert view.average.value.text() == "—"  # no cost known: no price
        [alone] = view.model.known_from_chain()

        exchange_id = b.transfer(order_id, "100.00")  # Pocket's own purchase, named
        b.wait_state(qtbot, exchange_id, S.SETTLED)
        row = view.model.row_of(exchange_id)
        assert row is not None
        named = view.model.purchase(row)
        assert named is not None and named.exchange.amount is not None
        assert named.exchange.payout is not None
        both = named.exchange.amount + ARRIVED
        qtbot.waitUntil(lambda: view.bought.value.text() == format_btc(both), timeout=WAIT_MS)
        assert view.bought.sub.text() == (
            f"{format_btc(named.exchange.payout.amount + ARRIVED)} sent to your wallet")
        assert view.spent.value.text() == format_fiat(named.exchange.cost, "CHF")
        assert view.spent.sub.text().startswith("1 of 1 transfer bought bitcoin\n1 payout known")
        assert view.average.value.text() != "—"

        path = tmp_path / "export.csv"
        assert b.dashboard.order_actions.export_csv(str(path)) == str(path)
        rows = parse_csv(path.read_text(encoding="utf-8"))
        assert [(r.exchange_id, r.payout) for r in rows] == [
            ("", CHAIN_ONLY), (exchange_id, "paid")]
        assert (rows[0].txid, rows[0].amount, rows[0].cost, rows[0].pair) == (
            alone.txid, ARRIVED, None, named.exchange.pair)

        assert set_language("de") == "de"
        summary = b.dashboard.summary()
        assert summary is not None
        view.show_summary(summary)
        assert view.spent.sub.text() == (
            "Bitcoin gekauft mit 1 von 1 Überweisung\n1 Auszahlung nur aus der Blockchain "
            "bekannt: Kosten unbekannt, bis Pocket sie nennt")


def test_a_chain_row_gives_way_to_the_purchase_pocket_names_it_as(
        qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer], tmp_path: Path) -> None:
    """Pocket's news before the next chain round (which links them in the store): one row."""
    server = sandbox_factory(electrum_port=0)
    rig = ChainRig(server, tmp_path, sources(server)["electrum"])
    try:
        order = rig.order(Wallet(ScriptType.P2WPKH))
        exchange = rig.buy(order, tell=False)
        rig.round()
        model = PurchasesModel()
        known = load_history(rig.store, rig.environment).chain.known_only[order.id]
        model.set_purchases([], known)
        assert model.rowCount() == 1 and model.purchase(0) is None
        rig.tracker.observe(exchange, "poll")
        snapshot = load_history(rig.store, rig.environment)
        [purchase] = snapshot.purchases[order.id]
        assert snapshot.chain.known_only[order.id] == known  # not linked yet
        assert model.upsert(purchase) == 0
        assert model.rowCount() == 1 and model.row_of(exchange.id) == 0
        assert model.known_from_chain() == []
        model.set_purchases([purchase], known)  # a whole read: the same single row
        assert model.rowCount() == 1 and model.row_of(exchange.id) == 0
    finally:
        rig.close()
