"""The demo's simulated Trezor listed as another family, for what depends on the family alone.

No BitBox02, Jade or Ledger emulator builds here (docs/devices.md), and what the app offers a
family and tells the person about it is decided by devices/families.py from the device's type.
So the real simulator answers (keys, addresses, signatures over UDP through HWI), while the
flow sees the family under test.
"""

from __future__ import annotations

from dataclasses import replace

from pocketgui.devices.base import DeviceInfo, DeviceManager, HardwareWallet
from pocketgui.flow.demo import Demo


class AsFamily(DeviceManager):
    def __init__(self, inner: DeviceManager, device_type: str) -> None:
        self.inner = inner
        self.device_type = device_type

    def enumerate(self, passphrase: str | None = None) -> list[DeviceInfo]:
        return [replace(i, type=self.device_type) for i in self.inner.enumerate(passphrase)]

    def open(self, device: DeviceInfo) -> HardwareWallet:
        return self.inner.open(replace(device, type="trezor"))

    def close(self) -> None:
        self.inner.close()


def list_as(demo: Demo, device_type: str) -> None:
    """From now on the demo lists its device as `device_type` (model None: no Trezor name)."""
    demo.services.extra_devices = tuple(
        replace(i, type=device_type, model=None) for i in demo.services.extra_devices)
    demo.services.devices = AsFamily(demo.services.devices, device_type)
