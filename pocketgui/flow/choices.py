"""The choices the wizard offers, with the one-line explanations the person reads."""

from __future__ import annotations

from decimal import Decimal

from pocketgui.bitcoin.networks import ScriptType

FEE_MIN, FEE_MAX, FEE_DEFAULT = Decimal("0.012"), Decimal("0.045"), Decimal("0.015")
FEE_STEP = Decimal("0.001")
CURRENCIES = ("CHF", "EUR", "GBP")
DEFAULT_GAP_LIMIT = 10

SCRIPT_TYPES: dict[ScriptType, tuple[str, str]] = {
    ScriptType.P2WPKH: ("Native segwit (bc1…)", "The lowest network fees; every current wallet "
                        "supports it. Recommended."),
    ScriptType.P2SH_P2WPKH: ("Nested segwit (3…)", "For older wallets and exchanges that "
                             "cannot send to bc1 addresses."),
    ScriptType.P2PKH: ("Legacy (1…)", "The oldest kind: highest fees. Only if your wallet "
                       "needs it."),
}

FRESH_ADDRESSES_WHY = (
    "Pocket pays every purchase to a new address of this account (from its extended public key, "
    "looking at most {gap} unused addresses ahead), so your purchases are not linked together "
    "on the blockchain. Your wallet shows them all."
)


def percent(rate: Decimal) -> str:
    """0.015 → "1.5 %"."""
    return f"{(rate * 100).normalize():f} %"


def fee_example(rate: Decimal, currency: str, amount: Decimal = Decimal("100")) -> str:
    """What the fee rate means for one purchase, in the person's currency."""
    fee = (amount * rate).quantize(Decimal("0.01"))
    return (f"For a {amount:f} {currency} purchase: {fee:f} {currency} fee, bitcoin for "
            f"{amount - fee:f} {currency}.")


def check_fee_rate(rate: Decimal) -> str:
    """"" when acceptable, else why not."""
    if not FEE_MIN <= rate <= FEE_MAX:
        return f"The fee rate must be between {percent(FEE_MIN)} and {percent(FEE_MAX)}."
    return ""
