"""What a payment slip shows: the scannable code (if the currency has a standard) and the rows.

Data only; the ui layer paints it to PNG or PDF, the same way it paints the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

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
        return PaymentCode("Swiss QR-bill", build_spc_payload(instructions), swiss_cross=True)
    if instructions.currency == Currency.EUR:
        return PaymentCode("EPC QR code (GiroCode)", build_epc_payload(instructions), False)
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
    notes = [] if code else [f"There is no common QR code for {ins.currency} transfers: type "
                             "these details into your banking app (a Faster Payments transfer)."]
    notes.append(f"Always give the reference {grouped(ins.reference)}: a transfer without it "
                 "is delayed or refunded.")
    if ins.debitor_iban:
        notes.append(f"Pay from your account {grouped(ins.debitor_iban)}: Pocket accepts "
                     "transfers only from the account registered with the order.")
    if ins.amount is None:
        notes.append("To buy regularly, set this up as a standing order with the amount and "
                     "rhythm you choose.")
    return Slip(f"Bank transfer in {ins.currency} to buy bitcoin with Pocket",
                code, bank_details(ins), notes)
