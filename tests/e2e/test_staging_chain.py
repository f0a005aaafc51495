"""Staging with no webhooks: the chain alone shows the purchase, and its confirmations.

What a new user saw before the chain was watched: the sandbox standing in for Pocket's staging
(loopback, regtest) confirmed an exchange while the app, which Pocket cannot reach behind NAT,
showed "0 purchases" for ever. Here the app runs in Staging mode exactly as a person starts it
(saved client id, staging URL, Settings → Blockchain = the sandbox's own Electrum server), with
no webhook receiver. The order was made earlier with this app. A bank transfer arrives at
"Pocket" (the sandbox's helper), Pocket pays out on chain, a block is mined: the dashboard lists
the purchase from the chain, with 0 and then 1 confirmation, and the status line the height.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import keyring
import pytest
from pytestqt.qtbot import QtBot

from pocketgui.api import Environment, PocketClient
from pocketgui.bitcoin import Network
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.history import RECEIVED_FROM_POCKET, ChainPurchase
from pocketgui.sandbox import SandboxServer
from pocketgui.store import Store
from pocketgui.ui import chain_watch
from pocketgui.ui.dashboard.purchases_model import CONFIRMATIONS_COLUMN
from pocketgui.ui.main_window import MainWindow
from pocketgui.ui.modes import Mode
from pocketgui.ui.settings import ELECTRUM, ESPLORA, ChainChoice, Settings
from pocketgui.ui.signals import AppSignals
from tests.ui.dashboard.wallet import create_order

pytestmark = pytest.mark.slow

CLIENT_ID = "staging-person"
WAIT_MS = 30_000


def test_staging_without_webhooks_shows_the_purchase_from_the_chain_with_confirmations(
        qtbot: QtBot, tmp_path: Path, sandbox_factory: Callable[..., SandboxServer],
        monkeypatch: pytest.MonkeyPatch) -> None:
    quick = {"demo": 200, "electrum": 200, "esplora": 200}  # ms, not 1 s or 10 s
    monkeypatch.setattr(chain_watch, "TICK_MS", quick)
    monkeypatch.setattr(chain_watch, "ROUND_EVERY_S", {k: 1 for k in quick})  # not 30 s
    server = sandbox_factory(electrum_port=0, settle_delay=0.5)
    assert server.electrum_port is not None
    data = tmp_path / "data"
    data.mkdir()
    staging = Environment.staging(server.url, Network.REGTEST)
    # the order made earlier with this app
    with Store(data / "pocketgui.sqlite3") as store, PocketClient(staging, CLIENT_ID) as client:
        order = create_order(client, store)
    source = ChainChoice(ELECTRUM, "127.0.0.1", server.electrum_port, tls=False)
    Settings(mode="staging", staging_url=server.url, staging_network="regtest",
             saved_client_ids=("staging",), chain={"staging": source}).save()
    keyring.set_password("pocketgui", "staging", CLIENT_ID)

    window = MainWindow(AppSignals(), Mode.STAGING, data_dir=data, settings=Settings.load())
    qtbot.addWidget(window)
    window.show()
    window.start_background()
    assert window.welcome.credentials.client_id.text() == CLIENT_ID  # from the keyring
    window.welcome.start_button.click()
    qtbot.waitUntil(lambda: window.wizard is not None, timeout=WAIT_MS)
    assert window.session is not None and window.session.live is not None
    assert window.session.live.receiver is None  # no webhooks: Pocket cannot reach a desktop
    home = window.wizard.home_button
    qtbot.waitUntil(home.isEnabled, timeout=WAIT_MS)  # the device list was read
    home.click()  # "Start page": the orders made earlier
    qtbot.waitUntil(lambda: window.dashboard is not None and window.dashboard.loaded
                    and window.pages.currentWidget() is window.dashboard, timeout=WAIT_MS)
    dashboard = window.dashboard
    assert dashboard is not None and dashboard.current == order.id
    model, line = dashboard.view.model, dashboard.chain_status
    qtbot.waitUntil(lambda: "last sync" in line.text(), timeout=WAIT_MS)
    assert line.text().startswith(
        f"Blockchain: your Electrum server 127.0.0.1:{server.electrum_port} (plain TCP)")
    assert model.rowCount() == 0

    bank = DemoBank(server.url, CLIENT_ID)
    try:
        exchange = bank.transfer(order.id, Decimal("100"))  # Pocket pays out; tells nobody
        qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=WAIT_MS)
        entry = model.entry(0)
        assert isinstance(entry, ChainPurchase) and entry.block_height is None  # mempool
        assert model.data(model.index(0, 1)) == RECEIVED_FROM_POCKET
        assert model.data(model.index(0, CONFIRMATIONS_COLUMN)) == "0"
        tip = bank.mine(1)
        qtbot.waitUntil(lambda: model.data(model.index(0, CONFIRMATIONS_COLUMN)) == "1",
                        timeout=WAIT_MS)
        qtbot.waitUntil(lambda: f"height {tip:,}" in line.text(), timeout=WAIT_MS)
    finally:
        bank.close()

    with PocketClient(staging, CLIENT_ID) as client:  # what Pocket says, checked from outside
        said = client.get_exchange(exchange.id).payout
    entry = model.entry(0)
    assert isinstance(entry, ChainPurchase) and entry.block_height == tip
    assert entry.order_id == order.id
    assert (entry.txid, entry.address, entry.amount) == (
        said.txid, said.bitcoin_address, said.amount)  # type: ignore[union-attr]
    with Store(data / "pocketgui.sqlite3") as store:
        assert store.exchanges("staging") == []  # the app never had Pocket's news
    detail = dashboard.view.detail
    qtbot.waitUntil(lambda: detail.title.text().startswith(RECEIVED_FROM_POCKET),
                    timeout=WAIT_MS)
    assert detail.figures["Confirmations"].text() == "1"
    assert detail.txid.value.text() == entry.txid

    # Settings → Blockchain: the same chain over the sandbox's Esplora API, kept for Staging
    dialog = dashboard.edit_settings()
    assert dialog.blockchain is not None
    dialog.blockchain.esplora.setChecked(True)
    dialog.blockchain.url.setText(server.esplora_url)
    assert dialog.save()
    qtbot.waitUntil(  # written on the worker
        lambda: Settings.load().chain_of("staging") == ChainChoice(ESPLORA,
                                                                   url=server.esplora_url),
        timeout=WAIT_MS)
    qtbot.waitUntil(lambda: line.text().startswith(f"Blockchain: Esplora at {server.esplora_url}")
                    and "last sync" in line.text(), timeout=WAIT_MS)
    assert model.data(model.index(0, CONFIRMATIONS_COLUMN)) == "1"  # nothing lost on the way
    window.close()
