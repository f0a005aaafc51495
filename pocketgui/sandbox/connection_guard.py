"""A bound on the sandbox's open connections, and a deadline on each request, at the socket.

uvicorn closes a connection only after a keep-alive pause that follows an answer: a connection
that never sends a byte, or sends a request head one byte at a time, stays open for ever, and
about a thousand of them exhaust the process's file descriptors (in the Demo, the app's own).
Its `limit_concurrency` answers 503, and the sandbox never answers 5xx. So, wrapped around
uvicorn's HTTP protocol:
- every request must be answered within `request_timeout` seconds of the connection opening
  or of its first byte after the previous answer, else the connection is closed;
- at most `max_connections` are open at once. A new one beyond that closes the oldest
  connection with no request in progress (idle, or a head not complete yet); when every
  connection is busy with a request, the new one is closed at once, before a byte is read
  (refused, not answered 503; the client may try again).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.auto import AutoHTTPProtocol

log = logging.getLogger(__name__)


class ConnectionGuard:
    """The open connections of one server, oldest first."""

    def __init__(self, max_connections: int, request_timeout: float) -> None:
        if max_connections < 1 or request_timeout <= 0:
            raise ValueError("limits must be positive")
        self.max_connections = max_connections
        self.request_timeout = request_timeout
        self._open: dict[Any, None] = {}  # insertion-ordered: oldest first
        self.refused = 0
        self.evicted = 0
        self.timed_out = 0

    @property
    def open_count(self) -> int:
        return len(self._open)

    def admit(self, connection: Any) -> bool:
        if len(self._open) >= self.max_connections:
            idle = next((c for c in self._open if c.is_idle()), None)
            if idle is None:
                self.refused += 1
                if self.refused == 1 or self.refused % 1000 == 0:
                    log.warning("connection refused: %d connections busy (%d refused so far)",
                                self.max_connections, self.refused)
                return False
            self.evicted += 1
            log.debug("closing an idle connection to make room")
            self.forget(idle)
            idle.close()
        self._open[connection] = None
        return True

    def forget(self, connection: Any) -> None:
        self._open.pop(connection, None)


def guarded_protocol(guard: ConnectionGuard) -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol class (httptools or h11) with `guard` applied."""
    base: Any = AutoHTTPProtocol

    class GuardedHTTPProtocol(base):
        _deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:
            super().connection_made(transport)
            if not guard.admit(self):
                transport.close()
                return
            self._arm()

        def data_received(self, data: bytes) -> None:
            if self._deadline is None and self.is_idle():
                self._arm()  # the first byte of the next request starts its clock
            super().data_received(data)

        def on_response_complete(self) -> None:
            self._disarm()
            super().on_response_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            guard.forget(self)
            super().connection_lost(exc)

        def is_idle(self) -> bool:
            """No request in progress: nothing received yet, a partial head, or answered."""
            cycle = self.cycle
            return cycle is None or bool(cycle.response_complete)

        def close(self) -> None:
            self._disarm()
            if not self.transport.is_closing():
                self.transport.close()

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(guard.request_timeout, self._expire)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _expire(self) -> None:
            self._deadline = None
            guard.timed_out += 1
            log.info("closing a connection whose request was not complete in %.0f s",
                     guard.request_timeout)
            self.close()

    return GuardedHTTPProtocol
