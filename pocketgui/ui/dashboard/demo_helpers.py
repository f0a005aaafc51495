"""`DemoHelpers`: the sandbox's test helpers the dashboard needs — the demo's bank itself.

`flow.demo_bank.DemoBank` has them all (transfers, blocks, identifications, the webhook
registration), Qt-free, on `/v1/sandbox/…` routes, never Pocket's real ones; the session hands
the wizard's and the dashboard's the same one.
"""

from __future__ import annotations

from pocketgui.flow.demo_bank import DemoBank as DemoHelpers

__all__ = ["DemoHelpers"]
