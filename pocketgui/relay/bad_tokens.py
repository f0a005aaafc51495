"""Slowing down token guessing: after `limit` bad tokens from one client address within
`window` seconds, that address is answered 429 for `window` seconds, its tokens unchecked."""

from __future__ import annotations

import math
import threading
import time
from collections import deque

MAX_TRACKED = 10_000  # addresses remembered at once: a spray of sources cannot fill memory


class BadTokenLimiter:
    def __init__(self, limit: int, window: float) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("the limit and the window must be positive")
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._blocked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def retry_after(self, address: str, now: float | None = None) -> int:
        """Whole seconds until `address` may try again (0: it may now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            until = self._blocked_until.get(address)
            if until is None:
                return 0
            if until <= now:
                del self._blocked_until[address]
                return 0
            return max(1, math.ceil(until - now))

    def failed(self, address: str, now: float | None = None) -> None:
        """Count one bad token; the `limit`-th within the window blocks the address."""
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._failures.get(address)
            if times is None:
                if len(self._failures) >= MAX_TRACKED:
                    self._forget_stale(now)
                times = self._failures[address] = deque(maxlen=self.limit)
            times.append(now)
            if len(times) == self.limit and now - times[0] <= self.window:
                if len(self._blocked_until) >= MAX_TRACKED:
                    self._blocked_until = {
                        a: t for a, t in self._blocked_until.items() if t > now}
                self._blocked_until[address] = now + self.window
                del self._failures[address]

    def _forget_stale(self, now: float) -> None:
        for address in [a for a, t in self._failures.items() if now - t[-1] > self.window]:
            del self._failures[address]
        while len(self._failures) >= MAX_TRACKED:  # all recent: drop the oldest entry
            del self._failures[next(iter(self._failures))]
