"""What the chain adds to the history: confirmations, and purchases known from the chain alone.

A payout an order's watch-only wallet saw is stored by the tracker (`chain_payouts`), linked to
Pocket's exchange when Pocket told us of it. Linked, it gives that purchase its confirmations,
in every environment (the tip is the chain source's). Unlinked, it is still a purchase: Pocket
paid the order's wallet but its news never reached this computer (no webhooks outside the
Demo), so it is listed as "received from Pocket" with its amount and confirmations. These are
derived from the store on every read, not kept as exchanges: they have no price or cost, and
the day Pocket's news arrives the same payout becomes that exchange's (`unnamed` drops it at
once, before the next chain round links it in the store).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from pocketgui.history.purchases import Purchase
from pocketgui.i18n.catalog import N_, _
from pocketgui.store.repository import ChainStatus, Store, StoredChainPayout

RECEIVED_FROM_POCKET = N_("Received from Pocket")  # translated where shown (`label`)


@dataclass(frozen=True)
class ChainPurchase:
    """A payout to an order's wallet that Pocket's news has not (yet) named."""

    order_id: str
    txid: str
    vout: int
    address: str
    path: str  # change/index below the order's key
    amount: Decimal  # BTC
    block_height: int | None
    first_seen: str  # ISO-8601 UTC

    @property
    def label(self) -> str:
        return _(RECEIVED_FROM_POCKET)

    def confirmations(self, tip: int | None) -> int:
        if self.block_height is None or tip is None or tip < self.block_height:
            return 0
        return tip - self.block_height + 1

    @classmethod
    def from_stored(cls, stored: StoredChainPayout) -> ChainPurchase:
        return cls(stored.order_id, stored.txid, stored.vout, stored.address, stored.path,
                   Decimal(stored.amount), stored.block_height, stored.first_seen)


def unnamed(known: Iterable[ChainPurchase], purchases: Iterable[Purchase]
            ) -> list[ChainPurchase]:
    """The payouts of `known` that none of `purchases` names: the store links a payout to the
    exchange whose payout has its txid only at the next chain round, and until then the same
    bitcoin must not count twice (totals, export)."""
    named = {purchase.txid.lower() for purchase in purchases if purchase.txid}
    return [payout for payout in known if payout.txid.lower() not in named]


@dataclass(frozen=True)
class ChainView:
    """The chain's part of one environment's history, read in one go."""

    status: ChainStatus | None
    known_only: dict[str, list[ChainPurchase]]  # by order id, oldest first
    heights: dict[str, int | None]  # exchange id → its payout's block height on chain

    @property
    def tip(self) -> int | None:
        return None if self.status is None else self.status.tip_height

    def confirmations(self, exchange_id: str) -> int | None:
        """Confirmations of an exchange's payout as the chain shows them; None when no wallet
        saw that payout (yet), or no source was ever synced."""
        if exchange_id not in self.heights or self.tip is None:
            return None
        height = self.heights[exchange_id]
        return 0 if height is None or self.tip < height else self.tip - height + 1


def load_chain_view(store: Store, environment: str) -> ChainView:
    known_only: dict[str, list[ChainPurchase]] = {}
    heights: dict[str, int | None] = {}
    for stored in store.chain_payouts(environment):
        if stored.exchange_id is None:
            known_only.setdefault(stored.order_id, []).append(ChainPurchase.from_stored(stored))
        else:
            heights[stored.exchange_id] = stored.block_height
    return ChainView(store.chain_status(environment), known_only, heights)
