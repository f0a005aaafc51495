"""A person at a screen instead of a script: the demo's Confirm / Reject buttons.

`decide()` is called on the simulator's thread when the device wants a button press; it tells
the listener what the device shows and waits until `answer()` is called (from the UI), as a real
device waits for its button. After `timeout` seconds without an answer it rejects, as a device
that times out cancels.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from pocketgui.devices.simulator.person import Decision, Screen, ScriptedPerson


class InteractivePerson(ScriptedPerson):
    def __init__(self, on_ask: Callable[[Screen], None] | None = None,
                 timeout: float = 170.0) -> None:
        super().__init__()
        self.on_ask = on_ask
        self.timeout = timeout
        self._answered = threading.Event()
        self._confirm = False
        self.waiting: Screen | None = None

    def decide(self, screen: Screen) -> Decision:
        super().decide(screen)  # kept in `screens`
        self._answered.clear()
        self.waiting = screen
        if self.on_ask is not None:
            self.on_ask(screen)
        answered = self._answered.wait(self.timeout)
        self.waiting = None
        return Decision(confirm=answered and self._confirm, delay=0.0)

    def answer(self, confirm: bool) -> None:
        """The person pressed Confirm (True) or Reject (False)."""
        self._confirm = confirm
        self._answered.set()


def attach(sim: object, person: ScriptedPerson) -> None:
    """Put `person` at the simulated device: the server and its firmware ask them from now on."""
    sim.person = person  # type: ignore[attr-defined]
    sim.firmware.person = person  # type: ignore[attr-defined]
