"""A running set-up for tracking tests: sandbox → receiver → store → tracker, fast timings."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pocketgui.api import Exchange, ExchangeStatus, PocketClient
from pocketgui.sandbox import SandboxServer
from pocketgui.store import Store
from pocketgui.tracking import ExchangeTracker, WebhookReceiver
from tests.api.sandbox_kit import Helpers, pocket

SECRET = "whsec-test"
FAST = {"base_interval": 0.05, "confirmation_interval": 0.05, "max_interval": 0.4,
        "watchdog_interval": 5.0}


@dataclass
class Changes:
    """What subscribers and alarms heard."""

    seen: list[tuple[str, ExchangeStatus | None, ExchangeStatus]] = field(default_factory=list)
    alarms: list[tuple[str, str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on_change(self, exchange_id: str, old: ExchangeStatus | None, new: ExchangeStatus,
                  exchange: Exchange) -> None:
        assert exchange.id == exchange_id and exchange.status is new
        with self.lock:
            self.seen.append((exchange_id, old, new))

    def on_alarm(self, exchange_id: str, flag: str, explanation: str, exchange: Exchange) -> None:
        with self.lock:
            self.alarms.append((exchange_id, flag, explanation))

    def of(self, exchange_id: str) -> list[ExchangeStatus]:
        with self.lock:
            return [new for eid, _, new in self.seen if eid == exchange_id]


@dataclass
class Rig:
    client: PocketClient
    helpers: Helpers
    store: Store
    tracker: ExchangeTracker
    changes: Changes
    receiver: WebhookReceiver | None


@contextmanager
def rig(
    server: SandboxServer | str,
    db: Path,
    *,
    webhooks: bool,
    client_id: str = "alice",
    api_url: str | None = None,
    **tracker_options: Any,
) -> Iterator[Rig]:
    """Everything started; with `webhooks` the sandbox is told to call our receiver."""
    with ExitStack() as stack:
        store = stack.enter_context(Store(db))
        client = stack.enter_context(pocket(api_url or server, client_id))
        helpers = stack.enter_context(Helpers(server, client_id))
        options = {**FAST, **tracker_options}
        tracker = ExchangeTracker(client, store, webhooks=webhooks, **options)
        changes = Changes()
        tracker.subscribe(changes.on_change)
        tracker.on_alarm(changes.on_alarm)
        receiver = None
        if webhooks:
            receiver = WebhookReceiver(store, SECRET, on_event=tracker.on_webhook)
            stack.enter_context(receiver)
            helpers.register_webhook(receiver.url, SECRET)
        tracker.resume()
        stack.enter_context(tracker)
        yield Rig(client, helpers, store, tracker, changes, receiver)
