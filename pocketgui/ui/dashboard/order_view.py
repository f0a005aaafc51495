"""One order: what it is (currency, fee, active, payout), its totals, its actions, its purchases.

Only widgets here; the dashboard does the work (Pocket calls on the worker, the store) and feeds
the results back through `show_summary` and the purchases model.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pocketgui.history.money import PERCENT, format_btc, format_fiat, parse_fee_percent
from pocketgui.history.orders import OrderSummary
from pocketgui.i18n.catalog import _, ngettext
from pocketgui.ui import palette
from pocketgui.ui.dashboard.chart import PriceChart
from pocketgui.ui.dashboard.orders_list import purchase_count
from pocketgui.ui.dashboard.purchase_detail import PurchaseDetail
from pocketgui.ui.dashboard.purchases_model import (
    PAID_TO_COLUMN,
    STATE_COLUMN,
    BadgeDelegate,
    PurchasesModel,
)
from pocketgui.ui.widgets.busy import BusyIndicator
from pocketgui.ui.widgets.error_box import ErrorBox
from pocketgui.ui.widgets.labels import PlainLabel, emphasised, muted


class Figure(QFrame):
    """One total: a muted caption over a large value, and a small line below."""

    def __init__(self, caption: str, name: str) -> None:
        super().__init__()
        palette.tinted(self, name, **palette.CARD)
        self.value = emphasised(PlainLabel(), 1.25)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # caption and small line wrap: four figures share the width in every language (a
        # longer translation takes a second line rather than widening the window)
        self.sub = muted(PlainLabel(wrap=True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(muted(PlainLabel(caption, wrap=True)))
        layout.addWidget(self.value)
        layout.addWidget(self.sub)

    def set(self, value: str, sub: str = "") -> None:
        self.value.setText(value)
        self.sub.setText(sub)


class OrderView(QWidget):
    pause_requested = Signal(bool)  # the wanted `active`
    fee_rate_requested = Signal(object)  # Decimal, validated
    instructions_requested = Signal()
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary: OrderSummary | None = None
        self.title = emphasised(PlainLabel(), 1.35)
        self.title.setObjectName("orderTitle")
        self.facts = PlainLabel(wrap=True, selectable=True)
        self.facts.setObjectName("orderFacts")
        self.payout = muted(PlainLabel(wrap=True, selectable=True))
        self.banner = palette.tinted(QFrame(), "mismatchBanner", **palette.ALARM)
        self.banner_text = emphasised(PlainLabel(wrap=True, selectable=True))
        QVBoxLayout(self.banner).addWidget(self.banner_text)
        self.attention = muted(PlainLabel(wrap=True))
        self.spent = Figure(_("Spent"), "figureSpent")
        self.fees = Figure(_("Pocket's fees"), "figureFees")
        self.bought = Figure(_("Bitcoin bought"), "figureBought")
        self.average = Figure(_("Average price"), "figureAverage")
        figures = QHBoxLayout()
        for figure in (self.spent, self.fees, self.bought, self.average):
            figures.addWidget(figure, 1)

        self.pause = QPushButton(_("Pause order"))
        self.pause.setObjectName("pauseOrder")
        self.pause.clicked.connect(self._toggle)
        self.fee = QLineEdit()
        self.fee.setObjectName("feeRate")
        self.fee.setPlaceholderText("1.2–4.5")
        self.fee.setMaximumWidth(70)
        self.fee_apply = QPushButton(_("Change fee rate"))
        self.fee_apply.setObjectName("changeFee")
        self.fee_apply.clicked.connect(self._fee)
        self.fee.returnPressed.connect(self._fee)
        self.fee.textEdited.connect(self._fee_edited)
        self.instructions = QPushButton(_("Payment instructions"))
        self.instructions.setObjectName("showInstructions")
        self.instructions.clicked.connect(self.instructions_requested.emit)
        self.export = QPushButton(_("Export CSV…"))
        self.export.setObjectName("exportCsv")
        self.export.clicked.connect(self.export_requested.emit)
        actions = QHBoxLayout()
        actions.addWidget(self.pause)
        actions.addSpacing(12)
        actions.addWidget(muted(PlainLabel(_("Fee %"))))
        actions.addWidget(self.fee)
        actions.addWidget(self.fee_apply)
        actions.addSpacing(12)
        actions.addWidget(self.instructions)
        actions.addStretch(1)
        actions.addWidget(self.export)
        self.fee_problem = PlainLabel(wrap=True)
        self.fee_problem.setObjectName("feeProblem")
        self.fee_problem.setStyleSheet(palette.BAD_TEXT)
        self.fee_problem.setVisible(False)
        self.busy = BusyIndicator()
        self.error = ErrorBox()

        self.model = PurchasesModel(self)
        self.table = QTableView()
        self.table.setObjectName("purchases")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(STATE_COLUMN, BadgeDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # "Paid to" takes what is left (its address elided in the middle, whole in the tooltip
        # and the detail), so the table never scrolls sideways at the window's default size
        header.setSectionResizeMode(PAID_TO_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(60)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        for column, width in enumerate((118, 140, 92, 72, 100, 86, 0, 112, 52)):
            if column != PAID_TO_COLUMN:
                self.table.setColumnWidth(column, width)
        self.detail = PurchaseDetail()
        self.detail.setObjectName("purchaseDetail")
        scroller = QScrollArea()  # a small window scrolls the detail, never clips it
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(self.detail)
        self.detail_scroll = scroller
        split = QSplitter(Qt.Orientation.Vertical)
        self.split = split
        split.addWidget(self.table)
        split.addWidget(scroller)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.chart = PriceChart()
        self.tabs = QTabWidget()
        self.tabs.addTab(split, _("Purchases"))
        self.tabs.addTab(self.chart, _("Chart"))

        head = QGridLayout()
        head.addWidget(self.title, 0, 0)
        head.addWidget(self.facts, 1, 0)
        head.addWidget(self.payout, 2, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addLayout(figures)
        layout.addWidget(self.attention)
        layout.addLayout(actions)
        layout.addWidget(self.fee_problem)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addWidget(self.tabs, 1)
        self.banner.setVisible(False)

    def show_summary(self, summary: OrderSummary, alarm: str = "") -> None:
        first = self.summary is None or self.summary.id != summary.id
        self.summary = summary
        order, totals, currency = summary.order, summary.totals, summary.currency
        self.title.setText(summary.title)
        count = purchase_count(totals.purchases)
        self.facts.setText(_("{status} · {currency} · fee rate {fee_rate} · reference "
                             "{reference} · {purchases}").format(
            status=summary.status, currency=currency, fee_rate=summary.fee_rate,
            reference=summary.reference, purchases=count))
        self.payout.setText(_("Payout: {payout}").format(payout=summary.payout))
        self.pause.setText(_("Pause order") if order.active else _("Resume order"))
        if first:
            self.fee.setText(f"{(order.fee_rate * PERCENT).normalize():f}")
            self.fee_problem.setVisible(False)
        bought = ngettext("{executed} of {count} transfer bought bitcoin",
                          "{executed} of {count} transfers bought bitcoin",
                          totals.purchases).format(executed=totals.executed,
                                                   count=totals.purchases)
        if totals.chain_only:  # in the bitcoin figure; what they cost is not known
            bought += "\n" + ngettext(
                "{count} payout known only from the blockchain: cost not known until Pocket "
                "names it",
                "{count} payouts known only from the blockchain: cost not known until Pocket "
                "names them", totals.chain_only).format(count=totals.chain_only)
        self.spent.set(format_fiat(totals.spent, currency), bought)
        self.fees.set(format_fiat(totals.fees, currency), _("included in what was spent"))
        # "sent", not "received": a settled payout may still wait for its first block, and a
        # lightning node is paid, not a wallet
        paid_to = (_("{amount} paid to your node") if order.is_lightning
                   else _("{amount} sent to your wallet"))
        self.bought.set(format_btc(totals.bought),
                        paid_to.format(amount=format_btc(totals.received)))
        self.average.set(_("{price} / BTC").format(
                             price=format_fiat(totals.average_price, currency))
                         if totals.average_price is not None else "—",
                         _("all-in {price}").format(
                             price=format_fiat(totals.all_in_price, currency))
                         if totals.all_in_price is not None else _("before Pocket's fee"))
        if totals.mismatches:
            self.banner_text.setText(ngettext(
                "⚠ {count} purchase of this order was NOT paid to your wallet. {advice}",
                "⚠ {count} purchases of this order were NOT paid to your wallet. {advice}",
                totals.mismatches).format(
                count=totals.mismatches,
                advice=alarm or _("Keep these records and contact Pocket support.")))
        self.banner.setVisible(bool(totals.mismatches))
        needs = []
        if totals.interrupted:
            needs.append(ngettext("{count} purchase waiting for your identification",
                                  "{count} purchases waiting for your identification",
                                  totals.interrupted).format(count=totals.interrupted))
        if totals.refunded:
            needs.append(ngettext("{count} transfer refunded", "{count} transfers refunded",
                                  totals.refunded).format(count=totals.refunded))
        self.attention.setText(" · ".join(needs))
        self.attention.setVisible(bool(needs))

    def show_payout_controls(self) -> None:
        """A lightning purchase waits for the person's invoice or channel: the detail gets the
        room (a few rows of the table stay) and scrolls to the payout panel, so its controls
        are in view without a search below the fold. On a later turn of the event loop (a
        1 ms timer: a zero one runs in the same pass as the posted events before it): the panel
        has just been filled and laid out, and the window paints in between."""
        QTimer.singleShot(1, self._bring_payout_into_view)

    def _bring_payout_into_view(self) -> None:
        total = sum(self.split.sizes())
        if total > 0:
            table = max(90, total // 5)
            self.split.setSizes([table, total - table])
        panel = self.detail.lightning
        if panel.isVisible():
            top = panel.mapTo(self.detail, panel.rect().topLeft()).y()
            self.detail_scroll.verticalScrollBar().setValue(max(0, top - 8))

    def _toggle(self) -> None:
        if self.summary is not None:
            self.pause_requested.emit(not self.summary.order.active)

    def _fee(self) -> None:
        try:
            rate: Decimal = parse_fee_percent(self.fee.text())
        except ValueError as exc:
            self.fee_problem.setText(str(exc))
            self.fee_problem.setVisible(True)
            return
        self.fee_problem.setVisible(False)
        self.fee_rate_requested.emit(rate)

    def _fee_edited(self, text: str) -> None:
        """The complaint goes as soon as the value is right (or cleared); a new one only comes
        with the next "Change fee rate", not at every keystroke of a half-typed number."""
        if not self.fee_problem.isVisible():
            return
        try:
            parse_fee_percent(text)
        except ValueError:
            if text.strip():
                return
        self.fee_problem.setVisible(False)

    def set_busy(self, busy: bool) -> None:
        for button in (self.pause, self.fee_apply):
            button.setEnabled(not busy)
