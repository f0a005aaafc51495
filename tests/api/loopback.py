"""Small real servers on loopback for the failure modes a healthy sandbox never shows.

`BlackHole` accepts connections, reads and never answers (an answer lost in transit);
`ScriptedServer` answers each request with the next scripted reply, or drops the connection;
`TamperingProxy` forwards to a real sandbox and alters the order answers.
Real sockets, no HTTP mocking library.
"""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import urlsplit

from pocketgui.api import jsonio

DROP = "drop"


class BlackHole:
    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self.received = threading.Event()
        self._conns: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self._conns.append(conn)
            threading.Thread(target=self._swallow, args=(conn,), daemon=True).start()

    def _swallow(self, conn: socket.socket) -> None:
        try:
            while conn.recv(65536):
                self.received.set()
        except OSError:
            pass

    def __enter__(self) -> BlackHole:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._listener.close()
        for conn in self._conns:
            conn.close()


class LoopbackHTTP:
    """A ThreadingHTTPServer on 127.0.0.1:0 serving `handler` in a thread, as a context."""

    def _serve(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()


class QuietHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class ScriptedServer(LoopbackHTTP):
    """Answers request n with `replies[n]`: a (status, JSON body) pair, or DROP to hang up."""

    def __init__(self, replies: list[tuple[int, str] | str]):
        self.requests: list[str] = []
        script = list(replies)
        requests = self.requests

        class Handler(QuietHandler):
            def _reply(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                requests.append(f"{self.command} {self.path}")
                reply = script.pop(0)
                if reply == DROP:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                status, body = reply
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = _reply

        self._serve(Handler)


class TamperingProxy(LoopbackHTTP):
    """A real HTTP proxy on loopback in front of `upstream` that passes everything through,
    except that `tamper(body)` may alter the parsed JSON of the 2xx answers to `route`
    (method, path prefix; by default the order creation)."""

    def __init__(
        self,
        upstream: str,
        tamper: Callable[[dict[str, Any]], None],
        route: tuple[str, str] = ("POST", "/v1/orders"),
    ):
        target = urlsplit(upstream)
        self.tampered = 0
        proxy = self

        class Handler(QuietHandler):
            def _forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in {"host", "connection", "content-length"}}
                upstream_conn = http.client.HTTPConnection(target.hostname or "", target.port,
                                                           timeout=10)
                upstream_conn.request(self.command, self.path, body=body, headers=headers)
                answer = upstream_conn.getresponse()
                data = answer.read()
                upstream_conn.close()
                if (self.command == route[0] and self.path.startswith(route[1])
                        and 200 <= answer.status < 300):
                    parsed = jsonio.loads(data)
                    tamper(parsed)
                    data = jsonio.dumps(parsed).encode()
                    proxy.tampered += 1
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.getheader("Content-Type") or "")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_DELETE = _forward

        self._serve(Handler)


class HostileServer:
    """A raw-socket HTTP server that answers every request the same hostile way:

    - "huge": a declared 100 MB answer, sent in full;
    - "endless": a chunked answer that never ends;
    - "drip": the answer's bytes one at a time, `gap` seconds apart, from the status line on;
    - "gzip": a gzip answer (a few KB that would inflate to 100 MB) though none was asked for.
    It writes from one preallocated block, so its own memory stays flat."""

    BLOCK = b"[" + b"0," * 32767 + b"0"

    def __init__(self, mode: str, *, gap: float = 0.3, size: int = 100 * 1024 * 1024):
        self.mode, self.gap, self.size = mode, gap, size
        self._bomb = self._make_bomb() if mode == "gzip" else b""
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self.requests = 0
        self.sent = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                request = b""
                while b"\r\n\r\n" not in request:
                    request += conn.recv(65536)
                self.requests += 1
                getattr(self, f"_{self.mode}")(conn)
            except OSError:
                pass

    def _huge(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\n\r\n" % self.size)
        while self.sent < self.size and not self._stop.is_set():
            conn.sendall(self.BLOCK)
            self.sent += len(self.BLOCK)

    def _endless(self, conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"%x\r\n%s\r\n" % (len(self.BLOCK), self.BLOCK)
        while not self._stop.is_set():
            conn.sendall(chunk)
            self.sent += len(self.BLOCK)

    def _drip(self, conn: socket.socket) -> None:
        body = b'{"id":"c","token":"t","expires_on":"2030-01-01T00:00:00+00:00"}'
        answer = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                  b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        for byte in answer:
            if self._stop.wait(self.gap):
                return
            conn.sendall(bytes([byte]))
            self.sent += 1

    def _gzip(self, conn: socket.socket) -> None:
        bomb = self._bomb
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(bomb) + bomb)

    def _make_bomb(self) -> bytes:
        """`size` spaces gzipped, made a block at a time (before any measuring starts)."""
        import zlib

        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        block = b" " * len(self.BLOCK)
        parts = [packer.compress(block) for _ in range(self.size // len(block))]
        return b"".join(parts) + packer.flush()

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._listener.close()
