"""The HTTP surface: Pocket API v1 routes and the sandbox test helpers.

Each route authenticates, reads its body with exact decimals, and runs its work in one SQLite
transaction; refusals are ApiError, turned into the error shape by `error_edge`.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from fastapi import FastAPI, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from pocketgui.bitcoin.bolt11 import decode_invoice
from pocketgui.sandbox import (
    challenges,
    engine,
    exchanges,
    lightning_node,
    lightning_payouts,
    orders,
    webhooks,
)
from pocketgui.sandbox import openapi_models as docs
from pocketgui.sandbox.body import Fields, read_fields
from pocketgui.sandbox.error_edge import install_error_handlers
from pocketgui.sandbox.errors import ApiError, ErrorCode, invalid
from pocketgui.sandbox.jsonio import JsonResponse
from pocketgui.sandbox.openapi_document import build_openapi
from pocketgui.sandbox.ownership import verify_ownership
from pocketgui.sandbox.runtime import Sandbox

MAX_CLIENT_ID = 200
SANDBOX = "pocketgui.sandbox"  # the ASGI scope key of the sandbox serving a request
MAX_BTC = Decimal(21_000_000)


def _error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {"model": docs.ErrorBody, "description": "Refused; `error` tells why."}
        for status in (400, 401, 405, 413, *statuses)
    }


def _answer(model: type[Any], status: int = 200, *errors: int) -> dict[str, Any]:
    return {
        "status_code": status,
        "responses": {status: {"model": model}, **_error_responses(*errors)},
    }


def create_app(sandbox: Sandbox) -> ASGIApp:
    """The Pocket API as `sandbox` serves it: the process's one FastAPI app (`_api`), with the
    sandbox put into each request's scope."""
    return _ServedBy(_api(), sandbox)


class _ServedBy:
    """ASGI: names the sandbox that serves the request (`SANDBOX`) for the shared routes."""

    def __init__(self, app: ASGIApp, sandbox: Sandbox) -> None:
        self.app = app
        self.sandbox = sandbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[SANDBOX] = self.sandbox
        await self.app(scope, receive, send)


class _Served:
    """A request and the sandbox serving it: what every route does first and last."""

    def __init__(self, request: Request) -> None:
        self.request = request
        self.sandbox: Sandbox = request.scope[SANDBOX]
        self.config = self.sandbox.config

    def authenticate(self) -> str:
        scheme, _, client_id = self.request.headers.get("authorization", "").partition(" ")
        client_id = client_id.strip()
        if (
            scheme.lower() != "client_id"
            or not client_id
            or len(client_id) > MAX_CLIENT_ID
            or not client_id.isprintable()
            or (self.config.client_ids and client_id not in self.config.client_ids)
        ):
            raise ApiError(ErrorCode.UNAUTHORIZED, 401)
        return client_id

    async def body(self, empty_is_object: bool = False) -> Fields:
        return await read_fields(self.request, self.config.max_body_bytes, empty_is_object)

    def commit(
        self, work: Callable[[sqlite3.Connection], Any], status: int = 200, events: bool = False
    ) -> Response:
        """Run `work` in one transaction and answer its result. `events`: the work may have
        queued webhook deliveries or jobs, so the background loops look now."""
        with self.sandbox.db.transaction() as cx:
            result = work(cx)
        if events:
            self.sandbox.wake()
        return JsonResponse(result, status) if result is not None else Response(status_code=status)


