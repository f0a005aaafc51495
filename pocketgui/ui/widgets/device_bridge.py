"""Demo only: screens of the simulated device, carried from its thread to the UI thread.

Its own module (Qt core only) because it is made right after the first paint, before the demo
starts: importing the simulator there would stall the window.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ScreenBridge(QObject):
    """Thread-safe: emitted from the simulator's thread, delivered on the UI thread."""

    shown = Signal(object)  # devices.simulator.Screen: whatever the device displays
    asked = Signal(object)  # Screen: the device waits for Confirm / Reject
