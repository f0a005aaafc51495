"""Property tests over every route: whatever is sent, the answer is never 5xx and every error
has the error shape with a code the OpenAPI document lists.

Schemathesis generates valid and invalid requests from /openapi.json; a second, schema-free
generator sends any method to any path with any bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from pocketgui.bitcoin import ScriptType
from pocketgui.sandbox import SandboxServer
from tests.wallet import Wallet

from .wallet import api, create_order, lightning_order_body, onchain_order_body, transfer

pytestmark = pytest.mark.slow

SETTINGS = settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)


class World:
    """A running sandbox with real ids to aim generated requests at."""

    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.client = httpx.Client(base_url=server.url, timeout=10)
        schema = self.client.get("/openapi.json").json()
        self.codes = set(schema["components"]["schemas"]["ErrorCode"]["enum"])
        self.operations = [
            result.ok() for result in schemathesis.openapi.from_dict(schema).get_all_operations()
        ]
        with api(server, "fuzz") as client:
            onchain = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
            lightning = create_order(client, lightning_order_body(client))
            held = transfer(client, onchain["id"], "999.00").json()
            executed = transfer(client, lightning["id"], "10.00").json()
            interrupted = transfer(client, onchain["id"], "500.00").json()
            challenge = client.post("/v1/challenges").json()
            hook = client.post(
                "/v1/sandbox/webhooks", json={"url": "http://127.0.0.1:9/", "secret": "s"}
            ).json()
        self.ids = [
            onchain["id"], lightning["id"], held["id"], executed["id"], challenge["id"],
            hook["id"], interrupted["action"]["identification_id"],
        ]  # fmt: skip

    def check(self, response: httpx.Response, method: str) -> None:
        assert response.status_code < 500, response.text
        if response.status_code < 400 or method == "HEAD":
            return
        body = response.json()
        assert set(body) == {"error", "documentation_uri"}, body
        assert body["error"] in self.codes, body
        assert body["error"] != "bad_request", "the catch-all answered: a bug"
        assert body["documentation_uri"] == "https://pocketbitcoin.com/developers"


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with SandboxServer() as server:
        yield World(server)


AUTH = st.sampled_from(["client_id fuzz", "client_id fuzz", "client_id other", None, "junk"])


def test_schema_driven_requests(world: World) -> None:
    @SETTINGS
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        operation = data.draw(st.sampled_from(world.operations))
        mode = data.draw(st.sampled_from([GenerationMode.POSITIVE, GenerationMode.NEGATIVE]))
        case = data.draw(operation.as_strategy(generation_mode=mode))
        for name in case.path_parameters or {}:
            if data.draw(st.booleans()):
                case.path_parameters[name] = data.draw(st.sampled_from(world.ids))
        headers = dict(case.headers or {})
        auth = data.draw(AUTH)
        if auth is not None:
            headers["Authorization"] = auth
        case.headers = headers
        response = case.call(base_url=world.server.url)
        world.check(
            httpx.Response(response.status_code, content=response.content), case.method.upper()
        )

    run()


PATHS = [
    "/v1/challenges", "/v1/challenges/{id}", "/v1/orders", "/v1/orders/{id}",
    "/v1/exchanges/{id}", "/v1/sandbox/orders/{id}/transfers", "/v1/sandbox/blocks",
    "/v1/sandbox/rates", "/v1/sandbox/webhooks", "/v1/sandbox/webhooks/{id}",
    "/v1/sandbox/identifications/{id}/complete", "/", "/v1", "/v2/orders", "/openapi.json",
]  # fmt: skip
ANY_TEXT = st.text(st.characters(exclude_categories=()))  # lone surrogates too
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | ANY_TEXT | st.decimals(allow_nan=False).map(str),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


def _body(value: Any) -> bytes:
    return json.dumps(value, default=str).encode()


BODIES = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(str.encode),
    JSON_VALUES.map(_body),
    st.sampled_from([b"", b"{}", b"[]", b"null", b"1e999999", b"-0", b"9" * 5000, b"{" * 3000,
                     b'{"amount": 1e-999999}', b'{"count": 1e3}', b'{"fee_rate": NaN}',
                     b'"\\ud800"', b"\xff\xfe", b" " * 70000]),
)  # fmt: skip


def test_any_method_any_path_any_body(world: World) -> None:
    @SETTINGS
    @given(
        method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]),
        template=st.sampled_from(PATHS)
        | st.text(max_size=30).map(lambda t: "/" + quote(t, safe="/")),
        segment=st.sampled_from(world.ids) | st.text(min_size=1, max_size=40),
        body=BODIES,
        auth=AUTH,
    )
    def run(method: str, template: str, segment: str, body: bytes, auth: str | None) -> None:
        path = template.replace("{id}", quote(segment, safe=""))
        headers = {"Authorization": auth} if auth else {}
        response = world.client.request(method, path, content=body, headers=headers)
        world.check(response, method)

    run()


def test_orders_with_real_challenges_and_mutated_fields(world: World) -> None:
    """Valid orders with one field replaced: refusals always come with a specific code."""
    with api(world.server, "fuzz") as client:

        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
        @given(field=st.sampled_from(["fee_rate", "active", "affiliate_id", "payment_method",
                                      "payout_method"]), value=JSON_VALUES)  # fmt: skip
        def run(field: str, value: Any) -> None:
            body = onchain_order_body(client, Wallet(ScriptType.P2WPKH))
            body[field] = value
            response = client.post("/v1/orders", content=_body(body))
            world.check(response, "POST")

        run()
