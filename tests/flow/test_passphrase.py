"""A wallet with passphrase protection: each passphrase is another wallet, so the fingerprint
(and everything derived) follows the passphrase the person typed."""

from __future__ import annotations

from pathlib import Path

from pocketgui.api.client import PocketClient
from pocketgui.api.environments import Environment
from pocketgui.devices.base import DeviceInfo
from pocketgui.devices.hwi import HwiDevices
from pocketgui.devices.simulator import SimulatedTrezor
from pocketgui.flow import PurchaseFlow, Services, Step
from pocketgui.sandbox import SandboxServer
from pocketgui.store import Store


def test_passphrase_opens_its_own_wallet(sandbox: SandboxServer, tmp_path: Path) -> None:
    with SimulatedTrezor(port=0, passphrase="correct horse") as sim, HwiDevices() as devices:
        info = DeviceInfo(type="trezor", path=sim.path, model="trezor_1_simulator",
                          needs_passphrase=True)
        services = Services(devices=devices,
                            pocket=PocketClient(Environment.sandbox(sandbox.url), "demo"),
                            store=Store(tmp_path / "s.sqlite3"), extra_devices=(info,),
                            enumerate_devices=False)
        flow = PurchaseFlow(services)
        flow.choose_device(flow.find_devices()[0])
        flow.use_passphrase("correct horse")
        assert flow.read_wallet() == sim.fingerprint("correct horse")
        assert flow.valid(Step.CONNECT)
        flow.next()
        with_phrase = flow.read_address()
        flow.use_passphrase("")  # the wallet without passphrase: another wallet
        assert not flow.valid(Step.CONNECT) and not flow.data.address
        assert flow.read_wallet() == sim.fingerprint("")
        assert flow.read_address() != with_phrase
        flow.close()
