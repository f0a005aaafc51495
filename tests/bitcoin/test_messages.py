from __future__ import annotations

import base64
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pocketgui.bitcoin import (
    InvalidAddress,
    InvalidSignature,
    Network,
    ScriptType,
    UnsupportedAddressType,
    recover_message_pubkey,
    reheader_signature,
    sign_message,
    verify_message,
)
from pocketgui.bitcoin._secp import public_key
from pocketgui.bitcoin.addresses import public_key_address
from tests.bitcoin.wallet import private_key

REF_ADDRESS = "17wvJajWQjoVJuJe31tuiDs4MmVeBfSvGY"
REF_MESSAGE = "I confirm my bitcoin wallet. [7v7t4Fmb]"
REF_SIGNATURE = (
    "IKiJsfsAta7Id7Seq+j8EEfpFUj2LCVDRjQ+ZC3/akv+VfUznwmq9mkxQtvqz8NTr0t6VnmTBcsEhHLMQYixHZM="
)
MAIN, TEST, REG = Network.MAINNET, Network.TESTNET, Network.REGTEST
NETWORKS = [MAIN, TEST, REG]
SCRIPT_TYPES = list(ScriptType)
Convention = Literal["electrum", "bip137"]
HEADER_BASE = {
    ("electrum", ScriptType.P2PKH): 31,
    ("electrum", ScriptType.P2SH_P2WPKH): 31,
    ("electrum", ScriptType.P2WPKH): 31,
    ("bip137", ScriptType.P2PKH): 31,
    ("bip137", ScriptType.P2SH_P2WPKH): 35,
    ("bip137", ScriptType.P2WPKH): 39,
}
_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def header(signature: str) -> int:
    return base64.b64decode(signature)[0]


def address_of(
    secret: bytes, script_type: ScriptType, network: Network, compressed: bool = True
) -> str:
    return public_key_address(public_key(secret, compressed), script_type, network)


def test_reference_order_signature_verifies_for_its_p2pkh_address() -> None:
    assert verify_message(REF_ADDRESS, REF_MESSAGE, REF_SIGNATURE, MAIN) is True


def test_reference_signature_has_header_32_and_recovers_a_compressed_key() -> None:
    key, head = recover_message_pubkey(REF_MESSAGE, REF_SIGNATURE)
    assert head == 32
    assert len(key) == 33
    assert public_key_address(key, ScriptType.P2PKH, MAIN) == REF_ADDRESS


def test_reference_signature_over_tampered_message_is_false() -> None:
    assert (
        verify_message(REF_ADDRESS, REF_MESSAGE.replace("7v7t", "7v7T"), REF_SIGNATURE, MAIN)
        is False
    )
    assert verify_message(REF_ADDRESS, REF_MESSAGE + " ", REF_SIGNATURE, MAIN) is False


def test_reference_signature_for_another_address_is_false() -> None:
    other = address_of(private_key(ScriptType.P2PKH, MAIN), ScriptType.P2PKH, MAIN)
    assert verify_message(other, REF_MESSAGE, REF_SIGNATURE, MAIN) is False


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("script_type", SCRIPT_TYPES)
@pytest.mark.parametrize("convention", ["electrum", "bip137"])
def test_generated_signature_verifies_per_convention_type_and_network(
    convention: Convention, script_type: ScriptType, network: Network
) -> None:
    secret = private_key(script_type, network)
    address = address_of(secret, script_type, network)
    signature = sign_message(secret, REF_MESSAGE, script_type, convention)
    assert header(signature) - HEADER_BASE[convention, script_type] in range(4)
    assert verify_message(address, REF_MESSAGE, signature, network) is True
    assert verify_message(address, REF_MESSAGE + ".", signature, network) is False
    other = address_of(private_key(script_type, network, index=1), script_type, network)
    assert verify_message(other, REF_MESSAGE, signature, network) is False


@pytest.mark.parametrize("network", NETWORKS)
def test_uncompressed_key_signature_27_to_30_verifies_only_for_uncompressed_p2pkh(
    network: Network,
) -> None:
    secret = private_key(ScriptType.P2PKH, network)
    signature = sign_message(secret, REF_MESSAGE, compressed=False)
    assert header(signature) in range(27, 31)
    assert len(recover_message_pubkey(REF_MESSAGE, signature)[0]) == 65
    uncompressed = address_of(secret, ScriptType.P2PKH, network, compressed=False)
    assert verify_message(uncompressed, REF_MESSAGE, signature, network) is True
    for script_type in SCRIPT_TYPES:  # the compressed key's addresses are other addresses
        assert (
            verify_message(
                address_of(secret, script_type, network), REF_MESSAGE, signature, network
            )
            is False
        )


