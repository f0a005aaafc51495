"""Demo: the bank, the blockchain and Pocket's identification desk, one click each.

`DemoControls` is the row of buttons; the dashboard's `demo_actions` run the calls (through the
purchases core) on its worker.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QPushButton, QWidget

from pocketgui.bitcoin.amounts import fiat
from pocketgui.i18n.catalog import _
from pocketgui.ui import palette
from pocketgui.ui.widgets.labels import PlainLabel, emphasised, muted


class DemoControls(QFrame):
    transfer_requested = Signal(object)  # Decimal amount
    mine_requested = Signal()
    identification_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        palette.tinted(self, "demoControls", background=palette.DEMO_BG, border=palette.AMBER)
        self.amount = QLineEdit("100.00")
        self.amount.setObjectName("demoAmount")
        self.amount.setMaximumWidth(90)
        self.transfer = QPushButton(_("Simulate a transfer"))
        self.transfer.setObjectName("demoTransfer")
        self.mine = QPushButton(_("Mine a block"))
        self.mine.setObjectName("demoMine")
        self.identify = QPushButton(_("Complete identification"))
        self.identify.setObjectName("demoIdentify")
        self.identify.setEnabled(False)
        self.problem = PlainLabel()
        self.problem.setStyleSheet(palette.BAD_TEXT)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(emphasised(PlainLabel(_("Demo"))))
        layout.addWidget(muted(PlainLabel(_("bank transfer of"))))
        layout.addWidget(self.amount)
        for button in (self.transfer, self.mine, self.identify):
            layout.addWidget(button)
        layout.addWidget(self.problem, 1)
        self.transfer.clicked.connect(self._transfer)
        self.amount.returnPressed.connect(self._transfer)
        self.mine.clicked.connect(self.mine_requested.emit)
        self.identify.clicked.connect(self.identification_requested.emit)

    def _transfer(self) -> None:
        try:
            amount = fiat(self.amount.text().strip())
            if amount <= 0:
                raise ValueError
        except ValueError:
            self.problem.setText(_("Type an amount such as 100.00"))
            return
        self.problem.setText("")
        self.transfer_requested.emit(amount)

    def set_busy(self, busy: bool) -> None:
        for button in (self.transfer, self.mine):
            button.setEnabled(not busy)

    def set_order(self, has_order: bool, can_identify: bool) -> None:
        self.transfer.setEnabled(has_order)
        self.identify.setEnabled(can_identify)

    def amount_value(self) -> Decimal:
        return fiat(self.amount.text().strip())
