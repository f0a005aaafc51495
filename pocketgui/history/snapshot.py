"""Everything the dashboard shows for one environment, read from the store in one go.

Meant to run on a worker thread (1,000 exchanges take tens of milliseconds to parse, more than
the UI thread may stall); the dashboard then keeps it current from the tracker's changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pocketgui.history.onchain import ChainView, load_chain_view
from pocketgui.history.orders import OrderSummary, summarize_order
from pocketgui.history.purchases import Purchase
from pocketgui.store import Store


@dataclass
class HistorySnapshot:
    environment: str
    orders: list[OrderSummary] = field(default_factory=list)  # newest first
    purchases: dict[str, list[Purchase]] = field(default_factory=dict)  # by order id, oldest first
    chain: ChainView = field(default_factory=lambda: ChainView(None, {}, {}))

    def summary(self, order_id: str) -> OrderSummary | None:
        return next((o for o in self.orders if o.id == order_id), None)


def load_history(store: Store, environment: str) -> HistorySnapshot:
    by_order: dict[str, list[Purchase]] = {}
    for stored in store.exchanges(environment):
        by_order.setdefault(stored.order_id, []).append(Purchase.from_stored(stored))
    snapshot = HistorySnapshot(environment, purchases=by_order,
                               chain=load_chain_view(store, environment))
    for stored_order in reversed(store.orders(environment)):
        purchases = by_order.setdefault(stored_order.id, [])
        snapshot.orders.append(summarize_order(stored_order, purchases))
    return snapshot
