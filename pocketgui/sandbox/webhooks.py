"""Webhooks: endpoints, an outbox in SQLite, and the delivery loop.

An event is written to the outbox in the same transaction as the state change that caused it,
so nothing is lost when the sandbox stops; a new sandbox on the same file resumes the pending
rows. A delivery that does not answer 2xx is retried after `retry_base` seconds, the delay
doubling each time, with the same body and X-Correlation-Id and X-Retry-Count incremented.

The outbox holds the reference shape; with `webhook_shape="published"` each body is rewritten
into the shape of Pocket's published examples when it is sent (`published_body`: a pure
function of the stored body, so every retry carries the same bytes and signature).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import sqlite3
import ssl
import time
import uuid
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpx

from pocketgui.sandbox.config import SandboxConfig, WebhookTarget
from pocketgui.sandbox.errors import ErrorCode, invalid, not_found
from pocketgui.sandbox.jsonio import dumps, format_timestamp, loads, utc_now
from pocketgui.sandbox.store import Database

log = logging.getLogger(__name__)
USER_AGENT = "Pocket-Webhook/1.0"
IDENTIFICATION_PORTAL = "https://portal.pocketbitcoin.com/identification/"


def signature_header(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def published_body(body: str) -> str:
    """A reference-shape event body in the shape of Pocket's published examples: an
    interrupted exchange's action becomes `{"code": "identify", "url": <portal URL>}` and every
    payload carries `welcomeReward` (null), a field the reference does not name."""
    event = loads(body)
    payload = event["payload"]
    action = payload.get("action")
    if isinstance(action, dict) and action.get("code") == "identification_required":
        payload["action"] = {
            "code": "identify",
            "url": IDENTIFICATION_PORTAL + str(action["identification_id"]),
        }
    payload.setdefault("welcomeReward", None)
    return dumps(event)


def check_target(url: str, secret: str) -> None:
    try:
        parts = urlsplit(url)
        port = parts.port  # raises for a port that is not a number in 0..65535
    except ValueError as exc:  # an unbalanced "[" (IPv6), a bad port
        raise invalid("url must be an http(s) URL", ErrorCode.INVALID_WEBHOOK_URL) from exc
    if parts.scheme not in ("http", "https") or not parts.hostname or port == 0:
        raise invalid("url must be an http(s) URL", ErrorCode.INVALID_WEBHOOK_URL)
    if not secret:
        raise invalid("secret must not be empty", ErrorCode.INVALID_WEBHOOK_SECRET)


def register(
    cx: sqlite3.Connection,
    client_id: str | None,
    url: str,
    secret: str,
    endpoint_id: str | None = None,
) -> dict[str, Any]:
    check_target(url, secret)
    endpoint_id = endpoint_id or str(uuid.uuid4())
    created_on = format_timestamp(utc_now())
    cx.execute(
        "INSERT OR REPLACE INTO webhook_endpoints (id, client_id, url, secret, created_on) "
        "VALUES (?, ?, ?, ?, ?)",
        (endpoint_id, client_id, url, secret, created_on),
    )
    return {"id": endpoint_id, "url": url, "created_on": created_on}


def register_static(cx: sqlite3.Connection, targets: Iterable[WebhookTarget]) -> None:
    """Endpoints given at start receive every client's events; ones no longer given stop."""
    ids = []
    for target in targets:
        endpoint_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{target.url}#{target.secret}"))
        register(cx, None, target.url, target.secret, endpoint_id)
        ids.append(endpoint_id)
    marks = ",".join("?" * len(ids))
    cx.execute(
        f"UPDATE webhook_endpoints SET deleted = 1 WHERE client_id IS NULL AND id NOT IN ({marks})",
        ids,
    )


def delete(cx: sqlite3.Connection, client_id: str, endpoint_id: str) -> None:
    cursor = cx.execute(
        "UPDATE webhook_endpoints SET deleted = 1 WHERE id = ? AND client_id = ? AND deleted = 0",
        (endpoint_id, client_id),
    )
    if cursor.rowcount != 1:
        raise not_found()


def enqueue(cx: sqlite3.Connection, client_id: str, event: str, payload: dict[str, Any]) -> None:
    """One outbox row per endpoint of the client (and per endpoint given at start)."""
    body = dumps({"event": event, "payload": payload})
    endpoints = cx.execute(
        "SELECT id FROM webhook_endpoints "
        "WHERE deleted = 0 AND (client_id = ? OR client_id IS NULL)",
        (client_id,),
    ).fetchall()
    for endpoint in endpoints:
        cx.execute(
            "INSERT INTO webhook_deliveries (endpoint_id, correlation_id, event, body, "
            "next_attempt_at) VALUES (?, ?, ?, ?, ?)",
            (endpoint["id"], str(uuid.uuid4()), event, body, time.time()),
        )


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default verifying context, made once per process: loading the CA bundle costs
    more than starting the rest of a sandbox, and one context serves every sandbox's client."""
    return httpx.create_ssl_context()


class Deliverer:
    """One step of the delivery loop: send what is due, answer when the next one is."""

    def __init__(self, db: Database, config: SandboxConfig) -> None:
        self.db = db
        self.config = config
        self.client = httpx.Client(timeout=config.webhook_timeout, follow_redirects=False,
                                   verify=_tls_context())

    def close(self) -> None:
        self.client.close()

    def step(self) -> float | None:
        with self.db.transaction() as cx:
            due = cx.execute(
                "SELECT d.*, e.url, e.secret, e.deleted FROM webhook_deliveries d "
                "JOIN webhook_endpoints e ON e.id = d.endpoint_id "
                "WHERE d.delivered_on IS NULL AND d.abandoned = 0 AND d.next_attempt_at <= ? "
                "ORDER BY d.id LIMIT 20",
                (time.time(),),
            ).fetchall()
        for row in due:
            self._attempt(row)
        with self.db.transaction() as cx:
            (next_at,) = cx.execute(
                "SELECT MIN(next_attempt_at) FROM webhook_deliveries "
                "WHERE delivered_on IS NULL AND abandoned = 0"
            ).fetchone()
        return None if next_at is None else max(0.0, next_at - time.time())

    def _attempt(self, row: sqlite3.Row) -> None:
        if row["deleted"]:
            self._update(row["id"], "abandoned = 1")
            return
        text = row["body"]
        if self.config.webhook_shape == "published":
            text = published_body(text)
        body = text.encode("ascii")
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Signature-256": signature_header(row["secret"], body),
            "X-Correlation-Id": row["correlation_id"],
            "X-Retry-Count": str(row["retry_count"]),
        }
        try:
            status = self.client.post(row["url"], content=body, headers=headers).status_code
        except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:  # ValueError: bad URL
            log.info("webhook %s to %s failed: %s", row["correlation_id"], row["url"], exc)
            status = 0
        if 200 <= status < 300:
            self._update(row["id"], "delivered_on = ?", format_timestamp(utc_now()))
            return
        attempts = row["retry_count"] + 1
        if attempts >= self.config.webhook_max_attempts:
            self._update(row["id"], "abandoned = 1")
            return
        delay = self.config.retry_base * 2 ** row["retry_count"]
        self._update(
            row["id"], "retry_count = ?, next_attempt_at = ?", attempts, time.time() + delay
        )

    def _update(self, delivery_id: int, assignments: str, *values: Any) -> None:
        with self.db.transaction() as cx:
            cx.execute(
                f"UPDATE webhook_deliveries SET {assignments} WHERE id = ?", (*values, delivery_id)
            )
