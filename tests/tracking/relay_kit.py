"""A running set-up for the relay's tests: sandbox → `pocketgui-relay` → `RelayFeed` → store →
tracker, all real, over loopback (the app in Staging mode on regtest, as against a local
pocketgui-sandbox standing in for Pocket)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from pocketgui.api import Environment, PocketClient
from pocketgui.bitcoin import Network
from pocketgui.relay import RelayConfig, RelayServer
from pocketgui.sandbox import SandboxServer
from pocketgui.store import Store
from pocketgui.tracking.relay_feed import RelayFeed
from pocketgui.tracking.tracker import ExchangeTracker
from pocketgui.tracking.webhook_intake import sign
from tests.api.sandbox_kit import Helpers
from tests.tracking.kit import FAST, Changes

SECRET = "whsec-relay-e2e"
TOKEN = "relay-feed-token-e2e-0123456789"
FEED_TIMINGS = {"long_poll": 1.0, "min_backoff": 0.05, "max_backoff": 0.5}


def make_relay(db: Path, port: int = 0, **options: Any) -> RelayServer:
    """A relay on loopback, not started yet (`with make_relay(...) as relay` starts it)."""
    return RelayServer(RelayConfig(webhook_secret=SECRET, token=TOKEN, db_path=str(db),
                                   port=port, **options))


def start_relay(db: Path, port: int = 0, **options: Any) -> RelayServer:
    return make_relay(db, port, **options).start()


def signed_post(relay: RelayServer, event: dict[str, Any], secret: str = SECRET) -> None:
    """A delivery posted as Pocket would (signed with `secret`)."""
    body = json.dumps(event, separators=(",", ":")).encode()
    answer = httpx.post(relay.webhook_url, content=body, verify=False,  # plain HTTP, loopback
                        headers={"Content-Type": "application/json",
                                 "X-Signature-256": sign(secret.encode(), body)})
    assert answer.status_code == 200, answer.text


@dataclass
class App:
    """The app's side: its store, client, tracker and relay feed."""

    client: PocketClient
    store: Store
    tracker: ExchangeTracker
    feed: RelayFeed
    changes: Changes


@contextmanager
def app(server: SandboxServer, relay_url: str, db: Path, *, client_id: str = "alice",
        token: str = TOKEN, secret: str = SECRET, **feed_options: Any) -> Iterator[App]:
    """The app started as `start_live_tracking` starts it with a relay (hints, webhook timings),
    the Pocket environment Staging on regtest."""
    with ExitStack() as stack:
        store = stack.enter_context(Store(db))
        client = stack.enter_context(PocketClient(
            Environment.staging(server.url, Network.REGTEST), client_id))
        tracker = ExchangeTracker(client, store, webhooks=True, confirm_webhooks=True, **FAST)
        changes = Changes()
        tracker.subscribe(changes.on_change)
        tracker.on_alarm(changes.on_alarm)
        tracker.resume()
        stack.enter_context(tracker)
        feed = RelayFeed(store, tracker, relay_url, token, secret,
                         **{**FEED_TIMINGS, **feed_options})
        stack.enter_context(feed)
        yield App(client, store, tracker, feed, changes)


@contextmanager
def pocket_side(server: SandboxServer, relay: RelayServer, client_id: str = "alice"
                ) -> Iterator[Helpers]:
    """The sandbox's helpers, with the sandbox told to post this client's webhooks to the
    relay (as Pocket posts to the URL it registered for the client)."""
    with Helpers(server, client_id) as helpers:
        helpers.register_webhook(relay.webhook_url, SECRET)
        yield helpers
