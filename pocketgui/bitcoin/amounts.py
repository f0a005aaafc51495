"""Decimal amounts: BTC with 8 decimals, fiat with 2."""

from __future__ import annotations

from decimal import Decimal

BTC_QUANT = Decimal("0.00000001")
FIAT_QUANT = Decimal("0.01")


def btc(value: Decimal | str | int) -> Decimal:
    """Exact BTC amount with 8 decimals (raises on more precision than a satoshi)."""
    raise NotImplementedError


def fiat(value: Decimal | str | int) -> Decimal:
    """Exact fiat amount with 2 decimals (raises on more precision than a cent)."""
    raise NotImplementedError


def sat_to_btc(sat: int) -> Decimal:
    raise NotImplementedError


def msat_to_btc(msat: int) -> Decimal:
    """Millisatoshi to BTC; exact (may carry 11 decimals)."""
    raise NotImplementedError
