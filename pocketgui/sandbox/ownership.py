"""Proof of ownership of a payout method, checked with pocketgui.bitcoin — the same code the
client runs before it sends.

On-chain: the signature is by the key of `bitcoin_address` (any BIP-137 header, or the
Electrum/Trezor/Ledger convention), on the sandbox's network; an extended public key must derive
that address at `derivation_path`. Lightning: the `signmessage` signature recovers `node_pubkey`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pocketgui.bitcoin.addresses import address_network, address_script_type
from pocketgui.bitcoin.errors import (
    BitcoinError,
    InvalidAddress,
    InvalidExtendedKey,
    UnsupportedAddressType,
)
from pocketgui.bitcoin.keys import (
    ExtendedKey,
    derive_address,
    parse_extended_key,
    parse_relative_path,
)
from pocketgui.bitcoin.lightning import is_node_pubkey, lightning_verify_message
from pocketgui.bitcoin.messages import verify_message
from pocketgui.bitcoin.networks import Network, ScriptType
from pocketgui.sandbox.body import Fields
from pocketgui.sandbox.errors import ErrorCode, invalid

DEFAULT_GAP_LIMIT = 10
MAX_GAP_LIMIT = 1000
_BECH32_PREFIXES = ("bc1", "tb1", "bcrt1")


@dataclass(frozen=True)
class PayoutMethod:
    message: str
    signature: str
    bitcoin_address: str | None = None
    extended_public_key: str | None = None
    derivation_path: str | None = None
    gap_limit: int | None = None
    node_pubkey: str | None = None

    @property
    def is_lightning(self) -> bool:
        return self.node_pubkey is not None

    def render(self) -> dict[str, Any]:
        """The payout_method as the reference shows it, for the three kinds of orders."""
        if self.node_pubkey is not None:
            return {
                "node_pubkey": self.node_pubkey,
                "message": self.message,
                "signature": self.signature,
            }
        rendered: dict[str, Any] = {
            "bitcoin_address": self.bitcoin_address,
            "message": self.message,
            "signature": self.signature,
        }
        if self.extended_public_key is not None:
            rendered["extended_public_key"] = self.extended_public_key
            rendered["derivation_path"] = self.derivation_path
            rendered["gap_limit"] = self.gap_limit
        return rendered

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> PayoutMethod:
        return cls(**data)


def parse_payout_method(fields: Fields) -> PayoutMethod:
    """Types and shapes only; `verify_ownership` does the cryptography."""
    message = fields.string("message", max_length=1024)
    signature = fields.string("signature", max_length=256)
    assert message is not None and signature is not None
    if fields.has("node_pubkey") and fields.has("bitcoin_address"):
        raise invalid("give bitcoin_address or node_pubkey", ErrorCode.AMBIGUOUS_PAYOUT_METHOD)
    if fields.has("node_pubkey"):
        node_pubkey = fields.string("node_pubkey", max_length=66)
        assert node_pubkey is not None
        if not is_node_pubkey(node_pubkey):
            raise invalid("node_pubkey is not a compressed key", ErrorCode.INVALID_NODE_PUBKEY)
        fields.reject_unknown()
        return PayoutMethod(message, signature, node_pubkey=node_pubkey)
    address = fields.string("bitcoin_address", max_length=128)
    extended_key = fields.string("extended_public_key", required=False, max_length=256)
    path = fields.string("derivation_path", required=False, max_length=64)
    gap_limit = fields.integer("gap_limit", required=False)
    fields.reject_unknown()
    if extended_key is None and (path is not None or gap_limit is not None):
        raise invalid(
            "derivation_path and gap_limit need an extended_public_key",
            ErrorCode.EXTENDED_PUBLIC_KEY_REQUIRED,
        )
    if extended_key is not None and path is None:
        raise invalid(
            "derivation_path is required with an extended_public_key",
            ErrorCode.DERIVATION_PATH_REQUIRED,
        )
    if gap_limit is not None and not 1 <= gap_limit <= MAX_GAP_LIMIT:
        raise invalid(f"gap_limit must be 1..{MAX_GAP_LIMIT}", ErrorCode.INVALID_GAP_LIMIT)
    return PayoutMethod(message, signature, address, extended_key, path, gap_limit)


@lru_cache(maxsize=4096)
def payout_script_type(address: str, network: Network) -> ScriptType:
    """Script type of an on-chain payout address; raises the order's error codes."""
    try:
        networks = address_network(address)
    except InvalidAddress as exc:
        raise invalid(str(exc), ErrorCode.INVALID_BITCOIN_ADDRESS) from exc
    if network not in networks:
        raise invalid(f"not a {network.value} address", ErrorCode.ADDRESS_NETWORK_MISMATCH)
    try:
        return address_script_type(address, network)
    except UnsupportedAddressType as exc:
        raise invalid(str(exc), ErrorCode.UNSUPPORTED_ADDRESS_TYPE) from exc
    except InvalidAddress as exc:
        raise invalid(str(exc), ErrorCode.INVALID_BITCOIN_ADDRESS) from exc


