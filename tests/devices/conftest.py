"""Fixtures: a simulated Trezor on a free port (or on HWI's probe port, one test at a time)."""

from __future__ import annotations

import fcntl
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pocketgui.devices import HwiDevices, HwiWallet, Timeouts
from pocketgui.devices.simulator import DEFAULT_PORT, SimulatedTrezor, hold_port

# Short enough that a failing test fails fast, long enough for a loaded CI machine.
TEST_TIMEOUTS = Timeouts(enumerate=60.0, read=10.0, person=10.0, probe=5.0)


_TURN = Path(tempfile.gettempdir()) / "pocketgui-hwi-emulators.lock"
_turns_held = 0  # this process's nesting depth (a module's emulator, then a test's enumerate)


@contextmanager
def emulators_turn() -> Iterator[None]:
    """HWI's enumerate probes every emulator's fixed port or socket, so on two pytest workers a
    test that enumerates talked to the other worker's KeepKey or Coldcard emulator (a refused
    request, a broken Coldcard frame). Such tests and the real emulators take turns across
    processes; nested in one process (a module's emulator, its tests) the turn is already held.
    """
    global _turns_held
    if _turns_held:
        _turns_held += 1
        try:
            yield
        finally:
            _turns_held -= 1
        return
    with open(_TURN, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        _turns_held = 1
        try:
            yield
        finally:
            _turns_held = 0
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture
def sim() -> Iterator[SimulatedTrezor]:
    with SimulatedTrezor(port=0) as simulator:
        yield simulator


@pytest.fixture
def devices() -> Iterator[HwiDevices]:
    with emulators_turn(), HwiDevices(allow_emulators=True, timeouts=TEST_TIMEOUTS) as manager:
        yield manager


@pytest.fixture
def wallet(devices: HwiDevices, sim: SimulatedTrezor) -> HwiWallet:
    return devices.open_path("trezor", sim.path)


@pytest.fixture
def default_port() -> Iterator[int]:
    """Hold HWI's emulator port 21324 for this test, across processes."""
    with emulators_turn(), hold_port(DEFAULT_PORT) as port:
        yield port
