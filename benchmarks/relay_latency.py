"""The relay: 1,000 of Pocket's events from the sandbox through `pocketgui-relay` to the
dashboard's model, their latency, none lost, and the relay's memory.

All real, over loopback: the sandbox stands in for Pocket (Staging on regtest) and posts each
exchange's webhook to a `pocketgui-relay` running as its own process (`python -m
pocketgui.relay`, secrets in its environment); the app's `RelayFeed` long-polls it, verifies
each delivery again, stores it and hands it to the tracker as a hint, which asks the sandbox
for the exchange (GET) and records it; the dashboard (the real `Dashboard` and its
`PurchasesModel`, offscreen) shows it. Transfers are paced (`--rate` a second): each makes one
`exchange.executed` (payouts are held back by a long settle delay, so one event per purchase).

- latency: from the delivery's arrival at the relay (the relay's own `received_unix`, stamped
  as it stores it; same machine, same clock) to the model's update showing that purchase;
- lost: deliveries at the relay whose purchase never reached the model (must be 0);
- relay memory: the relay process's resident set (VmRSS) and its peak (VmHWM) at the end.

Goals: p99 < 1 s, zero lost, relay < 80 MB.

    .venv/bin/python benchmarks/relay_latency.py [--events N] [--rate PER_SECOND]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `tests.*` kits

from pocketgui.api import Environment, PocketClient
from pocketgui.bitcoin import Network
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.sandbox import SandboxConfig, SandboxServer
from pocketgui.store import Store
from pocketgui.tracking.relay_feed import RelayFeed
from pocketgui.tracking.tracker import ExchangeTracker
from tests.ui.dashboard.wallet import create_order

P99_GOAL_S = 1.0
RELAY_GOAL_MB = 80.0
CLIENT_ID = "bench-relay"
SECRET = "whsec-bench-relay"
TOKEN = "bench-relay-feed-token-0123456789"


def start_relay(db: Path) -> tuple[subprocess.Popen[str], str]:
    """`python -m pocketgui.relay` on a free loopback port; answers it and its base URL."""
    env = {**os.environ, "POCKETGUI_RELAY_WEBHOOK_SECRET": SECRET, "POCKETGUI_RELAY_TOKEN": TOKEN}
    process = subprocess.Popen(
        [sys.executable, "-m", "pocketgui.relay", "--port", "0", "--db", str(db)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()  # "pocketgui-relay listening on http://127.0.0.1:PORT (…"
    if "listening on " not in line:
        process.kill()
        raise SystemExit(f"the relay did not start: {line!r}")
    return process, line.split("listening on ", 1)[1].split()[0]


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB (Linux /proc)."""
    found = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0]) / 1024
    return found.get("VmRSS", 0.0), found.get("VmHWM", 0.0)