def same_address(a: str, b: str) -> bool:
    """Bech32 addresses compare case-insensitively, base58 ones exactly."""
    return a == b or (a.lower() == b.lower() and a.lower().startswith(_BECH32_PREFIXES))


def verify_ownership(method: PayoutMethod, network: Network) -> None:
    """Raises ApiError with the specific code when the proof does not hold."""
    if method.node_pubkey is not None:
        _check_signature(lightning_verify_message, method.node_pubkey, method)
        return
    assert method.bitcoin_address is not None
    script_type = payout_script_type(method.bitcoin_address, network)
    _check_signature(
        lambda address, message, signature: verify_message(address, message, signature, network),
        method.bitcoin_address,
        method,
    )
    if method.extended_public_key is not None:
        assert method.derivation_path is not None
        check_extended_key(method.extended_public_key, method.derivation_path, network)
        derived = derive_payout_address(
            method.extended_public_key, method.derivation_path, script_type, network
        )
        if not same_address(derived, method.bitcoin_address):
            raise invalid(
                "the extended public key does not derive bitcoin_address at derivation_path",
                ErrorCode.EXTENDED_PUBLIC_KEY_MISMATCH,
            )


def _check_signature(verify: Any, subject: str, method: PayoutMethod) -> None:
    try:
        valid = verify(subject, method.message, method.signature)
    except BitcoinError as exc:  # InvalidSignature: malformed text
        raise invalid(str(exc), ErrorCode.INVALID_SIGNATURE) from exc
    if not valid:
        raise invalid("the signature is not by this key", ErrorCode.INVALID_SIGNATURE)


def check_extended_key(text: str, path: str, network: Network) -> None:
    if network not in _parse_key(text).networks:
        raise invalid(f"not a {network.value} key", ErrorCode.EXTENDED_PUBLIC_KEY_NETWORK_MISMATCH)
    try:
        steps = parse_relative_path(path)
    except InvalidExtendedKey as exc:
        raise invalid(str(exc), ErrorCode.INVALID_DERIVATION_PATH) from exc
    if not steps:
        raise invalid("derivation_path is empty", ErrorCode.INVALID_DERIVATION_PATH)


@lru_cache(maxsize=4096)
def _parse_key(text: str) -> ExtendedKey:
    try:
        return parse_extended_key(text)
    except InvalidExtendedKey as exc:
        raise invalid(str(exc), ErrorCode.INVALID_EXTENDED_PUBLIC_KEY) from exc


@lru_cache(maxsize=4096)
def derive_payout_address(text: str, path: str, script_type: ScriptType, network: Network) -> str:
    """Cached: a pure function, asked again for every order and payout of the same wallet."""
    try:
        return derive_address(text, path, script_type, network)
    except InvalidExtendedKey as exc:
        raise invalid(str(exc), ErrorCode.EXTENDED_PUBLIC_KEY_MISMATCH) from exc


def path_at_offset(path: str, offset: int) -> str:
    """The path whose last step is `offset` further: '0/1' + 2 → '0/3'."""
    steps = list(parse_relative_path(path))
    steps[-1] += offset
    return "/".join(str(step) for step in steps)
