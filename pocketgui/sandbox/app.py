"""The HTTP surface: Pocket API v1 routes, the sandbox test helpers, and the error edge.

Every answer that is not 2xx is `{"error": code, "documentation_uri": ...}` with a code from
`ErrorCode`; nothing a client sends yields a 5xx.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pocketgui.sandbox import challenges, engine, exchanges, lightning_payouts, orders, webhooks
from pocketgui.sandbox import openapi_models as docs
from pocketgui.sandbox.body import Fields, read_fields
from pocketgui.sandbox.errors import STATUS_CODES, ApiError, ErrorCode, error_body
from pocketgui.sandbox.jsonio import JsonResponse
from pocketgui.sandbox.ownership import verify_ownership
from pocketgui.sandbox.runtime import Sandbox

log = logging.getLogger(__name__)
MAX_CLIENT_ID = 200


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


def create_app(sandbox: Sandbox) -> FastAPI:
    config = sandbox.config
    app = FastAPI(
        title="Pocket API v1 — sandbox",
        version="1.0.0",
        description="A local, faithful Pocket REST API v1 with test helpers under /v1/sandbox/. "
        "Authenticate with `Authorization: client_id <ID>`.",
        docs_url=None,
        redoc_url=None,
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )

    def authenticate(request: Request) -> str:
        scheme, _, client_id = request.headers.get("authorization", "").partition(" ")
        client_id = client_id.strip()
        if (
            scheme.lower() != "client_id"
            or not client_id
            or len(client_id) > MAX_CLIENT_ID
            or not client_id.isprintable()
            or (config.client_ids and client_id not in config.client_ids)
        ):
            raise ApiError(ErrorCode.UNAUTHORIZED, 401)
        return client_id

    async def body_of(request: Request, empty_is_object: bool = False) -> Fields:
        return await read_fields(request, config.max_body_bytes, empty_is_object)

    def commit(
        work: Callable[[sqlite3.Connection], Any], status: int = 200, events: bool = False
    ) -> Response:
        """Run `work` in one transaction and answer its result. `events`: the work may have
        queued webhook deliveries or jobs, so the background loops look now."""
        with sandbox.db.transaction() as cx:
            result = work(cx)
        if events:
            sandbox.wake()
        return JsonResponse(result, status) if result is not None else Response(status_code=status)

    # -- challenges -------------------------------------------------------------------------

    @app.post(
        "/v1/challenges",
        openapi_extra=docs.body(docs.EmptyBody, False),
        **_answer(docs.Challenge, 201),
    )
    async def create_challenge(request: Request) -> Response:
        client = authenticate(request)
        (await body_of(request, empty_is_object=True)).reject_unknown()
        return commit(lambda cx: challenges.create(cx, client, config.challenge_ttl), 201)

    @app.get("/v1/challenges/{challenge_id}", **_answer(docs.Challenge, 200, 404))
    async def get_challenge(request: Request, challenge_id: str) -> Response:
        client = authenticate(request)
        return commit(lambda cx: challenges.get(cx, client, challenge_id))

    # -- orders -----------------------------------------------------------------------------

    @app.post("/v1/orders", openapi_extra=docs.body(docs.OrderRequest), **_answer(docs.Order, 201))
    async def create_order(request: Request) -> Response:
        client = authenticate(request)
        order = orders.parse_new_order(await body_of(request))
        try:
            verify_ownership(order.payout_method, config.network)  # outside the lock
        except ApiError:
            # A missing, expired or used challenge says more than the proof that failed.
            commit(lambda cx: challenges.find_live(cx, client, order.payout_method.message))
            raise

        def insert(cx: sqlite3.Connection) -> dict[str, Any]:
            challenge_id = challenges.find_live(cx, client, order.payout_method.message)
            challenges.complete(cx, challenge_id)
            return orders.render(orders.insert(cx, client, challenge_id, order))

        return commit(insert, 201)

    @app.get("/v1/orders/{order_id}", **_answer(docs.Order, 200, 404))
    async def get_order(request: Request, order_id: str) -> Response:
        client = authenticate(request)
        return commit(lambda cx: orders.render(orders.load(cx, client, order_id)))

    @app.patch(
        "/v1/orders/{order_id}",
        openapi_extra=docs.body(docs.OrderPatch),
        **_answer(docs.Order, 200, 404),
    )
    async def patch_order(request: Request, order_id: str) -> Response:
        client = authenticate(request)
        fields = await body_of(request)
        return commit(lambda cx: orders.patch(cx, client, order_id, fields))

    # -- exchanges --------------------------------------------------------------------------

    @app.get("/v1/exchanges/{exchange_id}", **_answer(docs.Exchange, 200, 404))
    async def get_exchange(request: Request, exchange_id: str) -> Response:
        client = authenticate(request)
        return commit(lambda cx: exchanges.render(exchanges.load(cx, client, exchange_id)))

    @app.patch(
        "/v1/exchanges/{exchange_id}",
        openapi_extra=docs.body(docs.ExchangePatch),
        **_answer(docs.Exchange, 200, 404),
    )
    async def patch_exchange(request: Request, exchange_id: str) -> Response:
        client = authenticate(request)
        fields = await body_of(request)
        return commit(
            lambda cx: lightning_payouts.patch(cx, config, client, exchange_id, fields), events=True
        )

    # -- test helpers -----------------------------------------------------------------------

    @app.post(
        "/v1/sandbox/orders/{order_id}/transfers",
        tags=["sandbox"],
        openapi_extra=docs.body(docs.TransferRequest),
        **_answer(docs.Exchange, 201, 404),
    )
    async def transfer(request: Request, order_id: str) -> Response:
        client = authenticate(request)
        fields = await body_of(request)
        amount = fields.number("amount")
        fields.reject_unknown()
        assert amount is not None
        return commit(
            lambda cx: engine.receive_transfer(cx, config, client, order_id, amount), 201, True
        )

    @app.post(
        "/v1/sandbox/blocks",
        tags=["sandbox"],
        openapi_extra=docs.body(docs.BlocksRequest, False),
        **_answer(docs.BlocksResult),
    )
    async def mine(request: Request) -> Response:
        authenticate(request)
        fields = await body_of(request, empty_is_object=True)
        count = fields.integer("count", required=False)
        fields.reject_unknown()
        return commit(lambda cx: engine.mine(cx, 1 if count is None else count))

    @app.post(
        "/v1/sandbox/rates",
        tags=["sandbox"],
        openapi_extra=docs.body(docs.RateRequest),
        **_answer(docs.RateResult),
    )
    async def set_rate(request: Request) -> Response:
        authenticate(request)
        fields = await body_of(request)
        pair = fields.string("pair", max_length=16)
        rate = fields.number("rate")
        fields.reject_unknown()
        assert pair is not None and rate is not None
        return commit(lambda cx: engine.set_rate(cx, pair, rate))

    @app.post(
        "/v1/sandbox/webhooks",
        tags=["sandbox"],
        openapi_extra=docs.body(docs.WebhookRequest),
        **_answer(docs.WebhookEndpoint, 201),
    )
    async def register_webhook(request: Request) -> Response:
        client = authenticate(request)
        fields = await body_of(request)
        url = fields.string("url", max_length=2048)
        secret = fields.string("secret", max_length=256)
        fields.reject_unknown()
        assert url is not None and secret is not None
        return commit(lambda cx: webhooks.register(cx, client, url, secret), 201)

    @app.delete(
        "/v1/sandbox/webhooks/{webhook_id}",
        tags=["sandbox"],
        status_code=204,
        responses={204: {"description": "Removed."}, **_error_responses(404)},
    )
    async def delete_webhook(request: Request, webhook_id: str) -> Response:
        client = authenticate(request)
        return commit(lambda cx: webhooks.delete(cx, client, webhook_id), 204)

    @app.post(
        "/v1/sandbox/identifications/{identification_id}/complete",
        tags=["sandbox"],
        openapi_extra=docs.body(docs.EmptyBody, False),
        **_answer(docs.IdentificationResult, 200, 404),
    )
    async def complete_identification(request: Request, identification_id: str) -> Response:
        client = authenticate(request)
        (await body_of(request, empty_is_object=True)).reject_unknown()
        return commit(
            lambda cx: engine.complete_identification(cx, config, client, identification_id),
            events=True,
        )

    _install_error_handlers(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _error(code: ErrorCode, status: int, headers: dict[str, str] | None = None) -> Response:
    return JsonResponse(error_body(code), status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    async def api_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return _error(exc.code, exc.status)

    async def validation_error(_: Request, exc: Exception) -> Response:
        return _error(ErrorCode.VALIDATION_ERROR, 400)

    async def http_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        status = exc.status_code if 400 <= exc.status_code < 500 else 400
        headers = dict(exc.headers or {})
        return _error(STATUS_CODES.get(status, ErrorCode.BAD_REQUEST), status, headers)

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return _error(ErrorCode.BAD_REQUEST, 400)

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)  # last resort: Starlette re-raises it
    app.add_middleware(_CatchAll)


class _CatchAll:
    """A bug must still answer 4xx with the error shape (and be logged). Caught here, inside
    Starlette's ServerErrorMiddleware, the connection also stays usable: that middleware
    re-raises to the server, which then drops the keep-alive connection."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        except Exception:
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await _error(ErrorCode.BAD_REQUEST, 400)(scope, receive, send)


