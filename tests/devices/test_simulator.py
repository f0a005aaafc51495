"""The simulator at the wire: packets, probes, failures, lifecycle — without any host library."""

from __future__ import annotations

import ast
import socket
import subprocess
import sys

import pytest
from hwilib.devices.trezorlib import messages as m

from pocketgui.devices.simulator import SimulatedTrezor, positions, wire


class Host:
    """A bare protocol-v1 host on its own UDP socket."""

    def __init__(self, port: int) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.connect(("127.0.0.1", port))
        self.sock.settimeout(3)

    def call(self, message: object) -> object:
        for packet in wire.encode(message):
            self.sock.send(packet)
        return self.read()

    def read(self) -> object:
        assembler = wire.Reassembler()
        while True:
            done = assembler.feed(self.sock.recv(64))
            if done is not None:
                return wire.decode(*done)

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def host(sim: SimulatedTrezor):  # type: ignore[no-untyped-def]
    h = Host(sim.port)
    yield h
    h.close()


def test_framing_round_trip() -> None:
    payload = bytes(range(200))
    packets = wire.frame(38, payload)
    assert all(len(p) == 64 for p in packets) and packets[0][:3] == b"?##"
    assembler = wire.Reassembler()
    results = [assembler.feed(p) for p in packets]
    assert results[:-1] == [None] * (len(packets) - 1) and results[-1] == (38, payload)


def test_answers_the_emulator_probe(host: Host) -> None:
    host.sock.send(wire.PING)
    assert host.sock.recv(64) == wire.PONG


def test_unknown_message_is_a_proper_failure(host: Host) -> None:
    for packet in wire.frame(0x7FFF, b"\x01\x02"):
        host.sock.send(packet)
    reply = host.read()
    assert isinstance(reply, m.Failure) and reply.code == m.FailureType.UnexpectedMessage
    reply = host.call(m.WipeDevice())  # known to the protocol, not to this device
    assert isinstance(reply, m.Failure) and reply.code == m.FailureType.UnexpectedMessage


def test_cancel_and_ping(host: Host) -> None:
    reply = host.call(m.Cancel())
    assert isinstance(reply, m.Failure) and reply.code == m.FailureType.ActionCancelled
    reply = host.call(m.Ping(message="hello"))
    assert isinstance(reply, m.Success) and reply.message == "hello"


NATIVE_0 = [0x80000054, 0x80000001, 0x80000000, 0, 0]  # m/84h/1h/0h/0/0
WRAPPED_0 = [0x80000031, 0x80000001, 0x80000000, 0, 0]  # m/49h/1h/0h/0/0
LEGACY_0 = [0x8000002C, 0x80000001, 0x80000000, 0, 0]  # m/44h/1h/0h/0/0
SPEND = m.InputScriptType


def confirm_all(host: Host, reply: object) -> tuple[list[int], object]:
    """Press confirm on every screen, as the person does; the button codes seen, and the end."""
    codes = []
    while isinstance(reply, m.ButtonRequest):
        codes.append(reply.code)
        reply = host.call(m.ButtonAck())
    return codes, reply


def sign(
    host: Host, path: list[int], script_type: int, text: str = "hi"
) -> tuple[list[int], object]:
    request = m.SignMessage(
        address_n=path, message=text.encode(), coin_name="Testnet", script_type=script_type
    )
    return confirm_all(host, host.call(request))


def test_long_message_spans_packets(host: Host, sim: SimulatedTrezor) -> None:
    text = "I confirm my bitcoin wallet. [" + "x" * 300 + "]"
    _, reply = sign(host, NATIVE_0, SPEND.SPENDWITNESS, text)
    assert isinstance(reply, m.MessageSignature) and len(reply.signature) == 65
    assert sim.person.screens[-1].text == text


@pytest.mark.parametrize(
    ("path", "script_type", "address", "headers"),
    [
        (NATIVE_0, SPEND.SPENDWITNESS, "tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl", range(39, 43)),
        (WRAPPED_0, SPEND.SPENDP2SHWITNESS, "2Mww8dCYPUpKHofjgcXcBCEGmniw9CoaiD2", range(35, 39)),
        (LEGACY_0, SPEND.SPENDADDRESS, "mkpZhYtJu2r87Js3pDiWJDmPte2NRZ8bJV", range(31, 35)),
    ],
    ids=["native", "wrapped", "legacy"],
)
def test_signing_with_the_paths_own_script_type_shows_that_address_and_no_warning(
    host: Host, sim: SimulatedTrezor, path: list[int], script_type: int, address: str,
    headers: range,
) -> None:
    codes, reply = sign(host, path, script_type)
    assert codes == [m.ButtonRequestType.Other, m.ButtonRequestType.Other]
    assert [s.title for s in sim.person.screens] == ["Message signed by", "Sign message"]
    assert sim.person.screens[0].text == address
    assert isinstance(reply, m.MessageSignature) and reply.address == address
    assert reply.signature[0] in headers


def test_legacy_script_type_at_a_segwit_path_warns_then_shows_the_legacy_address(
    host: Host, sim: SimulatedTrezor
) -> None:
    """What HWI's signmessage does (SPENDADDRESS at m/84h/…), as the Trezor One shows it."""
    codes, reply = sign(host, NATIVE_0, SPEND.SPENDADDRESS)
    assert codes == [
        m.ButtonRequestType.UnknownDerivationPath,
        m.ButtonRequestType.Other,
        m.ButtonRequestType.Other,
    ]
    warning, signed_by, _ = sim.person.screens
    assert (warning.title, warning.text) == (
        "Wrong address path",
        "for selected coin. Continue at your own risk!",
    )
    assert signed_by.text == "mzYpQmSAGYWWyTLiLGbGaG8T3rHdjNcV11"  # the key's legacy address
    assert isinstance(reply, m.MessageSignature) and reply.signature[0] in range(31, 35)


