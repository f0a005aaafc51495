"""The whole demo in the real window: device, PIN, show on device, sign, payment, create,
instructions, simulated transfer, tracking — against the in-process sandbox and simulated Trezor
over real sockets, asserting on what the widgets show."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pocketgui.flow import Step
from pocketgui.ui.modes import Mode
from tests.e2e.driver import DemoDriver, open_window
from tests.ui.conftest import decode_qr

pytestmark = pytest.mark.slow


def test_the_whole_demo(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    signals = window.signals
    drive = DemoDriver(window, qtbot.waitUntil)
    drive.start()
    assert window.banner.isVisible() and "DEMO" in window.windowTitle()
    status = drive.connect_device()
    session = window.session
    assert session is not None and session.demo is not None
    fingerprint = session.demo.simulator.fingerprint()
    assert status == f"✓ Connected to Demo Trezor, fingerprint {fingerprint}."
    assert drive.wizard.connect_page.devices.topLevelItem(0).text(2) == fingerprint

    address = drive.choose_payout()
    screens = session.person.screens
    assert screens[-1].title == "Address"
    assert drive.wizard.payout.confirmed.text().startswith("✓ You confirmed")

    message = drive.prove()
    assert drive.wizard.flow.data.address == address  # the one confirmed on the device
    drive.wizard.go_back()  # Back and forth keeps what was proved
    drive.wizard.go_next()
    assert drive.wizard.prove.message.text() == message
    assert session.person.screens[-1] == type(screens[-1])("Sign message", message)

    drive.payment()
    outcome = drive.create()
    assert outcome.startswith("✓ Order created")
    review = dict(drive.wizard.flow.review_rows())
    assert review["Bitcoin goes to"] == address and review["You pay in"] == "CHF"

    with qtbot.waitSignal(signals.order_created):
        panel = drive.instructions()
    assert not drive.wizard.back_button.isVisible()
    order = drive.wizard.flow.data.order
    assert order is not None
    rows = {row.label.text(): row.value.text() for row in panel.rows}
    reference = order.payment_method.creditor_reference
    assert rows["Reference — required"].replace(" ", "") == reference
    assert rows["IBAN"].replace(" ", "") == order.payment_method.creditor_iban
    assert panel.qr is not None and decode_qr(panel.qr.image())[0].decode().startswith("SPC")

    drive.simulate_transfer()  # the dashboard takes over: executed, then settled, no click
    dashboard = drive.dashboard
    assert dashboard is not None and window.wizard is None
    assert dashboard.current == order.id
    purchase = dashboard.view.model.purchase(0)
    assert purchase is not None and purchase.exchange.order_id == order.id
    assert drive.mine() == "confirmed"
    shown = dashboard.view.detail.purchase
    assert shown is not None and shown.id == purchase.id
    assert dashboard.alarms == {}
    news = [n for n in dashboard.notifier.shown if n.exchange_id == purchase.id]
    assert news[0].title in ("Bitcoin bought", "Bitcoin bought and sent")  # never dropped
    assert news[-1].state == "confirmed" and len(news) == len({n.state for n in news})


def test_restart_shows_the_orders_in_the_dashboard(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    drive = DemoDriver(window, qtbot.waitUntil)
    drive.up_to_created()
    order_id = drive.wizard.flow.data.order.id
    window.close()

    again = open_window(qtbot, tmp_path)  # the app restarted: same data directory
    again.show()
    again.start_background()
    qtbot.waitUntil(lambda: again.dashboard is not None and again.dashboard.loaded,
                    timeout=30_000)
    assert again.pages.currentWidget() is again.dashboard
    assert again.dashboard.current == order_id
    again.dashboard.new_order.click()  # "New order…": the wizard
    qtbot.waitUntil(lambda: again.wizard is not None)
    assert again.wizard.flow.step is Step.CONNECT
    home = again.wizard.home_button
    assert home.text() == "Dashboard"  # named after where it goes
    qtbot.waitUntil(home.isEnabled)  # while the device list is read
    home.click()  # home is the dashboard again
    assert again.pages.currentWidget() is again.dashboard and again.wizard is None
    assert again.home is not None and again.home.isVisible()
    again.home.click()  # …and from there the start page, where the environment is chosen
    assert again.pages.currentWidget() is again.welcome and not again.home.isVisible()
    assert again.welcome.orders.topLevelItemCount() == 1
    back = again.welcome.dashboard_button
    assert back.isVisible()  # the start page has a way back to the dashboard
    back.click()
    assert again.pages.currentWidget() is again.dashboard
    again.home.click()
    again.welcome.chooser.set_mode(Mode.PRODUCTION)  # a look at Production, then back to Demo:
    again.welcome.chooser.set_mode(Mode.DEMO)  # the person stays on the page they are using
    qtbot.waitUntil(lambda: again.session is not None, timeout=30_000)
    qtbot.wait(50)
    assert again.pages.currentWidget() is again.welcome
    assert again.welcome.orders.topLevelItemCount() == 1
    again.close()


def test_restart_shows_unknown_outcomes_and_resumes_the_draft(qtbot: QtBot,
                                                              tmp_path: Path) -> None:
    from pocketgui.flow import Draft, save_draft
    from pocketgui.store import Store

    data = tmp_path / "data"
    with Store(data / "pocketgui-demo.sqlite3") as store:  # a crash between intent and answer
        store.record_intent("create_order", "{}", "sandbox")
    save_draft(data / "wizard-draft-demo.json",
               Draft(environment="sandbox", currency="GBP", iban="GB33BUKB20201555555555",
                     saved_at="2026-11-24T18:02:00+00:00"))
    window = open_window(qtbot, tmp_path)
    drive = DemoDriver(window, qtbot.waitUntil)
    drive.start()
    assert window.welcome.unknown.text() == (
        "Order creation outcome unknown — check with Pocket")
    page = drive.wizard.connect_page
    assert page.resumed.isVisible() and "started on 2026-11-24 18:02 UTC" in page.resumed.text()
    drive.connect_device()
    drive.choose_payout()
    drive.prove()
    drive.next()
    assert drive.wizard.payment.currency_buttons["GBP"].isChecked()
    assert drive.wizard.payment.iban.text() == "GB33BUKB20201555555555"
    assert drive.wizard.next_button.isEnabled()


def test_home_is_the_dashboard_once_an_order_exists(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    drive = DemoDriver(window, qtbot.waitUntil)
    drive.up_to_created()
    drive.instructions()
    order_id = drive.wizard.flow.data.order.id
    home = drive.wizard.home_button
    qtbot.waitUntil(home.isEnabled)  # while the slip and its QR code are prepared
    home.click()
    assert window.pages.currentWidget() is window.dashboard and window.wizard is None
    assert window.welcome.orders.topLevelItemCount() == 1
    qtbot.waitUntil(lambda: window.dashboard.current == order_id)


def test_closing_with_a_device_prompt_open_takes_under_a_second(qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    import time

    window = open_window(qtbot, tmp_path)
    drive = DemoDriver(window, qtbot.waitUntil)
    drive.start()
    drive.connect_device()
    drive.click(drive.wizard.payout.show_button)  # the device shows the address…
    drive.until(lambda: drive.panel.confirm_button.isEnabled())
    started = time.monotonic()
    window.close()  # …and the person closes the window instead of answering
    assert time.monotonic() - started < 1.0
    assert window.status.currentMessage() == "Closing…"
