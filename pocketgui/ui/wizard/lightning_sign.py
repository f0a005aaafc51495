"""Lightning step 2: the person's node signs Pocket's challenge; the signature is pasted here.

The exact message and the two commands that sign it (LND, Core Lightning) are shown with Copy
buttons, so nothing is retyped. The pasted signature is checked here against the node's key as
it is pasted, and Next stays disabled until it matches; a refusal says whether it is another
node's, an earlier challenge's, or not a signature at all. In Demo, "Sign with the demo node"
signs as the simulated node would and pastes the result, which is then checked like any other.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton

from pocketgui.flow.lightning import sign_commands
from pocketgui.flow.lightning_order import short_key
from pocketgui.flow.model import PurchaseFlow
from pocketgui.flow.steps import Step
from pocketgui.i18n.catalog import N_, _
from pocketgui.ui import palette
from pocketgui.ui.widgets.copyable import CopyableRow
from pocketgui.ui.widgets.labels import PlainLabel, emphasised, muted
from pocketgui.ui.wizard.challenge_page import ChallengePage
from pocketgui.ui.wizard.page import MONO, Runners, card, value_label

INTRO = N_("Your node proves it is yours by signing Pocket's one-time challenge. Run one of the "
         "commands where your node runs and paste the signature it prints; it is checked here "
         "before anything is sent.")
PASTE_HINT = N_("Paste the signature (or the whole answer of the command) here.")


class LightningSignPage(ChallengePage):
    step = Step.PROVE

    intro_text = INTRO
    renewed_note = N_("The challenge expired and was renewed: sign the new message (copy the "
                    "command again).")

    def __init__(self, flow: PurchaseFlow, runners: Runners) -> None:
        super().__init__(flow, runners)
        self.message = value_label()
        self.message.setObjectName("challengeMessage")
        self.lnd = CopyableRow(_("With LND"), "…", monospace=True)
        self.lnd.setObjectName("lndCommand")
        self.cln = CopyableRow(_("With Core Lightning"), "…", monospace=True)
        self.cln.setObjectName("clnCommand")
        self.pasted = QPlainTextEdit()
        self.pasted.setObjectName("nodeSignature")
        self.pasted.setPlaceholderText(_(PASTE_HINT))
        self.pasted.setStyleSheet(MONO)
        self.pasted.setTabChangesFocus(True)
        self.pasted.setFixedHeight(self.pasted.fontMetrics().lineSpacing() * 3 + 14)
        self.pasted.textChanged.connect(self._pasted)
        self.result = PlainLabel(wrap=True)
        self.result.setObjectName("signatureCheck")
        self.demo_button = QPushButton(_("Sign with the demo node"))
        self.demo_button.setObjectName("signWithDemoNode")
        self.demo_button.setToolTip(_("Demo: the simulated node signs the message above, as "
                                      "lncli signmessage would, and its answer is pasted below"))
        self.demo_button.clicked.connect(self.sign_with_demo_node)
        expiry_row = QHBoxLayout()
        expiry_row.addWidget(self.expiry, 1)
        expiry_row.addWidget(self.demo_button)
        self.body.addWidget(card(muted(PlainLabel(_("The message your node signs"))),
                                 self.message,
                                 self.lnd, self.cln))
        self.body.addLayout(expiry_row)
        self.body.addWidget(emphasised(PlainLabel(_("The signature your node printed"))))
        self.body.addWidget(self.pasted)
        self.body.addWidget(self.result)
        self.body.addStretch(1)
        self._rendering = False

    def sign_with_demo_node(self) -> None:
        from pocketgui.flow.demo_node import sign_as_demo_node

        self.pasted.setPlainText(sign_as_demo_node(self.flow.data.message))

    def _pasted(self) -> None:
        if self._rendering:
            return
        self.flow.paste_signature(self.pasted.toPlainText())
        self.show_flow()
        self.changed.emit()

    def show_flow(self) -> None:
        d = self.flow.data
        proof = d.lightning
        self.message.setText(d.message or "…")
        commands = sign_commands(d.message) if d.message else ("", "")
        for row, command in zip((self.lnd, self.cln), commands, strict=True):
            row.set_value(command or "…", command)
        self.show_expiry(self.flow.challenge_seconds_left())
        if self.pasted.toPlainText() != proof.pasted:  # the flow dropped it (a new challenge)
            self._rendering = True
            self.pasted.setPlainText(proof.pasted)
            self._rendering = False
        self.pasted.setEnabled(bool(d.message) and not self.working)
        self.demo_button.setVisible(self.flow.is_demo)
        self.demo_button.setEnabled(bool(d.message) and not self.working)
        if proof.signature:
            self.result.setText(_("✓ Signature verified here: your node {node} signed exactly "
                                  "this message.").format(node=short_key(proof.key)))
            self.result.setStyleSheet(palette.OK_TEXT)
        else:
            self.result.setText(proof.check.reason)
            self.result.setStyleSheet(palette.BAD_TEXT)
