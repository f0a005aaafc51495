"""A real demo (sandbox + simulated Trezor over real sockets) in a temporary directory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pocketgui.devices.simulator import positions
from pocketgui.flow import PurchaseFlow
from pocketgui.flow.demo import DEMO_PIN, Demo, start_demo

IBAN = "DE75512108001245126199"


@pytest.fixture
def demo_factory(tmp_path: Path) -> Iterator[Callable[..., Demo]]:
    started: list[Demo] = []

    def start(**options: Any) -> Demo:
        options.setdefault("sandbox_db", ":memory:")
        options.setdefault("settle_delay", 0.0)
        demo = start_demo(tmp_path / f"demo{len(started)}", **options)
        started.append(demo)
        return demo

    yield start
    for demo in started:
        demo.close()


@pytest.fixture
def demo(demo_factory: Callable[..., Demo]) -> Demo:
    return demo_factory()


def unlock(flow: PurchaseFlow, demo: Demo) -> None:
    """Connect the demo device and enter its PIN the way a person reads the keypad."""
    flow.choose_device(flow.find_devices()[0])
    if flow.show_pin_keypad():  # False: still unlocked from earlier
        matrix = demo.simulator.pin_matrix()
        assert matrix is not None
        flow.send_pin(positions(DEMO_PIN, matrix))
    flow.read_wallet()


def through_payment(flow: PurchaseFlow, demo: Demo, currency: str = "EUR") -> None:
    """Every step up to Review, the person confirming everything on the device."""
    unlock(flow, demo)
    flow.next()
    flow.show_address()
    flow.next()
    flow.sign()
    flow.next()
    flow.set_payment(currency=currency, iban=IBAN)
    flow.next()
