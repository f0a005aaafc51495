"""`start_live_tracking`: the session's tracker, running, with its sources of news started.

Demo: a webhook receiver on loopback, registered with the sandbox (its test helper), so every
executed / interrupted / refunded / settled arrives at once; only confirmations are polled, every
few seconds (the sandbox mines when asked). Staging / Production: Pocket cannot reach a desktop
behind NAT unless the person set up a public endpoint, so without `webhook_port` the tracker
polls, with the backoff of `tracking.tracker` and confirmations at about a block's time.
Unfinished exchanges and unprocessed deliveries from the last run are resumed first.
Every source sits behind `tracking.news.NewsSource` (the chain's is added by the session, which
knows where its wallet files live). Qt-free; blocks briefly (binds a port, one sandbox call):
call it on a worker.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from pocketgui.api.client import PocketClient
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.store.repository import Store
from pocketgui.tracking.news import NewsSource, NewsStatus, ReceiverNews
from pocketgui.tracking.receiver import WebhookReceiver
from pocketgui.tracking.tracker import ExchangeTracker

DEMO_TIMINGS = {"base_interval": 2.0, "confirmation_interval": 2.0, "max_interval": 30.0}
REMOTE_TIMINGS = {"base_interval": 30.0, "confirmation_interval": 600.0, "max_interval": 1800.0}


@dataclass
class LiveTracking:
    """The tracker and the sources that feed it (each started; stopped before the tracker)."""

    tracker: ExchangeTracker
    sources: list[NewsSource] = field(default_factory=list)

    @property
    def receiver(self) -> WebhookReceiver | None:
        """The local webhook receiver, when one listens."""
        return next((s.receiver for s in self.sources if isinstance(s, ReceiverNews)), None)

    def add(self, source: NewsSource) -> NewsSource:
        """Start `source` and keep it; it is stopped with the rest."""
        source.start()
        self.sources.append(source)
        return source

    def statuses(self) -> list[NewsStatus]:
        return [source.status() for source in self.sources]

    def stop(self) -> None:
        """Blocks briefly: the sources stop first (no news into a stopping tracker)."""
        for source in reversed(self.sources):
            source.stop()
        self.tracker.stop()


def start_live_tracking(pocket: PocketClient, store: Store, *, demo: DemoBank | None = None,
                        webhook_secret: str = "", webhook_port: int | None = None,
                        **timings: float) -> LiveTracking:
    """Demo (`demo` given): webhooks from the sandbox. Elsewhere: webhooks only with a port the
    person configured (and registered with Pocket, with `webhook_secret`), else polling."""
    webhooks = demo is not None or webhook_port is not None
    defaults = DEMO_TIMINGS if demo is not None else REMOTE_TIMINGS
    chosen = {**defaults, **timings}
    tracker = ExchangeTracker(pocket, store, webhooks=webhooks,
                              base_interval=chosen["base_interval"],
                              confirmation_interval=chosen["confirmation_interval"],
                              max_interval=chosen["max_interval"])
    live = LiveTracking(tracker)
    try:
        if webhooks:
            live.add(ReceiverNews(store, tracker, webhook_secret or secrets.token_urlsafe(24),
                                  port=webhook_port or 0,
                                  register=demo.register_webhook if demo is not None else None))
        tracker.resume()
        tracker.start()
    except BaseException:
        live.stop()
        raise
    return live
