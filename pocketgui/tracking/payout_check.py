"""The payout check: every bitcoin Pocket pays out must land in the person's own wallet.

On-chain: a payout address is accepted when it is the order's own address, or when the order's
extended public key derives it within the gap limit (on the receive or change chain, in the
address's own script type). The window grows with the payouts already made to that order,
because Pocket pays each exchange to the next unused address. Anything else is
`payout_address_mismatch`: money went somewhere the person's wallet cannot see.

Lightning: the invoice's payee (decoded, signature checked) or the channel's node must be the
node the order was signed for; anything else is `payout_node_mismatch`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pocketgui.api.models import (
    ChannelPayout,
    InvoicePayout,
    LightningPayoutMethod,
    OnchainPayoutMethod,
    Order,
)
from pocketgui.bitcoin import BitcoinError, Network, decode_invoice, find_address_in_gap

PAYOUT_ADDRESS_MISMATCH = "payout_address_mismatch"
PAYOUT_NODE_MISMATCH = "payout_node_mismatch"


@dataclass(frozen=True)
class PayoutVerdict:
    ok: bool
    destination: str  # the address, or the lightning node paid
    path: str | None  # where the extended key derives it ("0/3"), None for the order's address
    reason: str


def check_payout_address(
    order: Order, address: str, network: Network, earlier_payouts: int = 0
) -> PayoutVerdict:
    """Whether `address` belongs to the wallet behind `order` (see the module docstring)."""
    method = order.payout_method
    if not isinstance(method, OnchainPayoutMethod):
        return PayoutVerdict(False, address, None, "an on-chain payout for a lightning order")
    if address == method.bitcoin_address:
        return PayoutVerdict(True, address, None, "the order's own address")
    if method.extended_public_key is None:
        return PayoutVerdict(
            False, address, None,
            f"paid to {address}, but the order pays only {method.bitcoin_address}",
        )
    window = method.effective_gap_limit + max(0, earlier_payouts)
    try:
        path = find_address_in_gap(method.extended_public_key, address, network, window)
    except BitcoinError as exc:
        return PayoutVerdict(False, address, None, f"{address} cannot be checked: {exc}")
    if path is None:
        return PayoutVerdict(
            False, address, None,
            f"paid to {address}, which the order's extended public key does not derive within "
            f"its first {window} receive and change addresses",
        )
    return PayoutVerdict(True, address, path, f"derived at {path}")


def check_lightning_payout(order: Order, payout: InvoicePayout | ChannelPayout) -> PayoutVerdict:
    """Whether a lightning payout goes to the node the order was signed for."""
    method = order.payout_method
    if not isinstance(method, LightningPayoutMethod):
        return PayoutVerdict(False, "", None, "a lightning payout for an on-chain order")
    if isinstance(payout, InvoicePayout):
        try:
            node = decode_invoice(payout.invoice.strip()).payee
        except BitcoinError as exc:
            return PayoutVerdict(False, "", None, f"the payout's invoice cannot be read: {exc}")
        what = "the invoice is payable to"
    else:
        node = (payout.node_address or method.node_pubkey).partition("@")[0]
        what = "the channel opens to"
    if node.lower() != method.node_pubkey.lower():
        return PayoutVerdict(False, node, None,
                             f"{what} node {node}, not the order's node {method.node_pubkey}")
    return PayoutVerdict(True, node, None, "the order's node")
