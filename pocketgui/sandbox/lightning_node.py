"""The simulated lightning network: one payee node the sandbox can reach.

Invoices issued by this node (`create_invoice`) are paid: the node derives each invoice's
preimage from its key, so the sandbox can reveal it. Invoices of any other node fail (no
route). Channel payouts connect only to this node at `ADDRESS`; other hosts answer `connect`.
Orders whose `node_pubkey` is `NODE_PUBKEY` prove ownership with
`lightning_sign_message(PRIVATE_KEY, message)`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from decimal import Decimal
from typing import Any

from embit.ec import PrivateKey

from pocketgui.bitcoin.bolt11 import Invoice, encode_invoice
from pocketgui.bitcoin.networks import Network

PRIVATE_KEY = hashlib.sha256(b"pocketgui sandbox lightning payee node").digest()
NODE_PUBKEY: str = PrivateKey(PRIVATE_KEY).get_public_key().sec().hex()
HOST = "127.0.0.1:9735"
ADDRESS = f"{NODE_PUBKEY}@{HOST}"

INVOICE_FEE = Decimal("0")
CHANNEL_FEE = Decimal("0.0001")
MSAT_PER_BTC = 100_000_000_000


def _preimage(amount_msat: int | None, timestamp: int, description: str | None) -> bytes:
    seed = f"{amount_msat}|{timestamp}|{description or ''}".encode()
    return hmac.new(PRIVATE_KEY, seed, hashlib.sha256).digest()


def create_invoice(
    amount_msat: int,
    network: Network,
    description: str = "",
    expiry_seconds: int = 3600,
    timestamp: int | None = None,
) -> str:
    """A BOLT11 invoice of the simulated node (what its wallet would hand the person)."""
    moment = int(time.time()) if timestamp is None else timestamp
    preimage = _preimage(amount_msat, moment, description)
    return encode_invoice(
        PRIVATE_KEY,
        network,
        amount_msat,
        hashlib.sha256(preimage).digest(),
        os.urandom(32),
        description=description,
        expiry_seconds=expiry_seconds,
        timestamp=moment,
    )


def settle_invoice(invoice: Invoice) -> str | None:
    """The preimage (hex) when the simulated node can settle the invoice; None: payment fails."""
    if invoice.payee != NODE_PUBKEY:
        return None
    timestamp = int(invoice.timestamp.timestamp())
    preimage = _preimage(invoice.amount_msat, timestamp, invoice.description)
    if hashlib.sha256(preimage).hexdigest() != invoice.payment_hash:
        return None
    return preimage.hex()


def resolve(node_pubkey: str) -> str | None:
    """The gossiped address of a node, as `pubkey@host:port`, when the network knows it."""
    return ADDRESS if node_pubkey.lower() == NODE_PUBKEY else None


def can_connect(node_pubkey: str, host: str) -> bool:
    return node_pubkey.lower() == NODE_PUBKEY and host == HOST


def payout_options(amount: Decimal) -> list[dict[str, Any]]:
    """The `payout_options` of a lightning `exchange.executed` event: what each payout type
    costs (BTC) and what the node receives (BTC)."""
    options: list[dict[str, Any]] = [{"type": "invoice", "fee": INVOICE_FEE, "amount": amount}]
    if amount > CHANNEL_FEE:
        options.append({"type": "channel", "fee": CHANNEL_FEE, "amount": amount - CHANNEL_FEE})
    return options


def to_msat(amount: Decimal) -> int:
    return int(amount * MSAT_PER_BTC)
