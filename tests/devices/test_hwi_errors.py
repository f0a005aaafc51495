"""The decorator maps HWI's exceptions by type and code (never by their text)."""

from __future__ import annotations

import pytest
import usb1
from hwilib import errors as hwe
from hwilib.devices.ledger_bitcoin.client_base import ApduException
from hwilib.devices.ledger_bitcoin.exception import NotSupportedError
from hwilib.devices.trezorlib import exceptions as trezor_exc
from hwilib.devices.trezorlib import messages as tm
from hwilib.devices.trezorlib.transport import TransportException

from pocketgui.devices import errors as e
from pocketgui.devices.hwi_errors import error_from_code, hwi_errors, translate


def raising(exc: BaseException) -> None:
    raise exc


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (hwe.ActionCanceledError("x"), e.UserCancelled),
        (hwe.DeviceConnectionError("x"), e.DeviceDisconnected),
        (hwe.NoPasswordError("x"), e.NeedsPassphrase),
        (hwe.DeviceNotReadyError("x"), e.DeviceLocked),
        (hwe.UnavailableActionError("x"), e.UnsupportedOperation),
        (hwe.NotImplementedError("x"), e.UnsupportedOperation),
        (hwe.NeedsRootError("x"), e.PermissionDenied),
        (hwe.DeviceBusyError("x"), e.DeviceBusy),
        (hwe.BadArgumentError("x"), e.InvalidRequest),
        (hwe.DeviceFailureError("x"), e.DeviceFailure),
        (trezor_exc.Cancelled(), e.UserCancelled),
        (trezor_exc.PinException(tm.FailureType.PinInvalid, "x"), e.WrongPin),
        (trezor_exc.TrezorFailure(tm.Failure(code=tm.FailureType.PinExpected)), e.DeviceLocked),
        (trezor_exc.TrezorFailure(tm.Failure(code=tm.FailureType.ProcessError)), e.DeviceFailure),
        (TransportException("x"), e.DeviceDisconnected),
        (usb1.USBErrorNoDevice(), e.DeviceDisconnected),
        (usb1.USBErrorAccess(), e.PermissionDenied),
        (ConnectionRefusedError(111, "refused"), e.DeviceDisconnected),
        (ApduException(0x6985, b""), e.UserCancelled),
        (ApduException(0x6E00, b""), e.WrongApp),
        (RuntimeError("anything else"), e.DeviceFailure),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else v.__name__,
)
def test_mapping(raised: BaseException, expected: type[Exception]) -> None:
    with pytest.raises(expected) as caught:
        hwi_errors(raising)(raised)
    if raised is not caught.value:
        assert caught.value.__cause__ is raised


def test_the_innermost_cause_decides() -> None:
    """HWI's Ledger client turns "wrong app" into DeviceConnectionError; its cause says why."""
    try:
        try:
            raise NotSupportedError(0x6A82, None, "Ledger is not in either ... app")
        except NotSupportedError as inner:
            raise hwe.DeviceConnectionError(inner.args[2])  # noqa: B904 - exactly as HWI does
    except hwe.DeviceConnectionError as outer:
        assert isinstance(translate(outer), e.WrongApp)
    # the same generic error without such a cause stays "disconnected"
    assert isinstance(translate(hwe.DeviceConnectionError("x")), e.DeviceDisconnected)


def test_message_text_does_not_matter() -> None:
    misleading = hwe.DeviceFailureError("Action canceled by user, device disconnected, wrong PIN")
    assert type(translate(misleading)) is e.DeviceFailure


def test_permission_denied_carries_the_udev_fix() -> None:
    error = translate(usb1.USBErrorAccess())
    assert isinstance(error, e.PermissionDenied)
    assert 'udev"/*.rules' in error.fix and "plugdev,dialout" in error.fix


def test_enumerate_codes() -> None:
    assert isinstance(error_from_code(hwe.DEVICE_NOT_READY, "locked"), e.DeviceLocked)
    assert isinstance(error_from_code(hwe.UNKNOWN_ERROR, "?"), e.DeviceFailure)
    assert error_from_code(hwe.UNKNOWN_ERROR, "detail text").detail == "detail text"


def test_our_errors_pass_through_unchanged() -> None:
    mine = e.AddressMismatch("x")
    with pytest.raises(e.AddressMismatch) as caught:
        hwi_errors(raising)(mine)
    assert caught.value is mine


def test_every_error_speaks_to_a_person() -> None:
    assert str(e.DeviceLocked("HWI text")) == e.DeviceLocked.human
    assert e.DeviceLocked("HWI text").detail == "HWI text"
