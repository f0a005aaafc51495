"""`next_delay`: how long to wait before asking a failing server again.

One rule for every source the app keeps asking (the relay's feed, the blockchain server): double
from a floor up to a ceiling, and never sooner than the server's own Retry-After.
"""

from __future__ import annotations

MAX_RETRY_AFTER = 3600.0


def next_delay(failures: int, retry_after: float, low: float, high: float) -> float:
    """Seconds before the next attempt after `failures` in a row: doubling from `low` up to
    `high`, and never sooner than a Retry-After asked (itself capped at an hour)."""
    delay = min(high, low * 2 ** min(failures - 1, 30))
    return max(delay, min(retry_after, MAX_RETRY_AFTER))
