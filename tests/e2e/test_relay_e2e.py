"""Staging with a relay: sandbox → `pocketgui-relay` → the app, over loopback, as a person runs it.

The sandbox stands in for Pocket's staging (loopback, regtest) and posts the client's webhooks
to a real `RelayServer`, as Pocket posts to the URL registered for the client. The app runs in
Staging mode exactly as a person starts it (saved client id, staging URL, Settings → Relay: its
URL, with the token and the webhook secret in the keyring), with no blockchain source and no
webhook receiver of its own. A purchase executes, settles and confirms; one is interrupted for
identification, identified and executed; one is refunded: each state reaches the dashboard's
model and is notified once, every one confirmed with Pocket (timeline source "relay"; the
confirmation by a poll). The status lines say the relay is connected and that payouts come as
Pocket's word. Without a relay or a blockchain source the wizard's last page and the dashboard
say what will not be seen, until Settings → Relay is filled in: the session reads it at once.
Relay restarts, forged deliveries and strangers' orders: tests/tracking/test_relay_feed.py,
over the same real relay and sandbox in Staging.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import keyring
import pytest
from pytestqt.qtbot import QtBot

from pocketgui.api import Environment, PocketClient
from pocketgui.api.models import ExchangeStatus as S
from pocketgui.bitcoin import Network
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.purchases import live_tracking
from pocketgui.sandbox import SandboxServer
from pocketgui.store import Store
from pocketgui.tracking.relay_feed import RelayFeed
from pocketgui.ui.dashboard.chain_status import CHAIN_BY_RELAY
from pocketgui.ui.dashboard.dashboard import Dashboard
from pocketgui.ui.main_window import DEFAULT_SIZE, MainWindow
from pocketgui.ui.modes import Mode
from pocketgui.ui.settings import NOT_SEEN, ClientIdVault, RelayChoice, Settings
from pocketgui.ui.signals import AppSignals
from tests.screenshots import target
from tests.tracking.relay_kit import SECRET, TOKEN, start_relay
from tests.ui.dashboard.wallet import create_order

pytestmark = pytest.mark.slow

CLIENT_ID = "staging-person"
WAIT_MS = 30_000


def state_in_model(dashboard: Dashboard, exchange_id: str) -> S | None:
    model = dashboard.view.model
    row = model.row_of(exchange_id)
    purchase = model.purchase(row) if row is not None else None
    return purchase.state if purchase is not None else None


def open_staging(qtbot: QtBot, data: Path) -> tuple[MainWindow, Dashboard, str]:
    """The window as a person starts it in Staging; its dashboard once loaded, and what the
    wizard's last page says first."""
    window = MainWindow(AppSignals(), Mode.STAGING, data_dir=data, settings=Settings.load())
    qtbot.addWidget(window)
    window.show()
    window.start_background()
    window.welcome.start_button.click()
    qtbot.waitUntil(lambda: window.wizard is not None, timeout=WAIT_MS)
    assert window.wizard is not None
    intro = window.wizard.tracking.intro.text()
    home = window.wizard.home_button
    qtbot.waitUntil(home.isEnabled, timeout=WAIT_MS)
    home.click()
    qtbot.waitUntil(lambda: window.dashboard is not None and window.dashboard.loaded,
                    timeout=WAIT_MS)
    assert window.dashboard is not None
    return window, window.dashboard, intro


