"""BOLT11 invoices: decode with signature check, and encode (the sandbox's payee node).

An invoice is only worth paying out to when its signature names the node the person proved
they own, so decoding always checks the signature and reports the payee it establishes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pocketgui.bitcoin import _bech32, _secp
from pocketgui.bitcoin._bolt11_hrp import format_hrp, parse_hrp
from pocketgui.bitcoin.errors import BitcoinError, InvalidInvoice
from pocketgui.bitcoin.messages import utf8
from pocketgui.bitcoin.networks import Network

DEFAULT_EXPIRY = 3600
DEFAULT_MIN_FINAL_CLTV = 18
MAX_LENGTH = 7089  # the most a QR code holds; nodes never write longer invoices
_SIG_WORDS = 104  # 65 bytes: r||s and the recovery id
_TIMESTAMP_WORDS = 7  # 35 bits of seconds since 1970
# Fields with a fixed size; BOLT11 says to skip them when the size differs.
_FIXED_WORDS = {"p": 52, "s": 52, "h": 52, "n": 53}
# var_onion_optin (9, optional) and payment_secret (14, required), as current nodes set them.
_FEATURES = 1 << 9 | 1 << 14


@dataclass(frozen=True)
class Invoice:
    text: str
    network: Network  # bc → mainnet, tb → testnet, bcrt → regtest
    amount_msat: int | None
    timestamp: datetime  # timezone-aware UTC
    expiry_seconds: int  # default 3600
    payment_hash: str  # 64 hex
    payee: str  # 66-hex node pubkey (from the n field or recovered from the signature)
    description: str | None
    payment_secret: str | None = None  # 64 hex (the s field)
    description_hash: str | None = None  # 64 hex (the h field)
    min_final_cltv_expiry: int = DEFAULT_MIN_FINAL_CLTV
    features: int = 0

    @property
    def expires_at(self) -> datetime:
        try:
            return self.timestamp + timedelta(seconds=self.expiry_seconds)
        except OverflowError:  # an absurd x field: never expires within datetime's range
            return datetime.max.replace(tzinfo=UTC)

    def is_expired(self, now: datetime | None = None) -> bool:
        """Whether `now` (default: the current time; must be timezone-aware) is past expiry."""
        if now is not None and now.tzinfo is None:
            raise ValueError("now must be timezone-aware (UTC)")
        return (now or datetime.now(UTC)) >= self.expires_at


def decode_invoice(text: str) -> Invoice:
    """Decode and verify the signature; raises InvalidInvoice with a specific reason."""
    if not isinstance(text, str) or not text:
        raise InvalidInvoice("no invoice given")
    if text.lower().startswith("lightning:"):
        raise InvalidInvoice("remove the 'lightning:' prefix; give the invoice itself")
    try:
        hrp, data, encoding = _bech32.decode(text, MAX_LENGTH)
    except BitcoinError as exc:
        raise InvalidInvoice(f"not a lightning invoice: {exc}") from None
    if encoding != _bech32.BECH32:
        raise InvalidInvoice("not a lightning invoice: bech32m checksum")
    network, amount_msat = parse_hrp(hrp)
    if len(data) < _TIMESTAMP_WORDS + _SIG_WORDS:
        raise InvalidInvoice("the invoice is too short to hold a timestamp and a signature")
    signed, sig_words = data[:-_SIG_WORDS], data[-_SIG_WORDS:]
    fields = _fields(signed[_TIMESTAMP_WORDS:])
    if "p" not in fields:
        raise InvalidInvoice("the invoice has no payment hash (p field)")
    payee = _payee(hrp, signed, _words_to_bytes(sig_words), fields.get("n"))
    description = fields.get("d")
    return Invoice(
        text=text,
        network=network,
        amount_msat=amount_msat,
        timestamp=datetime.fromtimestamp(_int(signed[:_TIMESTAMP_WORDS]), UTC),
        expiry_seconds=_int_field(fields, "x", DEFAULT_EXPIRY),
        payment_hash=_words_to_bytes(fields["p"]).hex(),
        payee=payee.hex(),
        description=None if description is None else _utf8(description),
        payment_secret=_hex_or_none(fields.get("s")),
        description_hash=_hex_or_none(fields.get("h")),
        min_final_cltv_expiry=_int_field(fields, "c", DEFAULT_MIN_FINAL_CLTV),
        features=_int_field(fields, "9", 0),
    )


def encode_invoice(
    private_key: bytes,
    network: Network,
    amount_msat: int | None,
    payment_hash: bytes,
    payment_secret: bytes,
    description: str = "",
    expiry_seconds: int = 3600,
    timestamp: int | None = None,
    min_final_cltv_expiry: int = DEFAULT_MIN_FINAL_CLTV,
    include_payee: bool = False,
) -> str:
    """A signed BOLT11 invoice, as a node with `private_key` would issue it.

    `include_payee` adds the n field (what a payer then checks the signature against).
    """
    for name, value in (("payment hash", payment_hash), ("payment secret", payment_secret)):
        if not isinstance(value, bytes) or len(value) != 32:
            raise BitcoinError(f"the {name} must be 32 bytes")
    when = int(time.time()) if timestamp is None else timestamp
    if not 0 <= when < 1 << 35:
        raise BitcoinError("the timestamp does not fit BOLT11's 35 bits")
    if expiry_seconds < 0 or min_final_cltv_expiry < 0:
        raise BitcoinError("expiry and min_final_cltv_expiry cannot be negative")
    hrp = format_hrp(Network(network), amount_msat)
    data = _int_words(when, _TIMESTAMP_WORDS)
    data += _field("p", _bech32.to_words(payment_hash))
    data += _field("s", _bech32.to_words(payment_secret))
    data += _field("d", _bech32.to_words(utf8(description)))
    if expiry_seconds != DEFAULT_EXPIRY:
        data += _field("x", _int_words(expiry_seconds))
    data += _field("c", _int_words(min_final_cltv_expiry))
    data += _field("9", _int_words(_FEATURES))
    if include_payee:
        data += _field("n", _bech32.to_words(_secp.public_key(private_key)))
    rs, recid = _secp.sign_recoverable(_signing_hash(hrp, data), private_key)
    return _bech32.encode(hrp, data + _bech32.to_words(rs + bytes([recid])))


def _signing_hash(hrp: str, signed_words: list[int]) -> bytes:
    return _secp.sha256(hrp.encode("ascii") + _bech32.to_bytes_padded(signed_words))


def _payee(hrp: str, signed: list[int], signature: bytes, node_words: list[int] | None) -> bytes:
    """The node that signed: checked against the n field when there is one, else recovered."""
    rs, recid = signature[:64], signature[64]
    if recid > 3:
        raise InvalidInvoice(f"recovery id {recid} is not 0–3")
    if not _secp.is_low_s(rs):
        raise InvalidInvoice("the signature is not in low-S form")
    digest = _signing_hash(hrp, signed)
    if node_words is not None:
        node = _words_to_bytes(node_words)
        if not _secp.verify(digest, rs, node):
            raise InvalidInvoice("the signature is not by the node the invoice names (n field)")
        return node
    recovered = _secp.recover(digest, rs, recid)
    if recovered is None:
        raise InvalidInvoice("the signature does not recover a node key (tampered invoice?)")
    return recovered


def _fields(words: list[int]) -> dict[str, list[int]]:
    """Tagged fields by their letter. Wrong-size fixed fields are skipped (BOLT11); a field
    that appears twice is refused, because which one a payer would honour is ambiguous."""
    fields: dict[str, list[int]] = {}
    i = 0
    while i < len(words):
        if i + 3 > len(words):
            raise InvalidInvoice("a tagged field is cut off")
        tag, length = _bech32.CHARSET[words[i]], words[i + 1] << 5 | words[i + 2]
        body = words[i + 3 : i + 3 + length]
        if len(body) != length:
            raise InvalidInvoice(f"the {tag!r} field is cut off")
        i += 3 + length
        if tag in _FIXED_WORDS and length != _FIXED_WORDS[tag]:
            continue
        if tag in fields and tag in "pshndxc9":
            raise InvalidInvoice(f"the invoice has more than one {tag!r} field")
        fields[tag] = body
    return fields


def _field(tag: str, words: list[int]) -> list[int]:
    if len(words) > 1023:
        raise BitcoinError(f"the {tag!r} field is too long for an invoice")
    return [_bech32.CHARSET.index(tag), len(words) >> 5, len(words) & 31, *words]


def _int_field(fields: dict[str, list[int]], tag: str, default: int) -> int:
    """A field's big-endian number; `default` only when the field is absent (empty is 0)."""
    return _int(fields[tag]) if tag in fields else default


def _int(words: list[int]) -> int:
    value = 0
    for word in words:
        value = value << 5 | word
    return value


def _int_words(value: int, size: int = 0) -> list[int]:
    """Big-endian 5-bit words, as few as possible (or exactly `size`)."""
    words: list[int] = []
    while value or len(words) < size:
        words.append(value & 31)
        value >>= 5
    return words[::-1]


def _words_to_bytes(words: list[int]) -> bytes:
    data = _bech32.to_bytes(words)
    if data is None:
        raise InvalidInvoice("a field has non-zero padding bits")
    return data


def _hex_or_none(words: list[int] | None) -> str | None:
    return None if words is None else _words_to_bytes(words).hex()


def _utf8(words: list[int]) -> str:
    try:
        return _words_to_bytes(words).decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInvoice("the description is not UTF-8 text") from None
