"""The "Blockchain" section of the settings: where the app reads the chain, and a connection test.

The person's own Electrum server is the suggestion (it learns nothing it does not already have);
an Esplora URL works too, with the plain warning that such a server learns every address of the
wallets. None is ever picked for them: with no source the dashboard says what they will not see.
"Test connection" runs the probe on the task runner (never the UI thread) and says the tip height
and network it found, or a sentence the person can act on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pocketgui.bitcoin.networks import Network
from pocketgui.chain.sources import ESPLORA_WARNING, check_source
from pocketgui.i18n.catalog import N_, _
from pocketgui.ui import palette
from pocketgui.ui.settings import ELECTRUM, ELECTRUM_PORTS, ESPLORA, ChainChoice
from pocketgui.ui.tasks import Task, TaskRunner
from pocketgui.ui.widgets.labels import PlainLabel, muted

NO_SOURCE = N_("Without a source the app sees only what Pocket reports: no purchase Pocket does "
             "not announce, and no confirmations from the blockchain.")
DEMO_SOURCE = N_("Demo: the embedded sandbox's own regtest chain, read through the same code as "
               "your own server would be. Outside the Demo you choose the source here.")

CHOOSE_FIRST = N_("Choose a blockchain source first.")

Probe = Callable[[ChainChoice], str]  # blocks; the sentence of what it found, raises otherwise


def probe_source(choice: ChainChoice, network: Network | None) -> str:
    """Blocks (the worker's part of the test): connect, read the tip and the network, and
    refuse a server on another network than the orders'."""
    source = choice.source()
    if source is None:
        raise ValueError(_(CHOOSE_FIRST))
    return check_source(source, network).sentence()


class BlockchainSection(QGroupBox):
    """The source's fields and its test; `choice()` is what the person entered."""

    def __init__(self, choice: ChainChoice, runner: TaskRunner | None,
                 network: Network | None = None, *, demo: bool = False,
                 probe: Probe | None = None, parent: QWidget | None = None) -> None:
        super().__init__(_("Blockchain"), parent)
        self.setObjectName("blockchainSection")
        self.runner, self.demo = runner, demo
        self.probe: Probe = probe or partial(probe_source, network=network)
        self.task: Task | None = None
        self.electrum = QRadioButton(_("Your own Electrum server (suggested)"))
        self.electrum.setObjectName("chainElectrum")
        self.esplora = QRadioButton(_("An Esplora server"))
        self.esplora.setObjectName("chainEsplora")
        self.none = QRadioButton(_("None"))
        self.none.setObjectName("chainNone")
        self.kinds = QButtonGroup(self)
        for button in (self.electrum, self.esplora, self.none):
            self.kinds.addButton(button)
        self.host = QLineEdit(choice.host)
        self.host.setObjectName("electrumHost")
        self.host.setPlaceholderText(_("electrum.example.org or 192.168.1.20"))
        self.port = QSpinBox()
        self.port.setObjectName("electrumPort")
        self.port.setRange(1, 65535)
        self.port.setValue(choice.port or ELECTRUM_PORTS[choice.tls])
        self.tls = QCheckBox("TLS")
        self.tls.setObjectName("electrumTls")
        self.tls.setChecked(choice.tls)
        self.tls.toggled.connect(self._tls_toggled)
        self.url = QLineEdit(choice.url)
        self.url.setObjectName("esploraUrl")
        self.url.setPlaceholderText("https://blockstream.info/api")
        self.warning = PlainLabel(_(ESPLORA_WARNING), wrap=True)
        self.warning.setObjectName("esploraWarning")
        self.warning.setStyleSheet(palette.WARN_TEXT)
        self.hint = muted(PlainLabel(_(DEMO_SOURCE if demo else NO_SOURCE), wrap=True))
        self.test = QPushButton(_("Test connection"))
        self.test.setObjectName("testConnection")
        self.test.clicked.connect(self.run_test)
        self.result = PlainLabel(wrap=True, selectable=True)
        self.result.setObjectName("connectionResult")

        server = QHBoxLayout()
        server.addWidget(self.host, 1)
        server.addWidget(PlainLabel(_("Port")))
        server.addWidget(self.port)
        server.addWidget(self.tls)
        form = QFormLayout()
        form.addRow(_("Electrum server"), server)
        form.addRow(_("Esplora URL"), self.url)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test)
        test_row.addWidget(self.result, 1)
        layout = QVBoxLayout(self)
        for button in (self.electrum, self.esplora, self.none):
            layout.addWidget(button)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.hint)
        layout.addLayout(test_row)
        chosen = {ELECTRUM: self.electrum, ESPLORA: self.esplora}.get(choice.kind, self.none)
        chosen.setChecked(True)
        self.kinds.buttonToggled.connect(lambda *_args: self._update())
        for button in (self.electrum, self.esplora, self.none):
            button.setEnabled(not demo)
        self._update()

    def _tls_toggled(self, tls: bool) -> None:
        if self.port.value() == ELECTRUM_PORTS[not tls]:  # the usual port follows the choice
            self.port.setValue(ELECTRUM_PORTS[tls])

    def _update(self) -> None:
        electrum, esplora = self.electrum.isChecked(), self.esplora.isChecked()
        for field in (self.host, self.port, self.tls):
            field.setEnabled(electrum and not self.demo)
        self.url.setEnabled(esplora and not self.demo)
        self.warning.setVisible(esplora)
        self.hint.setVisible(self.demo or self.none.isChecked())
        self.test.setEnabled(self.runner is not None and (self.demo or electrum or esplora)
                             and self.task is None)
        self.result.clear()

    def choice(self) -> ChainChoice:
        if self.electrum.isChecked():
            return ChainChoice(ELECTRUM, self.host.text().strip(), self.port.value(),
                               self.tls.isChecked())
        if self.esplora.isChecked():
            return ChainChoice(ESPLORA, url=self.url.text().strip().rstrip("/"))
        return ChainChoice()

    def run_test(self) -> Task | None:
        """The probe on a worker; its sentence, or the error's, in `result`."""
        choice = self.choice()
        problem = choice.problem() or ("" if choice.chosen else _(CHOOSE_FIRST))
        if problem or self.runner is None:
            self._said(problem, ok=False)
            return None
        self.task = self.runner.submit(self.probe, choice, name="chain-test")
        self.test.setEnabled(False)
        self.result.setStyleSheet("")
        self.result.setText(_("Connecting to {source}…").format(source=choice.describe()))
        self.task.succeeded.connect(lambda text: self._said(str(text), ok=True))
        self.task.failed.connect(lambda exc: self._said(str(exc) or type(exc).__name__, ok=False))
        self.task.finished.connect(self._tested)
        return self.task

    def _tested(self) -> None:
        self.task = None
        self.test.setEnabled(True)

    def _said(self, text: str, *, ok: bool) -> None:
        self.result.setStyleSheet(palette.OK_TEXT if ok else palette.BAD_TEXT)
        self.result.setText(("✓ " if ok else "") + text)
