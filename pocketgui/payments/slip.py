"""What a payment slip shows: the scannable code (if the currency has a standard) and the rows.

Data only; the ui layer paints it to PNG or PDF, the same way it paints the screen. Its words are
in the app's language; the reference, IBANs and the QR payload never are.
"""

from __future__ import annotations

from dataclasses import dataclass

from pocketgui.i18n.catalog import _
from pocketgui.payments.bank_details import DetailRow, bank_details, grouped
from pocketgui.payments.epc import build_epc_payload
from pocketgui.payments.instructions import Currency, PaymentInstructions
from pocketgui.payments.qr_matrix import ErrorCorrection
from pocketgui.payments.swiss_qr import build_spc_payload


@dataclass(frozen=True)
class PaymentCode:
    standard: str  # shown to the person: which app feature reads it
    payload: str
    swiss_cross: bool  # the QR-bill's 7 mm cross, which requires error correction M
    error_correction: ErrorCorrection = ErrorCorrection.M


def payment_code(instructions: PaymentInstructions) -> PaymentCode | None:
    """Swiss QR-bill for CHF, EPC QR (GiroCode) for EUR, nothing for GBP (no common standard)."""
    if instructions.currency == Currency.CHF:
        return PaymentCode(_("Swiss QR-bill"), build_spc_payload(instructions), swiss_cross=True)
    if instructions.currency == Currency.EUR:
        return PaymentCode(_("EPC QR code (GiroCode)"), build_epc_payload(instructions), False)
    return None


@dataclass(frozen=True)
class Slip:
    title: str
    code: PaymentCode | None
    rows: list[DetailRow]
    notes: list[str]


def build_slip(instructions: PaymentInstructions) -> Slip:
    ins = instructions
    code = payment_code(ins)
    notes = [] if code else [_("There is no common QR code for {currency} transfers: type these "
                               "details into your banking app (a Faster Payments transfer).")
                             .format(currency=ins.currency)]
    notes.append(_("Always give the reference {reference}: a transfer without it is delayed or "
                   "refunded.").format(reference=grouped(ins.reference)))
    if ins.debitor_iban:
        notes.append(_("Pay from your account {iban}: Pocket accepts transfers only from the "
                       "account registered with the order.").format(iban=grouped(ins.debitor_iban)))
    if ins.amount is None:
        notes.append(_("To buy regularly, set this up as a standing order with the amount and "
                       "rhythm you choose."))
    return Slip(_("Bank transfer in {currency} to buy bitcoin with Pocket").format(
                currency=ins.currency),
                code, bank_details(ins), notes)
