"""Hardware wallets through HWI, and the payout proof done on them. No Qt.

    with HwiDevices() as devices:
        info = devices.enumerate()[0]
        wallet = devices.open(info)
        proof = prove_payout(wallet, Account(ScriptType.P2WPKH, 0, Network.MAINNET), token)

Every call blocks until the device answers: call it from a worker thread. Errors are the
DeviceError tree of `devices.errors`; a rejection on the device is the silent UserCancelled.

Names load on first use, so `import pocketgui.devices.simulator` does not pull in HWI's client
code (the simulator is a device: it must not depend on the host side it is tested with).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pocketgui.devices.base import (
        PIN_KEYPAD,
        Account,
        AccountKey,
        DeviceInfo,
        DeviceManager,
        HardwareWallet,
        relative_path,
    )
    from pocketgui.devices.errors import (
        AddressMismatch,
        DeviceBusy,
        DeviceDisconnected,
        DeviceError,
        DeviceFailure,
        DeviceLocked,
        DeviceNotFound,
        DeviceNotInitialized,
        DeviceTimeout,
        InvalidRequest,
        NeedsPassphrase,
        PermissionDenied,
        ProofMismatch,
        SignatureMismatch,
        UnsupportedOperation,
        UserCancelled,
        WrongApp,
        WrongPin,
    )
    from pocketgui.devices.hwi import HwiDevices
    from pocketgui.devices.hwi_wallet import HwiWallet, Timeouts
    from pocketgui.devices.proof import (
        PayoutProof,
        ProofStep,
        challenge_message,
        prove_payout,
        same_destination,
    )

_WHERE = {
    "Account": "pocketgui.devices.base",
    "AccountKey": "pocketgui.devices.base",
    "AddressMismatch": "pocketgui.devices.errors",
    "DeviceBusy": "pocketgui.devices.errors",
    "DeviceDisconnected": "pocketgui.devices.errors",
    "DeviceError": "pocketgui.devices.errors",
    "DeviceFailure": "pocketgui.devices.errors",
    "DeviceInfo": "pocketgui.devices.base",
    "DeviceLocked": "pocketgui.devices.errors",
    "DeviceManager": "pocketgui.devices.base",
    "DeviceNotFound": "pocketgui.devices.errors",
    "DeviceNotInitialized": "pocketgui.devices.errors",
    "DeviceTimeout": "pocketgui.devices.errors",
    "HardwareWallet": "pocketgui.devices.base",
    "HwiDevices": "pocketgui.devices.hwi",
    "HwiWallet": "pocketgui.devices.hwi_wallet",
    "InvalidRequest": "pocketgui.devices.errors",
    "NeedsPassphrase": "pocketgui.devices.errors",
    "PIN_KEYPAD": "pocketgui.devices.base",
    "PayoutProof": "pocketgui.devices.proof",
    "PermissionDenied": "pocketgui.devices.errors",
    "ProofMismatch": "pocketgui.devices.errors",
    "ProofStep": "pocketgui.devices.proof",
    "SignatureMismatch": "pocketgui.devices.errors",
    "Timeouts": "pocketgui.devices.hwi_wallet",
    "UnsupportedOperation": "pocketgui.devices.errors",
    "UserCancelled": "pocketgui.devices.errors",
    "WrongApp": "pocketgui.devices.errors",
    "WrongPin": "pocketgui.devices.errors",
    "challenge_message": "pocketgui.devices.proof",
    "prove_payout": "pocketgui.devices.proof",
    "relative_path": "pocketgui.devices.base",
    "same_destination": "pocketgui.devices.proof",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'pocketgui.devices' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "PIN_KEYPAD",
    "Account",
    "AccountKey",
    "AddressMismatch",
    "DeviceBusy",
    "DeviceDisconnected",
    "DeviceError",
    "DeviceFailure",
    "DeviceInfo",
    "DeviceLocked",
    "DeviceManager",
    "DeviceNotFound",
    "DeviceNotInitialized",
    "DeviceTimeout",
    "HardwareWallet",
    "HwiDevices",
    "HwiWallet",
    "InvalidRequest",
    "NeedsPassphrase",
    "PayoutProof",
    "PermissionDenied",
    "ProofMismatch",
    "ProofStep",
    "SignatureMismatch",
    "Timeouts",
    "UnsupportedOperation",
    "UserCancelled",
    "WrongApp",
    "WrongPin",
    "challenge_message",
    "prove_payout",
    "relative_path",
    "same_destination",
]