def arrivals(db: Path) -> dict[str, float]:
    """exchange id → when its (first) delivery was stored at the relay, from the relay's file."""
    found: dict[str, float] = {}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as cx:
        for received, body in cx.execute("SELECT received_unix, body FROM deliveries"):
            exchange_id = json.loads(bytes(body))["payload"]["exchange_id"]
            found.setdefault(exchange_id, float(received))
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(events: int, rate: float) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from pocketgui.ui.dashboard.dashboard import Dashboard
    from pocketgui.ui.dashboard.notifications import Notifier
    from pocketgui.ui.process_tuning import SWITCH_INTERVAL
    from pocketgui.ui.signals import AppSignals
    from pocketgui.ui.tasks import TaskRunner
    from tests.e2e.driver import process_wait

    sys.setswitchinterval(SWITCH_INTERVAL)  # as the app sets it once workers run
    app = QApplication.instance() or QApplication(sys.argv[:1])
    work = Path(tempfile.mkdtemp(prefix="pocketgui-bench-relay-"))
    server = SandboxServer(SandboxConfig(
        network=Network.REGTEST, db_path=":memory:", port=0, settle_delay=3600.0,
        retry_base=0.5, identification_threshold=Decimal("1000000"),
        max_transfer=Decimal("1000000"))).start()
    relay, relay_url = start_relay(work / "relay.sqlite3")
    bank = DemoBank(server.url, CLIENT_ID)
    client = PocketClient(Environment.staging(server.url, Network.REGTEST), CLIENT_ID)
    store = Store(work / "pocketgui.sqlite3")
    figures: dict[str, float] = {"events": events, "rate": rate}
    try:
        bank.register_webhook(relay_url + "/webhook", SECRET)
        order = create_order(client, store)
        tracker = ExchangeTracker(client, store, webhooks=True, confirm_webhooks=True,
                                  base_interval=30.0, confirmation_interval=600.0)
        tracker.resume()
        tracker.start()
        feed = RelayFeed(store, tracker, relay_url, TOKEN, SECRET)
        feed.start()
        runner = TaskRunner(2)
        dashboard = Dashboard(pocket=client, runner=runner, store=store, tracker=tracker,
                              signals=AppSignals(), notifier=Notifier())
        dashboard.resize(1280, 860)
        dashboard.show()
        process_wait(lambda: dashboard.loaded, 30_000)
        dashboard.show_order(order.id)
        process_wait(lambda: dashboard.current == order.id, 30_000)
        rss_idle, _ = memory_mb(relay.pid)

        shown: dict[str, float] = {}
        model = dashboard.view.model
        upsert = model.upsert

        def timed_upsert(purchase: object) -> int:  # the model's update, timestamped
            row = upsert(purchase)  # type: ignore[arg-type]
            shown.setdefault(purchase.id, time.time())  # type: ignore[attr-defined]
            return row

        model.upsert = timed_upsert  # type: ignore[method-assign]

        def transfers() -> None:
            started = time.perf_counter()
            for index in range(events):
                time.sleep(max(0.0, started + index / rate - time.perf_counter()))
                bank.transfer(order.id, Decimal("20") + Decimal(index % 100) / 100)

        sender = threading.Thread(target=transfers, name="bench-transfers", daemon=True)
        started = time.perf_counter()
        sender.start()
        timeout_ms = int((events / rate + 60) * 1000)
        process_wait(lambda: not sender.is_alive() and len(shown) >= events, timeout_ms)
        settle = time.monotonic() + 0.5  # anything late would show now
        while time.monotonic() < settle:
            app.processEvents()
            time.sleep(0.005)
        figures["elapsed_s"] = time.perf_counter() - started
        figures["relay_rss_idle_mb"] = rss_idle
        figures["relay_rss_mb"], figures["relay_peak_mb"] = memory_mb(relay.pid)
        arrived = arrivals(work / "relay.sqlite3")
        latencies = [shown[e] - at for e, at in arrived.items() if e in shown]
        figures["delivered"] = len(arrived)
        figures["lost"] = len([e for e in arrived if e not in shown])
        figures["shown"] = len(shown)
        figures["p50_s"] = percentile(latencies, 0.50) if latencies else float("nan")
        figures["p99_s"] = percentile(latencies, 0.99) if latencies else float("nan")
        figures["max_s"] = max(latencies) if latencies else float("nan")
        figures["feed_cursor"] = feed.status().cursor
        feed.stop()
        tracker.stop()
        dashboard.shut_down()
        runner.wait_for_done(10_000)
        dashboard.close()
        app.processEvents()
    finally:
        relay.terminate()
        relay.wait(10)
        client.close()
        bank.close()
        store.close()
        server.stop()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=20.0, help="transfers a second")
    args = parser.parse_args()
    f = measure(args.events, args.rate)
    n = int(f["events"])
    print(f"{n} exchange.executed events at {f['rate']:g}/s from the sandbox through "
          f"pocketgui-relay (a process of its own) to the dashboard's model in "
          f"{f['elapsed_s']:.1f} s")
    print(f"relay → model latency: p50 {f['p50_s'] * 1000:.0f} ms, p99 {f['p99_s'] * 1000:.0f} "
          f"ms, max {f['max_s'] * 1000:.0f} ms (goal p99 < {P99_GOAL_S * 1000:.0f} ms)")
    print(f"delivered at the relay {int(f['delivered'])}, shown {int(f['shown'])}, lost "
          f"{int(f['lost'])} (goal 0); feed cursor {int(f['feed_cursor'])}")
    print(f"relay memory: {f['relay_rss_idle_mb']:.1f} MB RSS idle, {f['relay_rss_mb']:.1f} MB "
          f"after, peak {f['relay_peak_mb']:.1f} MB (goal < {RELAY_GOAL_MB:.0f} MB)")
    met = (f["p99_s"] < P99_GOAL_S and f["lost"] == 0 and f["delivered"] == n
           and f["relay_peak_mb"] < RELAY_GOAL_MB)
    print("goals met" if met else "GOALS MISSED")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
