"""The dashboard's demo actions: the yellow bar plays the bank and the blockchain.

`DemoActions` (Demo only: the core has the sandbox's bank) gets the purchases core, the demo
controls and the dashboard as a `DemoHost` (the order and purchases shown, running a call,
redrawing the detail): a simulated bank transfer, a mined block, a completed identification.
Each runs on the dashboard's task runner through the core, which hands Pocket's answer to the
tracker, so the purchases move exactly as with real news.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Protocol, TypeVar

from pocketgui.api.models import ExchangeStatus
from pocketgui.history.purchases import Purchase
from pocketgui.history.snapshot import HistorySnapshot
from pocketgui.i18n.catalog import _
from pocketgui.purchases.core import PurchasesCore
from pocketgui.ui.chain_watch import ChainWatch
from pocketgui.ui.dashboard.demo_controls import DemoControls
from pocketgui.ui.dashboard.order_view import OrderView
from pocketgui.ui.tasks import Task

T = TypeVar("T")


class DemoHost(Protocol):
    """What the demo actions use of the dashboard that shows them."""

    snapshot: HistorySnapshot
    current: str  # the order shown ("" when none)
    tip: int | None
    view: OrderView

    def show_detail(self, purchase: Purchase) -> None: ...

    def run(self, fn: Callable[[], T], message: str,
            on_done: Callable[[T], None] | None = None) -> Task: ...


class DemoActions:
    """What the demo controls do (see the module docstring)."""

    def __init__(self, host: DemoHost, core: PurchasesCore, controls: DemoControls,
                 identify: Callable[[str], None], chain: ChainWatch | None = None) -> None:
        self.host, self.core, self.controls = host, core, controls
        self.identify, self.chain = identify, chain

    def show_state(self) -> None:
        """The bar's buttons for the order shown (identification only when one waits)."""
        purchases = self.host.snapshot.purchases.get(self.host.current, [])
        self.controls.set_order(bool(self.host.current), identification_of(purchases) != "")

    def identify_current(self) -> None:
        identification = identification_of(
            self.host.snapshot.purchases.get(self.host.current, []))
        if identification:
            self.identify(identification)

    def simulate_transfer(self, amount: Decimal) -> Task | None:
        core, order_id = self.core, self.host.current
        if core.demo is None or not order_id:
            return None
        return self.host.run(lambda: core.transfer(order_id, amount),
                             _("The bank sends {amount} to Pocket…").format(amount=f"{amount:f}"))

    def mine_block(self) -> Task | None:
        core = self.core
        if core.demo is None:
            return None
        waiting = [p.id for ps in self.host.snapshot.purchases.values() for p in ps
                   if p.state is ExchangeStatus.SETTLED]
        return self.host.run(lambda: core.mine_block(waiting), _("Mining a block…"),
                             self._mined)

    def _mined(self, tip: int) -> None:
        self.host.tip = tip
        if self.chain is not None:  # the watch-only wallets see the block now, not next tick
            self.chain.request_sync()
        shown = self.host.view.detail.purchase
        if shown is not None:
            self.host.show_detail(shown)


def identification_of(purchases: list[Purchase]) -> str:
    """The latest interrupted purchase's identification id ("" when none waits)."""
    return next((p.exchange.action.identification_id for p in reversed(purchases)
                 if p.state is ExchangeStatus.INTERRUPTED and p.exchange.action
                 and p.exchange.action.identification_id), "")
