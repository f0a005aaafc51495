"""What the relay tests share: its secrets, signed deliveries, and the feed read over HTTP."""

from __future__ import annotations

import base64
import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import httpx

from pocketgui.relay import RelayServer
from pocketgui.tracking import sign

SECRET = "whsec-relay-tests"
TOKEN = "feed-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
# deliver and read_feed talk plain HTTP on loopback (test_tls.py makes its own verifying client):
# verify=False spares loading the CA bundle for each request, which cost more than the request.


def event_body(exchange_id: str = "e1", event: str = "exchange.executed") -> bytes:
    return json.dumps(
        {"event": event, "payload": {"exchange_id": exchange_id, "order_id": "o1",
                                     "amount": 0.00197}},
        separators=(",", ":"),
    ).encode()


def pocket_headers(body: bytes, *, secret: str = SECRET, retry: int = 0,
                   correlation: str | None = None) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "Pocket-Webhook/1.0",
        "X-Signature-256": sign(secret.encode(), body),
        "X-Correlation-Id": correlation or str(uuid.uuid4()),
        "X-Retry-Count": str(retry),
    }


def deliver(relay: RelayServer, body: bytes, **header_options: Any) -> httpx.Response:
    headers = pocket_headers(body, **header_options)
    return httpx.post(relay.webhook_url, content=body, headers=headers, verify=False)


def read_feed(relay: RelayServer, *, timeout: float = 10.0, **params: Any) -> httpx.Response:
    return httpx.get(relay.url + "/v1/deliveries", params=params, headers=AUTH, timeout=timeout,
                     verify=False)


def feed_bodies(answer: dict[str, Any]) -> list[bytes]:
    return [base64.b64decode(d["body"], validate=True) for d in answer["deliveries"]]


def rows_on_disk(db_path: Path) -> list[tuple[int, bytes]]:
    """The deliveries as another process would see them: a fresh connection to the file."""
    with sqlite3.connect(db_path) as cx:
        return [(int(seq), bytes(body))
                for seq, body in cx.execute("SELECT seq, body FROM deliveries ORDER BY seq")]
