"""The dashboard's blockchain status line, fed by a real ChainWatch over the chain layer.

No source outside the Demo: a plain sentence of what the person will not see. An unreachable
source: the status line says so in a sentence to act on, the window stays responsive, and the
purchases already shown stay. The sandbox's own Electrum server: its height and the last sync,
and each purchase's confirmations from the chain (docs/screenshots/dashboard-blockchain.png and
blockchain-settings.png are taken there; see test_screenshots.py for when they are replaced).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pocketgui.api.models import ExchangeStatus as S
from pocketgui.bitcoin import Network
from pocketgui.chain import ChainWatcher
from pocketgui.history import RECEIVED_FROM_POCKET
from pocketgui.sandbox import SandboxServer
from pocketgui.store import Store
from pocketgui.tracking import ExchangeTracker
from pocketgui.ui import palette
from pocketgui.ui.chain_watch import ChainWatch
from pocketgui.ui.dashboard.chain_status import ChainState, status_text
from pocketgui.ui.dashboard.purchases_model import CONFIRMATIONS_COLUMN
from pocketgui.ui.settings import ELECTRUM, NOT_SEEN, ChainChoice
from tests.ui.dashboard.kit import WAIT_MS, add_order, board
from tests.ui.dashboard.test_blockchain_settings import closed_port
from tests.ui.dashboard.test_screenshots import SIZE, save
from tests.wallet import Wallet

Factory = Callable[..., SandboxServer]


def watch_of(choice: ChainChoice, directory: Path, *, demo: bool = False,
             tick_ms: int = 200) -> Callable[[ExchangeTracker, Store], ChainWatch]:
    """What the window builds: the chain layer's watcher over the session's store, its news
    handed to the tracker on the watch's worker."""
    def build(tracker: ExchangeTracker, store: Store) -> ChainWatch:
        def make(source: object) -> ChainWatcher:
            return ChainWatcher(store, tracker.environment, tracker.network,
                                source, directory)  # type: ignore[arg-type]

        return ChainWatch(choice, tracker.network, make, tracker.observe_chain, demo=demo,
                          tick_ms=tick_ms, round_every_s=1)
    return build


def test_outside_the_demo_with_no_source_the_dashboard_says_what_will_not_be_seen(
        qtbot: QtBot, sandbox: SandboxServer, tmp_path: Path) -> None:
    with board(qtbot, sandbox, tmp_path / "store.sqlite3", demo=False, webhooks=False,
               chain=watch_of(ChainChoice(), tmp_path / "chain")) as b:
        line = b.dashboard.chain_status
        assert line.isVisible() and line.text() == NOT_SEEN
        assert "Neither a relay nor a blockchain source" in line.text()
        assert "docs/relay.md" in line.text() and "nor a refund" in line.text()
        assert b.chain is not None and b.chain.watcher is None  # nothing runs, nothing guessed
        dialog = b.dashboard.edit_settings()
        assert dialog.blockchain is not None and dialog.blockchain.none.isChecked()
        dialog.close()


def test_an_unreachable_source_is_a_sentence_and_the_purchases_stay(
        qtbot: QtBot, sandbox: SandboxServer, tmp_path: Path) -> None:
    choice = ChainChoice(ELECTRUM, "127.0.0.1", closed_port(), tls=False)
    with board(qtbot, sandbox, tmp_path / "store.sqlite3", demo=False, webhooks=False,
               chain=watch_of(choice, tmp_path / "chain")) as b:
        order_id = add_order(qtbot, b)
        line = b.dashboard.chain_status
        qtbot.waitUntil(lambda: "does not answer" in line.text(), timeout=WAIT_MS)
        assert line.text().startswith(f"Blockchain: your Electrum server 127.0.0.1:{choice.port}")
        assert "Check the host and port" in line.text() and palette.BAD in line.styleSheet()
        assert b.dashboard.snapshot.summary(order_id) is not None  # nothing shown was lost
        assert b.chain is not None and b.chain.last_report is not None
        assert not b.chain.last_report.ok


