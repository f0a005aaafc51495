"""Stumbles of daily use, each pinned on a real demo (sandbox + simulated Trezor) or real widgets:
what a person met when trying the app on their own laptop (issue 16)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from pocketgui.flow import Draft, Step, save_draft
from pocketgui.flow.demo import DEMO_PIN, Demo
from pocketgui.ui.dialogs.pin import PinDialog
from pocketgui.ui.modes import Mode
from pocketgui.ui.pages.welcome import WelcomePage
from tests.flow.conftest import IBAN
from tests.ui.wizard_kit import idle, open_wizard


def test_an_empty_draft_is_not_announced_as_a_resumed_set_up(qtbot: QtBot, demo: Demo) -> None:
    save_draft(demo.services.draft_path,
               Draft(environment=demo.services.environment, saved_at="2026-11-24T18:02:00+00:00"))
    view = open_wizard(qtbot, demo)
    assert view.flow.data.resumed is not None  # the file was read…
    assert not view.connect_page.resumed.isVisible()  # …and holds nothing to resume


def test_a_draft_with_choices_is_announced(qtbot: QtBot, demo: Demo) -> None:
    save_draft(demo.services.draft_path,
               Draft(environment=demo.services.environment, iban="GB33BUKB20201555555555",
                     saved_at="2026-11-24T18:02:00+00:00"))
    view = open_wizard(qtbot, demo)
    assert view.connect_page.resumed.isVisible()
    assert "2026-11-24 18:02 UTC" in view.connect_page.resumed.text()


def test_pin_digits_typed_press_the_keys_at_the_numeric_keypads_places(qtbot: QtBot) -> None:
    """Trezor Suite's rule: typing 7 presses the top-left key, 3 the bottom-right."""
    dialog = PinDialog("Demo Trezor", demo=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.focusWidget() or dialog, "7193")
    assert dialog.positions() == "7193" and dialog.shown.text() == "••••"
    places = {digit: (key.y(), key.x()) for digit, key in dialog.keys.items()}
    assert places["7"] == min(places.values()) and places["3"] == max(places.values())
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Backspace)
    assert dialog.positions() == "719"
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_0)  # no place: ignored
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_A)
    assert dialog.positions() == "719"
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)


def test_enter_on_an_empty_pin_does_not_close_the_dialog(qtbot: QtBot) -> None:
    dialog = PinDialog("Demo Trezor")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0


def test_the_welcome_title_and_steps_follow_where_the_bitcoin_goes(qtbot: QtBot) -> None:
    page = WelcomePage(Mode.DEMO)
    qtbot.addWidget(page)
    assert "hardware wallet" in page.title.text()
    page.destination.lightning.click()
    assert "lightning node" in page.title.text() and "hardware wallet" not in page.title.text()
    assert not any("hardware wallet" in label.text() for label in page.steps)
    page.destination.onchain.click()
    assert "hardware wallet" in page.title.text()


def test_enter_in_the_client_id_field_presses_get_started(qtbot: QtBot) -> None:
    page = WelcomePage(Mode.PRODUCTION)
    qtbot.addWidget(page)
    page.credentials.setVisible(True)
    page.show()
    qtbot.waitExposed(page)
    page.credentials.client_id.setFocus()
    qtbot.keyClicks(page.credentials.client_id, "my-client-id")
    with qtbot.waitSignal(page.start_requested, timeout=2000) as started:
        qtbot.keyClick(page.credentials.client_id, Qt.Key.Key_Return)
    assert started.args == [Mode.PRODUCTION]


def test_the_credentials_say_where_a_client_id_comes_from(qtbot: QtBot) -> None:
    page = WelcomePage(Mode.PRODUCTION)
    qtbot.addWidget(page)
    page.credentials.set_mode(Mode.PRODUCTION, has_keyring=True)
    page.show()
    assert page.credentials.where.isVisible()
    assert "pocketbitcoin.com/developers" in page.credentials.where.text()


def test_enter_in_the_iban_field_advances(qtbot: QtBot, demo: Demo) -> None:
    view = open_wizard(qtbot, demo, Step.PAYMENT)
    qtbot.waitUntil(lambda: idle(view), timeout=10_000)
    view.flow.set_payment(iban="")
    view.page.show_flow()
    view.windowHandle().requestActivate()  # focus moves only in the active window
    qtbot.waitUntil(view.isActiveWindow)
    iban = view.payment.iban
    iban.setFocus()
    qtbot.keyClicks(iban, "DE75")  # not a whole IBAN yet: Enter moves on to the next field
    qtbot.keyClick(iban, Qt.Key.Key_Return)
    assert view.flow.step is Step.PAYMENT and view.payment.fee.hasFocus()
    iban.setFocus()
    iban.clear()
    qtbot.keyClicks(iban, IBAN)  # complete: Enter is Next, the default button
    qtbot.keyClick(iban, Qt.Key.Key_Return)
    assert view.flow.step is Step.REVIEW


