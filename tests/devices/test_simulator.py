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


def test_long_message_spans_packets(host: Host, sim: SimulatedTrezor) -> None:
    text = "I confirm my bitcoin wallet. [" + "x" * 300 + "]"
    reply = host.call(
        m.SignMessage(address_n=[0x80000054, 0x80000000, 0x80000000, 0, 0], message=text.encode())
    )
    assert isinstance(reply, m.ButtonRequest)
    reply = host.call(m.ButtonAck())
    assert isinstance(reply, m.MessageSignature) and len(reply.signature) == 65
    assert sim.person.screens[-1].text == text


def test_button_press_can_be_cancelled_while_the_person_looks(
    host: Host, sim: SimulatedTrezor
) -> None:
    sim.person.wait(30)
    assert isinstance(host.call(m.GetAddress(address_n=[0], show_display=True)), m.ButtonRequest)
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
