"""/openapi.json: FastAPI's document of the routes, completed with the request-body schemas
(bodies are parsed by hand), the client_id security scheme, and the webhook events."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from pocketgui.sandbox import openapi_models as docs


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
            "description": "The body below is the API reference's shape. With "
            "`--webhook-shape published` the sandbox sends Pocket's published shape instead: "
            "`action` is `{\"code\": \"identify\", \"url\": \"https://portal."
            "pocketbitcoin.com/identification/<id>\"}` and every payload carries "
            "`welcomeReward` (null).",
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


def build_openapi(app: FastAPI) -> dict[str, Any]:
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
        docs.ChainPaymentRequest,
        docs.RateRequest,
        docs.WebhookRequest,
        docs.LightningInvoiceRequest,
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
