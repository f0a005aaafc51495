"""The embedded demo: a Pocket sandbox on regtest and a PIN-protected simulated Trezor, in-process.

Started after the first paint, on a worker: it imports uvicorn, FastAPI, httpx and HWI. The
sandbox keeps its database in the user data directory (a restart finds the demo's orders
again) and settles payouts a few seconds after execution, so the person sees "executed" and
then "settled". The simulated device reports itself as a Trezor One (host-side PIN matrix).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from pocketgui.api.client import PocketClient
from pocketgui.api.environments import Environment
from pocketgui.bitcoin.networks import Network
from pocketgui.devices.base import DeviceInfo
from pocketgui.devices.hwi import HwiDevices
from pocketgui.devices.hwi_wallet import Timeouts
from pocketgui.devices.simulator import SimulatedTrezor
from pocketgui.devices.simulator.interactive import attach
from pocketgui.devices.simulator.person import Screen, ScriptedPerson
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.flow.model import Services
from pocketgui.sandbox.config import SandboxConfig
from pocketgui.sandbox.server import SandboxServer
from pocketgui.store.repository import Store

DEMO_PIN = "1234"
DEMO_CLIENT_ID = "pocketgui-demo"
# The embedded sandbox's creditor accounts (CHF, EUR, GBP; `sandbox.payment_instructions`), as
# data: the client may not import the sandbox. An order answer naming any other account — even a
# checksum-valid one — is refused as tampered (tests/sandbox keep the two lists equal).
SANDBOX_CREDITOR_IBANS = frozenset({
    "CH9400778214768302002",
    "DE89370400440532013000",
    "GB29NWBK60161331926819",
})


@dataclass
class Demo:
    sandbox: SandboxServer
    simulator: SimulatedTrezor
    services: Services

    def close(self) -> None:
        self.services.devices.close()
        self.services.pocket.close()
        if self.services.demo_bank is not None:
            self.services.demo_bank.close()
        self.simulator.stop()
        self.sandbox.stop()
        self.services.store.close()


def start_demo(data_dir: Path, *, person: ScriptedPerson | None = None,
               on_screen: Callable[[Screen], None] | None = None,
               sandbox_db: str | None = None, settle_delay: float = 4.0,
               store_path: str | None = None, challenge_ttl: float = 600.0,
               timeouts: Timeouts = Timeouts(),
               transport: httpx.BaseTransport | None = None) -> Demo:
    """Blocks (≈0.5 s). Everything the demo needs, running; `Demo.close()` stops it.

    `transport`: the HTTP transport of the Pocket client (tests put a tampering one in between)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(store_path or data_dir / "pocketgui-demo.sqlite3")  # a refused file: nothing ran
    sandbox = SandboxServer(SandboxConfig(
        network=Network.REGTEST, port=0, electrum_port=0, settle_delay=settle_delay,
        challenge_ttl=challenge_ttl,
        db_path=sandbox_db or str(data_dir / "demo-sandbox.sqlite3"))).start()
    simulator = SimulatedTrezor(port=0, pin=DEMO_PIN, label="Demo Trezor",
                                on_screen=on_screen).start()
    if person is not None:
        attach(simulator, person)
    services = Services(
        devices=HwiDevices(timeouts=timeouts),
        pocket=PocketClient(Environment.sandbox(sandbox.url,
                                                creditor_ibans=SANDBOX_CREDITOR_IBANS),
                            DEMO_CLIENT_ID, transport=transport),
        store=store,
        demo_bank=DemoBank(sandbox.url, DEMO_CLIENT_ID),
        extra_devices=(DeviceInfo(type="trezor", path=simulator.path,
                                  model="trezor_1_simulator", label="Demo Trezor",
                                  needs_pin=True),),
        enumerate_devices=False,
        draft_path=data_dir / "wizard-draft-demo.json",
    )
    return Demo(sandbox, simulator, services)


def start_regtest_sandbox(*, electrum: bool = False) -> SandboxServer:
    """Blocks. A throw-away regtest sandbox in memory, for the bundle's self-test: the client
    starts the sandbox only here, so the import contracts name one place (pyproject)."""
    return SandboxServer(SandboxConfig(network=Network.REGTEST, db_path=":memory:", port=0,
                                       electrum_port=0 if electrum else None)).start()
