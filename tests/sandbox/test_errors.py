"""The error edge: every refusal is a 4xx with the error shape and a documented code."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import httpx
import pytest

from pocketgui.sandbox import SandboxServer
from pocketgui.sandbox.errors import ErrorCode
from pocketgui.sandbox.jsonio import JsonDecodeError, dumps, loads

from .wallet import api, error_of

pytestmark = pytest.mark.shared_sandbox


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with api(sandbox) as c:
        yield c


def test_unknown_route_and_wrong_method(client: httpx.Client) -> None:
    missing = client.get("/v1/nothing-here")
    assert missing.status_code == 404 and error_of(missing) == "not_found"
    wrong = client.put("/v1/orders")
    assert wrong.status_code == 405 and error_of(wrong) == "method_not_allowed"
    assert "POST" in wrong.headers["allow"]


def test_body_too_large(client: httpx.Client) -> None:
    huge = b'{"amount": 1, "pad": "' + b"x" * 70_000 + b'"}'
    response = client.post("/v1/sandbox/rates", content=huge)
    assert response.status_code == 413 and error_of(response) == "payload_too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the cap holds while streaming
        for _ in range(100):
            yield b" " * 1024

    streamed = client.post("/v1/orders", content=chunks())
    assert streamed.status_code == 413 and error_of(streamed) == "payload_too_large"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{", "invalid_json"),
        (b"\xff\xfe\x00", "invalid_json"),
        (b"[" * 20000 + b"]" * 20000, "invalid_json"),
        (b"1" * 5000, "invalid_json"),
        (b'{"fee_rate": Infinity}', "invalid_json"),
        (b"null", "validation_error"),
        (b'"order"', "validation_error"),
        ('{"active": "\u2603", "fee_rate": "0.02"}'.encode(), "validation_error"),
        (b'{"active": true, "fee_rate": 1e999999999}', "validation_error"),
    ],
)
def test_malformed_bodies(client: httpx.Client, body: bytes, code: str) -> None:
    response = client.post("/v1/orders", content=body)
    assert response.status_code == 400, response.text
    assert error_of(response) == code


def test_openapi_lists_every_route_and_error_code(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    assert set(schema["components"]["schemas"]["ErrorCode"]["enum"]) == {c.value for c in ErrorCode}
    routes = {(path, method) for path, ops in schema["paths"].items() for method in ops}
    assert routes == {
        ("/v1/challenges", "post"),
        ("/v1/challenges/{challenge_id}", "get"),
        ("/v1/orders", "post"),
        ("/v1/orders/{order_id}", "get"),
        ("/v1/orders/{order_id}", "patch"),
        ("/v1/exchanges/{exchange_id}", "get"),
        ("/v1/exchanges/{exchange_id}", "patch"),
        ("/v1/sandbox/orders/{order_id}/transfers", "post"),
        ("/v1/sandbox/blocks", "post"),
        ("/v1/sandbox/chain/payments", "post"),
        ("/v1/sandbox/chain/tip", "get"),
        ("/v1/sandbox/rates", "post"),
        ("/v1/sandbox/lightning/invoices", "post"),
        ("/v1/sandbox/lightning/channels/{node_pubkey}", "put"),
        ("/v1/sandbox/lightning/channels/{node_pubkey}", "delete"),
        ("/v1/sandbox/webhooks", "post"),
        ("/v1/sandbox/webhooks/{webhook_id}", "delete"),
        ("/v1/sandbox/identifications/{identification_id}/complete", "post"),
    }
    for path, ops in schema["paths"].items():
        for method, operation in ops.items():
            responses = operation["responses"]
            assert "422" not in responses, (path, method)
            for status in ("400", "401", "405", "413"):
                ref = responses[status]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorBody"), (path, method, status)
    assert set(schema["webhooks"]) == {
        "exchange.executed", "exchange.interrupted", "exchange.refunded", "exchange.settled"
    }  # fmt: skip
    option = schema["components"]["schemas"]["PayoutOption"]
    assert set(option["properties"]) == {"type", "fee", "amount"}


def test_decimal_json_round_trip() -> None:
    text = '{"a":0.00197000,"b":100.00,"c":0.015,"d":1E-8,"e":[1,true,null,"\\u00e9"]}'
    value = loads(text)
    assert value["a"] == Decimal("0.00197000") and str(value["a"]) == "0.00197000"
    assert (
        dumps(value)
        == '{"a":0.00197000,"b":100.00,"c":0.015,"d":0.00000001,"e":[1,true,null,"\\u00e9"]}'
    )
    with pytest.raises(TypeError):
        dumps({"x": 0.1})  # floats never reach the wire
    for bad in ("NaN", "-Infinity", "{", "[1,]"):
        with pytest.raises(JsonDecodeError):
            loads(bad)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/sandbox/webhooks", b'{"url": "http://a\\ud800/", "secret": "s"}'),
        ("/v1/sandbox/webhooks", b'{"url": "http://a/", "secret": "\\udfff"}'),
        ("/v1/sandbox/rates", b'{"pair": "btc/\\ud800", "rate": 1}'),
        ("/v1/orders", b'{"active": true, "fee_rate": 0.02, "affiliate_id": "\\ud83d"}'),
    ],
)
def test_lone_surrogates_are_refused(client: httpx.Client, path: str, body: bytes) -> None:
    response = client.post(path, content=body)
    assert response.status_code == 400 and error_of(response) == "validation_error"


def test_an_unexpected_failure_is_a_4xx_and_keeps_the_connection(
    client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pocketgui.sandbox import engine

    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(engine, "mine", broken)
    for _ in range(2):  # the same keep-alive connection answers again
        response = client.post("/v1/sandbox/blocks")
        assert response.status_code == 400 and error_of(response) == "bad_request"
    assert client.post("/v1/challenges").status_code == 201
