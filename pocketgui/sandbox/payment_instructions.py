"""Where the person sends the money: Pocket's creditor account per currency, a unique ISO 11649
reference per order, and for CHF the Swiss QR-bill payload (SPC 0200, structured addresses,
SCOR reference, amount left open for standing orders).

The accounts are checksum-valid IBANs of real banks with their matching BICs; the tests check
them with schwifty.
"""

from __future__ import annotations

import copy
import secrets
import string
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from pocketgui.formats.bank_codes import create_creditor_reference

if TYPE_CHECKING:
    from qrbill import QRBill

CURRENCIES = ("eur", "chf", "gbp")


@dataclass(frozen=True)
class Party:
    name: str
    street: str
    house_number: str
    postal_code: str
    town: str
    country: str

    @property
    def street_line(self) -> str:
        return f"{self.street} {self.house_number}"


@dataclass(frozen=True)
class CreditorAccount:
    iban: str
    bic: str
    bank: Party


POCKET = Party("Pocket App", "Industriestrasse", "33", "5242", "Lupfig", "CH")

ACCOUNTS: dict[str, CreditorAccount] = {
    "chf": CreditorAccount(
        "CH9400778214768302002",
        "LUKBCH2260A",
        Party("Luzerner Kantonalbank", "Pilatusstrasse", "12", "6002", "Luzern", "CH"),
    ),
    "eur": CreditorAccount(
        "DE89370400440532013000",
        "COBADEFFXXX",
        Party("Commerzbank", "Kaiserplatz", "1", "60311", "Frankfurt am Main", "DE"),
    ),
    # Faster Payments needs sort code 60-16-13 and account 31926819: both are in the IBAN.
    "gbp": CreditorAccount(
        "GB29NWBK60161331926819",
        "NWBKGB2L",
        Party("National Westminster Bank", "Bishopsgate", "250", "EC2M 4AA", "London", "GB"),
    ),
}

_REFERENCE_ALPHABET = string.ascii_uppercase + string.digits


def new_creditor_reference() -> str:
    """A fresh RF reference: 'RF', check digits, 12 random alphanumerics."""
    payload = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(12))
    return create_creditor_reference(payload)


def swiss_qr_bill_payload(currency: str, reference: str) -> str | None:
    """The QR-bill text of CHF orders (the QR-bill carries CHF or EUR; Pocket uses it for CHF).

    Everything but the reference is the same for every order, so qrbill builds and validates
    one bill per currency; each order's copy only gets its own (checksum-valid) reference.
    """
    if currency != "chf":
        return None
    bill = copy.copy(_qr_bill_template(currency))
    bill.reference_number = reference
    return str(bill.qr_data())


@cache
def _qr_bill_template(currency: str) -> QRBill:
    from qrbill import QRBill  # ~9 MB: only once a CHF order is made

    account = ACCOUNTS[currency]
    return QRBill(
        account=account.iban,
        creditor={
            "name": POCKET.name,
            "street": POCKET.street,
            "house_num": POCKET.house_number,
            "pcode": POCKET.postal_code,
            "city": POCKET.town,
            "country": POCKET.country,
        },
        currency=currency.upper(),
        reference_number=create_creditor_reference("TEMPLATE"),
    )


def payment_method(
    currency: str, debitor_iban: str, reference: str, qr_payload: str | None
) -> dict[str, Any]:
    """The order's payment_method, fields in the reference's order."""
    account = ACCOUNTS[currency]
    return {
        "currency": currency,
        "debitor_iban": debitor_iban,
        "creditor_reference": reference,
        "creditor_iban": account.iban,
        "creditor_bank_name": account.bank.name,
        "creditor_bank_street": account.bank.street_line,
        "creditor_bank_postal_code": account.bank.postal_code,
        "creditor_bank_town": account.bank.town,
        "creditor_bank_country": account.bank.country,
        "creditor_bank_bic": account.bic,
        "creditor_name": POCKET.name,
        "creditor_street": POCKET.street_line,
        "creditor_postal_code": POCKET.postal_code,
        "creditor_town": POCKET.town,
        "creditor_country": POCKET.country,
        "swiss_qr_bill_payload": qr_payload,
    }
