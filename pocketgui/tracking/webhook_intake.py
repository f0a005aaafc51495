"""The intake check every receiver of Pocket's webhooks runs: the app's `WebhookReceiver` and
the always-on `pocketgui-relay` share it, so both refuse exactly the same deliveries.

Order of work for one POST, and why:
1. size first (413 above `max_body`, 411 without a length): no one fills memory;
2. `X-Signature-256: sha256=<hex>` against the HMAC-SHA256 of the raw body, compared with
   `hmac.compare_digest` (constant time): a missing or wrong signature is 401 and nothing of it
   is read further or stored;
3. JSON shape (`{"event": str, "payload": object}`) in UTF-8, else 400;
4. the delivery key: the SHA-256 of the signed body, not the unsigned `X-Correlation-Id`:
   anyone who saw one delivery could replay it with fresh ids, and it must still count once.
What to store and when to answer 2xx is the caller's part (always: stored first).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pocketgui.api import jsonio
from pocketgui.tracking.guarded_http_server import GuardedRequestHandler

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Signature-256"


@dataclass(frozen=True)
class SignedDelivery:
    """A delivery whose signature verified and whose JSON has the event shape."""

    key: str  # SHA-256 hex of the signed body: the dedupe key
    event: str
    payload: dict[str, Any]
    correlation_id: str  # unsigned: for logs only
    retry_count: int


@dataclass(frozen=True)
class Refusal:
    """A delivery refused before anything was stored: the status and JSON answer to send."""

    status: int
    answer: dict[str, Any]


def sign(secret: bytes, body: bytes) -> str:
    """The `X-Signature-256` value Pocket sends for `body`."""
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def signature_matches(secret: bytes, body: bytes, header: str | None) -> bool:
    if not header:
        return False
    return hmac.compare_digest(sign(secret, body).encode(), header.strip().encode())


def check_delivery(
    secret: bytes, headers: Mapping[str, str], body: bytes
) -> SignedDelivery | Refusal:
    """Steps 2–4 for one delivery (`headers` with lower-cased names)."""
    if not signature_matches(secret, body, headers.get(SIGNATURE_HEADER.lower())):
        log.warning("webhook rejected: missing or bad signature")
        return Refusal(401, {"error": "invalid_signature"})
    try:
        data = jsonio.loads(body)
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        return Refusal(400, {"error": "invalid_json"})
    if not (
        isinstance(data, dict)
        and isinstance(data.get("event"), str)
        and isinstance(data.get("payload"), dict)
    ):
        return Refusal(400, {"error": "invalid_event"})
    try:
        body.decode("utf-8")  # json also reads UTF-16/32; Pocket sends UTF-8, stores keep text
    except UnicodeDecodeError:
        return Refusal(400, {"error": "invalid_encoding"})
    return SignedDelivery(
        key=hashlib.sha256(body).hexdigest(),  # of the body whose signature just verified
        event=data["event"],
        payload=data["payload"],
        correlation_id=headers.get("x-correlation-id", "").strip()[:200],
        retry_count=_retry_count(headers.get("x-retry-count")),
    )


def _retry_count(text: str | None) -> int:
    try:
        return min(max(0, int(text or "0")), 1_000_000)
    except ValueError:
        return 0


class IntakeRequestHandler(GuardedRequestHandler):
    """Step 1 (size, then the body within the request's deadline) and JSON answers."""

    server_version = "pocketgui-webhooks"
    sys_version = ""

    def read_intake_body(self, max_body: int) -> bytes | None:
        """The body, or None once a refusal (411/400/413/408) went out or the peer left."""
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            self.answer_json(411, {"error": "length_required"}, close=True)
            return None
        try:
            length = int(length_text)
            if length < 0:
                raise ValueError
        except ValueError:
            self.answer_json(400, {"error": "invalid_length"}, close=True)
            return None
        if length > max_body:
            self.answer_json(413, {"error": "body_too_large"}, close=True)
            return None
        try:
            return self.read_body(length)
        except TimeoutError:
            log.warning("webhook body not received in time; connection closed")
            self.answer_json(408, {"error": "request_timeout"}, close=True)
        except ConnectionError:
            self.close_connection = True
        return None

    def lower_headers(self) -> dict[str, str]:
        return {name.lower(): value for name, value in self.headers.items()}

    def answer_json(
        self,
        status: int,
        answer: Mapping[str, Any],
        close: bool = False,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        body = jsonio.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("webhook http: " + format, *args)