def _webhook_operation(event: str) -> dict[str, Any]:
    headers = {
        "X-Signature-256": "sha256=<hex HMAC-SHA256 of the raw body, keyed with the secret>",
        "X-Correlation-Id": "UUID of the event; the same on every retry",
        "X-Retry-Count": "0 on the first attempt, then 1, 2, …",
        "User-Agent": "Pocket-Webhook/1.0",
    }
    return {
        "post": {
            "summary": f"{event} (POSTed to every registered webhook endpoint)",
            "parameters": [
                {
                    "name": name,
                    "in": "header",
                    "required": True,
                    "description": text,
                    "schema": {"type": "string"},
                }
                for name, text in headers.items()
            ],
            "requestBody": docs.body(docs.WebhookEvent)["requestBody"],
            "responses": {
                "2XX": {
                    "description": "Delivered. Anything else is retried after retry_base "
                    "seconds, the delay doubling each time."
                }
            },
        }
    }


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is not None:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    models: list[type[BaseModel]] = [
        docs.EmptyBody,
        docs.OrderRequest,
        docs.OrderPatch,
        docs.ExchangePatch,
        docs.TransferRequest,
        docs.BlocksRequest,
        docs.RateRequest,
        docs.WebhookRequest,
        *docs.DOCUMENTED_ONLY,
    ]
    _, definitions = models_json_schema(
        [(model, "validation") for model in models], ref_template="#/components/schemas/{model}"
    )
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {}).update(definitions.get("$defs", {}))
    for name in ("HTTPValidationError", "ValidationError"):
        components["schemas"].pop(name, None)
    components["securitySchemes"] = {
        "client_id": {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`client_id <ID>`",
        }
    }
    schema["security"] = [{"client_id": []}]
    schema["webhooks"] = {event: _webhook_operation(event) for event in docs.WEBHOOK_EVENTS}
    for operations in schema["paths"].values():
        for operation in operations.values():
            operation.get("responses", {}).pop("422", None)
    app.openapi_schema = schema
    return schema
