"""What a person needs to pay a Pocket order by bank transfer, as plain typed values.

The instructions are checked once, when built: every IBAN, BIC, reference and amount they hold
is valid, so the payload builders only apply the limits of their own standard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pocketgui.i18n.catalog import _
from pocketgui.payments import validation
from pocketgui.payments.errors import InvalidAddress, UnsupportedCurrency


class Currency(StrEnum):
    CHF = "CHF"
    EUR = "EUR"
    GBP = "GBP"

    @classmethod
    def parse(cls, value: str) -> Currency:
        """Pocket's wire uses lower case ("chf")."""
        try:
            return cls(value.strip().upper())
        except ValueError:
            raise UnsupportedCurrency(
                _("“{value}” is not a currency Pocket accepts (CHF, EUR or GBP).").format(
                    value=value)
            ) from None


@dataclass(frozen=True)
class PostalAddress:
    """A structured address (the only kind the Swiss QR-bill allows from v2.3 on)."""

    postal_code: str
    town: str
    country: str  # ISO 3166 alpha-2
    street: str = ""
    building_number: str = ""

    def __post_init__(self) -> None:
        for name in ("postal_code", "town", "country", "street", "building_number"):
            object.__setattr__(self, name, getattr(self, name).strip())
        object.__setattr__(self, "country", self.country.upper())
        if not self.postal_code or not self.town:
            raise InvalidAddress(_("An address needs a postal code and a town."))
        if len(self.country) != 2 or not self.country.isalpha() or not self.country.isascii():
            raise InvalidAddress(_("“{country}” is not a two-letter country code.").format(
                country=self.country))

    def lines(self) -> list[str]:
        """The address as printed on a letter: street line, then "CH-5242 Lupfig"."""
        street = " ".join(part for part in (self.street, self.building_number) if part)
        town = f"{self.country}-{self.postal_code} {self.town}"
        return [street, town] if street else [town]


@dataclass(frozen=True)
class PaymentInstructions:
    currency: Currency
    creditor_iban: str
    creditor_name: str
    creditor_address: PostalAddress
    reference: str
    creditor_bic: str = ""
    amount: Decimal | None = None  # None: left open, as a standing order needs
    bank_name: str = ""
    bank_address: PostalAddress | None = None
    debitor_iban: str = ""  # the person's own account: Pocket only accepts transfers from it

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "currency", Currency.parse(str(self.currency)))
        set_(self, "creditor_iban", validation.iban(self.creditor_iban))
        set_(self, "creditor_bic", validation.bic(self.creditor_bic))
        set_(self, "reference", validation.creditor_reference(self.reference))
        set_(self, "creditor_name", self.creditor_name.strip())
        set_(self, "bank_name", self.bank_name.strip())
        if not self.creditor_name:
            raise InvalidAddress(_("The payee's name is missing."))
        if self.amount is not None:
            set_(self, "amount", validation.amount(self.amount))
        if self.debitor_iban:
            set_(self, "debitor_iban", validation.iban(self.debitor_iban))

    @classmethod
    def from_payment_method(
        cls, payment_method: Mapping[str, Any], amount: Decimal | None = None
    ) -> PaymentInstructions:
        """From an order's `payment_method` object as the Pocket API returns it."""
        pm = {key: ("" if value is None else str(value)) for key, value in payment_method.items()}
        bank_address = None
        if pm.get("creditor_bank_postal_code") and pm.get("creditor_bank_town"):
            bank_address = PostalAddress(
                street=pm.get("creditor_bank_street", ""),
                postal_code=pm["creditor_bank_postal_code"],
                town=pm["creditor_bank_town"],
                country=pm.get("creditor_bank_country", ""),
            )
        return cls(
            currency=Currency.parse(pm.get("currency", "")),
            creditor_iban=pm.get("creditor_iban", ""),
            creditor_bic=pm.get("creditor_bank_bic", ""),
            creditor_name=pm.get("creditor_name", ""),
            creditor_address=PostalAddress(
                street=pm.get("creditor_street", ""),
                postal_code=pm.get("creditor_postal_code", ""),
                town=pm.get("creditor_town", ""),
                country=pm.get("creditor_country", ""),
            ),
            reference=pm.get("creditor_reference", ""),
            amount=amount,
            bank_name=pm.get("creditor_bank_name", ""),
            bank_address=bank_address,
            debitor_iban=pm.get("debitor_iban", ""),
        )
