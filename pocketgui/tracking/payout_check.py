"""The payout check: every bitcoin Pocket pays out must land in the person's own wallet.

On-chain: a payout address is accepted when it is the order's own address, or when the order's
extended public key derives it in the order's own script type (that of its address: a BIP-44
wallet does not watch the segwit addresses of its keys) within the gap limit past the last
used index (on the receive or change chain). The last used index is the order's starting
one, or the highest of the paths already paid (by Pocket's word on earlier payouts that
passed this check, and by the chain), because Pocket pays each exchange to the next unused
address. Anything else is `payout_address_mismatch`: money went somewhere the person's wallet
cannot see.

Lightning: the invoice's payee (decoded, signature checked) or the channel's node must be the
node the order was signed for; anything else is `payout_node_mismatch`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pocketgui.api.models import (
    ChannelPayout,
    InvoicePayout,
    LightningPayoutMethod,
    OnchainPayoutMethod,
    Order,
)
from pocketgui.bitcoin.addresses import address_script_type
from pocketgui.bitcoin.bolt11 import decode_invoice
from pocketgui.bitcoin.errors import BitcoinError
from pocketgui.bitcoin.keys import find_address_in_gap, parse_relative_path
from pocketgui.bitcoin.networks import Network
from pocketgui.i18n.catalog import _

PAYOUT_ADDRESS_MISMATCH = "payout_address_mismatch"
PAYOUT_NODE_MISMATCH = "payout_node_mismatch"


@dataclass(frozen=True)
class PayoutVerdict:
    ok: bool
    destination: str  # the address, or the lightning node paid
    path: str | None  # where the extended key derives it ("0/3"), None for the order's address
    reason: str


def check_payout_address(
    order: Order, address: str, network: Network, used_paths: Iterable[str] = ()
) -> PayoutVerdict:
    """Whether `address` belongs to the wallet behind `order` (see the module docstring).
    `used_paths`: paths below the order's key already paid to ("0/4")."""
    method = order.payout_method
    if not isinstance(method, OnchainPayoutMethod):
        return PayoutVerdict(False, address, None, _("an on-chain payout for a lightning order"))
    if address == method.bitcoin_address:
        return PayoutVerdict(True, address, None, _("the order's own address"))
    if method.extended_public_key is None:
        return PayoutVerdict(
            False, address, None,
            _("paid to {address}, but the order pays only {own}").format(
                address=address, own=method.bitcoin_address),
        )
    try:
        own_type = address_script_type(method.bitcoin_address, network)
        paid_type = address_script_type(address, network)
    except BitcoinError as exc:
        return PayoutVerdict(False, address, None, _("{address} cannot be checked: {reason}"
                                                     ).format(address=address, reason=exc))
    if paid_type is not own_type:
        return PayoutVerdict(
            False, address, None,
            _("paid to {address}, a {paid_type} address, but the order's wallet uses "
              "{own_type} addresses and does not watch that one").format(
                address=address, paid_type=paid_type.value, own_type=own_type.value),
        )
    last = last_used_index([method.derivation_path or "0/0", *used_paths])
    window = last + method.effective_gap_limit + 1
    try:
        path = find_address_in_gap(method.extended_public_key, address, network, window)
    except BitcoinError as exc:
        return PayoutVerdict(False, address, None, _("{address} cannot be checked: {reason}"
                                                     ).format(address=address, reason=exc))
    if path is None:
        return PayoutVerdict(
            False, address, None,
            _("paid to {address}, which the order's extended public key does not derive within "
              "{gap} addresses past the last used one (index {last})").format(
                address=address, gap=method.effective_gap_limit, last=last),
        )
    return PayoutVerdict(True, address, path, _("derived at {path}").format(path=path))


def last_used_index(paths: Iterable[str]) -> int:
    """The highest index of `change/index` paths (malformed ones are ignored); 0 if none."""
    indexes = [0]
    for path in paths:
        try:
            steps = parse_relative_path(path)
        except BitcoinError:
            continue
        if len(steps) == 2 and steps[0] in (0, 1):
            indexes.append(steps[1])
    return max(indexes)


def check_lightning_payout(order: Order, payout: InvoicePayout | ChannelPayout) -> PayoutVerdict:
    """Whether a lightning payout goes to the node the order was signed for."""
    method = order.payout_method
    if not isinstance(method, LightningPayoutMethod):
        return PayoutVerdict(False, "", None, _("a lightning payout for an on-chain order"))
    if isinstance(payout, InvoicePayout):
        try:
            node = decode_invoice(payout.invoice.strip()).payee
        except BitcoinError as exc:
            return PayoutVerdict(False, "", None, _("the payout's invoice cannot be read: "
                                                    "{reason}").format(reason=exc))
        wrong = _("the invoice is payable to node {node}, not the order's node {own}")
    else:
        node = (payout.node_address or method.node_pubkey).partition("@")[0]
        wrong = _("the channel opens to node {node}, not the order's node {own}")
    if node.lower() != method.node_pubkey.lower():
        return PayoutVerdict(False, node, None, wrong.format(node=node, own=method.node_pubkey))
    return PayoutVerdict(True, node, None, _("the order's node"))
