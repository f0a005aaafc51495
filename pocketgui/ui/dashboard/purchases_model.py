"""The purchases table: a model over the order's purchases, newest first, and the state badges.

One model row per exchange and no widget per row, so 1,000 purchases scroll like 10. The cells'
text is computed once per change (`_cells`), not on every paint. The state column is drawn as a
coloured badge; a payout that did not go to the person's wallet (or that the chain contradicts)
replaces it with a red one. Payouts the order's watch-only wallet saw but Pocket's news never
named are rows too ("Received from Pocket", `ChainPurchase`): amount, address, transaction and
confirmations, with no price; once Pocket names one, its purchase's row takes its place (before
the next chain round links them in the store). Confirmations come from the chain's view when a
wallet saw the payout, else from Pocket's block height and the tip.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from pocketgui.api.models import ExchangeStatus as S
from pocketgui.flow.lightning_payout import verdict
from pocketgui.history.money import format_btc, format_fiat
from pocketgui.history.onchain import ChainPurchase, ChainView, unnamed
from pocketgui.history.orders import shorten
from pocketgui.history.purchases import Purchase, confirmations
from pocketgui.history.texts import NOT_PROVEN_LABEL, state_label
from pocketgui.i18n.catalog import N_, _
from pocketgui.i18n.formatting import format_datetime
from pocketgui.tracking.chain_news import (
    CHAIN_ADDRESS_MISMATCH,
    CHAIN_AMOUNT_MISMATCH,
    CHAIN_TX_MISSING,
)
from pocketgui.tracking.lightning_proof import PAYOUT_NOT_PROVEN
from pocketgui.tracking.payout_check import PAYOUT_ADDRESS_MISMATCH, PAYOUT_NODE_MISMATCH
from pocketgui.ui import palette

COLUMNS = (N_("Date"), N_("State"), N_("Cost"), N_("Fee"), N_("Rate"), N_("Bitcoin"), N_("Paid to"),
           N_("Transaction"), N_("Conf."))  # translated in `headerData`
HEADER_TIPS = {8: N_("Confirmations on the blockchain")}
CONFIRMATIONS_COLUMN = 8
Row = Purchase | ChainPurchase
STATE_COLUMN = 1
PAID_TO_COLUMN = 6
MISMATCH_LABEL = N_("⚠ NOT YOUR WALLET")  # the alarms: translated by alarm_words
# the chain contradicting Pocket (not a foreign address): badge and notification title
CHAIN_ALARMS = {
    CHAIN_TX_MISSING: (N_("⚠ NOT ON CHAIN"), N_("⚠ Payout not on the blockchain")),
    CHAIN_AMOUNT_MISMATCH: (N_("⚠ AMOUNT DIFFERS"),
                            N_("⚠ Payout amount differs on the blockchain")),
}
MISMATCH_TITLE = N_("⚠ Payout NOT to your wallet")
NOT_PROVEN_TITLE = N_("⚠ Lightning payout NOT proven")


def alarm_words(flags: frozenset[str] | set[str]) -> tuple[str, str]:
    """(badge, notification title) of a purchase's alarm: a payout to another address says
    NOT YOUR WALLET; the chain contradicting Pocket's amount, or lacking its transaction, says
    that instead; an invoice payout without its preimage is NOT PROVEN. In the app's language."""
    label, title = MISMATCH_LABEL, MISMATCH_TITLE
    if PAYOUT_NOT_PROVEN in flags:
        label, title = NOT_PROVEN_LABEL, NOT_PROVEN_TITLE
    elif not flags & {PAYOUT_ADDRESS_MISMATCH, PAYOUT_NODE_MISMATCH, CHAIN_ADDRESS_MISMATCH}:
        label, title = next((CHAIN_ALARMS[f] for f in (CHAIN_TX_MISSING, CHAIN_AMOUNT_MISMATCH)
                             if f in flags), (label, title))
    return _(label), _(title)
