"""The choices the wizard offers, with the one-line explanations the person reads."""

from __future__ import annotations

from decimal import Decimal

from pocketgui.bitcoin.networks import ScriptType
from pocketgui.i18n.catalog import N_, _

FEE_MIN, FEE_MAX, FEE_DEFAULT = Decimal("0.012"), Decimal("0.045"), Decimal("0.015")
FEE_STEP = Decimal("0.001")
CURRENCIES = ("CHF", "EUR", "GBP")
DEFAULT_GAP_LIMIT = 10

# (name, why), marked here and translated where shown (`script_type_text`)
SCRIPT_TYPES: dict[ScriptType, tuple[str, str]] = {
    ScriptType.P2WPKH: (N_("Native segwit (bc1…)"), N_("The lowest network fees; every current "
                                                       "wallet supports it. Recommended.")),
    ScriptType.P2SH_P2WPKH: (N_("Nested segwit (3…)"), N_("For older wallets and exchanges "
                                                          "that cannot send to bc1 addresses.")),
    ScriptType.P2PKH: (N_("Legacy (1…)"), N_("The oldest kind: highest fees. Only if your "
                                             "wallet needs it.")),
}

FRESH_ADDRESSES_WHY = N_(
    "Pocket pays every purchase to a new address of this account (from its extended public key, "
    "looking at most {gap} unused addresses ahead), so your purchases are not linked together "
    "on the blockchain. Your wallet shows them all."
)


def script_type_text(script_type: ScriptType) -> tuple[str, str]:
    """The address type's name and why to choose it, in the active language."""
    name, why = SCRIPT_TYPES[script_type]
    return _(name), _(why)


def percent(rate: Decimal) -> str:
    """0.015 → "1.5 %" (the locale's decimal mark: "1,5 %" in French)."""
    from pocketgui.i18n.formatting import format_number

    value = (rate * 100).normalize()
    return f"{format_number(value, max(0, -int(value.as_tuple().exponent)))} %"


def fee_example(rate: Decimal, currency: str, amount: Decimal = Decimal("100")) -> str:
    """What the fee rate means for one purchase, in the person's currency (the locale's
    numbers)."""
    from pocketgui.i18n.formatting import format_number

    fee = (amount * rate).quantize(Decimal("0.01"))
    places = max(0, -int(amount.normalize().as_tuple().exponent))
    return _("For a {amount} {currency} purchase: {fee} {currency} fee, bitcoin for {rest} "
             "{currency}.").format(amount=format_number(amount, places), currency=currency,
                                   fee=format_number(fee, 2), rest=format_number(amount - fee, 2))


def check_fee_rate(rate: Decimal) -> str:
    """"" when acceptable, else why not."""
    if not FEE_MIN <= rate <= FEE_MAX:
        return _("The fee rate must be between {low} and {high}.").format(
            low=percent(FEE_MIN), high=percent(FEE_MAX))
    return ""
