"""The devices the contract suite runs on: the simulator, and the real firmware emulators when
their binaries are here (tests/devices/emulators/build.sh builds them; CI has none, so those
backends skip).

Each backend starts a fresh device loaded with the test mnemonic, opens it through the app's
own HwiDevices, and says how to read what the device showed while signing and how to make the
person reject, the way HWI's test suite drives the same emulators:
- Trezor One and KeepKey: the wallet's HWI client is trezorlib's TrezorClientDebugLink, whose UI
  presses "yes" through the debug link on every ButtonRequest; the backend records each
  ButtonRequest (and the firmware's screen buffer) and presses yes or no itself, and keeps the
  firmware's answers (MessageSignature.address is the address the screen named);
- Coldcard: HWI presses its "y" key over the simulator socket; the backend reads the story on
  the screen just before (the simulator's EXEC test command) and presses "x" to reject.

Where the binaries are: POCKETGUI_EMU (default /work/emu), laid out as build.sh leaves them.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pocketgui.bitcoin import Network
from pocketgui.devices import Account, HwiDevices, HwiWallet
from pocketgui.devices.simulator import DEFAULT_MNEMONIC, SimulatedTrezor, hold_port
from pocketgui.devices.simulator.answers import PATH_WARNING, SIGNED_BY

EMU = Path(os.environ.get("POCKETGUI_EMU", "/work/emu"))
TREZOR_ELF = EMU / "trezor-firmware/legacy/firmware/trezor.elf"
COLDCARD_UNIX = EMU / "coldcard/unix"
COLDCARD_PYTHON = EMU / "venv-coldcard/bin/python"
KEEPKEY_EMU = EMU / "keepkey-firmware/bin/kkemu"
CKCC_SOCKET = "/tmp/ckcc-simulator.sock"
CKCC_LOCK = 0  # no UDP port: the Coldcard simulator's fixed socket takes the lock named 0
SCREENSHOTS = os.environ.get("POCKETGUI_EMULATOR_SCREENS", "")  # save the OLED screens here


@dataclass
class SigningView:
    """What the device showed while it signed, read from the device itself."""

    warned: bool = False  # a path warning came first
    signed_for: str = ""  # the address the signing screen named
    shown: list[str] = field(default_factory=list)  # what the screens said, in order


class Backend:
    name = ""
    device_type = "trezor"
    pin_matrix = True  # the PIN is entered as positions of a scrambled keypad, on the host
    host_passphrase = True  # the passphrase is typed on the host
    network = Network.TESTNET

    def available(self) -> str:
        """"" when it can run here, else why not (the skip reason)."""
        return ""

    def start(self, pin: str = "", passphrase: bool = False) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def power_cycle(self) -> None:
        """Unplug and plug in again: a device with a PIN is locked again."""
        raise NotImplementedError

    def unplug(self) -> None:
        raise NotImplementedError

    @property
    def path(self) -> str:
        raise NotImplementedError

    def open(self, devices: HwiDevices) -> HwiWallet:
        return devices.open_path(self.device_type, self.path)

    def pin_positions(self, pin: str) -> str:
        """What the person clicks for `pin` on the keypad the device shows now."""
        raise NotImplementedError

    @contextmanager
    def watching(self, wallet: HwiWallet, account: Account, reject: bool = False
                 ) -> Iterator[SigningView]:
        """Record what the device shows during the block; press reject instead of confirm."""
        raise NotImplementedError
        yield SigningView()


def hwi_client(wallet: HwiWallet, account: Account) -> Any:
    """The HWI client the wallet will use for `account` (connected on its chain). The
    wallet's own attribute: a test needs the debug link under it, the app never does."""
    wallet.account_key(account)
    return wallet._client


# ----- the simulator ---------------------------------------------------------------------------
class Simulator(Backend):
    name = "simulator"

    def __init__(self) -> None:
        self.sim: SimulatedTrezor | None = None

    def start(self, pin: str = "", passphrase: bool = False) -> None:
        self.sim = SimulatedTrezor(port=0, pin=pin or None,
                                   passphrase="" if passphrase else None).start()

    def stop(self) -> None:
        if self.sim is not None:
            self.sim.stop()

    def power_cycle(self) -> None:
        assert self.sim is not None
        self.sim.disconnect()
        self.sim.reconnect()

    def unplug(self) -> None:
        assert self.sim is not None
        self.sim.disconnect()

    @property
    def path(self) -> str:
        assert self.sim is not None
        return self.sim.path

    def pin_positions(self, pin: str) -> str:
        from pocketgui.devices.simulator import positions

        assert self.sim is not None
        return positions(pin, self.sim.pin_matrix() or "")

    @contextmanager
    def watching(self, wallet: HwiWallet, account: Account, reject: bool = False
                 ) -> Iterator[SigningView]:
        assert self.sim is not None
        person = self.sim.person
        before = len(person.screens)
        if reject:
            person.reject()
        view = SigningView()
        try:
            yield view
        finally:
            person.confirm()
            for screen in person.screens[before:]:
                view.shown.append(f"{screen.title}: {screen.text}")
                view.warned |= screen == PATH_WARNING
                if screen.title == SIGNED_BY:
                    view.signed_for = screen.text