BADGE_COLOURS: dict[S, tuple[str, str]] = {  # background, text
    S.PENDING: palette.BADGE_WAITING,
    S.INTERRUPTED: palette.BADGE_INTERRUPTED,
    S.EXECUTED: palette.BADGE_EXECUTED,
    S.SETTLED: palette.BADGE_SENT,
    S.CONFIRMED: palette.BADGE_DONE,
    S.REFUNDED: palette.BADGE_REFUNDED,
    S.PAYOUT_PENDING: palette.BADGE_SENT,
    S.PAYOUT_SUCCEEDED: palette.BADGE_DONE,
    S.PAYOUT_FAILED: palette.BADGE_FAILED,
}
MISMATCH_COLOURS = palette.BADGE_ALARM
NEEDS_YOU_LABEL = N_("Needs you: payout")
NEEDS_YOU_COLOURS = palette.BADGE_NEEDS_YOU
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def needs_payout_choice(purchase: Purchase, lightning: bool) -> bool:
    """A lightning order's purchase that waits for the person: bought, and Pocket pays out only
    once they give an invoice or ask for a channel (again, after a failed payout)."""
    return lightning and verdict(purchase.exchange).can_pay


def badge(purchase: Row, chain: ChainView | None = None,
          lightning: bool = False) -> tuple[str, str, str]:
    """(text, background, ink) of a purchase's state badge."""
    if isinstance(purchase, ChainPurchase):
        depth = purchase.confirmations(chain.tip if chain else None)
        return (purchase.label, *BADGE_COLOURS[S.CONFIRMED if depth else S.SETTLED])
    if purchase.unproven is not None:
        return (_(NOT_PROVEN_LABEL), *MISMATCH_COLOURS)
    if purchase.mismatch:
        return (alarm_words(purchase.flags)[0], *MISMATCH_COLOURS)
    if needs_payout_choice(purchase, lightning):
        return (_(NEEDS_YOU_LABEL), *NEEDS_YOU_COLOURS)
    return (state_label(purchase.state), *BADGE_COLOURS[purchase.state])


def row_id(row: Row) -> str:
    return row.id if isinstance(row, Purchase) else f"chain:{row.txid}:{row.vout}"


def depth(row: Row, chain: ChainView | None, tip: int | None = None) -> int | None:
    """Confirmations of the row's payout: what the chain's last round saw, or what Pocket's
    block height and the newest known tip (`tip`, else the chain's) say when that is more —
    whichever news came last; None when unknown (no on-chain payout, no tip)."""
    tips = [t for t in (tip, chain.tip if chain is not None else None) if t is not None]
    newest = max(tips) if tips else None
    if isinstance(row, ChainPurchase):
        return row.confirmations(newest)
    seen = chain.confirmations(row.id) if chain is not None else None
    payout = row.onchain_payout
    said = confirmations(payout.block_height, newest) if payout is not None else None
    known = [d for d in (seen, said) if d is not None]
    return max(known) if known else None


def _cells(purchase: Row, chain: ChainView | None = None,
           lightning: bool = False) -> tuple[str, ...]:
    confirmed = depth(purchase, chain)
    shown = "—" if confirmed is None else f"{confirmed:,}"
    if isinstance(purchase, ChainPurchase):
        return (_seen(purchase.first_seen), badge(purchase, chain)[0], "—", "—",
                "—", format_btc(purchase.amount, unit=False), purchase.address,
                shorten(purchase.txid, 6), shown)
    exchange, currency = purchase.exchange, purchase.currency
    when = (format_datetime(exchange.executed_on) if exchange.executed_on
            else _seen(purchase.first_seen))
    return (when, badge(purchase, chain, lightning)[0], format_fiat(exchange.cost, currency),
            format_fiat(exchange.fee, currency), format_fiat(exchange.rate, currency),
            format_btc(exchange.amount, unit=False), purchase.paid_to or "—",
            shorten(purchase.txid, 6) if purchase.txid else "—", shown)


def _seen(first_seen: str) -> str:
    """When the row was first seen (stored ISO, UTC), written as the locale writes a time."""
    try:
        return format_datetime(datetime.fromisoformat(first_seen))
    except ValueError:  # not what the store writes: shown as stored, to the minute
        return first_seen[:16].replace("T", " ")


