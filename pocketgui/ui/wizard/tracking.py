"""Step 7: every purchase of the order, from the transfer to the bitcoin confirmed in the wallet.

Pocket is asked again every few seconds while a purchase is not final (on the network runner,
never the UI thread); each payout address is checked against the wallet's own extended key by
the tracker, and a payout that is not the person's is said loudly. In Demo "Mine a block"
confirms the payouts sent so far. Outside the Demo without a relay or without a blockchain
source (`not_seen`: `settings.missing_news`) the page does not promise that every purchase is
followed: it says what the person will not see, and how to set it up.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QTreeWidget, QTreeWidgetItem

from pocketgui.api.models import (
    ChannelPayout,
    Exchange,
    ExchangeStatus,
    InvoicePayout,
    LightningPayoutStatus,
    OnchainPayout,
)
from pocketgui.flow.model import PurchaseFlow
from pocketgui.flow.steps import Step
from pocketgui.history.money import format_btc, format_fiat
from pocketgui.i18n.catalog import N_, _
from pocketgui.tracking.lightning_proof import unproven
from pocketgui.tracking.payout_check import PayoutVerdict
from pocketgui.tracking.state import is_final
from pocketgui.ui import palette
from pocketgui.ui.widgets.labels import PlainLabel, muted
from pocketgui.ui.wizard.page import Runners, WizardPage, card, value_label

INTRO = N_("Pocket buys bitcoin when your transfer arrives and sends it to your wallet in the "
         "evening batch. Each purchase is followed here until it is confirmed on the blockchain.")
INTRO_PARTIAL = N_("Pocket buys bitcoin when your transfer arrives and sends it to your wallet "
                   "in the evening batch. Purchases are followed here as far as news reaches "
                   "this computer.")
STATES = {  # translated where shown
    ExchangeStatus.PENDING: N_("Transfer received"),
    ExchangeStatus.INTERRUPTED: N_("Waiting for your identification"),
    ExchangeStatus.EXECUTED: N_("Bitcoin bought — waiting for the payout"),
    ExchangeStatus.SETTLED: N_("Sent to your wallet — waiting for a block"),
    ExchangeStatus.CONFIRMED: N_("✓ Confirmed in your wallet"),
    ExchangeStatus.REFUNDED: N_("Refunded"),
    ExchangeStatus.PAYOUT_PENDING: N_("Lightning payout pending"),
    ExchangeStatus.PAYOUT_SUCCEEDED: N_("✓ Paid over lightning"),
    ExchangeStatus.PAYOUT_FAILED: N_("Lightning payout failed"),
}
PAYOUT_STATES = {  # Pocket's lightning payout status, in words (translated where shown)
    LightningPayoutStatus.PENDING: N_("pending"),
    LightningPayoutStatus.SUCCEEDED: N_("succeeded"),
    LightningPayoutStatus.FAILED: N_("failed"),
}
NOT_PROVEN = N_("⚠ Lightning payout NOT proven: Pocket revealed no matching preimage")
LIGHTNING_INTRO = N_("Pocket buys bitcoin when your transfer arrives; then you choose how your "
                   "node is paid: by an invoice it issues, or by a new channel to it.")
POLL_MS = 2000
CHOOSE_LIGHTNING_PAYOUT = N_("Your node is paid over lightning: choose an invoice or a new channel "
                           "for this purchase on the dashboard, where it is marked “needs you”.")


def money(value: Decimal | None, currency: str) -> str:
    """In the locale's numbers (1'000.50 CHF in de_CH); a dash when there is none."""
    return format_fiat(value, currency)


def columns(exchange: Exchange) -> list[str]:
    """Paid, bitcoin, state: what a person looks for first."""
    currency = exchange.pair.split("/")[-1].upper()
    amount = format_btc(exchange.amount)
    status = _(STATES[exchange.status] if unproven(exchange.payout) is None else NOT_PROVEN)
    if exchange.reason is not None:  # Pocket's code, the same in every language
        status += f" ({exchange.reason.code.replace('_', ' ')})"
    return [money(exchange.cost, currency), amount, status]


def details(exchange: Exchange, verdict: PayoutVerdict | None, *, lightning: bool = False) -> str:
    """Rate, fee, where the bitcoin went and whether that is the person's wallet (for a
    lightning order: how its node is paid, which the dashboard lets the person choose)."""
    currency = exchange.pair.split("/")[-1].upper()
    lines = [_("Rate {rate} per bitcoin · Pocket's fee {fee}").format(
        rate=money(exchange.rate, currency), fee=money(exchange.fee, currency))]
    payout = exchange.payout
    if isinstance(payout, OnchainPayout):
        reason = verdict.reason if verdict else ""
        mine = (_("✓ an address of your wallet ({reason})") if verdict and verdict.ok
                else _("✗ NOT an address of your wallet: {reason}")).format(reason=reason)
        where = (_("Transaction {txid}:{outpoint}, in block {height}") if payout.block_height
                 else _("Transaction {txid}:{outpoint}")).format(
            txid=payout.txid, outpoint=payout.outpoint, height=payout.block_height)
        lines += [_("Sent to {address}").format(address=payout.bitcoin_address), mine, where]
    elif isinstance(payout, InvoicePayout):
        lines.append(_("Payout to your lightning node by an invoice: {status}").format(
            status=_(PAYOUT_STATES[payout.status])))
    elif isinstance(payout, ChannelPayout):
        lines.append(_("Payout to your lightning node by a new channel: {status}").format(
            status=_(PAYOUT_STATES[payout.status])))
    elif lightning and exchange.status is ExchangeStatus.EXECUTED:
        lines.append(_(CHOOSE_LIGHTNING_PAYOUT))
    return "\n".join(lines)


class TrackingPage(WizardPage):
    step = Step.TRACK

    intro_text = INTRO

    def __init__(self, flow: PurchaseFlow, runners: Runners, *, not_seen: str = "") -> None:
        super().__init__(flow, runners)
        if flow.is_lightning:
            self.intro.setText(_(LIGHTNING_INTRO) + (f" {not_seen}" if not_seen else ""))
        elif not_seen:
            self.intro.setText(f"{_(INTRO_PARTIAL)} {not_seen}")
        self.table = QTreeWidget()
        self.table.setObjectName("exchanges")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([_("Paid"), _("Bitcoin"), _("State")])
        self.table.setMaximumHeight(160)
        self.details = value_label(mono=False)
        self.details.setObjectName("exchangeDetails")
        self.table.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.header().setStretchLastSection(True)
        self.alarm = PlainLabel(wrap=True)
        self.alarm.setStyleSheet(palette.BAD_TEXT)
        self.mine = QPushButton(_("Mine a block"))
        self.mine.setObjectName("mineBlock")
        self.mine.setToolTip(_("Demo: the simulated blockchain confirms the payouts sent so "
                               "far"))
        self.mine.clicked.connect(lambda: self.run(self.flow.mine_block, _("Mining a block…"),
                                                   on_done=lambda _result: self.poll(),
                                                   device=False))
        self.mine_hint = muted(PlainLabel(_("Demo: a new block on the simulated blockchain "
                                            "confirms the payouts sent so far."), wrap=True))
        row = QHBoxLayout()
        row.addWidget(self.mine_hint, 1)
        row.addWidget(self.mine)
        self.body.addWidget(self.table)
        self.body.addWidget(card(self.details))
        self.body.addStretch(1)
        self.body.addWidget(self.alarm)
        self.body.addLayout(row)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)

    def enter(self) -> None:
        super().enter()
        self.timer.start()

    def open_exchanges(self) -> bool:
        return any(not is_final(e.status) for e in self.flow.data.exchanges.values())

    def poll(self) -> None:
        if not self.working and self.open_exchanges():
            self.run(self.flow.refresh_exchanges, _("Asking Pocket for news…"), device=False,
                     quiet=True)

    def show_flow(self) -> None:
        self.table.clear()
        for exchange in self.flow.data.exchanges.values():
            self.table.addTopLevelItem(QTreeWidgetItem(columns(exchange)))
        latest = list(self.flow.data.exchanges.values())[-1:]
        self.details.setText(details(latest[0], self.flow.payout_verdict(latest[0]),
                                     lightning=self.flow.is_lightning) if latest else "")
        problems = self.flow.data.payout_problems
        self.alarm.setText(_("A payout did not go to an address of your wallet: {problems}")
                           .format(problems="; ".join(problems)) if problems else "")
        self.alarm.setVisible(bool(problems))
        on_chain_demo = self.flow.is_demo and not self.flow.is_lightning  # blocks: on-chain
        self.mine.setVisible(on_chain_demo)
        self.mine_hint.setVisible(on_chain_demo)
        self.mine.setEnabled(not self.working)
