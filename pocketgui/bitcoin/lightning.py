"""Lightning `signmessage` (LND / Core Lightning): zbase32, 'Lightning Signed Message:' prefix."""

from __future__ import annotations


def lightning_sign_message(private_key: bytes, message: str) -> str:
    raise NotImplementedError


def lightning_recover_node_pubkey(message: str, signature: str) -> str:
    """66-hex compressed node public key. Raises InvalidSignature."""
    raise NotImplementedError


def lightning_verify_message(node_pubkey: str, message: str, signature: str) -> bool:
    raise NotImplementedError
