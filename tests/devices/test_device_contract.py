"""One device contract, run through the app's own device layer (HwiDevices → HWI) on every
device here: the simulator always; the real Trezor One, Coldcard and KeepKey firmware emulators
when their binaries are built (tests/devices/emulators/build.sh; skipped cleanly otherwise, as
in CI). As HWI runs one suite across its emulators.

What each device must do: the PIN matrix and the passphrase where the family has them; the
keys of the three script types; the shown address; for each type a signature for the address
the app proves, with no path warning and the signing screen naming that address (read from the
device); a rejection signs nothing; an unplugged device is reported as gone.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest

from pocketgui.bitcoin import ScriptType, verify_message
from pocketgui.devices import (
    Account,
    DeviceDisconnected,
    DeviceInfo,
    DeviceLocked,
    DeviceNotFound,
    HwiDevices,
    HwiWallet,
    UserCancelled,
    WrongPin,
    prove_payout,
    same_destination,
)
from pocketgui.devices.families import family
from pocketgui.devices.simulator import DEFAULT_MNEMONIC
from tests.devices import expected
from tests.devices.conftest import emulators_turn
from tests.devices.emulated import BACKENDS, Backend, Simulator, hwi_client

FINGERPRINT = "73c5da0a"
HEADERS = {ScriptType.P2PKH: range(31, 35), ScriptType.P2SH_P2WPKH: range(35, 39),
           ScriptType.P2WPKH: range(39, 43)}
TYPES = list(ScriptType)


# The real firmware emulators start in seconds each: slow; the simulator runs in `make check`.
EMULATED = [backend if backend is Simulator else pytest.param(backend, marks=pytest.mark.slow)
            for backend in BACKENDS]


@pytest.fixture(scope="module", params=EMULATED, ids=lambda backend: backend.name)
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    device = request.param()
    reason = device.available()
    if reason:
        pytest.skip(reason)
    with emulators_turn():
        device.start()
        yield device
        device.stop()


@pytest.fixture
def wallet(backend: Backend, devices: HwiDevices) -> HwiWallet:
    return backend.open(devices)


def account(backend: Backend, script_type: ScriptType) -> Account:
    return Account(script_type, 0, backend.network)


@pytest.mark.parametrize("script_type", TYPES, ids=lambda t: t.value)
def test_account_key_of_each_script_type(
    backend: Backend, wallet: HwiWallet, script_type: ScriptType
) -> None:
    key = wallet.account_key(account(backend, script_type))
    assert key.fingerprint == FINGERPRINT
    assert key.extended_public_key == expected.account_key(
        DEFAULT_MNEMONIC, account(backend, script_type))


@pytest.mark.parametrize("script_type", TYPES, ids=lambda t: t.value)
def test_shown_address_is_the_one_derived_here(
    backend: Backend, wallet: HwiWallet, script_type: ScriptType
) -> None:
    chosen = account(backend, script_type)
    shown = wallet.display_address(chosen, 0)
    assert same_destination(shown, expected.address(DEFAULT_MNEMONIC, chosen, 0), chosen.network)


@pytest.mark.parametrize("script_type", TYPES, ids=lambda t: t.value)
def test_signing_screen_names_the_proved_address_without_a_path_warning(
    backend: Backend, wallet: HwiWallet, script_type: ScriptType
) -> None:
    chosen = account(backend, script_type)
    with backend.watching(wallet, chosen) as view:
        proof = prove_payout(wallet, chosen, "c0ntract", index=0)
    print(f"\n{backend.name} {script_type.value}: {view.shown}")  # what it showed (-s)
    assert not view.warned, view.shown
    assert view.signed_for == proof.displayed_address, view.shown
    assert verify_message(proof.address, proof.message, proof.signature, chosen.network)
    header = base64.b64decode(proof.signature)[0]
    assert family(backend.device_type).signs_own_type
    assert header in HEADERS[script_type]


def test_rejected_signature_signs_nothing_and_the_device_stays_usable(
    backend: Backend, wallet: HwiWallet
) -> None:
    chosen = account(backend, ScriptType.P2WPKH)
    with backend.watching(wallet, chosen, reject=True) as view, pytest.raises(UserCancelled):
        wallet.sign_message(chosen, 0, "I confirm my bitcoin wallet. [no]")
    assert view.shown  # the person saw it, and said no
    with backend.watching(wallet, chosen) as view:
        signature = wallet.sign_message(chosen, 0, "I confirm my bitcoin wallet. [yes]")
    address = expected.address(DEFAULT_MNEMONIC, chosen, 0)
    assert verify_message(address, "I confirm my bitcoin wallet. [yes]", signature, chosen.network)


def test_unplugged_device_is_reported_gone(backend: Backend, wallet: HwiWallet) -> None:
    assert wallet.fingerprint() == FINGERPRINT
    backend.unplug()
    try:
        with pytest.raises((DeviceDisconnected, DeviceNotFound)):
            wallet.account_key(account(backend, ScriptType.P2WPKH))
    finally:
        backend.power_cycle()  # plugged in again (from its flash: same wallet)
    assert wallet.fingerprint() == FINGERPRINT


@pytest.fixture
def relaunch(backend: Backend) -> Iterator[Backend]:
    """The same device, set up afresh by the test (PIN, passphrase); plain again afterwards."""
    backend.stop()
    yield backend
    backend.stop()
    backend.start()


def test_pin_matrix_unlocks_and_a_wrong_pin_changes_nothing(
    relaunch: Backend, devices: HwiDevices
) -> None:
    if not relaunch.pin_matrix:
        pytest.skip(f"{relaunch.name}: the PIN is entered on the device")
    relaunch.start(pin="1234")
    wallet = relaunch.open(devices)
    chosen = account(relaunch, ScriptType.P2WPKH)
    with pytest.raises(DeviceLocked):
        wallet.account_key(chosen)
    assert wallet.prompt_pin() is True
    wrong = relaunch.pin_positions("4321")
    with pytest.raises(WrongPin):
        wallet.send_pin(wrong)
    assert wallet.prompt_pin() is True
    wallet.send_pin(relaunch.pin_positions("1234"))
    assert wallet.account_key(chosen).fingerprint == FINGERPRINT


def test_passphrase_opens_another_wallet(relaunch: Backend, devices: HwiDevices) -> None:
    if not relaunch.host_passphrase:
        pytest.skip(f"{relaunch.name}: the passphrase is entered on the device")
    relaunch.start(passphrase=True)
    wallet = relaunch.open(devices)
    wallet.info = DeviceInfo(type=relaunch.device_type, path=relaunch.path, needs_passphrase=True)
    wallet.set_passphrase("correct horse")
    other = expected.root(DEFAULT_MNEMONIC, "correct horse").my_fingerprint.hex()
    assert wallet.fingerprint() == other != FINGERPRINT
    wallet.set_passphrase("")
    assert wallet.fingerprint() == FINGERPRINT


def test_hwis_own_signmessage_signs_for_the_legacy_address_the_app_does_not_prove(
    backend: Backend, wallet: HwiWallet
) -> None:
    """Why the app does not sign through HWI's `signmessage` (SPENDADDRESS / AF_CLASSIC at
    m/84h/…): every device signs for the key's legacy address, and a Trezor One warns about
    the path first. The simulator must show the same, or a regression would go unseen."""
    from hwilib import commands

    chosen = account(backend, ScriptType.P2WPKH)
    legacy = expected.legacy_address_at(DEFAULT_MNEMONIC, chosen.address_path(0), chosen.network)
    with backend.watching(wallet, chosen) as view:
        client = hwi_client(wallet, chosen)
        commands.signmessage(client, "I confirm my bitcoin wallet. [hwi]", chosen.address_path(0))
    print(f"\n{backend.name} HWI signmessage: {view.shown}")
    assert view.signed_for == legacy  # mzYpQm…, not tb1q6rz2…
    assert view.warned is (backend.device_type == "trezor")
