"""BOLT11 invoices: decode with signature check, and encode (the sandbox's payee node)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pocketgui.bitcoin.networks import Network


@dataclass(frozen=True)
class Invoice:
    text: str
    network: Network  # bc → mainnet, tb → testnet, bcrt → regtest
    amount_msat: int | None
    timestamp: datetime  # timezone-aware UTC
    expiry_seconds: int  # default 3600
    payment_hash: str  # 64 hex
    payee: str  # 66-hex node pubkey (from the n field or recovered from the signature)
    description: str | None

    @property
    def expires_at(self) -> datetime:
        raise NotImplementedError

    def is_expired(self, now: datetime | None = None) -> bool:
        raise NotImplementedError


def decode_invoice(text: str) -> Invoice:
    """Decode and verify the signature; raises InvalidInvoice with a specific reason."""
    raise NotImplementedError


def encode_invoice(
    private_key: bytes,
    network: Network,
    amount_msat: int | None,
    payment_hash: bytes,
    payment_secret: bytes,
    description: str = "",
    expiry_seconds: int = 3600,
    timestamp: int | None = None,
) -> str:
    """A signed BOLT11 invoice, as a node with `private_key` would issue it."""
    raise NotImplementedError
