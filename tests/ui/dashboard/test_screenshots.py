"""docs/screenshots/dashboard-*.png: the dashboard with a purchase in every state, the chart,
and a notification (the README shows them).

Overview and notification come from a real sandbox driven like a person's year would (rates
moving, a block mined, a purchase waiting for identification, one refunded, one payout forged
to a stranger's address); the chart from a stored history of 80 weekly purchases (the
benchmark's generator), because a sandbox executes everything within seconds. Offscreen, at
1280×860; each picture is checked to be real and under 250 KB. As with the wizard's
screenshots, every run renders them but only POCKETGUI_SCREENSHOTS=update (or a missing file)
replaces the committed ones, so a test run leaves the tree clean:

    POCKETGUI_SCREENSHOTS=update .venv/bin/pytest tests/ui/dashboard/test_screenshots.py
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from pocketgui.api import Environment, PocketClient
from pocketgui.api.models import ExchangeStatus as S
from pocketgui.sandbox import SandboxServer
from pocketgui.store import Store
from pocketgui.tracking import ExchangeTracker
from pocketgui.ui.dashboard.dashboard import Dashboard
from pocketgui.ui.dashboard.notifications import Notifier
from pocketgui.ui.signals import AppSignals
from pocketgui.ui.tasks import TaskRunner
from tests.ui.dashboard.kit import WAIT_MS, Board, add_order, board
from tests.wallet import Wallet

OUT = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
BENCH = Path(__file__).resolve().parents[3] / "benchmarks" / "dashboard.py"
MAX_BYTES = 250_000
SIZE = (1280, 860)


def save(qtbot: QtBot, widget: Any, name: str, scratch: Path, prefix: str = "dashboard-",
         min_bytes: int = 10_000) -> Path:
    qtbot.wait(50)  # layouts settle, the paint pass runs
    path = OUT / f"{prefix}{name}.png"
    if os.environ.get("POCKETGUI_SCREENSHOTS") != "update" and path.exists():
        path = scratch / path.name
    OUT.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(path), "PNG")
    assert min_bytes < path.stat().st_size < MAX_BYTES, (path.name, path.stat().st_size)
    return path


def buy(qtbot: QtBot, b: Board, order_id: str, amount: str, rate: str) -> str:
    b.bank._post("/v1/sandbox/rates", {"pair": "btc/chf", "rate": Decimal(rate)})
    exchange_id = b.transfer(order_id, amount)
    qtbot.waitUntil(lambda: b.state_of(exchange_id) is not None, timeout=WAIT_MS)
    return exchange_id


def forge_payout(b: Board, exchange_id: str) -> None:
    payload = {**b.client.get_exchange(exchange_id).raw, "exchange_id": exchange_id}
    payload.pop("id")
    amount = payload["amount"]
    payload["payout"] = {"txid": "7f" * 32, "outpoint": 1,
                         "bitcoin_address": Wallet(account=9).address("0/3"),
                         "derivation_path": None, "block_height": None, "confirmed": False,
                         "fee": Decimal("0.00000190"), "amount": amount - Decimal("0.00000190")}
    assert b.forge_webhook("exchange.settled", payload).status_code == 200


@pytest.mark.slow
def test_overview_and_notification(qtbot: QtBot, sandbox_factory: Callable[..., SandboxServer],
                                   tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2, settle_delay=2.0,
                             identification_threshold=Decimal("800.00"),
                             max_transfer=Decimal("2000.00"))
    with board(qtbot, server, tmp_path / "store.sqlite3") as b:
        b.dashboard.resize(*SIZE)
        order_id = add_order(qtbot, b)
        first = [buy(qtbot, b, order_id, "100.00", "52000.00"),
                 buy(qtbot, b, order_id, "250.00", "56500.00")]
        for exchange_id in first:
            b.wait_state(qtbot, exchange_id, S.SETTLED)
        b.bank.mine(1)
        for exchange_id in first:
            b.wait_state(qtbot, exchange_id, S.CONFIRMED)
        settled = buy(qtbot, b, order_id, "150.00", "54800.00")
        b.wait_state(qtbot, settled, S.SETTLED)
        held = buy(qtbot, b, order_id, "400.00", "55200.00")
        b.wait_state(qtbot, held, S.INTERRUPTED)
        refunded = buy(qtbot, b, order_id, "2500.00", "55200.00")
        b.wait_state(qtbot, refunded, S.REFUNDED)
        stolen = buy(qtbot, b, order_id, "80.00", "53900.00")
        b.wait_state(qtbot, stolen, S.EXECUTED)
        forge_payout(b, stolen)
        qtbot.waitUntil(lambda: b.dashboard.view.banner.isVisible(), timeout=WAIT_MS)
        executed = buy(qtbot, b, order_id, "120.00", "54300.00")
        b.wait_state(qtbot, executed, S.EXECUTED)
        assert {b.state_of(e) for e in (stolen, executed)} == {S.SETTLED, S.EXECUTED}
        toast = b.notifier.toast()
        assert toast.isVisible() and toast.title.text() == "Bitcoin bought"
        save(qtbot, b.dashboard, "notification", tmp_path)
        toast.hide()
        row = b.dashboard.view.model.row_of(stolen)
        assert row is not None
        b.dashboard.view.table.selectRow(row)
        assert b.dashboard.view.detail.alarm.isVisible()
        save(qtbot, b.dashboard, "overview", tmp_path)
        states = {p.state for p in b.dashboard.view.model.purchases()}
        assert states >= {S.CONFIRMED, S.SETTLED, S.EXECUTED, S.INTERRUPTED, S.REFUNDED}


def test_chart(qtbot: QtBot, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("dashboard_bench", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    store = Store(tmp_path / "history.sqlite3")
    bench.fill_store(store, 80)
    client = PocketClient(Environment.sandbox("http://127.0.0.1:9"), "screenshots")
    runner = TaskRunner(2)
    dashboard = Dashboard(pocket=client, runner=runner, store=store,
                          tracker=ExchangeTracker(client, store), signals=AppSignals(),
                          notifier=Notifier())
    qtbot.addWidget(dashboard)
    dashboard.resize(*SIZE)
    dashboard.show()
    qtbot.waitUntil(lambda: dashboard.loaded, timeout=WAIT_MS)
    dashboard.view.tabs.setCurrentWidget(dashboard.view.chart)
    assert len(dashboard.view.chart.points) >= 70
    save(qtbot, dashboard, "chart", tmp_path)
    dashboard.shut_down()
    runner.wait_for_done(5000)
    client.close()
    store.close()
