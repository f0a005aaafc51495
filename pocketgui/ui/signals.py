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
    """Only news that one part of the app sends and another, not its owner, acts on: a signal
    nobody connects to is not declared here (a widget's own signals say the rest)."""

    environment_changed = Signal(object)  # ui.modes.Mode: main window → banner, window
    order_created = Signal(object)  # the order, its echo checked: wizard → dashboard


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
