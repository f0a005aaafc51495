"""A running dashboard over a real sandbox: store, client, tracker, webhook receiver, demo."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from pocketgui.api import Environment, OrderRequest, PocketClient, jsonio
from pocketgui.api.models import ExchangeStatus, LightningPayoutRequest
from pocketgui.bitcoin import lightning_sign_message
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.orders.placing import place_order
from pocketgui.sandbox import SandboxServer, lightning_node
from pocketgui.store import Store
from pocketgui.tracking import ExchangeTracker, WebhookReceiver
from pocketgui.ui.chain_watch import ChainWatch
from pocketgui.ui.dashboard.dashboard import Dashboard
from pocketgui.ui.dashboard.notifications import Notifier
from pocketgui.ui.signals import AppSignals
from pocketgui.ui.tasks import TaskRunner
from tests.ui.dashboard.wallet import create_order
from tests.wallet import DEBITOR_IBAN

CLIENT_ID = "dashboard-tests"
SECRET = "whsec-dashboard"
FAST = {"base_interval": 0.1, "confirmation_interval": 0.1, "max_interval": 0.4,
        "watchdog_interval": 5.0}
WAIT_MS = 10_000
LEFT = Qt.MouseButton.LeftButton


@dataclass
class Board:
    dashboard: Dashboard
    client: PocketClient
    store: Store
    tracker: ExchangeTracker
    receiver: WebhookReceiver | None
    bank: DemoBank  # the test's own hand on the sandbox helpers (as a bank would be)
    notifier: Notifier
    runner: TaskRunner
    signals: AppSignals
    chain: ChainWatch | None = None

    def transfer(self, order_id: str, amount: str) -> str:
        """A bank transfer arrives at Pocket (not through the dashboard): the exchange's id."""
        return self.bank.transfer(order_id, Decimal(amount)).id

    def state_of(self, exchange_id: str) -> ExchangeStatus | None:
        row = self.dashboard.view.model.row_of(exchange_id)
        purchase = self.dashboard.view.model.purchase(row) if row is not None else None
        return purchase.state if purchase is not None else None

    def wait_state(self, qtbot: QtBot, exchange_id: str, state: ExchangeStatus) -> None:
        qtbot.waitUntil(lambda: self.state_of(exchange_id) is state, timeout=WAIT_MS)

    def forge_webhook(self, event: str, payload: dict[str, Any]) -> httpx.Response:
        """A correctly signed delivery with a payload of our choosing (a compromised sender)."""
        assert self.receiver is not None
        body = jsonio.dumps({"event": event, "payload": payload}).encode()
        signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        return httpx.post(self.receiver.url, content=body, verify=False, headers={
            "Content-Type": "application/json", "X-Signature-256": signature,
            "X-Correlation-Id": str(uuid.uuid4()), "X-Retry-Count": "0"})


@contextmanager
def board(qtbot: QtBot, server: SandboxServer, db: Path, *, webhooks: bool = True,
          demo: bool = True, pocket_url: str | None = None,
          chain: Callable[[ExchangeTracker, Store], ChainWatch] | None = None,
          **tracker_options: Any) -> Iterator[Board]:
    """Everything the app would wire, started; torn down in the reverse order. `pocket_url`:
    where the app's Pocket client goes (a proxy in front of the sandbox)."""
    store = Store(db)
    client = PocketClient(Environment.sandbox(pocket_url or server.url), CLIENT_ID)
    tracker = ExchangeTracker(client, store, webhooks=webhooks, **{**FAST, **tracker_options})
    bank = DemoBank(server.url, CLIENT_ID)
    receiver = None
    if webhooks:
        receiver = WebhookReceiver(store, SECRET, on_event=tracker.on_webhook).start()
        bank.register_webhook(receiver.url, SECRET)
    runner, signals, notifier = TaskRunner(4), AppSignals(), Notifier()
    watch = chain(tracker, store) if chain is not None else None
    dashboard = Dashboard(pocket=client, runner=runner, store=store, tracker=tracker,
                          signals=signals, notifier=notifier,
                          demo=DemoBank(server.url, CLIENT_ID) if demo else None,
                          chain=watch)
    qtbot.addWidget(dashboard)
    dashboard.resize(1280, 860)
    dashboard.show()
    tracker.resume()
    tracker.start()
    qtbot.waitUntil(lambda: dashboard.loaded, timeout=WAIT_MS)
    try:
        if watch is not None:  # as the window does
            watch.follow(tracker)
            watch.start()
        yield Board(dashboard, client, store, tracker, receiver, bank, notifier, runner, signals,
                    watch)
    finally:
        if watch is not None:
            watch.stop()
            watch.wait()
        dashboard.shut_down()
        runner.wait_for_done(10_000)
        tracker.stop()
        if receiver is not None:
            receiver.stop()
        if dashboard.demo is not None:
            dashboard.demo.close()
        bank.close()
        client.close()
        dashboard.close()
        store.close()


def add_order(qtbot: QtBot, b: Board, **options: Any) -> str:
    """A signed order placed as the wizard places it, announced on `order_created`; shown."""
    order = create_order(b.client, b.store, **options)
    b.signals.order_created.emit(order)
    qtbot.waitUntil(lambda: b.dashboard.snapshot.summary(order.id) is not None, timeout=WAIT_MS)
    b.dashboard.select_order(order.id)
    return order.id


def add_lightning_order(qtbot: QtBot, b: Board) -> str:
    """A lightning order whose node is the sandbox's simulated payee node (signed with its key),
    placed as the app places orders (intent, store) and shown. Built here, not by the wizard."""
    message = f"I confirm my bitcoin wallet. [{b.client.create_challenge().token}]"
    payout = LightningPayoutRequest(lightning_node.NODE_PUBKEY, message,
                                    lightning_sign_message(lightning_node.PRIVATE_KEY, message))
    order = place_order(b.client, b.store,
                        OrderRequest(Decimal("0.015"), "chf", DEBITOR_IBAN, payout))
    b.signals.order_created.emit(order)
    qtbot.waitUntil(lambda: b.dashboard.snapshot.summary(order.id) is not None, timeout=WAIT_MS)
    b.dashboard.select_order(order.id)
    return order.id
