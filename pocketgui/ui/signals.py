"""Every app-wide signal, declared in one place and named after what happened.

One `AppSignals` instance is created by the app and handed to each window and page; nothing
reaches it through a global. A widget that connects to it from a slot of a short-lived object
registers the connection in a `Connections` so that `disconnect_all()` on close leaves no
dangling slots behind (the Bitcoin Safe way).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance


class AppSignals(QObject):
    environment_changed = Signal(object)  # ui.modes.Mode: where the person buys
    device_connected = Signal(object)  # a devices-layer device description
    device_disconnected = Signal(object)
    wallet_address_confirmed = Signal(str)  # the person saw it on the device's screen
    ownership_proved = Signal(object)  # the challenge, signed and verified locally
    order_intent_saved = Signal(object)  # persisted before the POST
    order_created = Signal(object)  # the order, its echo checked
    order_deactivated = Signal(str)  # order id
    payment_instructions_ready = Signal(object)  # payments.PaymentInstructions
    exchange_updated = Signal(object)  # an exchange changed state (executed, settled, …)
    payout_verified = Signal(object)  # a payout went to an address of the person's wallet
    payout_mismatch = Signal(object)  # …or did not: stop and show the evidence
    heavy_modules_loaded = Signal()  # the post-first-paint warm-up is done


class Connections:
    """Connections made by one window, undone together when it closes."""

    def __init__(self) -> None:
        self._made: list[tuple[SignalInstance, Callable[..., Any]]] = []

    def connect(self, signal: SignalInstance, slot: Callable[..., Any]) -> None:
        signal.connect(slot)
        self._made.append((signal, slot))

    def disconnect_all(self) -> None:
        while self._made:
            signal, slot = self._made.pop()
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):  # already gone with its object
                pass
