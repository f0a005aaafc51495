"""A payout proof made on the simulated Trezor is accepted by the sandbox when an order uses it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from pocketgui.bitcoin import Network, ScriptType
from pocketgui.devices import Account, HwiWallet, prove_payout

try:
    from pocketgui.sandbox import SandboxServer
except ImportError:  # pragma: no cover - only while the sandbox is not in the tree
    pytest.skip("pocketgui.sandbox.SandboxServer is not available yet", allow_module_level=True)


@pytest.mark.parametrize("script_type", list(ScriptType), ids=lambda s: s.value)
def test_sandbox_accepts_the_order(
    sandbox: SandboxServer, wallet: HwiWallet, script_type: ScriptType
) -> None:
    with httpx.Client(
        base_url=sandbox.url, headers={"Authorization": "client_id devices-test"}
    ) as api:
        challenge = api.post("/v1/challenges", json={})
        assert challenge.status_code == 201, challenge.text
        token = challenge.json()["token"]

        proof = prove_payout(wallet, Account(script_type, 0, Network.REGTEST), token, index=2)
        payout: dict[str, Any] = {
            "bitcoin_address": proof.address,
            "message": proof.message,
            "signature": proof.signature,
            "extended_public_key": proof.extended_public_key,
            "derivation_path": proof.derivation_path,
            "gap_limit": None,
        }
        order = api.post(
            "/v1/orders",
            json={
                "active": True,
                "fee_rate": 0.015,
                "payment_method": {"currency": "chf", "debitor_iban": "DE75512108001245126199"},
                "payout_method": payout,
            },
        )
    assert order.status_code == 201, order.text
    echoed = order.json()["payout_method"]
    assert {k: echoed.get(k) for k in payout if k != "gap_limit"} == {
        k: v for k, v in payout.items() if k != "gap_limit"
    }
