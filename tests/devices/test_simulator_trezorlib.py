"""Trezor's own host library (the `trezor` package) talks to the simulator as to a device."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
from trezorlib import btc, messages
from trezorlib.client import AppManifest, get_client
from trezorlib.protocol_v1 import SessionV1, TrezorClientV1
from trezorlib.tools import parse_path
from trezorlib.transport.udp import UdpTransport

from pocketgui.bitcoin import Network, verify_message
from pocketgui.devices.simulator import DEFAULT_MNEMONIC, SimulatedTrezor
from tests.devices import expected

PATH = "m/84h/0h/0h"


@pytest.fixture
def session(sim: SimulatedTrezor) -> Iterator[SessionV1]:
    transport = UdpTransport.find_by_path(sim.path)
    client = get_client(AppManifest(app_name="pocketgui tests"), transport)
    assert isinstance(client, TrezorClientV1)  # probed as protocol v1, not THP
    yield client.get_session(passphrase="")
    transport.close()


def test_features(session: SessionV1) -> None:
    features = session.features
    assert features.vendor == "trezor.io"
    assert features.model == "T"
    assert features.initialized and features.unlocked and not features.pin_protection
    assert session.version >= (2, 3, 0)
    assert session.get_root_fingerprint().hex() == "73c5da0a"


def test_public_node(session: SessionV1) -> None:
    plain = btc.get_public_node(session, parse_path(PATH), coin_name="Bitcoin")
    node = expected.root(DEFAULT_MNEMONIC).derive(PATH)
    assert plain.xpub == node.to_public().to_base58()
    assert plain.node.public_key == node.get_public_key().sec()
    assert plain.node.chain_code == node.chain_code
    assert plain.root_fingerprint == 0x73C5DA0A
    segwit = btc.get_public_node(
        session,
        parse_path(PATH),
        coin_name="Bitcoin",
        script_type=messages.InputScriptType.SPENDWITNESS,
    )
    assert segwit.xpub.startswith("zpub")  # SLIP-132 magic, as the firmware does


def test_message_signing(session: SessionV1, sim: SimulatedTrezor) -> None:
    path = PATH + "/0/0"
    message = "I confirm my bitcoin wallet. [7v7t4Fmb]"
    result = btc.sign_message(session, "Bitcoin", parse_path(path), message)
    assert result.signature[1:] == expected.signature_rs(DEFAULT_MNEMONIC, path, message)
    assert 31 <= result.signature[0] <= 34
    assert verify_message(
        result.address, message, base64.b64encode(result.signature).decode(), Network.MAINNET
    )
    assert sim.person.screens[-1].text == message


@pytest.mark.parametrize(
    ("path", "script_type", "vector"),
    [
        ("m/44h/0h/0h/0/0", messages.InputScriptType.SPENDADDRESS, "trezor p2pkh (31-34)"),
        (
            "m/49h/0h/0h/0/0",
            messages.InputScriptType.SPENDP2SHWITNESS,
            "trezor p2sh-p2wpkh (35-38)",
        ),
        ("m/84h/0h/0h/0/0", messages.InputScriptType.SPENDWITNESS, "trezor p2wpkh (39-42)"),
        ("m/84h/0h/0h/0/0", messages.InputScriptType.SPENDWITNESS, "trezor p2wpkh long message"),
    ],
)
def test_signatures_are_trezor_firmware_fixtures_byte_for_byte(
    path: str, script_type: messages.InputScriptType, vector: str
) -> None:
    """Trezor's own firmware tests (the 'all all … all' seed), signed by the simulator."""
    from tests.bitcoin.test_wallet_vectors import VALID  # the fixtures, kept in one place

    address, message, signature = VALID[vector]
    with SimulatedTrezor(port=0, mnemonic=" ".join(["all"] * 12)) as sim:
        transport = UdpTransport.find_by_path(sim.path)
        session = get_client(AppManifest(app_name="pocketgui tests"), transport).get_session("")
        result = btc.sign_message(session, "Bitcoin", parse_path(path), message, script_type)
        transport.close()
    assert result.address == address
    assert base64.b64encode(result.signature).decode() == signature