def _when(row: Row) -> str:
    """A sortable ISO time: when bought (Pocket's rows) or first seen on chain."""
    if isinstance(row, Purchase) and row.exchange.executed_on is not None:
        return row.exchange.executed_on.isoformat()
    return row.first_seen


class PurchasesModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []  # newest first
        self._cells: list[tuple[str, ...]] = []
        self._row_of: dict[str, int] = {}
        self.chain: ChainView | None = None
        self.lightning = False  # the order's payouts go to a lightning node

    # Content -----------------------------------------------------------------------------------

    def set_purchases(self, purchases: list[Purchase],
                      known_from_chain: Sequence[ChainPurchase] = (),
                      lightning: bool = False) -> None:
        """Oldest first in, newest first shown; payouts known from the chain alone among them
        by the time they were first seen; `lightning`: the order pays out to a node."""
        self.beginResetModel()
        self.lightning = lightning
        rows: list[Row] = list(reversed(purchases))
        known = unnamed(known_from_chain, purchases)
        if known:
            rows = sorted([*rows, *known], key=_when, reverse=True)
        self._rows = rows
        self._cells = [_cells(p, self.chain, lightning) for p in self._rows]
        self._reindex()
        self.endResetModel()

    def set_chain(self, chain: ChainView | None) -> None:
        """The chain's view moved (a block, a sync): confirmations and badges again."""
        self.chain = chain
        if not self._rows:
            return
        self._cells = [_cells(p, chain, self.lightning) for p in self._rows]
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    def upsert(self, purchase: Purchase) -> int:
        """Replace the purchase's row, or add it on top; answers its row. A row of the same
        payout known from the chain alone goes: it is this purchase."""
        for twin in [r for r in self._rows if isinstance(r, ChainPurchase)
                     and not unnamed([r], [purchase])]:
            index = self._row_of[row_id(twin)]
            self.beginRemoveRows(_ROOT, index, index)
            del self._rows[index], self._cells[index]
            self._reindex()
            self.endRemoveRows()
        row = self._row_of.get(purchase.id)
        if row is not None:
            self._rows[row] = purchase
            self._cells[row] = _cells(purchase, self.chain, self.lightning)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            return row
        self.beginInsertRows(_ROOT, 0, 0)
        self._rows.insert(0, purchase)
        self._cells.insert(0, _cells(purchase, self.chain, self.lightning))
        self._reindex()
        self.endInsertRows()
        return 0

    def _reindex(self) -> None:
        self._row_of = {row_id(p): i for i, p in enumerate(self._rows)}

    def entry(self, row: int) -> Row | None:
        """The row's purchase, Pocket's or known from the chain alone."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def purchase(self, row: int) -> Purchase | None:
        """The row's purchase of Pocket's (None for a payout known from the chain alone)."""
        entry = self.entry(row)
        return entry if isinstance(entry, Purchase) else None

    def row_of(self, exchange_id: str) -> int | None:
        return self._row_of.get(exchange_id)

    def purchases(self) -> list[Purchase]:
        return [p for p in reversed(self._rows) if isinstance(p, Purchase)]

    def known_from_chain(self) -> list[ChainPurchase]:
        return [p for p in reversed(self._rows) if isinstance(p, ChainPurchase)]

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
        if role == Qt.ItemDataRole.TextAlignmentRole and (2 <= column <= 5 or column == 8):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column in (6, 7):
            return (self._rows[row].address, self._rows[row].txid)[column - 6] or None
        if role == Qt.ItemDataRole.UserRole:
            return self._rows[row]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            tip = HEADER_TIPS.get(section)
            return _(tip) if tip else None
        return None


class BadgeDelegate(QStyledItemDelegate):
    """Paints the state column as a rounded, coloured badge."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        purchase = index.data(Qt.ItemDataRole.UserRole)
        if not isinstance(purchase, Purchase | ChainPurchase):
            super().paint(painter, option, index)
            return
        model = index.model()
        text, background, ink = badge(purchase, getattr(model, "chain", None),
                                      isinstance(model, PurchasesModel) and model.lightning)
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
