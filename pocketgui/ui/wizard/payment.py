"""Step 4: how the person pays — currency, their own IBAN, the fee rate, fresh addresses.

The IBAN is checked on every keystroke (country, length, checksum) with the reason, because
Pocket refunds transfers from any other account. The fee rate is shown with what it means for
a 100 purchase. Nothing here talks to a device or to Pocket.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pocketgui.flow.choices import CURRENCIES, FEE_MAX, FEE_MIN, FRESH_ADDRESSES_WHY, fee_example
from pocketgui.flow.model import PurchaseFlow
from pocketgui.flow.steps import Step
from pocketgui.formats.bank_codes import check_iban
from pocketgui.i18n.catalog import N_, _, format_locale
from pocketgui.ui import palette
from pocketgui.ui.widgets.labels import PlainLabel, muted
from pocketgui.ui.wizard.page import MONO, Runners, WizardPage

INTRO = N_("You pay Pocket by bank transfer from your own account, once or as a standing "
           "order. Pocket buys bitcoin with every transfer and sends it to your wallet.")
LIGHTNING_INTRO = N_("You pay Pocket by bank transfer from your own account, once or as a "
                     "standing order. Pocket buys bitcoin with every transfer and pays it to "
                     "your lightning node.")
FEE_WHAT = N_("Pocket's fee is what Pocket keeps from every purchase for its service; the rest "
              "of the transfer buys bitcoin. Pocket accepts 1.2 % to 4.5 %, and you can change "
              "it later on the dashboard.")
CURRENCY_HINT = {
    "CHF": N_("Swiss francs: a Swiss QR-bill your banking app scans."),
    "EUR": N_("Euros: a SEPA transfer with an EPC QR code (GiroCode)."),
    "GBP": N_("Pounds: a Faster Payments transfer with the bank details."),
}


class PaymentPage(WizardPage):
    step = Step.PAYMENT

    intro_text = INTRO

    def __init__(self, flow: PurchaseFlow, runners: Runners) -> None:
        super().__init__(flow, runners)
        if flow.is_lightning:
            self.intro.setText(_(LIGHTNING_INTRO))
        self.currency_group = QButtonGroup(self)
        self.currency_buttons: dict[str, QRadioButton] = {}
        currencies = QHBoxLayout()
        for code in CURRENCIES:
            button = QRadioButton(code)
            button.setObjectName(f"currency_{code}")
            self.currency_group.addButton(button)
            self.currency_buttons[code] = button
            button.toggled.connect(lambda on, c=code: self._currency_toggled(c, on))
            currencies.addWidget(button)
        currencies.addStretch(1)
        self.currency_hint = muted(PlainLabel(wrap=True))
        self.iban = QLineEdit()
        self.iban.setObjectName("ibanField")
        self.iban.setPlaceholderText(_("e.g. {iban}").format(iban="DE75 5121 0800 1245 1261 99"))
        self.iban.setStyleSheet(MONO)
        self.iban.textEdited.connect(lambda text: self._update(iban=text))
        # Enter: on to the next field while the step is incomplete (when it is complete, the
        # wizard takes the same Enter as Next)
        self.iban.returnPressed.connect(self._iban_entered)
        self.iban_check = PlainLabel(wrap=True)
        self.iban_check.setObjectName("ibanCheck")
        self.fee = QDoubleSpinBox()
        self.fee.setObjectName("feeRate")
        self.fee.setDecimals(1)
        self.fee.setSingleStep(0.1)
        self.fee.setRange(float(FEE_MIN * 100), float(FEE_MAX * 100))
        self.fee.setSuffix(" %")
        self.fee.setMaximumWidth(100)
        self.fee.setToolTip(_(FEE_WHAT))
        self.fee.valueChanged.connect(
            lambda value: self._update(fee_rate=(Decimal(str(round(value, 1))) / 100)))
        self.fee_hint = muted(PlainLabel(wrap=True))
        self.fresh = QCheckBox(_("A fresh address for every purchase (recommended)"))
        self.fresh.setObjectName("freshAddresses")
        self.fresh.toggled.connect(lambda on: self._update(fresh_addresses=on))
        self.fresh_hint = muted(PlainLabel(_(FRESH_ADDRESSES_WHY).format(gap=10), wrap=True))
        self.advanced = QCheckBox(_("Advanced: an affiliate agreement"))
        self.advanced.setObjectName("advanced")
        self.advanced_box = QWidget()
        self.affiliate = QLineEdit()
        self.affiliate.setObjectName("affiliateId")
        self.affiliate.setPlaceholderText(_("Only if Pocket gave you an affiliate agreement id"))
        self.affiliate.textEdited.connect(lambda text: self._update(affiliate_id=text))
        self.affiliate_check = PlainLabel(wrap=True)
        self.affiliate_check.setStyleSheet(palette.BAD_TEXT)
        advanced = QFormLayout(self.advanced_box)
        advanced.setContentsMargins(24, 0, 0, 0)
        advanced.addRow(_("Affiliate id"), self.affiliate)
        advanced.addRow("", self.affiliate_check)
        self.advanced.toggled.connect(self._show_advanced)
        form = QFormLayout()
        form.addRow(_("Currency"), self._stack(currencies, self.currency_hint))
        form.addRow(_("Your IBAN"), self._stack(self.iban, self.iban_check))
        form.addRow(_("Pocket's fee"), self._stack(self.fee, self.fee_hint))
        if not flow.is_lightning:  # fresh addresses are an on-chain matter
            form.addRow("", self._stack(self.fresh, self.fresh_hint))
        self.body.addLayout(form)
        self.body.addWidget(self.advanced)
        self.body.addWidget(self.advanced_box)
        self.body.addStretch(1)
        self._rendering = False
        self._show_advanced(False)

    @staticmethod
    def _stack(*items: QWidget | QHBoxLayout) -> QWidget:
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(3)
        for item in items:
            if isinstance(item, QHBoxLayout):
                layout.addLayout(item)
            else:
                layout.addWidget(item)
        return widget

    def _show_advanced(self, on: bool) -> None:
        self.advanced_box.setVisible(on)
        self.affiliate_check.setVisible(on and bool(self.affiliate_check.text()))
        if not on and self.flow.data.affiliate_id:
            self._update(affiliate_id="")

    def _iban_entered(self) -> None:
        if self.flow.payment_problems():
            self.fee.setFocus(Qt.FocusReason.TabFocusReason)

    def _currency_toggled(self, currency: str, on: bool) -> None:
        if on:
            self._update(currency=currency)

    def _update(self, **change: object) -> None:
        if self._rendering:
            return
        self.flow.set_payment(**change)  # type: ignore[arg-type]
        self.show_flow()
        self.changed.emit()

    def show_flow(self) -> None:
        d = self.flow.data
        self._rendering = True
        self.currency_buttons[d.currency].setChecked(True)
        if self.iban.text() != d.iban:
            self.iban.setText(d.iban)
        self.fee.setValue(float(d.fee_rate * 100))
        self.fresh.setChecked(d.fresh_addresses)
        if d.affiliate_id and not self.advanced.isChecked():
            self.advanced.setChecked(True)
        if self.affiliate.text() != d.affiliate_id:
            self.affiliate.setText(d.affiliate_id)
        self._rendering = False
        self.currency_hint.setText(_(CURRENCY_HINT[d.currency]))
        check = check_iban(d.iban)
        if check.ok:
            self.iban_check.setText(_("✓ Valid IBAN ({country}). Pay only from this account: "
                                      "Pocket refunds transfers from any other.").format(
                                          country=check.country_name(format_locale())))
            self.iban_check.setStyleSheet(palette.OK_TEXT)
        else:
            self.iban_check.setText(check.explained(_, format_locale()))
            self.iban_check.setStyleSheet(palette.BAD_TEXT if d.iban.strip() else "")
        self.fee_hint.setText(f"{_(FEE_WHAT)} {fee_example(d.fee_rate, d.currency)}")
        problem = self.flow.payment_problems().get("affiliate_id", "")
        self.affiliate_check.setText(problem)
        self.affiliate_check.setVisible(bool(problem) and self.advanced.isChecked())
