"""The person's own IBAN, checked as they type: country, length, checksum, with the reason.

Pocket only accepts transfers from the account registered with the order, so a typo here means
every purchase is refunded. The reason names the part that is wrong (an unknown country, a
length that does not fit the country, a checksum that does not add up) so the person knows
where to look on their bank statement.
"""

from __future__ import annotations

from dataclasses import dataclass

from schwifty import IBAN
from schwifty import exceptions as sx


@dataclass(frozen=True)
class IbanCheck:
    ok: bool
    compact: str  # upper case, no spaces ("" while nothing is typed)
    country: str = ""  # the country's name when it is known
    reason: str = ""  # why it is not valid, for a person


def check_iban(text: str) -> IbanCheck:
    compact = "".join(text.split()).upper()
    if not compact:
        return IbanCheck(False, "", reason="Enter the IBAN of the account you will pay from.")
    if not compact.isalnum() or not compact.isascii():
        return IbanCheck(False, compact, reason="An IBAN has only letters and digits.")
    if len(compact) < 5:
        return IbanCheck(False, compact, reason="Too short for an IBAN: keep typing.")
    try:
        iban = IBAN(compact)
    except sx.InvalidCountryCode:
        return IbanCheck(False, compact, reason=f"“{compact[:2]}” is not a country that has IBANs.")
    except sx.InvalidLength:
        return IbanCheck(False, compact, _country(compact),
                         f"Wrong length for {_country(compact) or compact[:2]}: "
                         f"{len(compact)} characters, {_expected_length(compact)} expected.")
    except sx.InvalidChecksumDigits:
        return IbanCheck(False, compact, _country(compact),
                         "The check digits do not match: a character is mistyped or two are "
                         "swapped.")
    except sx.SchwiftyException as exc:
        return IbanCheck(False, compact, _country(compact),
                         f"Not a valid IBAN for {_country(compact) or compact[:2]}: {exc}.")
    return IbanCheck(True, str(iban.compact), _country(compact))


def grouped(compact: str) -> str:
    """In groups of four, as printed on bank statements."""
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def _country(compact: str) -> str:
    from pycountry import countries

    found = countries.get(alpha_2=compact[:2])
    return str(getattr(found, "name", "")) if found else ""


def _expected_length(compact: str) -> str:
    try:
        return str(IBAN(compact, allow_invalid=True).spec.iban_length)
    except (sx.SchwiftyException, AttributeError, KeyError):
        return "another number of"