@functools.cache
def _api() -> FastAPI:
    """The routes, built once per process: they are the same for every sandbox (each request
    finds its own in its scope), and building them costs more than the rest of a start."""
    app = FastAPI(
        title="Pocket API v1 — sandbox",
        version="1.0.0",
        description="A local, faithful Pocket REST API v1 with test helpers under /v1/sandbox/. "
        "Authenticate with `Authorization: client_id <ID>`. The sandbox's regtest chain is "
        "served without authentication by an Esplora-compatible REST subset under /esplora "
        "(Blockstream's Esplora API shapes) and, when started with an Electrum port, by an "
        "Electrum protocol 1.4 server.",
        docs_url=None,
        redoc_url=None,
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )

    # -- challenges -------------------------------------------------------------------------

    @app.post(
        "/v1/challenges",
        openapi_extra=docs.body(docs.EmptyBody, False),
        **_answer(docs.Challenge, 201),
    )
    async def create_challenge(request: Request) -> Response:
        served = _Served(request)
        client = served.authenticate()
        (await served.body(empty_is_object=True)).reject_unknown()
        ttl = served.config.challenge_ttl
        return served.commit(lambda cx: challenges.create(cx, client, ttl), 201)

    @app.get("/v1/challenges/{challenge_id}", **_answer(docs.Challenge, 200, 404))
    async def get_challenge(request: Request, challenge_id: str) -> Response:
        served = _Served(request)
        client = served.authenticate()
        return served.commit(lambda cx: challenges.get(cx, client, challenge_id))

    # -- orders -----------------------------------------------------------------------------

    @app.post("/v1/orders", openapi_extra=docs.body(docs.OrderRequest), **_answer(docs.Order, 201))
    async def create_order(request: Request) -> Response:
        served = _Served(request)
        client = served.authenticate()
        order = orders.parse_new_order(await served.body())
        try:
            verify_ownership(order.payout_method, served.config.network)  # outside the lock
        except ApiError:
            # A missing, expired or used challenge says more than the proof that failed.
            served.commit(lambda cx: challenges.find_live(cx, client, order.payout_method.message))
            raise

        def insert(cx: sqlite3.Connection) -> dict[str, Any]:
            challenge_id = challenges.find_live(cx, client, order.payout_method.message)
            challenges.complete(cx, challenge_id)
            return orders.render(orders.insert(cx, client, challenge_id, order))

        return served.commit(insert, 201)

    @app.get("/v1/orders/{order_id}", **_answer(docs.Order, 200, 404))
    async def get_order(request: Request, order_id: str) -> Response:
        served = _Served(request)
        client = served.authenticate()
        return served.commit(lambda cx: orders.render(orders.load(cx, client, order_id)))

    @app.patch(
        "/v1/orders/{order_id}",
        openapi_extra=docs.body(docs.OrderPatch),
        **_answer(docs.Order, 200, 404),
    )
    async def patch_order(request: Request, order_id: str) -> Response:
        served = _Served(request)
        client = served.authenticate()
        fields = await served.body()
        return served.commit(lambda cx: orders.patch(cx, client, order_id, fields))

    # -- exchanges --------------------------------------------------------------------------

    @app.get("/v1/exchanges/{exchange_id}", **_answer(docs.Exchange, 200, 404))
    async def get_exchange(request: Request, exchange_id: str) -> Response:
        served = _Served(request)
        client = served.authenticate()
        return served.commit(lambda cx: exchanges.render(exchanges.load(cx, client, exchange_id)))

    @app.patch(
        "/v1/exchanges/{exchange_id}",
        openapi_extra=docs.body(docs.ExchangePatch),
        **_answer(docs.Exchange, 200, 404),
    )
    async def patch_exchange(request: Request, exchange_id: str) -> Response:
        served = _Served(request)
        client = served.authenticate()
        fields = await served.body()
        return served.commit(
            lambda cx: lightning_payouts.patch(cx, served.config, client, exchange_id, fields),
            events=True,
        )

    # -- test helpers -----------------------------------------------------------------------

    @app.post(
        "/v1/sandbox/orders/{order_id}/transfers",
        tags=["sandbox"],
        openapi_extra=docs.body(docs.TransferRequest),
        **_answer(docs.Exchange, 201, 404),
    )
    async def transfer(request: Request, order_id: str) -> Response:
        served = _Served(request)
        client = served.authenticate()
        fields = await served.body()
        amount = fields.number("amount")
        fields.reject_unknown()
        assert amount is not None
        return served.commit(
            lambda cx: engine.receive_transfer(cx, served.config, client, order_id, amount),
            201, True,
        )

    @app.post(
        "/v1/sandbox/blocks",
        tags=["sandbox"],
        openapi_extra=docs.body(docs.BlocksRequest, False),
        **_answer(docs.BlocksResult),
    )
    async def mine(request: Request) -> Response:
        served = _Served(request)
        served.authenticate()
        fields = await served.body(empty_is_object=True)
        count = fields.integer("count", required=False)
        fields.reject_unknown()
        return served.commit(lambda cx: engine.mine(cx, 1 if count is None else count), events=True)

    @app.post(
        "/v1/sandbox/chain/payments",
        tags=["sandbox"],
        openapi_extra=docs.body(docs.ChainPaymentRequest),
        **_answer(docs.ChainPayment, 201),
    )
    async def chain_payment(request: Request) -> Response:
        served = _Served(request)
        served.authenticate()
        fields = await served.body()
        address = fields.string("address", max_length=100)
        amount = fields.number("amount")
        fields.reject_unknown()
        assert address is not None and amount is not None
        return served.commit(
            lambda cx: engine.pay_address(cx, served.config, address, amount), 201, True
        )

    @app.get("/v1/sandbox/chain/tip", tags=["sandbox"], **_answer(docs.ChainTip))
    async def chain_tip(request: Request) -> Response:
        served = _Served(request)
        served.authenticate()
        return served.commit(engine.chain_tip)

    @app.post(
        "/v1/sandbox/lightning/invoices",
        tags=["sandbox"],
        openapi_extra=docs.body(docs.LightningInvoiceRequest),
        **_answer(docs.LightningInvoice, 201),
    )
    async def lightning_invoice(request: Request) -> Response:
        served = _Served(request)
        served.authenticate()
        fields = await served.body()
        amount = fields.number("amount")
        description = fields.string("description", required=False, max_length=256)
        fields.reject_unknown()
        assert amount is not None
        if not 0 < amount <= MAX_BTC or amount != amount.quantize(Decimal("1e-11")):
            raise invalid("amount must be positive BTC, at most 21 million, with at most 11 "
                          "decimals", ErrorCode.INVALID_AMOUNT)
        invoice = lightning_node.create_invoice(lightning_node.to_msat(amount),
                                                served.config.network, description or "")
        return JsonResponse({"invoice": invoice,
                             "payment_hash": decode_invoice(invoice).payment_hash,
                             "node_pubkey": lightning_node.NODE_PUBKEY}, 201)

    @app.put(
        "/v1/sandbox/lightning/channels/{node_pubkey}",
        tags=["sandbox"],
        openapi_extra=docs.body(docs.EmptyBody, False),
        **_answer(docs.LightningChannel),
    )
    async def set_direct_channel(request: Request, node_pubkey: str) -> Response:
        served = _Served(request)
        served.authenticate()
        (await served.body(empty_is_object=True)).reject_unknown()
        return served.commit(lambda cx: lightning_payouts.set_direct_channel(cx, node_pubkey))

    @app.delete(
        "/v1/sandbox/lightning/channels/{node_pubkey}",
        tags=["sandbox"],
        status_code=204,
        responses={204: {"description": "No direct channel to this node (any more)."},
                   **_error_responses()},
    )
    async def remove_direct_channel(request: Request, node_pubkey: str) -> Response:
        served = _Served(request)
        served.authenticate()
        return served.commit(
            lambda cx: lightning_payouts.remove_direct_channel(cx, node_pubkey), 204
        )

    @app.post(
        "/v1/sandbox/rates",
        tags=["sandbox"],
        openapi_extra=docs.body(docs.RateRequest),
        **_answer(docs.RateResult),
    )
    async def set_rate(request: Request) -> Response:
        served = _Served(request)
        served.authenticate()
        fields = await served.body()
        pair = fields.string("pair", max_length=16)
        rate = fields.number("rate")
        fields.reject_unknown()
        assert pair is not None and rate is not None
        return served.commit(lambda cx: engine.set_rate(cx, pair, rate))

    @app.post(
        "/v1/sandbox/webhooks",
        tags=["sandbox"],
        openapi_extra=docs.body(docs.WebhookRequest),
        **_answer(docs.WebhookEndpoint, 201),
    )
    async def register_webhook(request: Request) -> Response:
        served = _Served(request)
        client = served.authenticate()
        fields = await served.body()
        url = fields.string("url", max_length=2048)
        secret = fields.string("secret", max_length=256)
        fields.reject_unknown()
        assert url is not None and secret is not None
        return served.commit(lambda cx: webhooks.register(cx, client, url, secret), 201)

    @app.delete(
        "/v1/sandbox/webhooks/{webhook_id}",
        tags=["sandbox"],
        status_code=204,
        responses={204: {"description": "Removed."}, **_error_responses(404)},
    )
    async def delete_webhook(request: Request, webhook_id: str) -> Response:
        served = _Served(request)
        client = served.authenticate()
        return served.commit(lambda cx: webhooks.delete(cx, client, webhook_id), 204)

    @app.post(
        "/v1/sandbox/identifications/{identification_id}/complete",
        tags=["sandbox"],
        openapi_extra=docs.body(docs.EmptyBody, False),
        **_answer(docs.IdentificationResult, 200, 404),
    )
    async def complete_identification(request: Request, identification_id: str) -> Response:
        served = _Served(request)
        client = served.authenticate()
        (await served.body(empty_is_object=True)).reject_unknown()
        return served.commit(
            lambda cx: engine.complete_identification(cx, served.config, client, identification_id),
            events=True,
        )

    install_error_handlers(app)
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    return app
