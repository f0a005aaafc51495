"""Lightning orders and PATCH /v1/exchanges/{id}: every documented payout error code."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from embit.ec import PrivateKey

from pocketgui.bitcoin import Network, encode_invoice, lightning_sign_message
from pocketgui.sandbox import SandboxServer, lightning_node
from tests.wallet import Wallet

from .wallet import api, create_order, error_of, lightning_order_body, onchain_order_body, transfer

OTHER_NODE_KEY = hashlib.sha256(b"another node").digest()
OTHER_NODE = PrivateKey(OTHER_NODE_KEY).get_public_key().sec().hex()
REFERENCE_INVOICE = (
    "lnbcrt585180n1pjrucjgpp5n64x8ugk4tuz3wkjuuqkmvsgf9xetq8l4ntj7nsr373zpmd5yvdsdqqcqzpgxqyz5vqsp5"
    "dhxsdywke3fuz3fhcv79n7y00zdxqdhz8japmpx2hgk5pa92llxs9qyyssqtk0wr35e65yupmsnzp9n3r2ynqdv420kt9r"
    "nukwxwh744mmsusnn2600wpdfpcsx5r2cjsc0t5583fhrgcsejlqp7uept6tv0tnufdqp4jwez5"
)


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with api(sandbox) as c:
        yield c


def executed_exchange(
    client: httpx.Client, key: bytes = lightning_node.PRIVATE_KEY
) -> dict[str, Any]:
    order = create_order(client, lightning_order_body(client, key))
    exchange = transfer(client, order["id"], "100.00").json()
    assert exchange["executed_on"] is not None and exchange["payout"] is None
    return exchange


def msat(exchange: dict[str, Any]) -> int:
    return int(Decimal(str(exchange["amount"])) * 100_000_000_000)


def invoice(
    key: bytes, amount_msat: int | None, network: Network = Network.REGTEST, **kwargs: Any
) -> str:
    return encode_invoice(key, network, amount_msat, os.urandom(32), os.urandom(32), **kwargs)


def patch_payout(client: httpx.Client, exchange_id: str, payout: Any) -> httpx.Response:
    return client.patch(f"/v1/exchanges/{exchange_id}", json={"payout": payout})


def wait_for_status(client: httpx.Client, exchange_id: str, status: str) -> dict[str, Any]:
    deadline = time.monotonic() + 5
    while True:
        exchange = client.get(f"/v1/exchanges/{exchange_id}").json()
        if exchange["payout"]["status"] == status:
            return dict(exchange)
        assert time.monotonic() < deadline, exchange
        time.sleep(0.02)


def test_lightning_order_echoes_the_payout_method(client: httpx.Client) -> None:
    body = lightning_order_body(client)
    order = create_order(client, body)
    assert order["payout_method"] == body["payout_method"]
    assert list(order["payout_method"]) == ["node_pubkey", "message", "signature"]
    assert order["payout_method"]["node_pubkey"] == lightning_node.NODE_PUBKEY


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"node_pubkey": "04" + "ab" * 32}, "invalid_node_pubkey"),
        ({"node_pubkey": "02" + "zz" * 32}, "invalid_node_pubkey"),
        ({"node_pubkey": OTHER_NODE}, "invalid_signature"),
        ({"signature": "not zbase32 at all"}, "invalid_signature"),
        ({"signature": "y" * 104}, "invalid_signature"),
    ],
)
def test_lightning_order_errors(client: httpx.Client, change: dict[str, str], code: str) -> None:
    body = lightning_order_body(client)
    body["payout_method"].update(change)
    response = client.post("/v1/orders", json=body)
    assert response.status_code == 400 and error_of(response) == code


def test_invoice_payout_succeeds_with_the_preimage(client: httpx.Client) -> None:
    exchange = executed_exchange(client)
    text = lightning_node.create_invoice(msat(exchange), Network.REGTEST, "pocket")
    response = patch_payout(client, exchange["id"], {"type": "invoice", "invoice": text})
    assert response.status_code == 200, response.text
    payout = response.json()["payout"]
    assert list(payout) == ["type", "status", "invoice", "preimage", "fee", "amount"]
    assert (payout["type"], payout["invoice"], payout["preimage"]) == ("invoice", text, None)
    assert payout["status"] in ("pending", "succeeded")
    assert '"fee":0,' in response.text and payout["amount"] == exchange["amount"]
    done = wait_for_status(client, exchange["id"], "succeeded")["payout"]
    from pocketgui.bitcoin import decode_invoice

    assert hashlib.sha256(bytes.fromhex(done["preimage"])).hexdigest() == (
        decode_invoice(text).payment_hash
    )
    again = patch_payout(client, exchange["id"], {"type": "invoice", "invoice": text})
    assert error_of(again) == "already_completed"


def test_payout_in_progress(sandbox_factory: Callable[..., SandboxServer]) -> None:
    server = sandbox_factory(settle_delay=30)
    with api(server) as client:
        exchange = executed_exchange(client)
        text = lightning_node.create_invoice(msat(exchange), Network.REGTEST)
        first = patch_payout(client, exchange["id"], {"type": "invoice", "invoice": text})
        assert first.json()["payout"]["status"] == "pending"
        second = patch_payout(client, exchange["id"], {"type": "channel"})
        assert second.status_code == 400 and error_of(second) == "in_progress"


def test_invoice_of_an_unknown_node_fails_and_can_be_replaced(client: httpx.Client) -> None:
    exchange = executed_exchange(client, OTHER_NODE_KEY)
    failing = invoice(OTHER_NODE_KEY, msat(exchange))
    assert patch_payout(client, exchange["id"], {"type": "invoice", "invoice": failing}).is_success
    assert wait_for_status(client, exchange["id"], "failed")["payout"]["preimage"] is None
    retry = patch_payout(client, exchange["id"], {"type": "invoice", "invoice": failing})
    assert retry.status_code == 200


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda ex: ("lnbcrt1nonsense", "invalid_invoice"), id="invalid_invoice"),
        pytest.param(lambda ex: (REFERENCE_INVOICE[:-1] + "q", "invalid_invoice"), id="tampered"),
        pytest.param(
            lambda ex: (
                lightning_node.create_invoice(msat(ex), Network.TESTNET),
                "invoice_network",
            ),
            id="invoice_network",
        ),
        pytest.param(
            lambda ex: (
                lightning_node.create_invoice(msat(ex) + 1000, Network.REGTEST),
                "invoice_amount",
            ),
            id="invoice_amount",
        ),
        pytest.param(
            lambda ex: (invoice(lightning_node.PRIVATE_KEY, None), "invoice_amount"),
            id="invoice_without_amount",
        ),
        pytest.param(
            lambda ex: (
                lightning_node.create_invoice(
                    msat(ex), Network.REGTEST, expiry_seconds=60, timestamp=int(time.time()) - 120
                ),
                "invoice_expired",
            ),
            id="invoice_expired",
        ),
        pytest.param(
            lambda ex: (invoice(OTHER_NODE_KEY, msat(ex)), "unexpected_node_pubkey"),
            id="unexpected_node_pubkey",
        ),
    ],
)
def test_invoice_errors(client: httpx.Client, make: Callable[[dict[str, Any]], Any]) -> None:
    exchange = executed_exchange(client)
    text, code = make(exchange)
    response = patch_payout(client, exchange["id"], {"type": "invoice", "invoice": text})
    assert response.status_code == 400, response.text
    assert error_of(response) == code
    assert client.get(f"/v1/exchanges/{exchange['id']}").json()["payout"] is None


def test_reference_invoice_is_of_another_node(client: httpx.Client) -> None:
    """The reference's regtest invoice (58,518 sat, payee 025e79bf…) against an exchange of
    exactly that amount: the node is wrong (checked after amount; expiry is checked too, so
    the invoice's age decides which code answers)."""
    exchange = executed_exchange(client)
    response = patch_payout(
        client, exchange["id"], {"type": "invoice", "invoice": REFERENCE_INVOICE}
    )
    assert error_of(response) in ("invoice_amount", "invoice_expired")


def test_channel_payout_and_channel_payout_not_allowed(client: httpx.Client) -> None:
    exchange = executed_exchange(client)
    response = patch_payout(client, exchange["id"], {"type": "channel", "private": True})
    assert response.status_code == 200, response.text
    payout = response.json()["payout"]
    assert list(payout) == [
        "type",
        "status",
        "node_address",
        "private",
        "txid",
        "outpoint",
        "channel_id",
        "fee",
        "amount",
    ]
    assert payout["node_address"] == lightning_node.ADDRESS and payout["private"] is True
    assert '"fee":0.0001,' in response.text
    assert Decimal(str(payout["amount"])) == Decimal(str(exchange["amount"])) - Decimal("0.0001")
    done = wait_for_status(client, exchange["id"], "succeeded")["payout"]
    assert len(done["txid"]) == 64 and len(done["channel_id"]) == 64
    second = executed_exchange(client)
    refused = patch_payout(client, second["id"], {"type": "channel"})
    assert error_of(refused) == "channel_payout_not_allowed"


@pytest.mark.parametrize(
    ("key", "payout", "code"),
    [
        (OTHER_NODE_KEY, {"type": "channel"}, "node_address_required"),
        (
            lightning_node.PRIVATE_KEY,
            {"type": "channel", "node_address": f"{OTHER_NODE}@1.2.3.4:9735"},
            "unexpected_node_pubkey",
        ),
        (
            OTHER_NODE_KEY,
            {"type": "channel", "node_address": f"{OTHER_NODE}@34.65.45.157:9736"},
            "connect",
        ),
        (
            lightning_node.PRIVATE_KEY,
            {"type": "channel", "node_address": f"{lightning_node.NODE_PUBKEY}@10.0.0.1:9735"},
            "connect",
        ),
        (
            lightning_node.PRIVATE_KEY,
            {"type": "channel", "node_address": "nonsense"},
            "invalid_node_address",
        ),
        (  # the port is checked as the app checks it, before anyone tries to connect
            lightning_node.PRIVATE_KEY,
            {"type": "channel", "node_address": f"{lightning_node.NODE_PUBKEY}@127.0.0.1:70000"},
            "invalid_node_address",
        ),
        (lightning_node.PRIVATE_KEY, {"type": "channel", "private": "yes"}, "validation_error"),
        (lightning_node.PRIVATE_KEY, {"type": "teleport"}, "invalid_payout_type"),
        (lightning_node.PRIVATE_KEY, {"type": "invoice"}, "validation_error"),
        (lightning_node.PRIVATE_KEY, {"type": "invoice", "invoice": 5}, "validation_error"),
        (lightning_node.PRIVATE_KEY, "invoice", "validation_error"),
    ],
)
def test_channel_and_shape_errors(client: httpx.Client, key: bytes, payout: Any, code: str) -> None:
    exchange = executed_exchange(client, key)
    response = patch_payout(client, exchange["id"], payout)
    assert response.status_code == 400 and error_of(response) == code


def test_on_chain_exchange_cannot_be_patched(client: httpx.Client) -> None:
    from pocketgui.bitcoin import ScriptType

    order = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
    exchange = transfer(client, order["id"], "10.00").json()
    response = patch_payout(client, exchange["id"], {"type": "channel"})
    assert error_of(response) == "not_lightning_exchange"


def test_refunded_lightning_exchange_is_not_executed(client: httpx.Client) -> None:
    order = create_order(client, lightning_order_body(client))
    exchange = transfer(client, order["id"], "5000.01").json()
    response = patch_payout(client, exchange["id"], {"type": "channel"})
    assert error_of(response) == "exchange_not_executed"


def test_signing_helper_matches_the_node() -> None:
    assert lightning_node.resolve(lightning_node.NODE_PUBKEY) == lightning_node.ADDRESS
    assert len(lightning_sign_message(lightning_node.PRIVATE_KEY, "x")) == 104
