"""From the wizard into the dashboard and back after a restart, in the real window: the demo's
simulated bank transfer is followed by the dashboard without a click (executed, settled through
the sandbox's webhooks), "Mine a block" in its demo controls confirms it, and the restarted app
opens on the dashboard with the same order and purchase."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.e2e.driver import DemoDriver, open_window

pytestmark = pytest.mark.slow


def test_wizard_to_dashboard_to_confirmed_and_again_after_a_restart(qtbot: QtBot,
                                                                    tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)
    drive = DemoDriver(window, qtbot.waitUntil)
    drive.up_to_created()
    drive.instructions()
    order = drive.wizard.flow.data.order
    assert order is not None

    drive.simulate_transfer()  # waits, no click, for the dashboard to show it settled
    dashboard = window.dashboard
    assert dashboard is not None and window.pages.currentWidget() is dashboard
    assert window.wizard is None and drive.purchase_state() == "settled"
    assert dashboard.current == order.id and dashboard.view.model.rowCount() == 1
    purchase = dashboard.view.model.purchase(0)
    assert purchase is not None
    assert dashboard.view.detail.purchase is not None  # the newest purchase is shown

    assert drive.mine() == "confirmed"  # the dashboard's own "Mine a block"
    assert dashboard.alarms == {} and not dashboard.view.banner.isVisible()
    # the Demo's chain: the sandbox's own, through the same watch-only wallets
    line = dashboard.chain_status
    qtbot.waitUntil(lambda: dashboard.snapshot.chain.confirmations(purchase.id) == 1,
                    timeout=20_000)  # the wallet saw the payout and its block
    assert line.text().startswith("Blockchain: the demo's regtest chain (")
    assert "last sync" in line.text()
    dialog = dashboard.edit_settings()
    section = dialog.blockchain
    assert section is not None and section.demo and not section.none.isEnabled()
    section.run_test()
    qtbot.waitUntil(lambda: section.result.text().startswith("✓"), timeout=20_000)
    assert ": regtest, at block " in section.result.text()
    dialog.close()
    window.close()

    again = open_window(qtbot, tmp_path)  # the app restarted on the same data directory
    again.show()
    again.start_background()
    qtbot.waitUntil(lambda: again.dashboard is not None and again.dashboard.loaded
                    and again.dashboard.view.model.rowCount() == 1, timeout=30_000)
    assert again.pages.currentWidget() is again.dashboard
    assert again.dashboard.current == order.id
    shown = again.dashboard.view.model.purchase(0)
    assert shown is not None and shown.id == purchase.id and shown.state.value == "confirmed"
    again.close()
