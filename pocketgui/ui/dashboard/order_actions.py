"""The dashboard's actions on the order shown: pause / resume, fee rate, payment instructions,
CSV export, settings, the explorer and identification links.

A mixin of `Dashboard` (it uses the dashboard's `pocket`, `store`, `view`, `snapshot`, `_run`…):
the actions are kept apart from the wiring and the live updates so each file reads on its own.
Pocket calls run on the dashboard's task runner through `_run`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QVBoxLayout

from pocketgui.api.models import Order, OrderPatch
from pocketgui.history import OrderSummary, purchases_csv
from pocketgui.payments import PaymentInstructions
from pocketgui.tracking.orders import change_order, creditor_change
from pocketgui.ui.dashboard.blockchain_section import BlockchainSection
from pocketgui.ui.dashboard.relay_section import RelaySection
from pocketgui.ui.dashboard.settings_dialog import DashboardSettingsDialog
from pocketgui.ui.tasks import Task, TaskRunner
from pocketgui.ui.widgets.banner import mark_demo
from pocketgui.ui.widgets.payment_details import PaymentDetailsPanel


class OrderActions:
    """What the buttons above the purchases do (see the module docstring)."""

    # provided by Dashboard
    pocket: Any
    store: Any
    view: Any
    snapshot: Any
    signals: Any
    preferences: Any
    preferences_path: Any
    demo: Any
    chain: Any
    chain_chosen: Any
    relay_chosen: Any
    relay_choice: Any
    tracker: Any
    network: Any
    environment: str
    exported: Any
    instructions_dialog: QDialog | None

    def _patch(self, patch: OrderPatch) -> Task | None:
        summary = self.summary()
        if summary is None:
            return None
        order_id = summary.id

        def send() -> Order:
            return change_order(self.pocket, self.store, order_id, patch)

        what = ("Pausing the order…" if patch.active is False else "Resuming the order…"
                if patch.active else "Changing the fee rate…")
        return self._run(send, what, self._patched)

    def _patched(self, order: Order) -> None:
        summary = self.snapshot.summary(order.id)
        if summary is None:
            return
        self._replace_summary(OrderSummary(order, summary.network, summary.totals))
        if not order.active:
            self.signals.order_deactivated.emit(order.id)

    def show_instructions(self) -> QDialog | None:
        summary = self.summary()
        if summary is None:
            return None
        changed = creditor_change(self.store, self.pocket.environment, summary.order)
        if changed is not None:  # stored before the first-use rule: never shown as payable
            self.view.error.show_error(changed)
            return None
        instructions = PaymentInstructions.from_payment_method(
            summary.order.raw["payment_method"])
        dialog = QDialog(self)
        dialog.setObjectName("instructionsDialog")
        dialog.setWindowTitle(f"How to pay: {summary.title}")
        layout = QVBoxLayout(dialog)
        layout.addWidget(PaymentDetailsPanel(instructions, demo=self.demo is not None))
        if self.demo is not None:
            mark_demo(dialog, layout)
        dialog.resize(820, 560)
        dialog.show()
        self.instructions_dialog = dialog
        return dialog

    def export_csv(self, path: str | None = None) -> str:
        summary = self.summary()
        if summary is None:
            return ""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export purchases", f"pocket-purchases-{summary.reference}.csv",
                "CSV (*.csv)")
        if not path:
            return ""
        try:
            Path(path).write_text(purchases_csv(self.view.model.purchases()), encoding="utf-8",
                                  newline="")
        except OSError as exc:
            self.view.error.show_error(f"Could not write {path}: {exc.strerror or exc}")
            return ""
        self.exported.emit(path)
        return path

    def edit_settings(self) -> DashboardSettingsDialog:
        blockchain = None
        if self.chain is not None:
            # a connection test waits up to the source's timeout: on a thread of its own, not
            # on the runner that reads the history and calls Pocket
            tests = getattr(self, "_chain_tests", None)
            if tests is None:
                tests = self._chain_tests = TaskRunner(1, self)  # type: ignore[arg-type]
            blockchain = BlockchainSection(self.chain.choice, tests, self.chain.network,
                                           demo=self.chain.demo)
        relay = RelaySection(self.relay_choice) if self.demo is None else None
        dialog = DashboardSettingsDialog(self.preferences, self.preferences_path,
                                         self, blockchain=blockchain,  # type: ignore[arg-type]
                                         relay=relay)
        dialog.accepted.connect(self._settings_saved)
        dialog.chain_chosen.connect(self._chain_chosen)
        dialog.relay_chosen.connect(self.relay_chosen.emit)
        dialog.open()
        return dialog

    def _chain_chosen(self, choice: Any) -> None:
        """A new blockchain source: the watch syncs from it; the window keeps it."""
        if self.chain is not None:
            self.chain.set_choice(choice)
        self.chain_chosen.emit(choice)

    def _settings_saved(self) -> None:
        shown = self.view.detail.purchase
        if shown is not None:
            self._show_detail(shown)

    def open_explorer(self, txid: str) -> None:
        link = self.preferences.explorer_link(txid, self.network)
        if link is not None:
            QDesktopServices.openUrl(QUrl(link))

    def identify(self, identification_id: str) -> None:
        """The identification page in the browser; in Demo the sandbox completes it."""
        if self.demo is None:
            try:
                link = self.preferences.identification_link(identification_id)
            except ValueError as exc:
                self.view.error.show_error(f"The identification page setting is wrong: {exc}")
                return
            QDesktopServices.openUrl(QUrl(link))
            return
        demo = self.demo

        def complete() -> None:
            for exchange_id in demo.complete_identification(identification_id):
                self.tracker.observe(self.pocket.get_exchange(exchange_id), source="poll")

        self._run(complete, "Completing the identification (demo)…")
