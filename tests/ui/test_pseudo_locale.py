"""The pseudo-locale on the app's screens, in the real window at its default size (which fits a
1280×720 laptop): every visible text from the catalog, none cut off. The first screen, the
payment details, and every page of the wizard on the Demo's on-chain path (device, PIN, payout,
proof, payment, review, instructions, tracking) and its lightning path (node key, node
signature, …), each page in the states a person sees it in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTreeWidget, QWidget
from pytestqt.qtbot import QtBot

from pocketgui.flow import Step
from pocketgui.flow.demo import DEMO_PIN
from pocketgui.flow.lightning import sign_commands
from pocketgui.formats.bank_codes import check_iban, grouped
from pocketgui.i18n.catalog import LANGUAGE_NAMES, set_language
from pocketgui.i18n.pseudo import START
from pocketgui.tracking import is_final
from pocketgui.ui.main_window import DEFAULT_SIZE, MainWindow
from pocketgui.ui.modes import Mode
from pocketgui.ui.signals import AppSignals
from pocketgui.ui.widgets.device_screen import on_device
from pocketgui.ui.wizard.page import breakable
from pocketgui.ui.wizard.tracking import columns
from tests.e2e.driver import DemoDriver
from tests.ui.visible_texts import clipped, unmarked

WAIT_S = 30  # seconds: a loaded machine
CHF_IBAN, EUR_IBAN = "CH93 0076 2011 6238 5295 7", "DE75 5121 0800 1245 1261 99"
# names, the same in every language
NAMES = {mode.label for mode in Mode} | set(LANGUAGE_NAMES.values())
# and in the wizard: the demo device's name and its idle screen (the device's own label),
# currency codes, the typed IBANs, a dash for "no value", and the PIN keypads' symbols (the
# dialog's blank keys and backspace, the device's digits)
WIZARD_NAMES = (NAMES | {"Demo Trezor", "pocketgui demo", "CHF", "EUR", "GBP", CHF_IBAN,
                         EUR_IBAN, "•", "⌫", "—"} | set("123456789"))

@pytest.fixture(autouse=True)
def pseudo_locale() -> Iterator[None]:
    set_language("xx")
    yield
    set_language("en")


def test_the_welcome_page_shows_only_catalog_texts_none_clipped(qtbot: QtBot,
                                                                tmp_path: Path) -> None:
    window = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    window.resize(*DEFAULT_SIZE)
    window.show()
    qtbot.waitExposed(window)
    assert unmarked(window, NAMES) == []
    assert clipped(window) == []


def test_the_check_finds_an_english_text_and_a_clipped_one(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    english, cut = QLabel("Plain English"), QLabel("⟦Ŵîđé·····⟧ " * 10)
    cut.setFixedWidth(40)
    layout.addWidget(english)
    layout.addWidget(cut)
    root.show()
    qtbot.waitExposed(root)
    assert unmarked(root, NAMES) == ["Plain English"]
    assert clipped(root) == [cut.text()]


def test_the_payment_details_mark_every_word_and_leave_every_value(qtbot: QtBot) -> None:
    from pocketgui.payments import PaymentInstructions
    from pocketgui.ui.widgets.payment_details import PaymentDetailsPanel
    from tests.payments.examples import EXAMPLE_PAYMENT_METHOD

    panel = PaymentDetailsPanel(PaymentInstructions.from_payment_method(EXAMPLE_PAYMENT_METHOD),
                                demo=True)
    qtbot.addWidget(panel)
    panel.resize(900, 560)  # its room in the wizard at the default window size
    panel.show()
    qtbot.waitExposed(panel)
    values = {row.display for row in panel.slip.rows if row.copy}
    assert {row.value.text() for row in panel.rows} >= values  # shown as they are
    assert unmarked(panel, NAMES | values) == []
    assert clipped(panel) == []


def table_texts(root: QWidget) -> list[str]:
    """The headings and cells of the visible tables (the device list, the purchases), which
    `visible_texts` leaves out."""
    texts = []
    for tree in root.findChildren(QTreeWidget):
        if tree.isVisibleTo(root):
            header = tree.headerItem()
            texts += [header.text(column) for column in range(tree.columnCount())]
            for row in range(tree.topLevelItemCount()):
                item = tree.topLevelItem(row)
                texts += [item.text(column) for column in range(tree.columnCount())]
    return [text for text in texts if text.strip()]


class Walk(DemoDriver):
    """The real window in Demo, driven by clicks (the e2e tests' driver); `look(where)` checks
    what is shown."""

    def __init__(self, qtbot: QtBot, tmp_path: Path, *, lightning: bool = False) -> None:
        window = MainWindow(AppSignals(), Mode.DEMO, data_dir=tmp_path / "data")
        super().__init__(window, qtbot.waitUntil)
        qtbot.addWidget(window)
        window.resize(*DEFAULT_SIZE)
        if lightning:
            window.welcome.destination.lightning.click()
        self.start()
        self.seen: list[str] = []

    def until(self, predicate: Callable[[], bool], seconds: float = WAIT_S) -> None:
        super().until(predicate, seconds)

    def look(self, where: str, root: QWidget | None = None, names: frozenset[str] = frozenset()
             ) -> None:
        """No English and nothing cut off in the window (or `root`), laid out as shown."""
        QApplication.processEvents()
        root = root or self.window
        kept = WIZARD_NAMES | names | self.values()
        assert (where, unmarked(root, kept)) == (where, [])
        assert (where, [text for text in table_texts(root)
                        if START not in text and text not in kept]) == (where, [])
        assert (where, clipped(root)) == (where, [])
        self.seen.append(where)

    def values(self) -> set[str]:
        """What the flow shows as it is in every language: the address (also as the device
        shows it), the message, the commands that sign it, keys, signatures, the fingerprint,
        the IBAN, the purchases' amounts; whole or broken into lines as the pages show long
        ones."""
        flow = self.wizard.flow
        d = flow.data
        shown = {d.address, flow.device_form(), d.message, d.signature, d.lightning.key,
                 d.fingerprint, *(text for exchange in d.exchanges.values()
                                  for text in columns(exchange)[:2]),  # paid, bitcoin
                 d.lightning.signature, grouped(check_iban(d.iban).compact),
                 *(sign_commands(d.message) if d.message else ()),
                 d.account_key.extended_public_key if d.account_key else ""}
        return {form for text in shown if text
                for form in (text, breakable(text), on_device(text))}

    # ----- the demo device's panel --------------------------------------------------------------
    def device_asks(self) -> None:
        self.until(self.panel.confirm_button.isEnabled)

    def press_confirm(self) -> None:
        """Confirm whatever the device shows (`look` has checked it)."""
        self.device_asks()
        self.panel.confirm_button.click()

    # ----- the steps both paths share -------------------------------------------------------------
    def payment(self, currency: str, iban: str) -> None:
        self.next()
        page = self.wizard.payment
        page.currency_buttons[currency].click()
        QTest.keyClicks(page.iban, iban, Qt.KeyboardModifier.NoModifier)
        self.until(lambda: self.wizard.flow.valid(Step.PAYMENT))
        self.look("payment")
        page.advanced.click()
        self.look("payment, affiliate")
        page.advanced.click()

    def review_and_create(self) -> None:
        self.next()
        self.until(self.idle)
        self.look("review")
        self.wizard.review.create_button.click()
        self.until(lambda: self.wizard.flow.data.order is not None and self.idle())
        self.look("review, created")

    def instructions_then_tracking(self) -> None:
        self.next()
        page = self.wizard.instructions
        self.until(lambda: page.panel is not None)
        assert page.panel is not None
        self.look("instructions", names=frozenset(
            row.display for row in page.panel.slip.rows if row.copy))  # the bank's details
        # the bank transfer arrives (the Demo's bank), then the person follows it here
        self.wizard.flow.simulate_transfer(Decimal("100"))
        self.next()
        self.until(lambda: self.wizard.flow.step is Step.TRACK
                   and bool(self.wizard.tracking.details.text()))
        self.look("tracking")


def test_every_page_of_the_onchain_wizard_shows_only_catalog_texts_none_clipped(
        qtbot: QtBot, tmp_path: Path) -> None:
    walk = Walk(qtbot, tmp_path)
    wizard = walk.wizard
    connect = wizard.connect_page
    walk.until(lambda: connect.devices.topLevelItemCount() == 1 and walk.idle())
    walk.look("connect device")
    connect.connect_button.click()
    walk.until(lambda: connect.dialog is not None and connect.dialog.isVisible()
               and all(key.text() for key in walk.panel.keys))
    dialog = connect.dialog
    assert dialog is not None
    walk.look("PIN dialog", dialog)
    walk.look("PIN on the device panel")
    where = {key.text(): n for n, key in enumerate(walk.panel.keys)}
    for digit in DEMO_PIN:  # the places the device shows the digits at, as a person clicks them
        row, column = divmod(where[digit], 3)
        dialog.keys["789456123"[row * 3 + column]].click()
    dialog.accept()
    walk.until(lambda: wizard.flow.valid(Step.CONNECT) and walk.idle())
    walk.look("connected")

    walk.next()
    walk.until(lambda: bool(wizard.flow.data.address) and walk.idle())
    walk.look("payout")
    wizard.payout.show_button.click()
    walk.device_asks()
    walk.look("payout, shown on the device")
    walk.press_confirm()
    walk.until(lambda: wizard.flow.data.address_confirmed and walk.idle())
    walk.look("payout, confirmed")

    walk.next()
    walk.until(lambda: bool(wizard.flow.data.message) and walk.idle())
    walk.look("prove")
    wizard.prove.sign_button.click()
    walk.device_asks()
    walk.look("prove, signing on the device")
    walk.press_confirm()  # the address it signs for
    walk.press_confirm()  # the message
    walk.until(lambda: bool(wizard.flow.data.signature) and walk.idle())
    walk.look("prove, signed")

    walk.payment("CHF", CHF_IBAN)
    walk.review_and_create()
    walk.instructions_then_tracking()
    tracking = wizard.tracking
    walk.until(lambda: any(e.payout is not None for e in wizard.flow.data.exchanges.values()))
    walk.until(tracking.mine.isEnabled)
    walk.look("tracking, paid out")
    tracking.mine.click()
    walk.until(lambda: all(is_final(e.status) for e in wizard.flow.data.exchanges.values()))
    walk.look("tracking, confirmed")
    assert len(walk.seen) == 18


def test_every_page_of_the_lightning_wizard_shows_only_catalog_texts_none_clipped(
        qtbot: QtBot, tmp_path: Path) -> None:
    walk = Walk(qtbot, tmp_path, lightning=True)
    wizard = walk.wizard
    node = wizard.node_page
    walk.look("node key, empty")
    node.key.setText("02abc")
    walk.look("node key, too short")
    node.demo_button.click()
    walk.until(lambda: wizard.flow.valid(Step.PAYOUT))
    walk.look("node key, valid")

    walk.next()
    sign = wizard.sign_page
    walk.until(lambda: bool(wizard.flow.data.message) and walk.idle())
    walk.look("node signature")
    sign.pasted.setPlainText("not a signature")
    walk.look("node signature, refused")
    sign.demo_button.click()
    walk.until(lambda: wizard.flow.valid(Step.PROVE))
    walk.look("node signature, verified")

    walk.payment("EUR", EUR_IBAN)
    walk.review_and_create()
    walk.instructions_then_tracking()
    assert len(walk.seen) == 12


def test_the_passphrase_dialog_and_an_error_show_only_catalog_texts_none_clipped(
        qtbot: QtBot) -> None:
    from pocketgui.flow.errors import ChallengeExpired
    from pocketgui.ui.dialogs.passphrase import PassphraseDialog
    from pocketgui.ui.widgets.error_box import ErrorBox
    from pocketgui.ui.wizard.page import explain

    dialog = PassphraseDialog("Demo Trezor", demo=True)
    qtbot.addWidget(dialog)
    dialog.first.setText("one")  # the two entries differ: the dialog says so
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.mismatch.isVisible()
    box = ErrorBox()
    qtbot.addWidget(box)
    box.resize(900, 120)  # its room under a wizard page at the default window size
    box.show_error(*explain(ChallengeExpired()))
    box.show()
    qtbot.waitExposed(box)
    for root in (dialog, box):
        assert unmarked(root, WIZARD_NAMES) == []
        assert clipped(root) == []
