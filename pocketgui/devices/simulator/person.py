"""The scripted person holding the simulated device: what they see and what they press.

Tests set the person's standing behaviour before an operation: confirm at once (the default),
reject, or look at the screen for some seconds and then confirm. Every screen the device asked
them to confirm is kept, so a test can check what was shown (the address, the message).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Screen:
    """One thing the device showed and asked the person to confirm."""

    title: str  # "Address", "Sign message", "Public key", "Ping"
    text: str  # the address, the message, the xpub


@dataclass(frozen=True)
class Decision:
    confirm: bool
    delay: float  # seconds the person takes before pressing


class ScriptedPerson:
    """Thread-safe: tests script it while the simulator thread asks it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._decision = Decision(confirm=True, delay=0.0)
        self._screens: list[Screen] = []

    def confirm(self) -> None:
        """From now on, press confirm at once."""
        self._set(Decision(confirm=True, delay=0.0))

    def reject(self) -> None:
        """From now on, press reject (the host gets a cancellation)."""
        self._set(Decision(confirm=False, delay=0.0))

    def wait(self, seconds: float) -> None:
        """From now on, look at the screen for `seconds`, then confirm."""
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        self._set(Decision(confirm=True, delay=float(seconds)))

    def decide(self, screen: Screen) -> Decision:
        """Called by the device when it shows `screen`."""
        with self._lock:
            self._screens.append(screen)
            return self._decision

    @property
    def screens(self) -> list[Screen]:
        with self._lock:
            return list(self._screens)

    def _set(self, decision: Decision) -> None:
        with self._lock:
            self._decision = decision
