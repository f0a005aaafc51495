"""Amounts as a person reads them, and the fee rate as a person types it.

Fiat with 2 decimals, BTC with 8, always through `Decimal` (never a float, never an exponent),
written in the locale's separators by `i18n.formatting` (1’234.50 CHF in de_CH, 1.234,50 EUR in
de_DE). Display rounds half-even to the unit; the exact values stay in the rows and the CSV, which
never comes here. Total: a value no answer can carry any more (NaN, 1E+400) is shown as it is,
never raised on.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation

from pocketgui.bitcoin.amounts import BTC_QUANT, FIAT_QUANT
from pocketgui.i18n.catalog import _
from pocketgui.i18n.formatting import format_number

FEE_RATE_MIN = Decimal("0.012")  # Pocket's limits for an order's fee rate (1.2 %–4.5 %)
FEE_RATE_MAX = Decimal("0.045")
PERCENT = Decimal(100)
DASH = "—"
_WIDE = Context(prec=60, Emax=100, Emin=-100, traps=[InvalidOperation])


def format_fiat(value: Decimal | None, currency: str = "") -> str:
    """`1,234.50 CHF` (in the locale's separators); a dash when there is no value (not executed
    yet)."""
    if value is None:
        return DASH
    text = _rounded(value, FIAT_QUANT, grouping=True)
    return f"{text} {currency}".rstrip()


def format_btc(value: Decimal | None, unit: bool = True) -> str:
    """`0.00197000 BTC`: always eight decimals, so columns line up (the locale's decimal mark)."""
    if value is None:
        return DASH
    text = _rounded(value, BTC_QUANT, grouping=False)
    return f"{text} BTC" if unit else text


def _rounded(value: Decimal, quant: Decimal, *, grouping: bool) -> str:
    try:
        rounded = value.quantize(quant, rounding=ROUND_HALF_EVEN, context=_WIDE)
    except (InvalidOperation, ValueError, TypeError):
        return str(value)  # not a number a purchase can have: shown as stored
    return format_number(rounded, -quant.as_tuple().exponent, grouping=grouping)  # type: ignore[operator]


def format_fee_rate(rate: Decimal) -> str:
    """0.015 → `1.5 %` (as many decimals as the rate has, no trailing zeros; the locale's
    decimal mark: `1,5 %` in de_DE)."""
    try:
        percent = (rate * PERCENT).normalize()
    except (InvalidOperation, ValueError, TypeError):
        return f"{rate} %"  # not a rate an order can have: shown as stored
    if not percent.is_finite():
        return f"{percent} %"
    places = max(0, -int(percent.as_tuple().exponent))
    return f"{format_number(percent, places, grouping=False)} %"


def parse_fee_percent(text: str) -> Decimal:
    """What a person types ("2.5", "2,5 %") → the wire's fee rate (Decimal("0.025")).

    Raises ValueError with a sentence fit to show: not a number, too precise, or outside
    Pocket's 1.2 %–4.5 %."""
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    try:
        percent = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("“{text}” is not a number: type the fee in percent, for example "
                           "1.5").format(text=text.strip())) from None
    if not percent.is_finite():
        raise ValueError(_("Type the fee in percent, for example 1.5."))
    if percent != percent.quantize(Decimal("0.01")):
        raise ValueError(_("The fee rate takes at most two decimals of a percent (e.g. "
                           "2.25)."))
    rate = (percent / PERCENT).quantize(Decimal("0.0001"))
    if not FEE_RATE_MIN <= rate <= FEE_RATE_MAX:
        raise ValueError(_("Pocket's fee rate is between {low} and {high}; {rate} is "
                           "outside.").format(low=format_fee_rate(FEE_RATE_MIN),
                                              high=format_fee_rate(FEE_RATE_MAX),
                                              rate=f"{percent.normalize():f} %"))
    return rate.normalize()
