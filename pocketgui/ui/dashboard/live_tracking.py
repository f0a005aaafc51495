"""`start_live_tracking`: the tracker the dashboard listens to, running, with webhooks where
they can reach us.

Demo: a webhook receiver on loopback, registered with the sandbox (its test helper), so every
executed / interrupted / refunded / settled arrives at once; only confirmations are polled, every
few seconds (the sandbox mines when asked). Staging / Production: Pocket cannot reach a desktop
behind NAT unless the person set up a public endpoint, so without `webhook_port` the tracker
polls, with the backoff of `tracking.tracker` and confirmations at about a block's time. With a
`relay` (the person's `pocketgui-relay`) a `RelayFeed` reads its deliveries; each is only a hint
that the tracker confirms with Pocket (`confirm_webhooks`).
Unfinished exchanges and unprocessed deliveries from the last run are resumed first.
Qt-free; blocks briefly (binds a port, one sandbox call): call it on a worker.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pocketgui.api.client import PocketClient
from pocketgui.store import Store
from pocketgui.tracking import ExchangeTracker, RelayFeed, WebhookReceiver
from pocketgui.ui.dashboard.demo_helpers import DemoHelpers

if TYPE_CHECKING:
    from pocketgui.ui.settings import RelayChoice

DEMO_TIMINGS = {"base_interval": 2.0, "confirmation_interval": 2.0, "max_interval": 30.0}
REMOTE_TIMINGS = {"base_interval": 30.0, "confirmation_interval": 600.0, "max_interval": 1800.0}


@dataclass
class LiveTracking:
    tracker: ExchangeTracker
    receiver: WebhookReceiver | None
    relay: RelayFeed | None = None

    def use_relay(self, choice: RelayChoice) -> RelayFeed | None:
        """Blocks briefly (stops the feed under way): read `choice` from now on (not
        configured: no relay; the tracker polls again where no receiver runs)."""
        if self.relay is not None:
            self.relay.stop()
            self.relay = None
        tracker = self.tracker
        tracker.confirm_webhooks = choice.configured
        tracker.webhooks = choice.configured or self.receiver is not None
        if choice.configured:
            self.relay = RelayFeed(tracker.store, tracker, choice.url, choice.token,
                                   choice.webhook_secret)
            self.relay.start()
        return self.relay

    def stop(self) -> None:
        if self.relay is not None:
            self.relay.stop()
        self.tracker.stop()
        if self.receiver is not None:
            self.receiver.stop()


def start_live_tracking(pocket: PocketClient, store: Store, *, demo: DemoHelpers | None = None,
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
    receiver = None
    if demo is not None or webhook_port is not None:
        secret = webhook_secret or secrets.token_urlsafe(24)
        receiver = WebhookReceiver(store, secret, port=webhook_port or 0,
                                   on_event=tracker.on_webhook).start()
        if demo is not None:
            demo.register_webhook(receiver.url, secret)
    tracker.resume()
    tracker.start()
    live = LiveTracking(tracker, receiver)
    if with_relay:
        assert relay is not None
        live.use_relay(relay)
    return live
