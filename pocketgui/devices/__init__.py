"""Hardware wallets through HWI, and the payout proof done on them. No Qt.

    with HwiDevices() as devices:
        info = devices.enumerate()[0]
        wallet = devices.open(info)
        proof = prove_payout(wallet, Account(ScriptType.P2WPKH, 0, Network.MAINNET), token)

Every call blocks until the device answers: call it from a worker thread. Errors are the
DeviceError tree of `devices.errors`; a rejection on the device is the silent UserCancelled.
"""

from pocketgui.devices.base import (
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
from pocketgui.devices.hwi import HwiDevices, HwiWallet, Timeouts
from pocketgui.devices.proof import (
    PayoutProof,
    ProofStep,
    challenge_message,
    prove_payout,
    same_destination,
)

__all__ = [
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
