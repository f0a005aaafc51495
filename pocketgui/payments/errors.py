"""Errors of the payments layer. All are ValueError: bad input gets a message fit for a person.

    PaymentError
    ├── InvalidIban           not an IBAN (shape, country length, checksum), or wrong country
    ├── InvalidBic            not a BIC
    ├── InvalidReference      not a valid ISO 11649 creditor reference (RF…)
    ├── InvalidAmount         not positive, more precision than a cent, or above the maximum
    ├── InvalidAddress        name or postal address a standard cannot carry (missing, too long)
    ├── UnsupportedCurrency   a currency the chosen standard (or Pocket) does not carry
    ├── InvalidCharacters     text outside the character set of the chosen standard
    ├── MalformedPayload      a QR payload that does not parse (parse_* functions)
    └── QrDataTooLong         data that does not fit a QR code (version 40) at the chosen level
"""

from __future__ import annotations


class PaymentError(ValueError):
    """Base of every error raised by pocketgui.payments."""


class InvalidIban(PaymentError):
    pass


class InvalidBic(PaymentError):
    pass


class InvalidReference(PaymentError):
    pass


class InvalidAmount(PaymentError):
    pass


class InvalidAddress(PaymentError):
    pass


class UnsupportedCurrency(PaymentError):
    pass


class InvalidCharacters(PaymentError):
    pass


class MalformedPayload(PaymentError):
    pass


class QrDataTooLong(PaymentError):
    pass
