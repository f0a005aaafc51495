"""A signing test wallet (BIP-39 `abandon … about`, native segwit, regtest) and signed orders.

Copied from tests/sandbox/wallet.py and tests/api/sandbox_kit.py (kept apart on purpose: the
dashboard's tests should not break when another team reshapes its helpers).
"""

from __future__ import annotations

from decimal import Decimal

from embit import bip32, bip39
from embit.networks import NETWORKS

from pocketgui.api import Order, OrderRequest, PocketClient
from pocketgui.api.models import OnchainPayoutRequest
from pocketgui.bitcoin import Network, ScriptType, derive_address, sign_message
from pocketgui.store import Store
from pocketgui.tracking import place_order

MNEMONIC = " ".join(["abandon"] * 11 + ["about"])
DEBITOR_IBAN = "DE75512108001245126199"
_ROOT = bip32.HDKey.from_seed(bip39.mnemonic_to_seed(MNEMONIC))


class Wallet:
    def __init__(self, account: int = 0) -> None:
        self.account = _ROOT.derive(f"m/84h/1h/{account}h")
        self.xpub = self.account.to_public().to_string(version=NETWORKS["regtest"]["zpub"])

    def address(self, path: str = "0/0") -> str:
        return derive_address(self.xpub, path, ScriptType.P2WPKH, Network.REGTEST)

    def sign(self, message: str, path: str = "0/0") -> str:
        secret = self.account.derive(f"m/{path}").key.secret
        return sign_message(secret, message, ScriptType.P2WPKH, "electrum")


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
