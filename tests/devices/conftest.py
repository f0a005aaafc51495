"""Fixtures: a simulated Trezor on a free port (or on HWI's probe port, one test at a time)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pocketgui.devices import HwiDevices, HwiWallet, Timeouts
from pocketgui.devices.simulator import DEFAULT_PORT, SimulatedTrezor, hold_port

# Short enough that a failing test fails fast, long enough for a loaded CI machine.
TEST_TIMEOUTS = Timeouts(enumerate=60.0, read=10.0, person=10.0, probe=5.0)


@pytest.fixture
def sim() -> Iterator[SimulatedTrezor]:
    with SimulatedTrezor(port=0) as simulator:
        yield simulator


@pytest.fixture
def devices() -> Iterator[HwiDevices]:
    with HwiDevices(allow_emulators=True, timeouts=TEST_TIMEOUTS) as manager:
        yield manager


@pytest.fixture
def wallet(devices: HwiDevices, sim: SimulatedTrezor) -> HwiWallet:
    return devices.open_path("trezor", sim.path)


@pytest.fixture
def default_port() -> Iterator[int]:
    """Hold HWI's emulator port 21324 for this test, across processes."""
    with hold_port(DEFAULT_PORT) as port:
        yield port