def test_rejecting_the_path_warning_signs_nothing(host: Host, sim: SimulatedTrezor) -> None:
    sim.person.reject()
    _, reply = sign(host, NATIVE_0, SPEND.SPENDADDRESS)
    assert isinstance(reply, m.Failure) and reply.code == m.FailureType.ActionCancelled
    assert [s.title for s in sim.person.screens] == ["Wrong address path"]
    assert sim.signed == []


def test_shown_address_of_the_wrong_type_for_its_path_warns_first(
    host: Host, sim: SimulatedTrezor
) -> None:
    request = m.GetAddress(
        address_n=NATIVE_0, coin_name="Testnet", script_type=SPEND.SPENDP2SHWITNESS,
        show_display=True,
    )
    codes, reply = confirm_all(host, host.call(request))
    assert codes == [m.ButtonRequestType.UnknownDerivationPath, m.ButtonRequestType.Address]
    assert isinstance(reply, m.Address) and reply.address.startswith("2")


def test_a_path_of_no_known_form_is_refused(host: Host, sim: SimulatedTrezor) -> None:
    reply = host.call(m.SignMessage(address_n=[0x80000054, 7], message=b"x"))
    assert isinstance(reply, m.Failure) and reply.code == m.FailureType.DataError
    assert sim.person.screens == []


def test_button_press_can_be_cancelled_while_the_person_looks(
    host: Host, sim: SimulatedTrezor
) -> None:
    sim.person.wait(30)
    request = m.GetAddress(address_n=NATIVE_0, coin_name="Testnet", show_display=True,
                           script_type=SPEND.SPENDWITNESS)
    assert isinstance(host.call(request), m.ButtonRequest)
    for packet in wire.encode(m.ButtonAck()):
        host.sock.send(packet)
    reply = host.call(m.Cancel())
    assert isinstance(reply, m.Failure) and reply.code == m.FailureType.ActionCancelled


def test_sessions_keep_the_passphrase_until_ended() -> None:
    with SimulatedTrezor(port=0, passphrase="p") as sim:
        host = Host(sim.port)
        session = host.call(m.Initialize()).session_id  # type: ignore[attr-defined]
        assert isinstance(host.call(m.GetPublicKey(address_n=[0x80000000])), m.PassphraseRequest)
        key = host.call(m.PassphraseAck(passphrase="p"))
        assert isinstance(key, m.PublicKey) and key.root_fingerprint == int(sim.fingerprint(), 16)
        assert host.call(m.Initialize(session_id=session)).session_id == session  # type: ignore[attr-defined]
        assert isinstance(host.call(m.GetPublicKey(address_n=[0x80000000])), m.PublicKey)
        assert isinstance(host.call(m.EndSession()), m.Success)
        host.call(m.Initialize())
        assert isinstance(host.call(m.GetPublicKey(address_n=[0x80000000])), m.PassphraseRequest)
        host.close()


def test_debug_link_reports_the_pin_matrix() -> None:
    with SimulatedTrezor(port=0, pin="42") as sim:
        host, debug = Host(sim.port), Host(sim.port + 1)
        assert isinstance(host.call(m.GetAddress(address_n=[0])), m.PinMatrixRequest)
        state = debug.call(m.DebugLinkGetState())
        assert isinstance(state, m.DebugLinkState) and state.matrix == sim.pin_matrix()
        assert isinstance(host.call(m.PinMatrixAck(pin=positions("42", state.matrix))), m.Address)
        host.close()
        debug.close()


def test_features_follow_the_configuration() -> None:
    with SimulatedTrezor(port=0, pin="1", label="mine") as sim:
        features = Host(sim.port).call(m.GetFeatures())
    assert isinstance(features, m.Features)
    assert (features.vendor, features.model, features.label) == ("trezor.io", "1", "mine")
    assert features.pin_protection and not features.unlocked and features.initialized


def test_lifecycle_frees_the_ports_and_reconnect_powers_on_locked() -> None:
    sim = SimulatedTrezor(port=0, pin="7").start()
    port = sim.port
    sim.stop()
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind(("127.0.0.1", port))  # closed cleanly: the port is free again
    probe.close()
    sim.start()
    assert sim.port == port and sim.running
    host = Host(port)
    host.call(m.GetAddress(address_n=[0]))
    host.call(m.PinMatrixAck(pin=positions("7", sim.pin_matrix() or "")))
    assert host.call(m.GetFeatures()).unlocked  # type: ignore[attr-defined]
    sim.disconnect()
    sim.reconnect()
    assert not Host(port).call(m.GetFeatures()).unlocked  # type: ignore[attr-defined]
    sim.stop()
    sim.stop()  # idempotent


def test_rejects_bad_configuration() -> None:
    with pytest.raises(ValueError):
        SimulatedTrezor(mnemonic="abandon " * 12)
    with pytest.raises(ValueError):
        SimulatedTrezor(pin="1230")  # a Trezor keypad has no 0
    with pytest.raises(ValueError):
        SimulatedTrezor(model="X")


def test_the_simulator_does_not_load_hwi_client_code() -> None:
    code = (
        "import sys, pocketgui.devices.simulator as s; s.SimulatedTrezor(port=0).start().stop();"
        "print(sorted(m for m in sys.modules if m.startswith('hwilib')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    modules = ast.literal_eval(loaded.stdout)
    assert all(
        name in {"hwilib", "hwilib.devices", "hwilib.devices.trezorlib"}
        or name.rsplit(".", 1)[-1] in {"messages", "mapping", "protobuf"}
        for name in modules
    ), modules
