"""One purchase (an exchange of an order) as the dashboard and the export see it, and its timeline.

Built from what the store keeps (`StoredExchange`: Pocket's latest answer, our flags) so the
history looks the same after a restart. Every amount is the `Decimal` of the wire; a field the
state does not have yet (an interrupted exchange has no rate) is None, never zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pocketgui.api import jsonio
from pocketgui.api.models import (
    ChannelPayout,
    Exchange,
    ExchangeStatus,
    InvoicePayout,
    OnchainPayout,
)
from pocketgui.store.repository import StateRecord, StoredExchange
from pocketgui.tracking.chain_news import CHAIN_FLAGS
from pocketgui.tracking.lightning_proof import PAYOUT_NOT_PROVEN, unproven
from pocketgui.tracking.payout_check import PAYOUT_ADDRESS_MISMATCH, PAYOUT_NODE_MISMATCH

S = ExchangeStatus
MISMATCH_FLAGS = (frozenset({PAYOUT_ADDRESS_MISMATCH, PAYOUT_NODE_MISMATCH, PAYOUT_NOT_PROVEN})
                  | CHAIN_FLAGS)
PAID_OUT = frozenset({S.SETTLED, S.CONFIRMED, S.PAYOUT_SUCCEEDED})  # sent to the wallet


def shorten(text: str, keep: int = 8) -> str:
    return text if len(text) <= 2 * keep + 1 else f"{text[:keep]}…{text[-keep:]}"


@dataclass(frozen=True)
class Purchase:
    exchange: Exchange
    flags: frozenset[str]
    first_seen: str  # ISO-8601 UTC: when this computer first heard of it ("funded")
    updated_at: str

    @classmethod
    def from_stored(cls, stored: StoredExchange, first_seen: str | None = None) -> Purchase:
        exchange = Exchange.from_wire(jsonio.loads(stored.raw_json))
        return cls(exchange, stored.flags, first_seen or stored.updated_at, stored.updated_at)

    @property
    def id(self) -> str:
        return self.exchange.id

    @property
    def order_id(self) -> str:
        return self.exchange.order_id

    @property
    def state(self) -> ExchangeStatus:
        return self.exchange.status

    @property
    def currency(self) -> str:
        return self.exchange.pair.rpartition("/")[2].upper()

    @property
    def executed(self) -> bool:
        """Bitcoin was bought: the exchange has an amount and a rate (any later state too)."""
        return self.exchange.amount is not None and self.exchange.executed_on is not None

    @property
    def mismatch(self) -> bool:
        """The payout went somewhere that is not the person's wallet (the tracker's flag), the
        chain disagrees with Pocket about it (missing, another amount, another address), or
        Pocket calls an invoice paid without proof (seen here too, flag or not)."""
        return bool(self.flags & MISMATCH_FLAGS) or self.unproven is not None

    @property
    def unproven(self) -> str | None:
        """Why an invoice payout Pocket calls succeeded is not proven paid (None: not such)."""
        return unproven(self.exchange.payout)

    @property
    def paid_out(self) -> bool:
        """The bitcoin reached the person's wallet or node, as far as we can tell: sent, and
        neither flagged nor unproven."""
        return self.state in PAID_OUT and self.exchange.payout is not None and not self.mismatch

    @property
    def onchain_payout(self) -> OnchainPayout | None:
        payout = self.exchange.payout
        return payout if isinstance(payout, OnchainPayout) else None

    @property
    def txid(self) -> str:
        payout = self.exchange.payout
        return getattr(payout, "txid", None) or ""

    @property
    def address(self) -> str:
        payout = self.onchain_payout
        return payout.bitcoin_address if payout is not None else ""

    @property
    def paid_to(self) -> str:
        """Where the payout went, for the purchases table: the address on-chain; for lightning
        the payout's kind and, for a channel, the node it opened to (an invoice names its payee
        only once decoded: the detail shows it, and the tracker flags a wrong one)."""
        payout = self.exchange.payout
        if isinstance(payout, ChannelPayout):
            node = (payout.node_address or "").split("@", 1)[0]
            return f"⚡ channel to {shorten(node, 6)}" if node else "⚡ channel"
        if isinstance(payout, InvoicePayout):
            return "⚡ invoice"
        return self.address

    @property
    def when(self) -> datetime | None:
        return self.exchange.executed_on


def payout_addresses(purchase: Purchase, records: list[StateRecord]) -> list[str]:
    """Every payout address Pocket's answers named for this purchase, in the order seen.

    Usually one. More than one is evidence worth showing: a later answer replaces the stored
    one, but the timeline keeps each state's first answer (invariant 3: keep the evidence)."""
    seen: list[str] = []
    for raw in [r.raw_json for r in records] + [jsonio.dumps(purchase.exchange.raw)]:
        try:
            payout = jsonio.loads(raw).get("payout")
        except (ValueError, AttributeError):
            continue
        address = payout.get("bitcoin_address") if isinstance(payout, dict) else None
        if isinstance(address, str) and address not in seen:
            seen.append(address)
    return seen


