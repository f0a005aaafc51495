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
    OnchainPayout,
)
from pocketgui.flow import PurchaseFlow, Step
from pocketgui.tracking import PayoutVerdict, is_final, unproven
from pocketgui.ui import palette
from pocketgui.ui.widgets.labels import PlainLabel, muted
from pocketgui.ui.wizard.page import Runners, WizardPage, card, value_label

INTRO = ("Pocket buys bitcoin when your transfer arrives and sends it to your wallet in the "
         "evening batch. Each purchase is followed here until it is confirmed on the blockchain.")
INTRO_PARTIAL = ("Pocket buys bitcoin when your transfer arrives and sends it to your wallet in "
                 "the evening batch. Purchases are followed here as far as news reaches this "
                 "computer. ")
STATES = {
    ExchangeStatus.PENDING: "Transfer received",
    ExchangeStatus.INTERRUPTED: "Waiting for your identification",
    ExchangeStatus.EXECUTED: "Bitcoin bought — waiting for the payout",
    ExchangeStatus.SETTLED: "Sent to your wallet — waiting for a block",
    ExchangeStatus.CONFIRMED: "✓ Confirmed in your wallet",
    ExchangeStatus.REFUNDED: "Refunded",
    ExchangeStatus.PAYOUT_PENDING: "Lightning payout pending",
    ExchangeStatus.PAYOUT_SUCCEEDED: "✓ Paid over lightning",
    ExchangeStatus.PAYOUT_FAILED: "Lightning payout failed",
}
NOT_PROVEN = "⚠ Lightning payout NOT proven: Pocket revealed no matching preimage"
LIGHTNING_INTRO = ("Pocket buys bitcoin when your transfer arrives; then you choose how your "
                   "node is paid: by an invoice it issues, or by a new channel to it.")
POLL_MS = 2000
CHOOSE_LIGHTNING_PAYOUT = ("Your node is paid over lightning: choose an invoice or a new channel "
                           "for this purchase on the dashboard, where it is marked “needs you”.")


def money(value: Decimal | None, currency: str) -> str:
    return f"{value:,.2f} {currency}" if value is not None else "—"


def columns(exchange: Exchange) -> list[str]:
    """Paid, bitcoin, state: what a person looks for first."""
    currency = exchange.pair.split("/")[-1].upper()
    amount = f"{exchange.amount:.8f} BTC" if exchange.amount is not None else "—"
    status = STATES[exchange.status] if unproven(exchange.payout) is None else NOT_PROVEN
    if exchange.reason is not None:
        status += f" ({exchange.reason.code.replace('_', ' ')})"
    return [money(exchange.cost, currency), amount, status]


def details(exchange: Exchange, verdict: PayoutVerdict | None, *, lightning: bool = False) -> str:
    """Rate, fee, where the bitcoin went and whether that is the person's wallet (for a
    lightning order: how its node is paid, which the dashboard lets the person choose)."""
    currency = exchange.pair.split("/")[-1].upper()
    lines = [f"Rate {money(exchange.rate, currency)} per bitcoin · Pocket's fee "
             f"{money(exchange.fee, currency)}"]
    payout = exchange.payout
    if isinstance(payout, OnchainPayout):
        mine = (f"✓ an address of your wallet ({verdict.reason})" if verdict and verdict.ok
                else f"✗ NOT an address of your wallet: {verdict.reason if verdict else ''}")
        lines += [f"Sent to {payout.bitcoin_address}", mine,
                  f"Transaction {payout.txid}:{payout.outpoint}"
                  + (f", in block {payout.block_height}" if payout.block_height else "")]
    elif isinstance(payout, InvoicePayout | ChannelPayout):
        kind = "an invoice" if isinstance(payout, InvoicePayout) else "a new channel"
        lines.append(f"Payout to your lightning node by {kind}: {payout.status.value}")
    elif lightning and exchange.status is ExchangeStatus.EXECUTED:
        lines.append(CHOOSE_LIGHTNING_PAYOUT)
    return "\n".join(lines)


class TrackingPage(WizardPage):
    step = Step.TRACK

    intro_text = INTRO

    def __init__(self, flow: PurchaseFlow, runners: Runners, *, not_seen: str = "") -> None:
        super().__init__(flow, runners)
        if flow.is_lightning:
            self.intro.setText(LIGHTNING_INTRO + (f" {not_seen}" if not_seen else ""))
        elif not_seen:
            self.intro.setText(INTRO_PARTIAL + not_seen)
        self.table = QTreeWidget()
        self.table.setObjectName("exchanges")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(["Paid", "Bitcoin", "State"])
        self.table.setMaximumHeight(160)
        self.details = value_label(mono=False)
        self.details.setObjectName("exchangeDetails")
        self.table.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.header().setStretchLastSection(True)
        self.alarm = PlainLabel(wrap=True)
        self.alarm.setStyleSheet(palette.BAD_TEXT)
        self.mine = QPushButton("Mine a block")
        self.mine.setObjectName("mineBlock")
        self.mine.setToolTip("Demo: the simulated blockchain confirms the payouts sent so far")
        self.mine.clicked.connect(lambda: self.run(self.flow.mine_block, "Mining a block…",
                                                   on_done=lambda _: self.poll(), device=False))
        self.mine_hint = muted(PlainLabel("Demo: a new block on the simulated blockchain confirms "
                                          "the payouts sent so far."))
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
            self.run(self.flow.refresh_exchanges, "Asking Pocket for news…", device=False,
                     quiet=True)

    def show_flow(self) -> None:
        self.table.clear()
        for exchange in self.flow.data.exchanges.values():
            self.table.addTopLevelItem(QTreeWidgetItem(columns(exchange)))
        latest = list(self.flow.data.exchanges.values())[-1:]
        self.details.setText(details(latest[0], self.flow.payout_verdict(latest[0]),
                                     lightning=self.flow.is_lightning) if latest else "")
        problems = self.flow.data.payout_problems
        self.alarm.setText("A payout did not go to an address of your wallet: "
                           + "; ".join(problems) if problems else "")
        self.alarm.setVisible(bool(problems))
        on_chain_demo = self.flow.is_demo and not self.flow.is_lightning  # blocks: on-chain
        self.mine.setVisible(on_chain_demo)
        self.mine_hint.setVisible(on_chain_demo)
        self.mine.setEnabled(not self.working)
