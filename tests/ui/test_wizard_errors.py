"""The error paths a person meets, in the real widgets: each says what happened in plain words,
keeps Next disabled, and never shows a failure as success."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from pocketgui.api.client import PocketClient
from pocketgui.api.environments import Environment
from pocketgui.devices.base import DeviceInfo
from pocketgui.devices.errors import PermissionDenied
from pocketgui.devices.hwi_wallet import Timeouts
from pocketgui.devices.simulator.answers import SIGNED_BY
from pocketgui.devices.usb_access import UDEV_FIX
from pocketgui.flow import Services, Step
from pocketgui.flow.demo import Demo
from pocketgui.store import Store
from pocketgui.ui.wizard.page import CANCEL_SENT, CANCELLED_ON_DEVICE
from tests.flow.transports import Meddler, lose_answer, swap_payout_address
from tests.ui.wizard_kit import idle, open_wizard

WAIT = 20_000


def test_rejected_on_the_device_is_a_quiet_note(qtbot: QtBot, demo: Demo) -> None:
    view = open_wizard(qtbot, demo, Step.PAYOUT)
    qtbot.waitUntil(lambda: view.payout.address.text().startswith("bcrt1") and idle(view),
                    timeout=WAIT)
    demo.simulator.person.reject()
    view.payout.show_button.click()
    qtbot.waitUntil(lambda: idle(view), timeout=WAIT)
    assert view.payout.note.text() == CANCELLED_ON_DEVICE and view.payout.note.isVisible()
    assert not view.payout.errors.isVisible()
    assert not view.next_button.isEnabled()
    demo.simulator.person.confirm()
    view.payout.show_button.click()
    qtbot.waitUntil(lambda: view.next_button.isEnabled(), timeout=WAIT)
    assert not view.payout.note.isVisible()


def test_cancel_while_the_device_waits(qtbot: QtBot, demo: Demo) -> None:
    view = open_wizard(qtbot, demo, Step.PROVE)
    qtbot.waitUntil(lambda: bool(view.prove.message.text().strip("…")) and idle(view),
                    timeout=WAIT)
    demo.simulator.person.wait(3)
    view.prove.sign_button.click()
    assert view.prove.busy.isVisible() and view.prove.busy.cancel_button.isEnabled()
    view.prove.busy.cancel_button.click()
    assert idle(view) and view.prove.note.text() == CANCEL_SENT
    assert not view.prove.errors.isVisible() and not view.next_button.isEnabled()


def test_cancel_stops_the_device_asking_so_the_next_sign_starts_afresh(
        qtbot: QtBot, demo: Demo) -> None:
    """The app's Cancel is sent to the device (Trezor's Cancel message): the device drops the
    request at once, instead of holding it (and the device thread) until the person acts; the
    next attempt shows its own two screens once, well before the person's 30 s."""
    view = open_wizard(qtbot, demo, Step.PROVE)
    qtbot.waitUntil(lambda: bool(view.prove.message.text().strip("…")) and idle(view),
                    timeout=WAIT)
    demo.simulator.person.wait(30)  # the person would look at it for half a minute
    view.prove.sign_button.click()
    person = demo.simulator.person
    qtbot.waitUntil(lambda: person.screens[-1].title == SIGNED_BY, timeout=WAIT)
    asked = len(person.screens)  # the device shows the signing address: the app's Cancel now
    view.prove.busy.cancel_button.click()
    demo.simulator.person.confirm()
    view.prove.sign_button.click()  # again: its two screens, confirmed at once
    qtbot.waitUntil(view.next_button.isEnabled, timeout=5000)
    assert [s.title for s in person.screens[asked:]] == [SIGNED_BY, "Sign message"]


@pytest.mark.slow
def test_unplugged_mid_sign_says_so(qtbot: QtBot,
                                    demo_factory: Callable[..., Demo]) -> None:
    demo = demo_factory(timeouts=Timeouts(person=1.5, read=5.0, probe=5.0))
    view = open_wizard(qtbot, demo, Step.PROVE)
    qtbot.waitUntil(lambda: bool(view.prove.message.text().strip("…")) and idle(view),
                    timeout=WAIT)
    demo.simulator.person.wait(30)
    threading.Timer(0.3, demo.simulator.disconnect).start()
    view.prove.sign_button.click()
    qtbot.waitUntil(lambda: view.prove.errors.isVisible(), timeout=WAIT)
    assert "disconnected" in view.prove.errors.message.text()
    assert view.prove.errors.details_button.isVisible()  # the details are one click away
    assert not view.next_button.isEnabled()


