"""The dashboard's demo actions: the yellow bar plays the bank and the blockchain.

A mixin of `Dashboard` (Demo only: `demo` is the sandbox's helpers): a simulated bank transfer,
a mined block, a completed identification. Each runs on the dashboard's task runner and hands
Pocket's answer to the tracker, so the purchases move exactly as with real news.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pocketgui.api.models import ExchangeStatus
from pocketgui.history import Purchase
from pocketgui.ui.tasks import Task


class DemoActions:
    """What the demo controls do (see the module docstring)."""

    # provided by Dashboard
    demo: Any
    current: str
    snapshot: Any
    demo_controls: Any
    tracker: Any
    pocket: Any
    tip: int | None
    view: Any
    chain: Any

    # Demo --------------------------------------------------------------------------------------

    def _demo_state(self) -> None:
        purchases = self.snapshot.purchases.get(self.current, [])
        self.demo_controls.set_order(bool(self.current), self._identification(purchases) != "")

    @staticmethod
    def _identification(purchases: list[Purchase]) -> str:
        return next((p.exchange.action.identification_id for p in reversed(purchases)
                     if p.state is ExchangeStatus.INTERRUPTED and p.exchange.action
                     and p.exchange.action.identification_id), "")

    def _identify_current(self) -> None:
        identification = self._identification(self.snapshot.purchases.get(self.current, []))
        if identification:
            self.identify(identification)

    def simulate_transfer(self, amount: Decimal) -> Task | None:
        demo, order_id = self.demo, self.current
        if demo is None or not order_id:
            return None

        def transfer() -> None:
            self.tracker.observe(demo.transfer(order_id, amount), source="answer")

        return self._run(transfer, f"The bank sends {amount:f} to Pocket…")

    def mine_block(self) -> Task | None:
        demo = self.demo
        if demo is None:
            return None
        waiting = [p.id for ps in self.snapshot.purchases.values() for p in ps
                   if p.state is ExchangeStatus.SETTLED]

        def mine() -> int:
            tip = demo.mine_block()
            for exchange_id in waiting:  # ask now rather than at the next poll
                self.tracker.observe(self.pocket.get_exchange(exchange_id), source="poll")
            return tip

        return self._run(mine, "Mining a block…", self._mined)

    def _mined(self, tip: int) -> None:
        self.tip = tip
        if self.chain is not None:  # the watch-only wallets see the block now, not next tick
            self.chain.request_sync()
        shown = self.view.detail.purchase
        if shown is not None:
            self._show_detail(shown)
