"""`PurchasesCore` against the real sandbox: typed reads of orders and purchases, the order
PATCH with its echo check (a tampered answer, through a real proxy, stores nothing), and the
demo's bank and blockchain handing their answers to the tracker."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from pocketgui.api import Environment, OrderPatch, PocketClient, TamperedResponse
from pocketgui.api.models import ExchangeStatus as S
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.history import Purchase
from pocketgui.orders.placing import CHANGE_ORDER
from pocketgui.purchases.core import NotDemo, PurchasesCore
from pocketgui.sandbox import SandboxServer
from pocketgui.store import IntentOutcome, Store
from pocketgui.tracking import ExchangeTracker
from tests.api.loopback import TamperingProxy
from tests.api.test_tampering import swap_creditor
from tests.ui.dashboard.wallet import create_order

CLIENT_ID = "core-tests"
WAIT = 10.0


@dataclass
class Rig:
    core: PurchasesCore
    store: Store
    client: PocketClient
    bank: DemoBank


@pytest.fixture
def rig(sandbox: SandboxServer, tmp_path: Path) -> Iterator[Rig]:
    store = Store(tmp_path / "store.sqlite3")
    client = PocketClient(Environment.sandbox(sandbox.url), CLIENT_ID)
    tracker = ExchangeTracker(client, store, base_interval=0.1, confirmation_interval=0.1)
    bank = DemoBank(sandbox.url, CLIENT_ID)
    try:
        yield Rig(PurchasesCore(client, store, tracker, bank), store, client, bank)
    finally:
        tracker.stop()
        bank.close()
        client.close()
        store.close()


def test_reads_give_typed_orders_and_purchases_of_this_store_only(rig: Rig) -> None:
    core = rig.core
    assert core.environment == rig.client.environment.name
    order = create_order(rig.client, rig.store)
    core.transfer(order.id, Decimal("40.00"))
    snapshot = core.history()
    summary = snapshot.summary(order.id)
    assert summary is not None and summary.order == order
    [purchase] = snapshot.purchases[order.id]
    assert isinstance(purchase, Purchase) and purchase.exchange.cost == Decimal("40.00")
    assert core.purchase(purchase.id) == Purchase.from_stored(
        rig.store.get_exchange(purchase.id))  # type: ignore[arg-type]
    assert [r.state for r in core.timeline(purchase.id)][-1] == purchase.state.value
    assert core.has_order(order.id) and not core.has_order("someone-elses")
    assert core.purchase("someone-elses") is None
    assert core.chain_view().tip is None  # no chain round yet
    assert core.creditor_problem(order) is None


def test_an_order_change_goes_through_the_echo_check(rig: Rig, sandbox: SandboxServer) -> None:
    order = create_order(rig.client, rig.store)
    paused = rig.core.change_order(order.id, OrderPatch(active=False))
    assert not paused.active
    assert rig.core.history().summary(order.id).order.active is False  # type: ignore[union-attr]

    before = rig.store.get_order(order.id)
    with TamperingProxy(sandbox.url, swap_creditor, ("PATCH", "/v1/orders")) as proxy:
        tampered_client = PocketClient(Environment.sandbox(proxy.url), CLIENT_ID)
        tampered = PurchasesCore(tampered_client, rig.store, rig.core.tracker)
        try:
            with pytest.raises(TamperedResponse):
                tampered.change_order(order.id, OrderPatch(active=True))
        finally:
            tampered_client.close()
    assert proxy.tampered == 1
    assert rig.store.get_order(order.id) == before  # nothing of the tampered answer stored
    [intent] = [i for i in rig.store.unresolved_intents() if i.kind == CHANGE_ORDER]
    assert intent.outcome is IntentOutcome.UNKNOWN


def test_the_demo_bank_and_blockchain_move_purchases_through_the_tracker(rig: Rig) -> None:
    core, tracker = rig.core, rig.core.tracker
    order = create_order(rig.client, rig.store)
    core.transfer(order.id, Decimal("25.00"))
    [exchange_id] = [p.id for p in core.history().purchases[order.id]]
    assert tracker.status(exchange_id) is not None  # the answer reached the tracker
    tracker.start()
    assert tracker.wait_until(lambda: tracker.status(exchange_id) is S.SETTLED, WAIT)
    tip = rig.bank.chain_tip()[0]
    assert core.mine_block([exchange_id]) == tip + 1
    assert tracker.status(exchange_id) is S.CONFIRMED  # asked at once, not at the next poll


def test_an_identification_completed_in_the_demo_lets_the_purchase_go_on(rig: Rig) -> None:
    core, tracker = rig.core, rig.core.tracker
    order = create_order(rig.client, rig.store)
    core.transfer(order.id, Decimal("2500.00"))  # above the limit: identification needed
    [purchase] = core.history().purchases[order.id]
    assert purchase.state is S.INTERRUPTED and purchase.exchange.action is not None
    assert tracker.status(purchase.id) is S.INTERRUPTED
    core.complete_identification(purchase.exchange.action.identification_id)
    assert tracker.status(purchase.id) in (S.EXECUTED, S.SETTLED)  # asked again at once


def test_outside_the_demo_the_bank_is_refused_and_nothing_is_sent(
        rig: Rig, sandbox: SandboxServer) -> None:
    elsewhere = PurchasesCore(rig.client, rig.store, rig.core.tracker)
    order = create_order(rig.client, rig.store)
    with pytest.raises(NotDemo):
        elsewhere.transfer(order.id, Decimal("10.00"))
    with pytest.raises(NotDemo):
        elsewhere.mine_block()
    with pytest.raises(NotDemo):
        elsewhere.complete_identification("any")
    assert rig.core.history().purchases.get(order.id, []) == []
