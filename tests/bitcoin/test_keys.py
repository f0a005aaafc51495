from __future__ import annotations

import pytest

from pocketgui.bitcoin import (
    InvalidAddress,
    InvalidExtendedKey,
    Network,
    ScriptType,
    derive_address,
    find_address_in_gap,
    parse_extended_key,
    parse_relative_path,
)
from tests.bitcoin.wallet import account_xpub, root

REFERENCE_XPUB = (
    "xpub6C9cxxj5hCqTY7sYeofQPA4nXuLJpL5xBL5F874n8hremDiwrWPsPBmxjJxHqBL7jwxKy33j4uJmHXQSNxRegEY2"
    "MukehJUe8s4mBkaFGBU"
)
BIP84_ZPUB = (
    "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31m"
    "GDtKsAYz2oz2AGutZYs"
)
MAIN, TEST, REG = Network.MAINNET, Network.TESTNET, Network.REGTEST


def test_reference_xpub_derives_reference_address_at_0_1() -> None:
    assert derive_address(REFERENCE_XPUB, "0/1", None, MAIN) == "17wvJajWQjoVJuJe31tuiDs4MmVeBfSvGY"
    assert derive_address(REFERENCE_XPUB, "0/1", ScriptType.P2PKH, MAIN) == (
        "17wvJajWQjoVJuJe31tuiDs4MmVeBfSvGY"
    )


def test_reference_address_is_found_in_gap_at_0_1() -> None:
    found = find_address_in_gap(REFERENCE_XPUB, "17wvJajWQjoVJuJe31tuiDs4MmVeBfSvGY", MAIN, 10)
    assert found == "0/1"


def test_bip84_zpub_vector_matches_our_derivation_and_first_address() -> None:
    assert account_xpub(ScriptType.P2WPKH, MAIN) == BIP84_ZPUB
    assert derive_address(BIP84_ZPUB, "0/0", None, MAIN) == (
        "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"
    )


def test_bip49_and_bip44_vectors_first_receive_address() -> None:
    ypub = account_xpub(ScriptType.P2SH_P2WPKH, MAIN)
    assert ypub.startswith("ypub")
    assert derive_address(ypub, "0/0", None, MAIN) == "37VucYSaXLCAsxYyAPfbSi9eh4iEcbShgf"
    xpub = account_xpub(ScriptType.P2PKH, MAIN)
    assert derive_address(xpub, "0/0", None, MAIN) == "1LqBGSKuX5yYUonjxT5qGfpUsXKYYWeabA"


def test_bip49_testnet_vector_upub_first_receive_address() -> None:
    upub = account_xpub(ScriptType.P2SH_P2WPKH, TEST)
    assert upub.startswith("upub")
    assert derive_address(upub, "0/0", None, TEST) == "2Mww8dCYPUpKHofjgcXcBCEGmniw9CoaiD2"
    # regtest shares testnet's base58 prefixes and key versions
    assert derive_address(upub, "0/0", None, REG) == "2Mww8dCYPUpKHofjgcXcBCEGmniw9CoaiD2"


def test_testnet_and_regtest_first_addresses_of_bip44_and_bip84_accounts() -> None:
    tpub = account_xpub(ScriptType.P2PKH, TEST)
    assert derive_address(tpub, "0/0", None, TEST) == "mkpZhYtJu2r87Js3pDiWJDmPte2NRZ8bJV"
    vpub = account_xpub(ScriptType.P2WPKH, REG)
    assert vpub.startswith("vpub")
    assert derive_address(vpub, "0/0", None, TEST) == "tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl"
    assert derive_address(vpub, "0/0", None, REG) == (
        "bcrt1q6rz28mcfaxtmd6v789l9rrlrusdprr9pz3cppk"
    )


def test_xpub_may_derive_every_single_key_type_like_hardware_wallets_hand_out() -> None:
    xpub = account_xpub(ScriptType.P2WPKH, MAIN, slip132=False)
    assert xpub.startswith("xpub")
    assert derive_address(xpub, "0/0", ScriptType.P2WPKH, MAIN) == (
        "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"
    )
    assert derive_address(xpub, "0/0", ScriptType.P2SH_P2WPKH, MAIN).startswith("3")
    assert derive_address(xpub, "0/0", None, MAIN).startswith("1")


