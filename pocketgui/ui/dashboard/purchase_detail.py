"""One purchase in full: its timeline, what it cost, where the bitcoin went, and what it needs.

Interrupted: what Pocket needs, and a button to the identification page (in Demo: a button that
completes it in the sandbox). Pocket's published shape names the page itself (`action.url`): it
is opened here, only when it is https on Pocket's own domain (`api.pocket_links`). Refunded: the
reason in plain words. A payout that is not the person's: a red box with the tracker's
explanation, above everything else. An executed lightning exchange: its payout panel
(`lightning_payout`).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from pocketgui.api.models import ExchangeStatus as S
from pocketgui.api.pocket_links import pocket_page_url
from pocketgui.history.money import format_btc, format_fee_rate, format_fiat
from pocketgui.history.onchain import ChainPurchase
from pocketgui.history.purchases import Purchase, TimelineStep, confirmations
from pocketgui.history.texts import (
    action_text,
    mismatch_text,
    purchase_label,
    refund_text,
    step_label,
)
from pocketgui.i18n.catalog import N_, _
from pocketgui.i18n.formatting import format_datetime
from pocketgui.ui import palette
from pocketgui.ui.dashboard.lightning_payout import LightningPayoutPanel
from pocketgui.ui.dashboard.purchases_model import MISMATCH_LABEL, alarm_words
from pocketgui.ui.widgets.copyable import CopyableRow
from pocketgui.ui.widgets.labels import PlainLabel, emphasised, muted

DONE, TODO = QColor(palette.DONE), QColor(palette.STEP_TODO)
CHAIN_ONLY_NOTE = N_("Your wallet received this from Pocket, as the blockchain shows; Pocket's "
                     "news of the purchase (price, fee) has not reached this computer yet.")
# the figures' names: keys of `figures`, translated where shown
FIGURE_NAMES = (N_("Cost"), N_("Pocket's fee"), N_("Rate"), N_("Bitcoin bought"), N_("Fee rate"),
                N_("Paid out"), N_("Network fee"), N_("Confirmations"))
OWN_ADDRESS = N_("Paid to (an address of your wallet)")
DERIVATION = N_("Derivation path {path} below the order's extended key")


class TimelineStrip(QWidget):
    """funded ● ── executed ● ── settled ○ ── confirmed ○, each reached step with its time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.steps: list[TimelineStep] = []
        self.setMinimumHeight(58)

    def sizeHint(self) -> QSize:
        return QSize(480, 58)

    def set_steps(self, steps: list[TimelineStep]) -> None:
        self.steps = steps
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.steps:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        count = len(self.steps)
        slot = self.width() / count
        centres = [slot * (i + 0.5) for i in range(count)]
        y = 12.0
        for i in range(count - 1):
            colour = DONE if self.steps[i + 1].reached else TODO
            painter.setPen(QPen(colour, 2.5))
            painter.drawLine(QPointF(centres[i] + 8, y), QPointF(centres[i + 1] - 8, y))
        bold = QFont(self.font())
        bold.setBold(True)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        for centre, step in zip(centres, self.steps, strict=True):
            colour = DONE if step.reached else TODO
            if step.reached and step.step.value in ("interrupted", "refunded", "payout failed"):
                colour = QColor(palette.AVERAGE)
            painter.setPen(QPen(colour, 2))
            painter.setBrush(colour if step.reached else QColor(palette.WHITE))
            painter.drawEllipse(QPointF(centre, y), 6, 6)
            painter.setFont(bold)
            painter.setPen(QColor(palette.INK) if step.reached else QColor(palette.STEP_TODO_INK))
            box = QRectF(centre - slot / 2, y + 10, slot, 18)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), step_label(step.step))
            if step.at:
                painter.setFont(small)
                painter.setPen(QColor(palette.STEP_TIME_INK))
                when = step.at[:19].replace("T", " ")
                painter.drawText(box.translated(0, 17), int(Qt.AlignmentFlag.AlignCenter), when)


