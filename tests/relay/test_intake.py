"""`POST /webhook`: the app's intake rules, and each delivery on disk before its 2xx."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from pocketgui.relay import RelayServer
from tests.relay.kit import SECRET, deliver, event_body, pocket_headers, read_feed, rows_on_disk


def test_a_signed_delivery_is_on_disk_when_its_200_is_read(relay: RelayServer) -> None:
    body = event_body()
    answer = deliver(relay, body)
    assert answer.status_code == 200
    assert answer.json() == {"received": True, "duplicate": False}
    assert rows_on_disk(Path(relay.config.db_path)) == [(1, body)]


def test_the_relay_keeps_every_header_under_its_original_name(relay: RelayServer) -> None:
    body = event_body()
    sent = pocket_headers(body, correlation="corr-1", retry=0)
    assert httpx.post(relay.webhook_url, content=body, headers=sent).status_code == 200
    (stored,) = read_feed(relay).json()["deliveries"]
    for name, value in sent.items():
        assert stored["headers"][name] == value
    assert stored["headers"]["Content-Length"] == str(len(body))


def test_a_forged_or_missing_signature_is_401_and_nothing_is_stored(relay: RelayServer) -> None:
    body = event_body()
    forged = deliver(relay, body, secret="not-the-secret")
    headers = pocket_headers(body)
    del headers["X-Signature-256"]
    missing = httpx.post(relay.webhook_url, content=body, headers=headers)
    assert (forged.status_code, missing.status_code) == (401, 401)
    assert forged.json() == {"error": "invalid_signature"}
    assert rows_on_disk(Path(relay.config.db_path)) == []
    assert relay.store.last_seq == 0


def test_a_body_above_the_limit_is_413_unread(
    relay_factory: Callable[..., RelayServer], tmp_path: Path
) -> None:
    relay = relay_factory(max_body=1000)
    body = event_body("x" * 1000)
    answer = deliver(relay, body)
    assert answer.status_code == 413
    assert answer.json() == {"error": "body_too_large"}
    assert relay.store.count() == 0


def test_a_post_without_a_length_is_411(relay: RelayServer) -> None:
    parts = urlsplit(relay.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(b"POST /webhook HTTP/1.1\r\nHost: relay\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.0 411")


def test_signed_but_not_an_event_is_400_and_nothing_is_stored(relay: RelayServer) -> None:
    not_json = deliver(relay, b"{not json")
    wrong_shape = deliver(relay, json.dumps({"event": "x", "payload": [1]}).encode())
    utf16 = deliver(relay, json.dumps({"event": "x", "payload": {}}).encode("utf-16"))
    assert [a.json()["error"] for a in (not_json, wrong_shape, utf16)] == [
        "invalid_json", "invalid_event", "invalid_encoding"]
    assert {a.status_code for a in (not_json, wrong_shape, utf16)} == {400}
    assert relay.store.count() == 0


def test_a_retry_of_the_same_signed_body_is_acknowledged_and_stored_once(
    relay: RelayServer,
) -> None:
    body = event_body()
    first = deliver(relay, body, correlation="c-1", retry=0)
    again = deliver(relay, body, correlation="c-1", retry=1)
    replayed = deliver(relay, body, correlation="someone-else", retry=0)
    assert [a.status_code for a in (first, again, replayed)] == [200, 200, 200]
    assert [a.json()["duplicate"] for a in (first, again, replayed)] == [False, True, True]
    assert rows_on_disk(Path(relay.config.db_path)) == [(1, body)]
    assert relay.store.last_seq == 1


def test_different_events_get_increasing_seqs(relay: RelayServer) -> None:
    bodies = [event_body(f"e{n}") for n in range(5)]
    for body in bodies:
        assert deliver(relay, body).status_code == 200
    assert rows_on_disk(Path(relay.config.db_path)) == list(enumerate(bodies, start=1))


def test_other_paths_and_methods_are_refused(relay: RelayServer) -> None:
    assert httpx.post(relay.url + "/webhooks/pocket", content=b"{}").status_code == 404
    wrong_method = httpx.get(relay.webhook_url)
    assert wrong_method.status_code == 405
    assert wrong_method.headers["Allow"] == "POST"
    assert httpx.delete(relay.url + "/v1/deliveries").headers["Allow"] == "GET"


def test_the_webhook_secret_is_the_one_configured(
    relay_factory: Callable[..., RelayServer], tmp_path: Path
) -> None:
    relay = relay_factory(webhook_secret="another-secret", db_path=str(tmp_path / "b.sqlite3"))
    body = event_body()
    assert deliver(relay, body, secret=SECRET).status_code == 401
    assert deliver(relay, body, secret="another-secret").status_code == 200
