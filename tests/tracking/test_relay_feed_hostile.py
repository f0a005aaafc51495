"""A relay that answers anything but a feed: each answer is a failure said in the status, the
feed never crashes, nothing is stored, and the cursor stays (a real loopback server replays
the answers; the feed reads it with `read_once`, as its thread does)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pocketgui.api import Environment, PocketClient
from pocketgui.sandbox import SandboxServer
from pocketgui.store import Store
from pocketgui.tracking.relay_feed import DOWN, FeedFailure, RelayFeed
from pocketgui.tracking.tracker import ExchangeTracker
from tests.api.loopback import DROP, ScriptedServer

HOSTILE: list[tuple[int, str] | str] = [
    (200, "not json"),
    (200, "[" * 100_000),  # nesting deeper than any parser's stack
    (200, json.dumps({"deliveries": "all of them", "last_seq": 1})),
    (200, json.dumps({"deliveries": [{"seq": -1, "body": ""}], "last_seq": 1})),
    (200, json.dumps({"deliveries": [{"seq": True, "body": ""}], "last_seq": 1})),
    (200, json.dumps({"deliveries": [], "last_seq": 2 ** 70})),
    (200, json.dumps({"deliveries": [{"seq": 1}]})),
    (502, json.dumps({"error": "bad gateway"})),
    (302, ""),
]


def test_every_answer_that_is_not_a_feed_is_a_failure_and_changes_nothing(
        tmp_path: Path, sandbox: SandboxServer) -> None:
    with ScriptedServer([*HOSTILE, DROP, DROP]) as relay, Store(tmp_path / "s.db") as store, \
            PocketClient(Environment.sandbox(sandbox.url), "alice") as client:
        feed = RelayFeed(store, ExchangeTracker(client, store), relay.url, "token", "secret")
        for _ in range(len(HOSTILE) + 1):  # the two drops: read once more, then failed
            with pytest.raises(FeedFailure) as failure:
                feed.read_once()
            assert failure.value.state == DOWN
            status = feed.status()
            assert status.state == DOWN and status.down_since is not None
            assert status.text.startswith("Relay 127.0.0.1:") and "not reachable" in status.text
        assert feed.status().cursor == 0 and store.relay_cursor("sandbox", relay.url) == 0
        assert store.webhook_deliveries() == []
        assert store.relay_refusals("sandbox", relay.url) == []
        assert len(relay.requests) == len(HOSTILE) + 2
        assert all(r.startswith("GET /v1/deliveries?after=0&wait=0&limit=") for r in relay.requests)


def test_a_delivery_with_odd_headers_and_a_body_that_is_no_base64_is_refused_as_forged(
        tmp_path: Path, sandbox: SandboxServer) -> None:
    answer = {"deliveries": [{"seq": 3, "headers": ["not", "a", "map"], "body": "%%%"}],
              "last_seq": 3}
    with ScriptedServer([(200, json.dumps(answer))]) as relay, Store(tmp_path / "s.db") as store, \
            PocketClient(Environment.sandbox(sandbox.url), "alice") as client:
        feed = RelayFeed(store, ExchangeTracker(client, store), relay.url, "token", "secret")
        assert feed.read_once() is False
        assert feed.status().untrustworthy and feed.status().cursor == 3
        assert [(r.seq, r.forged) for r in store.relay_refusals("sandbox", relay.url)] == [
            (3, True)]