class PurchaseDetail(QFrame):
    identification_requested = Signal(str)  # identification id
    explorer_requested = Signal(str)  # txid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.purchase: Purchase | None = None
        self.title = emphasised(PlainLabel(wrap=True), 1.15)
        self.timeline = TimelineStrip()
        self.alarm = palette.tinted(QFrame(), "purchaseAlarm", **palette.ALARM)
        self.alarm_text = emphasised(PlainLabel(wrap=True, selectable=True))
        QVBoxLayout(self.alarm).addWidget(self.alarm_text)
        self.note = palette.tinted(QFrame(), "purchaseNote", **palette.NOTE)
        self.note_text = PlainLabel(wrap=True)
        self.identify = QPushButton(_("Open the identification page"))
        self.identify.setObjectName("openIdentification")
        self.identify.clicked.connect(self._identify)
        note_layout = QVBoxLayout(self.note)
        note_layout.addWidget(self.note_text)
        note_layout.addWidget(self.identify, 0, Qt.AlignmentFlag.AlignLeft)
        self.lightning = LightningPayoutPanel()
        self.figures: dict[str, PlainLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        self.figure_names: dict[str, PlainLabel] = {}
        for i, name in enumerate(FIGURE_NAMES):
            value = PlainLabel(selectable=True)
            self.figures[name] = value
            self.figure_names[name] = muted(PlainLabel(_(name)))
            grid.addWidget(self.figure_names[name], (i // 4) * 2, i % 4)
            grid.addWidget(value, (i // 4) * 2 + 1, i % 4)
        self.address = CopyableRow(_(OWN_ADDRESS), "", monospace=True)
        self.path = PlainLabel(selectable=True)
        self.txid = CopyableRow(_("Transaction"), "", monospace=True)
        self.explorer = QPushButton(_("Open in block explorer"))
        self.explorer.setObjectName("openExplorer")
        self.explorer.clicked.connect(self._explore)
        tx_row = QHBoxLayout()
        tx_row.addWidget(self.txid, 1)
        tx_row.addWidget(self.explorer, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.alarm)
        layout.addWidget(self.timeline)
        layout.addWidget(self.note)
        layout.addLayout(grid)
        layout.addWidget(self.lightning)
        layout.addWidget(self.address)
        layout.addWidget(self.path)
        layout.addLayout(tx_row)
        layout.addStretch(1)
        self.identification_id = ""
        self.identification_url = ""  # Pocket's own page, checked (the published shape)
        self.demo = False
        self.explorer_link: str | None = None
        self.show_purchase(None)

    def show_purchase(self, purchase: Purchase | None, steps: list[TimelineStep] | None = None,
                      *, alarm: str = "", tip: int | None = None,
                      explorer_link: str | None = None,
                      addresses: list[str] | None = None, depth: int | None = None) -> None:
        """`depth`: the confirmations the chain shows (else from Pocket's block and `tip`)."""
        self.purchase = purchase
        self.setVisible(purchase is not None)
        self.lightning.show_exchange(purchase.exchange if purchase is not None else None)
        if purchase is None:
            return
        exchange, currency = purchase.exchange, purchase.currency
        when = (exchange.executed_on or None)
        cost, label = format_fiat(exchange.cost, currency), purchase_label(purchase)
        self.title.setText(_("{cost} · {state} · {when} UTC").format(
            cost=cost, state=label, when=format_datetime(when)) if when
            else f"{cost} · {label}")
        self.timeline.set_steps(steps or [])
        self.timeline.setVisible(True)
        self.alarm.setVisible(purchase.mismatch)
        self.alarm_text.setText("⚠ " + mismatch_text(purchase, addresses))
        self.alarm_text.setToolTip(alarm)
        self._note(purchase)
        payout = purchase.onchain_payout
        if depth is None:
            depth = confirmations(payout.block_height, tip) if payout else None
        on_chain = payout is not None and (payout.confirmed or bool(depth))
        values = {
            "Cost": format_fiat(exchange.cost, currency),
            "Pocket's fee": format_fiat(exchange.fee, currency),
            "Rate": format_fiat(exchange.rate, currency),
            "Bitcoin bought": format_btc(exchange.amount),
            "Fee rate": format_fee_rate(exchange.fee_rate),
            "Paid out": format_btc(exchange.payout.amount) if exchange.payout else "—",
            "Network fee": format_btc(exchange.payout.fee) if exchange.payout else "—",
            "Confirmations": ("—" if payout is None or not on_chain
                              else f"{depth}" if depth is not None
                              else _("in block {height}").format(height=payout.block_height)),
        }
        for name, text in values.items():
            self.figures[name].setText(text)
        lightning = exchange.payout is not None and payout is None
        self.figure_names["Network fee"].setText(_("Payout fee (Pocket's)") if lightning
                                                 else _("Network fee"))
        for row, text in ((self.address, purchase.address), (self.txid, purchase.txid)):
            row.value.setText(text or "—")
            row.copy_text = text
            row.button.setEnabled(bool(text))
            row.setVisible(bool(text))
        foreign = alarm_words(purchase.flags)[0] == _(MISMATCH_LABEL)
        self.address.label.setText(_("Paid to — NOT an address of your wallet")
                                   if purchase.mismatch and foreign else _(OWN_ADDRESS))
        path = payout.derivation_path if payout else None
        self.path.setText(_(DERIVATION).format(path=path) if path else "")
        self.path.setVisible(bool(path))
        self.explorer_link = explorer_link
        self.explorer.setVisible(explorer_link is not None)

    def show_chain_payout(self, payout: ChainPurchase, depth: int, *,
                          explorer_link: str | None = None) -> None:
        """A payout the order's wallet saw that Pocket's news never named: what the chain
        says (amount, address, transaction, confirmations), no price."""
        self.purchase = None
        self.setVisible(True)
        self.lightning.show_exchange(None)
        self.title.setText(f"{payout.label} · {format_btc(payout.amount)}")
        self.timeline.setVisible(False)  # no Pocket steps to show
        self.alarm.setVisible(False)
        self.note.setVisible(True)
        self.note_text.setText(_(CHAIN_ONLY_NOTE))
        self.identify.setVisible(False)
        values = dict.fromkeys(self.figures, "—")
        values["Paid out"] = format_btc(payout.amount)
        values["Confirmations"] = f"{depth}" if payout.block_height is not None else "0"
        for name, text in values.items():
            self.figures[name].setText(text)
        for row, text in ((self.address, payout.address), (self.txid, payout.txid)):
            row.value.setText(text)
            row.copy_text = text
            row.button.setEnabled(True)
            row.setVisible(True)
        self.address.label.setText(_(OWN_ADDRESS))
        self.path.setText(_(DERIVATION).format(path=payout.path))
        self.path.setVisible(True)
        self.explorer_link = explorer_link
        self.explorer.setVisible(explorer_link is not None)

    def _note(self, purchase: Purchase) -> None:
        exchange = purchase.exchange
        text, button = "", ""
        self.identification_id = self.identification_url = ""
        if exchange.action is not None and purchase.state is S.INTERRUPTED:
            text = action_text(exchange.action.code)
            self.identification_id = exchange.action.identification_id or ""
            self.identification_url = pocket_page_url(exchange.action.url) or ""
            if exchange.action.url and not self.identification_url:
                text = _("{explanation} The page this news names is not on pocketbitcoin.com "
                         "over https, so it is not offered here; open Pocket's site "
                         "yourself.").format(explanation=text)
            if self.identification_id and self.demo:
                button = _("Complete identification (demo)")
            elif self.identification_id or self.identification_url:
                button = _("Open the identification page")
        elif exchange.reason is not None:
            text = refund_text(exchange.reason.code)
        self.note.setVisible(bool(text))
        self.note_text.setText(text)
        self.identify.setText(button)
        self.identify.setVisible(bool(button))

    def _identify(self) -> None:
        if self.identification_url and not (self.demo and self.identification_id):
            QDesktopServices.openUrl(QUrl(self.identification_url, QUrl.ParsingMode.StrictMode))
        elif self.identification_id:
            self.identification_requested.emit(self.identification_id)

    def _explore(self) -> None:
        if self.purchase is not None and self.purchase.txid:
            self.explorer_requested.emit(self.purchase.txid)
