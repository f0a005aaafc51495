"""The "Relay" section of the settings (outside the Demo): the person's `pocketgui-relay`.

Pocket cannot reach a desktop behind NAT; a relay on an always-on home server or VPS receives
Pocket's webhooks and hands them to the app (docs/relay.md). Three fields: the relay's URL
(https, plain http only on this computer's loopback), its feed token, and the webhook secret
registered with Pocket, with which the app verifies every delivery again. The token and the
secret are shown as dots and kept in the OS keyring, never in settings.json.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QVBoxLayout, QWidget

from pocketgui.i18n.catalog import N_, _
from pocketgui.ui.settings import RelayChoice
from pocketgui.ui.widgets.labels import PlainLabel, muted

EXPLANATION = N_("Pocket cannot reach this computer. A relay on your always-on server receives "
               "Pocket's news (executed, identification needed, refunded, sent) and hands it "
               "to this app; every delivery is checked again here with the webhook secret. "
               "How to run one: docs/relay.md. Leave all three empty for no relay.")  # shown: _()


class RelaySection(QGroupBox):
    """The relay's fields; `choice()` is what the person entered."""

    def __init__(self, choice: RelayChoice, parent: QWidget | None = None) -> None:
        super().__init__(_("Relay"), parent)
        self.setObjectName("relaySection")
        self.url = QLineEdit(choice.url)
        self.url.setPlaceholderText("https://relay.example.net")
        self.token = QLineEdit(choice.token)
        self.secret = QLineEdit(choice.webhook_secret)
        for secret in (self.token, self.secret):
            secret.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(_("Relay URL"), self.url)
        form.addRow(_("Feed token"), self.token)
        form.addRow(_("Webhook secret"), self.secret)
        layout = QVBoxLayout(self)
        layout.addWidget(muted(PlainLabel(_(EXPLANATION), wrap=True)))
        layout.addLayout(form)

    def choice(self) -> RelayChoice:
        return RelayChoice(self.url.text().strip().rstrip("/"), self.token.text().strip(),
                           self.secret.text())
