"""The dashboard's settings: the app's language, block explorer, identification page, keep
tracking in the tray, (with `blockchain`) where the chain is read, and (with `relay`, outside the
Demo) the relay.

Each URL template, the blockchain source and the relay are checked before anything is kept
(https, its placeholder once; a host and port, or a URL; the relay's URL, token and secret); a
wrong one is said and nothing changes. A changed source is handed on with `chain_chosen`, a
changed relay with `relay_chosen`, a changed language with `language_chosen` (the window keeps
them: settings and keyring; the language is used from the next start, as the chooser says).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pocketgui.bitcoin.networks import Network
from pocketgui.history.preferences import (
    EXPLORERS,
    IDENTIFICATION_URL,
    DashboardPreferences,
    check_template,
)
from pocketgui.i18n.catalog import _
from pocketgui.ui import palette
from pocketgui.ui.dashboard.blockchain_section import BlockchainSection
from pocketgui.ui.dashboard.relay_section import RelaySection
from pocketgui.ui.widgets.labels import PlainLabel, muted
from pocketgui.ui.widgets.language_chooser import LanguageChooser


class DashboardSettingsDialog(QDialog):
    chain_chosen = Signal(object)  # ChainChoice, only when it changed
    relay_chosen = Signal(object)  # RelayChoice, only when it changed
    language_chosen = Signal(str)  # "" = the system's; only when it changed

    def __init__(self, preferences: DashboardPreferences, path: Path | None = None,
                 parent: QWidget | None = None, *,
                 blockchain: BlockchainSection | None = None,
                 relay: RelaySection | None = None, language: str = "") -> None:
        super().__init__(parent)
        self.language_before = language
        self.language = LanguageChooser(language)
        self.blockchain, self.relay = blockchain, relay
        self.relay_before = relay.choice() if relay is not None else None
        self.setMinimumWidth(560 if blockchain is not None else 0)
        self.chain_before = blockchain.choice() if blockchain is not None else None
        self.setWindowTitle(_("Purchase tracking settings"))
        self.preferences, self.path = preferences, path
        self.explorer = QLineEdit(preferences.explorer_url)
        self.explorer.setPlaceholderText(EXPLORERS[Network.MAINNET])
        self.identification = QLineEdit(preferences.identification_url)
        self.identification.setPlaceholderText(IDENTIFICATION_URL)
        self.keep = QCheckBox(_("Keep tracking in the system tray when the window is closed"))
        self.keep.setChecked(preferences.keep_tracking_in_tray)
        self.problem = PlainLabel(wrap=True)
        self.problem.setStyleSheet(palette.BAD_TEXT)
        form = QFormLayout()
        form.addRow(_("Block explorer ({txid})"), self.explorer)
        form.addRow(_("Identification page ({identification_id})"), self.identification)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        # Qt's own words for its standard buttons come from Qt's catalogs, which the app does not
        # load: these two speak the app's language through its one catalog
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.language)
        layout.addLayout(form)
        layout.addWidget(muted(PlainLabel(_("Leave the explorer empty for mempool.space. Demo "
                                            "transactions exist on no public explorer."),
                                          wrap=True)))
        layout.addWidget(self.keep)
        if blockchain is not None:
            layout.addWidget(blockchain)
        if relay is not None:
            layout.addWidget(relay)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def save(self) -> bool:
        explorer = self.explorer.text().strip()
        identification = self.identification.text().strip() or IDENTIFICATION_URL
        try:
            if explorer:
                explorer = check_template(explorer, "txid")
            identification = check_template(identification, "identification_id")
        except ValueError as exc:
            self.problem.setText(str(exc))
            return False
        section = self.blockchain
        chain = section.choice() if section is not None and not section.demo else None
        if chain is not None and chain.problem():
            self.problem.setText(chain.problem())
            return False
        relay = self.relay.choice() if self.relay is not None else None
        if relay is not None and relay.problem():
            self.problem.setText(relay.problem())
            return False
        self.preferences.explorer_url = explorer
        self.preferences.identification_url = identification
        self.preferences.keep_tracking_in_tray = self.keep.isChecked()
        if self.path is not None:
            self.preferences.save(self.path)
        if chain is not None and chain != self.chain_before:
            self.chain_chosen.emit(chain)
        if relay is not None and relay != self.relay_before:
            self.relay_chosen.emit(relay)
        if self.language.choice() != self.language_before:
            self.language_chosen.emit(self.language.choice())
        self.accept()
        return True
