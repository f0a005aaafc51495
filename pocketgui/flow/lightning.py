"""Lightning payouts, Qt-free: node key, message to sign, and the local pre-checks.

The pre-checks mirror the sandbox's (and Pocket's) order so the person sees the same reason
before anything is sent: each returns the error code Pocket would answer, or None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from pocketgui.api.errors import error_for
from pocketgui.bitcoin.bolt11 import Invoice, decode_invoice
from pocketgui.bitcoin.errors import BitcoinError
from pocketgui.bitcoin.lightning import is_node_pubkey, lightning_verify_message, parse_node_address
from pocketgui.bitcoin.networks import Network

MSAT_PER_BTC = 100_000_000_000


def valid_node_pubkey(text: str) -> bool:
    """A 33-byte compressed public key in hex (66 characters, 02 or 03 first)."""
    return is_node_pubkey(text.strip())


def sign_commands(message: str) -> tuple[str, str]:
    """The exact commands that sign `message` with LND and with Core Lightning."""
    quoted = message.replace("\\", "\\\\").replace('"', '\\"')
    return f'lncli signmessage "{quoted}"', f'lightning-cli signmessage "{quoted}"'


def signature_matches(node_pubkey: str, message: str, signature: str) -> bool:
    """Whether the pasted signature is of `message` by `node_pubkey` (checked locally)."""
    if not valid_node_pubkey(node_pubkey):
        return False
    return lightning_verify_message(node_pubkey.strip().lower(), message, signature.strip())


def reason_for(code: str) -> str:
    """The sentence Pocket's answer with this error code gets, for a local refusal: the same
    words whether the app or Pocket refuses, without an HTTP status that was never sent."""
    return error_for(400, code).message


@dataclass(frozen=True)
class InvoiceCheck:
    code: str | None  # None: the invoice passes every local check
    invoice: Invoice | None

    @property
    def reason(self) -> str | None:
        return None if self.code is None else reason_for(self.code)


def check_invoice(
    text: str, *, network: Network, amount: Decimal, node_pubkey: str,
    now: datetime | None = None,
) -> InvoiceCheck:
    """Decode and check an invoice in Pocket's order: valid, network, amount, expiry, payee."""
    try:
        invoice = decode_invoice(text.strip())
    except BitcoinError:
        return InvoiceCheck("invalid_invoice", None)
    if invoice.network != network:
        return InvoiceCheck("invoice_network", invoice)
    if invoice.amount_msat != int(amount * MSAT_PER_BTC):
        return InvoiceCheck("invoice_amount", invoice)
    if invoice.is_expired(now):
        return InvoiceCheck("invoice_expired", invoice)
    if invoice.payee != node_pubkey.strip().lower():
        return InvoiceCheck("unexpected_node_pubkey", invoice)
    return InvoiceCheck(None, invoice)


def check_node_address(text: str, node_pubkey: str) -> str | None:
    """The error code for a channel's node address (empty: Pocket looks it up), or None."""
    text = text.strip()
    if not text:
        return None
    address = parse_node_address(text)
    if address is None:
        return "invalid_node_address"
    if address.pubkey != node_pubkey.strip().lower():
        return "unexpected_node_pubkey"
    return None
