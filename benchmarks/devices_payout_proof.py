"""Payout proof and device enumeration against the simulated Trezor, through real HWI.

Prints the median of N runs of the whole payout proof (account key, local derivation, address
shown on the device, challenge signed, local verification; the scripted person confirms at
once, so no waiting is counted) — cold (a new HWI client, as on the first proof after the
device was picked) and warm (same client) — and HWI's enumerate: USB only, and with emulators
probed, without and with the simulator on the emulator port 21324. Goal: proof under 1 s.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

from pocketgui.bitcoin import Network
from pocketgui.devices import Account, HwiDevices, prove_payout
from pocketgui.devices.simulator import DEFAULT_PORT, SimulatedTrezor, hold_port

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
GOAL = 1.0


def median_ms(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def bench_proof() -> float:
    account = Account(network=Network.REGTEST)
    with SimulatedTrezor(port=0) as sim, HwiDevices() as devices:
        wallet = devices.open_path("trezor", sim.path)
        prove_payout(wallet, account, "warmup")  # imports, caches

        def cold() -> None:
            with HwiDevices() as fresh:
                prove_payout(fresh.open_path("trezor", sim.path), account, "7v7t4Fmb")

        cold_ms = median_ms(cold, RUNS)
        warm_ms = median_ms(lambda: prove_payout(wallet, account, "7v7t4Fmb"), RUNS)
    print(f"payout proof, cold (new HWI client): median {cold_ms:7.1f} ms over {RUNS} runs")
    print(f"payout proof, warm (same client):    median {warm_ms:7.1f} ms over {RUNS} runs")
    return cold_ms / 1000


def bench_enumerate() -> None:
    runs = max(3, RUNS // 4)
    with HwiDevices() as real_only:
        first = median_ms(real_only.enumerate, 1)  # imports every device module once
        print(f"enumerate, first in the process:    {first:7.1f} ms (imports HWI's device modules)")
        plain = median_ms(real_only.enumerate, runs)
        print(f"enumerate, USB only (the default):  median {plain:7.1f} ms over {runs} runs")
    # the tests use the emulator port too: take it in turn
    with hold_port(DEFAULT_PORT), HwiDevices(allow_emulators=True) as devices:
        without = median_ms(devices.enumerate, runs)
        print(f"enumerate, emulators, none running: median {without:7.1f} ms over {runs} runs")
        try:
            sim = SimulatedTrezor(port=DEFAULT_PORT).start()
        except OSError as exc:
            print(f"enumerate with the simulator: skipped, port {DEFAULT_PORT} busy ({exc})")
            return
        try:
            found = [d for d in devices.enumerate() if d.path == sim.path]
            assert found and found[0].fingerprint == sim.fingerprint(), found
            with_sim = median_ms(devices.enumerate, runs)
        finally:
            sim.stop()
        label = f"enumerate, simulator on {DEFAULT_PORT}:"
        print(f"{label:<36} median {with_sim:7.1f} ms over {runs} runs")


def main() -> int:
    proof_s = bench_proof()
    bench_enumerate()
    verdict = "meets" if proof_s < GOAL else "MISSES"
    print(f"payout proof {verdict} the {GOAL:g} s goal")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