def test_the_status_reads_like_a_sentence_in_every_state() -> None:
    assert status_text(ChainState()) == NOT_SEEN
    assert status_text(ChainState("your Electrum server a:1 (TLS)")) == (
        "Blockchain: your Electrum server a:1 (TLS) · connecting…")
    from datetime import datetime
    at = datetime(2026, 1, 2, 3, 4, 5)
    assert status_text(ChainState("Esplora at https://e.example", 812345, at)) == (
        "Blockchain: Esplora at https://e.example · height 812,345 · last sync 03:04:05")
    assert status_text(ChainState("x", 5, at, "x does not answer.")) == (
        "Blockchain: x · height 5 · last sync 03:04:05. x does not answer.")


@pytest.mark.slow
def test_the_sandboxs_chain_gives_the_status_and_each_purchase_its_confirmations(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(electrum_port=0, settle_delay=0.3, retry_base=0.2)
    assert server.electrum_port is not None
    choice = ChainChoice(ELECTRUM, "127.0.0.1", server.electrum_port, tls=False)
    with board(qtbot, server, tmp_path / "store.sqlite3",
               chain=watch_of(choice, tmp_path / "chain")) as b:
        b.dashboard.resize(*SIZE)
        order_id = add_order(qtbot, b)
        line, model = b.dashboard.chain_status, b.dashboard.view.model
        qtbot.waitUntil(lambda: "last sync" in line.text(), timeout=WAIT_MS)
        exchange_id = b.transfer(order_id, "100.00")
        b.wait_state(qtbot, exchange_id, S.SETTLED)

        def depth() -> str:
            row = model.row_of(exchange_id)
            return "" if row is None else str(model.data(model.index(row, CONFIRMATIONS_COLUMN)))

        qtbot.waitUntil(lambda: depth() == "0", timeout=WAIT_MS)  # the wallet saw it, unmined
        tip = b.bank.mine(1)
        qtbot.waitUntil(lambda: depth() == "1" and f"height {tip:,}" in line.text(),
                        timeout=WAIT_MS)
        assert b.dashboard.snapshot.chain.confirmations(exchange_id) == 1
        b.wait_state(qtbot, exchange_id, S.CONFIRMED)
        qtbot.waitUntil(lambda: b.dashboard.view.detail.figures["Confirmations"].text() == "1",
                        timeout=WAIT_MS)
        assert b.dashboard.alarms == {}  # Pocket and the chain agree
        # Pocket pays the order's next address with no news of it reaching the app
        txid = b.bank.pay_address(Wallet().address("0/1"), Decimal("0.0005"))
        qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=WAIT_MS)
        known = model.known_from_chain()
        assert [(p.txid, p.path, p.amount) for p in known] == [(txid, "0/1", Decimal("0.0005"))]
        assert model.data(model.index(model.row_of(f"chain:{txid}:{known[0].vout}") or 0,
                                      1)) == RECEIVED_FROM_POCKET
        b.notifier.toast().hide()
        save(qtbot, b.dashboard, "blockchain", tmp_path)
        dialog = b.dashboard.edit_settings()
        section = dialog.blockchain
        assert section is not None and section.electrum.isChecked()
        section.run_test()
        qtbot.waitUntil(lambda: section.result.text().startswith("✓"), timeout=WAIT_MS)
        save(qtbot, dialog, "blockchain-settings", tmp_path, prefix="", min_bytes=5_000)
        dialog.close()


def test_rounds_run_off_the_ui_thread_and_another_source_from_the_settings_recovers(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path) -> None:
    import threading

    server = sandbox_factory(electrum_port=0)
    assert server.electrum_port is not None
    threads: list[threading.Thread] = []

    def recording(tracker: ExchangeTracker, store: Store) -> ChainWatch:
        watch = watch_of(ChainChoice(ELECTRUM, "127.0.0.1", closed_port(), tls=False),
                         tmp_path / "chain")(tracker, store)
        make = watch.make_watcher

        def make_recording(source: object) -> ChainWatcher:
            watcher = make(source)  # type: ignore[arg-type]
            sync = watcher.sync

            def recorded() -> object:
                threads.append(threading.current_thread())
                return sync()
            watcher.sync = recorded  # type: ignore[method-assign]
            return watcher

        watch.make_watcher = make_recording  # type: ignore[method-assign]
        watch.set_choice(watch.choice)  # a watcher made by the recording factory
        return watch

    with board(qtbot, server, tmp_path / "store.sqlite3", demo=False, webhooks=False,
               chain=recording) as b:
        line = b.dashboard.chain_status
        qtbot.waitUntil(lambda: "does not answer" in line.text(), timeout=WAIT_MS)
        chosen: list[ChainChoice] = []
        b.dashboard.chain_chosen.connect(chosen.append)
        dialog = b.dashboard.edit_settings()
        section = dialog.blockchain
        assert section is not None
        section.port.setValue(server.electrum_port)
        assert dialog.save()
        assert chosen == [ChainChoice(ELECTRUM, "127.0.0.1", server.electrum_port, False)]
        qtbot.waitUntil(lambda: "last sync" in line.text() and "does not answer" not in
                        line.text(), timeout=WAIT_MS)
        assert f"127.0.0.1:{server.electrum_port}" in line.text()
        assert threads and threading.main_thread() not in threads


