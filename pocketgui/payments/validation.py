"""Checks and normal forms of the fields a bank transfer needs.

Each function returns the canonical form (compact, upper case, 2-decimal amount) or raises the
specific PaymentError, so the instructions hold only values every standard accepts.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from schwifty import BIC
from schwifty.exceptions import SchwiftyException

from pocketgui.formats.bank_codes import BankCodeError
from pocketgui.formats.bank_codes import creditor_reference as compact_reference
from pocketgui.formats.bank_codes import iban as compact_iban
from pocketgui.i18n.catalog import N_, _
from pocketgui.payments.errors import (
    InvalidAddress,
    InvalidAmount,
    InvalidBic,
    InvalidIban,
    InvalidReference,
)

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999.99")  # the largest amount both SPC and EPC can carry
# What `bounded` says when a part is too long for a standard.
NAME_TOO_LONG = N_("The payee's name is too long for a payment code ({length} > {limit}).")
STREET_TOO_LONG = N_("The street is too long for a payment code ({length} > {limit}).")
BUILDING_TOO_LONG = N_("The building number is too long for a payment code ({length} > {limit}).")
POSTAL_CODE_TOO_LONG = N_("The postal code is too long for a payment code ({length} > {limit}).")
TOWN_TOO_LONG = N_("The town is too long for a payment code ({length} > {limit}).")


def iban(value: str) -> str:
    """Compact IBAN; schwifty checks the country's length and format and the mod-97 checksum."""
    try:
        return compact_iban(value)
    except BankCodeError as exc:
        raise InvalidIban(_("“{value}” is not a valid IBAN ({problem}).").format(
            value=value, problem=exc.explained(_))) from None


def bic(value: str) -> str:
    """Compact BIC, or "" when none is given (EPC version 002 makes it optional in the EEA)."""
    if not value.strip():
        return ""
    try:
        return str(BIC(value).compact)
    except SchwiftyException as exc:
        raise InvalidBic(_("“{value}” is not a valid BIC ({problem}).").format(
            value=value, problem=exc)) from None


def creditor_reference(value: str) -> str:
    """Compact ISO 11649 reference: without it Pocket cannot match the transfer to the order."""
    try:
        return compact_reference(value)
    except BankCodeError as exc:
        raise InvalidReference(exc.explained(_)) from None


def amount(value: Decimal | str | int) -> Decimal:
    """Exact fiat amount with 2 decimals; more precision than a cent is refused, never rounded."""
    if isinstance(value, float):
        raise InvalidAmount(_("Amounts must be exact decimals, not binary floats."))
    try:
        exact = Decimal(value)
    except (InvalidOperation, ValueError):
        raise InvalidAmount(_("“{value}” is not an amount.").format(value=value)) from None
    if not exact.is_finite():
        raise InvalidAmount(_("“{value}” is not an amount.").format(value=value))
    if exact > MAX_AMOUNT:
        raise InvalidAmount(_("The amount must not exceed {maximum}.").format(maximum=MAX_AMOUNT))
    if exact < CENT:
        raise InvalidAmount(_("The amount must be at least 0.01."))
    if exact != exact.quantize(CENT):
        raise InvalidAmount(_("{value} has more decimals than cents.").format(value=value))
    return exact.quantize(CENT)


def bounded(value: str, limit: int, too_long: str) -> str:
    """A name or address part a standard limits in length: refused, never silently cut.
    `too_long`: the whole sentence (marked with N_, with {length} and {limit}) that says so."""
    if len(value) > limit:
        raise InvalidAddress(_(too_long).format(length=len(value), limit=limit))
    return value
