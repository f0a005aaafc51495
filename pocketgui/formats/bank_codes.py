"""The bank's codes, checked in one place: IBANs (schwifty) and ISO 11649 creditor references
(python-stdnum).

A wrong IBAN or reference sends money nowhere or to someone else, and Pocket refunds a transfer
from any account but the registered one. So the person's IBAN is checked as it is typed, with a
reason that names the part that is wrong (`check_iban`); Pocket's creditor IBAN and reference are
checked before they are shown; the sandbox checks what it is sent with the same code.

Only ASCII is read: `str.upper` would turn 'ß' into 'SS' and a ligature into two letters, making
a valid code out of text nobody typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schwifty import IBAN
from schwifty import exceptions as sx
from stdnum import iso11649
from stdnum.exceptions import ValidationError
from stdnum.iso7064 import mod_97_10


class BankCodeError(ValueError):
    """Not a valid IBAN or creditor reference; the message says why, for a person."""


def compact(text: str) -> str:
    """Without white space, upper case: the form that is stored and compared."""
    return "".join(text.split()).upper()


@dataclass(frozen=True)
class IbanCheck:
    ok: bool
    compact: str  # upper case, no spaces ("" while nothing is typed)
    country: str = ""  # the country's name when it is known
    reason: str = ""  # why it is not valid, for a person


def check_iban(text: str) -> IbanCheck:
    """Country, length, BBAN format and mod-97 checksum, with the reason when one fails."""
    code = compact(text)
    if not code:
        return IbanCheck(False, "", reason="Enter the IBAN of the account you will pay from.")
    if not code.isalnum() or not code.isascii():
        return IbanCheck(False, code, reason="An IBAN has only letters and digits.")
    if len(code) < 5:
        return IbanCheck(False, code, reason="Too short for an IBAN: keep typing.")
    try:
        parsed = IBAN(code)
    except sx.InvalidCountryCode:
        return IbanCheck(False, code, reason=f"“{code[:2]}” is not a country that has IBANs.")
    except sx.InvalidLength:
        return IbanCheck(False, code, _country(code),
                         f"Wrong length for {_country(code) or code[:2]}: "
                         f"{len(code)} characters, {_expected_length(code)} expected.")
    except sx.InvalidChecksumDigits:
        return IbanCheck(False, code, _country(code),
                         "The check digits do not match: a character is mistyped or two are "
                         "swapped.")
    except sx.SchwiftyException as exc:
        return IbanCheck(False, code, _country(code),
                         f"Not a valid IBAN for {_country(code) or code[:2]}: {exc}.")
    return IbanCheck(True, str(parsed.compact), _country(code))


def iban(text: str) -> str:
    """The IBAN in compact form. Raises BankCodeError with `check_iban`'s reason."""
    check = check_iban(text)
    if not check.ok:
        raise BankCodeError(check.reason)
    return check.compact


def is_valid_iban(text: object) -> bool:
    return isinstance(text, str) and check_iban(text).ok


def grouped(code: str) -> str:
    """In groups of four, as printed on bank statements."""
    return " ".join(code[i:i + 4] for i in range(0, len(code), 4))


def _country(code: str) -> str:
    from pycountry import countries  # schwifty's dependency; loaded on the first bad IBAN only

    found = countries.get(alpha_2=code[:2])
    return str(getattr(found, "name", "")) if found else ""


def _expected_length(code: str) -> str:
    try:
        return str(IBAN(code, allow_invalid=True).spec.iban_length)
    except (sx.SchwiftyException, AttributeError, KeyError):
        return "another number of"


_PAYLOAD = re.compile(r"[A-Z0-9]{1,21}")


def creditor_reference(text: str) -> str:
    """The ISO 11649 reference in compact form (RF, two check digits, 1–21 letters or digits).

    stdnum checks the shape and the mod-97 sum. It also passes check digits 00, 01 and 99, which
    ISO 11649 never issues (98 minus a remainder is 02–98), so those are refused here: a bank
    may reject them, and only a mistyped reference carries them. Raises BankCodeError."""
    code = compact(text) if isinstance(text, str) and text.isascii() else ""
    try:
        iso11649.validate(code)
    except ValidationError:
        raise BankCodeError(f"“{text}” is not a valid creditor reference (RF followed by two "
                            "check digits).") from None
    if not (2 <= int(code[2:4]) <= 98 and _PAYLOAD.fullmatch(code[4:])):
        raise BankCodeError(f"“{text}” is not a valid creditor reference (RF followed by two "
                            "check digits from 02 to 98, then up to 21 letters or digits).")
    return code


def is_valid_creditor_reference(text: object) -> bool:
    try:
        creditor_reference(text)  # type: ignore[arg-type]  # a non-str is refused inside
    except BankCodeError:
        return False
    return True


def create_creditor_reference(payload: str) -> str:
    """'RF' + check digits + payload (1–21 letters A–Z or digits). Raises BankCodeError."""
    code = compact(payload) if isinstance(payload, str) and payload.isascii() else ""
    if not _PAYLOAD.fullmatch(code):
        raise BankCodeError("a creditor reference payload is 1–21 letters A–Z or digits")
    return f"RF{mod_97_10.calc_check_digits(code + 'RF')}{code}"
