"""`Dashboard`: the orders of the environment and every purchase, live, with the order actions.

Threads: Pocket calls, sandbox helpers and the first read of the history (1,000 exchanges take
longer to parse than the UI may stall) run on the task runner; the tracker's news comes through
`TrackerBridge`, already read from the store on the tracker's thread; the UI thread only
updates the model, the figures and the chart. A change is shown and notified once per state.
Every read, write and call goes through the Qt-free purchases core
(`pocketgui.purchases.core.PurchasesCore`); the dashboard renders it. What the buttons do
lives in `order_actions.py` (the order's actions) and `demo_actions.py` (the demo's bank and
blockchain), small objects built here with what they need; the lightning payout panel in
`lightning_payout.py`. With a `ChainWatch` the status
line under the orders says the blockchain source, its height and the last sync (or what went
wrong); outside the Demo with no source it says what the person will not see, and the relay's
line under it how the person's relay is (`relay_status`).

    dashboard = Dashboard(pocket=client, runner=runner, store=store, tracker=tracker,
                          signals=signals, notifier=Notifier(), demo=DemoBank(url, client_id))
    dashboard.new_order_requested.connect(show_wizard)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pocketgui.api.client import PocketClient
from pocketgui.api.models import ExchangeStatus, Order, OrderPatch
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.history import totals
from pocketgui.history.chart import chart_points
from pocketgui.history.onchain import ChainPurchase, ChainView, unnamed
from pocketgui.history.orders import OrderSummary
from pocketgui.history.preferences import DashboardPreferences
from pocketgui.history.purchases import Purchase, payout_addresses, timeline
from pocketgui.history.snapshot import HistorySnapshot
from pocketgui.history.texts import NOTIFIED_STATES, notification_text
from pocketgui.i18n.catalog import N_, _, ngettext
from pocketgui.purchases.core import PurchasesCore
from pocketgui.store.repository import Store
from pocketgui.tracking.tracker import ExchangeTracker
from pocketgui.ui.chain_watch import ChainWatch
from pocketgui.ui.dashboard.chain_status import ChainState, ChainStatusLine
from pocketgui.ui.dashboard.demo_actions import DemoActions
from pocketgui.ui.dashboard.demo_controls import DemoControls
from pocketgui.ui.dashboard.lightning_payout import PayoutServices
from pocketgui.ui.dashboard.notifications import Notifier
from pocketgui.ui.dashboard.order_actions import OrderActions
from pocketgui.ui.dashboard.order_view import OrderView
from pocketgui.ui.dashboard.orders_list import OrdersList
from pocketgui.ui.dashboard.purchases_model import (
    alarm_words,
    depth,
    needs_payout_choice,
    row_id,
)
from pocketgui.ui.dashboard.relay_status import RelayStatusLine
from pocketgui.ui.dashboard.settings_dialog import DashboardSettingsDialog
from pocketgui.ui.dashboard.tracker_bridge import TrackerBridge
from pocketgui.ui.settings import RelayChoice
from pocketgui.ui.signals import AppSignals, Connections
from pocketgui.ui.tasks import Task, TaskRunner
from pocketgui.ui.widgets.labels import PlainLabel, emphasised, muted

NEEDS_YOU_TITLE = N_("Your purchase needs you")  # translated where shown
NEEDS_YOU_MESSAGE = N_("{news} Choose how your node is paid, by an invoice or a new channel: "
                       "select the purchase marked “Needs you” in the dashboard.")


T = TypeVar("T")


class Dashboard(QWidget):
    new_order_requested = Signal(bool)  # True: to the person's lightning node
    history_loaded = Signal()
    exported = Signal(str)  # the CSV file written
    chain_chosen = Signal(object)  # ChainChoice: the person saved another blockchain source
    relay_chosen = Signal(object)  # RelayChoice: the person saved another relay (or none)
    language_chosen = Signal(str)  # the person saved another language ("" = the system's)

    def __init__(self, *, pocket: PocketClient, runner: TaskRunner, store: Store,
                 tracker: ExchangeTracker, signals: AppSignals, notifier: Notifier,
                 demo: DemoBank | None = None,
                 preferences: DashboardPreferences | None = None,
                 preferences_path: Path | None = None,
                 chain: ChainWatch | None = None,
                 view: OrderView | None = None,
                 parent: QWidget | None = None) -> None:
        """`view`: the order view, when the window built it a turn earlier (the larger half of
        the widgets: two shorter stalls rather than one)."""
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.chain = chain
        self.core = PurchasesCore(pocket, store, tracker, demo)
        self.runner, self.signals, self.notifier = runner, signals, notifier
        self.preferences = preferences or DashboardPreferences()
        self.environment, self.network = self.core.environment, self.core.network
        self.snapshot = HistorySnapshot(self.environment)
        self.loaded = False
        self.current = ""
        self.alarms: dict[str, str] = {}  # exchange id → the tracker's explanation
        self.tip: int | None = None  # the chain's height when known (Demo, or from a source)
        self._early: list[Purchase] = []  # news held while the history is being read
        self._loading = 0
        self._fetched: set[str] = set()
        self.follow_newest = True  # the detail follows new purchases until one is picked
        self._selecting = False
        self._payout_brought = ""  # the purchase whose payout controls were brought in view
        self.connections = Connections()
        self.shut = False

        self.orders = OrdersList()
        self.view = view or OrderView()
        self.view.detail.demo = demo is not None
        self.order_actions = OrderActions(self, self.core, self.view, self,
                                          chain=chain, preferences_path=preferences_path)
        self.order_actions.exported.connect(self.exported)
        self.order_actions.chain_chosen.connect(self.chain_chosen)
        self.order_actions.relay_chosen.connect(self.relay_chosen)
        self.order_actions.language_chosen.connect(self.language_chosen)
        self.empty = muted(PlainLabel(_("No orders yet. Create one with “New order”: it pays "
                                        "out to your hardware wallet, or to your lightning node "
                                        "with “New lightning order”."), wrap=True))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.view)
        split = QSplitter()
        split.addWidget(self.orders)
        split.addWidget(self.pages)
        split.setStretchFactor(1, 1)
        split.setSizes([230, 1000])
        self.new_order = QPushButton(_("New order…"))
        self.new_order.setObjectName("newOrder")
        self.new_order.setToolTip(_("An order that pays out to your hardware wallet (on-chain)"))
        self.new_order.clicked.connect(lambda: self.new_order_requested.emit(False))
        self.new_lightning_order = QPushButton(_("New lightning order…"))
        self.new_lightning_order.setObjectName("newLightningOrder")
        self.new_lightning_order.setToolTip(_("An order that pays out to your own lightning "
                                              "node (beta)"))
        self.new_lightning_order.clicked.connect(lambda: self.new_order_requested.emit(True))
        top = QHBoxLayout()
        top.addWidget(emphasised(PlainLabel(_("Your orders and purchases")), 1.3))
        top.addStretch(1)
        self.settings = QPushButton(_("Settings…"))
        self.settings.setObjectName("dashboardSettings")
        self.settings.clicked.connect(self.order_actions.edit_settings)
        top.addWidget(self.settings)
        top.addWidget(self.new_lightning_order)
        top.addWidget(self.new_order)
        self.demo_controls = DemoControls()
        self.demo_controls.setVisible(demo is not None)
        self.demo_actions = DemoActions(self, self.core, self.demo_controls,
                                        self.order_actions.identify, chain)
        self.chain_status = ChainStatusLine()
        self.chain_status.setVisible(chain is not None or demo is None)
        self.relay_status = RelayStatusLine(self.chain_status)  # outside the Demo: `follow`
        self.relay_choice = RelayChoice()  # the window's: what the settings dialog shows
        self.language_choice = ""  # the window's saved language: what the settings dialog shows
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.chain_status)
        layout.addWidget(self.relay_status)
        layout.addWidget(self.demo_controls)

        self.orders.order_chosen.connect(self.select_order)
        self.view.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        actions, demo_actions = self.order_actions, self.demo_actions
        self.view.pause_requested.connect(
            lambda active: actions.change(OrderPatch(active=active)))
        self.view.fee_rate_requested.connect(
            lambda rate: actions.change(OrderPatch(fee_rate=rate)))
        self.view.instructions_requested.connect(actions.show_instructions)
        self.view.export_requested.connect(actions.export_csv)
        self.view.detail.identification_requested.connect(actions.identify)
        self.view.detail.explorer_requested.connect(actions.open_explorer)
        self.demo_controls.transfer_requested.connect(demo_actions.simulate_transfer)
        self.demo_controls.mine_requested.connect(demo_actions.mine_block)
        self.demo_controls.identification_requested.connect(demo_actions.identify_current)
        self.bridge = TrackerBridge(self.core, self)
        self.bridge.changed.connect(self._changed)
        self.bridge.alarmed.connect(self._alarmed)
        self.connections.connect(signals.order_created, self._order_created)
        notifier.set_host(self)
        self.view.detail.lightning.bind(PayoutServices(
            pocket, tracker, store, runner, self._order_of, demo))
        if chain is not None:
            self.chain_status.show_state(chain.state)
            self.connections.connect(chain.state_changed, self._chain_state)
            self.connections.connect(chain.synced, self._chain_synced)
        self.reload()

    # Loading -----------------------------------------------------------------------------------

    def reload(self) -> Task:
        """Read the whole history again, on the worker. News arriving meanwhile is held and
        applied on top of the new read (the read may predate it)."""
        self._loading += 1
        task = self.runner.submit(self.core.history, name="history")
        task.succeeded.connect(self._loaded)
        task.failed.connect(self._load_failed)
        return task

    def _load_failed(self, exc: BaseException) -> None:
        self._loading -= 1
        self.view.error.show_exception(exc)
        self._flush()

    def _flush(self) -> None:
        if self.loaded and not self._loading:
            early, self._early = self._early, []
            for purchase in early:
                self._apply(purchase)

    def _order_created(self, _order: object = None) -> None:
        """A new order (the wizard's, or one fetched from Pocket): read the history again."""
        self.reload()

    def _loaded(self, snapshot: HistorySnapshot) -> None:
        self._loading -= 1
        self.snapshot = snapshot
        ids = [o.id for o in snapshot.orders]
        current = self.current if self.current in ids else (ids[0] if ids else "")
        self.orders.show_orders(snapshot.orders, current)
        self.pages.setCurrentWidget(self.view if ids else self.empty)
        self.current = ""
        if current:
            self.select_order(current)
        if snapshot.unreadable:
            count = len(snapshot.unreadable)
            self.view.error.show_error(ngettext(
                "{count} stored record could not be read and is not shown (details below). The "
                "data file is kept as it is; contact pocketgui support.",
                "{count} stored records could not be read and are not shown (details below). "
                "The data file is kept as it is; contact pocketgui support.", count).format(
                count=count), "\n".join(snapshot.unreadable))
        self.loaded = True
        self._flush()
        self.history_loaded.emit()

    def select_order(self, order_id: str) -> None:
        summary = self.snapshot.summary(order_id)
        if summary is None or order_id == self.current:
            return
        self.current = order_id
        purchases = self.snapshot.purchases.get(order_id, [])
        self.view.show_summary(summary, self._alarm_of(purchases))
        self.view.model.set_chain(self.snapshot.chain)
        self.view.model.set_purchases(purchases, self.snapshot.chain.known_only.get(order_id, []),
                                      lightning=summary.order.is_lightning)
        self.view.chart.set_points(chart_points(purchases), summary.currency)
        self.view.error.clear()
        self.orders.select(order_id)
        self.follow_newest = True
        if self.view.model.rowCount():
            self._select_row(0)
        else:
            self.view.detail.show_purchase(None)
        self.demo_actions.show_state()

    def show_order(self, order_id: str) -> None:
        """Select this order now, or as soon as the history read in progress has it."""
        if self.loaded and not self._loading and self.snapshot.summary(order_id) is not None:
            self.select_order(order_id)
        else:
            self.current = order_id  # `_loaded` keeps it when the read has it

    def summary(self) -> OrderSummary | None:
        return self.snapshot.summary(self.current)

    def _order_of(self, order_id: str) -> Order | None:
        summary = self.snapshot.summary(order_id)
        return summary.order if summary is not None else None

    # What tests and the window call (the actions do the work) ----------------------------------

    @property
    def demo(self) -> DemoBank | None:
        return self.core.demo

    @property
    def tracker(self) -> ExchangeTracker:
        return self.core.tracker

    @property
    def instructions_dialog(self) -> QDialog | None:
        return self.order_actions.instructions_dialog

    def edit_settings(self) -> DashboardSettingsDialog:
        return self.order_actions.edit_settings()

    def show_instructions(self) -> QDialog | None:
        return self.order_actions.show_instructions()

    def open_explorer(self, txid: str) -> None:
        self.order_actions.open_explorer(txid)

    # Live --------------------------------------------------------------------------------------

    def _changed(self, purchase: Purchase, state: str) -> None:
        self._apply(purchase)
        if purchase.mismatch:  # not the person's, or not proven: the alarm is the only news
            return
        if ExchangeStatus(state) in NOTIFIED_STATES and purchase.state.value == state:
            title, message = notification_text(purchase, self.notifier.of(purchase.id))
            if self._needs_payout_choice(purchase):
                title, message = _(NEEDS_YOU_TITLE), _(NEEDS_YOU_MESSAGE).format(news=message)
            self.notifier.notify(purchase.id, state, title, message)

    def _needs_payout_choice(self, purchase: Purchase) -> bool:
        summary = self.snapshot.summary(purchase.order_id)
        return needs_payout_choice(purchase, summary is not None and summary.order.is_lightning)

    def _alarmed(self, purchase: Purchase, flag: str, explanation: str) -> None:
        self.alarms[purchase.id] = explanation
        self._apply(purchase)
        title = alarm_words({flag})[1]
        self.notifier.notify(purchase.id, flag, title, explanation, alarm=True)

    def _apply(self, purchase: Purchase) -> None:
        """Put one purchase's news everywhere it shows."""
        if not self.loaded or self._loading:
            self._early.append(purchase)
            return
        order_id = purchase.order_id
        summary = self.snapshot.summary(order_id)
        if summary is None:  # stored after the history was read: read it again (once)
            if order_id not in self._fetched:
                self._early.append(purchase)
                self._fetch_order(order_id)
            return
        purchases = self.snapshot.purchases.setdefault(order_id, [])
        index = next((i for i, p in enumerate(purchases) if p.id == purchase.id), None)
        if index is None:
            purchases.append(purchase)
        else:
            held = purchases[index]
            if purchase.updated_at < held.updated_at:
                # older than what is shown: news read from the store on the tracker's thread
                # and queued before a newer read (a reload) reached here; it changes nothing
                return
            purchase = Purchase(purchase.exchange, purchase.flags, held.first_seen,
                                purchase.updated_at)
            purchases[index] = purchase
        self._retotal(summary)
        if order_id == self.current:
            self.view.model.upsert(purchase)
            self.view.chart.set_points(chart_points(purchases), summary.currency)
            shown = self.view.detail.purchase
            row = self.view.model.row_of(purchase.id)
            if shown is None or (self.follow_newest and row == 0 and shown.id != purchase.id):
                self._select_row(0)
            elif shown.id == purchase.id:
                self.show_detail(purchase)
            self.demo_actions.show_state()

    def _fetch_order(self, order_id: str) -> None:
        """Read the history again for an order the snapshot does not have yet (once per order).
        Never adopted from Pocket: an order that is not in this store is not ours (the tracker
        drops its news), so its purchase stays out."""
        self._fetched.add(order_id)
        self._loading += 1
        task = self.runner.submit(self.core.has_order, order_id, name="order")
        task.succeeded.connect(self._order_created)
        task.failed.connect(self.view.error.show_exception)
        task.finished.connect(self._fetch_done)

    def _fetch_done(self) -> None:
        self._loading -= 1
        self._flush()

    def _retotal(self, summary: OrderSummary) -> None:
        """The order's totals again, from its purchases and its payouts known from the chain."""
        order_id = summary.id
        self.replace_summary(OrderSummary(summary.order, summary.network, totals(
            self.snapshot.purchases.get(order_id, []),
            self.snapshot.chain.known_only.get(order_id, []))))

    def replace_summary(self, summary: OrderSummary) -> None:
        self.snapshot.orders = [summary if o.id == summary.id else o
                                for o in self.snapshot.orders]
        self.orders.update_order(summary)
        if summary.id == self.current:
            purchases = self.snapshot.purchases.get(summary.id, [])
            self.view.show_summary(summary, self._alarm_of(purchases))

    def _alarm_of(self, purchases: list[Purchase]) -> str:
        return next((self.alarms[p.id] for p in purchases if p.id in self.alarms), "")

    def _select_row(self, row: int) -> None:
        self._selecting = True
        try:
            already = self.view.table.currentIndex().row() == row
            self.view.table.selectRow(row)  # shows the detail, unless it was the row already
        finally:
            self._selecting = False
        if already:
            self._show_entry(row)

    def _row_chosen(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not self._selecting:  # the person picked it: stay there
            self.follow_newest = current.row() == 0
        self._show_entry(current.row())

    def _show_entry(self, row: int) -> None:
        """The detail of a row: Pocket's purchase, or a payout known from the chain alone."""
        entry = self.view.model.entry(row)
        if isinstance(entry, Purchase):
            self.show_detail(entry)
        elif isinstance(entry, ChainPurchase):
            self.view.detail.show_chain_payout(entry, entry.confirmations(self.snapshot.chain.tip),
                                               explorer_link=self._explorer_link(entry.txid))

    def show_detail(self, purchase: Purchase) -> None:
        summary = self.snapshot.summary(purchase.order_id)
        lightning = summary is not None and summary.order.is_lightning
        records = self.core.timeline(purchase.id)  # a few rows, while drawing
        steps = timeline(purchase, records, lightning=lightning)
        addresses = payout_addresses(purchase, records) if purchase.mismatch else None
        self.view.detail.show_purchase(purchase, steps, alarm=self.alarms.get(purchase.id, ""),
                                       tip=self.tip, explorer_link=self._explorer_link(
                                           purchase.txid), addresses=addresses,
                                       depth=depth(purchase, self.snapshot.chain, self.tip))
        needs_you = needs_payout_choice(purchase, lightning)
        if needs_you and self._payout_brought != purchase.id:
            self.view.show_payout_controls()  # once per purchase: then the person scrolls
            # said once per state, whichever comes first: this or the tracker's news (which
            # came before the dashboard existed when the wizard's transfer built it)
            _title, message = notification_text(purchase, self.notifier.of(purchase.id))
            state = purchase.state.value
            QTimer.singleShot(1, lambda: self.notifier.notify(  # its own turn: a toast's build
                purchase.id, state, _(NEEDS_YOU_TITLE), _(NEEDS_YOU_MESSAGE).format(news=message)))
        self._payout_brought = purchase.id if needs_you else ""

    def _explorer_link(self, txid: str) -> str | None:
        if self.core.demo is not None or not txid:
            return None
        try:
            return self.preferences.explorer_link(txid, self.network)
        except ValueError:
            return None

    # The chain -----------------------------------------------------------------------------

    def _chain_state(self, state: ChainState) -> None:
        self.chain_status.show_state(state)
        self.relay_status.refresh()

    def _chain_synced(self, _report: object = None) -> Task:
        """A round of the chain is in the store: read the chain's view again (on the worker,
        a small read) and show its confirmations and the payouts known from it alone."""
        task = self.runner.submit(self.core.chain_view, name="chain")
        task.succeeded.connect(self._chain_loaded)
        return task

    def _chain_loaded(self, view: ChainView) -> None:
        if self.shut:
            return
        before = self.snapshot.chain
        self.snapshot.chain = view
        if view.tip is not None:
            self.tip = view.tip
        for summary in list(self.snapshot.orders):  # payouts known from the chain: the totals
            if view.known_only.get(summary.id) != before.known_only.get(summary.id):
                self._retotal(summary)
        if not self.current:
            return
        model = self.view.model
        known = unnamed(view.known_only.get(self.current, []),
                        self.snapshot.purchases.get(self.current, []))
        if known != model.known_from_chain():  # new ones, or mined since
            shown = model.entry(self.view.table.currentIndex().row())
            model.set_chain(view)
            model.set_purchases(self.snapshot.purchases.get(self.current, []), known,
                                lightning=model.lightning)
            row = model.row_of(row_id(shown)) if shown is not None else None
            self._select_row(0 if self.follow_newest or row is None else row)
        elif view != before:
            model.set_chain(view)
            self._show_entry(self.view.table.currentIndex().row())

    # Running calls -------------------------------------------------------------------------

    def run(self, fn: Callable[[], T], message: str,
            on_done: Callable[[T], None] | None = None) -> Task:
        """`fn` on the worker, with the busy line; its error shown; `on_done(result)`."""
        task = self.runner.submit(fn, name=message)
        self.view.error.clear()
        self.view.busy.start(message, task)
        self.view.set_busy(True)
        self.demo_controls.set_busy(True)
        task.finished.connect(self._idle)
        task.failed.connect(self.view.error.show_exception)
        if on_done is not None:
            task.succeeded.connect(on_done)
        return task

    def _idle(self) -> None:
        self.view.set_busy(False)
        self.demo_controls.set_busy(False)

    # Lifecycle ---------------------------------------------------------------------------------

    def shut_down(self) -> None:
        """Stop listening (the tracker may keep running for the tray); idempotent."""
        self.shut = True  # a read still in flight is not shown (the store may close next)
        self.bridge.close()
        self.connections.disconnect_all()
        self.order_actions.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shut_down()
        super().closeEvent(event)
