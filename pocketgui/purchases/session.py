"""What the app talks to in the chosen environment, assembled on a worker after the first paint.

Demo: the embedded sandbox and the simulated Trezor (`flow.demo`), its person answering through
the demo's device panel. Staging / Production: HWI's device list, a Pocket client with the
person's client id, and the store in the user data directory. Either way the session's one
tracker is started with its sources of news (`start_live_tracking`, `tracking.news`): the wizard
observes into it and the dashboard listens to it. Opening imports httpx, HWI and (for the demo)
uvicorn, binds a port and makes HTTP calls: never call it on the UI thread. This module imports
none of them at its own import (the first window paints before httpx is imported).

The chain: `chain` (a `ChainNews`) builds the chain layer's watcher for a source, its wallet
files in `<data dir>/chain/<environment>`, and takes each round into the tracker; the window
drives the rounds (`ui.chain_watch.ChainWatch`) and says where the session reads the chain
(`ui.session.chain_choice`: settings are the UI's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pocketgui.purchases.modes import Mode

if TYPE_CHECKING:
    from pocketgui.api.models import Order
    from pocketgui.chain.sources import ChainSource
    from pocketgui.chain.watcher import ChainWatcher
    from pocketgui.devices.simulator.interactive import InteractivePerson
    from pocketgui.flow.demo import Demo
    from pocketgui.flow.demo_bank import DemoBank
    from pocketgui.flow.model import Services
    from pocketgui.purchases.live_tracking import LiveTracking
    from pocketgui.purchases.orders import OrderRow
    from pocketgui.purchases.relay_choice import RelayChoice
    from pocketgui.tracking.news import ChainNews


DEMO_OPTIONS: dict[str, object] = {}  # extra start_demo arguments (tests: a shorter settle delay)


@dataclass
class Session:
    mode: Mode
    services: Services
    demo: Demo | None = None
    person: InteractivePerson | None = None
    live: LiveTracking | None = None
    helpers: DemoBank | None = None  # the sandbox's helpers (Demo only; `Demo` closes them)
    draft_is_lightning: bool = False  # an unfinished set-up of this environment was lightning
    closers: list[Callable[[], None]] = field(default_factory=list)
    data_dir: Path | None = None  # where the store and the chain's wallet files live
    chain: ChainNews | None = None  # the chain's news source (started with the tracker)
    relay: RelayChoice | None = None  # the person's relay (outside the Demo), when configured

    def make_watcher(self, source: ChainSource) -> ChainWatcher:
        """The chain layer's watcher of this environment's orders (no I/O until it syncs)."""
        assert self.chain is not None
        return self.chain.make_watcher(source)

    def has_orders(self) -> bool:
        return bool(self.services.store.orders(self.services.environment))

    def order_rows(self) -> tuple[list[OrderRow], list[str]]:
        """The store's orders of this environment, newest first, and the unknown outcomes."""
        from pocketgui.purchases.orders import list_orders

        listed = list_orders(self.services.store, self.services.environment)
        return listed.rows(), list(listed.unknown)

    def order(self, order_id: str) -> Order:
        """The stored order (KeyError when this store does not have it)."""
        from pocketgui.purchases.orders import order_of

        return order_of(self.services.store, order_id)

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
    from pocketgui.flow.draft import load_draft
    from pocketgui.flow.steps import Branch

    draft = load_draft(services.draft_path)
    return (draft is not None and draft.environment == services.environment
            and draft.branch_chosen is Branch.LIGHTNING)


def _start_tracking(session: Session) -> None:
    """The tracker with its sources, the chain's among them; on failure the session closes."""
    from pocketgui.purchases.live_tracking import start_live_tracking
    from pocketgui.tracking.news import ChainNews

    services = session.services
    try:
        session.live = start_live_tracking(services.pocket, services.store, demo=session.helpers,
                                           relay=session.relay)
        tracker, environment = session.live.tracker, services.environment
        directory = (session.data_dir or Path(".")) / "chain" / environment
        session.chain = ChainNews(services.store, tracker, environment, tracker.network,
                                  directory)
        session.live.add(session.chain)
    except BaseException:
        session.close()
        raise


def open_demo(data_dir: Path, on_shown: Callable[[object], None],
              on_asked: Callable[[object], None]) -> Session:
    """Blocks. The embedded demo, its device answered by the person through the demo panel."""
    from pocketgui.devices.simulator.interactive import InteractivePerson
    from pocketgui.flow.demo import start_demo

    person = InteractivePerson(on_ask=on_asked)
    demo = start_demo(data_dir, person=person, on_screen=on_shown, **DEMO_OPTIONS)  # type: ignore[arg-type]
    session = Session(Mode.DEMO, demo.services, demo, person,
                      draft_is_lightning=draft_is_lightning(demo.services), data_dir=data_dir,
                      helpers=demo.services.demo_bank)
    _start_tracking(session)
    return session


def open_remote(mode: Mode, data_dir: Path, client_id: str, staging_url: str = "",
                staging_network: str = "testnet", relay: RelayChoice | None = None) -> Session:
    """Blocks. Pocket's staging or production API with the person's client id (staging on
    `staging_network`: regtest when a local pocketgui-sandbox stands in for Pocket), with the
    person's `relay` when one is configured."""
    from pocketgui.api.client import PocketClient
    from pocketgui.api.environments import Environment
    from pocketgui.bitcoin.networks import Network
    from pocketgui.devices.hwi import HwiDevices
    from pocketgui.flow.model import Services
    from pocketgui.store.repository import Store

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
    _start_tracking(session)
    return session
