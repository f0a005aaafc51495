"""The device pages act on the device table: a BitBox02 is not offered legacy, a device
without a screen is refused with the reason, and the sign page says what the device shows."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from pocketgui.bitcoin import ScriptType
from pocketgui.devices.hwi import device_info
from pocketgui.flow import Step
from pocketgui.flow.demo import Demo
from tests.flow.stand_in import list_as
from tests.ui.wizard_kit import idle, open_wizard

WAIT = 20_000


def test_payout_page_does_not_offer_a_bitbox02_legacy_addresses(qtbot: QtBot, demo: Demo) -> None:
    list_as(demo, "bitbox02")
    view = open_wizard(qtbot, demo, upto=Step.PAYOUT)
    page = view.payout
    qtbot.waitUntil(lambda: bool(view.flow.data.address) and idle(view), timeout=WAIT)
    assert not page.type_buttons[ScriptType.P2PKH].isVisible()
    assert page.type_buttons[ScriptType.P2WPKH].isVisible()
    assert page.type_buttons[ScriptType.P2SH_P2WPKH].isVisible()
    assert page.not_offered.isVisible()
    assert page.not_offered.text() == ("Your BitBox02 cannot show or sign for Legacy (1…) "
                                       "addresses, so they are not offered.")


def test_payout_page_offers_a_trezor_every_type(qtbot: QtBot, demo: Demo) -> None:
    view = open_wizard(qtbot, demo, upto=Step.PAYOUT)
    qtbot.waitUntil(lambda: bool(view.flow.data.address) and idle(view), timeout=WAIT)
    assert all(button.isVisible() for button in view.payout.type_buttons.values())
    assert not view.payout.not_offered.isVisible()


def test_a_device_without_a_screen_is_listed_with_the_reason_and_refused(
    qtbot: QtBot, demo: Demo
) -> None:
    demo.services.extra_devices = (device_info(
        {"type": "digitalbitbox", "path": "0001:0005:00", "needs_pin_sent": True}, []),)
    view = open_wizard(qtbot, demo)
    page = view.connect_page
    qtbot.waitUntil(lambda: page.devices.topLevelItemCount() == 1 and idle(view), timeout=WAIT)
    assert page.devices.topLevelItem(0).text(3).startswith("A Digital Bitbox has no screen")
    page.connect_button.click()
    assert page.errors.isVisible() and "no screen" in page.errors.message.text()
    assert page.dialog is None and view.flow.wallet is None  # no PIN asked, nothing opened


def test_sign_page_says_what_a_keepkey_shows(qtbot: QtBot, demo: Demo) -> None:
    list_as(demo, "keepkey")
    view = open_wizard(qtbot, demo, upto=Step.PROVE)
    page = view.prove
    qtbot.waitUntil(lambda: bool(page.message.text().startswith("I confirm")) and idle(view),
                    timeout=WAIT)
    assert page.on_device.isVisible()
    assert page.on_device.text().startswith("Your KeepKey shows only the message")
