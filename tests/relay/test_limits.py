"""Connections served at once, and stopping while long-polls wait."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import httpx
import pytest

from pocketgui.relay import RelayServer
from tests.relay.kit import read_feed


def waiting_readers(relay: RelayServer, count: int, wait: float) -> list[threading.Thread]:
    readers = [threading.Thread(target=read_feed, args=(relay,), kwargs={"wait": wait},
                                daemon=True) for _ in range(count)]
    for reader in readers:
        reader.start()
    time.sleep(0.3)  # each holds its connection now
    return readers


@pytest.mark.slow
def test_a_connection_beyond_the_limit_is_closed_unanswered(
    relay_factory: Callable[..., RelayServer],
) -> None:
    relay = relay_factory(max_connections=2)
    readers = waiting_readers(relay, 2, wait=1.5)
    with pytest.raises(httpx.TransportError):
        httpx.get(relay.url + "/v1/health", timeout=2)
    for reader in readers:
        reader.join(timeout=5)
    assert httpx.get(relay.url + "/v1/health").status_code == 200


def test_stop_does_not_wait_for_long_polls_to_end(
    relay_factory: Callable[..., RelayServer],
) -> None:
    relay = relay_factory()
    readers = waiting_readers(relay, 3, wait=25)
    started = time.monotonic()
    relay.stop()
    for reader in readers:
        reader.join(timeout=5)
    assert time.monotonic() - started < 3
    assert not any(reader.is_alive() for reader in readers)


def test_a_relay_started_twice_serves_once_and_stops_at_once(
    relay_factory: Callable[..., RelayServer],
) -> None:
    """`with` on a started relay (tests, scripts) must not start a second serve loop, which
    made `stop()` wait for it; a reader waiting at the stop hears "stopping", not an error."""
    relay = relay_factory()
    answers: list[httpx.Response] = []
    reader = threading.Thread(target=lambda: answers.append(read_feed(relay, wait=25)),
                              daemon=True)
    begun = time.monotonic()
    with relay:
        assert relay.start() is relay
        reader.start()
        time.sleep(0.3)  # the reader waits for news now
    reader.join(timeout=5)
    assert time.monotonic() - begun < 2.5
    [answer] = answers
    assert answer.status_code == 503 and answer.json() == {"error": "stopping"}
