"""Helpers for tests against the real sandbox: our client, the sandbox's test helpers, orders.

The wallet is the sandbox team's test wallet (tests/sandbox/wallet.py): one seed, real signing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx

from pocketgui.api import (
    Environment,
    LightningPayoutRequest,
    OnchainPayoutRequest,
    OrderRequest,
    PocketClient,
    jsonio,
)
from pocketgui.bitcoin import ScriptType, lightning_sign_message
from pocketgui.sandbox import SandboxServer, lightning_node
from tests.wallet import DEBITOR_IBAN, Wallet

__all__ = ["DEBITOR_IBAN", "Helpers", "Wallet", "lightning_request", "onchain_request", "pocket"]


def pocket(
    server: SandboxServer | str,
    client_id: str = "alice",
    creditor_ibans: frozenset[str] = frozenset(),
    **options: Any,
) -> PocketClient:
    url = server if isinstance(server, str) else server.url
    return PocketClient(Environment.sandbox(url, creditor_ibans=creditor_ibans), client_id,
                        **options)


def message_for(pocket_client: PocketClient) -> str:
    return f"I confirm my bitcoin wallet. [{pocket_client.create_challenge().token}]"


def onchain_request(
    pocket_client: PocketClient,
    wallet: Wallet | None = None,
    *,
    path: str = "0/0",
    extended: bool = False,
    gap_limit: int | None = None,
    currency: str = "chf",
    fee_rate: Decimal = Decimal("0.015"),
    active: bool = True,
) -> OrderRequest:
    wallet = wallet or Wallet(ScriptType.P2WPKH)
    message = message_for(pocket_client)
    payout = OnchainPayoutRequest(
        bitcoin_address=wallet.address(path),
        message=message,
        signature=wallet.sign(message, path),
        extended_public_key=wallet.xpub if extended else None,
        derivation_path=path if extended else None,
        gap_limit=gap_limit,
    )
    return OrderRequest(fee_rate, currency, DEBITOR_IBAN, payout, active=active)


def lightning_request(pocket_client: PocketClient, currency: str = "eur") -> OrderRequest:
    message = message_for(pocket_client)
    payout = LightningPayoutRequest(
        lightning_node.NODE_PUBKEY, message,
        lightning_sign_message(lightning_node.PRIVATE_KEY, message),
    )
    return OrderRequest(Decimal("0.015"), currency, DEBITOR_IBAN, payout)


class Helpers:
    """The sandbox's test helpers (`/v1/sandbox/…`), raw: bodies are exact JSON text."""

    def __init__(self, server: SandboxServer | str, client_id: str = "alice"):
        url = server if isinstance(server, str) else server.url
        self.http = httpx.Client(  # plain HTTP on loopback: no CA bundle to load (verify)
            base_url=url, headers={"Authorization": f"client_id {client_id}"}, timeout=10,
            verify=False,
        )

    def post(self, path: str, body: Any) -> httpx.Response:
        return self.http.post(path, content=jsonio.dumps(body),
                              headers={"Content-Type": "application/json"})

    def _ok(self, response: httpx.Response) -> Any:
        assert response.is_success, response.text
        return jsonio.loads(response.content) if response.content else None

    def transfer(self, order_id: str, amount: str) -> dict[str, Any]:
        """Answers the new exchange as the sandbox renders it."""
        return dict(self._ok(self.post(f"/v1/sandbox/orders/{order_id}/transfers",
                                       {"amount": Decimal(amount)})))

    def mine(self, count: int = 1) -> Any:
        return self._ok(self.post("/v1/sandbox/blocks", {"count": count}))

    def set_rate(self, pair: str, rate: str) -> Any:
        return self._ok(self.post("/v1/sandbox/rates", {"pair": pair, "rate": Decimal(rate)}))

    def register_webhook(self, url: str, secret: str) -> str:
        answer = self._ok(self.post("/v1/sandbox/webhooks", {"url": url, "secret": secret}))
        return str(answer["id"])

    def complete_identification(self, identification_id: str) -> Any:
        return self._ok(self.post(f"/v1/sandbox/identifications/{identification_id}/complete", {}))

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Helpers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
