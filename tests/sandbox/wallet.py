"""The sandbox tests' API helpers, and the test wallet (tests/wallet.py) they sign with."""

from __future__ import annotations

from typing import Any, Literal

import httpx

from pocketgui.bitcoin import lightning_sign_message
from pocketgui.sandbox import SandboxServer, lightning_node
from tests.wallet import DEBITOR_IBAN, Wallet


def api(server: SandboxServer, client_id: str = "alice") -> httpx.Client:
    """A client of the sandbox's plain HTTP on loopback: `verify=False` keeps httpx from loading
    the CA bundle for it, which cost more than most of the tests that use one."""
    return httpx.Client(
        base_url=server.url, headers={"Authorization": f"client_id {client_id}"}, timeout=10,
        verify=False,
    )


def token(client: httpx.Client) -> str:
    response = client.post("/v1/challenges", json={})
    assert response.status_code == 201, response.text
    return str(response.json()["token"])


def message_for(challenge_token: str) -> str:
    return f"I confirm my bitcoin wallet. [{challenge_token}]"


def onchain_order_body(
    client: httpx.Client,
    wallet: Wallet,
    path: str = "0/0",
    convention: Literal["electrum", "bip137"] = "electrum",
    extended: bool = False,
    **overrides: Any,
) -> dict[str, Any]:
    message = message_for(token(client))
    payout: dict[str, Any] = {
        "bitcoin_address": wallet.address(path),
        "message": message,
        "signature": wallet.sign(message, path, convention),
    }
    if extended:
        payout.update(extended_public_key=wallet.xpub, derivation_path=path, gap_limit=None)
    body: dict[str, Any] = {
        "active": True,
        "fee_rate": 0.015,
        "payment_method": {"currency": "chf", "debitor_iban": DEBITOR_IBAN},
        "payout_method": payout,
    }
    body.update(overrides)
    return body


def lightning_order_body(
    client: httpx.Client, private_key: bytes = lightning_node.PRIVATE_KEY, **overrides: Any
) -> dict[str, Any]:
    from embit.ec import PrivateKey

    message = message_for(token(client))
    body: dict[str, Any] = {
        "active": True,
        "fee_rate": 0.015,
        "payment_method": {"currency": "eur", "debitor_iban": DEBITOR_IBAN},
        "payout_method": {
            "node_pubkey": PrivateKey(private_key).get_public_key().sec().hex(),
            "message": message,
            "signature": lightning_sign_message(private_key, message),
        },
    }
    body.update(overrides)
    return body


def post_json(client: httpx.Client, path: str, body: Any) -> httpx.Response:
    """POST an exact JSON text (our encoder: decimals stay decimals)."""
    from pocketgui.sandbox.jsonio import dumps

    return client.post(path, content=dumps(body), headers={"Content-Type": "application/json"})


def create_order(client: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/v1/orders", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def transfer(client: httpx.Client, order_id: str, amount: str) -> httpx.Response:
    return client.post(
        f"/v1/sandbox/orders/{order_id}/transfers",
        content='{"amount": ' + amount + "}",
        headers={"Content-Type": "application/json"},
    )


def error_of(response: httpx.Response) -> str:
    body = response.json()
    assert set(body) == {"error", "documentation_uri"}, body
    assert body["documentation_uri"] == "https://pocketbitcoin.com/developers"
    return str(body["error"])
