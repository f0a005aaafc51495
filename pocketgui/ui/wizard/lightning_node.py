"""Lightning step 1: the public key of the person's own lightning node.

Checked as it is typed, with what is wrong said in a sentence; Next stays disabled until it is
a valid 33-byte compressed key. Pocket will pay each purchase to this node only, and the next
page has the node sign for it. In Demo, "Use the demo node" fills the sandbox's simulated node.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton

from pocketgui.flow.model import PurchaseFlow
from pocketgui.flow.steps import Step
from pocketgui.i18n.catalog import N_, _
from pocketgui.ui import palette
from pocketgui.ui.widgets.labels import PlainLabel, emphasised, muted
from pocketgui.ui.wizard.page import MONO, Runners, WizardPage, card

INTRO = N_("Pocket pays each purchase to your own lightning node (beta). Enter the node's public "
            "key; on the next page the node signs a message that proves it is yours.")
WHERE = N_("Where to find it: “lncli getinfo” shows it as identity_pubkey, “lightning-cli getinfo” "
         "as id. It is 66 characters and starts with 02 or 03.")


class LightningNodePage(WizardPage):
    step = Step.PAYOUT

    intro_text = INTRO

    def __init__(self, flow: PurchaseFlow, runners: Runners) -> None:
        super().__init__(flow, runners)
        self.key = QLineEdit()
        self.key.setObjectName("nodePubkey")
        self.key.setPlaceholderText(_("02… or 03… (66 characters)"))
        self.key.setStyleSheet(MONO)
        self.key.setMaxLength(200)  # room for a pasted node address, to say what it is
        self.key.textChanged.connect(self._typed)
        self.check = PlainLabel(wrap=True)
        self.check.setObjectName("nodeKeyCheck")
        self.demo_button = QPushButton(_("Use the demo node"))
        self.demo_button.setObjectName("useDemoNode")
        self.demo_button.setToolTip(_("Demo: the sandbox's simulated lightning node"))
        self.demo_button.clicked.connect(self.use_demo_node)
        self.demo_hint = muted(PlainLabel(_("Demo: no node of your own needed — the sandbox "
                                            "simulates one."), wrap=True))
        demo_row = QHBoxLayout()
        demo_row.addWidget(self.demo_hint, 1)
        demo_row.addWidget(self.demo_button)
        self.body.addWidget(card(emphasised(PlainLabel(_("Your node's public key"))), self.key,
                                 self.check, muted(PlainLabel(_(WHERE), wrap=True))))
        self.body.addLayout(demo_row)
        self.body.addStretch(1)
        self._rendering = False

    def use_demo_node(self) -> None:
        from pocketgui.flow.demo_node import demo_node_pubkey

        self.key.setText(demo_node_pubkey())

    def _typed(self, text: str) -> None:
        if self._rendering:
            return
        self.flow.set_node_pubkey(text)
        self.show_flow()
        self.changed.emit()

    def show_flow(self) -> None:
        proof = self.flow.data.lightning
        if self.key.text() != proof.node_pubkey:
            self._rendering = True
            self.key.setText(proof.node_pubkey)
            self._rendering = False
        problem = proof.key_problem
        if not problem:
            self.check.setText(_("✓ A valid node key."))
            self.check.setStyleSheet(palette.OK_TEXT)
        else:
            self.check.setText(problem)
            # nothing typed yet is a hint, not a mistake
            self.check.setStyleSheet(palette.BAD_TEXT if proof.node_pubkey.strip() else "")
        for widget in (self.demo_button, self.demo_hint):
            widget.setVisible(self.flow.is_demo)
