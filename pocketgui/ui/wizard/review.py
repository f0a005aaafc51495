"""Step 5: every value the order will carry, in plain words; then Create.

What can come back is shown for what it is: created (its echo checked), refused (why, in
Pocket's words mapped to ours), outcome unknown ("check with Pocket before trying again"), or
tampered (the answer differs from what was sent: nothing of it is shown as payable). The order
intent is in the store before the request leaves, so a crash cannot hide an order either.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPushButton, QScrollArea, QWidget

from pocketgui.flow.errors import ChallengeExpired
from pocketgui.flow.flow_data import Outcome
from pocketgui.flow.model import PurchaseFlow
from pocketgui.flow.steps import Step
from pocketgui.i18n.catalog import N_, _
from pocketgui.ui import palette
from pocketgui.ui.widgets.labels import PlainLabel, emphasised, muted
from pocketgui.ui.wizard.page import Runners, WizardPage, breakable, value_label

INTRO = N_("Check every value. Nothing is sent to Pocket until you press Create order.")

OUTCOME_TEXT = {  # translated where shown
    Outcome.CREATED: N_("✓ Order created. Pocket's answer matches what was sent."),
    Outcome.UNKNOWN: N_("Outcome unknown — check with Pocket. The request was sent but no "
                        "usable answer came back, so the order may or may not exist. Do not "
                        "create it again before you know."),
    Outcome.TAMPERED: N_("Pocket's answer does not match what was sent, so it cannot be "
                         "trusted and nothing of it is shown as payable. Do not pay anything "
                         "for this order; check your connection (a proxy or security software "
                         "may alter it) and contact Pocket."),
}


class ReviewPage(WizardPage):
    step = Step.REVIEW
    challenge_expired = Signal()

    intro_text = INTRO

    def __init__(self, flow: PurchaseFlow, runners: Runners) -> None:
        super().__init__(flow, runners)
        self.rows = QFormLayout()
        self.rows.setVerticalSpacing(6)
        self.rows.setHorizontalSpacing(16)
        self.rows.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        holder = QWidget()
        holder.setLayout(self.rows)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.create_button = QPushButton(_("Create order"))
        self.create_button.setObjectName("createOrder")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_order)
        self.outcome = emphasised(PlainLabel(wrap=True))
        self.outcome.setObjectName("outcome")
        self.outcome_detail = value_label()
        row = QHBoxLayout()
        row.addWidget(self.outcome, 1)
        row.addWidget(self.create_button)
        self.body.addWidget(scroll, 1)
        self.body.addLayout(row)
        self.body.addWidget(self.outcome_detail)
        self._shown_rows: list[tuple[str, str]] = []

    def create_order(self) -> None:
        def expired(exc: BaseException) -> bool:
            if isinstance(exc, ChallengeExpired):
                self.challenge_expired.emit()
                return True
            return False

        self.run(self.flow.create_order, _("Creating the order at Pocket…"), device=False,
                 cancellable=False, on_error=expired)

    def show_flow(self) -> None:
        ready = self.flow.valid(Step.PAYMENT) and self.flow.valid(Step.PAYOUT)
        rows = self.flow.review_rows() if ready else []
        if rows != self._shown_rows:  # rebuilt only when a value changed
            self._shown_rows = rows
            while self.rows.rowCount():
                self.rows.removeRow(0)
            for label, value in rows:
                # keys, addresses, signatures in monospace, also after a word ("lightning node …")
                mono = any(len(word) > 30 for word in value.split())
                field = value_label(breakable(value), mono=mono)
                self.rows.addRow(muted(PlainLabel(label)), field)
        outcome = self.flow.data.outcome
        self.outcome.setText(_(OUTCOME_TEXT[outcome]) if outcome else "")
        self.outcome.setStyleSheet(palette.OK_TEXT if outcome is Outcome.CREATED
                                   else palette.BAD_TEXT)
        detail = self.flow.data.outcome_detail if outcome is not Outcome.CREATED else ""
        self.outcome_detail.setText(detail)
        self.outcome_detail.setVisible(bool(detail))
        # after any answer, a new order needs a new decision (and for unknown: a check first)
        self.create_button.setEnabled(outcome is None and not self.working)
