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

A change (PATCH: pause, resume, fee rate) is held to the same rule against the order as stored:
the answer must be that order with the fields sent changed, and the creditor checks run again —
a tampered answer could otherwise swap the IBAN shown in "How to pay" or the extended key the
payout check trusts (`patch_mismatches`).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from pocketgui.api.errors import TamperedResponse
from pocketgui.api.models import (
    LightningPayoutMethod,
    LightningPayoutRequest,
    OnchainPayoutMethod,
    Order,
    OrderPatch,
    OrderRequest,
    PaymentMethod,
)
from pocketgui.formats.bank_codes import is_valid_creditor_reference, is_valid_iban
from pocketgui.i18n.catalog import N_, _


def order_mismatches(
    request: OrderRequest, order: Order, creditor_ibans: frozenset[str] = frozenset()
) -> list[str]:
    """Every way `order` differs from `request` (empty when the echo is faithful)."""
    problems: list[str] = []

    def same(name: str, sent: Any, got: Any) -> None:
        _compare(problems, name, sent, got, "sent")

    same("fee_rate", request.fee_rate, order.fee_rate)
    same("active", request.active, order.active)
    if request.affiliate_id is not None:
        same("affiliate_id", request.affiliate_id, order.affiliate_id)
    pay = order.payment_method
    same("payment_method.currency", request.currency, pay.currency)
    same("payment_method.debitor_iban", request.debitor_iban, pay.debitor_iban)
    problems += creditor_problems(pay, creditor_ibans)

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


def _compare(problems: list[str], name: str, expected: Any, got: Any, word: str) -> None:
    """Note a difference of value or of type (`1` is not `True`, `Decimal` is not `int`)."""
    if expected != got or type(expected) is not type(got):
        problems.append(f"{name}: {word} {expected!r}, answer has {got!r}")


def creditor_problems(pay: PaymentMethod, creditor_ibans: frozenset[str] = frozenset()
                      ) -> list[str]:
    """What is wrong with Pocket's side of the payment: IBAN and RF checksums, the QR-bill
    payload agreeing with the fields, and the IBAN among Pocket's known accounts (if known)."""
    problems: list[str] = []
    if not is_valid_iban(pay.creditor_iban):
        problems.append(f"payment_method.creditor_iban: {pay.creditor_iban!r} is not a valid IBAN")
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
    return problems


def patch_mismatches(stored: Order, patch: OrderPatch, answer: Order,
                     creditor_ibans: frozenset[str] = frozenset()) -> list[str]:
    """Every way the PATCH `answer` differs from `stored` with `patch` applied (empty: faithful).

    Compared as parsed, field by field: the payment and payout methods whole (every IBAN, key,
    path, address, signature, bank detail and QR payload), the id and creation time, and each
    field sent. The patchable fields not sent (active, fee rate, affiliate) are Pocket's word:
    an earlier change whose answer was lost (outcome unknown) may have moved them, and holding
    them to the stored value would refuse every later change of that order. They decide nothing
    about where money goes."""
    problems: list[str] = []

    def same(name: str, expected: Any, got: Any) -> None:
        _compare(problems, name, expected, got, "expected")

    same("id", stored.id, answer.id)
    same("created_on", stored.created_on, answer.created_on)
    for name in ("active", "affiliate_id", "fee_rate"):
        if (sent := getattr(patch, name)) is not None:
            same(name, sent, getattr(answer, name))
    for part in ("payment_method", "payout_method"):
        before, after = getattr(stored, part), getattr(answer, part)
        if type(before) is not type(after):
            problems.append(f"{part}: the answer has another kind of {part}")
            continue
        for spec in dataclasses.fields(before):
            same(f"{part}.{spec.name}", getattr(before, spec.name), getattr(after, spec.name))
    return problems + creditor_problems(answer.payment_method, creditor_ibans)


def check_patch_echo(stored: Order, patch: OrderPatch, answer: Order,
                     creditor_ibans: frozenset[str] = frozenset()) -> Order:
    """`answer` when it is `stored` with `patch` applied; raises TamperedResponse otherwise."""
    return _trusted(answer, patch_mismatches(stored, patch, answer, creditor_ibans),
                    N_("Pocket's answer to the change is not the stored order with that change, "
                       "so it cannot be trusted: nothing of it was saved or shown, and the order "
                       "is shown as it was. Do not transfer money to any new account; contact "
                       "Pocket support. Differences: {differences}"))


def check_order_echo(
    request: OrderRequest, order: Order, creditor_ibans: frozenset[str] = frozenset()
) -> Order:
    """`order` when it echoes `request` faithfully; raises TamperedResponse otherwise."""
    return _trusted(order, order_mismatches(request, order, creditor_ibans),
                    N_("Pocket's answer does not match the order that was signed and sent, so "
                       "it cannot be trusted and nothing of it may be paid. Do not transfer "
                       "money; contact Pocket support. Differences: {differences}"))


def _trusted(answer: Order, problems: list[str], sentence: str) -> Order:
    """`answer` when nothing is wrong with it; TamperedResponse (with the evidence) otherwise.
    `sentence` (marked with N_) is said in the app's language; the differences, evidence
    naming the answer's fields, stay as they are."""
    if problems:
        raise TamperedResponse(_(sentence).format(differences="; ".join(problems)),
                               mismatches=tuple(problems), answer=answer.raw)
    return answer
