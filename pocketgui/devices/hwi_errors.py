"""One decorator that turns what HWI and the libraries under it raise into our error types.

Decided by exception type and HWI's numeric error codes (and Ledger status words, and Trezor
failure codes) — never by reading message text, which changes between versions. The cause
chain is read innermost first: HWI often re-raises a vendor exception as a generic one (a
Ledger with the wrong app open becomes DeviceConnectionError, its cause says NotSupported).
"""

from __future__ import annotations

import errno
import functools
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

import usb1  # type: ignore[import-untyped]
from hwilib import errors as hwe
from hwilib.devices.trezorlib import exceptions as trezor_exc
from hwilib.devices.trezorlib import messages as trezor_msg
from hwilib.devices.trezorlib.transport import TransportException

from pocketgui.devices import errors as e
from pocketgui.devices.usb_access import udev_fix

P = ParamSpec("P")
R = TypeVar("R")
Mapped = e.DeviceError | e.UserCancelled

HWI_CODES: dict[int, type[Mapped]] = {
    hwe.ACTION_CANCELED: e.UserCancelled,
    hwe.DEVICE_CONN_ERROR: e.DeviceDisconnected,
    hwe.NO_PASSWORD: e.NeedsPassphrase,
    hwe.DEVICE_NOT_READY: e.DeviceLocked,
    hwe.NOT_IMPLEMENTED: e.UnsupportedOperation,
    hwe.UNAVAILABLE_ACTION: e.UnsupportedOperation,
    hwe.NEED_TO_BE_ROOT: e.PermissionDenied,
    hwe.DEVICE_BUSY: e.DeviceBusy,
    hwe.BAD_ARGUMENT: e.InvalidRequest,
    hwe.DEVICE_NOT_INITIALIZED: e.DeviceNotInitialized,
    hwe.UNKNWON_DEVICE_TYPE: e.UnsupportedOperation,
}

_F = trezor_msg.FailureType
TREZOR_FAILURES: dict[int, type[Mapped]] = {
    _F.ActionCancelled: e.UserCancelled,
    _F.PinCancelled: e.UserCancelled,
    _F.PinInvalid: e.WrongPin,
    _F.PinExpected: e.DeviceLocked,
    _F.NotInitialized: e.DeviceNotInitialized,
    _F.DataError: e.InvalidRequest,
}

LEDGER_STATUS: dict[int, type[Mapped]] = {
    0x6985: e.UserCancelled,  # conditions of use not satisfied: the person said no
    0x6982: e.DeviceLocked,  # security status not satisfied: locked
    0x5515: e.DeviceLocked,  # device locked
    0x6E00: e.WrongApp,  # CLA not supported: another app (or the dashboard) is open
    0x6E01: e.WrongApp,
    0x6D00: e.WrongApp,  # INS not supported
    0x6D02: e.WrongApp,
    0x6511: e.WrongApp,  # no app open
    0x6A82: e.WrongApp,  # HWI's code for "not the Bitcoin app"
}

TYPES: list[tuple[type[BaseException], type[Mapped]]] = [
    (trezor_exc.Cancelled, e.UserCancelled),
    (trezor_exc.PinException, e.WrongPin),
    (trezor_exc.OutdatedFirmwareError, e.UnsupportedOperation),
    (TransportException, e.DeviceDisconnected),
    (usb1.USBErrorNoDevice, e.DeviceDisconnected),
    (usb1.USBErrorAccess, e.PermissionDenied),
    (usb1.USBErrorBusy, e.DeviceBusy),
    (usb1.USBErrorTimeout, e.DeviceTimeout),
    (PermissionError, e.PermissionDenied),
    (ConnectionError, e.DeviceDisconnected),  # refused/reset/aborted, broken pipe
]
_GONE_ERRNOS = {errno.ENODEV, errno.ENXIO, errno.EIO, errno.EBADF, errno.ENOTCONN}


def _ledger_types() -> tuple[
    tuple[type[BaseException], ...], list[tuple[type[BaseException], type[Mapped]]]
]:
    """Ledger's vendored client brings its own copy of HWI's error classes, and its own types."""
    try:
        from hwilib.devices.ledger_bitcoin import errors as lerr
        from hwilib.devices.ledger_bitcoin.exception import errors as lx
    except ImportError:  # pragma: no cover - HWI installed without Ledger support
        return (), []
    return (lerr.HWWError,), [
        (lx.DenyError, e.UserCancelled),
        (lx.SecurityStatusNotSatisfiedError, e.DeviceLocked),
        (lx.NotSupportedError, e.WrongApp),
        (lx.ClaNotSupportedError, e.WrongApp),
        (lx.InsNotSupportedError, e.WrongApp),
    ]


_LEDGER_HWW, _LEDGER_TYPES = _ledger_types()
TYPES += _LEDGER_TYPES
HWW_ERRORS: tuple[type[BaseException], ...] = (hwe.HWWError, *_LEDGER_HWW)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and its causes, innermost first."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return reversed(seen)


def _classify(exc: BaseException) -> type[Mapped] | None:
    if isinstance(exc, (e.DeviceError, e.UserCancelled)):
        return type(exc)
    for kind, mapped in TYPES:
        if isinstance(exc, kind):
            return mapped
    if isinstance(exc, trezor_exc.TrezorFailure):
        code = exc.code
        return TREZOR_FAILURES.get(code, e.DeviceFailure) if code is not None else e.DeviceFailure
    if isinstance(exc, HWW_ERRORS):
        code = getattr(exc, "code", None)
        return HWI_CODES.get(code, e.DeviceFailure) if isinstance(code, int) else e.DeviceFailure
    sw = getattr(exc, "sw", None)
    if isinstance(sw, int) and sw in LEDGER_STATUS and type(exc).__module__.startswith("hwilib"):
        return LEDGER_STATUS[sw]
    if isinstance(exc, OSError) and exc.errno in _GONE_ERRNOS:
        return e.DeviceDisconnected
    return None


def make_error(kind: type[Mapped], detail: str) -> Mapped:
    if kind is e.PermissionDenied:
        return e.PermissionDenied(detail, fix=udev_fix())
    if kind is e.UserCancelled:
        return e.UserCancelled(detail)
    assert issubclass(kind, e.DeviceError)
    return kind(detail)


def translate(exc: BaseException) -> Mapped:
    """Our error for anything HWI (or a library under it) raised."""
    if isinstance(exc, (e.DeviceError, e.UserCancelled)):
        return exc
    for link in _chain(exc):
        kind = _classify(link)
        if kind is not None:
            return make_error(kind, str(exc) or type(exc).__name__)
    return e.DeviceFailure(f"{type(exc).__name__}: {exc}")


def error_from_code(code: int, detail: str) -> Mapped:
    """For HWI's enumerate, which reports errors as {"error": text, "code": n}."""
    return make_error(HWI_CODES.get(code, e.DeviceFailure), detail)


def hwi_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Run `func`; whatever it raises comes out as a DeviceError or UserCancelled."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            mapped = translate(exc)
            if mapped is exc:
                raise
            raise mapped from exc

    return wrapper
