"""The bank's codes, checked in one place: IBANs (schwifty) and ISO 11649 creditor references
(python-stdnum).

A wrong IBAN or reference sends money nowhere or to someone else, and Pocket refunds a transfer
from any account but the registered one. So the person's IBAN is checked as it is typed, with a
reason that names the part that is wrong (`check_iban`); Pocket's creditor IBAN and reference are
checked before they are shown; the sandbox checks what it is sent with the same code.

Only ASCII is read: `str.upper` would turn 'ß' into 'SS' and a ligature into two letters, making
a valid code out of text nobody typed.

The reasons are for a person, in the app's language; but this bottom layer sits beside
`pocketgui.i18n` and may not import it (the layer contract keeps them independent, and the
sandbox, Pocket's stand-in, checks with this code and answers in English). So each reason is an
English sentence marked for the catalog with `N_` plus its values, and the layer that shows it
translates: `check.explained(_)`, `error.explained(_)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from schwifty import IBAN
from schwifty import exceptions as sx
from stdnum import iso11649
from stdnum.exceptions import ValidationError
from stdnum.iso7064 import mod_97_10


def N_(message: str) -> str:
    """Marks `message` for the catalog (`make catalogs` extracts every `N_(...)`); it stays
    English here. The same marker as `pocketgui.i18n.catalog.N_`, which this layer cannot
    import (see the module docstring)."""
    return message


def _same(message: str) -> str:
    return message


class BankCodeError(ValueError):
    """Not a valid IBAN or creditor reference; `str()` says why in English, `explained(_)` in
    the app's language."""

    def __init__(self, problem: str, /, **values: str) -> None:
        super().__init__(problem.format(**values))
        self.problem, self.values = problem, values

    def explained(self, translate: Callable[[str], str] = _same) -> str:
        """The reason, its sentence passed through `translate` (the catalog's `_`)."""
        return translate(self.problem).format(**self.values)


def compact(text: str) -> str:
    """Without white space, upper case: the form that is stored and compared."""
    return "".join(text.split()).upper()


@dataclass(frozen=True)
class IbanCheck:
    ok: bool
    compact: str  # upper case, no spaces ("" while nothing is typed)
    country: str = ""  # the country's name when it is known
    problem: str = ""  # why it is not valid: an English sentence marked with N_, {values}
    values: Mapping[str, str] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        """Why it is not valid, in English ("" when it is)."""
        return self.explained()

    def explained(self, translate: Callable[[str], str] = _same, locale: str = "") -> str:
        """Why it is not valid, its sentence passed through `translate` (the catalog's `_`)
        and the country named in `locale` (a Babel locale such as de_CH; "" = English)."""
        if not self.problem:
            return ""
        values = dict(self.values)
        if "country" in values and self.country:
            values["country"] = self.country_name(locale)
        return translate(self.problem).format(**values)

    def country_name(self, locale: str = "") -> str:
        """The country's name in `locale` (CLDR's, through Babel), English when "" or unknown."""
        if not locale or locale.startswith("en") or not self.country:
            return self.country
        from babel import Locale, UnknownLocaleError

        try:
            return str(Locale.parse(locale).territories.get(self.compact[:2], self.country))
        except (UnknownLocaleError, ValueError):
            return self.country


def check_iban(text: str) -> IbanCheck:
    """Country, length, BBAN format and mod-97 checksum, with the reason when one fails."""
    code = compact(text)
    if not code:
        return IbanCheck(False, "", problem=N_("Enter the IBAN of the account you will pay from."))
    if not code.isalnum() or not code.isascii():
        return IbanCheck(False, code, problem=N_("An IBAN has only letters and digits."))
    if len(code) < 5:
        return IbanCheck(False, code, problem=N_("Too short for an IBAN: keep typing."))
    try:
        parsed = IBAN(code)
    except sx.InvalidCountryCode:
        return IbanCheck(False, code, problem=N_("“{code}” is not a country that has IBANs."),
                         values={"code": code[:2]})
    except sx.InvalidLength:
        country, expected = _country(code), _expected_length(code)
        values = {"country": country or code[:2], "length": str(len(code))}
        if expected:
            return IbanCheck(False, code, country, N_(
                "Wrong length for {country}: {length} characters, {expected} expected."),
                {**values, "expected": expected})
        return IbanCheck(False, code, country, N_(
            "Wrong length for {country}: {length} characters, another number expected."), values)
    except sx.InvalidChecksumDigits:
        return IbanCheck(False, code, _country(code), N_(
            "The check digits do not match: a character is mistyped or two are swapped."))
    except sx.SchwiftyException as exc:
        return IbanCheck(False, code, _country(code), _PROBLEMS.get(type(exc), N_(
            "Not a valid IBAN for {country}: {problem}.")),
            {"country": _country(code) or code[:2], "problem": str(exc)})
    return IbanCheck(True, str(parsed.compact), _country(code))


# What the account part (BBAN) of a country's IBAN got wrong, said without schwifty's English;
# any other problem is named in schwifty's words.
_PROBLEMS: dict[type[Exception], str] = {
    sx.InvalidStructure: N_("Not a valid IBAN for {country}: the account part does not have "
                            "that country's format."),
    sx.InvalidBBANChecksum: N_("Not a valid IBAN for {country}: the account part's own check "
                               "digits do not match."),
    sx.NationalChecksumNotVerified: N_("Not a valid IBAN for {country}: the account part's own "
                                       "check digits do not match."),
    sx.InvalidBankCode: N_("Not a valid IBAN for {country}: there is no such bank code."),
    sx.InvalidBranchCode: N_("Not a valid IBAN for {country}: there is no such branch code."),
    sx.InvalidAccountCode: N_("Not a valid IBAN for {country}: the account number is not "
                              "valid."),
}


def iban(text: str) -> str:
    """The IBAN in compact form. Raises BankCodeError with `check_iban`'s reason."""
    check = check_iban(text)
    if not check.ok:
        raise BankCodeError(check.problem, **check.values)
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
    """The country's IBAN length, "" when schwifty does not know it."""
    try:
        return str(IBAN(code, allow_invalid=True).spec.iban_length)
    except (sx.SchwiftyException, AttributeError, KeyError):
        return ""


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
        raise BankCodeError(N_("“{text}” is not a valid creditor reference (RF followed by two "
                               "check digits)."), text=str(text)) from None
    if not (2 <= int(code[2:4]) <= 98 and _PAYLOAD.fullmatch(code[4:])):
        raise BankCodeError(N_("“{text}” is not a valid creditor reference (RF followed by two "
                               "check digits from 02 to 98, then up to 21 letters or digits)."),
                            text=str(text))
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
