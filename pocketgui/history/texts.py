"""The words the dashboard uses for states, refunds, actions, notifications and alarms.

Codes from Pocket are shown in plain words where we know them; an unknown code is shown as the
code itself (better than hiding it: support can look it up).
"""

from __future__ import annotations

from collections.abc import Collection

from pocketgui.api.models import ExchangeStatus as S
from pocketgui.history.money import format_btc, format_fiat
from pocketgui.history.purchases import Purchase, Step
from pocketgui.i18n.catalog import N_, _
from pocketgui.tracking.chain_news import (
    CHAIN_ADDRESS_MISMATCH,
    CHAIN_AMOUNT_MISMATCH,
    CHAIN_TX_MISSING,
)

# The words, marked for the catalog; `state_label`, `refund_text` and `action_text` translate
# them where shown (these constants are built at import, before the language may be set).
STATE_LABELS: dict[S, str] = {
    S.PENDING: N_("Funded"),
    S.INTERRUPTED: N_("Needs you"),
    S.EXECUTED: N_("Executed"),
    S.SETTLED: N_("Settled"),
    S.CONFIRMED: N_("Confirmed"),
    S.REFUNDED: N_("Refunded"),
    S.PAYOUT_PENDING: N_("Payout pending"),
    S.PAYOUT_SUCCEEDED: N_("Paid (lightning)"),
    S.PAYOUT_FAILED: N_("Payout failed"),
}

STEP_LABELS: dict[Step, str] = {  # the timeline's steps
    Step.FUNDED: N_("Funded"),
    Step.INTERRUPTED: N_("Interrupted"),
    Step.EXECUTED: N_("Executed"),
    Step.SETTLED: N_("Settled"),
    Step.CONFIRMED: N_("Confirmed"),
    Step.REFUNDED: N_("Refunded"),
    Step.PAYOUT_PENDING: N_("Payout pending"),
    Step.PAID: N_("Paid over lightning"),
    Step.PAYOUT_FAILED: N_("Payout failed"),
}

REFUND_REASONS = {
    "order_inactive": N_("The order was paused when your transfer arrived, so Pocket sent the "
                         "money back to your bank account. Resume the order before the next "
                         "transfer."),
    "threshold_exceeded": N_("The transfer was above Pocket's limit for a single purchase, so "
                             "Pocket sent the money back. Send smaller amounts."),
    "identification_required": N_("Pocket needed to identify you before it could buy, and the "
                                  "identification was not completed, so Pocket sent the money "
                                  "back. Complete Pocket's identification before the next "
                                  "transfer."),
}

ACTIONS = {
    "identification_required": N_("Pocket needs to identify you before it can buy: your "
                                  "purchases so far passed the amount Pocket may buy without "
                                  "knowing who you are. Complete the identification and the "
                                  "purchase goes ahead."),
    "identify": N_("Pocket needs to identify you before it can buy. Complete the identification "
                   "on Pocket's page and the purchase goes ahead."),
}

# Notified: each move into one of these, once per exchange and state.
BOUGHT_ANNOUNCED = frozenset({S.EXECUTED.value, S.SETTLED.value})  # after these, "bought" is old
NOTIFIED_STATES = frozenset({S.EXECUTED, S.SETTLED, S.CONFIRMED, S.INTERRUPTED, S.REFUNDED,
                             S.PAYOUT_SUCCEEDED, S.PAYOUT_FAILED})


def state_label(state: S) -> str:
    """The state in the app's language (the enum's value stays English in the store)."""
    return _(STATE_LABELS[state])


def step_label(step: Step) -> str:
    """A timeline step in the app's language (`Step` values stay English: compared by code)."""
    return _(STEP_LABELS[step])


def purchase_label(purchase: Purchase) -> str:
    """The purchase's state as shown: Pocket's, except that a lightning payout without proof is
    never called paid."""
    if purchase.unproven is not None:
        return _(NOT_PROVEN_LABEL)
    return state_label(purchase.state)


NOT_PROVEN_LABEL = N_("⚠ Paid? NOT PROVEN")  # translated where shown