def confirmations(block_height: int | None, tip: int | None) -> int | None:
    """How deep a payout is, when the chain's tip is known (Demo: the sandbox answers it)."""
    if block_height is None or tip is None or tip < block_height:
        return None
    return tip - block_height + 1


class Step(StrEnum):
    FUNDED = "funded"
    INTERRUPTED = "interrupted"
    EXECUTED = "executed"
    SETTLED = "settled"
    CONFIRMED = "confirmed"
    REFUNDED = "refunded"
    PAYOUT_PENDING = "payout pending"
    PAID = "paid over lightning"
    PAYOUT_FAILED = "payout failed"


@dataclass(frozen=True)
class TimelineStep:
    step: Step
    reached: bool
    at: str | None  # ISO-8601 UTC when known


_REACHED_BY: dict[Step, frozenset[ExchangeStatus]] = {
    Step.INTERRUPTED: frozenset({S.INTERRUPTED}),
    Step.EXECUTED: frozenset({S.EXECUTED, S.SETTLED, S.CONFIRMED, S.PAYOUT_PENDING,
                              S.PAYOUT_SUCCEEDED, S.PAYOUT_FAILED}),
    Step.SETTLED: frozenset({S.SETTLED, S.CONFIRMED}),
    Step.CONFIRMED: frozenset({S.CONFIRMED}),
    Step.REFUNDED: frozenset({S.REFUNDED}),
    Step.PAYOUT_PENDING: frozenset({S.PAYOUT_PENDING, S.PAYOUT_SUCCEEDED, S.PAYOUT_FAILED}),
    Step.PAID: frozenset({S.PAYOUT_SUCCEEDED}),
    Step.PAYOUT_FAILED: frozenset({S.PAYOUT_FAILED}),
}


def timeline(purchase: Purchase, records: list[StateRecord], *, lightning: bool = False
             ) -> list[TimelineStep]:
    """funded → executed → settled → confirmed, with interrupted or refunded where they apply
    (lightning: executed → payout pending → paid / failed).

    A step's time is when the store first saw a state at or past it (states can be skipped: a
    poll after a quiet night may see "settled" straight away); "executed" takes Pocket's own
    `executed_on`. Steps not reached yet are listed without a time, so the person sees what
    comes next.
    """
    state = purchase.state
    seen = [(S(r.state), r.seen_at) for r in records]
    ever = {s for s, _ in seen} | {state}
    steps = [Step.FUNDED]
    if S.INTERRUPTED in ever:
        steps.append(Step.INTERRUPTED)
    if state is S.REFUNDED:
        steps.append(Step.REFUNDED)
    elif lightning or state in _REACHED_BY[Step.PAYOUT_PENDING]:
        ending = Step.PAYOUT_FAILED if state is S.PAYOUT_FAILED else Step.PAID
        steps += [Step.EXECUTED, Step.PAYOUT_PENDING, ending]
    else:
        steps += [Step.EXECUTED, Step.SETTLED, Step.CONFIRMED]
    funded = records[0].seen_at if records else purchase.first_seen
    executed_on = purchase.exchange.executed_on
    if executed_on is not None:  # seen late (after a night offline): Pocket's time bounds it
        funded = min(funded, executed_on.isoformat(timespec="milliseconds"))
    result = [TimelineStep(Step.FUNDED, True, funded)]
    for step in steps[1:]:
        states = _REACHED_BY[step]
        reached = bool(ever & states) if step is Step.INTERRUPTED else state in states
        if step is Step.PAID and purchase.unproven is not None:
            reached = False  # Pocket's word without the preimage is not a payment
        times = [at for s, at in seen if s in states]
        if step is Step.EXECUTED and purchase.exchange.executed_on is not None:
            times = [purchase.exchange.executed_on.isoformat(timespec="milliseconds")]
        result.append(TimelineStep(step, reached, min(times) if reached and times else None))
    return result
