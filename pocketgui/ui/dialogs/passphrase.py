"""The BIP-39 passphrase, typed on the computer (Trezor One has no keyboard).

Every passphrase opens a different wallet, and an empty one is a valid wallet too, so the
person types it twice: a typo would send the bitcoin to a wallet they cannot find again.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from pocketgui.i18n.catalog import _
from pocketgui.ui import palette
from pocketgui.ui.widgets.banner import mark_demo
from pocketgui.ui.widgets.labels import PlainLabel, emphasised


class PassphraseDialog(QDialog):
    def __init__(self, device_name: str, parent: QWidget | None = None, *,
                 demo: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Passphrase for {device}").format(device=device_name))
        title = emphasised(PlainLabel(_("{device} uses a passphrase").format(device=device_name),
                                      wrap=True), 1.15)
        explain = PlainLabel(_("Each passphrase opens a different wallet. Enter the one whose "
                               "wallet should receive the bitcoin (leave both empty for the "
                               "wallet without passphrase)."), wrap=True)
        self.first, self.second = QLineEdit(), QLineEdit()
        for field, hint in ((self.first, _("Passphrase")), (self.second, _("Passphrase again"))):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setPlaceholderText(hint)
            field.textChanged.connect(self._update)
        self.mismatch = PlainLabel(_("The two entries differ."), wrap=True)
        self.mismatch.setStyleSheet(palette.BAD_TEXT)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (title, explain, self.first, self.second, self.mismatch, self.buttons):
            layout.addWidget(widget)
        if demo:
            mark_demo(self, layout)
        self._update()

    def passphrase(self) -> str:
        return self.first.text()

    def _update(self) -> None:
        same = self.first.text() == self.second.text()
        self.mismatch.setVisible(not same)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(same)
