"""Bitcoin signed messages (BIP-137 headers and the Electrum/Trezor/Ledger convention).

The header byte is 27 + recovery id, +4 for a compressed key, +8 for P2SH-P2WPKH and +12 for
P2WPKH (BIP-137). Electrum, Ledger and Trezor-through-HWI use 31–34 for every single-key type,
so for those headers any single-key address of the recovered key is accepted.
"""

from __future__ import annotations

import base64
import binascii
from typing import Literal

from embit import compact

from pocketgui.bitcoin import _secp
from pocketgui.bitcoin.addresses import decode_single_key_address, key_hash
from pocketgui.bitcoin.errors import BitcoinError, InvalidSignature
from pocketgui.bitcoin.networks import Network, ScriptType

_UNCOMPRESSED = 27
_COMPRESSED = 31
# First header byte of each BIP-137 family (a recovery id 0–3 is added).
_BIP137_BASE = {
    ScriptType.P2PKH: _COMPRESSED,
    ScriptType.P2SH_P2WPKH: 35,
    ScriptType.P2WPKH: 39,
}
_BASE_TYPE = {base: t for t, base in _BIP137_BASE.items()}


def utf8(message: str) -> bytes:
    """The bytes a wallet signs. Text that has no UTF-8 form (a lone surrogate from JSON) can
    not have been signed by anyone, so it is a malformed proof, not a crash."""
    if not isinstance(message, str):
        raise InvalidSignature("the signed message must be text")
    try:
        return message.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidSignature("the signed message is not valid Unicode text") from None


def message_hash(message: str) -> bytes:
    """What Bitcoin Core and every wallet sign: dSHA256 of the magic prefix and the message."""
    data = utf8(message)
    return _secp.double_sha256(
        b"\x18Bitcoin Signed Message:\n" + compact.to_bytes(len(data)) + data
    )


def sign_message(
    private_key: bytes,
    message: str,
    script_type: ScriptType = ScriptType.P2PKH,
    convention: Literal["electrum", "bip137"] = "electrum",
    compressed: bool = True,
) -> str:
    """Base64 signature. 'electrum' uses header 31–34 for every type (27–30 if not compressed);
    'bip137' uses 35–38 for P2SH_P2WPKH and 39–42 for P2WPKH. Deterministic (RFC 6979)."""
    if convention not in ("electrum", "bip137"):
        raise BitcoinError(f"unknown signature convention {convention!r}")
    script_type = ScriptType(script_type)
    if not compressed and script_type is not ScriptType.P2PKH:
        raise BitcoinError("an uncompressed key only has a legacy (P2PKH) address")
    rs, recid = _secp.sign_recoverable(message_hash(message), private_key)
    if not compressed:
        base = _UNCOMPRESSED
    elif convention == "bip137":
        base = _BIP137_BASE[script_type]
    else:
        base = _COMPRESSED
    return _encode(base + recid, rs)


def recover_message_pubkey(message: str, signature: str) -> tuple[bytes, int]:
    """(33- or 65-byte public key, header byte). Raises InvalidSignature."""
    header, rs = _parse(signature)
    public_key = _recover(message, header, rs)
    if public_key is None:
        raise InvalidSignature("the signature does not recover a public key for this message")
    return public_key, header


def verify_message(address: str, message: str, signature: str, network: Network) -> bool:
    """True when the signature is by the key of `address` over `message`.

    Accepts every BIP-137 header; for 31–34 any single-key address type of the recovered key.
    Raises InvalidAddress (bad/wrong network), UnsupportedAddressType (taproot, p2wsh),
    InvalidSignature (malformed text). A well-formed signature by another key is False.
    """
    script_type, payload = decode_single_key_address(address, network)
    header, rs = _parse(signature)
    if header < _COMPRESSED:
        allowed = {ScriptType.P2PKH}  # an uncompressed key has no segwit address
    elif header < 35:
        allowed = set(ScriptType)  # the Electrum/Ledger/Trezor(HWI) convention
    else:
        allowed = {_BASE_TYPE[_family(header)]}
    if script_type not in allowed:
        return False
    public_key = _recover(message, header, rs)
    return public_key is not None and key_hash(public_key, script_type) == payload


def reheader_signature(signature: str, script_type: ScriptType) -> str:
    """Same signature with the BIP-137 header of `script_type` (for a server that wants it)."""
    header, rs = _parse(signature)
    script_type = ScriptType(script_type)
    if header < _COMPRESSED:
        if script_type is not ScriptType.P2PKH:
            raise InvalidSignature("an uncompressed-key signature (27–30) cannot be segwit")
        return _encode(header, rs)
    return _encode(_BIP137_BASE[script_type] + _recid(header), rs)


def _recid(header: int) -> int:
    return (header - _UNCOMPRESSED) % 4


def _family(header: int) -> int:
    return header - _recid(header)


def _recover(message: str, header: int, rs: bytes) -> bytes | None:
    digest = message_hash(message)
    return _secp.recover(digest, rs, _recid(header), compressed=header >= _COMPRESSED)


def _encode(header: int, rs: bytes) -> str:
    return base64.b64encode(bytes([header]) + rs).decode("ascii")


def _parse(signature: str) -> tuple[int, bytes]:
    """(header byte, r||s) of a base64 signature; InvalidSignature says what is wrong."""
    if not isinstance(signature, str):
        raise InvalidSignature("the signature must be text (base64)")
    try:
        raw = base64.b64decode(signature.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidSignature("the signature is not valid base64") from None
    if len(raw) != 65:
        raise InvalidSignature(f"the signature has {len(raw)} bytes, a message signature 65")
    if not 27 <= raw[0] <= 42:
        raise InvalidSignature(f"header byte {raw[0]} is not a BIP-137 header (27–42)")
    return raw[0], raw[1:]
