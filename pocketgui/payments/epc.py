"""EPC069-12 "SEPA credit transfer" QR (GiroCode): payload and parser.

Version 002 (BIC optional inside the EEA, but given when known), character set 1 (UTF-8),
structured remittance = the RF reference, no free text: Pocket matches transfers by reference.
The last populated field ends the payload, as the guideline asks (no trailing separator).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pocketgui.i18n.catalog import _
from pocketgui.payments import validation
from pocketgui.payments.errors import MalformedPayload, UnsupportedCurrency
from pocketgui.payments.instructions import PaymentInstructions

SERVICE_TAG = "BCD"
VERSION = "002"
CHARSET_UTF8 = "1"
IDENTIFICATION = "SCT"
MAX_BYTES = 331  # the guideline's limit for the whole payload
_AMOUNT = re.compile(r"^EUR(\d{1,9}(?:\.\d{1,2})?)$")


@dataclass(frozen=True)
class EpcPayload:
    bic: str
    name: str
    iban: str
    amount: Decimal | None
    purpose: str = ""
    reference: str = ""  # structured creditor reference (RF…)
    text: str = ""  # unstructured remittance; never together with a reference
    information: str = ""  # beneficiary to originator information
    version: str = VERSION
    charset: str = CHARSET_UTF8

    def payload(self) -> str:
        fields = [SERVICE_TAG, self.version, self.charset, IDENTIFICATION, self.bic, self.name,
                  self.iban, "" if self.amount is None else f"EUR{self.amount:.2f}",
                  self.purpose, self.reference, self.text, self.information]
        while fields and not fields[-1]:
            fields.pop()
        return "\n".join(fields)


def build_epc_payload(instructions: PaymentInstructions) -> str:
    """The GiroCode payload a European banking app scans to pay the order."""
    ins = instructions
    if ins.currency != "EUR":
        raise UnsupportedCurrency(_("An EPC QR code carries EUR only, not {currency}.").format(
            currency=ins.currency))
    name = validation.bounded(ins.creditor_name, 70, validation.NAME_TOO_LONG)
    text = EpcPayload(ins.creditor_bic, name, ins.creditor_iban, ins.amount,
                      reference=ins.reference).payload()
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise MalformedPayload(_("The EPC payload is longer than {limit} bytes.").format(
            limit=MAX_BYTES))
    return text


def parse_epc_payload(text: str) -> EpcPayload:
    """Read a GiroCode payload back into its fields (LF or CR LF separated)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if len(lines) < 7 or lines[0] != SERVICE_TAG or lines[3] != IDENTIFICATION:
        raise MalformedPayload("This is not an EPC QR payload (BCD … SCT).")
    if len(lines) > 12:
        raise MalformedPayload("An EPC QR payload has at most 12 lines.")
    if lines[1] not in ("001", "002") or lines[2] not in tuple("12345678"):
        raise MalformedPayload(f"Unsupported EPC version {lines[1]} / character set {lines[2]}.")
    lines += [""] * (12 - len(lines))
    amount_text = lines[7]
    match = _AMOUNT.match(amount_text)
    if amount_text and not match:
        raise MalformedPayload(f"“{amount_text}” is not an EPC amount (EUR12.50).")
    return EpcPayload(
        bic=lines[4], name=lines[5], iban=lines[6],
        amount=Decimal(match.group(1)) if match else None,
        purpose=lines[8], reference=lines[9], text=lines[10], information=lines[11],
        version=lines[1], charset=lines[2],
    )
