"""pocketgui.relay: `pocketgui-relay`, the always-on service that receives Pocket's webhooks
for a desktop behind NAT and hands them to it over an authenticated long-poll feed (no Qt).

`RelayConfig` (what it starts with), `RelayServer` (intake, feed, health, retention),
`RelayStore` (the deliveries' SQLite file), `feed` (the feed's contract), `cli` (the command).
"""

from pocketgui.relay.config import RelayConfig
from pocketgui.relay.server import FEED_PATH, HEALTH_PATH, WEBHOOK_PATH, RelayServer
from pocketgui.relay.store import RelayStore

__all__ = ["FEED_PATH", "HEALTH_PATH", "WEBHOOK_PATH", "RelayConfig", "RelayServer", "RelayStore"]
