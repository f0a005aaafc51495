"""`WebhookReceiver`: the HTTP endpoint Pocket POSTs exchange events to.

The intake check (size, `X-Signature-256` in constant time, JSON shape, the dedupe key) is
`webhook_intake`'s, shared with `pocketgui-relay`. Then, for one delivery that passed it:
stored in the store, keyed by the SHA-256 of the signed body, *before* answering 2xx: once
Pocket hears 2xx it will never send that event again, so an acknowledged event must survive a
crash; answered 200, then handed to `on_event` — only the first time: a retry (same body) is
acknowledged again and otherwise ignored.
Bad input never gets a 5xx; only a failing store does (Pocket then retries, which is right).

A stdlib HTTP server in a daemon thread, bound to 127.0.0.1 by default (no web framework import
on the app's start-up path), guarded by `GuardedHTTPServer`: every read times out, each request
has a wall-clock deadline (408), and at most `max_connections` are served at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pocketgui.store.repository import Store
from pocketgui.tracking.guarded_http_server import GuardedHTTPServer, GuardedRequestHandler
from pocketgui.tracking.webhook_intake import (
    SIGNATURE_HEADER,
    IntakeRequestHandler,
    Refusal,
    SignedDelivery,
    check_delivery,
    sign,
    signature_matches,
)

__all__ = [
    "SIGNATURE_HEADER",
    "Receipt",
    "WebhookEvent",
    "WebhookReceiver",
    "sign",
    "signature_matches",
]

log = logging.getLogger(__name__)

MAX_BODY = 1 << 20
MAX_CONNECTIONS = 16  # Pocket sends one event at a time per endpoint; room for retries
READ_TIMEOUT = 5.0  # seconds one read may wait
REQUEST_DEADLINE = 15.0  # seconds for a whole request: headers and body


@dataclass(frozen=True)
class WebhookEvent:
    delivery_key: str
    event: str
    payload: dict[str, Any]
    retry_count: int


@dataclass(frozen=True)
class Receipt:
    """What to answer one delivery, and the event to hand on (None: rejected or a retry)."""

    status: int
    answer: dict[str, Any]
    event: WebhookEvent | None = None


class WebhookReceiver:
    def __init__(
        self,
        store: Store,
        secret: str | bytes,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        path: str = "/webhooks/pocket",
        on_event: Callable[[WebhookEvent], None] | None = None,
        max_body: int = MAX_BODY,
        max_connections: int = MAX_CONNECTIONS,
        read_timeout: float = READ_TIMEOUT,
        request_deadline: float = REQUEST_DEADLINE,
    ):
        if not secret:
            raise ValueError("a webhook receiver needs the shared secret")
        self.store = store
        self.secret = secret.encode() if isinstance(secret, str) else secret
        self.path = path
        self.on_event = on_event
        self.max_body = max_body
        self._server = GuardedHTTPServer(
            (host, port),
            _handler_for(self),
            max_connections=max_connections,
            read_timeout=read_timeout,
            request_deadline=request_deadline,
        )
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        address, port = self._server.server_address[:2]
        host = address.decode() if isinstance(address, bytes) else str(address)
        return f"http://{f'[{host}]' if ':' in host else host}:{port}{self.path}"

    def start(self) -> WebhookReceiver:
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="pocket-webhooks",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> WebhookReceiver:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def receive(self, headers: dict[str, str], body: bytes) -> Receipt:
        """Steps 2–4 for one delivery (`headers` lower-cased). On 200 the event is stored;
        `dispatch` hands it on after the answer went out."""
        checked = check_delivery(self.secret, headers, body)
        if isinstance(checked, Refusal):
            return Receipt(checked.status, checked.answer)
        event = keep_delivery(self.store, checked, body)
        log.info("webhook %s %s (body %s, correlation %r, retry %d)%s", checked.event,
                 "stored" if event else "repeated", checked.key[:16], checked.correlation_id,
                 checked.retry_count, "" if event else ", ignored")
        return Receipt(200, {"received": True, "duplicate": event is None}, event)

    def dispatch(self, event: WebhookEvent) -> None:
        """Hand a newly stored event to `on_event`; mark it processed when that succeeded."""
        if self.on_event is not None:
            hand_on(self.store, event, self.on_event)


def keep_delivery(store: Store, checked: SignedDelivery, body: bytes) -> WebhookEvent | None:
    """Store a checked delivery once, by the hash of its signed body (persist before anything
    is acknowledged or shown); the event when it is new, None for a repeat. The receiver and
    the relay feed keep deliveries this one way."""
    if not store.record_webhook(checked.key, checked.event, body.decode("utf-8"),
                                checked.retry_count):
        return None
    return WebhookEvent(checked.key, checked.event, checked.payload, checked.retry_count)


def hand_on(store: Store, event: WebhookEvent,
            on_event: Callable[[WebhookEvent], object]) -> None:
    """Hand a newly stored event on; marked processed only when that succeeded, so a failure
    is handed on again at the next start (`ExchangeTracker.resume`)."""
    try:
        on_event(event)
    except Exception:
        log.exception("webhook %s could not be processed; kept for the next start",
                      event.delivery_key)
        return
    store.mark_webhook_processed(event.delivery_key)


def _handler_for(receiver: WebhookReceiver) -> type[GuardedRequestHandler]:
    class Handler(IntakeRequestHandler):
        def do_POST(self) -> None:
            if self.path.split("?", 1)[0] != receiver.path:
                self.answer_json(404, {"error": "not_found"})
                return
            body = self.read_intake_body(receiver.max_body)
            if body is None:
                return
            try:
                receipt = receiver.receive(self.lower_headers(), body)
            except Exception:
                log.exception("webhook could not be stored")
                receipt = Receipt(503, {"error": "not_stored"})
            self.answer_json(receipt.status, receipt.answer)
            if receipt.event is not None:
                receiver.dispatch(receipt.event)

        def do_GET(self) -> None:
            self.answer_json(405, {"error": "method_not_allowed"})

        do_PUT = do_PATCH = do_DELETE = do_GET

    return Handler
