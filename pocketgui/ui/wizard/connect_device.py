"""Step 1: find the hardware wallet, unlock it (PIN matrix, passphrase), read its fingerprint.

The list shows what HWI reports for each device — model, label, fingerprint — and what is
wrong with it (locked, no USB permission with the udev fix, busy), so the person knows what to
do before clicking. Connecting runs PIN → passphrase → fingerprint, each on the device thread;
a wrong PIN shows the keypad again with the reason.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
)

from pocketgui.devices.base import DeviceInfo
from pocketgui.devices.errors import DeviceLocked, NeedsPassphrase, WrongPin
from pocketgui.flow.draft import Draft
from pocketgui.flow.model import PurchaseFlow
from pocketgui.flow.steps import Step
from pocketgui.i18n.catalog import N_, _
from pocketgui.ui import palette
from pocketgui.ui.dialogs.passphrase import PassphraseDialog
from pocketgui.ui.dialogs.pin import PinDialog
from pocketgui.ui.widgets.labels import PlainLabel
from pocketgui.ui.wizard.page import Runners, WizardPage, explain

INTRO = N_("Plug in your hardware wallet and unlock it. The bitcoin you buy goes to an address of "
            "this wallet, and only it can prove the address is yours.")


MODELS = {"trezor_1": "Trezor One", "trezor_t": "Trezor Model T", "keepkey": "KeepKey",
          "coldcard": "Coldcard", "bitbox02": "BitBox02", "jade": "Jade"}


def model_name(info: DeviceInfo) -> str:
    """"trezor_1_simulator" → "Trezor One (simulated)"."""
    model = info.model or info.type
    simulated = model.endswith("_simulator")
    model = model.removesuffix("_simulator")
    name = MODELS.get(model, model.replace("_", " ").title())
    return _("{model} (simulated)").format(model=name) if simulated else name


def describe(info: DeviceInfo, connected: bool = False) -> str:
    if connected:
        return _("✓ Connected")
    if info.error is not None and not info.needs_pin and not info.needs_passphrase:
        return explain(info.error)[0].split("\n")[0]
    if info.needs_pin:
        return _("Locked: enter its PIN to continue")
    if info.needs_passphrase:
        return _("Asks for its passphrase")
    return _("Ready")


def has_choices(draft: Draft) -> bool:
    """Whether a saved draft holds anything the person chose: a draft with only the defaults
    (saved when the wizard was merely opened) resumes nothing, so it is not announced."""
    blank = Draft(environment=draft.environment, branch=draft.branch, saved_at=draft.saved_at)
    return draft != blank


class ConnectDevicePage(WizardPage):
    step = Step.CONNECT
    dialog_opened = Signal(object)  # the PIN or passphrase dialog (tests answer it)
    pin_entry_ended = Signal()  # the device no longer shows its keypad

    intro_text = INTRO

    def __init__(self, flow: PurchaseFlow, runners: Runners, pin_hint: str = "") -> None:
        super().__init__(flow, runners)
        self.pin_hint = pin_hint
        self.devices = QTreeWidget()
        self.devices.setObjectName("deviceList")
        self.devices.setHeaderLabels([_("Device"), _("Label"), _("Fingerprint"), _("Status")])
        self.devices.setRootIsDecorated(False)
        self.devices.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.devices.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.devices.setMinimumHeight(140)
        self.devices.itemSelectionChanged.connect(self._selection_changed)
        self.devices.itemDoubleClicked.connect(lambda *_: self.connect_selected())
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.connect_button = QPushButton(_("Connect"))
        self.connect_button.setObjectName("connectButton")
        self.connect_button.clicked.connect(self.connect_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.connect_button)
        self.status = PlainLabel(wrap=True)
        self.resumed = PlainLabel(wrap=True)
        self.body.addWidget(self.devices)
        self.body.addLayout(buttons)
        self.body.addWidget(self.status)
        self.body.addWidget(self.resumed)
        self.body.addStretch(1)
        self.dialog: PinDialog | PassphraseDialog | None = None
        self._listed = False

    def enter(self) -> None:
        super().enter()
        if not self._listed and not self.working:
            self.refresh()

    def refresh(self) -> None:
        self._listed = True
        self.run(self.flow.find_devices, _("Looking for hardware wallets…"), device=True)

    def show_flow(self) -> None:
        d = self.flow.data
        selected = self._selected_path()
        self.devices.clear()
        for info in d.devices:
            info = self._as_known(info)
            fingerprint = info.fingerprint or (
                d.fingerprint if d.device and d.device.path == info.path else "") or "—"
            connected = (self.flow.valid(Step.CONNECT) and d.device is not None
                         and d.device.path == info.path)
            item = QTreeWidgetItem([model_name(info), info.label or "", fingerprint,
                                    describe(info, connected)])
            item.setData(0, 256, info.path)
            self.devices.addTopLevelItem(item)
            if info.path == selected or (selected is None and len(d.devices) == 1):
                item.setSelected(True)
        for column in range(3):
            self.devices.resizeColumnToContents(column)
        if self.flow.valid(Step.CONNECT) and d.device is not None:
            self.status.setText(_("✓ Connected to {device}, fingerprint {fingerprint}.").format(
                device=d.device.name, fingerprint=d.fingerprint))
            self.status.setStyleSheet(palette.OK_TEXT)
        elif not d.devices and self._listed and not self.working:
            self.status.setText(_("No hardware wallet found. Plug it in, unlock it, and "
                                  "press Refresh."))
            self.status.setStyleSheet("")
        else:
            self.status.setText("")
        draft = d.resumed if d.resumed is not None and has_choices(d.resumed) else None
        self.resumed.setVisible(draft is not None and not self.flow.valid(Step.CONNECT))
        if draft is not None:
            when = draft.saved_at[:16].replace("T", " ")
            self.resumed.setText(_("Resuming the set-up you started on {when} UTC: your "
                                   "choices are filled in once the same wallet is "
                                   "connected.").format(when=when))
        self.connect_button.setEnabled(self._selected() is not None and not self.working)
        self.refresh_button.setEnabled(not self.working)

    def _as_known(self, info: DeviceInfo) -> DeviceInfo:
        """The device as this app last knew it: the list's entry is read before the person
        entered the PIN (and the demo's is fixed), the opened wallet's is updated by it."""
        wallet = self.flow.wallet
        known = getattr(wallet, "info", None) if wallet is not None else None
        if isinstance(known, DeviceInfo) and known.path == info.path:
            return replace(info, needs_pin=known.needs_pin,
                           needs_passphrase=known.needs_passphrase, error=known.error)
        return info

    def _selected_path(self) -> str | None:
        items = self.devices.selectedItems()
        return str(items[0].data(0, 256)) if items else None

    def _selected(self) -> DeviceInfo | None:
        path = self._selected_path()
        return next((i for i in self.flow.data.devices if i.path == path), None)

    def _selection_changed(self) -> None:
        self.connect_button.setEnabled(self._selected() is not None and not self.working)

    # ----- connecting: PIN → passphrase → fingerprint ------------------------------------------
    def connect_selected(self) -> None:
        info = self._selected()
        if info is None or self.working:
            return
        if info.error is not None and not (info.needs_pin or info.needs_passphrase):
            self.show_error(info.error)
            return
        self.flow.choose_device(info)
        if info.needs_pin:
            self.run(self.flow.show_pin_keypad, _("Your device shows its PIN keypad…"),
                     lambda shown: self._ask_pin("") if shown else self._after_pin(),
                     device=True)
        else:
            self._after_pin()

    def _ask_pin(self, error: str) -> None:
        info = self.flow.data.device
        dialog = PinDialog(info.name if info else _("your device"), self.pin_hint, error, self,
                           demo=bool(self.pin_hint))
        dialog.accepted.connect(lambda: self._send_pin(dialog.positions()))
        dialog.rejected.connect(lambda: self.show_note(_("PIN entry cancelled.")))
        dialog.finished.connect(lambda _: self.pin_entry_ended.emit())
        self._open(dialog)

    def _send_pin(self, positions: str) -> None:
        def wrong(exc: BaseException) -> bool:
            if isinstance(exc, WrongPin):  # the device drops the request: show a new keypad
                self.run(self.flow.show_pin_keypad, _("Your device shows a new keypad…"),
                         lambda _: self._ask_pin(str(exc)), device=True)
                return True
            return False

        self.run(lambda: self.flow.send_pin(positions), _("Unlocking…"),
                 lambda _: self._after_pin(), device=True, on_error=wrong)

    def _after_pin(self) -> None:
        info = self.flow.data.device
        if info is not None and info.needs_passphrase:
            dialog = PassphraseDialog(info.name, self, demo=bool(self.pin_hint))
            dialog.accepted.connect(lambda: self.run(
                lambda: self.flow.use_passphrase(dialog.passphrase()), _("Opening the wallet…"),
                lambda _: self._read(), device=True))
            self._open(dialog)
        else:
            self._read()

    def _read(self) -> None:
        self.run(self.flow.read_wallet, _("Reading the wallet's fingerprint…"), device=True,
                 on_error=self._locked_again)

    def _locked_again(self, exc: BaseException) -> bool:
        """A device that locked itself meanwhile asks for its PIN again."""
        if isinstance(exc, DeviceLocked):
            self.run(self.flow.show_pin_keypad, _("Your device shows its PIN keypad…"),
                     lambda shown: self._ask_pin("") if shown else self._read(), device=True)
            return True
        if isinstance(exc, NeedsPassphrase) and self.flow.data.device is not None:
            self._after_pin()
            return True
        return False

    def _open(self, dialog: PinDialog | PassphraseDialog) -> None:
        self.dialog = dialog
        dialog.setModal(True)
        dialog.open()  # window-modal, but the event loop keeps running
        self.dialog_opened.emit(dialog)
