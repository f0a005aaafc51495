"""The official Swiss QR-bill payment part (receipt + payment part with the cross), as SVG.

Drawn by `qrbill`, which validates the data on its own; its payload must equal ours
(`build_spc_payload`), so the printed bill and the on-screen code can never differ. `qrbill`
(with svgwrite, ~20 MB) is imported only when a bill is drawn: showing instructions never needs it.
"""

from __future__ import annotations

import io

from pocketgui.i18n.catalog import _, active_language
from pocketgui.payments.errors import MalformedPayload
from pocketgui.payments.instructions import PaymentInstructions
from pocketgui.payments.swiss_qr import build_spc_payload

QR_BILL_LANGUAGES = ("en", "de", "fr", "it")  # the four the QR-bill standard has


def qr_bill_svg(instructions: PaymentInstructions, language: str = "") -> str:
    """SVG of the A4-wide, 105 mm high payment part; language is en, de, fr or it ("": the
    app's, English when the app speaks another)."""
    import qrbill

    language = language or active_language()
    if language not in QR_BILL_LANGUAGES:
        language = "en"

    ours = build_spc_payload(instructions)  # our specific errors come first
    ins, address = instructions, instructions.creditor_address
    try:
        bill = qrbill.QRBill(
            account=ins.creditor_iban,
            creditor={"name": ins.creditor_name, "street": address.street,
                      "house_num": address.building_number, "pcode": address.postal_code,
                      "city": address.town, "country": address.country},
            amount=None if ins.amount is None else f"{ins.amount:.2f}",
            currency=str(ins.currency),
            reference_number=ins.reference,
            language=language,
        )
    except ValueError as exc:
        raise MalformedPayload(_("The QR-bill could not be drawn: {problem}").format(
            problem=exc)) from None
    if bill.qr_data() != ours:
        raise MalformedPayload(_("The QR-bill could not be drawn: its code would differ from "
                                 "the one on screen. Pay with the details shown instead."))
    out = io.StringIO()
    bill.as_svg(out)
    return out.getvalue()
