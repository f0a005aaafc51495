"""Everything the dashboard shows for one environment, read from the store in one go.

Meant to run on a worker thread (1,000 exchanges take tens of milliseconds to parse, more than
the UI thread may stall); the dashboard then keeps it current from the tracker's changes.

Total: a stored row that no longer reads as an answer (written by an older version before amounts
were checked, or edited by hand: 1E+400, NaN, a negative fee) is left out and listed in
`unreadable`, so one odd row can never keep the dashboard from loading.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from pocketgui.api.errors import PocketError
from pocketgui.history.onchain import ChainView, load_chain_view
from pocketgui.history.orders import OrderSummary, summarize_order
from pocketgui.history.purchases import Purchase
from pocketgui.store.repository import Store


@dataclass
class HistorySnapshot:
    environment: str
    orders: list[OrderSummary] = field(default_factory=list)  # newest first
    purchases: dict[str, list[Purchase]] = field(default_factory=dict)  # by order id, oldest first
    chain: ChainView = field(default_factory=lambda: ChainView(None, {}, {}))
    unreadable: list[str] = field(default_factory=list)  # stored rows left out, and why

    def summary(self, order_id: str) -> OrderSummary | None:
        return next((o for o in self.orders if o.id == order_id), None)


log = logging.getLogger(__name__)
_UNREADABLE = (PocketError, ValueError, ArithmeticError, KeyError, TypeError, RecursionError)


def load_history(store: Store, environment: str) -> HistorySnapshot:
    by_order: dict[str, list[Purchase]] = {}
    unreadable: list[str] = []
    for stored in store.exchanges(environment):
        try:
            purchase = Purchase.from_stored(stored)
        except _UNREADABLE as exc:
            unreadable.append(f"purchase {stored.id}: {exc}")
            continue
        by_order.setdefault(stored.order_id, []).append(purchase)
    snapshot = HistorySnapshot(environment, purchases=by_order, unreadable=unreadable,
                               chain=load_chain_view(store, environment))
    for stored_order in reversed(store.orders(environment)):
        purchases = by_order.setdefault(stored_order.id, [])
        try:
            snapshot.orders.append(summarize_order(
                stored_order, purchases, snapshot.chain.known_only.get(stored_order.id, [])))
        except _UNREADABLE as exc:
            unreadable.append(f"order {stored_order.id}: {exc}")
    for problem in unreadable:
        log.error("stored %s; left out of the history", problem)
    return snapshot
