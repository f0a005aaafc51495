"""Where the person buys: `Mode` lives in the purchases core (`pocketgui.purchases.modes`), which
assembles the session for it; re-exported here for the UI."""

from __future__ import annotations

from pocketgui.purchases.modes import DEFAULT_MODE, Mode

__all__ = ["DEFAULT_MODE", "Mode"]
