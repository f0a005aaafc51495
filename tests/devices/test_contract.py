"""The simulator-only part of the device contract: every account on every network, timeouts, a
slow person, enumerate on HWI's probe port — real HWI against the simulated Trezor over UDP
(test_device_contract.py runs the part every device shares, on the real emulators too)."""

from __future__ import annotations

import base64
import threading
import time

import pytest

from pocketgui.bitcoin import Network, ScriptType, verify_message
from pocketgui.devices import (
    Account,
    DeviceDisconnected,
    DeviceError,
    DeviceInfo,
    DeviceLocked,
    DeviceTimeout,
    HwiDevices,
    HwiWallet,
    NeedsPassphrase,
    Timeouts,
    UserCancelled,
    WrongPin,
    prove_payout,
    same_destination,
)
from pocketgui.devices.simulator import DEFAULT_MNEMONIC, Screen, SimulatedTrezor, positions
from tests.devices import expected

FINGERPRINT = "73c5da0a"  # of the test mnemonic, no passphrase
# BIP-137 header minus 31 (compressed key): the type of address the signature is for
BIP137_HEADERS = {
    ScriptType.P2PKH: (0, 4), ScriptType.P2SH_P2WPKH: (4, 8), ScriptType.P2WPKH: (8, 12)
}
ACCOUNTS = [Account(script, 0, network) for script in ScriptType for network in Network]


def name(account: Account) -> str:
    return f"{account.script_type.value}-{account.network.value}"


@pytest.mark.parametrize("account", ACCOUNTS, ids=name)
def test_account_key_is_what_embit_derives(wallet: HwiWallet, account: Account) -> None:
    key = wallet.account_key(account)
    assert key.extended_public_key == expected.account_key(DEFAULT_MNEMONIC, account)
    assert key.fingerprint == FINGERPRINT
    assert key.device_xpub[:4] == ("xpub" if account.network is Network.MAINNET else "tpub")


def test_account_index_is_hardened_account_level(wallet: HwiWallet) -> None:
    account = Account(ScriptType.P2WPKH, 7, Network.TESTNET)
    assert account.path == "m/84h/1h/7h"
    assert wallet.account_key(account).extended_public_key == expected.account_key(
        DEFAULT_MNEMONIC, account
    )


@pytest.mark.parametrize("account", ACCOUNTS, ids=name)
def test_payout_proof_shows_signs_and_verifies(
    wallet: HwiWallet, sim: SimulatedTrezor, account: Account
) -> None:
    proof = prove_payout(wallet, account, "7v7t4Fmb", index=1)

    assert proof.address == expected.address(DEFAULT_MNEMONIC, account, 1)
    assert proof.derivation_path == "0/1"
    assert proof.full_path == f"{account.path}/0/1"
    assert same_destination(proof.displayed_address, proof.address, account.network)
    assert proof.message == "I confirm my bitcoin wallet. [7v7t4Fmb]"
    # what the person saw on the device, in order
    # what the person saw on the device, in order: no path warning, and the address it signs
    # for is the one it showed and the app proves (HWI alone would sign for the legacy one)
    assert sim.person.screens == [
        Screen("Address", proof.displayed_address),
        Screen("Message signed by", proof.displayed_address),
        Screen("Sign message", proof.message),
    ]
    assert verify_message(proof.address, proof.message, proof.signature, account.network)
    raw = base64.b64decode(proof.signature)
    assert raw[0] - 31 in range(*BIP137_HEADERS[account.script_type])
    assert raw[1:] == expected.signature_rs(DEFAULT_MNEMONIC, proof.full_path, proof.message)


def test_regtest_device_shows_testnet_form_of_the_same_address(wallet: HwiWallet) -> None:
    account = Account(ScriptType.P2WPKH, 0, Network.REGTEST)
    shown = wallet.display_address(account, 0)
    derived = wallet.account_key(account).address(0)
    assert derived.startswith("bcrt1q") and shown.startswith("tb1q")
    assert same_destination(shown, derived, Network.REGTEST)


# ----- unlocking -----------------------------------------------------------------------------
def test_pin_locked_device_unlocks_through_the_pin_matrix(devices: HwiDevices) -> None:
    with SimulatedTrezor(port=0, pin="2589") as sim:
        wallet = devices.open_path("trezor", sim.path)
        with pytest.raises(DeviceLocked):
            wallet.account_key(Account())

        assert wallet.prompt_pin() is True
        matrix = sim.pin_matrix()
        assert matrix is not None and sorted(matrix) == list("123456789")
        with pytest.raises(WrongPin):
            wallet.send_pin(positions("1111", matrix))
        with pytest.raises(DeviceLocked):
            wallet.sign_message(Account(), 0, "I confirm my bitcoin wallet. [x]")
        assert sim.signed == []  # nothing signed with a wrong PIN

        assert wallet.prompt_pin() is True
        matrix = sim.pin_matrix()
        assert matrix is not None
        wallet.send_pin(positions("2589", matrix))
        assert sim.pin_matrix() is None
        assert wallet.prompt_pin() is False  # unlocked: no PIN needed any more
        proof = prove_payout(wallet, Account(network=Network.REGTEST), "tok3n")
        assert verify_message(proof.address, proof.message, proof.signature, Network.REGTEST)


def test_pin_matrix_is_scrambled_anew_for_every_prompt(devices: HwiDevices) -> None:
    with SimulatedTrezor(port=0, pin="1") as sim:
        wallet = devices.open_path("trezor", sim.path)
        layouts = set()
        for _ in range(4):
            wallet.prompt_pin()
            layouts.add(sim.pin_matrix())
        assert len(layouts) > 1


