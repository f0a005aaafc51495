"""Running a sandbox in-process: uvicorn in a thread on a socket bound up front (port 0 → free)."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn

from pocketgui.sandbox.app import create_app
from pocketgui.sandbox.chain.electrum import ElectrumServer
from pocketgui.sandbox.chain.esplora import EsploraFirst, create_esplora_app
from pocketgui.sandbox.config import SandboxConfig
from pocketgui.sandbox.connection_guard import ConnectionGuard, guarded_protocol
from pocketgui.sandbox.runtime import Sandbox


class SandboxServer:
    """`with SandboxServer(config) as server: server.url` — started, and stopped on exit.

    The chain: `server.esplora_url` always; `server.electrum_port` / `server.electrum_url`
    (`tcp://host:port`) when `config.electrum_port` is not None."""

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self.sandbox: Sandbox | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._electrum: ElectrumServer | None = None
        self.guard: ConnectionGuard | None = None

    @property
    def port(self) -> int:
        if self._socket is None:
            raise RuntimeError("the sandbox is not running")
        return int(self._socket.getsockname()[1])

    @property
    def url(self) -> str:
        host = self.config.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}"

    @property
    def esplora_url(self) -> str:
        """The Esplora-compatible API of the sandbox's chain (no authentication)."""
        return f"{self.url}/esplora"

    @property
    def electrum_port(self) -> int | None:
        return None if self._electrum is None else self._electrum.port

    @property
    def electrum_url(self) -> str | None:
        """`tcp://127.0.0.1:PORT` (plain TCP), or None without an Electrum server."""
        if self._electrum is None:
            return None
        host = self.config.host
        shown = f"[{host}]" if ":" in host else host
        return f"tcp://{shown}:{self._electrum.port}"

    def start(self, timeout: float = 15.0) -> SandboxServer:
        """Returns once the socket accepts connections."""
        if self._thread is not None:
            raise RuntimeError("already started")
        family = socket.AF_INET6 if ":" in self.config.host else socket.AF_INET
        # proto IPPROTO_TCP (not 0) so asyncio sets TCP_NODELAY on accepted connections;
        # without it every keep-alive response waits ~40 ms for a delayed ACK.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.config.host, self.config.port))
        self._socket = sock
        self.sandbox = Sandbox(self.config)
        self.guard = ConnectionGuard(self.config.max_connections, self.config.request_timeout)
        uv_config = uvicorn.Config(
            EsploraFirst(create_app(self.sandbox),
                         create_esplora_app(self.sandbox.db, self.sandbox.chain_views)),
            http=guarded_protocol(self.guard),
            log_level="warning",
            access_log=False,
            lifespan="off",
            loop="asyncio",
            timeout_keep_alive=30,
        )
        self._server = uvicorn.Server(uv_config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="sandbox-http", daemon=True
        )
        self._thread.start()
        self.sandbox.start()
        if self.config.electrum_port is not None:
            try:
                self._electrum = ElectrumServer(
                    self.sandbox.db, self.sandbox.chain_views, self.config.host,
                    self.config.electrum_port).start(timeout)
            except (OSError, RuntimeError):
                self.stop()
                raise
            self.sandbox.add_listener(self._electrum.wake)
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the sandbox did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        if self._electrum is not None:
            self._electrum.stop()
            self._electrum = None
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self.sandbox is not None:
            self.sandbox.stop()
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self.sandbox = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