def test_pocket_saying_another_amount_than_the_chain_is_an_alarm_like_a_foreign_payout(
        qtbot: QtBot, sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(electrum_port=0, settle_delay=120.0, retry_base=0.2)
    assert server.electrum_port is not None
    choice = ChainChoice(ELECTRUM, "127.0.0.1", server.electrum_port, tls=False)
    with board(qtbot, server, tmp_path / "store.sqlite3",
               chain=watch_of(choice, tmp_path / "chain")) as b:
        order_id = add_order(qtbot, b)
        exchange_id = b.transfer(order_id, "100.00")
        b.wait_state(qtbot, exchange_id, S.EXECUTED)  # Pocket's own payout is hours away
        address = Wallet().address("0/0")
        paid = b.bank._post("/v1/sandbox/chain/payments",
                            {"address": address, "amount": Decimal("0.0005")})
        # a compromised sender says that transaction paid this purchase more than it did
        payload = {**b.client.get_exchange(exchange_id).raw, "exchange_id": exchange_id,
                   "status": "settled"}
        payload.pop("id")
        payload["payout"] = {"txid": paid["txid"], "outpoint": paid["outpoint"],
                             "bitcoin_address": address, "derivation_path": "0/0",
                             "block_height": None, "confirmed": False,
                             "fee": Decimal("0.00000190"), "amount": Decimal("0.0006")}
        assert b.forge_webhook("exchange.settled", payload).status_code == 200
        qtbot.waitUntil(lambda: exchange_id in b.dashboard.alarms, timeout=WAIT_MS)
        model = b.dashboard.view.model
        row = model.row_of(exchange_id)
        assert row is not None and model.data(model.index(row, 1)) == "⚠ AMOUNT DIFFERS"
        b.dashboard.view.table.selectRow(row)
        detail = b.dashboard.view.detail
        qtbot.waitUntil(lambda: detail.alarm.isVisible(), timeout=WAIT_MS)
        assert "another amount" in detail.alarm_text.text()
        assert detail.address.label.text() == "Paid to (an address of your wallet)"
        assert b.dashboard.view.banner.isVisible()  # the order's banner, as for a stranger
        assert [n.title for n in b.notifier.shown if n.exchange_id == exchange_id and n.alarm
                ] == ["⚠ Payout amount differs on the blockchain"]


@pytest.mark.slow
def test_a_source_that_is_down_is_asked_again_less_and_less_often(
        qtbot: QtBot, sandbox: SandboxServer, tmp_path: Path) -> None:
    import time

    rounds: list[float] = []
    with Store(tmp_path / "store.sqlite3") as store:
        def make(source: object) -> ChainWatcher:
            watcher = ChainWatcher(store, "sandbox", Network.REGTEST, source,  # type: ignore[arg-type]
                                   tmp_path / "chain")
            sync = watcher.sync

            def counted() -> object:
                rounds.append(time.monotonic())
                return sync()
            watcher.sync = counted  # type: ignore[method-assign]
            return watcher

        watch = ChainWatch(ChainChoice(ELECTRUM, "127.0.0.1", closed_port(), tls=False),
                           Network.REGTEST, make, lambda report: None, tick_ms=50)
        watch.start()
        qtbot.wait(3_500)
        watch.stop()
        watch.wait()
    gaps = [later - earlier for earlier, later in pairwise(rounds)]
    assert 2 <= len(rounds) <= 4, gaps  # 0, 1, 3 s — not every 50 ms tick
    assert all(later > earlier for earlier, later in pairwise(gaps)), gaps
    assert "does not answer" in watch.state.error
