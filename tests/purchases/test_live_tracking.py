"""start_live_tracking: in Demo the sandbox's webhooks reach the tracker; elsewhere it polls."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pocketgui.api import Environment, PocketClient
from pocketgui.api.models import ExchangeStatus as S
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.purchases.live_tracking import start_live_tracking
from pocketgui.sandbox import SandboxServer
from pocketgui.store import Store
from tests.ui.dashboard.wallet import create_order

WAIT = 10.0


def test_demo_learns_by_webhook_and_polls_only_for_the_confirmation(
        sandbox: SandboxServer, tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite3")
    client = PocketClient(Environment.sandbox(sandbox.url), "live")
    demo = DemoBank(sandbox.url, "live")
    live = start_live_tracking(client, store, demo=demo, confirmation_interval=0.1)
    try:
        assert live.receiver is not None and live.tracker.webhooks
        order = create_order(client, store)
        exchange_id = demo.transfer(order.id, Decimal("25.00")).id  # nobody tells the tracker
        assert live.tracker.wait_until(
            lambda: live.tracker.status(exchange_id) is S.SETTLED, WAIT)
        assert live.tracker.polls(exchange_id) == 0
        demo.mine_block()
        assert live.tracker.wait_final([exchange_id], WAIT)
    finally:
        live.stop()
        demo.close()
        client.close()
        store.close()


def test_elsewhere_without_a_webhook_port_it_polls(sandbox: SandboxServer,
                                                   tmp_path: Path) -> None:
    store = Store(tmp_path / "store.sqlite3")
    client = PocketClient(Environment.sandbox(sandbox.url), "remote")
    live = start_live_tracking(client, store, base_interval=0.05, confirmation_interval=0.05)
    try:
        assert live.receiver is None and not live.tracker.webhooks
        bank = DemoBank(sandbox.url, "remote")
        order = create_order(client, store)
        exchange_id = bank.transfer(order.id, Decimal("25.00")).id
        live.tracker.track(exchange_id)  # what the app learns from its own calls
        bank.mine_block()
        assert live.tracker.wait_final([exchange_id], WAIT)
        assert live.tracker.polls(exchange_id) >= 1
        bank.close()
    finally:
        live.stop()
        client.close()
        store.close()
