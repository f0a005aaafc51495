"""A person going through the whole demo in the real window: the e2e test, the screenshot test
and benchmarks/demo_flow.py all drive the app with this one script.

It clicks the real widgets, types into the real fields, answers the demo device's panel, and
waits (with a timeout, never a sleep) for what the window shows. `on_page(name)` is called at
each moment worth a screenshot.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from pocketgui.flow import Step
from pocketgui.flow.demo import DEMO_PIN
from pocketgui.i18n.catalog import _
from pocketgui.i18n.pseudo import START
from pocketgui.ui.dashboard.dashboard import Dashboard
from pocketgui.ui.dashboard.lightning_payout import LightningPayoutPanel
from pocketgui.ui.main_window import MainWindow
from pocketgui.ui.widgets.device_screen import DeviceScreen

IBAN = "CH93 0076 2011 6238 5295 7"
EUR_IBAN = "DE75 5121 0800 1245 1261 99"
Wait = Callable[..., object]  # (predicate, timeout=ms): qtbot.waitUntil or process_wait


def process_wait(predicate: Callable[[], bool], timeout: int) -> None:
    """`qtbot.waitUntil` without pytest: run a real event loop (as `app.exec()` does) in 5 ms
    slices until `predicate()` or time out."""
    import time

    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout / 1000
    loop = QEventLoop()
    while True:
        try:
            if predicate():
                return
        except AssertionError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        QTimer.singleShot(5, loop.quit)
        loop.exec()


def plain(text: str) -> str:
    """`text` without the pseudo-locale's opening marker: a check of how a text begins ("✓")
    holds in every language, `xx` included."""
    return text.removeprefix(START)


def open_window(qtbot: Any, tmp_path: Path) -> MainWindow:
    """The app's window in Demo over `tmp_path/data` (the same folder: a restart)."""
    from pocketgui.ui.modes import Mode
    from pocketgui.ui.signals import AppSignals

    window = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    return window


