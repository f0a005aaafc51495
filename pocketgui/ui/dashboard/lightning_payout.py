"""The payout of one executed lightning exchange: options and fees, invoice or channel, outcome.

Renders `pocketgui.flow.lightning_payout`: a pasted invoice is decoded and checked as it is typed
(CPU only, no I/O), with ✓ or the reason, before anything can be sent; every call (the PATCH,
the stored event's options, the demo node's invoice) runs on the dashboard's task runner, and
the answer reaches the panel twice — at once from the task, and through the tracker like any
other news. The panel lives in `PurchaseDetail`; the dashboard binds it to its services
(`PayoutServices`), so this module imports nothing of the dashboard's.

Object names for tests: lightningPayout, payoutOptions, payoutOptionsTable, payoutVerdict,
payoutTabs, invoiceText, invoiceCheck, createDemoInvoice, payByInvoice, nodeAddress,
privateChannel, channelFee, channelCheck, openChannel, payoutBusy; refusals show in `error`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pocketgui.api.client import PocketClient
from pocketgui.api.errors import PocketError
from pocketgui.api.models import Exchange, ExchangeStatus, Order
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.flow.lightning_payout import (
    Kind,
    LightningPayout,
    PayoutOptions,
    PayoutOutcomeUnknown,
    Verdict,
    describe_invoice,
    payout_options,
    verdict,
)
from pocketgui.history.money import format_btc
from pocketgui.i18n.catalog import N_, _
from pocketgui.store.repository import Store
from pocketgui.tracking.tracker import ExchangeTracker
from pocketgui.ui import palette
from pocketgui.ui.tasks import Task, TaskRunner
from pocketgui.ui.widgets.busy import BusyIndicator
from pocketgui.ui.widgets.error_box import ErrorBox
from pocketgui.ui.widgets.labels import PlainLabel, emphasised, muted

SHOWN_IN = frozenset({ExchangeStatus.EXECUTED, ExchangeStatus.PAYOUT_PENDING,
                      ExchangeStatus.PAYOUT_SUCCEEDED, ExchangeStatus.PAYOUT_FAILED})
OPTIONS_RETRY_MS = 1000  # the executed event may arrive after the exchange is shown
OPTIONS_RETRIES = 15
EXPIRY_REFRESH_MS = 15_000
VERDICT_STYLES = {
    Kind.PAID: f"#payoutVerdict {{ color: {palette.PAID_INK}; background: {palette.PAID_BG};"
               f" border: 1px solid {palette.PAID_BORDER}; border-radius: 4px; padding: 6px;"
               " font-weight: bold; }",
    Kind.NOT_PROVEN: f"#payoutVerdict {{ color: {palette.WHITE}; background: {palette.BAD};"
                     " border-radius: 4px; padding: 8px; font-weight: bold; }",
    Kind.FAILED: f"#payoutVerdict {{ color: {palette.ALARM_INK}; background: {palette.ALARM_BG};"
                 f" border: 1px solid {palette.ALARM_BORDER}; border-radius: 4px; padding: 6px; }}",
}
MONO = "font-family: monospace;"
# the decoded invoice's rows (`describe_invoice`'s labels) and the two payout kinds, as shown
INVOICE_ROWS = (N_("Amount"), N_("Payee node"), N_("Expires"), N_("Network"), N_("Description"))
PAYOUT_KINDS = {"invoice": N_("Invoice"), "channel": N_("Channel")}


@dataclass
class PayoutServices:
    """What the panel needs from the dashboard; `order_of` answers a known order by id."""

    client: PocketClient
    tracker: ExchangeTracker
    store: Store
    runner: TaskRunner
    order_of: Callable[[str], Order | None]
    demo: DemoBank | None = None


class LightningPayoutPanel(QFrame):
    payout_sent = Signal(object)  # the Exchange Pocket answered

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lightningPayout")
        self.setStyleSheet(palette.box_style("lightningPayout", border=palette.PANEL_BORDER))
        self.services: PayoutServices | None = None
        self.exchange: Exchange | None = None
        self.order: Order | None = None
        self.options = PayoutOptions((), "")
        self.shown = Verdict(Kind.NONE, "")
        self.busy_task: Task | None = None
        self.invoice_ok = self.channel_ok = False  # the local checks pass
        self._options_tries = 0
        self._options_timer = QTimer(self)
        self._options_timer.setSingleShot(True)
        self._options_timer.timeout.connect(self._load_options)
        self._expiry_timer = QTimer(self)  # "expires in …" stays true while the invoice sits
        self._expiry_timer.setInterval(EXPIRY_REFRESH_MS)
        self._expiry_timer.timeout.connect(self._invoice_changed)

        self.title = emphasised(PlainLabel(_("Lightning payout")), 1.1)
        self.options_text = PlainLabel(wrap=True)  # while unknown: why
        self.options_text.setObjectName("payoutOptions")
        self.options_table = QWidget()
        self.options_table.setObjectName("payoutOptionsTable")
        table = QGridLayout(self.options_table)
        table.setContentsMargins(0, 0, 0, 0)
        table.setHorizontalSpacing(24)
        table.setVerticalSpacing(2)
        for column, head in enumerate((_("Payout option"), _("Pocket's fee"),
                                       _("Your node receives"))):
            table.addWidget(muted(PlainLabel(head)), 0, column)
        self.option_rows: dict[str, tuple[PlainLabel, PlainLabel, PlainLabel]] = {}
        for row, (kind, name) in enumerate(PAYOUT_KINDS.items(), start=1):
            cells = (PlainLabel(_(name)), PlainLabel(selectable=True),
                     PlainLabel(selectable=True))
            for column, cell in enumerate(cells):
                table.addWidget(cell, row, column)
            self.option_rows[kind] = cells
        table.setColumnStretch(3, 1)
        self.verdict_text = PlainLabel(wrap=True, selectable=True)
        self.verdict_text.setObjectName("payoutVerdict")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("payoutTabs")
        self.tabs.addTab(self._invoice_tab(), _(PAYOUT_KINDS["invoice"]))
        self.tabs.addTab(self._channel_tab(), _(PAYOUT_KINDS["channel"]))
        self.busy = BusyIndicator()
        self.busy.setObjectName("payoutBusy")
        self.error = ErrorBox()  # keeps its own object name: its style sheet needs it
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.options_text)
        layout.addWidget(self.options_table)
        layout.addWidget(self.verdict_text)
        layout.addWidget(self.tabs)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        self.setVisible(False)

    def _invoice_tab(self) -> QWidget:
        tab = QWidget()
        self.invoice = QPlainTextEdit()
        self.invoice.setObjectName("invoiceText")
        self.invoice.setPlaceholderText(_("Paste a BOLT11 invoice from your node (lnbc…) for "
                                          "exactly the amount your node receives"))
        self.invoice.setStyleSheet(MONO)
        self.invoice.setFixedHeight(62)
        self.invoice.textChanged.connect(self._invoice_changed)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        self.invoice_rows: dict[str, PlainLabel] = {}
        for row, name in enumerate(INVOICE_ROWS):
            value = PlainLabel(selectable=True)
            if name == "Payee node":
                value.setStyleSheet(MONO)
            self.invoice_rows[name] = value
            grid.addWidget(muted(PlainLabel(_(name))), row, 0, Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        self.decoded = QWidget()
        self.decoded.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        self.invoice_check = PlainLabel(wrap=True)
        self.invoice_check.setObjectName("invoiceCheck")
        self.demo_invoice = QPushButton(_("Create invoice on the demo node"))
        self.demo_invoice.setObjectName("createDemoInvoice")
        self.demo_invoice.clicked.connect(self.create_demo_invoice)
        self.pay = QPushButton(_("Pay out by invoice"))
        self.pay.setObjectName("payByInvoice")
        self.pay.clicked.connect(self.pay_by_invoice)
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_invoice)
        buttons.addStretch(1)
        buttons.addWidget(self.pay)
        layout = QVBoxLayout(tab)
        layout.addWidget(self.invoice)
        layout.addWidget(self.decoded)
        layout.addWidget(self.invoice_check)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return tab

    def _channel_tab(self) -> QWidget:
        tab = QWidget()
        self.node_address = QLineEdit()
        self.node_address.setObjectName("nodeAddress")
        self.node_address.setPlaceholderText(_("optional: pubkey@host:port — empty, Pocket "
                                               "looks your node up"))
        self.node_address.setStyleSheet(MONO)
        self.node_address.textChanged.connect(self._channel_changed)
        self.private = QCheckBox(_("Private channel (not announced to the network)"))
        self.private.setObjectName("privateChannel")
        self.channel_fee = PlainLabel(wrap=True)
        self.channel_fee.setObjectName("channelFee")
        self.channel_check = PlainLabel(wrap=True)
        self.channel_check.setObjectName("channelCheck")
        self.open = QPushButton(_("Open a channel"))
        self.open.setObjectName("openChannel")
        self.open.clicked.connect(self.open_channel)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.addWidget(muted(PlainLabel(_("Node address"))), 0, 0)
        grid.addWidget(self.node_address, 0, 1)
        grid.addWidget(self.private, 1, 1)
        grid.addWidget(muted(PlainLabel(_("Channel fee"))), 2, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.channel_fee, 2, 1)
        grid.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open)
        layout = QVBoxLayout(tab)
        layout.addWidget(muted(PlainLabel(_(
            "When your node lacks inbound liquidity: Pocket opens a new channel to it and pushes "
            "the amount to your side (BOLT 2 push_msat)."), wrap=True)))
        layout.addLayout(grid)
        layout.addWidget(self.channel_check)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return tab

    # Wiring ------------------------------------------------------------------------------------

    def bind(self, services: PayoutServices) -> None:
        self.services = services
        self.demo_invoice.setVisible(services.demo is not None)

    def show_exchange(self, exchange: Exchange | None) -> None:
        """The purchase shown changed or moved on: show its payout, keep what is being typed."""
        order = None
        if exchange is not None and self.services is not None:
            order = self.services.order_of(exchange.order_id)
        if exchange is None or order is None or not order.is_lightning \
                or exchange.status not in SHOWN_IN:
            self.exchange = None
            self._options_timer.stop()
            self._expiry_timer.stop()
            self.setVisible(False)
            return
        fresh = self.exchange is None or self.exchange.id != exchange.id
        self.exchange, self.order = exchange, order
        if fresh:
            self._reset()
        self._show_verdict(verdict(exchange))
        self.setVisible(True)

    def _reset(self) -> None:
        self.invoice.blockSignals(True)
        self.invoice.clear()
        self.invoice.blockSignals(False)
        self.node_address.clear()
        self.private.setChecked(False)
        self.error.clear()
        self.options = PayoutOptions((), "")
        self.shown = Verdict(Kind.NONE, "")
        self.options_text.setText(_("Reading the payout options…"))
        self.options_text.setVisible(True)
        self.options_table.setVisible(False)
        self._options_tries = 0
        self._load_options()
        self._invoice_changed()

    # Options -----------------------------------------------------------------------------------

    def _load_options(self) -> None:
        if self.services is None or self.exchange is None:
            return
        exchange_id = self.exchange.id
        task = self.services.runner.submit(payout_options, self.services.store, exchange_id,
                                           name="payout options")
        task.succeeded.connect(lambda options: self._options_loaded(exchange_id, options))

    def _options_loaded(self, exchange_id: str, options: PayoutOptions) -> None:
        if self.exchange is None or self.exchange.id != exchange_id:
            return
        self.options = options
        if options.unknown and self._options_tries < OPTIONS_RETRIES:
            self._options_tries += 1
            self._options_timer.start(OPTIONS_RETRY_MS)
        self.options_text.setText(options.unknown)
        self.options_text.setVisible(bool(options.unknown))
        self.options_table.setVisible(not options.unknown and self.shown.can_pay)
        for kind, (name, fee, receives) in self.option_rows.items():
            option = options.of(kind)
            fee.setText(format_btc(option.fee) if option else "")
            receives.setText(format_btc(option.amount) if option else "")
            for cell in (name, fee, receives):
                cell.setVisible(option is not None)
        channel = options.of("channel")
        self.channel_fee.setText(
            options.unknown if options.unknown else
            _("No channel payout: the amount does not cover the channel fee.") if channel is None
            else _("{fee} — your node receives {amount}").format(
                fee=format_btc(channel.fee), amount=format_btc(channel.amount)))
        self._channel_changed()

    # Invoice -----------------------------------------------------------------------------------

    def _payout(self) -> LightningPayout | None:
        if self.services is None or self.exchange is None or self.order is None:
            return None
        return LightningPayout(self.services.client, self.services.tracker, self.order,
                               self.exchange)

    def _invoice_changed(self) -> None:
        text = self.invoice.toPlainText().strip()
        payout = self._payout()
        check = payout.check_invoice(text) if payout is not None and text else None
        rows = describe_invoice(check.invoice) if check is not None and check.invoice else []
        for name, value in dict(rows).items():
            self.invoice_rows[name].setText(value)
        self.decoded.setVisible(bool(rows))
        if check is None:
            self.invoice_check.setText("")
        elif check.code is None:
            self.invoice_check.setText(_("✓ For exactly this exchange's amount, payable to your "
                                         "order's node, on this network, not expired."))
        else:
            assert payout is not None
            self.invoice_check.setText(f"✗ {payout.explain(check.code)}")
        self.invoice_check.setStyleSheet(palette.DONE_TEXT if check and check.code is None
                                          else palette.BAD_TEXT)
        self.invoice_ok = check is not None and check.code is None
        if check is not None and check.invoice is not None and self.isVisible():
            self._expiry_timer.start()
        else:
            self._expiry_timer.stop()
        self._enable()

    def create_demo_invoice(self) -> Task | None:
        """Demo: the simulated node issues an invoice for the exchange's amount."""
        if self.services is None or self.services.demo is None or self.exchange is None:
            return None
        amount = self.exchange.amount
        task = self._run(self.services.demo.create_invoice,
                         _("Creating an invoice on the demo node…"), amount,
                         "pocketgui demo payout")
        task.succeeded.connect(lambda answer: self.invoice.setPlainText(answer[0]))
        return task

    def pay_by_invoice(self) -> Task | None:
        payout = self._payout()
        if payout is None:
            return None
        text = self.invoice.toPlainText()
        return self._send(self._run(payout.pay_by_invoice, _("Asking Pocket to pay the invoice…"),
                                    text))

    # Channel -----------------------------------------------------------------------------------

    def _channel_changed(self) -> None:
        payout = self._payout()
        code = payout.check_channel(self.node_address.text(), self.options) if payout else None
        self.channel_check.setText("" if code is None or payout is None
                                   else f"✗ {payout.explain(code)}")
        self.channel_check.setStyleSheet(palette.BAD_TEXT)
        self.channel_ok = code is None
        self._enable()

    def open_channel(self) -> Task | None:
        payout = self._payout()
        if payout is None:
            return None
        return self._send(self._run(payout.open_channel, _("Asking Pocket to open a channel…"),
                                    self.node_address.text(), self.private.isChecked(),
                                    self.options))

    # Outcome -----------------------------------------------------------------------------------

    def _run(self, fn: Callable[..., Any], message: str, *args: Any) -> Task:
        assert self.services is not None
        self.error.clear()
        task = self.services.runner.submit(fn, *args, name=message)
        self.busy_task = task
        self.busy.start(message)
        task.failed.connect(self._failed)
        task.finished.connect(lambda: self._idle(task))
        self._enable()
        return task

    def _send(self, task: Task) -> Task:
        task.succeeded.connect(self._answered)
        return task

    def _idle(self, task: Task) -> None:
        if self.busy_task is task:
            self.busy_task = None
            self.busy.stop()
            self._enable()

    def _answered(self, exchange: Exchange) -> None:
        self.payout_sent.emit(exchange)
        known = self.services.tracker.status(exchange.id) if self.services else None
        if known is not None and known is not exchange.status:
            return  # the tracker already has later news (it reaches the panel through the
            # dashboard): a late answer must not show a failed payout as pending again
        if self.exchange is not None and exchange.id == self.exchange.id:
            self.exchange = exchange
            self._show_verdict(verdict(exchange))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, PayoutOutcomeUnknown) and exc.exchange is not None:
            self.show_exchange(exc.exchange)
        if isinstance(exc, PocketError):
            self.error.show_error(exc.message, (
                _("error code: {code}, HTTP {status}") if exc.status
                else _("error code: {code}")).format(code=exc.code, status=exc.status))
        else:
            self.error.show_exception(exc)

    def _show_verdict(self, shown: Verdict) -> None:
        if shown.kind is Kind.FAILED and self.shown.kind is not Kind.FAILED:
            self.invoice.clear()  # that invoice cannot be paid: a new one is needed
        self.shown = shown
        self.verdict_text.setText(shown.text)
        self.verdict_text.setStyleSheet(VERDICT_STYLES.get(shown.kind, ""))
        self.tabs.setVisible(shown.can_pay)
        self.options_table.setVisible(shown.can_pay and not self.options.unknown
                                      and bool(self.options.options))
        self._enable()

    def _enable(self) -> None:
        idle = self.busy_task is None and self.shown.can_pay
        self.pay.setEnabled(idle and self.invoice_ok)
        self.open.setEnabled(idle and self.channel_ok)
        self.demo_invoice.setEnabled(idle)
        self.invoice.setReadOnly(not idle)


