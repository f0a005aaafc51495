"""Linux USB permissions: find hardware wallets this user may not open, and say how to fix it.

HWI's enumerate flattens a failed open into a text message, so it cannot tell "no permission"
apart from other failures. libusb can: opening the device raises USBErrorAccess. On Linux
the fix is HWI's udev rules (shipped inside hwilib) and membership of the plugdev group.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import hwilib

from pocketgui.i18n.catalog import _

_RULES = Path(hwilib.__file__).resolve().parent / "udev"
# One line (a packaged copy is INSTALL-USB-RULES.txt). The rules folder is quoted: a venv or an
# unpacked bundle may sit under a path with spaces. Jade is a USB serial port: group dialout.
UDEV_COMMAND = (
    f'sudo cp "{_RULES}"/*.rules /etc/udev/rules.d/ && sudo udevadm trigger && '
    "sudo udevadm control --reload-rules && sudo groupadd -f plugdev && "
    'sudo usermod -aG plugdev,dialout "$USER"'
)
UDEV_FIX = (f"{UDEV_COMMAND}   # dialout: for Jade (a serial port); "
            "then unplug the device, log out and in again")


def udev_fix() -> str:
    """The fix as the app says it, in the person's language; the command itself never changes
    (`UDEV_FIX`, with its English comment, is the packaged copy's)."""
    return _("Run this in a terminal:\n{command}\nThen unplug the device, log out and log in "
             "again (the group dialout is for Jade, a serial port).").format(command=UDEV_COMMAND)

# USB ids of the families HWI supports (from hwilib/udev/*.rules); None = any product.
USB_IDS: dict[tuple[int, int | None], str] = {
    (0x534C, 0x0001): "trezor",
    (0x1209, 0x53C1): "trezor",
    (0x1209, 0x53C0): "trezor",
    (0x2B24, 0x0001): "keepkey",
    (0x2B24, 0x0002): "keepkey",
    (0x2C97, None): "ledger",
    (0xD13E, 0xCC10): "coldcard",
    (0x03EB, 0x2403): "bitbox02",
    (0x03EB, 0x2402): "digitalbitbox",
    (0x10C4, 0xEA60): "jade",
    (0x1A86, 0x55D4): "jade",
    (0x303A, 0x4001): "jade",
}


@dataclass(frozen=True)
class UsbDevice:
    family: str  # HWI's device type
    vendor_id: int
    product_id: int
    bus: int
    address: int


def family_of(vendor_id: int, product_id: int) -> str | None:
    return USB_IDS.get((vendor_id, product_id)) or USB_IDS.get((vendor_id, None))


def inaccessible_devices() -> list[UsbDevice]:
    """Hardware wallets on the USB bus that this user is not allowed to open (Linux only)."""
    if not sys.platform.startswith("linux"):
        return []
    import usb1  # type: ignore[import-untyped]

    found: list[UsbDevice] = []
    try:
        with usb1.USBContext() as context:
            for device in context.getDeviceIterator(skip_on_error=True):
                family = family_of(device.getVendorID(), device.getProductID())
                if family is None:
                    continue
                try:
                    device.open().close()
                except usb1.USBErrorAccess:
                    found.append(
                        UsbDevice(
                            family,
                            device.getVendorID(),
                            device.getProductID(),
                            device.getBusNumber(),
                            device.getDeviceAddress(),
                        )
                    )
                except usb1.USBError:
                    continue
    except usb1.USBError:  # no USB at all (containers): nothing we could open anyway
        return []
    return found
