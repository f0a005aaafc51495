"""`NewsSource`: one interface for every way news of a purchase reaches the tracker.

Pocket announces exchanges only by webhook, and the chain shows only what was paid out, so the
tracker hears from up to three sources, each a hint it confirms or checks itself:
- `ReceiverNews`: the local webhook receiver (the Demo's sandbox posts to it over loopback, or a
  port the person opened);
- the relay feed (`tracking.relay_feed.RelayFeed`, issue 14): a relay on an always-on machine;
- `ChainNews`: the watch-only wallets' rounds (`pocketgui.chain.ChainWatcher`), the rhythm set
  by whoever drives them (the window's `ChainWatch`, or a loop in a script).
The session starts each source after the tracker and stops each before it; a status line reads
`status()` from any thread. The protocol is structural: a source need not import this module.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from pocketgui.tracking.receiver import WebhookEvent, WebhookReceiver
from pocketgui.tracking.tracker import ExchangeTracker

if TYPE_CHECKING:
    from pocketgui.bitcoin.networks import Network
    from pocketgui.chain.sources import ChainSource
    from pocketgui.chain.watcher import ChainWatcher, SyncReport
    from pocketgui.store.repository import Store


@dataclass(frozen=True)
class NewsStatus:
    """A snapshot of one source, for a status line: all plain text.

    `running`: started and not stopped; `problem`: what is wrong now as a sentence ("" when
    nothing is); `detail`: where it listens or reads (a URL, a server), or "";
    `last_news`: when it last handed the tracker something (None: not yet)."""

    name: str
    running: bool
    problem: str = ""
    detail: str = ""
    last_news: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.running and not self.problem


@runtime_checkable
class NewsSource(Protocol):
    """What the session needs of a source of news for the tracker.

    - `name`: a short fixed word for logs and status lines ("webhooks", "relay", "chain").
    - `start()`: begin handing news to the tracker the source was built with (its
      `on_webhook` for Pocket's events, `observe_chain` for chain rounds, or `observe` for an
      exchange fetched after a hint); may block briefly (bind a port, one registration call):
      the session calls it on a worker, never on the UI thread, once the tracker is built.
      Raises when it cannot start at all (the session then stops what it started); a source
      that can retry later starts and reports the trouble in `status()` instead.
    - `stop()`: stop handing news and release threads, sockets and files; blocks until its
      threads have ended (briefly). Idempotent; called before the tracker stops.
    - `status()`: a `NewsStatus` snapshot; cheap, no I/O, safe from any thread.
    """

    name: str

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def status(self) -> NewsStatus: ...


def utc_now() -> datetime:
    return datetime.now(UTC)


class ReceiverNews:
    """The local webhook receiver as a source: every verified, stored delivery goes to
    `tracker.on_webhook`. `register(url, secret)` tells the sender where to post (the Demo's
    sandbox helper); without it the sender was set up by the person."""

    name = "webhooks"

    def __init__(self, store: Store, tracker: ExchangeTracker, secret: str, *, port: int = 0,
                 register: Callable[[str, str], object] | None = None) -> None:
        self.secret = secret
        self.register = register
        self.last_news: datetime | None = None
        self._on_webhook = tracker.on_webhook
        self.receiver = WebhookReceiver(store, secret, port=port, on_event=self._hand_on)
        self._running = False

    def _hand_on(self, event: WebhookEvent) -> None:
        self._on_webhook(event)
        self.last_news = utc_now()

    def start(self) -> None:
        """Listens, then registers; a refused registration stops the receiver again."""
        self.receiver.start()
        self._running = True
        if self.register is not None:
            try:
                self.register(self.receiver.url, self.secret)
            except BaseException:
                self.stop()
                raise

    def stop(self) -> None:
        if self._running:
            self._running = False
            self.receiver.stop()

    def status(self) -> NewsStatus:
        return NewsStatus(self.name, self._running, detail=self.receiver.url,
                          last_news=self.last_news)


class ChainNews:
    """The chain's rounds as a source: `make_watcher(source)` builds the watcher of this
    environment's orders (no I/O; wallet files under `directory`), and `deliver(report)` hands
    a round to `tracker.observe_chain` (a failed one too: the store keeps why). Whoever syncs
    the watcher calls `deliver`; after `stop()` a late round is dropped (the store may be
    closing)."""

    name = "chain"

    def __init__(self, store: Store, tracker: ExchangeTracker, environment: str,
                 network: Network, directory: Path) -> None:
        self.store, self.environment, self.network = store, environment, network
        self.directory = directory
        self._observe = tracker.observe_chain
        self._lock = threading.Lock()
        self._running = False
        self._source = ""
        self._problem = ""
        self._last: datetime | None = None

    def make_watcher(self, source: ChainSource) -> ChainWatcher:
        from pocketgui.chain.watcher import ChainWatcher

        self._source = source.name
        return ChainWatcher(self.store, self.environment, self.network, source, self.directory)

    def deliver(self, report: SyncReport) -> None:
        with self._lock:
            if not self._running:
                return
            self._observe(report)  # a failed round is kept as the chain's status in the store
            self._problem = report.error
            if report.ok:
                self._last = utc_now()

    def start(self) -> None:
        with self._lock:
            self._running = True

    def stop(self) -> None:
        with self._lock:  # waits for a round being delivered
            self._running = False

    def status(self) -> NewsStatus:
        return NewsStatus(self.name, self._running, self._problem, self._source, self._last)
