"""Every call has a cap on its answer's size and a wall-clock deadline (real loopback sockets):
a huge, endless, dripped or compressed answer ends in a clear error with bounded memory and on
time; a POST or PATCH cut this way stays "outcome unknown"."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from pocketgui.api import (
    Environment,
    MalformedResponse,
    OrderPatch,
    OutcomeUnknown,
    PocketClient,
    Timeout,
)
from pocketgui.api.bounded import BoundedTransport, deadline
from tests.api import reference as ref
from tests.api.loopback import HostileServer

MiB = 1 << 20


def client(url: str, **options: Any) -> PocketClient:
    return PocketClient(Environment.sandbox(url), "test-client", sleep=lambda _: None,
                        **options)


def peak_bytes(call: Callable[[], object]) -> tuple[int, BaseException | None]:
    """The peak of Python allocations while `call` runs, and what it raised."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    caught: BaseException | None = None
    try:
        call()
    except Exception as exc:  # the error is what we look at
        caught = exc
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak, caught


def test_a_100_mb_answer_is_refused_at_the_cap_with_bounded_memory() -> None:
    with HostileServer("huge") as server, client(server.url) as pocket:
        peak, caught = peak_bytes(lambda: pocket.get_exchange("e"))
    assert isinstance(caught, MalformedResponse) and "larger than 1,048,576 bytes" in str(caught)
    assert peak < 4 * MiB, f"peak {peak / MiB:.1f} MiB"
    assert server.requests == 1  # a refused answer is not asked for again


def test_an_endless_answer_is_cut_at_the_cap_with_bounded_memory() -> None:
    with HostileServer("endless") as server, client(server.url) as pocket:
        peak, caught = peak_bytes(lambda: pocket.get_order("o"))
    assert isinstance(caught, MalformedResponse) and "larger than" in str(caught)
    assert peak < 4 * MiB, f"peak {peak / MiB:.1f} MiB"
    assert server.sent < 16 * MiB  # reading stopped; the server was not drained


def test_a_compressed_answer_that_was_not_asked_for_is_refused_unread() -> None:
    with HostileServer("gzip") as server, client(server.url) as pocket:
        peak, caught = peak_bytes(lambda: pocket.get_exchange("e"))
    assert isinstance(caught, MalformedResponse) and "compressed (gzip)" in str(caught)
    assert peak < 4 * MiB


@pytest.mark.slow
def test_a_dripped_answer_fails_at_the_deadline_not_per_read() -> None:
    # Each byte comes well within the 5 s read timeout: only the deadline can end it.
    with HostileServer("drip", gap=0.2) as server, client(
            server.url, deadline=1.5, timeout=httpx.Timeout(5.0)) as pocket:
        start = time.monotonic()
        with pytest.raises(Timeout, match=r"within 1\.5 seconds"):
            pocket.get_challenge("c")
        took = time.monotonic() - start
    assert 1.4 <= took < 2.5, took
    assert server.sent >= 3  # bytes did arrive: a per-read timeout alone never fires


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["drip", "huge", "endless"])
def test_a_post_or_patch_cut_by_the_cap_or_the_deadline_is_outcome_unknown(mode: str) -> None:
    with HostileServer(mode, gap=0.2) as server, client(server.url, deadline=1.0) as pocket:
        with pytest.raises(OutcomeUnknown, match="may or may not"):
            pocket.patch_order(ref.order(), OrderPatch(active=False))
        with pytest.raises(OutcomeUnknown, match="may or may not"):
            pocket.create_challenge()
    assert server.requests == 2  # each sent exactly once


def test_the_deadline_covers_the_get_retries_too() -> None:
    with HostileServer("drip", gap=0.2) as server, client(
            server.url, deadline=1.0, retries=5) as pocket:
        start = time.monotonic()
        with pytest.raises(Timeout):
            pocket.get_exchange("e")
        assert time.monotonic() - start < 2.0
    assert server.requests == 1


def test_the_transport_keeps_to_the_deadline_while_reading_headers() -> None:
    with HostileServer("drip", gap=0.2) as server, httpx.Client(
            transport=BoundedTransport(), timeout=5.0) as http, deadline(1.0):
        start = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            http.get(server.url)  # httpx alone would wait out every byte of the headers
        assert time.monotonic() - start < 1.5
