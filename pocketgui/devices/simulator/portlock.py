"""Take turns on HWI's emulator port across processes.

HWI's enumerate looks for a Trezor emulator only at 127.0.0.1:21324, so everything that needs
enumerate to find the simulator (tests, benchmarks, the demo) must use that one port. Holding
this file lock while the simulator runs there keeps two of them from clashing.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from pocketgui.devices.simulator.server import DEFAULT_PORT


@contextmanager
def hold_port(port: int = DEFAULT_PORT) -> Iterator[int]:
    """Block until no other holder of `port` is left; yields the port."""
    path = os.path.join(tempfile.gettempdir(), f"pocketgui-devsim-{port}.lock")
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield port
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
