"""The lightning demo in the real app (offscreen): the longest UI-thread stall and peak memory.

    python benchmarks/lightning_flow.py [--rounds 3] [--strict] [--why]

`benchmarks/demo_flow.py --lightning`: the same heartbeat and goals, over the lightning script
of tests/e2e/driver.py — welcome → node key → the node's signature checked here → order →
transfer → an invoice of the demo node paid, its preimage checked → a second purchase paid out
by a new channel.
"""

from __future__ import annotations

import sys

from demo_flow import main  # benchmarks/ is the script's folder, first on sys.path

if __name__ == "__main__":
    raise SystemExit(main(["--lightning", *sys.argv[1:]]))