# ----- the Trezor One and KeepKey firmware emulators (UDP, debug link) ------------------------
def _wait_for_udp(port: int, process: subprocess.Popen[bytes], seconds: float = 20) -> None:
    """The emulators answer PINGPING with PONGPONG once they listen (HWI's wait loop)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.connect(("127.0.0.1", port))
    probe.settimeout(0.1)
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"emulator exited with {process.returncode}")
            try:
                probe.send(b"PINGPING")
                if probe.recv(8) == b"PONGPONG":
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"no emulator on UDP {port} after {seconds:g} s")
    finally:
        probe.close()


def _stop_process(process: subprocess.Popen[bytes] | None, how: int = signal.SIGTERM) -> None:
    """kkemu ignores SIGTERM: it gets SIGKILL after a moment."""
    if process is not None and process.poll() is None:
        process.send_signal(how)
        try:
            process.wait(3)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


class TrezorFamilyEmulator(Backend):
    """A Trezor-protocol firmware emulator on a fixed UDP port (wire PORT, debug link PORT+1)."""

    binary = Path()
    port = 0
    button_names: dict[int, str] = {}  # the firmware's own names, where not trezorlib's
    env: dict[str, str] = {}

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.state_dir = Path(tempfile.gettempdir()) / f"pocketgui-{self.name}-{os.getpid()}"
        self._lock: Any = None
        self._saved = 0

    def available(self) -> str:
        return "" if self.binary.is_file() else f"no {self.name} at {self.binary} (build.sh)"

    @property
    def path(self) -> str:
        return f"udp:127.0.0.1:{self.port}"

    def _launch(self) -> None:
        # the emulator keeps its flash in emulator.img next to where it runs
        self.process = subprocess.Popen(
            [str(self.binary)], cwd=self.state_dir, env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_udp(self.port, self.process)

    def start(self, pin: str = "", passphrase: bool = False) -> None:
        self._lock = hold_port(self.port)
        self._lock.__enter__()
        shutil.rmtree(self.state_dir, ignore_errors=True)  # a device never set up
        self.state_dir.mkdir(parents=True)
        try:
            self._launch()
            self._load_and_lock(pin, passphrase)
        except BaseException:
            self.stop()
            raise

    def _load_and_lock(self, pin: str, passphrase: bool) -> None:
        client = self._debug_client()
        try:
            self._load(client, pin, passphrase)
        finally:
            client.close()
        self.power_cycle()  # from its flash, as a device that was set up before

    def _debug_client(self) -> Any:
        from hwilib.devices.trezorlib.debuglink import TrezorClientDebugLink
        from hwilib.devices.trezorlib.transport.udp import UdpTransport

        return TrezorClientDebugLink(UdpTransport(f"127.0.0.1:{self.port}"))

    def _load(self, client: Any, pin: str, passphrase: bool) -> None:
        from hwilib.devices.trezorlib import device
        from hwilib.devices.trezorlib.debuglink import load_device_by_mnemonic

        client.init_device()
        if client.features.initialized:
            device.wipe(client)
        load_device_by_mnemonic(client, DEFAULT_MNEMONIC, pin=pin,
                                passphrase_protection=passphrase, label="pocketgui test")

    def stop(self) -> None:
        _stop_process(self.process)
        self.process = None
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None
        shutil.rmtree(self.state_dir, ignore_errors=True)

    def power_cycle(self) -> None:
        _stop_process(self.process)
        self._launch()

    def unplug(self) -> None:
        _stop_process(self.process, signal.SIGKILL)

    def pin_positions(self, pin: str) -> str:
        from hwilib.devices.trezorlib.debuglink import DebugLink
        from hwilib.devices.trezorlib.transport.udp import UdpTransport

        debug = DebugLink(UdpTransport(f"127.0.0.1:{self.port}").find_debug())
        debug.open()
        try:
            return str(debug.encode_pin(pin))
        finally:
            debug.close()

    @contextmanager
    def watching(self, wallet: HwiWallet, account: Account, reject: bool = False
                 ) -> Iterator[SigningView]:
        from hwilib.devices.trezorlib import messages as m

        client = hwi_client(wallet, account).client  # trezorlib's TrezorClientDebugLink
        view = SigningView()
        debug, ui = client.debug, client.ui
        press = ui.button_request

        def button_request(request: Any) -> None:
            code = int(request.code)  # KeepKey has codes of its own (28: SignMessage)
            name = self.button_names.get(code) or m.ButtonRequestType(code).name
            view.shown.append(f"ButtonRequest {name}")
            view.warned |= name == "UnknownDerivationPath"
            self._save_screen(debug.state().layout, len(view.shown))
            if reject:
                debug.press_no()
            else:
                press(request)

        ui.button_request = button_request
        client.actual_responses = []  # TrezorClientDebugLink keeps every answer read
        try:
            yield view
        finally:
            ui.button_request = press
            answers, client.actual_responses = client.actual_responses, None
            for answer in answers:
                if isinstance(answer, m.MessageSignature):
                    view.signed_for = str(answer.address)

    def _save_screen(self, layout: bytes | None, number: int) -> None:
        """The 128×64 OLED buffer as a PNG, for a person to look at (POCKETGUI_EMULATOR_SCREENS)."""
        if not SCREENSHOTS or not layout or len(layout) != 1024:
            return
        from PIL import Image

        image = Image.new("1", (128, 64))
        for y in range(64):
            for x in range(128):
                # legacy/firmware oled.c: OLED_OFFSET and OLED_MASK
                on = layout[1023 - x - (y // 8) * 128] & (1 << (7 - y % 8))
                image.putpixel((x, y), 1 if on else 0)
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        self._saved += 1
        image.resize((512, 256)).save(folder / f"{self.name}-{self._saved:03d}-{number}.png")


class TrezorOneEmulator(TrezorFamilyEmulator):
    name = "trezor-one-emulator"
    binary = TREZOR_ELF
    port = 21324
    env = {"SDL_VIDEODRIVER": "dummy"}


class KeepKeyEmulator(TrezorFamilyEmulator):
    name = "keepkey-emulator"
    device_type = "keepkey"
    binary = KEEPKEY_EMU
    port = 11044
    # keepkey/device-protocol types.proto: ButtonRequestType
    button_names = {1: "Other", 7: "ProtectCall", 10: "Address", 28: "SignMessage"}
    _pin, _passphrase = "", False
    _mapping: tuple[dict[int, Any], dict[Any, int]] | None = None

    def _debug_client(self) -> Any:
        """trezorlib with KeepKey's own Features/DebugLinkState messages (as HWI's tests)."""
        from hwilib.devices.keepkey import (
            KeepkeyDebugLinkState,
            KeepkeyFeatures,
            KeepkeyResetDevice,
        )
        from hwilib.devices.trezorlib.debuglink import TrezorClientDebugLink
        from hwilib.devices.trezorlib.mapping import DEFAULT_MAPPING
        from hwilib.devices.trezorlib.models import TrezorModel
        from hwilib.devices.trezorlib.transport.udp import UdpTransport

        model = TrezorModel(name="K1-14M", internal_name="keepkey_emu",
                            minimum_version=(0, 0, 0), vendors=("keepkey.com",), usb_ids=(),
                            default_mapping=DEFAULT_MAPPING)
        for message in (KeepkeyFeatures, KeepkeyResetDevice, KeepkeyDebugLinkState):
            model.default_mapping.register(message)
        return TrezorClientDebugLink(UdpTransport(f"127.0.0.1:{self.port}"), model=model)

    def start(self, pin: str = "", passphrase: bool = False) -> None:
        from hwilib.devices.trezorlib.mapping import DEFAULT_MAPPING

        # HWI's KeepkeyClient (and HWI's tests) register KeepKey's Features and DebugLinkState
        # in trezorlib's one global message table: from then on a Trezor's Features decode as
        # KeepKey's, which lack session_id. Put the table back when done (see stop()).
        self._mapping = (dict(DEFAULT_MAPPING.type_to_class),
                         dict(DEFAULT_MAPPING.class_to_type_override))
        super().start(pin, passphrase)

    def stop(self) -> None:
        from hwilib.devices.trezorlib.mapping import DEFAULT_MAPPING

        super().stop()
        if self._mapping is not None:
            types, overrides = self._mapping
            DEFAULT_MAPPING.type_to_class.clear()
            DEFAULT_MAPPING.type_to_class.update(types)
            DEFAULT_MAPPING.class_to_type_override.clear()
            DEFAULT_MAPPING.class_to_type_override.update(overrides)
            self._mapping = None

    def _load_and_lock(self, pin: str, passphrase: bool) -> None:
        """kkemu 7.9.3 does not read its seed back from emulator.img after a restart (the
        firmware answers NotInitialized), so it is locked as its host would lock it:
        ClearSession (LockDevice's message id) forgets the PIN and passphrase."""
        from hwilib.devices.trezorlib import messages as m

        self._pin, self._passphrase = pin, passphrase
        client = self._debug_client()
        try:
            self._load(client, pin, passphrase)
            client.open()  # trezorlib's calls open and close the transport around each
            client.call_raw(m.LockDevice())
        finally:
            client.close()

    def power_cycle(self) -> None:
        super().power_cycle()
        client = self._debug_client()  # set up again (see _load_and_lock)
        try:
            self._load(client, self._pin, self._passphrase)
        finally:
            client.close()

    def _save_screen(self, layout: bytes | None, number: int) -> None:
        return None  # KeepKey's layout is another display; its answers say what it signed


# ----- the Coldcard simulator (Unix socket, test commands) -------------------------------------
class ColdcardSimulator(Backend):
    name = "coldcard-emulator"
    device_type = "coldcard"
    pin_matrix = False  # PIN and passphrase are entered on the device
    host_passphrase = False

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self._lock: Any = None

    def available(self) -> str:
        if not (COLDCARD_UNIX / "coldcard-mpy").exists() or not COLDCARD_PYTHON.exists():
            return f"no Coldcard simulator at {COLDCARD_UNIX} (build.sh)"
        return ""

    @property
    def path(self) -> str:
        return CKCC_SOCKET

    def start(self, pin: str = "", passphrase: bool = False) -> None:
        if pin or passphrase:
            raise ValueError("a Coldcard takes its PIN and passphrase on the device")
        self._lock = hold_port(CKCC_LOCK)
        self._lock.__enter__()
        try:
            self._launch()
        except BaseException:
            self.stop()
            raise

    def _launch(self) -> None:
        Path(CKCC_SOCKET).unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [str(COLDCARD_PYTHON), "simulator.py", "--headless", "--seed", DEFAULT_MNEMONIC],
            cwd=COLDCARD_UNIX, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)  # its micropython child goes with it
        deadline = time.monotonic() + 60
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Coldcard simulator did not start")
            time.sleep(0.3)

    def _answers(self) -> bool:
        from hwilib.devices.ckcc.client import ColdcardDevice

        if not Path(CKCC_SOCKET).exists():
            return False
        try:
            device = ColdcardDevice(sn=CKCC_SOCKET)
        except Exception:  # not listening yet
            return False
        device.close()
        return True

    def _kill(self, how: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, how)
            self.process.wait(10)
        Path(CKCC_SOCKET).unlink(missing_ok=True)

    def stop(self) -> None:
        self._kill()
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None

    def power_cycle(self) -> None:
        self._kill()
        self._launch()

    def unplug(self) -> None:
        self._kill(signal.SIGKILL)

    @contextmanager
    def watching(self, wallet: HwiWallet, account: Account, reject: bool = False
                 ) -> Iterator[SigningView]:
        device = hwi_client(wallet, account).device  # ckcc's ColdcardDevice
        send = device.send_recv
        view = SigningView()

        def send_recv(message: bytes, **kwargs: Any) -> Any:
            if message.startswith(b"smsg"):  # a signing request: forget the last story
                send(b"EXEC" + b"sim_display.story = None")
            if message.startswith(b"XKEY"):  # HWI presses a key: read the screen first
                story = _story(send)
                view.shown.append(story)
                view.warned |= "WARNING" in story.upper()
                view.signed_for = _signing_address(story)
                if reject:
                    message = b"XKEYx"
            return send(message, **kwargs)

        device.send_recv = send_recv
        try:
            yield view
        finally:
            device.send_recv = send


def _signing_address(story: str) -> str:
    """"Using the key associated with address: / PATH => / ADDRESS" → ADDRESS."""
    lines = [line.strip("\x02 ") for line in story.splitlines() if line.strip()]
    for before, line in itertools.pairwise(lines):
        if before.endswith("=>"):
            return line
    return ""


def _story(send: Callable[..., Any], tries: int = 30) -> str:
    """The story the Coldcard shows now (its simulator's EXEC test command)."""
    for _ in range(tries):
        story = send(b"EXEC" + b"RV.write(chr(0).join(sim_display.story or []))")
        if story:
            return str(story, "utf8").split("\0", 1)[-1]
        time.sleep(0.1)  # the story is drawn a moment after the request
    return ""


BACKENDS: list[type[Backend]] = [Simulator, TrezorOneEmulator, ColdcardSimulator, KeepKeyEmulator]
