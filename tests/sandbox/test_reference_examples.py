"""The reference's own example orders are accepted as they are (on mainnet, with its token)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pocketgui.bitcoin import Network
from pocketgui.sandbox import SandboxServer

from .wallet import api, create_order

MESSAGE = "I confirm my bitcoin wallet. [7v7t4Fmb]"
ONCHAIN = {
    "bitcoin_address": "17wvJajWQjoVJuJe31tuiDs4MmVeBfSvGY",
    "message": MESSAGE,
    "signature": (
        "IKiJsfsAta7Id7Seq+j8EEfpFUj2LCVDRjQ+ZC3/akv+VfUznwmq9mkxQtvqz8NTr0t6VnmTBcsEhHLMQYixHZM="
    ),
}
EXTENDED = {
    **ONCHAIN,
    "extended_public_key": (
        "xpub6C9cxxj5hCqTY7sYeofQPA4nXuLJpL5xBL5F874n8hremDiwrWPsPB"
        "mxjJxHqBL7jwxKy33j4uJmHXQSNxRegEY2MukehJUe8s4mBkaFGBU"
    ),
    "derivation_path": "0/1",
    "gap_limit": None,
}
LIGHTNING = {
    "node_pubkey": "02765a281bd188e80a89e6ea5092dcb8ebaaa5c5da341e64327e3fadbadcbc686c",
    "message": MESSAGE,
    "signature": (
        "rywfek6717yuqpfpjmghyf173obgswr9uw5wbfsfhc8exjomftm71st4cyx"
        "przkx5juxiokhbxm8rzkxoz8e3zmmpa644tudgt119s91"
    ),
}


def with_reference_challenge(server: SandboxServer) -> None:
    assert server.sandbox is not None
    with server.sandbox.db.transaction() as cx:
        cx.execute(
            "INSERT INTO challenges (id, client_id, token, expires_on) "
            "VALUES ('95ab94f0-bd8d-410c-bfc8-b1f27d43b0c0', 'alice', '7v7t4Fmb', "
            "'2999-01-01T00:00:00.000Z')"
        )


@pytest.mark.parametrize("payout", [ONCHAIN, EXTENDED, LIGHTNING], ids=["p2pkh", "xpub", "ln"])
def test_reference_example_order(
    sandbox_factory: Callable[..., SandboxServer], payout: dict[str, Any]
) -> None:
    server = sandbox_factory(network=Network.MAINNET)
    with_reference_challenge(server)
    body = {
        "active": True,
        "affiliate_id": "8ed13c2a-a8c6-4f0e-b43e-3fdbf1f094a6",
        "fee_rate": 0.03,
        "payment_method": {"currency": "chf", "debitor_iban": "DE75512108001245126199"},
        "payout_method": payout,
    }
    with api(server) as client:
        order = create_order(client, body)
        assert order["payout_method"] == payout
        assert order["payment_method"]["creditor_iban"] == "CH9400778214768302002"
        assert order["payment_method"]["creditor_bank_bic"] == "LUKBCH2260A"
        challenge = client.get("/v1/challenges/95ab94f0-bd8d-410c-bfc8-b1f27d43b0c0").json()
        assert challenge["completed_on"] is not None


def test_reference_example_on_regtest_is_the_wrong_network(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    server = sandbox_factory()
    with_reference_challenge(server)
    body = {
        "active": True,
        "fee_rate": 0.03,
        "payment_method": {"currency": "chf", "debitor_iban": "DE75512108001245126199"},
        "payout_method": ONCHAIN,
    }
    with api(server) as client:
        response = client.post("/v1/orders", json=body)
        assert response.json()["error"] == "address_network_mismatch"
