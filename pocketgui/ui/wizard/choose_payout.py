"""Step 2: which address of the wallet receives the bitcoin — and the person sees it on the device.

The address is derived here from the account's extended public key, then shown on the device's
own screen: malware on this computer could change what this window shows, but not what the
device shows. Next stays disabled until the device has shown exactly this address and the
person confirmed it there.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pocketgui.bitcoin.networks import Network, ScriptType
from pocketgui.flow.choices import SCRIPT_TYPES, script_type_text
from pocketgui.flow.model import PurchaseFlow
from pocketgui.flow.steps import Step
from pocketgui.i18n.catalog import N_, _
from pocketgui.ui import palette
from pocketgui.ui.widgets.device_screen import on_device
from pocketgui.ui.widgets.labels import PlainLabel, muted
from pocketgui.ui.wizard.page import Runners, WizardPage, card, value_label

INTRO = N_("Native segwit is right for almost everyone. Keep account 0 and address 0 unless you "
            "use other accounts of this wallet on purpose.")


REGTEST_NOTE = N_("Your device shows this regtest address in its testnet form (same key, same "
                "script, another prefix):")


# How addresses begin on test networks: the labels name mainnet's "bc1…", "3…", "1…".
ADDRESS_STARTS = {
    Network.TESTNET: (("bc1", "tb1"), ("(3…)", "(2…)"), ("(1…)", "(m… or n…)")),
    Network.REGTEST: (("bc1", "bcrt1"), ("(3…)", "(2…)"), ("(1…)", "(m… or n…)")),
}


def on_network(text: str, network: Network) -> str:
    """A script type's label or hint with the address beginnings of this network."""
    for mainnet, here in ADDRESS_STARTS.get(network, ()):
        text = text.replace(mainnet, here)
    return text


class ChoosePayoutPage(WizardPage):
    step = Step.PAYOUT

    intro_text = INTRO

    def __init__(self, flow: PurchaseFlow, runners: Runners) -> None:
        super().__init__(flow, runners)
        self.types = QButtonGroup(self)
        self.type_buttons: dict[ScriptType, QRadioButton] = {}
        self.type_hints: dict[ScriptType, PlainLabel] = {}
        types = QVBoxLayout()
        types.setSpacing(2)
        for script_type in SCRIPT_TYPES:
            network = flow.services.network
            label, why = script_type_text(script_type)
            label, why = on_network(label, network), on_network(why, network)
            button = QRadioButton(label)
            button.setObjectName(f"type_{script_type.value}")
            hint = muted(PlainLabel(why, wrap=True))
            hint.setContentsMargins(24, 0, 0, 4)
            self.types.addButton(button)
            self.type_buttons[script_type] = button
            self.type_hints[script_type] = hint
            button.toggled.connect(self._type_toggled)
            types.addWidget(button)
            types.addWidget(hint)
        self.account = QSpinBox()
        self.account.setRange(0, 999)
        self.index = QSpinBox()
        self.index.setRange(0, 9999)
        for spin in (self.account, self.index):
            spin.setMaximumWidth(90)
            spin.valueChanged.connect(lambda _: self._choices_changed())
        self.not_offered = muted(PlainLabel(wrap=True))
        self.not_offered.setObjectName("typesNotOffered")
        types.addWidget(self.not_offered)
        form = QFormLayout()
        form.addRow(_("Address type"), self._wrap(types))
        form.addRow(_("Account"), self.account)
        form.addRow(_("Address index"), self.index)
        self.address = value_label()
        self.address.setObjectName("payoutAddress")
        self.device_form = value_label()
        self.device_form.setObjectName("deviceForm")
        self.device_form_note = muted(PlainLabel(_(REGTEST_NOTE), wrap=True))
        self.path = muted(PlainLabel())
        self.show_button = QPushButton(_("Show on device"))
        self.show_button.setObjectName("showOnDevice")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.show_on_device)
        self.confirmed = PlainLabel(wrap=True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.show_button)
        self.body.addLayout(form)
        self.body.addWidget(card(muted(PlainLabel(_("Your bitcoin will be sent to"))),
                                 self.address,
                                 self.device_form_note, self.device_form))
        self.body.addLayout(row)
        self.body.addWidget(self.confirmed)
        self.body.addStretch(1)
        self._rendering = False

    @staticmethod
    def _wrap(layout: QVBoxLayout) -> QWidget:
        widget = QWidget()
        layout.setContentsMargins(0, 0, 0, 0)
        widget.setLayout(layout)
        return widget

    def enter(self) -> None:
        super().enter()
        if not self.flow.data.address and not self.working:
            self.read_address()

    def read_address(self) -> None:
        self.run(self.flow.read_address, _("Reading the account from your device…"),
                 device=True)

    def show_on_device(self) -> None:
        self.run(self.flow.show_address, _("Compare the address on your device with the one "
                                           "above, then confirm on the device…"), device=True)

    def _type_toggled(self, on: bool) -> None:
        if on:
            self._choices_changed()

    def _choices_changed(self) -> None:
        if self._rendering:
            return
        script_type = next(t for t, b in self.type_buttons.items() if b.isChecked())
        self.flow.set_account(script_type, self.account.value(), self.index.value())
        if not self.flow.data.address and not self.working:
            self.read_address()
        self.show_flow()
        self.changed.emit()

    def _not_offered(self, offered: list[ScriptType]) -> str:
        missing = [script_type_text(t)[0] for t in self.type_buttons if t not in offered]
        device = self.flow.device_family.name
        if not missing:
            return ""
        if len(missing) == 1:
            return _("Your {device} cannot show or sign for {address_type} addresses, so they "
                     "are not offered.").format(device=device, address_type=missing[0])
        return _("Your {device} cannot show or sign for {address_types} or {last} addresses, "
                 "so they are not offered.").format(device=device,
                                                    address_types=", ".join(missing[:-1]),
                                                    last=missing[-1])

    def show_flow(self) -> None:
        d = self.flow.data
        self._rendering = True
        self.type_buttons[d.script_type].setChecked(True)
        self.account.setValue(d.account_index)
        self.index.setValue(d.address_index)
        self._rendering = False
        offered = self.flow.offered_script_types()
        for script_type, button in self.type_buttons.items():
            # a type the device cannot show and sign for is not offered (a BitBox02: no legacy)
            button.setVisible(script_type in offered)
            self.type_hints[script_type].setVisible(script_type in offered)
        self.not_offered.setText(self._not_offered(offered))
        self.not_offered.setVisible(len(offered) < len(self.type_buttons))
        for widget in (*self.type_buttons.values(), self.account, self.index):
            widget.setEnabled(not self.working)
        self.address.setText(d.address or "…")
        shown = self.flow.device_form()
        self.device_form.setText(on_device(shown))  # in groups of four, as the device shows it
        self.device_form.setVisible(shown != d.address)
        self.device_form_note.setVisible(shown != d.address)
        self.path.setText(_("Path {path}").format(
            path=self.flow.account.address_path(d.address_index)) if d.address else "")
        self.show_button.setEnabled(bool(d.address) and not self.working)
        if d.address_confirmed:
            self.confirmed.setText(_("✓ You confirmed on your device that it shows this "
                                     "address."))
            self.confirmed.setStyleSheet(palette.OK_TEXT)
            self.show_button.setText(_("Show again"))
        else:
            self.confirmed.setText(_("Press “Show on device”: your device shows the address; "
                                     "check that it is exactly the one above and confirm "
                                     "there."))
            self.confirmed.setStyleSheet("")
            self.show_button.setText(_("Show on device"))