def test_known_vector_addresses_of_the_test_mnemonic_are_what_we_sign_for() -> None:
    assert address_of(private_key(ScriptType.P2PKH, MAIN), ScriptType.P2PKH, MAIN) == (
        "1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA"
    )
    assert address_of(private_key(ScriptType.P2SH_P2WPKH, MAIN), ScriptType.P2SH_P2WPKH, MAIN) == (
        "37VucYSaXLCAsxYyAPfbSi9eh4iEcbShgf"
    )
    assert address_of(private_key(ScriptType.P2WPKH, MAIN), ScriptType.P2WPKH, MAIN) == (
        "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"
    )


def test_electrum_header_accepts_every_single_key_address_of_the_key() -> None:
    secret = private_key(ScriptType.P2WPKH, MAIN)
    signature = sign_message(secret, REF_MESSAGE)  # what Electrum/Ledger/HWI produce
    for script_type in SCRIPT_TYPES:
        assert verify_message(address_of(secret, script_type, MAIN), REF_MESSAGE, signature, MAIN)


@pytest.mark.parametrize(
    ("signed_as", "address_type"),
    [
        (ScriptType.P2WPKH, ScriptType.P2PKH),
        (ScriptType.P2WPKH, ScriptType.P2SH_P2WPKH),
        (ScriptType.P2SH_P2WPKH, ScriptType.P2PKH),
        (ScriptType.P2SH_P2WPKH, ScriptType.P2WPKH),
    ],
)
def test_bip137_segwit_header_must_match_the_address_type(
    signed_as: ScriptType, address_type: ScriptType
) -> None:
    secret = private_key(ScriptType.P2WPKH, MAIN)
    signature = sign_message(secret, REF_MESSAGE, signed_as, "bip137")
    assert (
        verify_message(address_of(secret, address_type, MAIN), REF_MESSAGE, signature, MAIN)
        is False
    )


def test_signing_is_deterministic_like_a_hardware_wallet() -> None:
    secret = private_key(ScriptType.P2WPKH, MAIN)
    first = sign_message(secret, REF_MESSAGE, ScriptType.P2WPKH, "bip137")
    assert first == sign_message(secret, REF_MESSAGE, ScriptType.P2WPKH, "bip137")
    assert first != sign_message(secret, REF_MESSAGE + "!", ScriptType.P2WPKH, "bip137")


def test_reheader_moves_electrum_header_to_bip137_and_back() -> None:
    secret = private_key(ScriptType.P2WPKH, REG)
    address = address_of(secret, ScriptType.P2WPKH, REG)
    electrum = sign_message(secret, REF_MESSAGE, ScriptType.P2WPKH)
    bip137 = reheader_signature(electrum, ScriptType.P2WPKH)
    assert header(bip137) == header(electrum) + 8
    assert base64.b64decode(bip137)[1:] == base64.b64decode(electrum)[1:]
    assert verify_message(address, REF_MESSAGE, bip137, REG) is True
    assert reheader_signature(bip137, ScriptType.P2PKH) == electrum
    nested = reheader_signature(bip137, ScriptType.P2SH_P2WPKH)
    assert header(nested) == header(electrum) + 4


def test_reheader_refuses_to_make_an_uncompressed_signature_segwit() -> None:
    secret = private_key(ScriptType.P2PKH, MAIN)
    signature = sign_message(secret, REF_MESSAGE, compressed=False)
    assert reheader_signature(signature, ScriptType.P2PKH) == signature
    with pytest.raises(InvalidSignature):
        reheader_signature(signature, ScriptType.P2WPKH)


@pytest.mark.parametrize(
    "address",
    [
        "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr",  # BIP-86 first address
        "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",  # P2WSH (BIP-173)
        "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",  # v1, 40 B
        "BC1SW50QGDZ25J",  # witness v16 (BIP-350)
    ],
)
def test_taproot_p2wsh_and_future_witness_raise_unsupported(address: str) -> None:
    with pytest.raises(UnsupportedAddressType):
        verify_message(address, REF_MESSAGE, REF_SIGNATURE, MAIN)


