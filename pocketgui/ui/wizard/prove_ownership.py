"""Step 3: sign Pocket's challenge on the device, so Pocket knows the address is the person's.

The page shows the exact message the device will show, counts the challenge's life down, and
renews it when it runs out (an expired challenge is a new one, not a dead end). The signature
is verified here before anything is sent.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton

from pocketgui.flow.model import PurchaseFlow
from pocketgui.flow.steps import Step
from pocketgui.i18n.catalog import N_, _
from pocketgui.ui import palette
from pocketgui.ui.widgets.labels import PlainLabel, muted
from pocketgui.ui.wizard.challenge_page import ChallengePage
from pocketgui.ui.wizard.page import Runners, breakable, card, value_label

INTRO = N_("Pocket pays only to addresses whose owner signed a one-time challenge. Your device "
            "signs this message with the key of the address you confirmed; the signature is "
            "checked here before it is sent.")


class ProveOwnershipPage(ChallengePage):
    step = Step.PROVE

    intro_text = INTRO

    def __init__(self, flow: PurchaseFlow, runners: Runners) -> None:
        super().__init__(flow, runners)
        self.message = value_label()
        self.message.setObjectName("challengeMessage")
        self.sign_button = QPushButton(_("Sign on device"))
        self.sign_button.setObjectName("signButton")
        self.sign_button.setDefault(True)
        self.sign_button.clicked.connect(self.sign)
        self.result = PlainLabel(wrap=True)
        self.signature = value_label()
        self.signature.setObjectName("signature")
        row = QHBoxLayout()
        row.addWidget(self.expiry, 1)
        row.addWidget(self.sign_button)
        self.on_device = PlainLabel(wrap=True)  # what the device will show, family by family
        self.on_device.setObjectName("signingNotice")
        self.body.addWidget(card(muted(PlainLabel(_("The message your device will sign"))),
                                 self.message))
        self.body.addWidget(self.on_device)
        self.body.addLayout(row)
        self.body.addWidget(self.result)
        self.body.addWidget(self.signature)
        self.body.addStretch(1)

    def sign(self) -> None:
        self.run(self.flow.sign, _("Check what your device shows, and confirm there…"),
                 device=True)

    def show_flow(self) -> None:
        d = self.flow.data
        self.message.setText(d.message or "…")
        notice = self.flow.signing_notice() if d.address else ""
        self.on_device.setText(notice)
        self.on_device.setVisible(bool(notice))
        self.show_expiry(self.flow.challenge_seconds_left())
        self.sign_button.setEnabled(bool(d.message) and not self.working)
        if d.signature:
            self.result.setText(_("✓ Signature verified here: it proves that {address} is "
                                  "yours.").format(address=d.address))
            self.result.setStyleSheet(palette.OK_TEXT)
            self.signature.setText(_("Signature: {signature}").format(
                signature=breakable(d.signature, 60)))
            self.sign_button.setText(_("Sign again"))
        else:
            self.result.setText("")
            self.signature.setText("")
            self.sign_button.setText(_("Sign on device"))
        self.signature.setVisible(bool(d.signature))