def test_invalid_iban_as_typed(qtbot: QtBot, demo: Demo) -> None:
    view = open_wizard(qtbot, demo, Step.PAYMENT)
    field = view.payment.iban
    field.clear()
    QTest.keyClicks(field, "DE75 5121 0800 1245 1261 98")
    assert "check digits do not match" in view.payment.iban_check.text()
    assert not view.next_button.isEnabled()
    field.clear()
    QTest.keyClicks(field, "DE75 5121 0800 1245 1261")
    assert "Wrong length for Germany: 20 characters, 22 expected" in (
        view.payment.iban_check.text())
    QTest.keyClicks(field, "99")
    assert view.payment.iban_check.text().startswith("✓ Valid IBAN (Germany)")
    assert view.next_button.isEnabled()


@pytest.mark.slow
def test_expired_challenge_is_renewed(qtbot: QtBot,
                                      demo_factory: Callable[..., Demo]) -> None:
    demo = demo_factory(challenge_ttl=2.0)
    view = open_wizard(qtbot, demo, Step.PROVE)
    qtbot.waitUntil(lambda: bool(view.prove.message.text().strip("…")) and idle(view),
                    timeout=WAIT)
    first = view.prove.message.text()
    assert "expires in 0:0" in view.prove.expiry.text()
    qtbot.waitUntil(lambda: "renewed" in view.prove.note.text(), timeout=WAIT)
    assert view.prove.message.text() != first
    assert view.prove.sign_button.isEnabled() and not view.prove.errors.isVisible()


def test_sandbox_unreachable(qtbot: QtBot, demo: Demo, tmp_path: Path) -> None:
    dead = PocketClient(Environment.sandbox("http://127.0.0.1:9"), "demo", retries=0)
    demo.services = Services(devices=demo.services.devices, pocket=dead,
                             store=Store(tmp_path / "s.sqlite3"),
                             extra_devices=demo.services.extra_devices,
                             enumerate_devices=False)
    view = open_wizard(qtbot, demo, Step.PROVE)
    qtbot.waitUntil(lambda: view.prove.errors.isVisible(), timeout=WAIT)
    assert "Could not reach Pocket" in view.prove.errors.message.text()
    assert "nothing was sent" in view.prove.errors.message.text()
    assert not view.prove.sign_button.isEnabled() and not view.next_button.isEnabled()


@pytest.mark.parametrize(("meddle", "says"), [
    (swap_payout_address, "Pocket's answer does not match"),
    (lose_answer, "Outcome unknown — check with Pocket"),
])
def test_tampered_or_lost_answers_are_never_success(
        qtbot: QtBot, demo_factory: Callable[..., Demo], meddle: Callable[..., object],
        says: str) -> None:
    demo = demo_factory(transport=Meddler(meddle))  # type: ignore[arg-type]
    view = open_wizard(qtbot, demo, Step.REVIEW)
    view.review.create_button.click()
    qtbot.waitUntil(lambda: bool(view.review.outcome.text()) and idle(view), timeout=WAIT)
    assert view.review.outcome.text().startswith(says)
    assert "✓" not in view.review.outcome.text()
    assert not view.next_button.isEnabled() and not view.review.create_button.isEnabled()


def test_usb_permission_problem_shows_the_udev_fix(qtbot: QtBot, demo: Demo) -> None:
    denied = DeviceInfo(type="trezor", path="usb:001:004", model="trezor_1",
                        error=PermissionDenied("LIBUSB_ERROR_ACCESS", fix=UDEV_FIX))
    demo.services.extra_devices = (denied,)
    view = open_wizard(qtbot, demo)
    page = view.connect_page
    qtbot.waitUntil(lambda: page.devices.topLevelItemCount() == 1 and idle(view), timeout=WAIT)
    assert page.devices.topLevelItem(0).text(3).startswith("This computer does not let")
    page.connect_button.click()
    assert page.errors.isVisible() and "udevadm" in page.errors.message.text()
