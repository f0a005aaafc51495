"""The order echo: an order answer is only trusted when it repeats what was signed and sent.

Whoever can alter Pocket's answer in transit (a compromised proxy, a malicious middlebox, a bug)
could swap the payout address or the creditor IBAN and have the person pay someone else. So the
created order must carry exactly the address, message, signature, extended key, derivation path,
gap limit (or node public key), fee rate, currency and debitor IBAN of the request, and Pocket's
creditor IBAN and RF reference must pass their checksums. The creditor IBAN is Pocket's, not
ours, so two more checks guard it: a Swiss QR-bill payload, when present, must carry the same
IBAN and reference as the fields (a tamperer who edits one but not the other is caught), and an
environment that knows Pocket's accounts (`Environment.creditor_ibans`) accepts only those. Any
difference raises `TamperedResponse` listing every mismatch, and nothing of the answer is shown
as payable.
"""

from __future__ import annotations

from typing import Any

from pocketgui.api.errors import TamperedResponse
from pocketgui.api.models import (
    LightningPayoutMethod,
    LightningPayoutRequest,
    OnchainPayoutMethod,
    Order,
    OrderRequest,
)
from pocketgui.bitcoin import is_valid_creditor_reference, is_valid_iban_checksum


def order_mismatches(
    request: OrderRequest, order: Order, creditor_ibans: frozenset[str] = frozenset()
) -> list[str]:
    """Every way `order` differs from `request` (empty when the echo is faithful)."""
    problems: list[str] = []

    def same(name: str, sent: Any, got: Any) -> None:
        if sent != got or type(sent) is not type(got):
            problems.append(f"{name}: sent {sent!r}, answer has {got!r}")

    same("fee_rate", request.fee_rate, order.fee_rate)
    same("active", request.active, order.active)
    if request.affiliate_id is not None:
        same("affiliate_id", request.affiliate_id, order.affiliate_id)
    pay = order.payment_method
    same("payment_method.currency", request.currency, pay.currency)
    same("payment_method.debitor_iban", request.debitor_iban, pay.debitor_iban)
    if not is_valid_iban_checksum(pay.creditor_iban):
        problems.append(f"payment_method.creditor_iban: {pay.creditor_iban!r} fails its checksum")
    if creditor_ibans and pay.creditor_iban not in creditor_ibans:
        problems.append(f"payment_method.creditor_iban: {pay.creditor_iban!r} is not an account "
                        "of Pocket's")
    if not is_valid_creditor_reference(pay.creditor_reference):
        problems.append(
            f"payment_method.creditor_reference: {pay.creditor_reference!r} is not a valid RF "
            "reference"
        )
    if pay.swiss_qr_bill_payload is not None:
        lines = [line.strip() for line in pay.swiss_qr_bill_payload.splitlines()]
        for name, value in (("creditor_iban", pay.creditor_iban),
                            ("creditor_reference", pay.creditor_reference)):
            if value not in lines:
                problems.append(f"payment_method.swiss_qr_bill_payload: does not carry the "
                                f"{name} {value!r}")

    sent, got = request.payout, order.payout_method
    if isinstance(sent, LightningPayoutRequest):
        if not isinstance(got, LightningPayoutMethod):
            return [*problems, "payout_method: sent a lightning node, answer pays on-chain"]
        same("payout_method.node_pubkey", sent.node_pubkey, got.node_pubkey)
    else:
        if not isinstance(got, OnchainPayoutMethod):
            return [*problems, "payout_method: sent an address, answer pays over lightning"]
        same("payout_method.bitcoin_address", sent.bitcoin_address, got.bitcoin_address)
        same("payout_method.extended_public_key", sent.extended_public_key,
             got.extended_public_key)
        same("payout_method.derivation_path", sent.derivation_path, got.derivation_path)
        same("payout_method.gap_limit", sent.gap_limit, got.gap_limit)
    same("payout_method.message", sent.message, got.message)
    same("payout_method.signature", sent.signature, got.signature)
    return problems


def check_order_echo(
    request: OrderRequest, order: Order, creditor_ibans: frozenset[str] = frozenset()
) -> Order:
    """`order` when it echoes `request` faithfully; raises TamperedResponse otherwise."""
    problems = order_mismatches(request, order, creditor_ibans)
    if problems:
        raise TamperedResponse(
            "Pocket's answer does not match the order that was signed and sent, so it cannot be "
            "trusted and nothing of it may be paid. Do not transfer money; contact Pocket "
            "support. Differences: " + "; ".join(problems),
            mismatches=tuple(problems),
        )
    return order