def test_taproot_refusal_explains_bip322() -> None:
    with pytest.raises(UnsupportedAddressType, match="BIP-322"):
        verify_message(
            "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr",
            REF_MESSAGE,
            REF_SIGNATURE,
            MAIN,
        )


@pytest.mark.parametrize(
    ("address", "network"),
    [
        (REF_ADDRESS, REG),
        (REF_ADDRESS, TEST),
        ("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", REG),
        ("bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk", TEST),
        ("tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl", REG),
        ("mkpZhYtJu2r87Js3pDiWJDmPte2NRZ8bJV", MAIN),
    ],
)
def test_address_of_another_network_raises_invalid_address(address: str, network: Network) -> None:
    with pytest.raises(InvalidAddress):
        verify_message(address, REF_MESSAGE, REF_SIGNATURE, network)


def test_testnet_base58_address_verifies_on_regtest() -> None:
    secret = private_key(ScriptType.P2PKH, TEST)
    signature = sign_message(secret, REF_MESSAGE)
    address = address_of(secret, ScriptType.P2PKH, TEST)
    assert verify_message(address, REF_MESSAGE, signature, REG) is True


def test_uppercase_bech32_address_verifies() -> None:
    secret = private_key(ScriptType.P2WPKH, MAIN)
    signature = sign_message(secret, REF_MESSAGE)
    address = address_of(secret, ScriptType.P2WPKH, MAIN).upper()
    assert verify_message(address, REF_MESSAGE, signature, MAIN) is True


@pytest.mark.parametrize(
    "signature",
    [
        "",
        "not base64 at all!",
        REF_SIGNATURE[:-4],  # 62 bytes
        base64.b64encode(bytes([26]) + bytes(range(64))).decode(),  # header below 27
        base64.b64encode(bytes([43]) + bytes(range(64))).decode(),  # header above 42
        base64.b64encode(base64.b64decode(REF_SIGNATURE) + b"\x00").decode(),  # 66 bytes
    ],
)
def test_malformed_signature_text_raises_invalid_signature(signature: str) -> None:
    with pytest.raises(InvalidSignature):
        verify_message(REF_ADDRESS, REF_MESSAGE, signature, MAIN)
    with pytest.raises(InvalidSignature):
        recover_message_pubkey(REF_MESSAGE, signature)


def test_well_formed_signature_that_recovers_no_key_is_false() -> None:
    # r = 0 is a well-formed 65 bytes that no key can have produced
    signature = base64.b64encode(bytes([31]) + bytes(32) + bytes([1]) * 32).decode()
    assert verify_message(REF_ADDRESS, REF_MESSAGE, signature, MAIN) is False
    with pytest.raises(InvalidSignature):
        recover_message_pubkey(REF_MESSAGE, signature)


def test_uncompressed_key_cannot_sign_as_segwit() -> None:
    with pytest.raises(ValueError):
        sign_message(
            private_key(ScriptType.P2PKH, MAIN), REF_MESSAGE, ScriptType.P2WPKH, compressed=False
        )


@settings(max_examples=60, deadline=None)
@given(
    secret=st.integers(min_value=1, max_value=_ORDER - 1),
    message=st.text(max_size=300),
    script_type=st.sampled_from(SCRIPT_TYPES),
    convention=st.sampled_from(["electrum", "bip137"]),
    network=st.sampled_from(NETWORKS),
)
def test_property_sign_then_verify_round_trips(
    secret: int, message: str, script_type: ScriptType, convention: Convention, network: Network
) -> None:
    key = secret.to_bytes(32, "big")
    signature = sign_message(key, message, script_type, convention)
    assert verify_message(address_of(key, script_type, network), message, signature, network)
    assert recover_message_pubkey(message, signature)[0] == public_key(key)


def test_plain_string_script_types_and_networks_work_like_the_enums() -> None:
    secret = private_key(ScriptType.P2PKH, MAIN)
    p2wpkh: Any = "p2wpkh"
    regtest: Any = "regtest"
    as_string = sign_message(secret, REF_MESSAGE, p2wpkh, "bip137")
    assert as_string == sign_message(secret, REF_MESSAGE, ScriptType.P2WPKH, "bip137")
    address = public_key_address(public_key(secret), p2wpkh, regtest)
    assert address.startswith("bcrt1q")
    assert verify_message(address, REF_MESSAGE, as_string, regtest) is True
    taproot: Any = "p2tr"
    with pytest.raises(ValueError):
        sign_message(secret, REF_MESSAGE, taproot)