def test_zpub_asked_for_another_script_type_is_refused_with_reason() -> None:
    with pytest.raises(InvalidExtendedKey, match="zpub is for p2wpkh"):
        derive_address(BIP84_ZPUB, "0/0", ScriptType.P2PKH, MAIN)
    ypub = account_xpub(ScriptType.P2SH_P2WPKH, MAIN)
    with pytest.raises(InvalidExtendedKey, match="ypub is for p2sh-p2wpkh"):
        derive_address(ypub, "0/0", ScriptType.P2WPKH, MAIN)


@pytest.mark.parametrize(
    ("script_type", "key_network", "network"),
    [
        (ScriptType.P2WPKH, MAIN, REG),
        (ScriptType.P2WPKH, TEST, MAIN),
        (ScriptType.P2PKH, REG, MAIN),
    ],
)
def test_key_of_another_network_is_refused(
    script_type: ScriptType, key_network: Network, network: Network
) -> None:
    with pytest.raises(InvalidExtendedKey, match="cannot derive"):
        derive_address(account_xpub(script_type, key_network), "0/0", None, network)


def test_private_extended_key_is_refused_with_a_warning() -> None:
    xprv = root().derive("m/84h/0h/0h").to_base58()
    with pytest.raises(InvalidExtendedKey, match="private key"):
        parse_extended_key(xprv)


@pytest.mark.parametrize(
    "text",
    ["", "xpub", REFERENCE_XPUB[:-1] + "V", REFERENCE_XPUB + " ", "bc1qcr8te4kr609gcawutmrza0j4x"],
)
def test_malformed_extended_key_is_invalid(text: str) -> None:
    with pytest.raises(InvalidExtendedKey):
        parse_extended_key(text)


def test_parsed_key_reports_version_networks_and_depth() -> None:
    key = parse_extended_key(BIP84_ZPUB)
    assert key.networks == frozenset({MAIN})
    assert key.script_type is ScriptType.P2WPKH
    assert key.depth == 3
    assert len(key.fingerprint) == 4 and len(key.public_key) == 33
    tpub = parse_extended_key(account_xpub(ScriptType.P2PKH, TEST))
    assert tpub.networks == frozenset({TEST, REG}) and tpub.script_type is None


def test_relative_path_parses_non_hardened_steps() -> None:
    assert parse_relative_path("0/1") == (0, 1)
    assert parse_relative_path("1/2147483647") == (1, 2147483647)
    assert parse_relative_path("7") == (7,)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("", "no derivation path"),
        ("0/1'", "hardened"),
        ("0/1h", "hardened"),
        ("m/0/1", "absolute"),
        ("0//1", "not a path"),
        ("0/-1", "not a path"),
        ("0/01", "not a path"),
        ("0/2147483648", "not a path"),
        ("0/" + "1" * 5000, "not a path"),  # beyond int()'s digit limit
        ("0/ 1", "not a path"),
        ("0/１", "not a path"),
    ],
)
def test_bad_relative_path_says_why(path: str, reason: str) -> None:
    with pytest.raises(InvalidExtendedKey, match=reason):
        parse_relative_path(path)


def test_gap_search_finds_change_addresses_and_respects_the_window() -> None:
    change = derive_address(BIP84_ZPUB, "1/3", None, MAIN)
    assert find_address_in_gap(BIP84_ZPUB, change, MAIN, 10) == "1/3"
    assert find_address_in_gap(BIP84_ZPUB, change, MAIN, 3) is None
    assert find_address_in_gap(BIP84_ZPUB, change, MAIN, 1, start=3) == "1/3"
    assert find_address_in_gap(BIP84_ZPUB, change, MAIN, 0) is None


def test_gap_search_of_zpub_for_a_legacy_address_is_not_found() -> None:
    legacy = derive_address(account_xpub(ScriptType.P2WPKH, MAIN, slip132=False), "0/0", None, MAIN)
    assert find_address_in_gap(BIP84_ZPUB, legacy, MAIN, 10) is None


def test_gap_search_of_xpub_finds_a_native_segwit_address_of_the_same_key() -> None:
    xpub = account_xpub(ScriptType.P2WPKH, MAIN, slip132=False)
    address = "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"
    assert find_address_in_gap(xpub, address, MAIN, 5) == "0/0"


def test_gap_search_with_address_of_another_network_raises() -> None:
    with pytest.raises(InvalidAddress):
        find_address_in_gap(BIP84_ZPUB, "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", REG, 5)
