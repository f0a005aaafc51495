"""The order as the person reviews it and as it is sent, both read off the flow's data.

Kept apart from `PurchaseFlow` (which decides when things happen) because these are plain
functions of the data: what the payment step refuses, the rows of the review page, and the
request for Pocket — one place for each, whichever branch the bitcoin goes to.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from pocketgui.api.models import LightningPayoutRequest, OnchainPayoutRequest, OrderRequest
from pocketgui.flow import choices
from pocketgui.formats.bank_codes import check_iban, grouped

if TYPE_CHECKING:
    from pocketgui.devices.base import Account
    from pocketgui.flow.flow_data import FlowData

Rows = list[tuple[str, str]]


def payment_problems(d: FlowData) -> dict[str, str]:
    """Field name → what is wrong with it, for a person. Empty: the step is valid."""
    problems = {}
    iban = check_iban(d.iban)
    if not iban.ok:
        problems["iban"] = iban.reason
    fee = choices.check_fee_rate(d.fee_rate)
    if fee:
        problems["fee_rate"] = fee
    if d.affiliate_id and not _looks_like_uuid(d.affiliate_id):
        problems["affiliate_id"] = "An affiliate id looks like 8ed13c2a-a8c6-4f0e-b43e-…"
    return problems


def order_request(d: FlowData, *, lightning: bool, signature: str | None = None) -> OrderRequest:
    """`signature`: the on-chain signature in another header convention than the device's."""
    payout: OnchainPayoutRequest | LightningPayoutRequest
    if lightning:
        payout = d.lightning.payout_request(d.message)
    else:
        payout = d.onchain.payout_request(d.message, fresh_addresses=d.fresh_addresses,
                                          address_index=d.address_index,
                                          gap_limit=d.gap_limit, signature=signature)
    return OrderRequest(fee_rate=d.fee_rate, currency=d.currency.lower(),
                        debitor_iban=check_iban(d.iban).compact, payout=payout,
                        affiliate_id=d.affiliate_id or None)


def review_rows(d: FlowData, account: Account, *, lightning: bool) -> Rows:
    """Every value the order will carry, in plain words, in the order the person reads."""
    if lightning:
        return d.lightning.review_rows(d.message) + _payment_rows(d)
    label, _ = choices.SCRIPT_TYPES[d.script_type]
    rows = [
        ("Bitcoin goes to", d.address),
        ("Wallet", f"{d.device.name if d.device else ''} (fingerprint {d.fingerprint})"),
        ("Account", f"{label}, account {d.account_index}, address {d.address_index} "
                    f"({account.address_path(d.address_index)})"),
        *([("Why this address", d.fresh_start.reason)] if d.fresh_start is not None else []),
        ("Signed message", d.message),
        ("Signature", d.signature),
        *_payment_rows(d),
    ]
    if d.fresh_addresses and d.account_key is not None:
        rows.append(("Fresh address for every purchase",
                     f"yes — from 0/{d.address_index} on, at most {d.gap_limit} unused "
                     "addresses ahead"))
        rows.append(("Extended public key", d.account_key.extended_public_key))
    else:
        rows.append(("Fresh address for every purchase", "no — every purchase goes to the "
                     "address above"))
    return rows


def _payment_rows(d: FlowData) -> Rows:
    rows = [
        ("You pay in", d.currency),
        ("From your account", grouped(check_iban(d.iban).compact)),
        ("Pocket's fee", f"{choices.percent(d.fee_rate)} — "
                         f"{choices.fee_example(d.fee_rate, d.currency)}"),
    ]
    if d.affiliate_id:
        rows.append(("Affiliate id", d.affiliate_id))
    return rows


def _looks_like_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
