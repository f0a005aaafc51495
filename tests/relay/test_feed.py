"""`GET /v1/deliveries`: bearer token, paging, long-polling, slowing down token guessing."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from pocketgui.relay import RelayServer
from pocketgui.tracking import signature_matches
from tests.relay.kit import (
    AUTH,
    SECRET,
    TOKEN,
    deliver,
    event_body,
    feed_bodies,
    read_feed,
)


def test_the_feed_needs_the_bearer_token(relay: RelayServer) -> None:
    deliver(relay, event_body())
    feed_url = relay.url + "/v1/deliveries"
    missing = httpx.get(feed_url)
    wrong = httpx.get(feed_url, headers={"Authorization": "Bearer not-the-token"})
    basic = httpx.get(feed_url, headers={"Authorization": f"Basic {TOKEN}"})
    for answer in (missing, wrong, basic):
        assert answer.status_code == 401
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")
        assert "deliveries" not in answer.json()
    assert httpx.get(feed_url, headers=AUTH).status_code == 200


def test_the_feed_serves_the_exact_signed_bytes_in_seq_order(relay: RelayServer) -> None:
    bodies = [event_body(f"e{n}") for n in range(3)]
    for body in bodies:
        deliver(relay, body)
    answer = read_feed(relay).json()
    assert [d["seq"] for d in answer["deliveries"]] == [1, 2, 3]
    assert answer["last_seq"] == 3
    assert feed_bodies(answer) == bodies
    for delivery, body in zip(answer["deliveries"], bodies, strict=True):
        assert signature_matches(SECRET.encode(), body, delivery["headers"]["X-Signature-256"])
        assert delivery["received_at"].endswith("Z") and "T" in delivery["received_at"]


def test_after_and_limit_page_through_the_deliveries(relay: RelayServer) -> None:
    for n in range(7):
        deliver(relay, event_body(f"e{n}"))
    seen: list[int] = []
    after = 0
    while True:
        answer = read_feed(relay, after=after, limit=3).json()
        assert answer["last_seq"] == 7
        if not answer["deliveries"]:
            break
        assert len(answer["deliveries"]) <= 3
        seen += [d["seq"] for d in answer["deliveries"]]
        after = answer["deliveries"][-1]["seq"]
    assert seen == [1, 2, 3, 4, 5, 6, 7]


def test_an_empty_relay_answers_no_deliveries_and_last_seq_0(relay: RelayServer) -> None:
    assert read_feed(relay).json() == {"deliveries": [], "last_seq": 0}


def test_one_answer_stops_at_the_byte_cap_but_always_carries_one(
    relay_factory: Callable[..., RelayServer],
) -> None:
    relay = relay_factory(max_feed_bytes=150)
    bodies = [event_body("x" * 100 + str(n)) for n in range(3)]  # each above 100 bytes
    for body in bodies:
        deliver(relay, body)
    first = read_feed(relay).json()
    assert feed_bodies(first) == bodies[:1]
    assert first["last_seq"] == 3


@pytest.mark.parametrize(
    "query",
    ["wait=31", "wait=-1", "wait=nan", "limit=0", "limit=501", "after=-1", "after=x",
     "after=99999999999999999999", "since=3", "after=1&after=2"],
)
def test_bad_parameters_are_400(relay: RelayServer, query: str) -> None:
    answer = httpx.get(f"{relay.url}/v1/deliveries?{query}", headers=AUTH)
    assert answer.status_code == 400
    assert answer.json()["error"] == "bad_parameter"


def test_a_long_poll_wakes_promptly_when_a_delivery_is_stored(relay: RelayServer) -> None:
    answers: list[tuple[float, httpx.Response]] = []
    reader = threading.Thread(
        target=lambda: answers.append((time.monotonic(), read_feed(relay, wait=20)))
    )
    reader.start()
    time.sleep(0.3)  # the reader is waiting
    assert not answers
    delivered_at = time.monotonic()
    deliver(relay, event_body())
    reader.join(timeout=5)
    (answered_at, answer), = answers
    assert answer.json()["last_seq"] == 1
    assert len(answer.json()["deliveries"]) == 1
    assert answered_at - delivered_at < 0.5


def test_a_long_poll_without_news_answers_empty_when_its_wait_ends(relay: RelayServer) -> None:
    deliver(relay, event_body())
    started = time.monotonic()
    answer = read_feed(relay, after=1, wait=0.6).json()
    took = time.monotonic() - started
    assert answer == {"deliveries": [], "last_seq": 1}
    assert 0.55 <= took < 3


def test_a_long_poll_with_news_already_there_answers_at_once(relay: RelayServer) -> None:
    deliver(relay, event_body())
    started = time.monotonic()
    assert read_feed(relay, after=0, wait=20).json()["last_seq"] == 1
    assert time.monotonic() - started < 1


@pytest.mark.slow
def test_repeated_bad_tokens_from_one_address_are_answered_429(
    relay_factory: Callable[..., RelayServer],
) -> None:
    relay = relay_factory(bad_token_window=1.0)
    feed_url = relay.url + "/v1/deliveries"
    bad = {"Authorization": "Bearer guess"}
    statuses = [httpx.get(feed_url, headers=bad).status_code for _ in range(5)]
    assert statuses == [401] * 5
    blocked = httpx.get(feed_url, headers=AUTH)  # even the right token: not checked now
    assert blocked.status_code == 429
    assert 1 <= int(blocked.headers["Retry-After"]) <= 1
    time.sleep(1.1)
    assert httpx.get(feed_url, headers=AUTH).status_code == 200


def test_the_default_limit_is_five_bad_tokens_a_minute(relay: RelayServer) -> None:
    feed_url = relay.url + "/v1/deliveries"
    for _ in range(5):
        httpx.get(feed_url, headers={"Authorization": "Bearer guess"})
    blocked = httpx.get(feed_url, headers=AUTH)
    assert blocked.status_code == 429
    assert 55 <= int(blocked.headers["Retry-After"]) <= 60


def test_health_answers_without_a_token_and_tells_no_counts(relay: RelayServer) -> None:
    deliver(relay, event_body())
    answer = httpx.get(relay.url + "/v1/health")
    assert answer.status_code == 200
    assert set(answer.json()) == {"status", "version"}
    assert answer.json()["status"] == "ok"


def test_a_restarted_relay_keeps_its_deliveries_and_seq(
    relay_factory: Callable[..., RelayServer],
) -> None:
    first = relay_factory()
    bodies = [event_body("e1"), event_body("e2")]
    for body in bodies:
        deliver(first, body)
    first.stop()
    second = relay_factory()
    assert deliver(second, bodies[1], retry=1).json()["duplicate"] is True
    deliver(second, event_body("e3"))
    answer = read_feed(second).json()
    assert [d["seq"] for d in answer["deliveries"]] == [1, 2, 3]
    assert feed_bodies(answer)[:2] == bodies


def test_retention_deletes_old_deliveries_and_seq_goes_on(
    relay_factory: Callable[..., RelayServer], tmp_path: Path
) -> None:
    relay = relay_factory(retention_days=90)
    now = time.time()
    relay.store.add("old-key", [("X-Correlation-Id", "old")], b"{}", now=now - 91 * 86400)
    deliver(relay, event_body("recent"))
    assert relay.sweep() == 1
    deliver(relay, event_body("newer"))
    answer = read_feed(relay).json()
    assert [d["seq"] for d in answer["deliveries"]] == [2, 3]
    assert answer["last_seq"] == 3


def test_retention_runs_when_the_relay_starts(
    relay_factory: Callable[..., RelayServer], tmp_path: Path
) -> None:
    first = relay_factory()
    first.store.add("old-key", [], b"{}", now=time.time() - 91 * 86400)
    first.store.add("older-key", [], b"{}", now=time.time() - 200 * 86400)
    first.stop()
    second = relay_factory()
    assert read_feed(second).json() == {"deliveries": [], "last_seq": 2}
    deliver(second, event_body())
    assert read_feed(second).json()["deliveries"][0]["seq"] == 3


def test_retention_sweeps_periodically(relay_factory: Callable[..., RelayServer]) -> None:
    relay = relay_factory(retention_interval=0.1)
    relay.store.add("old-key", [], b"{}", now=time.time() - 91 * 86400)
    deadline = time.monotonic() + 5
    while relay.store.count() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert relay.store.count() == 0


def _feed_as(relay: RelayServer, forwarded_for: str | None, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    if forwarded_for is not None:
        headers["X-Forwarded-For"] = forwarded_for
    return httpx.get(relay.url + "/v1/deliveries", headers=headers).status_code


def test_behind_a_trusted_proxy_bad_tokens_count_per_forwarded_client(
    relay_factory: Callable[..., RelayServer],
) -> None:
    relay = relay_factory(trusted_proxies=("127.0.0.1",))
    guesses = [_feed_as(relay, f"10.9.9.{n}, 203.0.113.5", "guess") for n in range(5)]
    assert guesses == [401] * 5  # the first entry is the client's claim: not what counts
    assert _feed_as(relay, "203.0.113.5", TOKEN) == 429
    assert _feed_as(relay, "198.51.100.7", TOKEN) == 200  # the desktop, elsewhere
    assert _feed_as(relay, None, TOKEN) == 200


def test_forwarded_for_from_an_untrusted_peer_is_ignored(relay: RelayServer) -> None:
    guesses = [_feed_as(relay, f"203.0.113.{n}", "guess") for n in range(5)]
    assert guesses == [401] * 5
    assert _feed_as(relay, "198.51.100.7", TOKEN) == 429  # all of it came from 127.0.0.1
