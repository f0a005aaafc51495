"""A payout that is not the person's, a restart mid-way, the demo's own buttons, notifications."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from pocketgui.api.models import Exchange
from pocketgui.api.models import ExchangeStatus as S
from pocketgui.sandbox import SandboxServer
from pocketgui.tracking import PAYOUT_ADDRESS_MISMATCH
from pocketgui.ui import palette
from pocketgui.ui.dashboard.purchases_model import MISMATCH_LABEL, badge
from tests.ui.dashboard.kit import LEFT, WAIT_MS, add_order, board
from tests.wallet import Wallet

Factory = Callable[..., SandboxServer]


def test_a_forged_payout_address_shows_the_red_warning(qtbot: QtBot, sandbox_factory: Factory,
                                                       tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2, settle_delay=60.0)  # Pocket's own payout waits
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        order_id = add_order(qtbot, b)
        exchange_id = b.transfer(order_id, "100.00")
        b.wait_state(qtbot, exchange_id, S.EXECUTED)
        view = b.dashboard.view
        assert not view.banner.isVisible()
        thief = Wallet(account=7).address("0/0")  # not derivable from the order's key
        payload: dict[str, Any] = {
            **b.client.get_exchange(exchange_id).raw, "exchange_id": exchange_id,
            "payout": {"txid": "ab" * 32, "outpoint": 0, "bitcoin_address": thief,
                       "derivation_path": "0/0", "block_height": None, "confirmed": False,
                       "fee": Decimal("0.00000190"), "amount": Decimal("0.00175702")}}
        payload.pop("id")
        assert b.forge_webhook("exchange.settled", payload).status_code == 200
        qtbot.waitUntil(lambda: view.banner.isVisible(), timeout=WAIT_MS)
        assert "NOT paid to your wallet" in view.banner_text.text()
        assert thief in view.banner_text.text()  # the tracker's own explanation
        row = view.model.row_of(exchange_id)
        assert row is not None
        purchase = view.model.purchase(row)
        assert purchase is not None and badge(purchase)[0] == MISMATCH_LABEL
        assert badge(purchase)[1] == palette.BAD
        assert view.detail.alarm.isVisible() and thief in view.detail.alarm_text.text()
        assert "NOT an address of your wallet" in view.detail.address.label.text()
        assert [n.state for n in b.notifier.shown if n.alarm] == [PAYOUT_ADDRESS_MISMATCH]
        stored = b.store.get_exchange(exchange_id)
        assert stored is not None and stored.flags == {PAYOUT_ADDRESS_MISMATCH}
        assert "payout NOT to your wallet" in b.dashboard.orders.item(0).text()

        # A later answer names another address: the stored answer is replaced, the flag and
        # the timeline's first answer stay; read again (as after a restart), both are named.
        honest = {**payload, "id": exchange_id}
        honest.pop("exchange_id")
        honest["payout"] = {**payload["payout"], "bitcoin_address": Wallet().address("0/0")}
        b.tracker.observe(Exchange.from_wire(honest), source="poll")
        b.dashboard.reload()
        qtbot.waitUntil(lambda: b.dashboard._loading == 0, timeout=WAIT_MS)
        text = view.detail.alarm_text.text()
        assert thief in text and Wallet().address("0/0") in text, text


def test_restarted_midway_shows_the_same_history_and_keeps_tracking(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2, max_transfer=Decimal("500.00"))
    db = tmp_path / "store.sqlite3"
    with board(qtbot, server, db) as b:
        order_id = add_order(qtbot, b)
        settled = b.transfer(order_id, "100.00")
        refunded = b.transfer(order_id, "600.00")
        b.wait_state(qtbot, settled, S.SETTLED)
        b.wait_state(qtbot, refunded, S.REFUNDED)
        before = [(p.id, p.state, p.exchange.amount) for p in b.dashboard.view.model.purchases()]
        figures = b.dashboard.view.spent.value.text(), b.dashboard.view.average.value.text()
    b.bank.close()
    with board(qtbot, server, db) as again:  # a new store, tracker (resumed) and dashboard
        assert again.dashboard.current == order_id
        after = [(p.id, p.state, p.exchange.amount)
                 for p in again.dashboard.view.model.purchases()]
        assert after == before
        assert (again.dashboard.view.spent.value.text(),
                again.dashboard.view.average.value.text()) == figures
        assert settled in again.tracker.open_exchanges()
        again.bank.mine(1)
        again.wait_state(qtbot, settled, S.CONFIRMED)
        assert again.notifier.of(settled) == ["confirmed"]
        assert again.notifier.of(refunded) == []  # nothing old is announced again


@pytest.mark.slow
def test_the_demo_buttons_play_bank_and_blockchain(qtbot: QtBot, sandbox_factory: Factory,
                                                   tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2, identification_threshold=Decimal("150.00"),
                             settle_delay=0.5)
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        add_order(qtbot, b)
        controls, model = b.dashboard.demo_controls, b.dashboard.view.model
        assert controls.isVisible() and not controls.identify.isEnabled()
        controls.amount.setText("abc")
        qtbot.mouseClick(controls.transfer, LEFT)
        assert controls.problem.text() and model.rowCount() == 0
        controls.amount.setText("100.00")
        qtbot.mouseClick(controls.transfer, LEFT)
        qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=WAIT_MS)
        first = model.purchases()[0].id
        b.wait_state(qtbot, first, S.SETTLED)
        qtbot.waitUntil(lambda: controls.mine.isEnabled(), timeout=WAIT_MS)
        qtbot.mouseClick(controls.mine, LEFT)
        b.wait_state(qtbot, first, S.CONFIRMED)
        qtbot.waitUntil(lambda: b.dashboard.tip is not None, timeout=WAIT_MS)
        assert b.dashboard.view.detail.figures["Confirmations"].text() == "1"
        qtbot.waitUntil(lambda: controls.transfer.isEnabled(), timeout=WAIT_MS)
        qtbot.mouseClick(controls.transfer, LEFT)  # 200 in all: above the threshold
        qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=WAIT_MS)
        second = model.purchases()[-1].id
        b.wait_state(qtbot, second, S.INTERRUPTED)
        qtbot.waitUntil(lambda: controls.identify.isEnabled(), timeout=WAIT_MS)
        qtbot.mouseClick(controls.identify, LEFT)
        b.wait_state(qtbot, second, S.SETTLED)
        assert b.notifier.of(first) == ["executed", "settled", "confirmed"]
        assert b.notifier.of(second)[0] == "interrupted" and b.notifier.of(second)[-1] == "settled"


@pytest.mark.slow
def test_each_state_is_notified_once_even_when_told_twice(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path) -> None:
    """Webhooks and polls both report; retried deliveries repeat: one notification each."""
    server = sandbox_factory(retry_base=0.2, settle_delay=0.5)
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        order_id = add_order(qtbot, b)
        exchange_id = b.transfer(order_id, "40.00")
        b.wait_state(qtbot, exchange_id, S.SETTLED)
        for _ in range(3):  # the app asks again, the answer is observed again
            b.tracker.observe(b.client.get_exchange(exchange_id), source="poll")
        assert not b.notifier.notify(exchange_id, "settled", "again", "again")
        b.bank.mine(1)
        b.wait_state(qtbot, exchange_id, S.CONFIRMED)
        qtbot.wait(300)  # a late webhook retry or poll would show up here
        assert b.notifier.of(exchange_id) == ["executed", "settled", "confirmed"]


def test_the_wizard_and_the_dashboard_share_one_tracker(qtbot: QtBot, sandbox_factory: Factory,
                                                        tmp_path: Path) -> None:
    """The wizard's flow observes into the session's tracker: a payout that is not the
    person's is flagged once, reaches the dashboard once and the flow's own order's problems
    once; closing the flow and the dashboard leaves nothing subscribed."""
    from pocketgui.devices.hwi import HwiDevices
    from pocketgui.flow import PurchaseFlow, Services

    server = sandbox_factory(retry_base=0.2, settle_delay=60.0)
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        order_id = add_order(qtbot, b)
        flow = PurchaseFlow(Services(devices=HwiDevices(), pocket=b.client, store=b.store),
                            tracker=b.tracker)
        flow.open_order(b.dashboard.snapshot.summary(order_id).order)  # type: ignore[union-attr]
        exchange = b.client.get_exchange(b.transfer(order_id, "100.00"))
        b.wait_state(qtbot, exchange.id, S.EXECUTED)
        thief = Wallet(account=7).address("0/0")
        forged = {**b.client.get_exchange(exchange.id).raw,
                  "payout": {"txid": "cd" * 32, "outpoint": 0, "bitcoin_address": thief,
                             "derivation_path": "0/0", "block_height": None,
                             "confirmed": False, "fee": Decimal("0.00000190"),
                             "amount": Decimal("0.00175702")}}
        flow.tracker.observe(Exchange.from_wire(forged), source="answer")
        qtbot.waitUntil(lambda: exchange.id in b.dashboard.alarms, timeout=WAIT_MS)
        assert [n.state for n in b.notifier.shown if n.alarm] == [PAYOUT_ADDRESS_MISMATCH]
        assert len(flow.data.payout_problems) == 1 and thief in flow.data.payout_problems[0]
        flow.close()
        b.dashboard.shut_down()
        assert b.tracker._subscribers == [] and b.tracker._alarms == []


def test_an_instant_settle_is_announced_as_bought_and_sent_once(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path) -> None:
    """The settled news comes first, the executed answer after it (stale, never announced):
    one notification says the bitcoin was bought and sent; the confirmation follows as usual."""
    server = sandbox_factory(retry_base=0.2, settle_delay=0.0)
    slow = {"base_interval": 60.0, "confirmation_interval": 60.0, "max_interval": 60.0}
    with board(qtbot, server, tmp_path / "store.sqlite3", webhooks=False, **slow) as b:
        order_id = add_order(qtbot, b)
        executed = b.bank.transfer(order_id, Decimal("40.00"))  # the answer, held back
        qtbot.waitUntil(lambda: b.client.get_exchange(executed.id).status is S.SETTLED,
                        timeout=WAIT_MS)
        b.tracker.observe(b.client.get_exchange(executed.id), source="webhook")
        b.tracker.observe(executed, source="answer")  # late: older than what is known
        b.wait_state(qtbot, executed.id, S.SETTLED)
        qtbot.waitUntil(lambda: b.notifier.of(executed.id) == ["settled"], timeout=WAIT_MS)
        first = b.notifier.shown[-1]
        assert first.title == "Bitcoin bought and sent" and "40.00 CHF" in first.message
        b.bank.mine(1)
        b.tracker.observe(b.client.get_exchange(executed.id), source="poll")
        qtbot.waitUntil(lambda: b.notifier.of(executed.id) == ["settled", "confirmed"],
                        timeout=WAIT_MS)
        assert b.notifier.shown[-1].title == "Bitcoin confirmed"
