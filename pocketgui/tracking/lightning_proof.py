"""Whether an invoice payout that Pocket calls succeeded is proven paid.

Pocket's word "succeeded" is not proof: a node is paid when it released the preimage whose
sha256 is the invoice's payment hash, and Pocket hands that preimage back. A payout without a
preimage, with one that hashes to something else (another invoice's, say), or of an invoice that
cannot be read is NOT proven, and nothing may show it as paid: the tracker flags it
`payout_not_proven` and raises the alarm a foreign payout raises, and history counts it as a
payout that did not reach the person.
"""

from __future__ import annotations

import hashlib

from pocketgui.api.models import InvoicePayout, LightningPayoutStatus, Payout
from pocketgui.bitcoin.bolt11 import decode_invoice
from pocketgui.bitcoin.errors import BitcoinError
from pocketgui.i18n.catalog import _

PAYOUT_NOT_PROVEN = "payout_not_proven"


def preimage_matches(preimage_hex: str, payment_hash_hex: str) -> bool:
    """Whether sha256(preimage) is the invoice's payment hash: proof the node was paid."""
    try:
        preimage = bytes.fromhex(preimage_hex)
    except ValueError:
        return False
    return len(preimage) == 32 and hashlib.sha256(preimage).hexdigest() == payment_hash_hex.lower()


def payment_hash(invoice: str) -> str | None:
    """The invoice's payment hash (hex), None when the invoice cannot be read."""
    try:
        return decode_invoice(invoice.strip()).payment_hash
    except BitcoinError:
        return None


def unproven(payout: Payout | None) -> str | None:
    """Why a succeeded invoice payout is not proven paid; None for a proven one and for any
    other payout (pending, failed, a channel, on-chain)."""
    if not isinstance(payout, InvoicePayout):
        return None
    if payout.status is not LightningPayoutStatus.SUCCEEDED:
        return None
    digest = payment_hash(payout.invoice)
    if digest is None:
        return _("Pocket says the invoice was paid, but the invoice it paid cannot be read")
    if not payout.preimage:
        return _("Pocket says the invoice was paid, but it revealed no preimage")
    if not preimage_matches(payout.preimage, digest):
        return _("Pocket says the invoice was paid, but its preimage {preimage} does NOT hash to "
                 "the invoice's payment hash {digest}").format(preimage=payout.preimage,
                                                               digest=digest)
    return None