class DemoDriver:
    def __init__(self, window: MainWindow, wait: Wait = process_wait,
                 on_page: Callable[[str], None] | None = None) -> None:
        self.window, self.wait = window, wait
        self.on_page = on_page or (lambda name: None)

    def until(self, predicate: Callable[[], bool], seconds: float = 20) -> None:
        self.wait(predicate, timeout=int(seconds * 1000))

    @staticmethod
    def click(button: QAbstractButton) -> None:
        assert button.isEnabled(), f"{button.objectName() or button.text()} is disabled"
        button.click()

    @property
    def wizard(self):  # type: ignore[no-untyped-def]
        assert self.window.wizard is not None
        return self.window.wizard

    @property
    def panel(self) -> DeviceScreen:
        side = self.window.wizard.findChild(DeviceScreen) if self.window.wizard else None
        assert side is not None
        return side

    def idle(self) -> bool:
        return not self.wizard.page.working

    def next(self) -> None:
        self.until(lambda: self.wizard.next_button.isEnabled())
        self.click(self.wizard.next_button)
        self.glance()

    def glance(self, seconds: float = 0.05) -> None:
        """A person looks at the new page before the next click (50 ms: quicker than anyone).
        Without it the script clicked Next and Create in one turn of the event loop, and the
        benchmark counted two people's clicks as one stall."""
        import time

        until = time.monotonic() + seconds
        self.until(lambda: time.monotonic() >= until)

    def confirm_on_device(self, expected: str) -> str:
        """Wait for the device to ask, check what it shows, press Confirm."""
        self.until(lambda: self.panel.confirm_button.isEnabled())
        shown = self.panel.screen_text.text()
        if " " not in expected:  # an address: the device shows it in groups of four
            shown = shown.replace(" ", "")
        assert shown == expected, (expected, shown)
        self.click(self.panel.confirm_button)
        return shown

    # ----- the steps ---------------------------------------------------------------------------
    def start(self) -> None:
        self.window.show()
        if self.window.runner is None:  # the app does this after its first paint
            self.window.start_background()
        self.on_page("01-welcome")
        self.until(lambda: self.window.session is not None, 30)
        self.click(self.window.welcome.start_button)
        self.until(lambda: self.window.wizard is not None)

    def connect_device(self) -> str:
        page = self.wizard.connect_page
        self.until(lambda: page.devices.topLevelItemCount() == 1 and self.idle())
        self.on_page("02-connect-device")
        self.click(page.connect_button)
        self.until(lambda: page.dialog is not None and page.dialog.isVisible())
        self.until(lambda: all(key.text() for key in self.panel.keys))
        # the person reads the scrambled digits off the device and clicks the same places
        where = {key.text(): n for n, key in enumerate(self.panel.keys)}
        self.on_page("03-pin")
        for digit in DEMO_PIN:
            row, column = divmod(where[digit], 3)
            position = "789456123"[row * 3 + column]
            page.dialog.keys[position].click()
        page.dialog.accept()
        self.until(lambda: self.wizard.flow.valid(Step.CONNECT) and self.idle())
        self.on_page("04-connected")
        return page.status.text()

    def choose_payout(self) -> str:
        self.next()
        page = self.wizard.payout
        self.until(lambda: page.address.text().startswith("bcrt1") and self.idle())
        self.on_page("05-payout")
        self.click(page.show_button)
        self.on_page_when_asked("06-show-on-device")
        self.confirm_on_device(self.wizard.flow.device_form())
        self.until(lambda: self.wizard.flow.data.address_confirmed and self.idle())
        return page.address.text()

    @staticmethod
    def type(field: QWidget, text: str) -> None:
        """Key by key, 10 ms apart, the window handling each as it comes (a fast typist)."""
        QTest.keyClicks(field, text, Qt.KeyboardModifier.NoModifier, 10)

    def on_page_when_asked(self, name: str) -> None:
        self.until(lambda: self.panel.confirm_button.isEnabled())
        self.on_page(name)

    def prove(self) -> str:
        self.next()
        page = self.wizard.prove
        self.until(lambda: page.message.text().startswith("I confirm my bitcoin wallet.")
                   and self.idle())
        self.click(page.sign_button)
        self.on_page_when_asked("07-sign-on-device")
        # as on a Trezor One: first the address it signs for (the confirmed one), then the message
        self.confirm_on_device(self.wizard.flow.device_form())
        self.confirm_on_device(page.message.text())
        self.until(lambda: plain(page.result.text()).startswith("✓") and self.idle())
        self.on_page("08-signed")
        return page.message.text()

    def payment(self, currency: str = "CHF", iban: str = IBAN, typo: bool = True) -> None:
        self.next()
        page = self.wizard.payment
        self.click(page.currency_buttons[currency])
        page.iban.clear()
        if typo:
            self.type(page.iban, iban[:-1] + ("8" if iban[-1] != "8" else "7"))
            assert page.iban_check.text() == _(
                "The check digits do not match: a character is mistyped or two are swapped.")
            assert not self.wizard.next_button.isEnabled()
            QTest.keyClick(page.iban, Qt.Key.Key_Backspace)
            self.type(page.iban, iban[-1])
        else:
            self.type(page.iban, iban)
        assert plain(page.iban_check.text()).startswith("✓"), page.iban_check.text()
        self.on_page("09-payment")

    def create(self) -> str:
        self.next()
        page = self.wizard.review
        self.on_page("10-review")
        self.click(page.create_button)
        self.until(lambda: bool(page.outcome.text()) and self.idle())
        self.on_page("11-created")
        return page.outcome.text()

    def instructions(self) -> QWidget:
        self.next()
        page = self.wizard.instructions
        self.until(lambda: page.panel is not None)
        QApplication.processEvents()
        self.on_page("12-instructions")
        assert page.panel is not None
        return page.panel

    def simulate_transfer(self, amount: Decimal = Decimal("100"), until: str = "settled") -> None:
        """"Simulate a bank transfer" in the wizard: the dashboard takes over and shows the
        purchase executed, then `until` (settled on-chain; a lightning purchase waits in
        executed for its payout), with no click."""
        page = self.wizard.instructions
        page.amount.setValue(float(amount))
        self.click(page.simulate)
        self.until(lambda: self.dashboard is not None
                   and self.window.pages.currentWidget() is self.dashboard)
        self.until(lambda: self.purchase_state() in ("executed", until), 30)
        self.until(lambda: self.purchase_state() == until, 30)
        self.on_page("13-tracking" if until == "settled" else "lightning-executed")

    @property
    def dashboard(self) -> Dashboard | None:
        return self.window.dashboard

    def purchase_state(self, row: int = 0) -> str:
        """The state of a purchase of the order the dashboard shows, the newest by default
        ("" while there is none)."""
        model = self.dashboard.view.model if self.dashboard is not None else None
        purchase = model.purchase(row) if model is not None else None
        return purchase.state.value if purchase is not None else ""

    def mine(self) -> str:
        """"Mine a block" in the dashboard's demo controls: the purchase is confirmed."""
        assert self.dashboard is not None
        controls = self.dashboard.demo_controls
        self.until(lambda: controls.mine.isEnabled())
        self.click(controls.mine)
        self.until(lambda: self.purchase_state() == "confirmed", 20)
        self.on_page("14-confirmed")
        return self.purchase_state()

    def up_to_created(self) -> None:
        self.start()
        self.connect_device()
        self.choose_payout()
        self.prove()
        self.payment()
        self.create()

    def whole_demo(self) -> None:
        self.up_to_created()
        self.instructions()
        self.simulate_transfer()
        self.mine()

    # ----- the lightning branch ----------------------------------------------------------------
    def lightning_proof(self) -> None:
        """Welcome → "My lightning node" → the demo node's key → its signature, checked here."""
        self.window.welcome.destination.lightning.click()
        self.start()
        node = self.wizard.node_page
        self.click(node.demo_button)
        self.until(lambda: node.check.text().startswith("✓"))
        self.on_page("lightning-node")
        self.next()
        sign = self.wizard.sign_page
        self.until(lambda: sign.message.text().startswith("I confirm my bitcoin wallet.")
                   and self.idle())
        self.click(sign.demo_button)
        self.until(lambda: sign.result.text().startswith("✓ Signature verified here")
                   and self.wizard.next_button.isEnabled())
        self.on_page("lightning-sign")

    def lightning_up_to_created(self) -> None:
        self.lightning_proof()
        self.payment("EUR", EUR_IBAN, typo=False)
        self.create()

    def payout_panel(self, exchange_id: str) -> LightningPayoutPanel:
        """Select the purchase; its payout panel once the fees (the executed event) are in."""
        assert self.dashboard is not None
        view = self.dashboard.view
        self.until(lambda: view.model.row_of(exchange_id) is not None)
        view.table.selectRow(view.model.row_of(exchange_id))  # type: ignore[arg-type]
        panel = view.detail.lightning
        self.until(lambda: panel.isVisible() and panel.exchange is not None
                   and panel.exchange.id == exchange_id and panel.options_table.isVisible(), 30)
        return panel

    def pay_by_demo_invoice(self, exchange_id: str) -> str:
        """An invoice of the demo node for the purchase, checked, paid: answers the invoice
        once the panel shows it paid with a verified preimage."""
        panel = self.payout_panel(exchange_id)
        self.click(panel.demo_invoice)
        self.until(lambda: panel.invoice_check.text().startswith("✓"))
        self.on_page("lightning-invoice")
        invoice = panel.invoice.toPlainText().strip()
        self.click(panel.pay)
        self.until(lambda: panel.verdict_text.text().startswith("✓ Paid — preimage"), 30)
        self.on_page("lightning-paid")
        return invoice

    def open_demo_channel(self, exchange_id: str, node_address: str = "") -> str:
        """A private channel to the node (`node_address` empty: Pocket looks it up); answers
        the panel's verdict once the channel is open."""
        panel = self.payout_panel(exchange_id)
        panel.tabs.setCurrentIndex(1)
        panel.node_address.setText(node_address)
        panel.private.setChecked(True)
        self.click(panel.open)
        self.until(lambda: panel.verdict_text.text().startswith("✓ Channel opened"), 30)
        return panel.verdict_text.text()

    def dashboard_transfer(self, amount: str) -> str:
        """The dashboard's own "Simulate a transfer": answers the new purchase's id."""
        assert self.dashboard is not None
        model, controls = self.dashboard.view.model, self.dashboard.demo_controls
        before = {p.id for p in model.purchases()}
        self.until(lambda: controls.transfer.isEnabled())
        controls.amount.setText(amount)
        self.click(controls.transfer)
        self.until(lambda: len(model.purchases()) == len(before) + 1, 30)
        (new,) = [p.id for p in model.purchases() if p.id not in before]
        return new

    def state_of(self, exchange_id: str) -> str:
        """The dashboard's state of one purchase ("" while it does not list it)."""
        row = self.dashboard.view.model.row_of(exchange_id) if self.dashboard else None
        return self.purchase_state(row) if row is not None else ""

    def whole_lightning_demo(self) -> None:
        """Node key → signature → order → transfer → invoice paid; a second purchase paid
        out by a new channel."""
        self.lightning_up_to_created()
        self.instructions()
        self.simulate_transfer(until="executed")
        first = self.dashboard.view.model.purchase(0) if self.dashboard else None
        assert first is not None
        self.pay_by_demo_invoice(first.id)
        second = self.dashboard_transfer("50.00")
        self.until(lambda: self.state_of(second) == "executed", 30)
        self.open_demo_channel(second)
