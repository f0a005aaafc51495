"""The OpenAPI document is as strict as the validation: every request body schemathesis
generates as valid from /openapi.json passes the sandbox's shape checks.

Where the document can say everything the sandbox checks (the test helpers), every valid body
is accepted (2xx). Where it cannot (signatures, IBAN checksums, challenge tokens, an exchange's
state), a valid body may be refused, but only for such a reason: never with a code that a
constraint of the document could have expressed (a type, a length, a pattern, a range, an enum,
an unknown field, a field needing another).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from pocketgui.bitcoin import ScriptType
from pocketgui.sandbox import SandboxServer
from tests.wallet import Wallet

from .wallet import api, create_order, lightning_order_body, onchain_order_body, transfer

pytestmark = pytest.mark.slow

CLIENT = "strict"
# Refusals a document constraint can express: a valid body must never get one.
SHAPE_CODES = {
    "validation_error", "unknown_field", "invalid_json", "duplicate_key", "payload_too_large",
    "invalid_fee_rate", "invalid_currency", "invalid_gap_limit", "invalid_node_pubkey",
    "invalid_derivation_path", "ambiguous_payout_method", "derivation_path_required",
    "extended_public_key_required", "invalid_affiliate_id", "invalid_payout_type",
    "invalid_amount", "invalid_rate", "invalid_pair", "invalid_block_count",
    "invalid_webhook_url", "invalid_webhook_secret", "field_not_patchable",
}  # fmt: skip
ACCEPTED = [  # the document says all the sandbox checks
    ("POST", "/v1/challenges"),
    ("POST", "/v1/sandbox/blocks"),
    ("POST", "/v1/sandbox/rates"),
    ("POST", "/v1/sandbox/webhooks"),
    ("POST", "/v1/sandbox/lightning/invoices"),
    ("POST", "/v1/sandbox/orders/{order_id}/transfers"),
]
SHAPED = [  # the sandbox also checks what no schema can say
    ("POST", "/v1/orders"),
    ("PATCH", "/v1/orders/{order_id}"),
    ("PATCH", "/v1/exchanges/{exchange_id}"),
]
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck),
                    database=None)


class World:
    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        self.document = httpx.get(f"{server.url}/openapi.json").json()
        self.schema = schemathesis.openapi.from_dict(self.document)
        with api(server, CLIENT) as client:
            order = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
            lightning = create_order(client, lightning_order_body(client))
            executed = transfer(client, lightning["id"], "10.00").json()
        self.ids = {"order_id": order["id"], "exchange_id": executed["id"]}

    def call_helper(self, path: str, body: dict[str, Any]) -> None:
        with api(self.server, CLIENT) as client:
            client.post(path, json=body).raise_for_status()

    def call(self, case: Any) -> httpx.Response:
        case.path_parameters = {name: self.ids[name] for name in case.path_parameters or {}}
        case.headers = {**(case.headers or {}), "Authorization": f"client_id {CLIENT}"}
        response = case.call(base_url=self.server.url)
        return httpx.Response(response.status_code, content=response.content)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with SandboxServer() as server:
        yield World(server)


def _send_valid_bodies(world: World, method: str, path: str,
                       check: Callable[[Any, httpx.Response], None]) -> None:
    operation = world.schema[path][method]

    @SETTINGS
    @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
    def run(case: Any) -> None:
        response = world.call(case)
        assert response.status_code < 500
        check(case.body, response)

    run()


def _accepted(body: Any, response: httpx.Response) -> None:
    assert response.status_code < 300, (body, response.text)


def _refused_only_for_what_no_schema_can_say(body: Any, response: httpx.Response) -> None:
    if response.status_code >= 400:
        assert response.json()["error"] not in SHAPE_CODES, (body, response.text)


@pytest.mark.parametrize(("method", "path"), ACCEPTED)
def test_every_valid_body_of_a_fully_documented_route_is_accepted(
    world: World, method: str, path: str
) -> None:
    if path.endswith("/transfers"):
        # The rate test leaves any rate behind; at 0.01 CHF a transfer buys more bitcoin than
        # the sandbox's regtest hot wallet can ever hold, which no schema can express.
        world.call_helper("/v1/sandbox/rates", {"pair": "btc/chf", "rate": 50000.00})
    _send_valid_bodies(world, method, path, _accepted)


@pytest.mark.parametrize(("method", "path"), SHAPED)
def test_a_valid_body_is_refused_only_for_what_no_schema_can_say(
    world: World, method: str, path: str
) -> None:
    _send_valid_bodies(world, method, path, _refused_only_for_what_no_schema_can_say)


def test_the_document_states_the_limits_the_sandbox_checks(world: World) -> None:
    schemas = world.document["components"]["schemas"]
    onchain, extended = schemas["OnchainPayoutMethod"], schemas["ExtendedKeyPayoutMethod"]
    assert onchain["additionalProperties"] is False and extended["additionalProperties"] is False
    assert "extended_public_key" not in onchain["properties"]
    assert {"extended_public_key", "derivation_path"} <= set(extended["required"])
    assert onchain["properties"]["message"]["maxLength"] == 1024
    node = schemas["LightningPayoutMethod"]["properties"]["node_pubkey"]
    assert node["pattern"] == "^0[23][0-9a-fA-F]{64}$"
    rate = schemas["RateRequest"]["properties"]["rate"]
    assert (rate["exclusiveMinimum"], rate["maximum"], rate["multipleOf"]) == (0, 1e9, 0.01)
    assert schemas["BlocksRequest"]["properties"]["count"]["maximum"] == 1000
    assert schemas["LightningInvoiceRequest"]["properties"]["amount"]["maximum"] == 21_000_000
    assert "pattern" in schemas["WebhookRequest"]["properties"]["url"]


def test_every_reference_in_the_document_resolves(world: World) -> None:
    text = json.dumps(world.document)
    references = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', text))
    assert references and references <= set(world.document["components"]["schemas"])
