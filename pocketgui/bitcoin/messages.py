"""Bitcoin signed messages (BIP-137 headers and the Electrum/Trezor/Ledger convention)."""

from __future__ import annotations

from typing import Literal

from pocketgui.bitcoin.networks import Network, ScriptType


def sign_message(
    private_key: bytes,
    message: str,
    script_type: ScriptType = ScriptType.P2PKH,
    convention: Literal["electrum", "bip137"] = "electrum",
    compressed: bool = True,
) -> str:
    """Base64 signature. 'electrum' uses header 31–34 for every type (27–30 if not compressed);
    'bip137' uses 35–38 for P2SH_P2WPKH and 39–42 for P2WPKH. Deterministic (RFC 6979)."""
    raise NotImplementedError


def recover_message_pubkey(message: str, signature: str) -> tuple[bytes, int]:
    """(33- or 65-byte public key, header byte). Raises InvalidSignature."""
    raise NotImplementedError


def verify_message(address: str, message: str, signature: str, network: Network) -> bool:
    """True when the signature is by the key of `address` over `message`.

    Accepts every BIP-137 header; for 31–34 any single-key address type of the recovered key.
    Raises InvalidAddress (bad/wrong network), UnsupportedAddressType (taproot, p2wsh),
    InvalidSignature (malformed text). A well-formed signature by another key is False.
    """
    raise NotImplementedError


def reheader_signature(signature: str, script_type: ScriptType) -> str:
    """Same signature with the BIP-137 header of `script_type` (for a server that wants it)."""
    raise NotImplementedError
