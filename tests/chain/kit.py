"""Stored orders of the test seed's accounts, as the app keeps them, for the chain's tests."""

from __future__ import annotations

import uuid

from pocketgui.api import jsonio
from pocketgui.bitcoin import Network, ScriptType
from pocketgui.store import Store, StoredOrder
from tests.api import reference as ref
from tests.sandbox.wallet import PURPOSE, Wallet

FINGERPRINT = "73c5da0a"  # the master fingerprint of `abandon … about`
MESSAGE = "I confirm my bitcoin wallet. [7v7t4Fmb]"


def order_json(wallet: Wallet, path: str = "0/0", *, extended: bool = True,
               gap_limit: int | None = None, order_id: str | None = None) -> str:
    data = jsonio.loads(ref.ORDER)
    data["id"] = order_id or str(uuid.uuid4())
    data["payout_method"] = {
        "bitcoin_address": wallet.address(path), "message": MESSAGE,
        "signature": wallet.sign(MESSAGE, path),
        "extended_public_key": wallet.xpub if extended else None,
        "derivation_path": path if extended else None,
        "gap_limit": gap_limit if extended else None,
    }
    return jsonio.dumps(data)


def account_path(wallet: Wallet) -> str:
    coin = 0 if wallet.network is Network.MAINNET else 1
    return f"m/{PURPOSE[wallet.script_type]}h/{coin}h/0h"


def save_order(store: Store, wallet: Wallet, path: str = "0/0", *, environment: str = "sandbox",
               extended: bool = True, gap_limit: int | None = None, origin: bool = True
               ) -> StoredOrder:
    """An on-chain order of `wallet`'s account, saved as the flow saves one."""
    raw = order_json(wallet, path, extended=extended, gap_limit=gap_limit)
    order_id = jsonio.loads(raw)["id"]
    store.save_order(environment, order_id, raw, wallet.network.value,
                     device_fingerprint=FINGERPRINT if origin else None,
                     account_path=account_path(wallet) if origin else None,
                     script_type=wallet.script_type.value)
    stored = store.get_order(order_id)
    assert stored is not None
    return stored


SCRIPT_TYPES = [ScriptType.P2WPKH, ScriptType.P2SH_P2WPKH, ScriptType.P2PKH]
