"""The dashboard's actions on the order shown: pause / resume, fee rate, payment instructions,
CSV export, settings, the explorer and identification links.

`OrderActions` is built by the dashboard with what it needs — the purchases core (every call and
read), the view, and the dashboard itself as an `ActionHost` (the order shown, running a call
with its busy line, redrawing a summary or a detail) — so it reads on its own, without reaching
into the dashboard's attributes. Pocket calls run on the dashboard's task runner through
`host.run`; the order PATCH is one call of the core (`PurchasesCore.change_order`: its echo is
checked before anything is stored).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QVBoxLayout, QWidget

from pocketgui.api.models import Order, OrderPatch
from pocketgui.history.export import purchases_csv
from pocketgui.history.orders import OrderSummary
from pocketgui.history.preferences import DashboardPreferences
from pocketgui.history.purchases import Purchase
from pocketgui.history.snapshot import HistorySnapshot
from pocketgui.i18n.catalog import _
from pocketgui.payments.instructions import PaymentInstructions
from pocketgui.purchases.core import PurchasesCore
from pocketgui.ui.chain_watch import ChainWatch
from pocketgui.ui.dashboard.blockchain_section import BlockchainSection
from pocketgui.ui.dashboard.order_view import OrderView
from pocketgui.ui.dashboard.relay_section import RelaySection
from pocketgui.ui.dashboard.settings_dialog import DashboardSettingsDialog
from pocketgui.ui.settings import ChainChoice, RelayChoice
from pocketgui.ui.tasks import Task, TaskRunner
from pocketgui.ui.widgets.banner import mark_demo
from pocketgui.ui.widgets.payment_details import PaymentDetailsPanel

T = TypeVar("T")


class ActionHost(Protocol):
    """What the actions use of the dashboard that shows them."""

    snapshot: HistorySnapshot
    preferences: DashboardPreferences
    relay_choice: RelayChoice  # the relay this environment reads (empty: none)
    language_choice: str  # the saved language ("" = the system's)

    def summary(self) -> OrderSummary | None: ...

    def replace_summary(self, summary: OrderSummary) -> None: ...

    def show_detail(self, purchase: Purchase) -> None: ...

    def run(self, fn: Callable[[], T], message: str,
            on_done: Callable[[T], None] | None = None) -> Task: ...


class OrderActions(QObject):
    """What the buttons above the purchases do (see the module docstring)."""

    exported = Signal(str)  # the CSV file written
    chain_chosen = Signal(object)  # ChainChoice: the person saved another blockchain source
    relay_chosen = Signal(object)  # RelayChoice: the person saved another relay (or none)
    language_chosen = Signal(str)  # the person saved another language ("" = the system's)

    def __init__(self, host: ActionHost, core: PurchasesCore, view: OrderView,
                 window: QWidget, *, chain: ChainWatch | None = None,
                 preferences_path: Path | None = None) -> None:
        super().__init__(window)
        self.host, self.core, self.view = host, core, view
        self.window, self.chain, self.preferences_path = window, chain, preferences_path
        self.instructions_dialog: QDialog | None = None
        self._chain_tests: TaskRunner | None = None

    def change(self, patch: OrderPatch) -> Task | None:
        """Pause, resume or a new fee rate for the order shown, on the worker."""
        summary = self.host.summary()
        if summary is None:
            return None
        order_id, core = summary.id, self.core
        what = (_("Pausing the order…") if patch.active is False else _("Resuming the order…")
                if patch.active else _("Changing the fee rate…"))
        return self.host.run(lambda: core.change_order(order_id, patch), what, self._changed)

    def _changed(self, order: Order) -> None:
        summary = self.host.snapshot.summary(order.id)
        if summary is None:
            return
        self.host.replace_summary(OrderSummary(order, summary.network, summary.totals))

    def show_instructions(self) -> QDialog | None:
        summary = self.host.summary()
        if summary is None:
            return None
        changed = self.core.creditor_problem(summary.order)
        if changed is not None:  # stored before the first-use rule: never shown as payable
            self.view.error.show_error(changed)
            return None
        instructions = PaymentInstructions.from_payment_method(
            summary.order.raw["payment_method"])
        demo = self.core.demo is not None
        dialog = QDialog(self.window)
        dialog.setObjectName("instructionsDialog")
        dialog.setWindowTitle(_("How to pay: {order}").format(order=summary.title))
        layout = QVBoxLayout(dialog)
        layout.addWidget(PaymentDetailsPanel(instructions, demo=demo))
        if demo:
            mark_demo(dialog, layout)
        dialog.resize(820, 560)
        dialog.show()
        self.instructions_dialog = dialog
        return dialog

    def export_csv(self, path: str | None = None) -> str:
        summary = self.host.summary()
        if summary is None:
            return ""
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self.window, _("Export purchases"), f"pocket-purchases-{summary.reference}.csv",
                _("CSV (*.csv)"))
        if not path:
            return ""
        try:
            model = self.view.model
            Path(path).write_text(purchases_csv(model.purchases(), model.known_from_chain(),
                                                summary.pair), encoding="utf-8", newline="")
        except OSError as exc:
            self.view.error.show_error(_("Could not write {path}: {reason}").format(
                path=path, reason=exc.strerror or exc))
            return ""
        self.exported.emit(path)
        return path

    def edit_settings(self) -> DashboardSettingsDialog:
        blockchain = None
        if self.chain is not None:
            # a connection test waits up to the source's timeout: on a thread of its own, not
            # on the runner that reads the history and calls Pocket
            if self._chain_tests is None:
                self._chain_tests = TaskRunner(1, self)
            blockchain = BlockchainSection(self.chain.choice, self._chain_tests,
                                           self.chain.network, demo=self.chain.demo)
        relay = RelaySection(self.host.relay_choice) if self.core.demo is None else None
        dialog = DashboardSettingsDialog(self.host.preferences, self.preferences_path,
                                         self.window, blockchain=blockchain, relay=relay,
                                         language=self.host.language_choice)
        dialog.accepted.connect(self._settings_saved)
        dialog.chain_chosen.connect(self._chain_chosen)
        dialog.relay_chosen.connect(self.relay_chosen.emit)
        dialog.language_chosen.connect(self._language_chosen)
        dialog.open()
        return dialog

    def _language_chosen(self, language: str) -> None:
        """Shown as the saved choice the next time; the window keeps it for the next start."""
        self.host.language_choice = language
        self.language_chosen.emit(language)

    def _chain_chosen(self, choice: ChainChoice) -> None:
        """A new blockchain source: the watch syncs from it; the window keeps it."""
        if self.chain is not None:
            self.chain.set_choice(choice)
        self.chain_chosen.emit(choice)

    def _settings_saved(self) -> None:
        shown = self.view.detail.purchase
        if shown is not None:
            self.host.show_detail(shown)

    def open_explorer(self, txid: str) -> None:
        link = self.host.preferences.explorer_link(txid, self.core.network)
        if link is not None:
            QDesktopServices.openUrl(QUrl(link))

    def identify(self, identification_id: str) -> None:
        """The identification page in the browser; in Demo the sandbox completes it."""
        if self.core.demo is None:
            try:
                link = self.host.preferences.identification_link(identification_id)
            except ValueError as exc:
                self.view.error.show_error(
                    _("The identification page setting is wrong: {reason}").format(reason=exc))
                return
            QDesktopServices.openUrl(QUrl(link))
            return
        core = self.core
        self.host.run(lambda: core.complete_identification(identification_id),
                      _("Completing the identification (demo)…"))

    def close(self) -> None:
        if self.instructions_dialog is not None:
            self.instructions_dialog.close()
