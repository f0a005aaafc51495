"""Tracker overhead: HTTP requests the exchange tracker makes per exchange, funding → confirmed.

A real sandbox (regtest, loopback) settles each exchange SETTLE_DELAY s after it executes and a
miner thread mines a block every BLOCK_INTERVAL s, like a chain would. N exchanges are funded on
one order (fresh address per payout) and followed until every one is confirmed, twice:

- with webhooks: the sandbox calls our receiver; the tracker learns exchanges from the events;
- without: the tracker is told each exchange id and finds everything else by polling.

Only the tracker's own client is counted (a transport wrapper); setting up orders, transfers
and blocks goes through other clients. Both runs use the same tracker settings: base interval
BASE_INTERVAL, confirmation interval = BLOCK_INTERVAL (the app sets it to the network's block
time). Goal: with webhooks, at most one poll per state change.

    .venv/bin/python benchmarks/tracker_overhead.py [--exchanges N]
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import tempfile
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import httpx
from embit import bip32
from embit.networks import NETWORKS

from pocketgui.api import Environment, OnchainPayoutRequest, OrderRequest, PocketClient, jsonio
from pocketgui.bitcoin import Network, ScriptType, derive_address, sign_message
from pocketgui.orders.placing import place_order
from pocketgui.sandbox import SandboxConfig, SandboxServer
from pocketgui.store import Store
from pocketgui.tracking import ExchangeTracker, WebhookReceiver

SETTLE_DELAY = 0.3
BLOCK_INTERVAL = 0.5
BASE_INTERVAL = 0.1
SECRET = "bench-secret"
CLIENT_ID = "bench"


class CountingTransport(httpx.BaseTransport):
    """Counts every request by method and route (ids replaced by {id})."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.counts: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        parts = request.url.path.split("/")
        route = "/".join(parts[:3] + ["{id}"] * (len(parts) > 3))
        with self.lock:
            self.counts[f"{request.method} {route}"] += 1
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def order_request(client: PocketClient) -> OrderRequest:
    """A native segwit regtest account with its extended key: a fresh address per payout."""
    account = bip32.HDKey.from_seed(hashlib.sha256(b"pocketgui bench").digest()).derive(
        "m/84h/1h/0h")
    vpub = account.to_public().to_string(version=NETWORKS["regtest"]["zpub"])
    message = f"I confirm my bitcoin wallet. [{client.create_challenge().token}]"
    address = derive_address(vpub, "0/0", ScriptType.P2WPKH, Network.REGTEST)
    signature = sign_message(account.derive("m/0/0").key.secret, message, ScriptType.P2WPKH)
    payout = OnchainPayoutRequest(address, message, signature, vpub, "0/0", 1000)
    return OrderRequest(Decimal("0.015"), "chf", "DE75512108001245126199", payout)


class Miner:
    """Mines one block every BLOCK_INTERVAL seconds through the sandbox's test helper."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, headers={"Authorization": f"client_id {CLIENT_ID}"})
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        while not self.stopped.wait(BLOCK_INTERVAL):
            self.http.post("/v1/sandbox/blocks", content='{"count": 1}')

    def __enter__(self) -> Miner:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stopped.set()
        self.thread.join()
        self.http.close()


@dataclass
class Result:
    webhooks: bool
    exchanges: int
    confirmed: int
    state_changes: int
    counts: collections.Counter[str]
    seconds: float

    @property
    def requests(self) -> int:
        return sum(self.counts.values())

    def line(self) -> str:
        polls = self.counts["GET /v1/exchanges/{id}"]
        return (
            f"{'with webhooks   ' if self.webhooks else 'without webhooks'}  "
            f"{self.exchanges} exchanges ({self.confirmed} confirmed), "
            f"{self.state_changes} state changes, {self.requests} requests "
            f"({polls} polls) → {self.requests / self.exchanges:.2f} requests per exchange, "
            f"{polls / self.state_changes:.2f} polls per state change  [{self.seconds:.1f} s]"
        )


def run(webhooks: bool, exchanges: int) -> Result:
    config = SandboxConfig(settle_delay=SETTLE_DELAY, retry_base=1.0,
                           identification_threshold=Decimal("1000000.00"))
    counting = CountingTransport()
    with tempfile.TemporaryDirectory() as tmp, SandboxServer(config) as server, \
            Store(Path(tmp) / "bench.sqlite3") as store, \
            PocketClient(Environment.sandbox(server.url), CLIENT_ID) as setup, \
            PocketClient(Environment.sandbox(server.url), CLIENT_ID,
                         transport=counting) as tracked, \
            httpx.Client(base_url=server.url,
                         headers={"Authorization": f"client_id {CLIENT_ID}"}) as helpers:
        tracker = ExchangeTracker(tracked, store, webhooks=webhooks, base_interval=BASE_INTERVAL,
                                  confirmation_interval=BLOCK_INTERVAL, max_interval=4.0,
                                  watchdog_interval=600.0)
        receiver = None
        if webhooks:
            receiver = WebhookReceiver(store, SECRET, on_event=tracker.on_webhook).start()
            helpers.post("/v1/sandbox/webhooks", content=jsonio.dumps(
                {"url": receiver.url, "secret": SECRET})).raise_for_status()
        order = place_order(setup, store, order_request(setup))
        started = time.perf_counter()
        ids = []
        with tracker, Miner(server.url):
            for _ in range(exchanges):
                answer = helpers.post(f"/v1/sandbox/orders/{order.id}/transfers",
                                      content='{"amount": 50.00}')
                answer.raise_for_status()
                ids.append(answer.json()["id"])
                if not webhooks:
                    tracker.track(ids[-1])
            finished = tracker.wait_final(ids, timeout=60)
        seconds = time.perf_counter() - started
        if receiver is not None:
            receiver.stop()
        confirmed = sum(1 for i in ids if (s := store.get_exchange(i)) and s.state == "confirmed")
        if not finished:
            print("warning: not every exchange reached a final state in 60 s")
        changes = sum(len(store.timeline(i)) for i in ids)
        return Result(webhooks, exchanges, confirmed, changes, counting.counts, seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--exchanges", type=int, default=20)
    args = parser.parse_args()
    print(f"settle delay {SETTLE_DELAY} s, block every {BLOCK_INTERVAL} s, "
          f"base poll interval {BASE_INTERVAL} s, confirmation interval {BLOCK_INTERVAL} s")
    results = [run(True, args.exchanges), run(False, args.exchanges)]
    for result in results:
        print(result.line())
        print("    " + ", ".join(f"{route}: {n}" for route, n in sorted(result.counts.items())))
    with_hooks = results[0]
    per_change = with_hooks.counts["GET /v1/exchanges/{id}"] / with_hooks.state_changes
    verdict = "met" if per_change <= 1 else "NOT met"
    print(f"goal (with webhooks, at most one poll per state change): {verdict}")
    return 0 if with_hooks.confirmed == with_hooks.exchanges else 1


if __name__ == "__main__":
    raise SystemExit(main())
