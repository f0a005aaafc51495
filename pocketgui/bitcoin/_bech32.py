"""Bech32 without the 90-character limit of addresses (BOLT11 invoices are longer).

The checksum arithmetic is embit's; only the length rule and the error reporting are ours.
"""

from __future__ import annotations

from embit import bech32 as _b32

from pocketgui.bitcoin.errors import BitcoinError

CHARSET = _b32.CHARSET
BECH32 = _b32.Encoding.BECH32
BECH32M = _b32.Encoding.BECH32M


def decode(text: str, max_length: int = 90) -> tuple[str, list[int], int]:
    """(lowercase hrp, 5-bit data without checksum, encoding). BitcoinError says what is wrong."""
    if len(text) > max_length:
        raise BitcoinError(f"too long ({len(text)} characters, at most {max_length})")
    if any(not 33 <= ord(c) <= 126 for c in text):
        raise BitcoinError("contains spaces or characters outside printable ASCII")
    if text.lower() != text and text.upper() != text:
        raise BitcoinError("mixes upper and lower case")
    text = text.lower()
    pos = text.rfind("1")
    if pos < 1 or pos + 7 > len(text):
        raise BitcoinError("has no human-readable part or no checksum")
    bad = [c for c in text[pos + 1 :] if c not in CHARSET]
    if bad:
        raise BitcoinError(f"contains {bad[0]!r}, which bech32 does not use")
    hrp = text[:pos]
    data = [CHARSET.find(c) for c in text[pos + 1 :]]
    encoding = _b32.bech32_verify_checksum(hrp, data)
    if encoding is None:
        raise BitcoinError("checksum does not match (a typo?)")
    return hrp, data[:-6], int(encoding)


def encode(hrp: str, data: list[int], encoding: int = BECH32) -> str:
    return str(_b32.bech32_encode(encoding, hrp, data))


def to_bytes(words: list[int]) -> bytes | None:
    """5-bit words → bytes, strict: None when the padding is not zero bits of under a byte."""
    out = _b32.convertbits(words, 5, 8, False)
    return None if out is None else bytes(out)


def to_bytes_padded(words: list[int]) -> bytes:
    """5-bit words → bytes, zero-padding the tail (what BOLT11 signs)."""
    return bytes(_b32.convertbits(words, 5, 8, True))


def to_words(data: bytes) -> list[int]:
    return list(_b32.convertbits(data, 8, 5, True))
