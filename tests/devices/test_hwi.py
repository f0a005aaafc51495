"""HWI's enumerate entries become DeviceInfo; keys get the version of their script type."""

from __future__ import annotations

from hwilib import errors as hwe

from pocketgui.bitcoin import Network, ScriptType
from pocketgui.devices import Account, DeviceLocked, HwiDevices, PermissionDenied, Timeouts
from pocketgui.devices.hwi import device_info
from pocketgui.devices.hwi_wallet import versioned_key
from pocketgui.devices.simulator import SimulatedTrezor
from pocketgui.devices.usb_access import UsbDevice, family_of

XPUB = (
    "xpub6CatWdiZiodmUeTDp8LT5or8nmbKNcuyvz7WyksVFkKB4RHwCD3XyuvPEbvqAQY3rAPshWcMLoP2fMFMKHPJ4ZeZ"
    "XYVUhLv1VMrjPC7PW6V"
)
ZPUB = (
    "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31m"
    "GDtKsAYz2oz2AGutZYs"
)


def test_a_failed_open_with_a_usb_permission_problem_says_so() -> None:
    denied = [UsbDevice("ledger", 0x2C97, 0x4011, 1, 5)]
    entry = {
        "type": "ledger",
        "path": "1-1:1.0",
        "model": "ledger_nano_x",
        "code": -13,
        "error": "Could not open client or get fingerprint information: open failed",
    }
    info = device_info(entry, denied)
    assert isinstance(info.error, PermissionDenied) and "udevadm" in info.error.fix
    assert device_info(entry, []).error is not None
    assert not isinstance(device_info(entry, []).error, PermissionDenied)


def test_locked_and_passphrase_entries() -> None:
    locked = device_info(
        {
            "type": "trezor",
            "path": "webusb:001:1",
            "needs_pin_sent": True,
            "code": hwe.DEVICE_NOT_READY,
            "error": "Trezor is locked",
        },
        [UsbDevice("trezor", 0x1209, 0x53C1, 1, 2)],
    )
    assert locked.needs_pin and isinstance(locked.error, DeviceLocked)
    warned = device_info(
        {"type": "trezor", "path": "hid:x", "fingerprint": "73c5da0a", "warnings": [["..."]]}, []
    )
    assert warned.needs_passphrase and warned.error is None and not warned.simulated


def test_usb_families() -> None:
    assert family_of(0x534C, 0x0001) == "trezor"
    assert family_of(0x2C97, 0x5011) == "ledger"  # any Ledger product
    assert family_of(0x1234, 0x0001) is None


def test_versioned_key() -> None:
    assert versioned_key(XPUB, Account()) == ZPUB
    assert versioned_key(XPUB, Account(ScriptType.P2PKH)) == XPUB
    tpub = versioned_key(XPUB, Account(ScriptType.P2PKH, 0, Network.TESTNET))
    assert tpub.startswith("tpub")
    assert versioned_key(tpub, Account(ScriptType.P2SH_P2WPKH, 0, Network.REGTEST))[:4] == "upub"


def test_emulators_are_left_out_by_default(default_port: int) -> None:
    with (
        SimulatedTrezor(port=default_port) as sim,
        HwiDevices(timeouts=Timeouts(enumerate=60.0)) as devices,
    ):
        assert all(d.path != sim.path for d in devices.enumerate())
