"""Step 6: how to pay — the QR code, every detail with Copy, Save as PDF / PNG, standing order.

The QR code is a Swiss QR-bill for CHF and an EPC QR (GiroCode) for EUR; GBP has bank details
only. The amount is left open so the same code and details serve a standing order. In Demo a
"Simulate a bank transfer" button plays the bank's part (the sandbox's test helper) and leads
straight to tracking.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDoubleSpinBox, QFrame, QHBoxLayout, QPushButton, QScrollArea

from pocketgui.flow.model import PurchaseFlow
from pocketgui.flow.steps import Step
from pocketgui.history.money import format_fiat
from pocketgui.i18n.catalog import N_, _
from pocketgui.payments.instructions import PaymentInstructions
from pocketgui.payments.qr_matrix import QrMatrix
from pocketgui.payments.slip import Slip
from pocketgui.ui.widgets.labels import PlainLabel, emphasised
from pocketgui.ui.widgets.payment_details import PaymentDetailsPanel, prepare
from pocketgui.ui.wizard.page import Runners, WizardPage

INTRO = N_("Your order is ready. Pay with your banking app: scan the code, or copy each "
           "detail. The reference is required: without it Pocket cannot match your transfer.")


class InstructionsPage(WizardPage):
    step = Step.INSTRUCTIONS
    transfer_simulated = Signal()

    intro_text = INTRO

    def __init__(self, flow: PurchaseFlow, runners: Runners) -> None:
        super().__init__(flow, runners)
        self.panel: PaymentDetailsPanel | None = None
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.demo_row = QHBoxLayout()
        self.amount = QDoubleSpinBox()
        self.amount.setObjectName("transferAmount")
        self.amount.setRange(1, 5000)
        self.amount.setDecimals(2)
        self.amount.setValue(100)
        self.amount.setMaximumWidth(110)
        self.simulate = QPushButton(_("Simulate a bank transfer"))
        self.simulate.setObjectName("simulateTransfer")
        self.simulate.clicked.connect(self.simulate_transfer)
        self.demo_label = emphasised(PlainLabel(_("Demo:")))
        self.demo_row.addWidget(self.demo_label)
        self.amount_label = PlainLabel(_("Amount"))
        self.demo_row.addWidget(self.amount_label)
        self.demo_row.addWidget(self.amount)
        self.demo_row.addWidget(self.simulate)
        self.demo_row.addStretch(1)
        self.body.addWidget(self.scroller, 1)
        self.body.addLayout(self.demo_row)
        self._shown_order = ""

    def show_flow(self) -> None:
        order = self.flow.data.order
        if order is not None and order.id != self._shown_order and not self.working:
            self._shown_order = order.id
            instructions = self.flow.payment_instructions()
            self.run(lambda: prepare(instructions), _("Preparing the payment details…"),
                     lambda prepared: self._show_panel(instructions, prepared), device=False,
                     quiet=True)
        for widget in (self.demo_label, self.amount_label, self.amount, self.simulate):
            widget.setVisible(self.flow.is_demo)
        self.simulate.setEnabled(not self.working)

    def _show_panel(self, instructions: PaymentInstructions,
                    prepared: tuple[Slip, QrMatrix | None]) -> None:
        self.panel = PaymentDetailsPanel(instructions, demo=self.flow.is_demo, prepared=prepared)
        self.scroller.setWidget(self.panel)

    def simulate_transfer(self) -> None:
        amount = Decimal(str(round(self.amount.value(), 2))).quantize(Decimal("0.01"))
        self.run(lambda: self.flow.simulate_transfer(amount),
                 _("The bank sends {amount} {currency} to Pocket…").format(
                     amount=format_fiat(amount), currency=self.flow.data.currency),
                 device=False, on_done=lambda _result: self.transfer_simulated.emit())
