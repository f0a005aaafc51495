"""What the app talks to in the chosen environment, opened on a worker after the first paint.

Demo: the embedded sandbox and the simulated Trezor (`flow.demo`), its person answering through
the demo's device panel. Staging / Production: HWI's device list, a Pocket client with the
person's client id, and the store in the user data directory. Either way the session's one
tracker is started (`start_live_tracking`): the wizard observes into it and the dashboard
listens to it. Opening imports httpx, HWI and (for the demo) uvicorn, binds a port and makes
HTTP calls: never call it on the UI thread.

The chain: `chain_choice` says where this session reads the blockchain (Demo: the embedded
sandbox's Electrum server, through the same code as a person's own; elsewhere: the source the
person chose in Settings, or none) and `make_watcher` builds the chain layer's watcher for a
source, its wallet files in `<data dir>/chain/<environment>`. The window runs it (`ChainWatch`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pocketgui.ui.modes import Mode

if TYPE_CHECKING:
    from pocketgui.chain import ChainSource, ChainWatcher
    from pocketgui.devices.simulator.interactive import InteractivePerson
    from pocketgui.flow import Services
    from pocketgui.flow.demo import Demo
    from pocketgui.ui.dashboard.demo_helpers import DemoHelpers
    from pocketgui.ui.dashboard.live_tracking import LiveTracking
    from pocketgui.ui.settings import ChainChoice, RelayChoice, Settings


DEMO_OPTIONS: dict[str, object] = {}  # extra start_demo arguments (tests: a shorter settle delay)


@dataclass
class Session:
    mode: Mode
    services: Services
    demo: Demo | None = None
    person: InteractivePerson | None = None
    live: LiveTracking | None = None
    helpers: DemoHelpers | None = None  # the sandbox's helpers (Demo only; `Demo` closes them)
    draft_is_lightning: bool = False  # an unfinished set-up of this environment was lightning
    closers: list[Callable[[], None]] = field(default_factory=list)
    data_dir: Path | None = None  # where the store and the chain's wallet files live
    relay: RelayChoice | None = None  # the person's relay (outside the Demo), when configured

    def chain_choice(self, settings: Settings | None) -> ChainChoice:
        """Demo: the sandbox's own Electrum server (plain TCP on loopback; its Esplora API when
        the demo runs none); elsewhere the person's choice for this environment, or none."""
        from pocketgui.ui.settings import ELECTRUM, ESPLORA, ChainChoice

        if self.demo is not None:
            sandbox = self.demo.sandbox
            if sandbox.electrum_port is None:
                return ChainChoice(ESPLORA, url=sandbox.esplora_url)
            return ChainChoice(ELECTRUM, sandbox.config.host, sandbox.electrum_port, tls=False)
        return settings.chain_of(self.mode.value) if settings is not None else ChainChoice()

    def make_watcher(self, source: ChainSource) -> ChainWatcher:
        """The chain layer's watcher of this environment's orders (no I/O until it syncs)."""
        from pocketgui.chain import ChainWatcher

        environment = self.services.environment
        directory = (self.data_dir or Path(".")) / "chain" / environment
        network = self.live.tracker.network if self.live is not None else None
        assert network is not None
        return ChainWatcher(self.services.store, environment, network, source, directory)

    def has_orders(self) -> bool:
        return bool(self.services.store.orders(self.services.environment))

    def order_rows(self) -> tuple[list[tuple[str, str, str, str, str]], list[str]]:
        """The store's orders of this environment, newest first, and the unknown outcomes."""
        from pocketgui.api import jsonio
        from pocketgui.api.models import OnchainPayoutMethod, Order

        store, environment = self.services.store, self.services.environment
        rows = []
        for stored in reversed(store.orders(environment)):
            order = Order.from_wire(jsonio.loads(stored.raw_json))
            method = order.payout_method
            address = (method.bitcoin_address if isinstance(method, OnchainPayoutMethod)
                       else f"lightning node {method.node_pubkey}")
            rows.append((order.id, order.created_on.strftime("%Y-%m-%d %H:%M"),
                         order.payment_method.currency.upper(),
                         order.payment_method.creditor_reference, address))
        unknown = [intent.summary for intent in store.unresolved_intents()
                   if intent.environment == environment]
        return rows, unknown

    def order(self, order_id: str) -> object:
        from pocketgui.api import jsonio
        from pocketgui.api.models import Order

        stored = self.services.store.get_order(order_id)
        if stored is None:
            raise KeyError(order_id)
        return Order.from_wire(jsonio.loads(stored.raw_json))

    def close(self) -> None:
        """Blocks briefly (joins the tracker's thread). Stops tracking, then everything else."""
        if self.person is not None:
            self.person.answer(False)  # a device waiting for a button gives up
        if self.live is not None:
            self.live.stop()
        if self.demo is not None:
            self.demo.close()
        else:
            self.services.devices.close()
            self.services.pocket.close()
            self.services.store.close()


def draft_is_lightning(services: Services) -> bool:
    """Blocks (a small file read, on the worker that opens the session): whether the unfinished
    set-up kept for this environment is a lightning one, so the welcome page offers it again."""
    from pocketgui.flow import Branch, load_draft

    draft = load_draft(services.draft_path)
    return (draft is not None and draft.environment == services.environment
            and draft.branch_chosen is Branch.LIGHTNING)


def open_demo(data_dir: Path, on_shown: Callable[[object], None],
              on_asked: Callable[[object], None]) -> Session:
    """Blocks. The embedded demo, its device answered by the person through the demo panel."""
    from pocketgui.devices.simulator.interactive import InteractivePerson
    from pocketgui.flow.demo import start_demo
    from pocketgui.ui.dashboard.live_tracking import start_live_tracking

    person = InteractivePerson(on_ask=on_asked)
    demo = start_demo(data_dir, person=person, on_screen=on_shown, **DEMO_OPTIONS)  # type: ignore[arg-type]
    session = Session(Mode.DEMO, demo.services, demo, person,
                      draft_is_lightning=draft_is_lightning(demo.services), data_dir=data_dir)
    try:
        session.helpers = demo.services.demo_bank
        session.live = start_live_tracking(demo.services.pocket, demo.services.store,
                                           demo=session.helpers)
    except BaseException:
        session.close()
        raise
    return session


def open_remote(mode: Mode, data_dir: Path, client_id: str, staging_url: str = "",
                staging_network: str = "testnet", relay: RelayChoice | None = None) -> Session:
    """Blocks. Pocket's staging or production API with the person's client id (staging on
    `staging_network`: regtest when a local pocketgui-sandbox stands in for Pocket), with the
    person's `relay` when one is configured."""
    from pocketgui.api.client import PocketClient
    from pocketgui.api.environments import Environment
    from pocketgui.bitcoin import Network
    from pocketgui.devices.hwi import HwiDevices
    from pocketgui.flow import Services
    from pocketgui.store import Store
    from pocketgui.ui.dashboard.live_tracking import start_live_tracking

    environment = (Environment.staging(staging_url, Network(staging_network))
                   if mode is Mode.STAGING else Environment.production())
    services = Services(
        devices=HwiDevices(),
        pocket=PocketClient(environment, client_id),
        store=Store(data_dir / "pocketgui.sqlite3"),
        draft_path=data_dir / f"wizard-draft-{mode.value}.json",
    )
    session = Session(mode, services, draft_is_lightning=draft_is_lightning(services),
                      data_dir=data_dir, relay=relay)
    try:
        session.live = start_live_tracking(services.pocket, services.store, relay=relay)
    except BaseException:
        session.close()
        raise
    return session
