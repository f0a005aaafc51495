"""The devices interface over HWI (`hwilib.commands`), for every family HWI supports.

`HwiDevices` lists devices and opens them (hwi_wallet.py). All HWI calls of all its wallets,
enumeration included, share one device thread (executor.py), each with a timeout, and every
exception comes out of `hwi_errors` as our own type.
"""

from __future__ import annotations

from typing import Any

from hwilib import commands
from hwilib import errors as hwe

from pocketgui.devices import errors as e
from pocketgui.devices.base import DeviceInfo, DeviceManager
from pocketgui.devices.executor import DeviceExecutor
from pocketgui.devices.families import family
from pocketgui.devices.hwi_errors import error_from_code, hwi_errors
from pocketgui.devices.hwi_wallet import HwiWallet, Timeouts
from pocketgui.devices.usb_access import UsbDevice, inaccessible_devices, udev_fix

__all__ = ["HwiDevices", "HwiWallet", "Timeouts", "device_info"]


class HwiDevices(DeviceManager):
    """`allow_emulators`: also look for emulators and simulators (HWI probes fixed local ports:
    the Trezor one at UDP 21324, Ledger's Speculos at TCP 9999, Jade's at 30121…). On for
    demo mode; off for real wallets, so a stray local service cannot pose as a device."""

    def __init__(self, *, allow_emulators: bool = False, timeouts: Timeouts = Timeouts()) -> None:
        self.allow_emulators = allow_emulators
        self.timeouts = timeouts
        self._executor = DeviceExecutor()
        self._wallets: list[HwiWallet] = []

    def enumerate(self, passphrase: str | None = None) -> list[DeviceInfo]:
        return self._executor.run(lambda: self._enumerate(passphrase), self.timeouts.enumerate)

    @hwi_errors
    def _enumerate(self, passphrase: str | None) -> list[DeviceInfo]:
        found = commands.enumerate(password=passphrase, allow_emulators=self.allow_emulators)
        denied = inaccessible_devices()
        infos = [device_info(entry, denied) for entry in found]
        listed = {info.type for info in infos}
        for usb in denied:  # a family HWI did not even list: show it with the fix
            if usb.family not in listed:
                infos.append(
                    DeviceInfo(
                        type=usb.family,
                        path=f"usb:{usb.bus:03d}:{usb.address:03d}",
                        error=e.PermissionDenied("USB access denied", fix=udev_fix()),
                    )
                )
        return infos

    def open(self, device: DeviceInfo) -> HwiWallet:
        wallet = HwiWallet(device, self._executor, self.timeouts)
        self._wallets.append(wallet)
        return wallet

    def open_path(self, device_type: str, path: str) -> HwiWallet:
        """Open a device enumerate cannot list, e.g. a simulator on another UDP port."""
        return self.open(DeviceInfo(type=device_type, path=path))

    def close(self) -> None:
        for wallet in self._wallets:
            wallet.close()
        self._wallets.clear()
        self._executor.shutdown()

    def __enter__(self) -> HwiDevices:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def device_info(entry: dict[str, Any], denied: list[UsbDevice]) -> DeviceInfo:
    """Our DeviceInfo for one entry of HWI's enumerate; a family that cannot prove an address
    here (families.py) comes with the reason as its error."""
    error = None
    if "error" in entry:
        error = error_from_code(int(entry.get("code", hwe.UNKNOWN_ERROR)), str(entry["error"]))
        locked = isinstance(error, (e.DeviceLocked, e.NeedsPassphrase))
        if not locked and any(usb.family == entry.get("type") for usb in denied):
            error = e.PermissionDenied(str(entry["error"]), fix=udev_fix())
    refusal = family(str(entry.get("type"))).refusal()
    if refusal:  # it could never complete the proof: say why, and offer no PIN entry
        return DeviceInfo(
            type=str(entry.get("type")),
            path=str(entry.get("path")),
            model=entry.get("model"),
            label=entry.get("label"),
            error=e.UnsupportedOperation(str(entry.get("type")), refusal),
        )
    return DeviceInfo(
        type=str(entry.get("type")),
        path=str(entry.get("path")),
        model=entry.get("model"),
        label=entry.get("label"),
        fingerprint=entry.get("fingerprint"),
        needs_pin=bool(entry.get("needs_pin_sent")),
        # HWI reports "passphrase protection on but none given" as a warning on Trezor One
        needs_passphrase=bool(entry.get("needs_passphrase_sent")) or bool(entry.get("warnings")),
        error=error,
    )
