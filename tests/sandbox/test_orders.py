"""Orders: proof of ownership in every signing convention, payment instructions, PATCH, errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Literal

import httpx
import pytest
from schwifty import BIC, IBAN

from pocketgui.bitcoin import Network, ScriptType
from pocketgui.formats.bank_codes import is_valid_creditor_reference
from pocketgui.sandbox import SandboxServer
from pocketgui.sandbox.payment_instructions import ACCOUNTS
from tests.wallet import DEBITOR_IBAN, Wallet

from .wallet import api, create_order, error_of, message_for, onchain_order_body, token

pytestmark = pytest.mark.shared_sandbox

PAYMENT_FIELDS = [
    "currency", "debitor_iban", "creditor_reference", "creditor_iban", "creditor_bank_name",
    "creditor_bank_street", "creditor_bank_postal_code", "creditor_bank_town",
    "creditor_bank_country", "creditor_bank_bic", "creditor_name", "creditor_street",
    "creditor_postal_code", "creditor_town", "creditor_country", "swiss_qr_bill_payload",
]  # fmt: skip
ORDER_FIELDS = ["id", "active", "created_on", "affiliate_id", "fee_rate", "payment_method",
                "payout_method"]  # fmt: skip


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with api(sandbox) as c:
        yield c


CONVENTIONS: list[tuple[ScriptType, Literal["electrum", "bip137"]]] = [
    (ScriptType.P2PKH, "electrum"),
    (ScriptType.P2PKH, "bip137"),
    (ScriptType.P2SH_P2WPKH, "electrum"),
    (ScriptType.P2SH_P2WPKH, "bip137"),
    (ScriptType.P2WPKH, "electrum"),
    (ScriptType.P2WPKH, "bip137"),
]


@pytest.mark.parametrize(("script_type", "convention"), CONVENTIONS)
def test_signed_order_in_every_convention(
    client: httpx.Client, script_type: ScriptType, convention: Literal["electrum", "bip137"]
) -> None:
    wallet = Wallet(script_type)
    body = onchain_order_body(client, wallet, "0/3", convention)
    order = create_order(client, body)
    assert list(order) == ORDER_FIELDS
    assert order["payout_method"] == body["payout_method"]
    assert list(order["payout_method"]) == ["bitcoin_address", "message", "signature"]
    assert list(order["payment_method"]) == PAYMENT_FIELDS
    assert order["fee_rate"] == 0.015 and order["active"] is True


@pytest.mark.parametrize("script_type", list(ScriptType))
def test_extended_public_key_order(client: httpx.Client, script_type: ScriptType) -> None:
    wallet = Wallet(script_type)
    body = onchain_order_body(client, wallet, "0/1", extended=True)
    order = create_order(client, body)
    assert list(order["payout_method"]) == [
        "bitcoin_address", "message", "signature", "extended_public_key", "derivation_path",
        "gap_limit",
    ]  # fmt: skip
    assert order["payout_method"] == body["payout_method"]


def test_order_echoes_exact_decimals_and_is_readable(client: httpx.Client) -> None:
    body = onchain_order_body(client, Wallet(ScriptType.P2WPKH))
    raw = json.dumps(body).replace('"fee_rate": 0.015', '"fee_rate": 0.0300')
    created = client.post("/v1/orders", content=raw)
    assert created.status_code == 201, created.text
    assert '"fee_rate":0.0300' in created.text
    order = created.json()
    fetched = client.get(f"/v1/orders/{order['id']}")
    assert fetched.status_code == 200 and fetched.json() == order
    assert '"fee_rate":0.0300' in fetched.text


def test_challenge_is_completed_by_the_order(client: httpx.Client) -> None:
    challenge = client.post("/v1/challenges").json()
    wallet = Wallet(ScriptType.P2WPKH)
    message = message_for(challenge["token"])
    body = onchain_order_body(client, wallet)
    body["payout_method"].update(message=message, signature=wallet.sign(message))
    create_order(client, body)
    assert client.get(f"/v1/challenges/{challenge['id']}").json()["completed_on"] is not None
    again = client.post("/v1/orders", json=body)
    assert again.status_code == 400 and error_of(again) == "challenge_completed"


def test_rejected_order_leaves_the_challenge_usable(client: httpx.Client) -> None:
    wallet = Wallet(ScriptType.P2WPKH)
    body = onchain_order_body(client, wallet)
    rejected = client.post("/v1/orders", json={**body, "fee_rate": 0.5})
    assert error_of(rejected) == "invalid_fee_rate"
    forged = {
        **body,
        "payout_method": {**body["payout_method"], "bitcoin_address": wallet.address("0/9")},
    }
    assert error_of(client.post("/v1/orders", json=forged)) == "invalid_signature"
    create_order(client, body)


@pytest.mark.parametrize("currency", ["eur", "chf", "gbp"])
def test_payment_instructions(client: httpx.Client, currency: str) -> None:
    body = onchain_order_body(client, Wallet(ScriptType.P2WPKH))
    body["payment_method"]["currency"] = currency
    payment = create_order(client, body)["payment_method"]
    assert payment["currency"] == currency and payment["debitor_iban"] == DEBITOR_IBAN
    assert is_valid_creditor_reference(payment["creditor_reference"])
    iban = IBAN(payment["creditor_iban"])
    assert iban.country_code == payment["creditor_bank_country"]
    assert BIC(payment["creditor_bank_bic"]).country_code == iban.country_code
    assert str(iban.bic)[:8] == payment["creditor_bank_bic"][:8]
    qr = payment["swiss_qr_bill_payload"]
    if currency != "chf":
        assert qr is None
        return
    lines = qr.replace("\r\n", "\n").split("\n")
    assert lines[:5] == ["SPC", "0200", "1", payment["creditor_iban"], "S"]
    assert lines[5:11] == ["Pocket App", "Industriestrasse", "33", "5242", "Lupfig", "CH"]
    assert lines[18] == "" and lines[19] == "CHF"  # amount open
    assert lines[27:29] == ["SCOR", payment["creditor_reference"]]
    assert lines[-1] == "EPD"


def test_references_are_unique(client: httpx.Client) -> None:
    wallet = Wallet(ScriptType.P2WPKH)
    references = {
        create_order(client, onchain_order_body(client, wallet))["payment_method"][
            "creditor_reference"
        ]
        for _ in range(5)
    }
    assert len(references) == 5


def test_creditor_accounts_are_valid() -> None:
    for account in ACCOUNTS.values():
        iban = IBAN(account.iban)
        assert iban.bic is not None and str(iban.bic)[:8] == account.bic[:8]


def test_patch_order(client: httpx.Client) -> None:
    order = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
    affiliate = "8ed13c2a-a8c6-4f0e-b43e-3fdbf1f094a6"
    patched = client.patch(
        f"/v1/orders/{order['id']}",
        content='{"active": false, "fee_rate": 0.025, "affiliate_id": "' + affiliate + '"}',
    )
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert (body["active"], body["fee_rate"], body["affiliate_id"]) == (False, 0.025, affiliate)
    assert '"fee_rate":0.025' in patched.text
    assert {k: v for k, v in body.items() if k not in ("active", "fee_rate", "affiliate_id")} == {
        k: v for k, v in order.items() if k not in ("active", "fee_rate", "affiliate_id")
    }
    assert client.get(f"/v1/orders/{order['id']}").json() == body


@pytest.mark.parametrize(
    ("patch", "code"),
    [
        ({"payment_method": {"currency": "eur"}}, "field_not_patchable"),
        ({"payout_method": {}}, "field_not_patchable"),
        ({"id": "x"}, "field_not_patchable"),
        ({"created_on": "x"}, "field_not_patchable"),
        ({"colour": "red"}, "unknown_field"),
        ({"fee_rate": 0.01}, "invalid_fee_rate"),
        ({"fee_rate": "0.02"}, "validation_error"),
        ({"active": "yes"}, "validation_error"),
        ({"affiliate_id": "not-a-uuid"}, "invalid_affiliate_id"),
        ([], "validation_error"),
    ],
)
def test_patch_order_refuses(client: httpx.Client, patch: Any, code: str) -> None:
    order = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
    response = client.patch(f"/v1/orders/{order['id']}", json=patch)
    assert response.status_code == 400 and error_of(response) == code
    assert client.get(f"/v1/orders/{order['id']}").json() == order


def test_orders_are_scoped_to_their_client(sandbox: SandboxServer, client: httpx.Client) -> None:
    order = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
    with api(sandbox, "bob") as bob:
        for response in (
            bob.get(f"/v1/orders/{order['id']}"),
            bob.patch(f"/v1/orders/{order['id']}", json={"active": False}),
            bob.post(f"/v1/sandbox/orders/{order['id']}/transfers", json={"amount": 10}),
        ):
            assert response.status_code == 404 and error_of(response) == "not_found"
        # bob cannot use alice's challenge either
        body = onchain_order_body(client, Wallet(ScriptType.P2WPKH))
        assert error_of(bob.post("/v1/orders", json=body)) == "challenge_not_found"
    assert client.get(f"/v1/orders/{order['id']}").json()["active"] is True


def test_expired_challenge(sandbox_factory: Any) -> None:
    server = sandbox_factory(challenge_ttl=0.05)
    with api(server) as client:
        body = onchain_order_body(client, Wallet(ScriptType.P2WPKH))
        import time

        time.sleep(0.1)
        response = client.post("/v1/orders", json=body)
        assert response.status_code == 400 and error_of(response) == "challenge_expired"


def _mutate(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    copy = json.loads(json.dumps(body))
    *parents, last = path.split(".")
    target = copy
    for name in parents:
        target = target[name]
    if value is _DELETE:
        del target[last]
    else:
        target[last] = value
    return copy


_DELETE = object()
MAINNET_P2WPKH = "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"
REGTEST_P2TR = "bcrt1p33wm0auhr9kkahzd6l0kqj85af4cswn276hsxg6zpz85xe2r0y8s7hfsm7"
REGTEST_P2WSH = "bcrt1qdudnf8tla4fyptt3n9y9985tq64lqwzr37d4ywpqfzfhtt638gls6v9yun"


@pytest.mark.parametrize(
    ("path", "value", "code"),
    [
        ("payout_method.message", "I confirm my bitcoin wallet.", "challenge_not_found"),
        ("payout_method.message", "I confirm my bitcoin wallet. [zzzzzzzz]", "challenge_not_found"),
        ("payout_method.signature", "not base64!", "invalid_signature"),
        ("payout_method.signature", "H" + "A" * 87, "invalid_signature"),
        ("payout_method.bitcoin_address", "not-an-address", "invalid_bitcoin_address"),
        ("payout_method.bitcoin_address", MAINNET_P2WPKH, "address_network_mismatch"),
        ("payout_method.bitcoin_address", REGTEST_P2TR, "unsupported_address_type"),
        ("payout_method.bitcoin_address", REGTEST_P2WSH, "unsupported_address_type"),
        ("payout_method.extended_public_key", "xpub-nonsense", "invalid_extended_public_key"),
        ("payout_method.derivation_path", "0/1h", "invalid_derivation_path"),
        ("payout_method.derivation_path", "0/2", "extended_public_key_mismatch"),
        ("payout_method.derivation_path", _DELETE, "derivation_path_required"),
        ("payout_method.gap_limit", 0, "invalid_gap_limit"),
        ("payout_method.gap_limit", "10", "validation_error"),
        ("payout_method.node_pubkey", "02" + "ab" * 32, "ambiguous_payout_method"),
        ("payout_method.colour", "red", "unknown_field"),
        ("fee_rate", 0.011, "invalid_fee_rate"),
        ("fee_rate", 0.0451, "invalid_fee_rate"),
        ("fee_rate", "0.02", "validation_error"),
        ("fee_rate", True, "validation_error"),
        ("active", _DELETE, "validation_error"),
        ("active", 1, "validation_error"),
        ("affiliate_id", "nope", "invalid_affiliate_id"),
        ("payment_method.currency", "usd", "invalid_currency"),
        ("payment_method.currency", "CHF", "invalid_currency"),
        ("payment_method.debitor_iban", "DE75512108001245126198", "invalid_iban"),
        ("payment_method.debitor_iban", "hello", "invalid_iban"),
        ("payment_method.debitor_iban", 42, "validation_error"),
        ("payment_method", "chf", "validation_error"),
        ("payout_method", _DELETE, "validation_error"),
        ("extra", 1, "unknown_field"),
    ],
)
def test_order_error_codes(client: httpx.Client, path: str, value: Any, code: str) -> None:
    body = onchain_order_body(client, Wallet(ScriptType.P2WPKH), "0/1", extended=True)
    response = client.post("/v1/orders", json=_mutate(body, path, value))
    assert response.status_code == 400, response.text
    assert error_of(response) == code
    create_order(client, body)  # the challenge survived the refusal


def test_extended_key_of_the_wrong_network(client: httpx.Client) -> None:
    mainnet = Wallet(ScriptType.P2WPKH, network=Network.MAINNET)
    body = onchain_order_body(client, Wallet(ScriptType.P2WPKH), "0/1", extended=True)
    body["payout_method"]["extended_public_key"] = mainnet.xpub
    response = client.post("/v1/orders", json=body)
    assert error_of(response) == "extended_public_key_network_mismatch"


def test_extended_key_without_path_and_path_without_key(client: httpx.Client) -> None:
    body = onchain_order_body(client, Wallet(ScriptType.P2WPKH), "0/1")
    body["payout_method"]["derivation_path"] = "0/1"
    assert error_of(client.post("/v1/orders", json=body)) == "extended_public_key_required"


def test_token_must_be_a_live_one_of_the_message(client: httpx.Client) -> None:
    wallet = Wallet(ScriptType.P2WPKH)
    message = f"prefix{token(client)}suffix and more"
    body = onchain_order_body(client, wallet)
    body["payout_method"].update(message=message, signature=wallet.sign(message))
    create_order(client, body)


def test_token_is_found_at_the_end_of_a_long_message(client: httpx.Client) -> None:
    wallet = Wallet(ScriptType.P2WPKH)
    message = "z" * 1000 + token(client)  # one base58 run of 1008 characters
    body = onchain_order_body(client, wallet)
    body["payout_method"].update(message=message, signature=wallet.sign(message))
    create_order(client, body)
    too_long = {**body, "payout_method": {**body["payout_method"], "message": "m" * 1025}}
    assert error_of(client.post("/v1/orders", json=too_long)) == "validation_error"
