"""pocketgui.purchases: the dashboard's Qt-free core, as `flow/` is the wizard's (no Qt).

- `modes.Mode`: Demo, Staging or Production;
- `session`: the session assembled for a mode (`open_demo`, `open_remote`): client, store,
  devices, the tracker and its sources of news;
- `live_tracking`: the tracker started with its sources (`start_live_tracking`, `LiveTracking`);
- `orders`: the store's orders as typed objects (the welcome page's list, an order reopened);
- `core.PurchasesCore`: what the dashboard reads, writes and calls (history, the order PATCH with
  its echo check, the demo's bank).
Only `Mode` is re-exported here: the first window imports it before its paint, so this package
imports nothing else at its own import; import the rest by module path (the session, after the
paint; the others on a worker).
"""

from pocketgui.purchases.modes import DEFAULT_MODE, Mode

__all__ = ["DEFAULT_MODE", "Mode"]