def test_passphrase_wallet(devices: HwiDevices) -> None:
    with SimulatedTrezor(port=0, passphrase="correct horse") as sim:
        wallet = devices.open(DeviceInfo(type="trezor", path=sim.path, needs_passphrase=True))
        with pytest.raises(NeedsPassphrase):
            wallet.account_key(Account())
        wallet.set_passphrase("correct horse")
        assert wallet.fingerprint() == sim.fingerprint() != FINGERPRINT
        key = wallet.account_key(Account())
        assert key.fingerprint == sim.fingerprint()
        node = expected.root(DEFAULT_MNEMONIC, "correct horse").derive(Account().path)
        assert key.device_xpub == node.to_public().to_base58()
        wallet.set_passphrase("")  # the empty passphrase is the plain wallet
        assert wallet.fingerprint() == FINGERPRINT


# ----- the person, and a device that goes away ------------------------------------------------
def test_rejected_address_is_user_cancelled(wallet: HwiWallet, sim: SimulatedTrezor) -> None:
    sim.person.reject()
    with pytest.raises(UserCancelled):
        wallet.display_address(Account(), 0)
    sim.person.confirm()
    assert wallet.display_address(Account(), 0).startswith("bc1q")


def test_rejected_signature_is_user_cancelled_and_nothing_signed(
    wallet: HwiWallet, sim: SimulatedTrezor
) -> None:
    wallet.display_address(Account(), 0)
    sim.person.reject()
    with pytest.raises(UserCancelled):
        prove_payout(wallet, Account(), "abc")
    assert sim.signed == []
    assert not issubclass(UserCancelled, DeviceError)  # the UI keeps it silent


def test_person_taking_their_time_within_the_timeout(
    wallet: HwiWallet, sim: SimulatedTrezor
) -> None:
    sim.person.wait(0.4)
    started = time.monotonic()
    proof = prove_payout(wallet, Account(), "slow")
    assert time.monotonic() - started >= 0.8  # two confirmations
    assert verify_message(proof.address, proof.message, proof.signature, Network.MAINNET)


def test_person_slower_than_the_timeout(sim: SimulatedTrezor) -> None:
    with HwiDevices(timeouts=Timeouts(person=1.0, read=5.0, probe=5.0)) as devices:
        wallet = devices.open_path("trezor", sim.path)
        sim.person.wait(30)
        started = time.monotonic()
        with pytest.raises(DeviceTimeout):
            wallet.sign_message(Account(), 0, "never confirmed")
        assert time.monotonic() - started < 4
        assert sim.signed == []
        sim.person.confirm()  # the device is not stuck: the next call works
        assert wallet.sign_message(Account(), 0, "confirmed")


@pytest.mark.slow
def test_device_going_away_mid_operation_is_disconnected_not_a_hang(sim: SimulatedTrezor) -> None:
    with HwiDevices(timeouts=Timeouts(person=1.5, read=5.0, probe=5.0)) as devices:
        wallet = devices.open_path("trezor", sim.path)
        assert wallet.fingerprint() == FINGERPRINT
        sim.person.wait(30)
        threading.Timer(0.3, sim.disconnect).start()
        started = time.monotonic()
        with pytest.raises(DeviceDisconnected):
            wallet.display_address(Account(), 0)
        assert time.monotonic() - started < 1.5 + 2.0
        with pytest.raises((DeviceDisconnected, DeviceError)):
            wallet.fingerprint()
        sim.person.confirm()
        sim.reconnect()  # plugged in again
        assert wallet.display_address(Account(), 0).startswith("bc1q")


def test_device_gone_between_calls(wallet: HwiWallet, sim: SimulatedTrezor) -> None:
    assert wallet.fingerprint() == FINGERPRINT
    sim.disconnect()
    started = time.monotonic()
    with pytest.raises(DeviceDisconnected):
        wallet.account_key(Account())
    assert time.monotonic() - started < 2


# ----- enumerate (HWI only probes 127.0.0.1:21324: these tests take the port in turn) ---------
def _listed(devices: HwiDevices, port: int) -> list[DeviceInfo]:
    return [d for d in devices.enumerate() if d.path == f"udp:127.0.0.1:{port}"]


def test_enumerate_finds_the_simulator_with_its_fingerprint(
    devices: HwiDevices, default_port: int
) -> None:
    with SimulatedTrezor(port=default_port):
        (info,) = _listed(devices, default_port)
    assert (info.type, info.model, info.label) == (
        "trezor",
        "trezor_t_simulator",
        "pocketgui simulator",
    )
    assert info.fingerprint == FINGERPRINT
    assert not info.needs_pin and not info.needs_passphrase and info.error is None
    assert info.simulated
    assert _listed(devices, default_port) == []  # gone once it stopped


def test_enumerate_reports_a_locked_device(devices: HwiDevices, default_port: int) -> None:
    with SimulatedTrezor(port=default_port, pin="1234"):
        (info,) = _listed(devices, default_port)
    assert info.needs_pin and info.fingerprint is None
    assert isinstance(info.error, DeviceLocked)


def test_enumerate_reports_passphrase_protection(devices: HwiDevices, default_port: int) -> None:
    with SimulatedTrezor(port=default_port, passphrase="x") as sim:
        (info,) = _listed(devices, default_port)
        (with_passphrase,) = [d for d in devices.enumerate("x") if d.path == info.path]
    assert info.needs_passphrase and info.fingerprint == FINGERPRINT  # HWI used ""
    assert with_passphrase.fingerprint == sim.fingerprint()
