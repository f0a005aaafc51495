"""A second order of the same wallet account starts past the addresses already used, and the
review says so: in the Demo, through the window, with the sandbox's chain as the source.

Before, a second order started again at 0/0 and its first payout went to the address the first
order had been paid to, linking the two on the blockchain."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pocketgui.flow import Step
from tests.e2e.driver import DemoDriver, open_window

pytestmark = pytest.mark.slow


def test_a_second_order_of_the_account_starts_past_the_used_address(qtbot: QtBot,
                                                                    tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    drive = DemoDriver(window, qtbot.waitUntil)
    drive.up_to_created()
    first = dict(drive.wizard.flow.review_rows())
    assert first["Why this address"].startswith("Starts at 0/0: no earlier order")
    drive.instructions()
    drive.simulate_transfer()  # paid out to 0/0 of the account
    assert drive.mine() == "confirmed"
    dashboard = drive.dashboard
    assert dashboard is not None
    qtbot.waitUntil(lambda: dashboard.snapshot.chain.confirmations(
        dashboard.view.model.purchase(0).id) == 1, timeout=20_000)  # type: ignore[union-attr]

    dashboard.new_order.click()  # the same account of the same device, again
    qtbot.waitUntil(lambda: window.wizard is not None, timeout=20_000)
    page = drive.wizard.connect_page  # the device is still unlocked: no PIN this time
    drive.until(lambda: page.devices.topLevelItemCount() == 1 and drive.idle())
    drive.click(page.connect_button)
    drive.until(lambda: drive.wizard.flow.valid(Step.CONNECT) and drive.idle())
    address = drive.choose_payout()
    assert drive.wizard.flow.data.address_index == 1
    drive.prove()
    drive.payment()
    drive.create()
    review = dict(drive.wizard.flow.review_rows())
    assert review["Bitcoin goes to"] == address
    why = review["Why this address"]
    assert why.startswith("Starts at 0/1: ") and "up to 0/0" in why, why
    page = drive.wizard.review
    shown = [page.rows.itemAt(i).widget().text() for i in range(page.rows.count())
             if page.rows.itemAt(i).widget() is not None]
    assert any(text.replace("\u200b", "") == why for text in shown)  # on the page, in words
    window.close()
