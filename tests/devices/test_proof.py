"""prove_payout over the interface, with a fake wallet that lies: every mismatch stops it."""

from __future__ import annotations

import pytest
from embit import bip32, bip39

from pocketgui.bitcoin import Network, ScriptType, sign_message
from pocketgui.devices import (
    Account,
    AccountKey,
    AddressMismatch,
    DeviceInfo,
    HardwareWallet,
    ProofStep,
    SignatureMismatch,
    prove_payout,
    same_destination,
)
from pocketgui.devices.simulator import DEFAULT_MNEMONIC
from tests.devices import expected

ROOT = bip32.HDKey.from_seed(bip39.mnemonic_to_seed(DEFAULT_MNEMONIC))
OTHER = bip32.HDKey.from_seed(bip39.mnemonic_to_seed("zoo " * 11 + "wrong"))


class FakeWallet(HardwareWallet):
    def __init__(self, shows: str | None = None, signs_with: bip32.HDKey = ROOT) -> None:
        self.info = DeviceInfo(type="fake", path="fake:0")
        self.shows, self.signs_with = shows, signs_with
        self.signed: list[str] = []

    def prompt_pin(self) -> bool:
        return False

    def send_pin(self, positions: str) -> None:
        pass

    def set_passphrase(self, passphrase: str) -> None:
        pass

    def fingerprint(self) -> str:
        return "73c5da0a"

    def account_key(self, account: Account) -> AccountKey:
        key = expected.account_key(DEFAULT_MNEMONIC, account)
        return AccountKey(account, "73c5da0a", key, key)

    def display_address(self, account: Account, index: int) -> str:
        return self.shows or expected.address(DEFAULT_MNEMONIC, account, index)

    def sign_message(self, account: Account, index: int, message: str) -> str:
        self.signed.append(message)
        secret = self.signs_with.derive(account.address_path(index)).secret
        return sign_message(secret, message)

    def close(self) -> None:
        pass


def test_steps_in_order() -> None:
    steps: list[ProofStep] = []
    proof = prove_payout(FakeWallet(), Account(), "t0k", on_step=steps.append)
    assert steps == [ProofStep.READ_KEY, ProofStep.SHOW_ADDRESS, ProofStep.SIGN, ProofStep.VERIFY]
    assert proof.address == "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"
    assert proof.extended_public_key.startswith("zpub")


def test_a_different_address_on_the_screen_stops_before_signing() -> None:
    wallet = FakeWallet(shows="bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")
    with pytest.raises(AddressMismatch):
        prove_payout(wallet, Account(), "t0k")
    assert wallet.signed == []


def test_a_signature_by_another_key_is_refused() -> None:
    with pytest.raises(SignatureMismatch):
        prove_payout(FakeWallet(signs_with=OTHER), Account(), "t0k")


def test_garbage_signature_is_refused() -> None:
    class Garbage(FakeWallet):
        def sign_message(self, account: Account, index: int, message: str) -> str:
            return "not base64!"

    with pytest.raises(SignatureMismatch):
        prove_payout(Garbage(), Account(), "t0k")


def test_same_destination() -> None:
    tb = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"
    bcrt = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080"
    assert same_destination(tb, bcrt, Network.REGTEST)
    assert not same_destination(tb, bcrt, Network.TESTNET)  # only regtest has two forms
    assert not same_destination("nonsense", bcrt, Network.REGTEST)


def test_account_paths() -> None:
    assert Account().path == "m/84h/0h/0h"
    assert Account(ScriptType.P2SH_P2WPKH, 2, Network.TESTNET).address_path(5) == "m/49h/1h/2h/0/5"
    assert Account(ScriptType.P2PKH, 0, Network.REGTEST).path == "m/44h/1h/0h"
    assert Account(ScriptType.P2WPKH, 0, Network.REGTEST).key_version == "vpub"
    with pytest.raises(ValueError):
        Account(index=-1)


def test_pin_keypad_matches_the_position_numbers() -> None:
    from pocketgui.devices import PIN_KEYPAD
    from pocketgui.devices.simulator import positions

    matrix = "519372846"  # matrix[k-1] is the digit at position k
    shown = [[matrix[int(p) - 1] for p in row] for row in PIN_KEYPAD]
    assert shown == [list("846"), list("372"), list("519")]  # top row shows positions 7 8 9
    assert positions("8", matrix) == PIN_KEYPAD[0][0]