def test_enter_presses_the_pages_default_button_when_next_cannot_go_on(
        qtbot: QtBot, demo: Demo) -> None:
    view = open_wizard(qtbot, demo, Step.REVIEW)
    qtbot.waitUntil(lambda: idle(view), timeout=10_000)
    assert not view.next_button.isEnabled()
    view.review.create_button.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)  # "Create order" is the review page's default
    qtbot.waitUntil(lambda: view.flow.data.order is not None, timeout=10_000)


def test_script_types_name_the_address_beginnings_of_the_demos_regtest(
        qtbot: QtBot, demo: Demo) -> None:
    view = open_wizard(qtbot, demo, Step.PAYOUT)
    labels = [button.text() for button in view.payout.type_buttons.values()]
    assert "Native segwit (bcrt1…)" in labels and not any("bc1" in text for text in labels)
    assert "Nested segwit (2…)" in labels


def test_the_payment_page_explains_pockets_fee(qtbot: QtBot, demo: Demo) -> None:
    view = open_wizard(qtbot, demo, Step.PAYMENT)
    hint = view.payment.fee_hint.text()
    assert "what Pocket keeps from every purchase" in hint and "1.2 % to 4.5 %" in hint


def test_the_payment_page_speaks_of_the_lightning_node_on_that_branch(
        qtbot: QtBot, demo: Demo) -> None:
    from pocketgui.flow import Branch, PurchaseFlow
    from pocketgui.ui.signals import AppSignals
    from pocketgui.ui.wizard.wizard import WizardView

    view = WizardView(PurchaseFlow(demo.services, branch=Branch.LIGHTNING), AppSignals())
    qtbot.addWidget(view)
    page = view.page_for(Step.PAYMENT)
    assert "lightning node" in page.intro.text() and "wallet" not in page.intro.text()


def test_the_payment_panel_offers_one_save_png_and_the_standing_order_advice_once(
        qtbot: QtBot, demo: Demo) -> None:
    from pocketgui.ui.widgets.payment_details import PaymentDetailsPanel

    view = open_wizard(qtbot, demo, Step.REVIEW)
    view.flow.create_order()
    panel = PaymentDetailsPanel(view.flow.payment_instructions(), demo=True)
    qtbot.addWidget(panel)
    texts = [b.text() for b in panel.findChildren(QPushButton)]
    assert sum("PNG" in text for text in texts) == 1
    page = view.page_for(Step.INSTRUCTIONS)  # the page around the panel says it no more
    advice = [label.text() for widget in (panel, page) for label in widget.findChildren(QLabel)
              if "as a standing order" in label.text() or "standing order in" in label.text()]
    assert len(advice) == 1


def test_the_device_list_does_not_say_locked_once_the_pin_was_entered(
        qtbot: QtBot, demo: Demo) -> None:
    from tests.flow.conftest import positions

    view = open_wizard(qtbot, demo)
    flow, page = view.flow, view.connect_page
    qtbot.waitUntil(lambda: idle(view) and page.devices.topLevelItemCount() == 1, timeout=10_000)
    assert page.devices.topLevelItem(0).text(3).startswith("Locked")
    flow.choose_device(flow.data.devices[0])
    assert flow.show_pin_keypad()
    matrix = demo.simulator.pin_matrix()
    assert matrix is not None
    flow.send_pin(positions(DEMO_PIN, matrix))
    page.show_flow()
    assert page.devices.topLevelItem(0).text(3) == "Ready"


def test_hwis_sendpin_help_is_not_printed_on_a_pin_prompt(
        demo: Demo, capfd: pytest.CaptureFixture[str]) -> None:
    from pocketgui.flow import PurchaseFlow

    flow = PurchaseFlow(demo.services)
    flow.choose_device(flow.find_devices()[0])
    assert flow.show_pin_keypad()  # the device shows its keypad: HWI printed its CLI help here
    out, err = capfd.readouterr()
    assert "sendpin" not in err and "sendpin" not in out
