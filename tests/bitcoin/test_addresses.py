from __future__ import annotations

import pytest

from pocketgui.bitcoin import (
    InvalidAddress,
    Network,
    ScriptType,
    UnsupportedAddressType,
    _bech32,
    address_network,
    address_script_type,
)

MAIN, TEST, REG = Network.MAINNET, Network.TESTNET, Network.REGTEST


@pytest.mark.parametrize(
    ("address", "networks", "script_type"),
    [
        ("1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA", {MAIN}, ScriptType.P2PKH),
        ("37VucYSaXLCAsxYyAPfbSi9eh4iEcbShgf", {MAIN}, ScriptType.P2SH_P2WPKH),
        ("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", {MAIN}, ScriptType.P2WPKH),
        ("mkpZhYtJu2r87Js3pDiWJDmPte2NRZ8bJV", {TEST, REG}, ScriptType.P2PKH),
        ("2Mww8dCYPUpKHofjgcXcBCEGmniw9CoaiD2", {TEST, REG}, ScriptType.P2SH_P2WPKH),
        ("tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl", {TEST}, ScriptType.P2WPKH),
        ("bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk", {REG}, ScriptType.P2WPKH),
    ],
)
def test_single_key_addresses_report_networks_and_type(
    address: str, networks: set[Network], script_type: ScriptType
) -> None:
    assert address_network(address) == networks
    for network in networks:
        assert address_script_type(address, network) is script_type


def test_taproot_is_a_valid_address_but_an_unsupported_type() -> None:
    taproot = "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr"
    assert address_network(taproot) == {MAIN}
    with pytest.raises(UnsupportedAddressType, match="taproot"):
        address_script_type(taproot, MAIN)


def test_p2wsh_is_unsupported_with_its_own_reason() -> None:
    p2wsh = "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7"
    with pytest.raises(UnsupportedAddressType, match="P2WSH"):
        address_script_type(p2wsh, TEST)


@pytest.mark.parametrize(
    "address",
    [
        "",
        "hello",
        "1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabB",  # base58 checksum typo
        "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyv",  # bech32 checksum typo
        "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306FYU",  # mixed case
        " bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu",
        "ltc1qcr8te4kr609gcawutmrza0j4xv80jy8zhwhtuk",  # another coin's hrp
        "LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA",
        "xpub6C9cxxj5hCqTY7sYeofQPA4nXuLJpL5xBL5F874n8hremDiwrWPsPBmxjJxHqBL7jwxKy33j4uJmHXQSNx",
    ],
)
def test_malformed_address_raises_invalid_address(address: str) -> None:
    with pytest.raises(InvalidAddress):
        address_network(address)


def test_bech32m_checksum_on_witness_v0_is_invalid() -> None:
    program = bytes(range(20))
    wrong = _bech32.encode("bc", [0, *_bech32.to_words(program)], _bech32.BECH32M)
    with pytest.raises(InvalidAddress, match="checksum variant"):
        address_network(wrong)


def test_bech32_checksum_on_taproot_is_invalid() -> None:
    program = bytes(range(32))
    wrong = _bech32.encode("bc", [1, *_bech32.to_words(program)], _bech32.BECH32)
    with pytest.raises(InvalidAddress, match="checksum variant"):
        address_network(wrong)


def test_wrong_network_says_which_network_the_address_is_for() -> None:
    with pytest.raises(InvalidAddress, match="mainnet address, not a regtest"):
        address_script_type("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", REG)
