"""The two background loops: due jobs (settlements, lightning payouts) and webhook deliveries.

A loop runs one step, then sleeps until the step's next due time, at most `idle` seconds, or
until woken (a request changed something).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from pocketgui.sandbox import engine, lightning_payouts
from pocketgui.sandbox.config import SandboxConfig
from pocketgui.sandbox.store import Database

log = logging.getLogger(__name__)


class Loop:
    def __init__(self, name: str, step: Callable[[], float | None], idle: float = 1.0) -> None:
        self._step = step
        self._idle = idle
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                delay = self._step()
            except Exception:
                log.exception("background step failed")
                delay = self._idle
            self._wake.wait(self._idle if delay is None else min(delay, self._idle))


def run_due_jobs(db: Database, config: SandboxConfig) -> float | None:
    with db.transaction() as cx:
        for job in cx.execute(
            "SELECT * FROM jobs WHERE due_at <= ? ORDER BY due_at", (time.time(),)
        ).fetchall():
            cx.execute("SAVEPOINT job")
            try:
                if job["kind"] == engine.SETTLE_ONCHAIN:
                    engine.settle_onchain(cx, config, job["exchange_id"])
                else:
                    lightning_payouts.complete(cx, job["exchange_id"])
            except Exception:
                log.exception("job %s for %s failed", job["kind"], job["exchange_id"])
                cx.execute("ROLLBACK TO job")
            cx.execute("RELEASE job")
            cx.execute("DELETE FROM jobs WHERE id = ?", (job["id"],))
        (next_at,) = cx.execute("SELECT MIN(due_at) FROM jobs").fetchone()
    return None if next_at is None else max(0.0, next_at - time.time())
