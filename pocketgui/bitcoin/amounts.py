"""Decimal amounts: BTC with 8 decimals, fiat with 2.

Money never passes through binary floats: a float that looks like 0.1 is not 0.1, and a
rounding slip in a payout or a bank transfer is a real loss. Too much precision is an error,
not something to round away silently.
"""

from __future__ import annotations

from decimal import Context, Decimal, InvalidOperation

BTC_QUANT = Decimal("0.00000001")
FIAT_QUANT = Decimal("0.01")
MSAT_QUANT = Decimal("0.00000000001")
SAT_PER_BTC = 100_000_000
MSAT_PER_SAT = 1000
_EXACT = Context(prec=80)  # wide enough that quantize never runs out of digits


def _exact(value: Decimal | str | int, quant: Decimal, unit: str) -> Decimal:
    """`value` with exactly the exponent of `quant`; ValueError on floats or extra precision."""
    if isinstance(value, bool) or not isinstance(value, Decimal | str | int):
        raise ValueError(f"{unit} amounts are Decimal, str or int, not {type(value).__name__}")
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite amount")
    try:
        quantized = number.quantize(quant, context=_EXACT)
    except InvalidOperation:
        raise ValueError(f"{value!r} is too large for an amount") from None
    if quantized != number:
        raise ValueError(f"{value!r} has more precision than {unit} allows ({quant:f})")
    return quantized


def btc(value: Decimal | str | int) -> Decimal:
    """Exact BTC amount with 8 decimals (raises on more precision than a satoshi)."""
    return _exact(value, BTC_QUANT, "BTC")


def fiat(value: Decimal | str | int) -> Decimal:
    """Exact fiat amount with 2 decimals (raises on more precision than a cent)."""
    return _exact(value, FIAT_QUANT, "fiat")


def _int(value: int, unit: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{unit} must be an int, not {type(value).__name__}")
    return value


def sat_to_btc(sat: int) -> Decimal:
    """Satoshi to BTC with 8 decimals."""
    return _exact(Decimal(_int(sat, "sat")).scaleb(-8), BTC_QUANT, "BTC")


def msat_to_btc(msat: int) -> Decimal:
    """Millisatoshi to BTC; exact (may carry 11 decimals)."""
    return _exact(Decimal(_int(msat, "msat")).scaleb(-11), MSAT_QUANT, "BTC")


def btc_to_sat(amount: Decimal | str | int) -> int:
    """BTC to satoshi; raises ValueError on fractions of a satoshi."""
    return int(btc(amount).scaleb(8))


def btc_to_msat(amount: Decimal | str | int) -> int:
    """BTC to millisatoshi (what lightning invoices carry); raises on fractions of a msat."""
    return int(_exact(amount, MSAT_QUANT, "msat").scaleb(11, context=_EXACT))
