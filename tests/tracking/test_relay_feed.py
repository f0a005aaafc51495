"""`RelayFeed` against a real `pocketgui-relay` and the real sandbox, over loopback: each
delivery verified again, stored, taken as a hint that Pocket confirms, the cursor persisted."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pocketgui.api import Environment, PocketClient
from pocketgui.api import ExchangeStatus as S
from pocketgui.orders.placing import place_order
from pocketgui.relay import RelayServer
from pocketgui.sandbox import SandboxServer
from pocketgui.store import Store
from pocketgui.tracking.backoff import next_delay
from pocketgui.tracking.relay_feed import (
    CONNECTED,
    DOWN,
    THROTTLED,
    UNAUTHORIZED,
    UNTRUSTWORTHY,
    RelayFeed,
)
from pocketgui.tracking.tracker import ExchangeTracker
from pocketgui.tracking.webhook_intake import sign
from tests.api.sandbox_kit import onchain_request
from tests.tracking.relay_kit import (
    SECRET,
    TOKEN,
    app,
    make_relay,
    pocket_side,
    signed_post,
    start_relay,
)

Factory = Callable[..., SandboxServer]
WAIT = 10.0


def until(predicate: Callable[[], bool], timeout: float = WAIT) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def sources(store: Store, exchange_id: str) -> list[tuple[str, str]]:
    return [(t.state, t.source) for t in store.timeline(exchange_id)]


def test_an_executed_event_through_the_relay_is_confirmed_with_pocket(
        sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2, settle_delay=0.8)
    with make_relay(tmp_path / "relay.db") as relay, pocket_side(server, relay) as helpers, \
            app(server, relay.url, tmp_path / "app.db") as a:
        order = place_order(a.client, a.store, onchain_request(a.client))
        exchange_id = helpers.transfer(order.id, "25.00")["id"]
        assert a.tracker.wait_until(lambda: a.tracker.status(exchange_id) is S.SETTLED, WAIT)
        assert sources(a.store, exchange_id) == [("executed", "relay"), ("settled", "relay")]
        assert until(lambda: a.feed.status().cursor == relay.store.last_seq == 2)
        assert a.store.relay_cursor("staging", relay.url) == 2
        status = a.feed.status()
        assert status.state == CONNECTED and status.last_news is not None
        assert status.running and status.ok and status.name == "relay"
        assert not status.untrustworthy and status.text.startswith("Relay 127.0.0.1:")
        assert all(d.processed_at for d in a.store.webhook_deliveries())


def test_a_delivery_pocket_did_not_sign_is_refused_kept_and_names_the_relay(
        sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory()
    with make_relay(tmp_path / "relay.db") as relay:
        body = json.dumps({"event": "exchange.executed", "payload": {
            "exchange_id": "forged", "order_id": "o1"}}).encode()
        # written into the relay's own file, as a relay that lies would serve it
        relay.store.add(hashlib.sha256(body).hexdigest(),
                        [("X-Signature-256", sign(b"not-the-secret", body))], body)
        signed_post(relay, {"event": "exchange.executed",
                            "payload": {"exchange_id": "e2", "order_id": "o2"}})
        with app(server, relay.url, tmp_path / "app.db") as a:
            assert until(lambda: a.feed.status().cursor == 2)
            refusals = a.store.relay_refusals("staging", relay.url)
            assert [(r.seq, r.reason, r.forged, r.body) for r in refusals] == [
                (1, "invalid_signature", True, body)]
            assert [d.event for d in a.store.webhook_deliveries()] == ["exchange.executed"]
            assert a.store.get_exchange("forged") is None
            status = a.feed.status()
            assert status.untrustworthy and status.text.startswith(UNTRUSTWORTHY)
            assert "did not sign" in status.text and "127.0.0.1" in status.text
        with app(server, relay.url, tmp_path / "app.db") as again:  # the app restarted
            assert again.feed.status().untrustworthy


def test_a_delivery_that_is_not_base64_is_refused_as_forged(sandbox_factory: Factory,
                                                            tmp_path: Path) -> None:
    server = sandbox_factory()
    with make_relay(tmp_path / "relay.db") as relay, \
            app(server, relay.url, tmp_path / "app.db", long_poll=0.2) as a:
        feed = RelayFeed(a.store, a.tracker, relay.url, TOKEN, SECRET)
        feed._take({"seq": 7, "headers": {}, "body": "**not base64**"})
        assert feed.status().untrustworthy and feed.status().cursor == 7
        assert a.store.relay_cursor("staging", relay.url) == 7
        assert a.store.relay_refusals("staging", relay.url)[0].body == b"**not base64**"


def test_news_of_an_order_not_in_the_store_is_never_a_purchase(sandbox_factory: Factory,
                                                               tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2, settle_delay=0.8)
    with make_relay(tmp_path / "relay.db") as relay, \
            pocket_side(server, relay, client_id="bob") as bob, \
            app(server, relay.url, tmp_path / "app.db") as a, \
            PocketClient(a.client.environment, "bob") as bobs_client:
        # bob's order, placed elsewhere: its signed events reach this relay all the same
        order = place_order(bobs_client, Store(tmp_path / "bob.db"), onchain_request(bobs_client))
        exchange_id = bob.transfer(order.id, "25.00")["id"]
        assert until(lambda: a.feed.status().cursor == relay.store.last_seq >= 1)
        assert a.store.get_exchange(exchange_id) is None and a.changes.seen == []
        assert a.tracker.status(exchange_id) is None


def test_a_restart_of_the_app_resumes_after_its_cursor_and_shows_nothing_twice(
        sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2, settle_delay=0.8)
    with make_relay(tmp_path / "relay.db") as relay, pocket_side(server, relay) as helpers:
        with app(server, relay.url, tmp_path / "app.db") as a:
            order = place_order(a.client, a.store, onchain_request(a.client))
            first = helpers.transfer(order.id, "25.00")["id"]
            assert a.tracker.wait_until(lambda: a.tracker.status(first) is S.SETTLED, WAIT)
            assert until(lambda: a.feed.status().cursor == 2)
            assert a.changes.of(first) == [S.EXECUTED, S.SETTLED]
        second = helpers.transfer(order.id, "30.00")["id"]  # while the app is closed
        assert until(lambda: relay.store.last_seq == 4)
        with app(server, relay.url, tmp_path / "app.db") as b:
            assert b.feed.status().cursor == 2  # from the store
            assert b.tracker.wait_until(lambda: b.tracker.status(second) is S.SETTLED, WAIT)
            assert until(lambda: b.feed.status().cursor == 4)
            assert b.feed.status().taken == 2  # the two new ones, not the first two again
            # Pocket is asked on each hint: what happened while closed shows as it is now
            assert b.changes.of(first) == [] and b.changes.of(second) == [S.SETTLED]
        assert len(Store(tmp_path / "app.db").webhook_deliveries()) == 4


def test_a_relay_restart_loses_nothing_and_the_feed_says_it_was_down(
        sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.1, settle_delay=0.8)
    relay = start_relay(tmp_path / "relay.db")
    port = int(relay.url.rsplit(":", 1)[1])
    with pocket_side(server, relay) as helpers, app(server, relay.url, tmp_path / "app.db") as a:
        order = place_order(a.client, a.store, onchain_request(a.client))
        relay.stop()
        assert until(lambda: "cannot be reached" in a.feed.status().text)
        status = a.feed.status()
        assert status.state == DOWN and status.down_since is not None
        assert "not reachable since" in status.text
        exchange_id = helpers.transfer(order.id, "25.00")["id"]  # Pocket retries meanwhile
        relay = start_relay(tmp_path / "relay.db", port=port)
        assert a.tracker.wait_until(lambda: a.tracker.status(exchange_id) is S.SETTLED, WAIT)
        assert until(lambda: a.feed.status().state == CONNECTED)
        assert a.feed.status().down_since is None
        assert a.changes.of(exchange_id) == [S.EXECUTED, S.SETTLED]
    relay.stop()


def test_a_wrong_token_is_said_and_then_throttling_is_honoured(sandbox_factory: Factory,
                                                              tmp_path: Path) -> None:
    server = sandbox_factory()
    with make_relay(tmp_path / "relay.db", bad_token_limit=2, bad_token_window=60) as relay, \
            app(server, relay.url, tmp_path / "app.db", token="wrong", min_backoff=0.05,
                max_backoff=0.1) as a:
        assert until(lambda: a.feed.status().state == UNAUTHORIZED)
        assert "refused the token" in a.feed.status().text
        assert until(lambda: a.feed.status().state == THROTTLED)
        assert "slowing us down" in a.feed.status().text


def test_the_backoff_doubles_up_to_its_cap_and_waits_at_least_retry_after() -> None:
    assert [next_delay(n, 0.0, 1.0, 8.0) for n in range(1, 6)] == [1.0, 2.0, 4.0, 8.0, 8.0]
    assert next_delay(1, 30.0, 1.0, 8.0) == 30.0
    assert next_delay(1, 1e9, 1.0, 8.0) == 3600.0  # an absurd Retry-After is capped


def test_a_feed_needs_its_url_token_and_secret_and_starts_once(
        tmp_path: Path, sandbox: SandboxServer) -> None:
    with Store(tmp_path / "s.db") as store, \
            PocketClient(Environment.sandbox(sandbox.url), "alice") as client:
        tracker = ExchangeTracker(client, store)
        with pytest.raises(ValueError):
            RelayFeed(store, tracker, "http://127.0.0.1:1", "", SECRET)
        feed = RelayFeed(store, tracker, "http://127.0.0.1:1", TOKEN, SECRET)
        feed.start()
        feed.stop()
        with pytest.raises(RuntimeError):  # once: its abandoned poll may still hold the client
            feed.start()
        assert not feed.status().running


def test_stopping_the_relay_wakes_no_delivery_after_the_feed_stopped(
        sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory()
    relay: RelayServer
    with make_relay(tmp_path / "relay.db") as relay, \
            app(server, relay.url, tmp_path / "app.db", long_poll=5.0) as a:
        assert until(lambda: a.feed.status().state == CONNECTED)
        a.feed.stop()
        signed_post(relay, {"event": "exchange.executed",
                            "payload": {"exchange_id": "late", "order_id": "o"}})
        time.sleep(0.3)
        assert a.store.webhook_deliveries() == [] and a.store.relay_cursor("staging",
                                                                           relay.url) == 0
