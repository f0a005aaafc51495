"""An order as the dashboard lists it: currency, fee rate, active or paused, payout, totals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pocketgui.api import jsonio
from pocketgui.api.models import LightningPayoutMethod, Order
from pocketgui.history.money import format_fee_rate
from pocketgui.history.onchain import ChainPurchase
from pocketgui.history.purchases import Purchase, shorten
from pocketgui.history.totals import Totals, totals
from pocketgui.i18n.catalog import _
from pocketgui.i18n.formatting import format_date
from pocketgui.store.repository import StoredOrder


@dataclass(frozen=True)
class OrderSummary:
    order: Order
    network: str
    totals: Totals

    @property
    def id(self) -> str:
        return self.order.id

    @property
    def currency(self) -> str:
        return self.order.payment_method.currency.upper()

    @property
    def pair(self) -> str:
        """The order's pair as Pocket writes an exchange's (`btc/chf`), for rows Pocket did not
        name (a payout known from the chain alone)."""
        return f"btc/{self.order.payment_method.currency.lower()}"

    @property
    def fee_rate(self) -> str:
        return format_fee_rate(self.order.fee_rate)

    @property
    def status(self) -> str:
        return _("Active") if self.order.active else _("Paused")

    @property
    def reference(self) -> str:
        return self.order.payment_method.creditor_reference

    @property
    def payout(self) -> str:
        return payout_summary(self.order)

    @property
    def title(self) -> str:
        return _("{currency} order of {created} · {reference}").format(
            currency=self.currency, created=format_date(self.order.created_on),
            reference=self.reference)


def payout_summary(order: Order) -> str:
    """Where the bitcoin go, in one line: an address, or an extended key and where it starts."""
    method = order.payout_method
    if isinstance(method, LightningPayoutMethod):
        return _("Lightning node {pubkey}").format(pubkey=shorten(method.node_pubkey))
    if method.extended_public_key is None:
        return _("Address {address}").format(address=method.bitcoin_address)
    return _("Fresh address per purchase from {key} (from {path}, first {address})").format(
        key=shorten(method.extended_public_key), path=method.derivation_path,
        address=method.bitcoin_address)


def summarize_order(stored: StoredOrder, purchases: Iterable[Purchase],
                    known_from_chain: Sequence[ChainPurchase] = ()) -> OrderSummary:
    order = Order.from_wire(jsonio.loads(stored.raw_json))
    return OrderSummary(order, stored.network, totals(purchases, known_from_chain))
