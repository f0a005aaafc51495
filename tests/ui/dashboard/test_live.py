"""The dashboard over a real sandbox, kept live by a real tracker and webhook receiver."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot

from pocketgui.api.models import ExchangeStatus as S
from pocketgui.history import Purchase
from pocketgui.sandbox import SandboxServer
from pocketgui.store import Store
from tests.ui.dashboard.kit import LEFT, WAIT_MS, add_order, board
from tests.ui.dashboard.wallet import create_order

Factory = Callable[..., SandboxServer]


def test_a_transfer_goes_executed_settled_confirmed_without_a_click(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(settle_delay=0.6, retry_base=0.2)
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        order_id = add_order(qtbot, b)
        exchange_id = b.transfer(order_id, "100.00")
        b.wait_state(qtbot, exchange_id, S.EXECUTED)
        view = b.dashboard.view
        assert view.spent.value.text() == "100.00 CHF"
        assert view.fees.value.text() == "1.50 CHF"
        b.wait_state(qtbot, exchange_id, S.SETTLED)
        detail = view.detail
        assert detail.purchase is not None and detail.purchase.id == exchange_id
        assert detail.address.value.text() == detail.purchase.address != ""
        assert detail.path.text() == "Derivation path 0/0 below the order's extended key"
        assert not detail.explorer.isVisible()  # Demo: no block explorer
        b.bank.mine(1)  # the chain moves on its own; the tracker polls settled purchases
        b.wait_state(qtbot, exchange_id, S.CONFIRMED)
        qtbot.waitUntil(lambda: b.notifier.of(exchange_id) == ["executed", "settled",
                                                               "confirmed"], timeout=WAIT_MS)
        assert all(n.via == "toast" for n in b.notifier.shown)  # no tray offscreen
        steps = [(s.step.value, s.reached) for s in detail.timeline.steps]
        assert steps == [("funded", True), ("executed", True), ("settled", True),
                         ("confirmed", True)]
        assert view.chart.points and view.chart.points[0].exchange_id == exchange_id
        assert b.dashboard.orders.item(0).text().endswith("100.00 CHF → 0.00175892 BTC")


def test_interrupted_then_identification_then_executed(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(identification_threshold=Decimal("50.00"), retry_base=0.2,
                             settle_delay=0.6)
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        order_id = add_order(qtbot, b)
        exchange_id = b.transfer(order_id, "80.00")
        b.wait_state(qtbot, exchange_id, S.INTERRUPTED)
        detail = b.dashboard.view.detail
        assert detail.note.isVisible() and "identify" in detail.note_text.text()
        assert detail.identify.text() == "Complete identification (demo)"
        assert "waiting for your identification" in b.dashboard.view.attention.text()
        assert b.dashboard.demo_controls.identify.isEnabled()
        qtbot.mouseClick(detail.identify, LEFT)
        b.wait_state(qtbot, exchange_id, S.EXECUTED)
        b.wait_state(qtbot, exchange_id, S.SETTLED)
        assert b.notifier.of(exchange_id) == ["interrupted", "executed", "settled"]
        assert [s.step.value for s in detail.timeline.steps] == [
            "funded", "interrupted", "executed", "settled", "confirmed"]
        assert not detail.note.isVisible()


def test_outside_demo_the_identification_page_opens_in_the_browser(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path, dialogs: object) -> None:
    server = sandbox_factory(identification_threshold=Decimal("50.00"), retry_base=0.2)
    with board(qtbot, server, tmp_path / "store.sqlite3", demo=False) as b:
        assert not b.dashboard.demo_controls.isVisible()
        order_id = add_order(qtbot, b)
        exchange_id = b.transfer(order_id, "80.00")
        b.wait_state(qtbot, exchange_id, S.INTERRUPTED)
        detail = b.dashboard.view.detail
        assert detail.identify.text() == "Open the identification page"
        qtbot.mouseClick(detail.identify, LEFT)
        purchase = detail.purchase
        assert purchase is not None and purchase.exchange.action is not None
        identification = purchase.exchange.action.identification_id
        assert dialogs.urls == [  # type: ignore[attr-defined]
            f"https://pocketbitcoin.com/identification/{identification}"]


def test_refunded_says_why(qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(max_transfer=Decimal("500.00"), retry_base=0.2)
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        order_id = add_order(qtbot, b)
        exchange_id = b.transfer(order_id, "900.00")
        b.wait_state(qtbot, exchange_id, S.REFUNDED)
        detail = b.dashboard.view.detail
        assert "above Pocket's limit" in detail.note_text.text()
        assert not detail.identify.isVisible()
        assert b.notifier.of(exchange_id) == ["refunded"]
        assert b.dashboard.view.spent.value.text() == "0.00 CHF"


def test_news_of_an_order_this_store_does_not_have_is_never_a_purchase(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path) -> None:
    """An order made elsewhere with the same client id (or a stranger's order named in an event)
    is not ours to vouch for: its payout would be checked against its own key. Its news is
    dropped — not stored, not shown, not notified — while our own orders go on as before."""
    server = sandbox_factory(retry_base=0.2)
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        ours = add_order(qtbot, b)
        with Store(tmp_path / "elsewhere.sqlite3") as elsewhere:
            order = create_order(b.client, elsewhere)  # same client id, another store
        foreign_id = b.transfer(order.id, "60.00")
        our_id = b.transfer(ours, "40.00")
        b.wait_state(qtbot, our_id, S.SETTLED)
        b.dashboard.tracker.track(foreign_id)  # a poll of it is dropped as well
        b.dashboard.tracker.poll_due(float("inf"))
        assert b.dashboard.snapshot.summary(order.id) is None
        assert b.store.get_order(order.id) is None and b.store.get_exchange(foreign_id) is None
        assert b.notifier.of(foreign_id) == []
        assert [n.exchange_id for n in b.notifier.shown] == [our_id] * len(b.notifier.shown)
        # should such a purchase reach the dashboard anyway, its order is not adopted from Pocket
        b.dashboard._apply(Purchase(b.client.get_exchange(foreign_id), frozenset(), "", ""))
        qtbot.waitUntil(lambda: not b.dashboard._loading, timeout=WAIT_MS)
        assert b.store.get_order(order.id) is None
        assert b.dashboard.snapshot.summary(order.id) is None
