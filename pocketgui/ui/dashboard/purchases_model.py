"""The purchases table: a model over the order's purchases, newest first, and the state badges.

One model row per exchange and no widget per row, so 1,000 purchases scroll like 10. The cells'
text is computed once per change (`_cells`), not on every paint. The state column is drawn as a
coloured badge; a payout that did not go to the person's wallet replaces it with a red one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from pocketgui.api.models import ExchangeStatus as S
from pocketgui.flow.lightning_payout import verdict
from pocketgui.history import Purchase, format_btc, format_fiat, state_label
from pocketgui.history.orders import shorten

COLUMNS = ("Date", "State", "Cost", "Fee", "Rate", "Bitcoin", "Paid to", "Transaction")
STATE_COLUMN = 1
PAID_TO_COLUMN = 6
MISMATCH_LABEL = "⚠ NOT YOUR WALLET"
BADGE_COLOURS: dict[S, tuple[str, str]] = {  # background, text
    S.PENDING: ("#eceff1", "#37474f"),
    S.INTERRUPTED: ("#ffe0a3", "#6d4c00"),
    S.EXECUTED: ("#d6e9ff", "#0d47a1"),
    S.SETTLED: ("#d3f2ef", "#00695c"),
    S.CONFIRMED: ("#d8f3d8", "#1b5e20"),
    S.REFUNDED: ("#e7e7e7", "#424242"),
    S.PAYOUT_PENDING: ("#d3f2ef", "#00695c"),
    S.PAYOUT_SUCCEEDED: ("#d8f3d8", "#1b5e20"),
    S.PAYOUT_FAILED: ("#f8d7da", "#8b1a1a"),
}
MISMATCH_COLOURS = ("#c0392b", "#ffffff")
NEEDS_YOU_LABEL = "Needs you: payout"
NEEDS_YOU_COLOURS = ("#ffb74d", "#4e2a00")
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def needs_payout_choice(purchase: Purchase, lightning: bool) -> bool:
    """A lightning order's purchase that waits for the person: bought, and Pocket pays out only
    once they give an invoice or ask for a channel (again, after a failed payout)."""
    return lightning and verdict(purchase.exchange).can_pay


def badge(purchase: Purchase, lightning: bool = False) -> tuple[str, str, str]:
    """(text, background, ink) of a purchase's state badge."""
    if purchase.mismatch:
        return (MISMATCH_LABEL, *MISMATCH_COLOURS)
    if needs_payout_choice(purchase, lightning):
        return (NEEDS_YOU_LABEL, *NEEDS_YOU_COLOURS)
    return (state_label(purchase.state), *BADGE_COLOURS[purchase.state])


def _cells(purchase: Purchase, lightning: bool) -> tuple[str, ...]:
    exchange, currency = purchase.exchange, purchase.currency
    when = exchange.executed_on.strftime("%Y-%m-%d %H:%M") if exchange.executed_on else (
        purchase.first_seen[:16].replace("T", " "))
    return (when, badge(purchase, lightning)[0], format_fiat(exchange.cost, currency),
            format_fiat(exchange.fee, currency), format_fiat(exchange.rate, currency),
            format_btc(exchange.amount, unit=False), purchase.paid_to or "—",
            shorten(purchase.txid, 6) if purchase.txid else "—")


class PurchasesModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Purchase] = []  # newest first
        self._cells: list[tuple[str, ...]] = []
        self._row_of: dict[str, int] = {}
        self.lightning = False  # the order's payouts go to a lightning node

    # Content -----------------------------------------------------------------------------------

    def set_purchases(self, purchases: list[Purchase], lightning: bool = False) -> None:
        """Oldest first in, newest first shown; `lightning`: the order pays out to a node."""
        self.beginResetModel()
        self.lightning = lightning
        self._rows = list(reversed(purchases))
        self._cells = [_cells(p, lightning) for p in self._rows]
        self._reindex()
        self.endResetModel()

    def upsert(self, purchase: Purchase) -> int:
        """Replace the purchase's row, or add it on top; answers its row."""
        row = self._row_of.get(purchase.id)
        if row is not None:
            self._rows[row] = purchase
            self._cells[row] = _cells(purchase, self.lightning)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            return row
        self.beginInsertRows(_ROOT, 0, 0)
        self._rows.insert(0, purchase)
        self._cells.insert(0, _cells(purchase, self.lightning))
        self._reindex()
        self.endInsertRows()
        return 0

    def _reindex(self) -> None:
        self._row_of = {p.id: i for i, p in enumerate(self._rows)}

    def purchase(self, row: int) -> Purchase | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, exchange_id: str) -> int | None:
        return self._row_of.get(exchange_id)

    def purchases(self) -> list[Purchase]:
        return list(reversed(self._rows))

    # Qt ----------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= column <= 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column in (6, 7):
            return (self._rows[row].address, self._rows[row].txid)[column - 6] or None
        if role == Qt.ItemDataRole.UserRole:
            return self._rows[row]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


class BadgeDelegate(QStyledItemDelegate):
    """Paints the state column as a rounded, coloured badge."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        purchase = index.data(Qt.ItemDataRole.UserRole)
        if not isinstance(purchase, Purchase):
            super().paint(painter, option, index)
            return
        model = index.model()
        text, background, ink = badge(purchase, isinstance(model, PurchasesModel)
                                      and model.lightning)
        rect: QRect = option.rect
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, option.palette.highlight())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(option.font)
        font.setBold(True)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        painter.setFont(font)
        width = painter.fontMetrics().horizontalAdvance(text) + 16
        pill = QRect(rect.x() + 4, rect.y() + 3, min(width, rect.width() - 8), rect.height() - 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setPen(QColor(ink))
        painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()
