"""A stdlib HTTP server that a stalled or flooding peer cannot pin: a bound on the connections
served at once, a timeout on every read, and a wall-clock deadline on each whole request.

Why hand-written: the receiver stays on the stdlib (`http.server`) so the app's start-up path
imports no web framework, and the stdlib server has none of these three guards. A per-read
timeout alone is not enough: one byte every few seconds never trips it, so every read is
given only what is left of the request's deadline.
"""

from __future__ import annotations

import io
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

log = logging.getLogger(__name__)


class DeadlineSocketReader(io.RawIOBase):
    """A socket's read side where each read waits at most `read_timeout` seconds and never
    past `deadline` (a `time.monotonic()` value); either raises TimeoutError."""

    def __init__(self, sock: socket.socket, read_timeout: float, deadline: float) -> None:
        super().__init__()
        self._sock = sock
        self.read_timeout = read_timeout
        self.deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request took longer than its deadline")
        self._sock.settimeout(min(self.read_timeout, left))
        return self._sock.recv_into(buffer)


class GuardedRequestHandler(BaseHTTPRequestHandler):
    """Reads through a `DeadlineSocketReader`; the server's limits apply (one request per
    connection: HTTP/1.0, the stdlib default)."""

    server: GuardedHTTPServer

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the stdlib's reader: replaced, not left holding the socket
        self.rfile = io.BufferedReader(
            DeadlineSocketReader(
                self.connection,
                self.server.read_timeout,
                time.monotonic() + self.server.request_deadline,
            )
        )
        self.connection.settimeout(self.server.read_timeout)  # writes to a peer that never reads

    def read_body(self, length: int) -> bytes:
        """Exactly `length` bytes, or TimeoutError / ConnectionError (a short body)."""
        chunks: list[bytes] = []
        left = length
        while left > 0:
            chunk = self.rfile.read1(min(left, 1 << 16))
            if not chunk:
                raise ConnectionError("the peer closed the connection inside the body")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)


class GuardedHTTPServer(ThreadingHTTPServer):
    """At most `max_connections` connections are served at once, each in a daemon thread; a
    connection beyond that is closed at once, unread (the sender retries later), so a flood
    of stalled requests pins at most `max_connections` threads, each for at most
    `request_deadline` seconds."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # the stdlib's 5: a burst of connects waits seconds for SYN retries

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[GuardedRequestHandler],
        *,
        max_connections: int,
        read_timeout: float,
        request_deadline: float,
    ) -> None:
        if max_connections < 1 or read_timeout <= 0 or request_deadline <= 0:
            raise ValueError("limits must be positive")
        self.max_connections = max_connections
        self.read_timeout = read_timeout
        self.request_deadline = request_deadline
        self._slots = threading.BoundedSemaphore(max_connections)
        self.refused = 0
        self._refusing = False
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self.refused += 1
            # once per burst: a flood must not flood the log as well
            (log.warning if not self._refusing else log.debug)(
                "webhook connections refused: %d already open", self.max_connections)
            self._refusing = True
            self.shutdown_request(request)
            return
        self._refusing = False
        try:
            super().process_request(request, client_address)
        except BaseException:  # the thread did not start: give the slot back
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("webhook connection from %s ended with an error", client_address,
                  exc_info=True)
