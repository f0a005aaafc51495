"""Step 7: every purchase of the order, from the transfer to the bitcoin confirmed in the wallet.

Pocket is asked again every few seconds while a purchase is not final (on the network runner,
never the UI thread); each payout address is checked against the wallet's own extended key by
the tracker, and a payout that is not the person's is said loudly. In Demo "Mine a block"
confirms the payouts sent so far.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QTreeWidget, QTreeWidgetItem

from pocketgui.api.models import Exchange, ExchangeStatus, OnchainPayout
from pocketgui.flow import PurchaseFlow, Step
from pocketgui.tracking import is_final
from pocketgui.ui.widgets.labels import PlainLabel
from pocketgui.ui.wizard.page import BAD_STYLE, Runners, WizardPage

INTRO = ("Pocket buys bitcoin when your transfer arrives and sends it to your wallet in the "
         "evening batch. Each purchase is followed here until it is confirmed on the blockchain.")
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
POLL_MS = 2000


def describe(exchange: Exchange) -> list[str]:
    currency = exchange.pair.split("/")[-1].upper()
    amount = f"{exchange.amount:.8f} BTC" if exchange.amount is not None else "—"
    rate = f"{exchange.rate:,.2f} {currency}" if exchange.rate is not None else "—"
    fee = f"{exchange.fee:.2f}" if exchange.fee is not None else "—"
    status = STATES[exchange.status]
    if exchange.reason is not None:
        status += f" ({exchange.reason.code.replace('_', ' ')})"
    payout = exchange.payout
    where = payout.bitcoin_address if isinstance(payout, OnchainPayout) else ""
    return [f"{exchange.cost:.2f} {currency}", amount, rate, fee, status, where]


class TrackingPage(WizardPage):
    step = Step.TRACK

    intro_text = INTRO

    def __init__(self, flow: PurchaseFlow, runners: Runners) -> None:
        super().__init__(flow, runners)
        self.table = QTreeWidget()
        self.table.setObjectName("exchanges")
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(["Paid", "Bitcoin", "Rate", "Fee", "State", "Sent to"])
        self.table.header().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.alarm = PlainLabel(wrap=True)
        self.alarm.setStyleSheet(BAD_STYLE)
        self.mine = QPushButton("Mine a block")
        self.mine.setObjectName("mineBlock")
        self.mine.setToolTip("Demo: the simulated blockchain confirms the payouts sent so far")
        self.mine.clicked.connect(lambda: self.run(self.flow.mine_block, "Mining a block…",
                                                   on_done=lambda _: self.poll(), device=False))
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.mine)
        self.body.addWidget(self.table, 1)
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
            self.table.addTopLevelItem(QTreeWidgetItem(describe(exchange)))
        for column in range(5):
            self.table.resizeColumnToContents(column)
        problems = self.flow.data.payout_problems
        self.alarm.setText("A payout did not go to an address of your wallet: "
                           + "; ".join(problems) if problems else "")
        self.alarm.setVisible(bool(problems))
        self.mine.setVisible(self.flow.is_demo)
        self.mine.setEnabled(not self.working)
