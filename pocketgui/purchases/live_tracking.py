"""`start_live_tracking`: the session's tracker, running, with its sources of news started.

Demo: a webhook receiver on loopback, registered with the sandbox (its test helper), so every
executed / interrupted / refunded / settled arrives at once; only confirmations are polled, every
few seconds (the sandbox mines when asked). Staging / Production: Pocket cannot reach a desktop
behind NAT unless the person set up a public endpoint, so without `webhook_port` the tracker
polls, with the backoff of `tracking.tracker` and confirmations at about a block's time. With a
`relay` (the person's `pocketgui-relay`) a `RelayFeed` reads its deliveries; each is only a hint
that the tracker confirms with Pocket (`confirm_webhooks`).
Unfinished exchanges and unprocessed deliveries from the last run are resumed first.
Every source sits behind `tracking.news.NewsSource` (the chain's is added by the session, which
knows where its wallet files live). Qt-free; blocks briefly (binds a port, one sandbox call):
call it on a worker.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pocketgui.api.client import PocketClient
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.store.repository import Store
from pocketgui.tracking.news import NewsSource, NewsStatus, ReceiverNews
from pocketgui.tracking.receiver import WebhookReceiver
from pocketgui.tracking.relay_feed import RelayFeed
from pocketgui.tracking.tracker import ExchangeTracker

if TYPE_CHECKING:
    from pocketgui.purchases.relay_choice import RelayChoice

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

    @property
    def relay(self) -> RelayFeed | None:
        """The feed of the person's relay, when one is read."""
        return next((s for s in self.sources if isinstance(s, RelayFeed)), None)

    def add(self, source: NewsSource) -> NewsSource:
        """Start `source` and keep it; it is stopped with the rest."""
        source.start()
        self.sources.append(source)
        return source

    def statuses(self) -> list[NewsStatus]:
        return [source.status() for source in self.sources]

    def use_relay(self, choice: RelayChoice) -> RelayFeed | None:
        """Blocks briefly (stops the feed under way): read `choice` from now on (not
        configured: no relay; the tracker polls again where no receiver runs)."""
        if (old := self.relay) is not None:
            old.stop()
            self.sources.remove(old)
        tracker = self.tracker
        tracker.confirm_webhooks = choice.configured
        tracker.webhooks = choice.configured or self.receiver is not None
        if not choice.configured:
            return None
        feed = RelayFeed(tracker.store, tracker, choice.url, choice.token, choice.webhook_secret)
        self.add(feed)
        return feed

    def stop(self) -> None:
        """Blocks briefly: the sources stop first (no news into a stopping tracker)."""
        for source in reversed(self.sources):
            source.stop()
        self.tracker.stop()


def start_live_tracking(pocket: PocketClient, store: Store, *, demo: DemoBank | None = None,
                        webhook_secret: str = "", webhook_port: int | None = None,
                        relay: RelayChoice | None = None, **timings: float) -> LiveTracking:
    """Demo (`demo` given): webhooks from the sandbox. Elsewhere: webhooks only with a port the
    person configured (and registered with Pocket, with `webhook_secret`), or a configured
    `relay`, else polling."""
    with_relay = demo is None and relay is not None and relay.configured
    webhooks = demo is not None or webhook_port is not None or with_relay
    defaults = DEMO_TIMINGS if demo is not None else REMOTE_TIMINGS
    chosen = {**defaults, **timings}
    tracker = ExchangeTracker(pocket, store, webhooks=webhooks,
                              base_interval=chosen["base_interval"],
                              confirmation_interval=chosen["confirmation_interval"],
                              max_interval=chosen["max_interval"],
                              confirm_webhooks=with_relay)
    live = LiveTracking(tracker)
    try:
        if demo is not None or webhook_port is not None:
            live.add(ReceiverNews(store, tracker, webhook_secret or secrets.token_urlsafe(24),
                                  port=webhook_port or 0,
                                  register=demo.register_webhook if demo is not None else None))
        tracker.resume()
        tracker.start()
        if with_relay:
            assert relay is not None
            live.use_relay(relay)
    except BaseException:
        live.stop()
        raise
    return live
