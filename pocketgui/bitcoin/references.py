"""ISO 11649 creditor references (RF…) and the ISO 13616 IBAN checksum (same mod-97).

A wrong reference or IBAN sends money nowhere or to someone else, so both are checked locally
before they are shown or sent.
"""

from __future__ import annotations

import re

from pocketgui.bitcoin.errors import InvalidReference

_REFERENCE = re.compile(r"RF[0-9]{2}[A-Z0-9]{1,21}")
_PAYLOAD = re.compile(r"[A-Z0-9]{1,21}")
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}")


def _mod97(text: str) -> int:
    """ISO 7064 MOD 97-10 of `text` with its first four characters moved to the end."""
    rearranged = text[4:] + text[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97


def _checks(text: str) -> bool:
    # Check digits 00, 01 and 99 are never issued (ISO 7064 yields 02–98).
    return 2 <= int(text[2:4]) <= 98 and _mod97(text) == 1


def _compact(text: str) -> str:
    """Without spaces, in upper case; non-ASCII stays so (str.upper maps 'ß' to 'SS')."""
    text = text.replace(" ", "")
    return text.upper() if text.isascii() else text


def create_creditor_reference(payload: str) -> str:
    """'RF' + check digits + payload (1–21 alphanumerics). Raises InvalidReference."""
    if not isinstance(payload, str) or not _PAYLOAD.fullmatch(_compact(payload)):
        raise InvalidReference("a creditor reference payload is 1–21 letters A–Z or digits")
    payload = _compact(payload)
    return f"RF{98 - _mod97('RF00' + payload):02d}{payload}"


def is_valid_creditor_reference(reference: str) -> bool:
    """Shape and mod-97 check; spaces (print groups of four) and case are ignored."""
    if not isinstance(reference, str):
        return False
    text = _compact(reference)
    return bool(_REFERENCE.fullmatch(text)) and _checks(text)


def is_valid_iban_checksum(iban: str) -> bool:
    """Mod-97 checksum and shape only (schwifty checks country lengths and banks)."""
    if not isinstance(iban, str):
        return False
    text = _compact(iban)
    return bool(_IBAN.fullmatch(text)) and _checks(text)
