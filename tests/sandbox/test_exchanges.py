"""Exchanges via the test helpers: execution math, refunds, identification, settlement, blocks."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from pocketgui.bitcoin import ScriptType
from pocketgui.sandbox import SandboxServer
from tests.wallet import Wallet

from .wallet import api, create_order, error_of, onchain_order_body, transfer

EXCHANGE_FIELDS = ["id", "order_id", "fee_rate", "pair", "type", "cost", "executed_on", "amount",
                   "rate", "fee", "action", "reason", "payout"]  # fmt: skip
PAYOUT_FIELDS = ["txid", "outpoint", "bitcoin_address", "derivation_path", "block_height",
                 "confirmed", "fee", "amount"]  # fmt: skip


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with api(sandbox) as c:
        yield c


def new_order(client: httpx.Client, extended: bool = False, **overrides: Any) -> dict[str, Any]:
    wallet = Wallet(ScriptType.P2WPKH)
    return create_order(client, onchain_order_body(client, wallet, "0/1", extended=extended,
                                                   **overrides))  # fmt: skip


def test_walk_from_transfer_to_confirmation(client: httpx.Client) -> None:
    order = new_order(client)
    assert client.post("/v1/sandbox/rates", json={"pair": "btc/chf", "rate": 50000}).json() == {
        "pair": "btc/chf",
        "rate": 50000.00,
    }
    created = transfer(client, order["id"], "100.00")
    assert created.status_code == 201, created.text
    exchange = created.json()
    assert list(exchange) == EXCHANGE_FIELDS
    # the exact texts of the reference's example
    for text in ('"fee_rate":0.015', '"pair":"btc/chf"', '"type":"buy"', '"cost":100.00',
                 '"amount":0.00197000', '"rate":50000.00', '"fee":1.50'):  # fmt: skip
        assert text in created.text
    payout = exchange["payout"]
    assert list(payout) == PAYOUT_FIELDS
    assert len(payout["txid"]) == 64 and int(payout["txid"], 16) >= 0
    assert payout["bitcoin_address"] == order["payout_method"]["bitcoin_address"]
    assert payout["derivation_path"] is None
    assert (payout["block_height"], payout["confirmed"]) == (None, False)
    assert '"fee":0.00000190,"amount":0.00196810' in created.text
    assert client.get(f"/v1/exchanges/{exchange['id']}").json() == exchange

    mined = client.post("/v1/sandbox/blocks", json={"count": 3})
    assert mined.status_code == 200
    height = mined.json()["height"]
    confirmed = client.get(f"/v1/exchanges/{exchange['id']}").json()
    assert confirmed["payout"]["confirmed"] is True
    assert confirmed["payout"]["block_height"] == height - 2
    assert client.post("/v1/sandbox/blocks").json() == {"height": height + 1}


@pytest.mark.parametrize(
    ("cost", "fee_rate", "fee"),
    [("5.00", 0.025, "0.12"), ("7.00", 0.025, "0.18"), ("100.50", 0.015, "1.51"),
     ("0.01", 0.012, "0.00")],
)  # fmt: skip
def test_fee_rounds_half_even_and_amount_rounds_down(
    client: httpx.Client, cost: str, fee_rate: float, fee: str
) -> None:
    from decimal import ROUND_DOWN, Decimal

    order = new_order(client, fee_rate=fee_rate)
    response = transfer(client, order["id"], cost)
    assert f'"fee":{fee},' in response.text
    expected = ((Decimal(cost) - Decimal(fee)) / Decimal("56000.00")).quantize(
        Decimal("0.00000001"), rounding=ROUND_DOWN
    )
    assert f'"amount":{expected:f},' in response.text


def test_inactive_order_is_refunded(client: httpx.Client) -> None:
    order = new_order(client)
    client.patch(f"/v1/orders/{order['id']}", json={"active": False})
    exchange = transfer(client, order["id"], "50.00").json()
    assert exchange["reason"] == {"code": "order_inactive"}
    assert exchange["executed_on"] is exchange["amount"] is exchange["payout"] is None


def test_transfer_above_the_maximum_is_refunded(client: httpx.Client) -> None:
    order = new_order(client)
    exchange = transfer(client, order["id"], "5000.01").json()
    assert exchange["reason"] == {"code": "threshold_exceeded"}


def test_identification_interrupts_then_resumes(client: httpx.Client) -> None:
    order = new_order(client)
    first = transfer(client, order["id"], "600.00").json()
    assert first["executed_on"] is not None
    held = transfer(client, order["id"], "500.00").json()
    assert held["action"]["code"] == "identification_required"
    assert held["executed_on"] is held["payout"] is held["reason"] is None
    identification = held["action"]["identification_id"]
    also_held = transfer(client, order["id"], "450.00").json()
    assert also_held["action"]["identification_id"] == identification

    done = client.post(f"/v1/sandbox/identifications/{identification}/complete", json={})
    assert done.status_code == 200, done.text
    assert done.json()["exchange_ids"] == [held["id"], also_held["id"]]
    for exchange_id in (held["id"], also_held["id"]):
        resumed = client.get(f"/v1/exchanges/{exchange_id}").json()
        assert resumed["action"] is None and resumed["executed_on"] is not None
        assert resumed["payout"] is not None
    assert transfer(client, order["id"], "10.00").json()["executed_on"] is not None
    assert transfer(client, order["id"], "900.00").json()["executed_on"] is not None
    again = client.post(f"/v1/sandbox/identifications/{identification}/complete")
    assert error_of(again) == "identification_completed"
    unknown = client.post("/v1/sandbox/identifications/nope/complete")
    assert unknown.status_code == 404


def test_thresholds_are_configurable(sandbox_factory: Callable[..., SandboxServer]) -> None:
    from decimal import Decimal

    server = sandbox_factory(identification_threshold=Decimal("10"), max_transfer=Decimal("20"))
    with api(server) as client:
        order = new_order(client)
        assert transfer(client, order["id"], "20.01").json()["reason"]["code"] == (
            "threshold_exceeded"
        )
        assert transfer(client, order["id"], "10.01").json()["action"] is not None


def test_extended_key_pays_a_fresh_address_each_time(client: httpx.Client) -> None:
    wallet = Wallet(ScriptType.P2WPKH)
    order = new_order(client, extended=True)
    payouts = [transfer(client, order["id"], "10.00").json()["payout"] for _ in range(3)]
    assert [p["derivation_path"] for p in payouts] == ["0/1", "0/2", "0/3"]
    assert [p["bitcoin_address"] for p in payouts] == [wallet.address(f"0/{i}") for i in (1, 2, 3)]


def test_settle_delay(sandbox_factory: Callable[..., SandboxServer]) -> None:
    server = sandbox_factory(settle_delay=0.3)
    with api(server) as client:
        order = new_order(client)
        exchange = transfer(client, order["id"], "10.00").json()
        assert exchange["executed_on"] is not None and exchange["payout"] is None
        deadline = time.monotonic() + 5
        while client.get(f"/v1/exchanges/{exchange['id']}").json()["payout"] is None:
            assert time.monotonic() < deadline
            time.sleep(0.05)


@pytest.mark.parametrize(
    ("body", "code"),
    [('{"amount": 0}', "invalid_amount"), ('{"amount": -5}', "invalid_amount"),
     ('{"amount": 1.001}', "invalid_amount"), ('{"amount": 1e30}', "invalid_amount"),
     ('{"amount": "10.00"}', "validation_error"), ('{}', "validation_error"),
     ('{"amount": 10, "currency": "chf"}', "unknown_field"), ("[10]", "validation_error"),
     ('{"amount": NaN}', "invalid_json"), ("", "invalid_json")],
)  # fmt: skip
def test_transfer_errors(client: httpx.Client, body: str, code: str) -> None:
    order = new_order(client)
    response = client.post(f"/v1/sandbox/orders/{order['id']}/transfers", content=body)
    assert response.status_code == 400 and error_of(response) == code


@pytest.mark.parametrize(
    ("path", "body", "code"),
    [("/v1/sandbox/blocks", {"count": 0}, "invalid_block_count"),
     ("/v1/sandbox/blocks", {"count": 1001}, "invalid_block_count"),
     ("/v1/sandbox/blocks", {"count": "2"}, "validation_error"),
     ("/v1/sandbox/rates", {"pair": "btc/usd", "rate": 1}, "invalid_pair"),
     ("/v1/sandbox/rates", {"pair": "btc/eur", "rate": 0}, "invalid_rate"),
     ("/v1/sandbox/rates", {"pair": "btc/eur", "rate": 1.234}, "invalid_rate"),
     ("/v1/sandbox/webhooks", {"url": "ftp://x", "secret": "s"}, "invalid_webhook_url"),
     ("/v1/sandbox/webhooks", {"url": "http://127.0.0.1:1/", "secret": ""},
      "invalid_webhook_secret")],
)  # fmt: skip
def test_helper_errors(client: httpx.Client, path: str, body: Any, code: str) -> None:
    response = client.post(path, json=body)
    assert response.status_code == 400 and error_of(response) == code


def test_webhook_registration_and_removal(sandbox: SandboxServer, client: httpx.Client) -> None:
    created = client.post(
        "/v1/sandbox/webhooks", json={"url": "http://127.0.0.1:9/", "secret": "s"}
    )
    assert created.status_code == 201
    endpoint = created.json()
    assert list(endpoint) == ["id", "url", "created_on"]
    with api(sandbox, "bob") as bob:
        assert bob.delete(f"/v1/sandbox/webhooks/{endpoint['id']}").status_code == 404
    removed = client.delete(f"/v1/sandbox/webhooks/{endpoint['id']}")
    assert removed.status_code == 204 and removed.content == b""
    assert client.delete(f"/v1/sandbox/webhooks/{endpoint['id']}").status_code == 404


def test_exchanges_are_scoped_to_their_client(sandbox: SandboxServer, client: httpx.Client) -> None:
    exchange = transfer(client, new_order(client)["id"], "10.00").json()
    with api(sandbox, "bob") as bob:
        assert error_of(bob.get(f"/v1/exchanges/{exchange['id']}")) == "not_found"
        patched = bob.patch(f"/v1/exchanges/{exchange['id']}", json={"payout": {}})
        assert patched.status_code == 404
        held = bob.post(f"/v1/sandbox/identifications/{exchange['id']}/complete")
        assert held.status_code == 404
