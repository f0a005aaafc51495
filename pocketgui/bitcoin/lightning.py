"""Lightning `signmessage` (LND / Core Lightning): zbase32, 'Lightning Signed Message:' prefix.

The signature is zbase32 of 65 bytes: header 31 + recovery id, then r||s, over
double-SHA256("Lightning Signed Message:" + message). Verification recovers the node key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pocketgui.bitcoin import _secp
from pocketgui.bitcoin.errors import BitcoinError, InvalidSignature
from pocketgui.bitcoin.messages import utf8

ZBASE32 = "ybndrfg8ejkmcpqxot1uwisza345h769"
_PREFIX = b"Lightning Signed Message:"
_HEADER = 31  # compressed key, as both implementations write and demand
_SIG_CHARS = 104  # 65 bytes = 520 bits = 104 zbase32 characters
DEFAULT_NODE_PORT = 9735  # lightning's port (BOLT 1) when an address names none
_NODE_PUBKEY = re.compile(r"0[23][0-9a-fA-F]{64}")
_NODE_ADDRESS = re.compile(r"(0[23][0-9a-fA-F]{64})@([^\s@]+?)(?::(\d{1,5}))?")


def is_node_pubkey(text: str) -> bool:
    """A node key as written: 33-byte compressed, 66 hex characters, 02 or 03 first. The one
    check both the app (before sending) and the sandbox (on receiving) run."""
    return _NODE_PUBKEY.fullmatch(text) is not None


@dataclass(frozen=True)
class NodeAddress:
    pubkey: str  # lower case
    host: str
    port: int

    @property
    def host_port(self) -> str:
        return f"{self.host}:{self.port}"


def parse_node_address(text: str) -> NodeAddress | None:
    """`pubkey@host[:port]` (port 1–65535, 9735 when left out), or None when it is not one."""
    match = _NODE_ADDRESS.fullmatch(text)
    if match is None:
        return None
    port = int(match.group(3) or DEFAULT_NODE_PORT)
    if not 0 < port <= 65535:
        return None
    return NodeAddress(match.group(1).lower(), match.group(2), port)


def _digest(message: str) -> bytes:
    return _secp.double_sha256(_PREFIX + utf8(message))


def zbase32_encode(data: bytes) -> str:
    bits = int.from_bytes(data, "big") << (-len(data) * 8) % 5
    count = -(-len(data) * 8 // 5)
    return "".join(ZBASE32[(bits >> 5 * (count - 1 - i)) & 31] for i in range(count))


def zbase32_decode(text: str) -> bytes:
    """Whole bytes only; the spare low bits must be zero (strict, so one text = one signature)."""
    value = 0
    for char in text:
        index = ZBASE32.find(char)
        if index < 0:
            raise InvalidSignature(f"{char!r} is not a zbase32 character")
        value = value << 5 | index
    spare = len(text) * 5 % 8
    if value & ((1 << spare) - 1):
        raise InvalidSignature("the zbase32 text has non-zero padding bits")
    return (value >> spare).to_bytes(len(text) * 5 // 8, "big")


def lightning_sign_message(private_key: bytes, message: str) -> str:
    """What `lncli signmessage` / `lightning-cli signmessage` return for this node key."""
    rs, recid = _secp.sign_recoverable(_digest(message), private_key)
    return zbase32_encode(bytes([_HEADER + recid]) + rs)


def lightning_recover_node_pubkey(message: str, signature: str) -> str:
    """66-hex compressed node public key. Raises InvalidSignature."""
    key = _recover(message, signature)
    if key is None:
        raise InvalidSignature("the signature does not recover a public key for this message")
    return key.hex()


def lightning_verify_message(node_pubkey: str, message: str, signature: str) -> bool:
    """True when the signature is by `node_pubkey`. InvalidSignature for malformed signature
    text, BitcoinError for a node key that is not 66 hex characters."""
    try:
        expected = bytes.fromhex(node_pubkey)
    except (TypeError, ValueError):
        expected = b""
    if len(expected) != 33:
        raise BitcoinError("a node public key is 66 hex characters")
    return _recover(message, signature) == expected


def _recover(message: str, signature: str) -> bytes | None:
    """Recovered key; InvalidSignature for malformed text, None when no key made it."""
    if not isinstance(signature, str) or len(signature.strip()) != _SIG_CHARS:
        raise InvalidSignature(f"a lightning signature is {_SIG_CHARS} zbase32 characters")
    raw = zbase32_decode(signature.strip().lower())
    if not _HEADER <= raw[0] <= _HEADER + 3:
        raise InvalidSignature(f"header byte {raw[0]} is not a lightning header (31–34)")
    return _secp.recover(_digest(message), raw[1:], raw[0] - _HEADER)
