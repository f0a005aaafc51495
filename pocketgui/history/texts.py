"""The words the dashboard uses for states, refunds, actions, notifications and alarms.

Codes from Pocket are shown in plain words where we know them; an unknown code is shown as the
code itself (better than hiding it: support can look it up).
"""

from __future__ import annotations

from collections.abc import Collection

from pocketgui.api.models import ExchangeStatus as S
from pocketgui.history.money import format_btc, format_fiat
from pocketgui.history.purchases import Purchase
from pocketgui.i18n.catalog import N_, _
from pocketgui.tracking.chain_news import (
    CHAIN_ADDRESS_MISMATCH,
    CHAIN_AMOUNT_MISMATCH,
    CHAIN_TX_MISSING,
)

STATE_LABELS: dict[S, str] = {
    S.PENDING: "Funded",
    S.INTERRUPTED: "Needs you",
    S.EXECUTED: "Executed",
    S.SETTLED: "Settled",
    S.CONFIRMED: "Confirmed",
    S.REFUNDED: "Refunded",
    S.PAYOUT_PENDING: "Payout pending",
    S.PAYOUT_SUCCEEDED: "Paid (lightning)",
    S.PAYOUT_FAILED: "Payout failed",
}

REFUND_REASONS = {
    "order_inactive": "The order was paused when your transfer arrived, so Pocket sent the "
    "money back to your bank account. Resume the order before the next transfer.",
    "threshold_exceeded": "The transfer was above Pocket's limit for a single purchase, so "
    "Pocket sent the money back. Send smaller amounts.",
    "identification_required": "Pocket needed to identify you before it could buy, and the "
    "identification was not completed, so Pocket sent the money back. Complete Pocket's "
    "identification before the next transfer.",
}

ACTIONS = {
    "identification_required": "Pocket needs to identify you before it can buy: your purchases "
    "so far passed the amount Pocket may buy without knowing who you are. Complete the "
    "identification and the purchase goes ahead.",
    "identify": "Pocket needs to identify you before it can buy. Complete the identification "
    "on Pocket's page and the purchase goes ahead.",
}

# Notified: each move into one of these, once per exchange and state.
BOUGHT_ANNOUNCED = frozenset({S.EXECUTED.value, S.SETTLED.value})  # after these, "bought" is old
NOTIFIED_STATES = frozenset({S.EXECUTED, S.SETTLED, S.CONFIRMED, S.INTERRUPTED, S.REFUNDED,
                             S.PAYOUT_SUCCEEDED, S.PAYOUT_FAILED})


def state_label(state: S) -> str:
    return STATE_LABELS[state]


def purchase_label(purchase: Purchase) -> str:
    """The purchase's state as shown: Pocket's, except that a lightning payout without proof is
    never called paid."""
    if purchase.unproven is not None:
        return _(NOT_PROVEN_LABEL)
    return state_label(purchase.state)


NOT_PROVEN_LABEL = N_("⚠ Paid? NOT PROVEN")  # translated where shown


def refund_text(code: str) -> str:
    return REFUND_REASONS.get(code, f"Refunded by Pocket ({code}).")


def action_text(code: str) -> str:
    return ACTIONS.get(code, f"Pocket needs something from you ({code}).")


def mismatch_text(purchase: Purchase, addresses: list[str] | None = None) -> str:
    """The red warning, when the tracker's own explanation is gone (after a restart).

    `addresses`: every payout address reported for the purchase (`payout_addresses`); when
    Pocket's answers named more than one, all are listed — the flagged one may not be the
    latest."""
    if (why := purchase.unproven) is not None:
        return (f"This purchase is NOT proven paid to your node: {why}. Check your node's "
                "received payments; keep this record and contact Pocket support.")
    chain = _chain_text(purchase)
    if chain:
        return chain
    if addresses and len(addresses) > 1:
        return _("The bitcoin of this purchase were reported paid to an address that is NOT of "
                 "this order's wallet (addresses reported, in order: {addresses}). Keep this "
                 "record and contact Pocket support.").format(addresses=", ".join(addresses))
    where = purchase.address or _("a destination")
    return _("The bitcoin of this purchase were NOT paid to your wallet: {address} is not an "
             "address of this order's wallet. Keep this record and contact Pocket support."
             ).format(address=where)


def _chain_text(purchase: Purchase) -> str:
    payout = purchase.onchain_payout
    txid = payout.txid if payout is not None else "its transaction"
    if CHAIN_TX_MISSING in purchase.flags:
        return (f"Pocket says this purchase's bitcoin were sent in {txid}, but the blockchain "
                "still does not show that transaction. Keep this record and contact Pocket "
                "support.")
    if CHAIN_ADDRESS_MISMATCH in purchase.flags:
        return (f"Pocket's transaction {txid} does not pay the address Pocket named for this "
                "purchase. Keep this record and contact Pocket support.")
    if CHAIN_AMOUNT_MISMATCH in purchase.flags:
        return ("The blockchain shows another amount for this purchase's payout than Pocket "
                "says. Keep this record and contact Pocket support.")
    return ""


def notification_text(purchase: Purchase, notified: Collection[str] = ()) -> tuple[str, str]:
    """(title, message) for a desktop notification about the purchase's current state.

    `notified`: the states already announced for this exchange. When it is settled (or
    confirmed) before its purchase was announced — an instant settle: the settled webhook came
    before the executed answer, which is then stale and never announced — the news says both."""
    exchange, currency = purchase.exchange, purchase.currency
    cost = format_fiat(exchange.cost, currency)
    state = purchase.state
    if state in (S.SETTLED, S.CONFIRMED) and not BOUGHT_ANNOUNCED & set(notified):
        where = purchase.address or "your wallet"
        then = ("confirmed in your wallet." if state is S.CONFIRMED
                else f"sent to {where}; waiting for a block.")
        return ("Bitcoin bought and sent", f"{format_btc(exchange.amount)} for {cost} at "
                f"{format_fiat(exchange.rate, currency)} per BTC, {then}")
    if state is S.EXECUTED:
        return ("Bitcoin bought", f"{format_btc(exchange.amount)} for {cost} at "
                f"{format_fiat(exchange.rate, currency)} per BTC.")
    if state is S.SETTLED:
        return ("Bitcoin sent to your wallet", f"{format_btc(exchange.amount)} is on its way to "
                f"{purchase.address or 'your wallet'}; waiting for a block.")
    if state is S.CONFIRMED:
        return ("Bitcoin confirmed", f"{format_btc(exchange.amount)} bought for {cost} is "
                "confirmed in your wallet.")
    if state is S.INTERRUPTED:
        code = exchange.action.code if exchange.action else "action"
        return ("Your purchase needs you", f"{cost}: {action_text(code)}")
    if state is S.REFUNDED:
        code = exchange.reason.code if exchange.reason else "refunded"
        return ("Transfer refunded", f"{cost}: {refund_text(code)}")
    return (state_label(state), f"{cost}: {state_label(state).lower()}.")
