"""Paying out one executed lightning exchange: options and fees, local checks, PATCH, verdict.

Qt-free and blocking: the dashboard runs every call on its worker. The order of things is the
architecture's "verify before acting": an invoice or node address is checked locally first
(`pocketgui.flow.lightning`, in Pocket's own order) and refused with the same sentence Pocket's
error code gets (`PayoutNotSent`, nothing sent); only then is the PATCH sent, and Pocket's
answer goes to the tracker like any other news. A lost answer is never retried: the exchange is
read again and the outcome shown as unknown (`PayoutOutcomeUnknown`). A succeeded invoice
payout counts as paid only when its preimage hashes to the invoice's payment hash (`verdict`).

    payout = LightningPayout(client, tracker, order, exchange)
    options = payout_options(store, exchange.id)       # fees from the exchange.executed event
    payout.pay_by_invoice(text)                        # or payout.open_channel("", private=True)
    verdict(payout.follow(timeout=30)).text            # "✓ Paid — preimage … matches …"
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from pocketgui.api import jsonio
from pocketgui.api.client import PocketClient
from pocketgui.api.errors import OutcomeUnknown, PayoutError, PocketError
from pocketgui.api.fields import check_btc
from pocketgui.api.models import (
    ChannelPayout,
    ChannelPayoutRequest,
    Exchange,
    InvoicePayout,
    InvoicePayoutRequest,
    LightningPayoutMethod,
    LightningPayoutStatus,
    Order,
)
from pocketgui.bitcoin.bolt11 import Invoice
from pocketgui.bitcoin.networks import Network
from pocketgui.flow.lightning import (
    MSAT_PER_BTC,
    InvoiceCheck,
    check_invoice,
    check_node_address,
    reason_for,
)
from pocketgui.history.money import format_btc
from pocketgui.i18n.catalog import N_, _
from pocketgui.i18n.formatting import format_number
from pocketgui.store.repository import Store
from pocketgui.tracking.lightning_proof import payment_hash, unproven
from pocketgui.tracking.tracker import ANSWER

EXECUTED_EVENT = "exchange.executed"
# marked here, translated where the options are read (`payout_options`)
NO_EVENT = N_("The fees are not known yet: they come with Pocket's exchange.executed event, which "
            "has not arrived for this exchange (webhooks may be off, or the delivery is late).")
NO_OPTIONS = N_("The fees are not known: Pocket's exchange.executed event for this exchange "
              "carries no readable payout options.")


class Observer(Protocol):
    """Who hears of every answer (the `ExchangeTracker`): it records it and tells the UI."""

    def observe(self, exchange: Exchange, source: str) -> Any: ...


# Options and fees ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PayoutOption:
    type: str  # "invoice" or "channel"
    fee: Decimal  # BTC Pocket keeps for this payout type
    amount: Decimal  # BTC the node receives


@dataclass(frozen=True)
class PayoutOptions:
    options: tuple[PayoutOption, ...]
    unknown: str = ""  # why the fees are not known; empty when they are

    def of(self, kind: str) -> PayoutOption | None:
        return next((o for o in self.options if o.type == kind), None)


def payout_options(store: Store, exchange_id: str) -> PayoutOptions:
    """The payout options of the stored (signature-verified) exchange.executed event."""
    body = store.webhook_body(exchange_id, EXECUTED_EVENT)
    if body is None:
        return PayoutOptions((), _(NO_EVENT))
    try:
        options = tuple(_option(item) for item in jsonio.loads(body)["payload"]["payout_options"])
    except (ValueError, KeyError, TypeError):
        return PayoutOptions((), _(NO_OPTIONS))
    return PayoutOptions(options) if options else PayoutOptions((), _(NO_OPTIONS))


def _option(item: Any) -> PayoutOption:
    kind, fee, amount = item["type"], _btc(item["fee"]), _btc(item["amount"])
    if kind not in ("invoice", "channel") or amount <= 0:
        raise ValueError(f"not a payout option: {item!r}")
    return PayoutOption(kind, fee, amount)


def _btc(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"not an exact number: {value!r}")
    if (expected := check_btc(Decimal(value))) is not None:
        raise ValueError(f"{value} is not {expected}")
    return Decimal(value)


# Refusals --------------------------------------------------------------------------------------


class PayoutNotSent(PocketError):
    """A local check refused the payout; nothing was sent. `code` is the error code Pocket
    would have answered, `message` its sentence."""

    def __init__(self, code: str):
        super().__init__(reason_for(code), code=code)


class PayoutOutcomeUnknown(OutcomeUnknown):
    """The PATCH left but its answer was lost. `exchange` is the exchange read again afterwards
    (None when that failed too): whether a payout is under way shows there, not here."""

    def __init__(self, lost: OutcomeUnknown, exchange: Exchange | None):
        again = _("The exchange was read again: {verdict}").format(
            verdict=verdict(exchange).text) if exchange else _(
            "Reading the exchange again failed too: look again in a moment.")
        super().__init__(_("The payout request was sent but its answer was lost: it may or may "
                           "not have been accepted. Nothing is sent again by itself. {again}"
                           ).format(again=again), code=lost.code, status=lost.status)
        self.exchange = exchange


# The payout of one exchange --------------------------------------------------------------------


class LightningPayout:
    """One executed exchange of a lightning order and the calls that pay it out.

    `exchange` is kept up to date with every answer this object gets (PATCH, re-reads)."""

    def __init__(self, client: PocketClient, tracker: Observer, order: Order, exchange: Exchange,
                 *, network: Network | None = None):
        if not isinstance(order.payout_method, LightningPayoutMethod):
            raise ValueError(f"order {order.id} pays out on-chain")
        self.client, self.tracker = client, tracker
        self.node_pubkey = order.payout_method.node_pubkey
        self.network = network or client.environment.network
        self.exchange = exchange

    @property
    def amount(self) -> Decimal:
        return self.exchange.amount or Decimal(0)

    def check_invoice(self, text: str, now: datetime | None = None) -> InvoiceCheck:
        """The pasted invoice against this exchange's amount, the order's node and the network."""
        return check_invoice(text, network=self.network, amount=self.amount,
                             node_pubkey=self.node_pubkey, now=now)

    def check_channel(self, node_address: str, options: PayoutOptions | None = None) -> str | None:
        """The error code a channel payout would get for what the app knows, or None."""
        code = check_node_address(node_address, self.node_pubkey)
        if code is None and options is not None and not options.unknown \
                and options.of("channel") is None:
            return "channel_amount_too_small"
        return code

    def explain(self, code: str) -> str:
        """Pocket's sentence for `code`, plus the fact of this exchange it is about."""
        facts = {
            "invoice_amount": lambda: _("This exchange pays {amount} ({sat} sat).").format(
                amount=format_btc(self.amount), sat=_sat(int(self.amount * MSAT_PER_BTC))),
            "unexpected_node_pubkey": lambda: _("This order's node is {node}.").format(
                node=self.node_pubkey),
            "invoice_network": lambda: _("This environment is on {network}.").format(
                network=self.network.value),
        }
        fact = facts.get(code)
        return f"{reason_for(code)} {fact() if fact else ''}".strip()

    def pay_by_invoice(self, text: str) -> Exchange:
        """Checks the invoice, then asks Pocket to pay it (PATCH). Raises PayoutNotSent, or
        Pocket's refusal (its sentence), or PayoutOutcomeUnknown."""
        self._refuse(self.check_invoice(text).code)
        return self._patch(InvoicePayoutRequest(text.strip()))

    def open_channel(self, node_address: str = "", private: bool = False,
                     options: PayoutOptions | None = None) -> Exchange:
        """Checks the node address, then asks Pocket to open a channel that pushes the amount.
        An empty address lets Pocket look the node up."""
        self._refuse(self.check_channel(node_address, options))
        address = node_address.strip() or None
        return self._patch(ChannelPayoutRequest(address, private))

    def refresh(self) -> Exchange:
        """Read the exchange again and hand it to the tracker."""
        self.exchange = self.client.get_exchange(self.exchange.id)
        self.tracker.observe(self.exchange, "poll")
        return self.exchange

    def follow(self, timeout: float, interval: float = 0.05) -> Exchange:
        """Re-read until the payout is no longer pending (or `timeout` passes)."""
        deadline = time.monotonic() + timeout
        while verdict(self.exchange).kind is Kind.PENDING and time.monotonic() < deadline:
            time.sleep(interval)
            self.refresh()
        return self.exchange

    def _refuse(self, code: str | None) -> None:
        code = code or _state_refusal(self.exchange)
        if code is not None:
            raise PayoutNotSent(code)

    def _patch(self, request: InvoicePayoutRequest | ChannelPayoutRequest) -> Exchange:
        try:
            answer = self.client.patch_exchange(self.exchange.id, request)
        except OutcomeUnknown as lost:
            raise PayoutOutcomeUnknown(lost, self._reread()) from lost
        except PayoutError as refused:
            if refused.code in ("in_progress", "already_completed"):
                self._reread()  # the app's view was behind Pocket's: catch up
            raise
        self.exchange = answer
        self.tracker.observe(answer, ANSWER)
        return answer

    def _reread(self) -> Exchange | None:
        try:
            return self.refresh()
        except PocketError:
            return None


