"""The list of orders on the left: one entry per order, with what needs the person flagged."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from pocketgui.history.money import format_btc, format_fiat
from pocketgui.history.orders import OrderSummary
from pocketgui.i18n.catalog import _, ngettext
from pocketgui.ui import palette


def purchase_count(count: int) -> str:
    """`1 purchase`, `3 purchases`, in the app's language (its plural rules)."""
    return ngettext("{count} purchase", "{count} purchases", count).format(count=count)


def entry_text(summary: OrderSummary) -> str:
    totals = summary.totals
    lines = [f"{summary.currency} · {summary.reference}",
             _("{status} · fee {fee_rate} · {purchases}").format(
                 status=summary.status, fee_rate=summary.fee_rate,
                 purchases=purchase_count(totals.purchases)),
             f"{format_fiat(totals.spent, summary.currency)} → {format_btc(totals.bought)}"]
    if totals.mismatches:
        lines.append(_("⚠ payout NOT to your wallet"))
    elif totals.interrupted:
        lines.append(_("● needs your identification"))
    return "\n".join(lines)


class OrdersList(QListWidget):
    order_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orders")
        self.setSpacing(3)
        self.setWordWrap(True)
        self.setMinimumWidth(220)
        self.currentItemChanged.connect(self._chosen)

    def show_orders(self, summaries: list[OrderSummary], selected: str = "") -> None:
        self.blockSignals(True)
        self.clear()
        for summary in summaries:
            item = QListWidgetItem(entry_text(summary))
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            self._colour(item, summary)
            self.addItem(item)
            if summary.id == selected:
                self.setCurrentItem(item)
        self.blockSignals(False)

    def update_order(self, summary: OrderSummary) -> None:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == summary.id:
                item.setText(entry_text(summary))
                self._colour(item, summary)

    def select(self, order_id: str) -> None:
        for row in range(self.count()):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == order_id:
                self.setCurrentRow(row)

    @staticmethod
    def _colour(item: QListWidgetItem, summary: OrderSummary) -> None:
        if summary.totals.mismatches:
            item.setForeground(QBrush(QColor(palette.BAD)))
        elif not summary.order.active:
            item.setForeground(QBrush(QColor(palette.MUTED)))
        else:
            item.setData(Qt.ItemDataRole.ForegroundRole, None)

    def _chosen(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.order_chosen.emit(str(current.data(Qt.ItemDataRole.UserRole)))
