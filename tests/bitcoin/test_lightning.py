from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pocketgui.bitcoin import (
    BitcoinError,
    InvalidSignature,
    NodeAddress,
    is_node_pubkey,
    lightning_recover_node_pubkey,
    lightning_sign_message,
    lightning_verify_message,
    parse_node_address,
)
from pocketgui.bitcoin._secp import public_key
from pocketgui.bitcoin.lightning import ZBASE32, zbase32_decode, zbase32_encode

REF_NODE = "02765a281bd188e80a89e6ea5092dcb8ebaaa5c5da341e64327e3fadbadcbc686c"
REF_MESSAGE = "I confirm my bitcoin wallet. [7v7t4Fmb]"
REF_SIGNATURE = (
    "rywfek6717yuqpfpjmghyf173obgswr9uw5wbfsfhc8exjomftm71st4cyxprzkx5juxiokhbxm8rzkxoz8e3zmm"
    "pa644tudgt119s91"
)
NODE_SECRET = bytes.fromhex("e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734")


def test_reference_lightning_signature_recovers_the_reference_node() -> None:
    assert lightning_recover_node_pubkey(REF_MESSAGE, REF_SIGNATURE) == REF_NODE
    assert lightning_verify_message(REF_NODE, REF_MESSAGE, REF_SIGNATURE) is True


def test_reference_lightning_signature_over_tampered_message_is_false() -> None:
    assert lightning_verify_message(REF_NODE, REF_MESSAGE + " ", REF_SIGNATURE) is False


def test_another_node_key_does_not_verify() -> None:
    other = public_key(NODE_SECRET).hex()
    assert lightning_verify_message(other, REF_MESSAGE, REF_SIGNATURE) is False


def test_sign_then_recover_round_trips_with_header_31_to_34() -> None:
    signature = lightning_sign_message(NODE_SECRET, REF_MESSAGE)
    assert len(signature) == 104
    assert zbase32_decode(signature)[0] in range(31, 35)
    assert lightning_recover_node_pubkey(REF_MESSAGE, signature) == public_key(NODE_SECRET).hex()
    assert signature == lightning_sign_message(NODE_SECRET, REF_MESSAGE)  # RFC 6979


@pytest.mark.parametrize(
    "signature",
    [
        "",
        REF_SIGNATURE[:-1],
        REF_SIGNATURE + "y",
        REF_SIGNATURE[:-1] + "0",  # '0' is not zbase32
        "IKiJsfsAta7Id7Seq+j8EEfpFUj2LCVDRjQ+ZC3/akv+VfUznwmq9mkxQtvqz8NTr0t6VnmTBcsEhHLMQYixHZM=",
        zbase32_encode(bytes([27]) + bytes(range(1, 65))),  # uncompressed header
    ],
)
def test_malformed_lightning_signature_raises_invalid_signature(signature: str) -> None:
    with pytest.raises(InvalidSignature):
        lightning_recover_node_pubkey(REF_MESSAGE, signature)
    with pytest.raises(InvalidSignature):
        lightning_verify_message(REF_NODE, REF_MESSAGE, signature)


def test_malformed_node_pubkey_raises() -> None:
    with pytest.raises(BitcoinError):
        lightning_verify_message("02xyz", REF_MESSAGE, REF_SIGNATURE)


def test_signature_recovering_no_key_is_false_but_recover_raises() -> None:
    signature = zbase32_encode(bytes([31]) + bytes(32) + bytes([1]) * 32)  # r = 0
    assert lightning_verify_message(REF_NODE, REF_MESSAGE, signature) is False
    with pytest.raises(InvalidSignature):
        lightning_recover_node_pubkey(REF_MESSAGE, signature)


def test_zbase32_uses_the_human_oriented_alphabet() -> None:
    assert zbase32_encode(b"\x00") == "yy"
    assert zbase32_encode(b"\xff" * 5) == "9" * 8
    assert set(REF_SIGNATURE) <= set(ZBASE32)


@settings(max_examples=50, deadline=None)
@given(data=st.binary(max_size=70))
def test_property_zbase32_round_trips(data: bytes) -> None:
    assert zbase32_decode(zbase32_encode(data)) == data


@settings(max_examples=30, deadline=None)
@given(secret=st.integers(min_value=1, max_value=2**255), message=st.text(max_size=200))
def test_property_lightning_sign_recover_round_trips(secret: int, message: str) -> None:
    key = secret.to_bytes(32, "big")
    signature = lightning_sign_message(key, message)
    assert lightning_verify_message(public_key(key).hex(), message, signature)


def test_a_node_key_is_66_hex_characters_starting_02_or_03() -> None:
    assert is_node_pubkey(REF_NODE) and is_node_pubkey(REF_NODE.upper())
    for bad in ("", REF_NODE[:-1], REF_NODE + "0", "04" + REF_NODE[2:], "02" + "g" * 64,
                f" {REF_NODE}"):
        assert not is_node_pubkey(bad), bad


@pytest.mark.parametrize(("text", "expected"), [
    (f"{REF_NODE}@34.65.45.157:9736", NodeAddress(REF_NODE, "34.65.45.157", 9736)),
    (f"{REF_NODE.upper()}@node.example", NodeAddress(REF_NODE, "node.example", 9735)),
    (f"{REF_NODE}@[2001:db8::1]:9735", NodeAddress(REF_NODE, "[2001:db8::1]", 9735)),
    (f"{REF_NODE}@host:65535", NodeAddress(REF_NODE, "host", 65535)),
    (f"{REF_NODE}@host:0", None),
    (f"{REF_NODE}@host:99999", None),
    (f"{REF_NODE}@", None),
    (f"{REF_NODE}@a@b", None),
    (f"{REF_NODE}@ho st", None),
    ("nonsense", None),
    (REF_NODE, None),
])
def test_a_node_address_is_key_at_host_and_port(text: str, expected: NodeAddress | None) -> None:
    assert parse_node_address(text) == expected
