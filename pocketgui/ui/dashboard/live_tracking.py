"""`start_live_tracking`: the tracker the dashboard listens to, running, with webhooks where
they can reach us.

Demo: a webhook receiver on loopback, registered with the sandbox (its test helper), so every
executed / interrupted / refunded / settled arrives at once; only confirmations are polled, every
few seconds (the sandbox mines when asked). Staging / Production: Pocket cannot reach a desktop
behind NAT unless the person set up a public endpoint, so without `webhook_port` the tracker
polls, with the backoff of `tracking.tracker` and confirmations at about a block's time.
Unfinished exchanges and unprocessed deliveries from the last run are resumed first.
Qt-free; blocks briefly (binds a port, one sandbox call): call it on a worker.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from pocketgui.api.client import PocketClient
from pocketgui.store import Store
from pocketgui.tracking import ExchangeTracker, WebhookReceiver
from pocketgui.ui.dashboard.demo_helpers import DemoHelpers

DEMO_TIMINGS = {"base_interval": 2.0, "confirmation_interval": 2.0, "max_interval": 30.0}
REMOTE_TIMINGS = {"base_interval": 30.0, "confirmation_interval": 600.0, "max_interval": 1800.0}


@dataclass
class LiveTracking:
    tracker: ExchangeTracker
    receiver: WebhookReceiver | None

    def stop(self) -> None:
        self.tracker.stop()
        if self.receiver is not None:
            self.receiver.stop()


def start_live_tracking(pocket: PocketClient, store: Store, *, demo: DemoHelpers | None = None,
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
    receiver = None
    if webhooks:
        secret = webhook_secret or secrets.token_urlsafe(24)
        receiver = WebhookReceiver(store, secret, port=webhook_port or 0,
                                   on_event=tracker.on_webhook).start()
        if demo is not None:
            demo.register_webhook(receiver.url, secret)
    tracker.resume()
    tracker.start()
    return LiveTracking(tracker, receiver)