@pytest.mark.parametrize("shape", ["reference", "published"])
def test_staging_with_a_relay_shows_every_state_pocket_announces(
        qtbot: QtBot, tmp_path: Path, sandbox_factory: Callable[..., SandboxServer],
        monkeypatch: pytest.MonkeyPatch, shape: str) -> None:
    monkeypatch.setattr(live_tracking, "REMOTE_TIMINGS", {  # seconds, not minutes
        "base_interval": 0.2, "confirmation_interval": 0.3, "max_interval": 1.0})
    server = sandbox_factory(settle_delay=1.0, retry_base=0.2,
                             identification_threshold=Decimal("500.00"),
                             max_transfer=Decimal("1500.00"), webhook_shape=shape)
    data = tmp_path / "data"
    data.mkdir()
    staging = Environment.staging(server.url, Network.REGTEST)
    with Store(data / "pocketgui.sqlite3") as store, PocketClient(staging, CLIENT_ID) as client:
        order = create_order(client, store)  # made earlier with this app
    relay = start_relay(tmp_path / "relay.sqlite3")
    bank = DemoBank(server.url, CLIENT_ID)
    window: MainWindow | None = None
    try:
        bank.register_webhook(relay.webhook_url, SECRET)  # Pocket → the person's relay
        settings = Settings(mode="staging", staging_url=server.url, staging_network="regtest",
                            saved_client_ids=("staging",))
        settings.keep_relay("staging", RelayChoice(relay.url, TOKEN, SECRET), ClientIdVault())
        settings.save()
        keyring.set_password("pocketgui", "staging", CLIENT_ID)

        window, dashboard, intro = open_staging(qtbot, data)
        session = window.session
        assert session is not None and session.live is not None
        assert session.live.receiver is None  # Pocket cannot reach a desktop
        assert isinstance(session.live.relay, RelayFeed)
        assert session.live.tracker.confirm_webhooks
        assert intro.startswith("Pocket buys bitcoin") and "relay" not in intro  # all is seen
        assert dashboard.current == order.id
        line = dashboard.relay_status
        qtbot.waitUntil(lambda: "connected" in line.text(), timeout=WAIT_MS)
        assert line.text().startswith(f"Relay 127.0.0.1:{relay.url.rsplit(':', 1)[1]}")
        assert dashboard.chain_status.text() == CHAIN_BY_RELAY

        def reaches(exchange_id: str, state: S) -> None:
            qtbot.waitUntil(lambda: state_in_model(dashboard, exchange_id) is state,
                            timeout=WAIT_MS)

        bought = bank.transfer(order.id, Decimal("100")).id
        reaches(bought, S.EXECUTED)
        reaches(bought, S.SETTLED)
        line.refresh()
        assert "connected · last delivery" in line.text()
        if shape == "reference":  # the README's picture of Staging with a relay: look at it
            window.resize(*DEFAULT_SIZE)
            qtbot.wait(30)
            assert window.grab().save(str(target("staging-relay", tmp_path)), "PNG")
        bank.mine(1)
        reaches(bought, S.CONFIRMED)

        held = bank.transfer(order.id, Decimal("800"))
        reaches(held.id, S.INTERRUPTED)
        assert held.action is not None and held.action.identification_id is not None
        assert dashboard.view.detail.identify.text() == "Open the identification page"
        bank.complete_identification(held.action.identification_id)
        reaches(held.id, S.EXECUTED)
        reaches(held.id, S.SETTLED)

        refunded = bank.transfer(order.id, Decimal("2000")).id
        reaches(refunded, S.REFUNDED)

        notified = dashboard.notifier.of
        assert notified(bought) == ["executed", "settled", "confirmed"]
        assert notified(held.id) == ["interrupted", "executed", "settled"]
        assert notified(refunded) == ["refunded"]
        store = session.services.store
        sources = {t.source for e in (bought, held.id, refunded) for t in store.timeline(e)}
        assert sources == {"relay", "poll"}  # every state from Pocket's own answer
        assert [t.source for t in store.timeline(bought)][-1] == "poll"  # confirmed: polled
        feed = session.live.relay
        assert feed.status().cursor == relay.store.last_seq and not feed.status().untrustworthy

        # the app closes; news meanwhile waits at the relay; the app starts again
        window.close()
        later = bank.transfer(order.id, Decimal("50")).id
        window, dashboard, _ = open_staging(qtbot, data)
        reaches(later, S.SETTLED)
        assert dashboard.notifier.of(later)[-1] == "settled"
        for earlier in (bought, held.id, refunded):  # shown before: not again
            assert dashboard.notifier.of(earlier) == []
        assert state_in_model(dashboard, bought) is S.CONFIRMED
    finally:
        if window is not None:
            window.close()
        bank.close()
        relay.stop()


def test_staging_without_news_sources_says_so_until_a_relay_is_set_in_settings(
        qtbot: QtBot, tmp_path: Path, sandbox_factory: Callable[..., SandboxServer],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(live_tracking, "REMOTE_TIMINGS", {
        "base_interval": 0.2, "confirmation_interval": 0.3, "max_interval": 1.0})
    server = sandbox_factory(retry_base=0.2)
    data = tmp_path / "data"
    data.mkdir()
    staging = Environment.staging(server.url, Network.REGTEST)
    with Store(data / "pocketgui.sqlite3") as store, PocketClient(staging, CLIENT_ID) as client:
        order = create_order(client, store)
    Settings(mode="staging", staging_url=server.url, staging_network="regtest",
             saved_client_ids=("staging",)).save()
    keyring.set_password("pocketgui", "staging", CLIENT_ID)
    relay = start_relay(tmp_path / "relay.sqlite3")
    bank = DemoBank(server.url, CLIENT_ID)
    window: MainWindow | None = None
    try:
        window, dashboard, intro = open_staging(qtbot, data)
        assert intro.endswith(NOT_SEEN)  # the wizard's last page: what will not be seen
        assert dashboard.chain_status.text() == NOT_SEEN
        assert not dashboard.relay_status.isVisible()  # the line above says it all
        assert window.session is not None and window.session.live is not None
        assert window.session.live.relay is None

        dialog = dashboard.edit_settings()  # Settings → Relay
        assert dialog.relay is not None
        dialog.relay.url.setText(relay.url)
        dialog.relay.token.setText(TOKEN)
        dialog.relay.secret.setText(SECRET)
        assert dialog.save()
        live = window.session.live
        qtbot.waitUntil(lambda: live.relay is not None
                        and "connected" in dashboard.relay_status.text(), timeout=WAIT_MS)
        assert dashboard.chain_status.text() == CHAIN_BY_RELAY
        assert Settings.load().relay_urls == {"staging": relay.url}
        assert keyring.get_password("pocketgui", "staging/relay-token") == TOKEN
        assert keyring.get_password("pocketgui", "staging/webhook-secret") == SECRET

        bank.register_webhook(relay.webhook_url, SECRET)  # news from now on reaches the app
        exchange_id = bank.transfer(order.id, Decimal("100")).id
        qtbot.waitUntil(lambda: state_in_model(dashboard, exchange_id) is S.SETTLED,
                        timeout=WAIT_MS)
    finally:
        if window is not None:
            window.close()
        bank.close()
        relay.stop()
