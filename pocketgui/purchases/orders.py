"""The store's orders as typed objects: what the welcome page lists and the wizard reopens.

The store keeps Pocket's answer as it came (raw JSON, checked before it was stored); these read
it back into `api.models.Order`, so no screen parses JSON. Each blocks on a small SQLite read.
"""

from __future__ import annotations

from dataclasses import dataclass

from pocketgui.api import jsonio
from pocketgui.api.models import OnchainPayoutMethod, Order
from pocketgui.i18n.formatting import format_datetime
from pocketgui.store.repository import Store, StoredOrder

OrderRow = tuple[str, str, str, str, str]  # order id, created, currency, reference, payout


def read_order(stored: StoredOrder) -> Order:
    """The stored answer as an `Order` (PocketError or ValueError when it no longer parses)."""
    return Order.from_wire(jsonio.loads(stored.raw_json))


def order_of(store: Store, order_id: str) -> Order:
    """The stored order `order_id`; KeyError when this store does not have it."""
    stored = store.get_order(order_id)
    if stored is None:
        raise KeyError(order_id)
    return read_order(stored)


@dataclass(frozen=True)
class OrderList:
    """The orders of one environment, newest first, and the outcomes still unknown (an order
    creation or change whose answer was lost: "check with Pocket")."""

    orders: tuple[Order, ...]
    unknown: tuple[str, ...]

    def rows(self) -> list[OrderRow]:
        return [order_row(order) for order in self.orders]


def order_row(order: Order) -> OrderRow:
    method = order.payout_method
    payout = (method.bitcoin_address if isinstance(method, OnchainPayoutMethod)
              else f"lightning node {method.node_pubkey}")
    return (order.id, format_datetime(order.created_on),
            order.payment_method.currency.upper(), order.payment_method.creditor_reference,
            payout)


def list_orders(store: Store, environment: str) -> OrderList:
    orders = tuple(read_order(stored) for stored in reversed(store.orders(environment)))
    unknown = tuple(intent.summary for intent in store.unresolved_intents()
                    if intent.environment == environment)
    return OrderList(orders, unknown)