def refund_text(code: str) -> str:
    reason = REFUND_REASONS.get(code)
    return _(reason) if reason else _("Refunded by Pocket ({code}).").format(code=code)


def action_text(code: str) -> str:
    action = ACTIONS.get(code)
    return _(action) if action else _("Pocket needs something from you ({code}).").format(
        code=code)


def mismatch_text(purchase: Purchase, addresses: list[str] | None = None) -> str:
    """The red warning, when the tracker's own explanation is gone (after a restart).

    `addresses`: every payout address reported for the purchase (`payout_addresses`); when
    Pocket's answers named more than one, all are listed — the flagged one may not be the
    latest."""
    if (why := purchase.unproven) is not None:
        return _("This purchase is NOT proven paid to your node: {why}. Check your node's "
                 "received payments; keep this record and contact Pocket support.").format(why=why)
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
    txid = payout.txid if payout is not None else _("its transaction")
    if CHAIN_TX_MISSING in purchase.flags:
        return _("Pocket says this purchase's bitcoin were sent in {txid}, but the blockchain "
                 "still does not show that transaction. Keep this record and contact Pocket "
                 "support.").format(txid=txid)
    if CHAIN_ADDRESS_MISMATCH in purchase.flags:
        return _("Pocket's transaction {txid} does not pay the address Pocket named for this "
                 "purchase. Keep this record and contact Pocket support.").format(txid=txid)
    if CHAIN_AMOUNT_MISMATCH in purchase.flags:
        return _("The blockchain shows another amount for this purchase's payout than Pocket "
                 "says. Keep this record and contact Pocket support.")
    return ""


def notification_text(purchase: Purchase, notified: Collection[str] = ()) -> tuple[str, str]:
    """(title, message) for a desktop notification about the purchase's current state.

    `notified`: the states already announced for this exchange. When it is settled (or
    confirmed) before its purchase was announced — an instant settle: the settled webhook came
    before the executed answer, which is then stale and never announced — the news says both."""
    exchange, currency = purchase.exchange, purchase.currency
    figures = {"amount": format_btc(exchange.amount), "cost": format_fiat(exchange.cost, currency),
               "rate": format_fiat(exchange.rate, currency)}
    state = purchase.state
    if state in (S.SETTLED, S.CONFIRMED) and not BOUGHT_ANNOUNCED & set(notified):
        title = _("Bitcoin bought and sent")
        if state is S.CONFIRMED:
            return title, _("{amount} for {cost} at {rate} per BTC, confirmed in your "
                            "wallet.").format(**figures)
        if purchase.address:
            return title, _("{amount} for {cost} at {rate} per BTC, sent to {address}; waiting "
                            "for a block.").format(address=purchase.address, **figures)
        return title, _("{amount} for {cost} at {rate} per BTC, sent to your wallet; waiting "
                        "for a block.").format(**figures)
    if state is S.EXECUTED:
        return _("Bitcoin bought"), _("{amount} for {cost} at {rate} per BTC.").format(**figures)
    if state is S.SETTLED:
        if purchase.address:
            return _("Bitcoin sent to your wallet"), _(
                "{amount} is on its way to {address}; waiting for a block.").format(
                address=purchase.address, **figures)
        return _("Bitcoin sent to your wallet"), _(
            "{amount} is on its way to your wallet; waiting for a block.").format(**figures)
    if state is S.CONFIRMED:
        return _("Bitcoin confirmed"), _("{amount} bought for {cost} is confirmed in your "
                                         "wallet.").format(**figures)
    if state is S.INTERRUPTED:
        code = exchange.action.code if exchange.action else "action"
        return _("Your purchase needs you"), _("{cost}: {explanation}").format(
            cost=figures["cost"], explanation=action_text(code))
    if state is S.REFUNDED:
        code = exchange.reason.code if exchange.reason else "refunded"
        return _("Transfer refunded"), _("{cost}: {explanation}").format(
            cost=figures["cost"], explanation=refund_text(code))
    return (state_label(state), _("{cost}: {state}.").format(
        cost=figures["cost"], state=state_label(state).lower()))
