"""Swiss QR-bill: the "SPC" payload (Swiss Payment Standards, version 0200) and its parser.

The payload is built here, field by field, so it is exactly the standard's: structured creditor
address (type S), no ultimate creditor, amount with 2 decimals or left open (a standing order),
debtor left empty (the person's bank fills it in), reference type SCOR with the RF reference.
`qrbill` validates the same data independently and renders the printable payment part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pocketgui.i18n.catalog import _
from pocketgui.payments import validation
from pocketgui.payments.errors import (
    InvalidCharacters,
    InvalidIban,
    MalformedPayload,
    UnsupportedCurrency,
)
from pocketgui.payments.instructions import PaymentInstructions

VERSION = "0200"
CODING = "1"  # UTF-8, restricted to the Latin character set below
TRAILER = "EPD"
MAX_LENGTH = 997  # characters, the standard's limit for the whole payload
QR_IID = range(30000, 32000)  # institution ids of QR-IBANs, which need QRR references
_AMOUNT = re.compile(r"^\d{1,9}\.\d{2}$")


def _allowed(char: str) -> bool:
    """The character set of the Swiss Payment Standards (v2.2+): Latin, Latin-1, Latin Ext-A."""
    code = ord(char)
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0x17F
        or code in (0x218, 0x219, 0x21A, 0x21B, 0x20AC)
    )


@dataclass(frozen=True)
class SpcAddress:
    address_type: str  # "S" structured, "K" combined (refused by banks after 2026-09-30)
    name: str
    street: str  # or address line 1 for type K
    building_number: str  # or address line 2 for type K
    postal_code: str
    town: str
    country: str

    def fields(self) -> list[str]:
        return [self.address_type, self.name, self.street, self.building_number,
                self.postal_code, self.town, self.country]


_EMPTY_ADDRESS = SpcAddress("", "", "", "", "", "", "")


@dataclass(frozen=True)
class SpcPayload:
    """Every field of a QR-bill payload, in the standard's terms."""

    iban: str
    creditor: SpcAddress
    amount: Decimal | None
    currency: str
    reference_type: str
    reference: str
    ultimate_creditor: SpcAddress = _EMPTY_ADDRESS
    debtor: SpcAddress = _EMPTY_ADDRESS
    message: str = ""
    billing_information: str = ""
    alternative_procedures: tuple[str, ...] = ()
    version: str = VERSION
    coding: str = CODING

    def text(self) -> str:
        """Lines joined by CR LF; the optional fields after the trailer only when used."""
        lines = ["SPC", self.version, self.coding, self.iban, *self.creditor.fields(),
                 *self.ultimate_creditor.fields(),
                 "" if self.amount is None else f"{self.amount:.2f}", self.currency,
                 *self.debtor.fields(), self.reference_type, self.reference, self.message,
                 TRAILER]
        if self.billing_information or self.alternative_procedures:
            lines += [self.billing_information, *self.alternative_procedures]
        return "\r\n".join(lines)


def build_spc_payload(instructions: PaymentInstructions) -> str:
    """The QR-bill payload a Swiss banking app scans to pay the order."""
    ins = instructions
    if ins.currency not in ("CHF", "EUR"):
        raise UnsupportedCurrency(_("A Swiss QR-bill carries CHF or EUR, not {currency}.").format(
            currency=ins.currency))
    if ins.creditor_iban[:2] not in ("CH", "LI"):
        raise InvalidIban(_("A Swiss QR-bill needs a Swiss or Liechtenstein IBAN (CH… or LI…)."))
    if int(ins.creditor_iban[4:9]) in QR_IID:
        raise InvalidIban(_("This is a QR-IBAN: it needs a QR reference, not an RF reference."))
    address = ins.creditor_address
    creditor = SpcAddress(
        "S",
        validation.bounded(ins.creditor_name, 70, validation.NAME_TOO_LONG),
        validation.bounded(address.street, 70, validation.STREET_TOO_LONG),
        validation.bounded(address.building_number, 16, validation.BUILDING_TOO_LONG),
        validation.bounded(address.postal_code, 16, validation.POSTAL_CODE_TOO_LONG),
        validation.bounded(address.town, 35, validation.TOWN_TOO_LONG),
        address.country,
    )
    text = SpcPayload(ins.creditor_iban, creditor, ins.amount, ins.currency, "SCOR",
                      ins.reference).text()
    bad = sorted({char for char in text if not _allowed(char) and char not in "\r\n"})
    if bad:
        raise InvalidCharacters(
            _("A Swiss QR-bill cannot carry these characters: {characters}").format(
                characters=" ".join(bad))
        )
    if len(text) > MAX_LENGTH:
        raise MalformedPayload(_("The QR-bill payload is longer than {limit} characters.").format(
            limit=MAX_LENGTH))
    return text


def parse_spc_payload(text: str) -> SpcPayload:
    """Read a QR-bill payload back into its fields (CR LF or LF separated)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if len(lines) < 31 or lines[0] != "SPC":
        raise MalformedPayload("This is not a Swiss QR-bill payload (SPC, 31 lines or more).")
    if not lines[1].startswith("02") or lines[2] != CODING:
        raise MalformedPayload(f"Unsupported QR-bill version {lines[1]} / coding {lines[2]}.")
    if lines[30] != TRAILER:
        raise MalformedPayload("The QR-bill payload has no EPD trailer where expected.")
    amount_text = lines[18]
    if amount_text and not _AMOUNT.match(amount_text):
        raise MalformedPayload(f"“{amount_text}” is not a QR-bill amount.")
    return SpcPayload(
        iban=lines[3],
        creditor=SpcAddress(*lines[4:11]),
        ultimate_creditor=SpcAddress(*lines[11:18]),
        amount=Decimal(amount_text) if amount_text else None,
        currency=lines[19],
        debtor=SpcAddress(*lines[20:27]),
        reference_type=lines[27],
        reference=lines[28],
        message=lines[29],
        billing_information=lines[31] if len(lines) > 31 else "",
        alternative_procedures=tuple(lines[32:]),
        version=lines[1],
        coding=lines[2],
    )
