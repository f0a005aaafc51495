"""`SimulatedTrezor`: the firmware of device.py behind the UDP transport of Trezor's emulator.

Like the real emulator it listens on two UDP ports: the wire link on PORT and the debug link on
PORT+1 (HWI opens a debug link to every `udp:` device and sends DebugLinkDecision there to press
buttons itself). Those decisions are recorded and ignored: on this simulator the scripted person
decides, so a test can make them reject or take their time.

Replies go to the peer that sent the last protocol message, as on the emulator; `PINGPING` is
answered to whoever sent it. One thread serves both sockets with select(); a socketpair wakes it
for a clean stop.
"""

from __future__ import annotations

import logging
import select
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from types import TracebackType

from hwilib.devices.trezorlib import messages as m

from pocketgui.devices.simulator import keys, wire
from pocketgui.devices.simulator.device import DeviceConfig, TrezorFirmware
from pocketgui.devices.simulator.person import Screen, ScriptedPerson

log = logging.getLogger(__name__)
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 21324  # where HWI and trezorlib look for an emulator
_Peer = tuple[str, int]


class SimulatedTrezor:
    """A Trezor on UDP that HWI and trezorlib talk to as to Trezor's own emulator.

    `pin` set → the device is PIN-locked at power-on (model "1": host-side PIN matrix).
    `passphrase` set → passphrase protection is on (model "1": entry on the host); the device
    accepts any passphrase, like a real one, and `passphrase` is the one the person uses, for
    `fingerprint`. Without either the device reports model "T".
    """

    def __init__(
        self,
        port: int = DEFAULT_PORT,
        mnemonic: str = keys.DEFAULT_MNEMONIC,
        pin: str | None = None,
        passphrase: str | None = None,
        *,
        host: str = DEFAULT_HOST,
        label: str = "pocketgui simulator",
        model: str | None = None,
        on_screen: Callable[[Screen], None] | None = None,
    ) -> None:
        if model is None:
            model = "1" if (pin is not None or passphrase is not None) else "T"
        self.person = ScriptedPerson()
        self.passphrase = passphrase
        self.firmware = TrezorFirmware(
            DeviceConfig(
                mnemonic=mnemonic,
                pin=pin,
                passphrase_protection=passphrase is not None,
                label=label,
                model=model,
            ),
            self.person,
            on_screen,
        )
        self.host = host
        self._requested_port = port
        self.port = port
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._sockets: tuple[socket.socket, socket.socket] | None = None
        self._wake: tuple[socket.socket, socket.socket] | None = None
        self._stopping = threading.Event()
        self._peer: _Peer | None = None
        # names of the protobuf messages the host sent; buttons HWI tried to press itself
        self.received: deque[str] = deque(maxlen=1000)
        self.debug_decisions: deque[bool | None] = deque(maxlen=1000)

    # ----- lifecycle ---------------------------------------------------------------------------
    @property
    def path(self) -> str:
        """HWI's device path: `hwilib.commands.get_client("trezor", sim.path)`."""
        return f"udp:{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> SimulatedTrezor:
        """Bind both ports and serve in a thread; returns once packets are accepted."""
        if self._thread is not None:
            return self
        self._sockets = self._bind(self._requested_port)
        self.port = self._sockets[0].getsockname()[1]
        self._requested_port = self.port  # a reconnect comes back on the same port
        self._wake = socket.socketpair()
        self._stopping.clear()
        self._thread = threading.Thread(target=self._serve, name=f"devsim:{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the sockets (idempotent)."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stopping.set()
        assert self._wake is not None
        self._wake[1].send(b"x")
        thread.join(timeout=5)
        for sock in (*(self._sockets or ()), *(self._wake or ())):
            sock.close()
        self._sockets = self._wake = None

    def disconnect(self) -> None:
        """The device goes away (unplugged): nothing answers any more, not even PINGPING."""
        self.stop()
        with self._lock:
            self.firmware.power_on()

    def reconnect(self) -> None:
        """Plug it back in on the same port: powered on again, so locked if it has a PIN."""
        self.start()

    def __enter__(self) -> SimulatedTrezor:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ----- what a test may look at -------------------------------------------------------------
    def pin_matrix(self) -> str | None:
        """The scrambled keypad while a PIN is asked (see `positions`), else None."""
        with self._lock:
            return self.firmware.pin_matrix

    def lock(self) -> None:
        """Lock the device again (as its auto-lock would)."""
        with self._lock:
            self.firmware.lock()

    @property
    def signed(self) -> list[bytes]:
        """Every message signature the device handed out."""
        with self._lock:
            return list(self.firmware.signed)

    def fingerprint(self, passphrase: str | None = None) -> str:
        """Master key fingerprint (hex) for `passphrase` (default: the person's)."""
        phrase = passphrase if passphrase is not None else (self.passphrase or "")
        return keys.root_key(self.firmware.mnemonic, phrase).my_fingerprint.hex()

    # ----- serving -----------------------------------------------------------------------------
    def _bind(self, port: int) -> tuple[socket.socket, socket.socket]:
        """Wire socket on `port` and debug socket on port+1; port 0 finds a free pair."""
        for _ in range(50):
            main = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            debug = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                main.bind((self.host, port))
                debug.bind((self.host, main.getsockname()[1] + 1))
                return main, debug
            except OSError:
                main.close()
                debug.close()
                if port != 0:
                    raise
        raise OSError("no free pair of UDP ports")

    def _serve(self) -> None:
        assert self._sockets is not None and self._wake is not None
        main, debug = self._sockets
        wake = self._wake[0]
        assemblers: dict[tuple[socket.socket, _Peer], wire.Reassembler] = {}
        while not self._stopping.is_set():
            with self._lock:
                deadline = self.firmware.next_deadline()
            timeout = 0.5 if deadline is None else max(0.0, min(0.5, deadline - time.monotonic()))
            readable, _, _ = select.select([main, debug, wake], [], [], timeout)
            for sock in readable:
                if sock is wake:
                    continue
                try:
                    data, peer = sock.recvfrom(wire.PACKET_SIZE)
                except OSError:
                    continue
                if data == wire.PING:
                    sock.sendto(wire.PONG, peer)
                    continue
                if len(data) != wire.PACKET_SIZE:
                    continue
                assembler = assemblers.setdefault((sock, peer), wire.Reassembler())
                if len(assemblers) > 256:  # forget peers long gone (each HWI session is one)
                    assemblers = {(sock, peer): assembler}
                complete = assembler.feed(data)
                if complete is not None:
                    handler = self._on_message if sock is main else self._on_debug
                    handler(sock, peer, wire.decode(*complete))
            with self._lock:
                late = self.firmware.due(time.monotonic())
                peer_now = self._peer
            if late is not None and peer_now is not None:
                self._send(main, peer_now, late)

    def _on_message(self, sock: socket.socket, peer: _Peer, msg: wire.Message | None) -> None:
        with self._lock:
            self._peer = peer
            self.received.append(type(msg).__name__ if msg is not None else "Unknown")
            try:
                reply = self.firmware.receive(msg, time.monotonic())
            except Exception as exc:  # a simulator bug must not silence the device
                log.exception("simulated firmware failed")
                reply = m.Failure(code=m.FailureType.FirmwareError, message=str(exc))
        if reply is not None:
            self._send(sock, peer, reply)

    def _on_debug(self, sock: socket.socket, peer: _Peer, msg: wire.Message | None) -> None:
        if isinstance(msg, m.DebugLinkDecision):
            with self._lock:
                self.debug_decisions.append(msg.yes_no)
            if msg.wait:
                self._send(sock, peer, m.DebugLinkLayout(lines=[]))
        elif isinstance(msg, m.DebugLinkGetState):
            with self._lock:
                matrix = self.firmware.pin_matrix
            self._send(sock, peer, m.DebugLinkState(matrix=matrix, layout_lines=[]))

    @staticmethod
    def _send(sock: socket.socket, peer: _Peer, message: wire.Message) -> None:
        for packet in wire.encode(message):
            try:
                sock.sendto(packet, peer)
            except OSError:
                return
