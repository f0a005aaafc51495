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
from pocketgui.i18n.catalog import _, format_locale

if TYPE_CHECKING:
    from pocketgui.devices.base import Account
    from pocketgui.flow.flow_data import FlowData

Rows = list[tuple[str, str]]


def payment_problems(d: FlowData) -> dict[str, str]:
    """Field name → what is wrong with it, for a person. Empty: the step is valid."""
    problems = {}
    iban = check_iban(d.iban)
    if not iban.ok:
        problems["iban"] = iban.explained(_, format_locale())
    fee = choices.check_fee_rate(d.fee_rate)
    if fee:
        problems["fee_rate"] = fee
    if d.affiliate_id and not _looks_like_uuid(d.affiliate_id):
        problems["affiliate_id"] = _("An affiliate id looks like {example}").format(
            example="8ed13c2a-a8c6-4f0e-b43e-…")
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
    label = choices.script_type_text(d.script_type)[0]
    device = d.device.name if d.device else ""
    rows = [
        (_("Bitcoin goes to"), d.address),
        (_("Wallet"), _("{device} (fingerprint {fingerprint})").format(
            device=device, fingerprint=d.fingerprint)),
        (_("Account"), _("{address_type}, account {account}, address {index} ({path})").format(
            address_type=label, account=d.account_index, index=d.address_index,
            path=account.address_path(d.address_index))),
        *([(_("Why this address"), d.fresh_start.reason)] if d.fresh_start is not None else []),
        (_("Signed message"), d.message),
        (_("Signature"), d.signature),
        *_payment_rows(d),
    ]
    if d.fresh_addresses and d.account_key is not None:
        rows.append((_("Fresh address for every purchase"),
                     _("yes — from 0/{index} on, at most {gap} unused addresses ahead").format(
                         index=d.address_index, gap=d.gap_limit)))
        rows.append((_("Extended public key"), d.account_key.extended_public_key))
    else:
        rows.append((_("Fresh address for every purchase"),
                     _("no — every purchase goes to the address above")))
    return rows


def _payment_rows(d: FlowData) -> Rows:
    rows = [
        (_("You pay in"), d.currency),
        (_("From your account"), grouped(check_iban(d.iban).compact)),
        (_("Pocket's fee"), f"{choices.percent(d.fee_rate)} — "
                            f"{choices.fee_example(d.fee_rate, d.currency)}"),
    ]
    if d.affiliate_id:
        rows.append((_("Affiliate id"), d.affiliate_id))
    return rows


def _looks_like_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
