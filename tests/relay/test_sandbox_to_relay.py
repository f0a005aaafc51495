"""The real sandbox posts its webhooks to a real relay over loopback; the feed hands them on
exactly once each, signed as Pocket signed them, across a relay restart."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from pocketgui.bitcoin import ScriptType
from pocketgui.relay import RelayServer
from pocketgui.sandbox import SandboxServer
from pocketgui.tracking import signature_matches
from tests.relay.kit import SECRET, read_feed
from tests.sandbox.wallet import api, create_order, onchain_order_body, transfer
from tests.wallet import Wallet


def collect(relay: RelayServer, count: int, timeout: float = 15.0) -> list[dict[str, Any]]:
    """Read the feed as the desktop does (long-poll from a cursor) until `count` arrived."""
    deliveries: list[dict[str, Any]] = []
    after = 0
    deadline = time.monotonic() + timeout
    while len(deliveries) < count and time.monotonic() < deadline:
        page = read_feed(relay, after=after, wait=2).json()
        deliveries += page["deliveries"]
        if page["deliveries"]:
            after = page["deliveries"][-1]["seq"]
    return deliveries


def verified_events(deliveries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    events = []
    for delivery in deliveries:
        body = base64.b64decode(delivery["body"])
        assert signature_matches(SECRET.encode(), body, delivery["headers"]["X-Signature-256"])
        events.append(json.loads(body))
    return events


def test_every_kind_of_event_reaches_the_feed_once_and_signed(
    relay: RelayServer, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    sandbox = sandbox_factory(webhooks=((relay.webhook_url, SECRET),),
                              identification_threshold=Decimal("150"),
                              max_transfer=Decimal("500"))
    with api(sandbox) as client:
        order = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
        executed = transfer(client, order["id"], "100.00").json()  # executed, settled
        held = transfer(client, order["id"], "100.00").json()  # interrupted
        refunded = transfer(client, order["id"], "600.00").json()  # refunded
        assert len(collect(relay, 4)) == 4
        identification = held["action"]["identification_id"]
        client.post(f"/v1/sandbox/identifications/{identification}/complete")
        events = verified_events(collect(relay, 6))
    seen = [(e["event"], e["payload"]["exchange_id"]) for e in events]
    assert sorted(seen) == sorted([
        ("exchange.executed", executed["id"]), ("exchange.settled", executed["id"]),
        ("exchange.interrupted", held["id"]), ("exchange.refunded", refunded["id"]),
        ("exchange.executed", held["id"]), ("exchange.settled", held["id"]),
    ])
    time.sleep(0.3)
    assert read_feed(relay).json()["last_seq"] == 6  # nothing twice


def test_the_published_shape_passes_the_relay_unchanged(
    relay: RelayServer, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    sandbox = sandbox_factory(webhooks=((relay.webhook_url, SECRET),), webhook_shape="published",
                              identification_threshold=Decimal("5"))
    with api(sandbox) as client:
        order = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
        transfer(client, order["id"], "10.00")
        (event,) = verified_events(collect(relay, 1))
    assert event["event"] == "exchange.interrupted"
    assert event["payload"]["action"]["code"] == "identify"
    assert event["payload"]["action"]["url"].startswith("https://portal.pocketbitcoin.com/")
    assert "welcomeReward" in event["payload"]


@pytest.mark.slow
def test_a_relay_restart_loses_no_event_and_repeats_none(
    relay_factory: Callable[..., RelayServer], sandbox_factory: Callable[..., SandboxServer]
) -> None:
    relay = relay_factory()
    port = int(relay.url.rsplit(":", 1)[1])
    sandbox = sandbox_factory(webhooks=((relay.webhook_url, SECRET),), retry_base=0.1)
    with api(sandbox) as client:
        order = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
        transfer(client, order["id"], "10.00")
        assert len(collect(relay, 2)) == 2
        relay.stop()
        for _ in range(3):  # while the relay is down: Pocket's deliveries fail and are retried
            transfer(client, order["id"], "10.00")
        time.sleep(0.3)
        restarted = relay_factory(port=port)
        events = verified_events(collect(restarted, 8))
    assert len(events) == 8
    assert len({json.dumps(e, sort_keys=True) for e in events}) == 8
    assert [e["event"] for e in events].count("exchange.settled") == 4
    time.sleep(0.5)
    assert read_feed(restarted).json()["last_seq"] == 8
