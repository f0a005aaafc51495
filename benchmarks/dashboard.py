"""Dashboard with 1,000 purchases: time to first paint, and the longest UI stall while scrolling.

A store is filled with one order and N exchanges (a year and more of weekly purchases, every
state, timelines included), then the Dashboard opens offscreen on it, as the app would after a
restart. Measured on the UI thread:

- first paint: from constructing the Dashboard to the end of the first paint of the purchases
  table showing rows (the history is read on a worker meanwhile);
- scrolling: the table is scrolled top to bottom a step every 16 ms while a 2 ms heartbeat timer
  records the longest gap between its ticks (a stall the person would feel), and the slowest
  single step (scroll + repaint);
- a live update: one purchase's news applied at N rows (model, totals, chart, detail).

Goals: first paint < 300 ms, no stall > 50 ms.

    .venv/bin/python benchmarks/dashboard.py [--exchanges N]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pocketgui.api import jsonio
from pocketgui.store import Store

FIRST_PAINT_GOAL_MS = 300.0
STALL_GOAL_MS = 50.0
ORDER_ID = "5f0c3a9e-7d1b-4c2e-9a8f-2b6d4e1f0a11"
ZPUB = ("vpub5Y6cjg78GGuNLsaPhmYsiw4gYX3HoQiRBiSwDaBXKUafCt9bNwWQiitDk5VZ5BVxYnQdwoTyXSs2JHRPAgj"
        "AvtbBrf8ZhDYe2jWAqvZVnsc")
ADDRESS = "bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk"
STEPS = {"confirmed": ("executed", "settled", "confirmed"), "settled": ("executed", "settled"),
         "executed": ("executed",), "interrupted": ("interrupted",),
         "refunded": ("refunded",)}


def order_wire(created: datetime) -> dict[str, object]:
    return {
        "id": ORDER_ID, "active": True,
        "created_on": created.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "affiliate_id": None, "fee_rate": Decimal("0.015"),
        "payment_method": {
            "currency": "chf", "debitor_iban": "DE75512108001245126199",
            "creditor_reference": "RF18GW8K79", "creditor_iban": "CH9400778214768302002",
            "creditor_bank_name": "Luzerner Kantonalbank", "creditor_bank_street": None,
            "creditor_bank_postal_code": None, "creditor_bank_town": None,
            "creditor_bank_country": "CH", "creditor_bank_bic": "LUKBCH2260A",
            "creditor_name": "Pocket App", "creditor_street": "Industriestrasse 33",
            "creditor_postal_code": "5242", "creditor_town": "Lupfig", "creditor_country": "CH",
            "swiss_qr_bill_payload": None},
        "payout_method": {"bitcoin_address": ADDRESS, "message": "I confirm my bitcoin wallet.",
                          "signature": "H" + "A" * 87, "extended_public_key": ZPUB,
                          "derivation_path": "0/0", "gap_limit": None},
    }


def state_for(index: int, count: int, rng: random.Random) -> str:
    if index >= count - 2:
        return ("settled", "executed")[count - 1 - index]
    roll = rng.random()
    return "refunded" if roll < 0.03 else "interrupted" if roll < 0.04 else "confirmed"


def fill_store(store: Store, count: int, *, seed: int = 21, environment: str = "sandbox",
               start: datetime | None = None, weekly: bool = True) -> list[str]:
    """One order and `count` purchases with a random-walk price; answers the exchange ids."""
    rng = random.Random(seed)
    start = start or datetime(2024, 1, 5, 9, 0, tzinfo=UTC)
    store.save_order(environment, ORDER_ID, jsonio.dumps(order_wire(start)), "regtest")
    price, ids = Decimal("38000"), []
    for i in range(count):
        price = (price * Decimal(str(1 + rng.gauss(0.004, 0.045)))).quantize(Decimal("0.01"))
        when = start + (timedelta(days=7 * i) if weekly else timedelta(minutes=3 * i))
        cost = Decimal(rng.choice(["50.00", "100.00", "100.00", "150.00", "250.00"]))
        fee = (cost * Decimal("0.015")).quantize(Decimal("0.01"))
        amount = ((cost - fee) / price).quantize(Decimal("0.00000001"), rounding=ROUND_DOWN)
        state = state_for(i, count, rng)
        exchange_id = f"{rng.getrandbits(128):032x}"
        exchange_id = "-".join((exchange_id[:8], exchange_id[8:12], exchange_id[12:16],
                                exchange_id[16:20], exchange_id[20:]))
        ids.append(exchange_id)
        for step in STEPS[state]:
            executed = step in ("executed", "settled", "confirmed")
            data: dict[str, object] = {
                "id": exchange_id, "order_id": ORDER_ID, "fee_rate": Decimal("0.015"),
                "pair": "btc/chf", "type": "buy", "cost": cost,
                "executed_on": when.isoformat(timespec="milliseconds").replace("+00:00", "Z")
                if executed else None,
                "amount": amount if executed else None, "rate": price if executed else None,
                "fee": fee if executed else None,
                "action": {"code": "identification_required",
                           "identification_id": "7bf967b5-3d34-4cd6-936c-6631811401d2"}
                if step == "interrupted" else None,
                "reason": {"code": "threshold_exceeded"} if step == "refunded" else None,
                "payout": {"txid": f"{rng.getrandbits(256):064x}", "outpoint": 0,
                           "bitcoin_address": ADDRESS, "derivation_path": f"0/{i}",
                           "block_height": 100 + i if step == "confirmed" else None,
                           "confirmed": step == "confirmed", "fee": Decimal("0.00000190"),
                           "amount": amount - Decimal("0.00000190")}
                if step in ("settled", "confirmed") else None,
            }
            store.record_exchange(environment, exchange_id, ORDER_ID, step, jsonio.dumps(data),
                                  "poll", final=step in ("confirmed", "refunded"))
    return ids


def measure(db: Path) -> dict[str, float]:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from pocketgui.api import Environment, PocketClient
    from pocketgui.history import Purchase
    from pocketgui.tracking import ExchangeTracker
    from pocketgui.ui.dashboard.dashboard import Dashboard
    from pocketgui.ui.dashboard.notifications import Notifier
    from pocketgui.ui.signals import AppSignals
    from pocketgui.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = Store(db)
    client = PocketClient(Environment.sandbox("http://127.0.0.1:9"), "bench")  # never called
    tracker = ExchangeTracker(client, store)
    runner = TaskRunner(2)
    figures: dict[str, float] = {}

    class FirstRows(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "first_paint_ms" not in figures and \
                    dashboard.view.model.rowCount() > 0:
                QTimer.singleShot(0, lambda: figures.setdefault(
                    "first_paint_ms", (time.perf_counter() - t0) * 1000))
            return False

    t0 = time.perf_counter()
    dashboard = Dashboard(pocket=client, runner=runner, store=store, tracker=tracker,
                          signals=AppSignals(), notifier=Notifier())
    watcher = FirstRows()
    dashboard.view.table.viewport().installEventFilter(watcher)
    dashboard.resize(1280, 860)
    dashboard.show()
    figures["construct_ms"] = (time.perf_counter() - t0) * 1000
    deadline = time.perf_counter() + 30
    while "first_paint_ms" not in figures and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.0005)
    figures["rows"] = dashboard.view.model.rowCount()

    # Scrolling, with a heartbeat measuring the longest gap on the UI thread.
    gaps = {"last": time.perf_counter(), "max": 0.0}

    def beat() -> None:
        now = time.perf_counter()
        gaps["max"] = max(gaps["max"], now - gaps["last"])
        gaps["last"] = now

    heart = QTimer()
    heart.setInterval(2)
    heart.timeout.connect(beat)
    bar = dashboard.view.table.verticalScrollBar()
    steps: list[float] = []

    def scroll() -> None:
        started = time.perf_counter()
        bar.setValue(bar.value() + max(1, bar.pageStep() // 2))
        dashboard.view.table.viewport().repaint()
        steps.append(time.perf_counter() - started)

    scroller = QTimer()
    scroller.setInterval(16)
    scroller.timeout.connect(scroll)
    gaps["last"] = time.perf_counter()
    heart.start()
    scroller.start()
    started = time.perf_counter()
    while bar.value() < bar.maximum() and time.perf_counter() - started < 60:
        app.processEvents()
        time.sleep(0.0005)
    scroller.stop()
    heart.stop()
    figures["scroll_steps"] = len(steps)
    figures["scroll_s"] = time.perf_counter() - started
    figures["longest_stall_ms"] = gaps["max"] * 1000
    figures["slowest_step_ms"] = max(steps) * 1000 if steps else 0.0

    # One live update at N rows: what every tracker change costs the UI thread.
    latest = store.exchanges()[-1]
    purchase = Purchase.from_stored(latest)
    started = time.perf_counter()
    dashboard._changed(purchase, purchase.state.value)
    app.processEvents()
    figures["live_update_ms"] = (time.perf_counter() - started) * 1000
    dashboard.shut_down()
    runner.wait_for_done(5000)
    client.close()
    store.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--exchanges", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite3"
        started = time.perf_counter()
        with Store(db) as store:
            fill_store(store, args.exchanges)
        print(f"store: {args.exchanges} exchanges written in "
              f"{time.perf_counter() - started:.1f} s")
        figures = measure(db)
    print(f"rows shown: {figures['rows']:.0f}")
    print(f"dashboard constructed: {figures['construct_ms']:.1f} ms")
    print(f"first paint with rows: {figures['first_paint_ms']:.1f} ms "
          f"(goal < {FIRST_PAINT_GOAL_MS:.0f} ms)")
    print(f"scrolled top to bottom: {figures['scroll_steps']:.0f} steps in "
          f"{figures['scroll_s']:.2f} s; slowest step {figures['slowest_step_ms']:.1f} ms")
    print(f"longest UI stall while scrolling: {figures['longest_stall_ms']:.1f} ms "
          f"(goal < {STALL_GOAL_MS:.0f} ms)")
    print(f"one live update at {figures['rows']:.0f} rows: {figures['live_update_ms']:.1f} ms")
    met = (figures["first_paint_ms"] < FIRST_PAINT_GOAL_MS
           and figures["longest_stall_ms"] < STALL_GOAL_MS)
    print("goals met" if met else "GOALS MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