def _state_refusal(exchange: Exchange) -> str | None:
    """The code Pocket answers for the exchange's own state (before looking at the request)."""
    payout = exchange.payout
    if exchange.executed_on is None:
        return "exchange_not_executed"
    if isinstance(payout, InvoicePayout | ChannelPayout):
        if payout.status is LightningPayoutStatus.PENDING:
            return "in_progress"
        if payout.status is LightningPayoutStatus.SUCCEEDED:
            return "already_completed"
    elif payout is not None:
        return "not_lightning_exchange"
    return None


# What to show ----------------------------------------------------------------------------------


class Kind(StrEnum):
    CHOOSE = "choose"  # executed, no payout chosen yet (or the last one failed: see FAILED)
    PENDING = "pending"
    PAID = "paid"  # invoice: preimage verified; channel: opened
    NOT_PROVEN = "not_proven"  # Pocket says paid, but the preimage does not prove it
    FAILED = "failed"  # may be tried again
    NONE = "none"  # nothing to pay out (not executed, refunded, on-chain…)


@dataclass(frozen=True)
class Verdict:
    kind: Kind
    text: str
    preimage: str | None = None
    payment_hash: str | None = None

    @property
    def can_pay(self) -> bool:
        return self.kind in (Kind.CHOOSE, Kind.FAILED)


