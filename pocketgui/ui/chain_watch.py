"""`ChainWatch`: the session's watch-only wallets kept in sync with the chain, off the UI thread.

The chain layer (`pocketgui.chain`) does the work and blocks; this object only decides when,
and carries the outcome to the UI thread. It runs on a task runner of its own (one thread), so
a full scan never delays a Pocket call or a device. It syncs when started, when the tip moves
(the tip is asked on every tick, `TICK_MS`: one small request; Electrum answers it from its
header subscription), when `request_sync()` is called (Pocket's news, a changed source), and
every `ROUND_EVERY_S` in any case. What it found leaves through `synced` (the chain layer's
report, for the dashboard) and the state through `state_changed` (for the status line).

A failing source is a sentence on the status line; the wallets keep what they had (the chain
layer applies an update only when the whole scan succeeded), and it is tried again after 1, 2,
4 … up to 60 s.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from pocketgui.i18n.catalog import _
from pocketgui.tracking.backoff import next_delay
from pocketgui.ui.dashboard.chain_status import ChainState
from pocketgui.ui.settings import ELECTRUM, ESPLORA, ChainChoice
from pocketgui.ui.tasks import CancelToken, Task, TaskRunner

if TYPE_CHECKING:
    from pocketgui.api.models import Exchange, ExchangeStatus
    from pocketgui.bitcoin.networks import Network
    from pocketgui.chain.sources import ChainSource
    from pocketgui.chain.watcher import ChainWatcher, SyncReport
    from pocketgui.tracking.tracker import ExchangeTracker

# How often the tip is asked (one tiny request): the Demo's sandbox over loopback; a person's
# own Electrum server (a header subscription, as wallets keep open); an Esplora server, often a
# public one that limits how often it may be asked.
TICK_MS = {"demo": 250, ELECTRUM: 1_000, ESPLORA: 10_000}
# A round at least this often with no new block: a payout waiting in the mempool shows then
# (Pocket's news of it asks for a round at once); a round asks about every address watched.
# The Demo's sandbox runs in the app's process and sends its news by webhook: rarely there.
ROUND_EVERY_S = {"demo": 30, ELECTRUM: 30, ESPLORA: 120}
BACKOFF_MAX_S = 60

MakeWatcher = Callable[["ChainSource"], "ChainWatcher"]  # no I/O; the session's store and dir
Deliver = Callable[["SyncReport"], None]  # on the worker: the tracker takes the news


class ChainWatch(QObject):
    state_changed = Signal(object)  # ChainState
    synced = Signal(object)  # SyncReport of one round, on the UI thread
    tip_changed = Signal(int)
    watcher_changed = Signal()  # another source chosen: `watcher` is a new one (or None)
    _news = Signal()  # from the tracker's threads; queued to this object's thread

    def __init__(self, choice: ChainChoice, network: Network, make_watcher: MakeWatcher,
                 deliver: Deliver, *, demo: bool = False, tick_ms: int | None = None,
                 round_every_s: float | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.network, self.demo = network, demo
        self.make_watcher, self.deliver = make_watcher, deliver
        self.runner = TaskRunner(1, self)
        self.choice = ChainChoice()
        self.watcher: ChainWatcher | None = None
        self.state = ChainState()
        self.tip: int | None = None
        self.last_report: SyncReport | None = None
        self._task: Task | None = None
        self._wanted = True  # a round is due (the first one, news, a new source)
        self._ticks = 0
        self._failures = 0  # rounds failed in a row: the next waits 1, 2, 4 … 60 s
        self._not_before = 0.0
        self.timer = QTimer(self)
        self.tick_ms, self.round_every = tick_ms, round_every_s
        self.timer.timeout.connect(self.tick)
        self._news.connect(self.request_sync)
        self._tracker: ExchangeTracker | None = None
        self._use(choice)

    def follow(self, tracker: ExchangeTracker) -> None:
        """A payout Pocket announces (settled) asks for a round at once, so its transaction is
        looked up now rather than at the next block."""
        from pocketgui.api.models import ExchangeStatus

        def on_change(exchange_id: str, old: ExchangeStatus | None, new: ExchangeStatus,
                      exchange: Exchange) -> None:
            if new is ExchangeStatus.SETTLED and old is not ExchangeStatus.SETTLED:
                self._news.emit()

        self._tracker, self._on_change = tracker, on_change
        tracker.subscribe(on_change)

    # ----- control (UI thread) -----------------------------------------------------------------
    def _use(self, choice: ChainChoice) -> None:
        self.choice = choice
        source = choice.source()
        self.watcher = self.make_watcher(source) if source is not None else None
        self.tip = None
        kind = "demo" if self.demo else choice.kind or ESPLORA
        self.timer.setInterval(self.tick_ms or TICK_MS[kind])
        self.round_every_s = self.round_every or ROUND_EVERY_S[kind]
        label = choice.describe()
        if self.demo:
            label = _("the demo's regtest chain ({source})").format(source=label)
        self.state = ChainState(source=label if source is not None else "")

    def start(self) -> None:
        if self.watcher is not None:
            self.timer.start()
            self.tick()
        self.state_changed.emit(self.state)

    def request_sync(self) -> None:
        """News from Pocket, or a block mined in the demo: a round at once (or right after the
        round under way)."""
        self._wanted = True
        self.tick()

    def set_choice(self, choice: ChainChoice) -> None:
        """Another source: the round under way is dropped, a new one starts from it."""
        self._failures, self._not_before = 0, 0.0
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.timer.stop()
        self._use(choice)
        self.watcher_changed.emit()
        self._wanted = True
        self.start()

    def stop(self) -> None:
        if self._tracker is not None:
            self._tracker.unsubscribe(self._on_change)
            self._tracker = None
        self.timer.stop()
        self.runner.cancel_all()

    def wait(self, msecs: int = 10_000) -> bool:
        """For shutdown and tests: blocks until the worker returned."""
        return self.runner.wait_for_done(msecs)

    # ----- the work ----------------------------------------------------------------------------
    def tick(self) -> None:
        watcher = self.watcher
        if self._task is not None or watcher is None or time.monotonic() < self._not_before:
            return
        self._ticks += 1
        due = self._wanted or self._ticks * self.timer.interval() >= self.round_every_s * 1000
        self._wanted = False
        if due:
            self._ticks = 0
            self._set(replace(self.state, syncing=True))
        task = self.runner.submit(self._work, watcher, self.tip, due, name="chain")
        self._task = task
        task.succeeded.connect(lambda result: self._done(task, watcher, result))
        task.failed.connect(lambda exc: self._failed(task, exc))
        task.cancelled.connect(lambda: self._release(task))

    def _work(self, watcher: ChainWatcher, known_tip: int | None, due: bool, *,
              token: CancelToken) -> tuple[int | None, SyncReport | None]:
        """On the worker: the tip (one request), then a round when due or when it moved. The
        tracker takes the round's news here too, so the UI thread only shows it."""
        from pocketgui.chain.errors import ChainError

        try:
            tip: int | None = watcher.connect().tip_height()
        except ChainError:
            tip, due = None, True  # the round says why, and connects afresh next time
        token.raise_if_cancelled()
        if not due and tip == known_tip:
            return tip, None
        report = watcher.sync()
        if report.ok:
            self.deliver(report)
        return report.tip_height if report.ok else tip, report

    def _release(self, task: Task) -> bool:
        if self._task is task:
            self._task = None
            return True
        return False

    def _done(self, task: Task, watcher: ChainWatcher,
              result: tuple[int | None, SyncReport | None]) -> None:
        if not self._release(task) or watcher is not self.watcher:
            return  # the source changed meanwhile: its answer is stale
        tip, report = result
        moved = tip is not None and tip != self.tip
        if tip is not None:
            self.tip = tip
        if report is not None:
            self.last_report = report
            if report.ok:
                self._failures, self._not_before = 0, 0.0
                synced = datetime.fromisoformat(report.synced_at).astimezone()
                self._set(ChainState(self.state.source, tip, synced, ""))
            else:
                self._back_off()
                self._set(replace(self.state, error=report.error, syncing=False))
            self.synced.emit(report)
        elif moved:
            self._wanted = True  # the tip moved: a round on the next tick
            self._set(replace(self.state, height=tip))
        if moved and tip is not None:
            self.tip_changed.emit(tip)
        if report is None and self._wanted:
            QTimer.singleShot(0, self.tick)

    def _failed(self, task: Task, exc: BaseException) -> None:
        """Not a chain failure (the round reports those): a bug or a crashed library; said on
        the status line like the rest, and tried again on the next tick."""
        if not self._release(task):
            return
        self._back_off()
        self._set(replace(self.state, error=str(exc) or type(exc).__name__, syncing=False))

    def _back_off(self) -> None:
        """A failed round is tried again, later each time (a server down is not hammered)."""
        self._wanted = True
        self._failures += 1
        self._not_before = time.monotonic() + next_delay(self._failures, 0.0, 1.0,
                                                         BACKOFF_MAX_S)

    def _set(self, state: ChainState) -> None:
        self.state = state
        self.state_changed.emit(state)
