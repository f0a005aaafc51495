"""One running sandbox's state: its database and its two background loops."""

from __future__ import annotations

from collections.abc import Callable

from pocketgui.sandbox import webhooks
from pocketgui.sandbox.background import Loop, run_due_jobs
from pocketgui.sandbox.chain.render import Views
from pocketgui.sandbox.config import SandboxConfig
from pocketgui.sandbox.store import Database


class Sandbox:
    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.db = Database(config.db_path)
        self.chain_views = Views(config.network)
        with self.db.transaction() as cx:
            webhooks.register_static(cx, config.webhooks)
        self._deliverer = webhooks.Deliverer(self.db, config)
        self._listeners: list[Callable[[], None]] = []
        self._loops = (
            Loop("sandbox-jobs", self._run_jobs),
            Loop("sandbox-webhooks", self._deliverer.step),
        )

    def start(self) -> None:
        for loop in self._loops:
            loop.start()

    def _run_jobs(self) -> float | None:
        """Due settlements and payouts; a settlement may have put a payout in the mempool, so
        the listeners look (cheap when nothing changed)."""
        delay = run_due_jobs(self.db, self.config)
        for listener in self._listeners:
            listener()
        return delay

    def add_listener(self, listener: Callable[[], None]) -> None:
        """`listener` runs (on the caller's thread) whenever `wake` does: the Electrum server
        notifies its subscribers."""
        self._listeners.append(listener)

    def wake(self) -> None:
        """Something changed: let the loops look for due work now."""
        for loop in self._loops:
            loop.wake()
        for listener in self._listeners:
            listener()

    def stop(self) -> None:
        for loop in self._loops:
            loop.stop()
        self._deliverer.close()
        self.db.close()
