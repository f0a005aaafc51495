"""An order's totals: what was spent, what it cost, what was bought and at what average price.

Definitions (over the order's *executed* purchases — executed, settled, confirmed, or a
lightning payout — because only those bought bitcoin; interrupted, refunded and pending ones
spent nothing):

- spent: Σ cost — the fiat the person's transfers paid for bitcoin (Pocket's fee included);
- fees: Σ fee — Pocket's fee, part of `spent`;
- bought: Σ amount — the bitcoin Pocket bought (8 decimals), plus every payout known from the
  chain alone (`ChainPurchase`: Pocket paid the order's wallet but its news never arrived; what
  the wallet received is all that is known of it, so it counts as bought and received alike
  until Pocket names it, and then as that purchase, never twice: `onchain.unnamed`);
- received: Σ payout amount — what was sent to the wallet after the network fee (settled,
  confirmed, or a lightning payout that succeeded; a pending or failed one is not counted, nor
  one paid somewhere else or not proven paid: `Purchase.paid_out`), plus the payouts known
  from the chain alone;
- chain_only, chain_only_amount: how many payouts are known from the chain alone, and their
  bitcoin. Their cost is unknown, so spent, fees and both prices leave them out;
- average price: Σ (cost − fee) / Σ amount over Pocket's purchases — the volume-weighted
  exchange rate, i.e. what one bitcoin cost on average before Pocket's fee. Summing first and
  dividing once weighs each purchase by its size (averaging the rates would let a 10 CHF
  purchase count as much as a 1,000 CHF one). Rounded half-even to the cent; None before the
  first purchase;
- all-in price: Σ cost / Σ amount — the same with Pocket's fee, what the person paid per BTC.

Sums are exact Decimals; rounding happens once, at the end, for the two prices only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from pocketgui.api.models import ExchangeStatus as S
from pocketgui.bitcoin.amounts import FIAT_QUANT
from pocketgui.history.onchain import ChainPurchase, unnamed
from pocketgui.history.purchases import Purchase

ZERO = Decimal(0)


@dataclass(frozen=True)
class Totals:
    purchases: int  # every exchange, whatever its state
    executed: int
    spent: Decimal
    fees: Decimal
    bought: Decimal
    received: Decimal
    average_price: Decimal | None
    all_in_price: Decimal | None
    interrupted: int
    refunded: int
    mismatches: int
    chain_only: int = 0
    chain_only_amount: Decimal = ZERO

    @property
    def needs_attention(self) -> bool:
        return bool(self.interrupted or self.mismatches)


def average_price(net_cost: Decimal, amount: Decimal) -> Decimal | None:
    """Σ(cost − fee) / Σ amount, to the cent (see the module docstring)."""
    if amount <= ZERO:
        return None
    return (net_cost / amount).quantize(FIAT_QUANT, rounding=ROUND_HALF_EVEN)


def totals(purchases: Iterable[Purchase], known_from_chain: Sequence[ChainPurchase] = ()
           ) -> Totals:
    """The order's totals over Pocket's `purchases` and the payouts `known_from_chain` alone
    (the chain view's `known_only` of the order; one Pocket names is counted as its purchase)."""
    purchases = list(purchases)
    chain_only = unnamed(known_from_chain, purchases)
    count = executed = interrupted = refunded = mismatches = 0
    spent = fees = bought = received = ZERO
    for purchase in purchases:
        count += 1
        interrupted += purchase.state is S.INTERRUPTED
        refunded += purchase.state is S.REFUNDED
        mismatches += purchase.mismatch
        exchange = purchase.exchange
        if not purchase.executed or exchange.amount is None:
            continue
        executed += 1
        spent += exchange.cost
        fees += exchange.fee or ZERO
        bought += exchange.amount
        if purchase.paid_out and exchange.payout is not None:
            received += exchange.payout.amount
    chain_amount = sum((payout.amount for payout in chain_only), ZERO)
    return Totals(count, executed, spent, fees, bought + chain_amount, received + chain_amount,
                  average_price(spent - fees, bought), average_price(spent, bought),
                  interrupted, refunded, mismatches, len(chain_only), chain_amount)
