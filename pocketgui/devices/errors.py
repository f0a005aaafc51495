"""Errors of the devices layer: what went wrong with a hardware wallet, said for a person.

    DeviceError                  str(e) is a sentence for the person; e.detail is HWI's text
    ├── DeviceNotFound           no such device (any more) at that path
    ├── DeviceDisconnected       it went away during the operation (unplugged, emulator gone)
    ├── DeviceLocked             needs its PIN (or an unlock on the device itself)
    ├── WrongPin                 the PIN entered was wrong; nothing was done
    ├── NeedsPassphrase          passphrase protection is on and none was given
    ├── WrongApp                 Ledger: the Bitcoin (Testnet) app is not open
    ├── UnsupportedOperation     this device/firmware cannot do that
    ├── PermissionDenied         Linux: no access to the USB device; `fix` says what to run
    ├── DeviceBusy               another program is using it
    ├── DeviceTimeout            no answer in time (the person did not confirm, or it hangs)
    ├── DeviceNotInitialized     it has no seed yet
    ├── InvalidRequest           HWI refused the arguments (a bug on our side)
    ├── DeviceFailure            anything else the device or HWI reported
    └── ProofMismatch            the device's answers do not check out: stop, keep the evidence
        ├── AddressMismatch      the address on the screen is not the one derived locally
        └── SignatureMismatch    the signature does not verify for the derived address

    UserCancelled                the person pressed reject on the device: not an error to show

UserCancelled is deliberately outside DeviceError: a UI catching DeviceError shows a message,
and a cancellation the person made themselves must stay silent.
"""

from __future__ import annotations

from pocketgui.i18n.catalog import N_, _


class UserCancelled(Exception):
    """The person cancelled on the device. The UI goes back quietly."""


class DeviceError(Exception):
    """Base of every device error; `str()` is the sentence to show, in the app's language
    (`human`, marked with N_, is translated when the error is made; a `human` given is taken
    as already translated)."""

    human = N_("The hardware wallet reported a problem.")

    def __init__(self, detail: str = "", human: str | None = None) -> None:
        self.detail = detail
        super().__init__(human or _(self.human))


class DeviceNotFound(DeviceError):
    human = N_("The hardware wallet was not found. Is it plugged in and unlocked?")


class DeviceDisconnected(DeviceError):
    human = N_("The hardware wallet was disconnected. Plug it in again and retry.")


class DeviceLocked(DeviceError):
    human = N_("The hardware wallet is locked. Enter its PIN first.")


class WrongPin(DeviceError):
    human = N_("That PIN was wrong. Nothing was done; try again with the keypad as shown now.")


class NeedsPassphrase(DeviceError):
    human = N_("This wallet uses a passphrase. Enter it to continue.")


class WrongApp(DeviceError):
    human = N_("Open the Bitcoin app on the Ledger (Bitcoin Test for testnet), then retry.")


class UnsupportedOperation(DeviceError):
    human = N_("This hardware wallet cannot do that (or its firmware is too old).")


class PermissionDenied(DeviceError):
    human = N_("This computer does not let pocketgui use the hardware wallet (USB permissions).")

    def __init__(self, detail: str = "", fix: str = "", human: str | None = None) -> None:
        super().__init__(detail, human)
        self.fix = fix


class DeviceBusy(DeviceError):
    human = N_("The hardware wallet is busy, maybe used by another program. Close it and retry.")


class DeviceTimeout(DeviceError):
    human = N_("The hardware wallet did not answer in time.")


class DeviceNotInitialized(DeviceError):
    human = N_("The hardware wallet is not set up yet. Set it up with its own app first.")


class InvalidRequest(DeviceError):
    human = N_("The hardware wallet refused the request.")


class DeviceFailure(DeviceError):
    pass


class ProofMismatch(DeviceError):
    human = N_("The hardware wallet's answer does not match. Nothing was sent.")


class AddressMismatch(ProofMismatch):
    human = N_("The address on the device is not the address derived here. Nothing was sent.")


class SignatureMismatch(ProofMismatch):
    human = N_("The device's signature does not verify for this address. Nothing was sent.")