def verdict(exchange: Exchange) -> Verdict:
    """Where the exchange's lightning payout stands, in words; paid only with proof."""
    payout = exchange.payout
    if payout is None:
        if exchange.executed_on is None or exchange.reason is not None:
            return Verdict(Kind.NONE, _("Nothing to pay out yet."))
        return Verdict(Kind.CHOOSE, _("Choose how Pocket pays {amount} out to your node.").format(
            amount=format_btc(exchange.amount)))
    if isinstance(payout, InvoicePayout | ChannelPayout):
        pending, failed = _UNDER_WAY[type(payout)]
        if payout.status is LightningPayoutStatus.PENDING:
            return Verdict(Kind.PENDING, _(pending))
        if payout.status is LightningPayoutStatus.FAILED:
            return Verdict(Kind.FAILED, _(failed))
        return _paid(payout) if isinstance(payout, InvoicePayout) else _opened(payout)
    return Verdict(Kind.NONE, _("This exchange pays out on-chain."))


_UNDER_WAY: dict[type, tuple[str, str]] = {  # pending, failed (translated where used)
    InvoicePayout: (N_("Pocket is paying the invoice…"),
                    N_("✗ Pocket could not pay the invoice (no route to your node, or your node "
                       "did not accept it). Nothing was paid: create a new invoice and pay out "
                       "again.")),
    ChannelPayout: (N_("Pocket is opening a channel to your node…"),
                    N_("✗ Pocket could not open the channel. Nothing was paid: check that your "
                       "node is online, then try again or pay out by invoice.")),
}


def _paid(payout: InvoicePayout) -> Verdict:
    """Paid means proven: the preimage Pocket reveals must hash to the invoice's payment hash
    (`tracking.lightning_proof`, the one rule every view of a payout follows)."""
    digest, why = payment_hash(payout.invoice), unproven(payout)
    if why is None and payout.preimage and digest:
        return Verdict(Kind.PAID, _("✓ Paid — preimage {preimage} matches the invoice's "
                                    "payment hash").format(preimage=payout.preimage.lower()),
                       payout.preimage, digest)
    return Verdict(Kind.NOT_PROVEN,
                   _("⚠ NOT PROVEN: {why}. Check your node's received payments and keep this "
                     "record for Pocket support.").format(why=why), payout.preimage, digest)


def _opened(payout: ChannelPayout) -> Verdict:
    return Verdict(Kind.PAID, _("✓ Channel opened — {amount} pushed to your node; funding "
                                "transaction {txid}:{outpoint}, channel id {channel}").format(
        amount=format_btc(payout.amount), txid=payout.txid, outpoint=payout.outpoint,
        channel=payout.channel_id))


# An invoice, decoded for the person ------------------------------------------------------------


def describe_invoice(invoice: Invoice, now: datetime | None = None) -> list[tuple[str, str]]:
    """What the pasted invoice says, as (label, value) rows: amount, payee, expiry, network,
    description — shown as typed, before anything is sent."""
    if invoice.amount_msat is None:
        amount = _("no amount")
    else:
        btc = Decimal(invoice.amount_msat) / MSAT_PER_BTC
        exact = "" if invoice.amount_msat % 1000 == 0 else f" + {invoice.amount_msat % 1000} msat"
        amount = f"{format_btc(btc)} ({_sat(invoice.amount_msat)} sat{exact})"
    return [
        (_("Amount"), amount),
        (_("Payee node"), invoice.payee),
        (_("Expires"), _expires(invoice.expires_at, now or datetime.now(UTC))),
        (_("Network"), invoice.network.value),
        (_("Description"), invoice.description or "—"),
    ]


def _sat(msat: int) -> str:
    """Whole satoshis in the locale's grouping (32,833 in English, 32'833 in de_CH)."""
    return format_number(Decimal(msat // 1000), 0)


def _expires(at: datetime, now: datetime) -> str:
    seconds = int((at - now).total_seconds())
    span = abs(seconds)
    if span >= 86400:
        words = _("{days} d").format(days=span // 86400)
    elif span >= 3600:
        words = _("{hours} h {minutes} min").format(hours=span // 3600,
                                                     minutes=span % 3600 // 60)
    elif span >= 60:
        words = _("{minutes} min").format(minutes=span // 60)
    else:
        words = _("{seconds} s").format(seconds=span)
    return (_("in {span}") if seconds > 0 else _("expired {span} ago")).format(span=words)
