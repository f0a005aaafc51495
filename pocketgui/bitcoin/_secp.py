"""secp256k1 through embit's libsecp256k1 bindings: the few primitives every signature needs.

Kept in one place so that messages, lightning and BOLT11 share one audited path to the curve.
"""

from __future__ import annotations

import hashlib

from embit import hashes
from embit.util import secp256k1 as _secp

from pocketgui.bitcoin.errors import BitcoinError

_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def double_sha256(data: bytes) -> bytes:
    return sha256(sha256(data))


def hash160(data: bytes) -> bytes:
    return bytes(hashes.hash160(data))


def public_key(private_key: bytes, compressed: bool = True) -> bytes:
    """SEC-serialized public key of a 32-byte secret; BitcoinError when it is not a valid one."""
    if not isinstance(private_key, bytes) or len(private_key) != 32:
        raise BitcoinError("private key must be 32 bytes")
    secret = int.from_bytes(private_key, "big")
    if not 0 < secret < _ORDER:
        raise BitcoinError("private key is out of the secp256k1 range")
    point = _secp.ec_pubkey_create(private_key)
    return _serialize(point, compressed)


def _serialize(point: bytes, compressed: bool) -> bytes:
    flag = _secp.EC_COMPRESSED if compressed else _secp.EC_UNCOMPRESSED
    return bytes(_secp.ec_pubkey_serialize(point, flag))


def sign_recoverable(msg_hash: bytes, private_key: bytes) -> tuple[bytes, int]:
    """(r||s, recovery id). RFC 6979 nonces and low S, as libsecp256k1 and hardware wallets do."""
    public_key(private_key)  # validates the secret with a clear message
    sig = _secp.ecdsa_sign_recoverable(msg_hash, private_key)
    compact, recid = _secp.ecdsa_recoverable_signature_serialize_compact(sig)
    return bytes(compact), int(recid)


def recover(msg_hash: bytes, compact: bytes, recid: int, compressed: bool = True) -> bytes | None:
    """Public key that made `compact` over `msg_hash`; None when no key does (bad r/s/recid)."""
    if len(compact) != 64 or not 0 <= recid <= 3:
        return None
    try:
        sig = _secp.ecdsa_recoverable_signature_parse_compact(compact, recid)
        point = _secp.ecdsa_recover(sig, msg_hash)
    except ValueError:
        return None
    return _serialize(point, compressed)


def is_low_s(compact: bytes) -> bool:
    """BIP-62 low S: what libsecp256k1 signers produce and BOLT11 demands."""
    return int.from_bytes(compact[32:64], "big") <= _ORDER // 2


def is_valid_public_key(sec: bytes) -> bool:
    try:
        _secp.ec_pubkey_parse(sec)
    except ValueError:
        return False
    return True


def verify(msg_hash: bytes, compact: bytes, sec: bytes) -> bool:
    """Plain ECDSA check of r||s against a known key (libsecp256k1 demands low S)."""
    try:
        sig = _secp.ecdsa_signature_parse_compact(compact)
        point = _secp.ec_pubkey_parse(sec)
    except ValueError:
        return False
    return bool(_secp.ecdsa_verify(sig, msg_hash, point))
