"""`PurchasesCore`: the dashboard's counterpart of `flow/` — every read, write and call it makes.

The dashboard renders; this does the I/O, Qt-free and blocking, so the dashboard runs each call
on its task runner (the few small store reads it makes while drawing a detail are marked). It
reads orders, exchanges and the chain's view as typed objects (`history`), sends an order change
with its echo check (`orders.placing.change_order`: a tampered answer stores nothing), and in
the Demo plays the bank and the blockchain (`flow.demo_bank.DemoBank`), handing each answer to
the tracker so purchases move exactly as with real news.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from pocketgui.api.client import PocketClient
from pocketgui.api.models import Order, OrderPatch
from pocketgui.bitcoin.networks import Network
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.history.onchain import ChainView, load_chain_view
from pocketgui.history.purchases import Purchase
from pocketgui.history.snapshot import HistorySnapshot, load_history
from pocketgui.i18n.catalog import _
from pocketgui.orders.placing import change_order, creditor_change
from pocketgui.store.repository import StateRecord, Store
from pocketgui.tracking.tracker import ExchangeTracker


class NotDemo(RuntimeError):
    """A demo action (bank transfer, block, identification) outside the Demo."""


class PurchasesCore:
    def __init__(self, pocket: PocketClient, store: Store, tracker: ExchangeTracker,
                 demo: DemoBank | None = None) -> None:
        self.pocket, self.store, self.tracker, self.demo = pocket, store, tracker, demo

    @property
    def environment(self) -> str:
        return self.tracker.environment

    @property
    def network(self) -> Network:
        return self.tracker.network

    # Reads -------------------------------------------------------------------------------------

    def history(self) -> HistorySnapshot:
        """Blocks: every order and purchase of the environment (1,000 exchanges: a worker's
        job, not the UI thread's)."""
        return load_history(self.store, self.environment)

    def chain_view(self) -> ChainView:
        """Blocks (a small read): the chain's confirmations and the payouts known from it."""
        return load_chain_view(self.store, self.environment)

    def has_order(self, order_id: str) -> bool:
        """Blocks (one row): whether this store has the order (news of another is dropped)."""
        return self.store.get_order(order_id) is not None

    def purchase(self, exchange_id: str) -> Purchase | None:
        """Blocks (one row): the purchase as stored now (None: not in this store)."""
        stored = self.store.get_exchange(exchange_id)
        return Purchase.from_stored(stored) if stored is not None else None

    def timeline(self, exchange_id: str) -> list[StateRecord]:
        """Blocks (a few rows; the dashboard reads it while drawing a detail)."""
        return self.store.timeline(exchange_id)

    def creditor_problem(self, order: Order) -> str | None:
        """Why the order's creditor account is not the trusted one (None: it is)."""
        return creditor_change(self.store, self.pocket.environment, order)

    # Writes ------------------------------------------------------------------------------------

    def change_order(self, order_id: str, patch: OrderPatch) -> Order:
        """Blocks: pause, resume or a new fee rate, sent with an intent; Pocket's answer is
        checked against the stored order and stored only when faithful (TamperedResponse
        otherwise, the stored order unchanged)."""
        return change_order(self.pocket, self.store, order_id, patch)

    # The demo's bank and blockchain ------------------------------------------------------------

    def _bank(self) -> DemoBank:
        if self.demo is None:
            raise NotDemo(_("Only the Demo has a simulated bank and blockchain."))
        return self.demo

    def transfer(self, order_id: str, amount: Decimal) -> None:
        """Blocks: the demo's bank pays `amount` to the order; the tracker takes the answer."""
        self.tracker.observe(self._bank().transfer(order_id, amount), source="answer")

    def mine_block(self, waiting: Iterable[str] = ()) -> int:
        """Blocks: one block; the exchanges `waiting` for it are asked now rather than at the
        next poll. Returns the new tip."""
        tip = self._bank().mine_block()
        self._ask(waiting)
        return tip

    def complete_identification(self, identification_id: str) -> None:
        """Blocks: the sandbox completes the identification; its exchanges are asked again."""
        self._ask(self._bank().complete_identification(identification_id))

    def _ask(self, exchange_ids: Iterable[str]) -> None:
        for exchange_id in exchange_ids:
            self.tracker.observe(self.pocket.get_exchange(exchange_id), source="poll")
