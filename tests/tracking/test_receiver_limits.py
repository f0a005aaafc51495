"""The webhook receiver against stalling and flooding peers, over real loopback sockets:
read timeouts, a deadline for each whole request, and a bound on connections served at once."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from pocketgui.store import Store
from pocketgui.tracking import WebhookReceiver, sign

SECRET = b"whsec-limits"
BODY = b'{"event":"exchange.executed","payload":{"exchange_id":"e1","order_id":"o1"}}'
BOUND = 8
DEADLINE = 1.0


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "p.sqlite3") as opened:
        yield opened


@pytest.fixture
def receiver(store: Store) -> Iterator[WebhookReceiver]:
    with WebhookReceiver(store, SECRET, max_connections=BOUND, read_timeout=0.5,
                         request_deadline=DEADLINE) as running:
        yield running


def connect(receiver: WebhookReceiver) -> socket.socket:
    parts = urlsplit(receiver.url)
    assert parts.hostname is not None and parts.port is not None
    return socket.create_connection((parts.hostname, parts.port), timeout=5)


def head(receiver: WebhookReceiver, length: int) -> bytes:
    path = urlsplit(receiver.url).path
    return (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"X-Signature-256: {sign(SECRET, BODY)}\r\nContent-Length: {length}\r\n\r\n").encode()


def handler_threads() -> int:
    return sum("process_request_thread" in t.name for t in threading.enumerate())


def closed_by_server(sock: socket.socket) -> bytes:
    """What the server sent before it closed (b'' when it sent nothing)."""
    received = b""
    try:
        while chunk := sock.recv(4096):
            received += chunk
    except ConnectionResetError:
        pass
    return received


def deliver(receiver: WebhookReceiver) -> httpx.Response:
    return httpx.post(receiver.url, content=BODY, timeout=5,
                      headers={"X-Signature-256": sign(SECRET, BODY)})


def test_a_hundred_stalled_bodies_pin_at_most_the_bound_of_threads(
    receiver: WebhookReceiver, store: Store
) -> None:
    stalled = []
    try:
        for _ in range(100):
            sock = connect(receiver)
            stalled.append(sock)
            try:
                sock.sendall(head(receiver, len(BODY)) + BODY[:10])  # the rest never comes
            except ConnectionError:  # refused beyond the bound, and the reset came first
                pass
        time.sleep(0.3)
        assert handler_threads() <= BOUND
        started = time.monotonic()
        for sock in stalled:  # each one is answered 408 or closed unread, none hangs
            answer = closed_by_server(sock)
            assert answer == b"" or answer.startswith(b"HTTP/1.0 408")
        assert time.monotonic() - started < DEADLINE + 2
    finally:
        for sock in stalled:
            sock.close()
    assert deliver(receiver).status_code == 200  # the slots are free again
    assert len(store.webhook_deliveries()) == 1


@pytest.mark.slow
def test_a_body_dripped_a_byte_at_a_time_ends_at_the_deadline(
    receiver: WebhookReceiver, store: Store
) -> None:
    with connect(receiver) as sock:
        sock.sendall(head(receiver, len(BODY)))
        started = time.monotonic()
        for byte in BODY[:-1]:
            try:
                sock.sendall(bytes([byte]))
            except OSError:  # the server gave up on us: as it should
                break
            time.sleep(0.2)  # each read gets a byte well within the read timeout
            if time.monotonic() - started > DEADLINE + 2:
                break
        answer = closed_by_server(sock)
    assert answer.startswith(b"HTTP/1.0 408")
    assert b'"request_timeout"' in answer
    assert store.webhook_deliveries() == []


@pytest.mark.slow
def test_headers_dripped_a_byte_at_a_time_end_at_the_deadline(
    receiver: WebhookReceiver,
) -> None:
    with connect(receiver) as sock:
        started = time.monotonic()
        closed = False
        for byte in head(receiver, len(BODY)):
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                closed = True
                break
            time.sleep(0.2)
            if time.monotonic() - started > DEADLINE + 2:
                break
        if not closed:
            sock.settimeout(DEADLINE + 2)
            closed_by_server(sock)  # raises TimeoutError if the server still waits
        assert time.monotonic() - started < DEADLINE + 3


def test_a_connection_that_sends_nothing_is_closed_after_the_read_timeout(
    receiver: WebhookReceiver,
) -> None:
    with connect(receiver) as sock:
        started = time.monotonic()
        assert closed_by_server(sock) == b""
        assert time.monotonic() - started < 2
