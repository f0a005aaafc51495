"""`WebhookReceiver`: the HTTP endpoint Pocket POSTs exchange events to.

Order of work for one delivery, and why:
1. size first (413 above `max_body`, 411 without a length): no one fills memory;
2. `X-Signature-256: sha256=<hex>` against the HMAC-SHA256 of the raw body, compared with
   `hmac.compare_digest` (constant time): a missing or wrong signature is 401 and nothing of it
   is read further or stored;
3. JSON shape (`{"event": str, "payload": object}`), else 400;
4. stored in the store, keyed by the SHA-256 of the signed body, *before* answering 2xx: once
   Pocket hears 2xx it will never send that event again, so an acknowledged event must survive
   a crash. The key is the signed body, not the unsigned `X-Correlation-Id`: anyone who saw one
   delivery could replay it with fresh ids, and it must still count once;
5. answered 200, then handed to `on_event` — only the first time: a retry (same body) is
   acknowledged again and otherwise ignored.
Bad input never gets a 5xx; only a failing store does (Pocket then retries, which is right).

A stdlib HTTP server in a daemon thread, bound to 127.0.0.1 by default (no web framework import
on the app's start-up path), guarded by `GuardedHTTPServer`: every read times out, each request
has a wall-clock deadline (408), and at most `max_connections` are served at once.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pocketgui.api import jsonio
from pocketgui.store import Store
from pocketgui.tracking.guarded_http_server import GuardedHTTPServer, GuardedRequestHandler

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Signature-256"
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


def sign(secret: bytes, body: bytes) -> str:
    """The `X-Signature-256` value Pocket sends for `body`."""
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def signature_matches(secret: bytes, body: bytes, header: str | None) -> bool:
    if not header:
        return False
    return hmac.compare_digest(sign(secret, body).encode(), header.strip().encode())


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
        if not signature_matches(self.secret, body, headers.get(SIGNATURE_HEADER.lower())):
            log.warning("webhook rejected: missing or bad signature")
            return Receipt(401, {"error": "invalid_signature"})
        try:
            data = jsonio.loads(body)
        except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
            return Receipt(400, {"error": "invalid_json"})
        if not (
            isinstance(data, dict)
            and isinstance(data.get("event"), str)
            and isinstance(data.get("payload"), dict)
        ):
            return Receipt(400, {"error": "invalid_event"})
        key = hashlib.sha256(body).hexdigest()  # of the body whose signature just verified
        correlation = headers.get("x-correlation-id", "").strip()[:200]
        retry = _retry_count(headers.get("x-retry-count"))
        is_new = self.store.record_webhook(key, data["event"], body.decode("utf-8"), retry)
        log.info("webhook %s %s (body %s, correlation %r, retry %d)%s", data["event"],
                 "stored" if is_new else "repeated", key[:16], correlation, retry,
                 "" if is_new else ", ignored")
        event = WebhookEvent(key, data["event"], data["payload"], retry)
        return Receipt(200, {"received": True, "duplicate": not is_new}, event if is_new else None)

    def dispatch(self, event: WebhookEvent) -> None:
        """Hand a newly stored event to `on_event`; mark it processed when that succeeded."""
        if self.on_event is None:
            return
        try:
            self.on_event(event)
        except Exception:
            log.exception("webhook %s could not be processed; kept for the next start",
                          event.delivery_key)
            return
        self.store.mark_webhook_processed(event.delivery_key)


def _retry_count(text: str | None) -> int:
    try:
        return min(max(0, int(text or "0")), 1_000_000)
    except ValueError:
        return 0


def _handler_for(receiver: WebhookReceiver) -> type[GuardedRequestHandler]:
    class Handler(GuardedRequestHandler):
        server_version = "pocketgui-webhooks"
        sys_version = ""

        def do_POST(self) -> None:
            if self.path.split("?", 1)[0] != receiver.path:
                self._answer(404, {"error": "not_found"})
                return
            length_text = self.headers.get("Content-Length")
            if length_text is None:
                self._answer(411, {"error": "length_required"}, close=True)
                return
            try:
                length = int(length_text)
                if length < 0:
                    raise ValueError
            except ValueError:
                self._answer(400, {"error": "invalid_length"}, close=True)
                return
            if length > receiver.max_body:
                self._answer(413, {"error": "body_too_large"}, close=True)
                return
            try:
                body = self.read_body(length)
            except TimeoutError:
                log.warning("webhook body not received in time; connection closed")
                self._answer(408, {"error": "request_timeout"}, close=True)
                return
            except ConnectionError:
                self.close_connection = True
                return
            headers = {name.lower(): value for name, value in self.headers.items()}
            try:
                receipt = receiver.receive(headers, body)
            except UnicodeDecodeError:
                receipt = Receipt(400, {"error": "invalid_encoding"})
            except Exception:
                log.exception("webhook could not be stored")
                receipt = Receipt(503, {"error": "not_stored"})
            self._answer(receipt.status, receipt.answer)
            if receipt.event is not None:
                receiver.dispatch(receipt.event)

        def do_GET(self) -> None:
            self._answer(405, {"error": "method_not_allowed"})

        do_PUT = do_PATCH = do_DELETE = do_GET

        def _answer(self, status: int, answer: dict[str, Any], close: bool = False) -> None:
            body = jsonio.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            if close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("webhook http: " + format, *args)

    return Handler
