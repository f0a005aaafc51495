"""A simulated Trezor speaking the Trezor wire protocol v1 over UDP, as Trezor's emulator does.

HWI (`hwilib`) and Trezor's own host library (`trezorlib`) talk to it with their real transport
and error handling, so the demo and every device test run real device code paths.

    with SimulatedTrezor(port=0) as sim:        # a free port; default 21324 (HWI's probe)
        client = hwilib.commands.get_client("trezor", sim.path)
        sim.person.reject()                      # the next confirmation is refused
"""

from pocketgui.devices.simulator.keys import DEFAULT_MNEMONIC
from pocketgui.devices.simulator.person import Screen, ScriptedPerson
from pocketgui.devices.simulator.portlock import hold_port
from pocketgui.devices.simulator.server import DEFAULT_PORT, SimulatedTrezor


def positions(pin: str, matrix: str) -> str:
    """What a person types on the host for `pin` given the device's scrambled keypad."""
    return "".join(str(matrix.index(digit) + 1) for digit in pin)


__all__ = [
    "DEFAULT_MNEMONIC",
    "DEFAULT_PORT",
    "Screen",
    "ScriptedPerson",
    "SimulatedTrezor",
    "hold_port",
    "positions",
]
