"""Signed orders placed the way the app places them, with the test wallet (tests/wallet.py)."""

from __future__ import annotations

from decimal import Decimal

from pocketgui.api import Order, OrderRequest, PocketClient
from pocketgui.api.models import OnchainPayoutRequest
from pocketgui.orders.placing import place_order
from pocketgui.store import Store
from tests.wallet import DEBITOR_IBAN, Wallet


def create_order(client: PocketClient, store: Store, *, currency: str = "chf",
                 fee_rate: str = "0.015", extended: bool = True, path: str = "0/0",
                 wallet: Wallet | None = None) -> Order:
    """A signed order, placed the way the app places it (intent, store)."""
    wallet = wallet or Wallet()
    message = f"I confirm my bitcoin wallet. [{client.create_challenge().token}]"
    payout = OnchainPayoutRequest(
        bitcoin_address=wallet.address(path), message=message,
        signature=wallet.sign(message, path),
        extended_public_key=wallet.xpub if extended else None,
        derivation_path=path if extended else None)
    request = OrderRequest(Decimal(fee_rate), currency, DEBITOR_IBAN, payout)
    return place_order(client, store, request)
