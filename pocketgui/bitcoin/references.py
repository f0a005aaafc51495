"""ISO 11649 creditor references (RF…) and the ISO 13616 IBAN checksum (same mod-97)."""

from __future__ import annotations


def create_creditor_reference(payload: str) -> str:
    """'RF' + check digits + payload (1–21 alphanumerics). Raises InvalidReference."""
    raise NotImplementedError


def is_valid_creditor_reference(reference: str) -> bool:
    raise NotImplementedError


def is_valid_iban_checksum(iban: str) -> bool:
    """Mod-97 checksum and shape only (schwifty checks country lengths and banks)."""
    raise NotImplementedError
