"""HTTP transports that stand between the app and the sandbox: a tamperer and a picky Pocket."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import httpx


class Meddler(httpx.BaseTransport):
    """Forwards to the real sandbox; `on_order(body) -> response or None` sees POST /v1/orders."""

    def __init__(self, on_order: Callable[[dict, httpx.Response | None], httpx.Response | None]
                 ) -> None:
        self._real = httpx.HTTPTransport(verify=False)  # plain HTTP: no CA bundle to load
        self._on_order = on_order
        self.order_posts: list[dict] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        is_order = request.method == "POST" and request.url.path == "/v1/orders"
        if not is_order:
            return self._real.handle_request(request)
        body = json.loads(request.read())
        self.order_posts.append(body)
        early = self._on_order(body, None)
        if early is not None:
            return early
        response = self._real.handle_request(request)
        response.read()
        return self._on_order(body, response) or response

    def close(self) -> None:
        self._real.close()


def header(signature: str) -> int:
    return base64.b64decode(signature)[0]


def refuse_device_headers(body: dict, answer: httpx.Response | None) -> httpx.Response | None:
    """A Pocket that accepts only BIP-137 segwit headers (35–42), as some servers do."""
    if answer is None and header(body["payout_method"]["signature"]) < 35:
        return httpx.Response(400, json={"error": "invalid_signature"})
    return None


def refuse_all(body: dict, answer: httpx.Response | None) -> httpx.Response | None:
    return httpx.Response(400, json={"error": "invalid_signature"}) if answer is None else None


ATTACKER = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"


def altered_answer(change: Callable[[dict], None]
                   ) -> Callable[[dict, httpx.Response | None], httpx.Response | None]:
    """A middlebox that lets the order through and changes its answer with `change(data)`."""
    def meddle(body: dict, answer: httpx.Response | None) -> httpx.Response | None:
        if answer is None or answer.status_code != 201:
            return None
        data = answer.json()
        change(data)
        return httpx.Response(201, json=data)

    return meddle


# the bitcoin sent elsewhere: the echo no longer matches the request
swap_payout_address = altered_answer(
    lambda data: data["payout_method"].update(bitcoin_address=ATTACKER))


def lose_answer(body: dict, answer: httpx.Response | None) -> httpx.Response | None:
    if answer is None:
        return None
    raise httpx.ReadError("connection reset after the request was sent")


FOREIGN_IBAN = "DE02120300000000202051"  # checksum-valid, not one of Pocket's accounts


# the bank transfer redirected to a valid account that is not Pocket's
swap_creditor_iban = altered_answer(
    lambda data: data["payment_method"].update(creditor_iban=FOREIGN_IBAN))
