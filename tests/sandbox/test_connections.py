"""The sandbox against idle, half-open and stalled connections, over real loopback sockets:
no one can exhaust its file descriptors or lock everyone else out, and it never answers 5xx."""

from __future__ import annotations

import resource
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from pocketgui.sandbox import SandboxServer

AUTH = {"Authorization": "client_id conn"}
FD_LIMIT = 1024  # the sandbox process's soft limit in the flood test: a common desktop default
FLOOD = 1100


def connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    return socket.create_connection((parts.hostname, parts.port), timeout=5)


def server_closed(sock: socket.socket, within: float) -> bool:
    """True when the server closed the connection within `within` seconds."""
    sock.settimeout(within)
    try:
        while sock.recv(4096):
            pass
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    return True


def partial_post(sock: socket.socket) -> None:
    """A request whose head is complete and whose body never is: busy, not idle."""
    sock.sendall(b"POST /v1/sandbox/rates HTTP/1.1\r\nHost: x\r\nAuthorization: client_id conn\r\n"
                 b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"pair\"")


def _limit_open_files() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (FD_LIMIT, resource.getrlimit(
        resource.RLIMIT_NOFILE)[1]))


@pytest.fixture
def sandbox_process() -> Iterator[str]:
    """The `pocketgui-sandbox` command in its own process, limited to FD_LIMIT open files."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pocketgui.sandbox.cli", "--port", "0", "--db", ":memory:"],
        stdout=subprocess.PIPE, text=True, preexec_fn=_limit_open_files,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        yield process.stdout.readline().rsplit(" ", 1)[-1].strip()
    finally:
        process.kill()
        process.wait()


@pytest.fixture
def open_files_for_the_flood() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < FLOOD + 200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))


def test_over_a_thousand_idle_and_half_open_connections_lock_no_one_out(
    sandbox_process: str, open_files_for_the_flood: None
) -> None:
    flood: list[socket.socket] = []
    try:
        for n in range(FLOOD):
            sock = connect(sandbox_process)
            flood.append(sock)
            if n % 2:  # half of them start a request head and never finish it
                try:
                    sock.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\n")
                except ConnectionError:  # closed already to make room: fine
                    pass
        answer = httpx.post(f"{sandbox_process}/v1/challenges", headers=AUTH, timeout=10)
        assert answer.status_code == 201
    finally:
        for sock in flood:
            sock.close()


@pytest.fixture
def small_sandbox(sandbox_factory: Callable[..., SandboxServer]) -> SandboxServer:
    return sandbox_factory(max_connections=5, request_timeout=1.0)


def test_idle_connections_make_room_for_a_new_request(small_sandbox: SandboxServer) -> None:
    idle = [connect(small_sandbox.url) for _ in range(5)]
    try:
        time.sleep(0.2)
        answer = httpx.post(f"{small_sandbox.url}/v1/challenges", headers=AUTH, timeout=5)
        assert answer.status_code == 201
        assert server_closed(idle[0], within=1.0)  # the oldest idle one made room
    finally:
        for sock in idle:
            sock.close()


def test_beyond_the_bound_of_busy_connections_a_new_one_is_refused_until_they_end(
    small_sandbox: SandboxServer,
) -> None:
    busy = [connect(small_sandbox.url) for _ in range(5)]
    try:
        for sock in busy:
            partial_post(sock)
        time.sleep(0.2)
        with connect(small_sandbox.url) as refused:
            assert server_closed(refused, within=0.5)
        assert small_sandbox.guard is not None and small_sandbox.guard.refused >= 1
        for sock in busy:  # the deadline ends each stalled request
            assert server_closed(sock, within=2.0)
        answer = httpx.post(f"{small_sandbox.url}/v1/challenges", headers=AUTH, timeout=5)
        assert answer.status_code == 201
    finally:
        for sock in busy:
            sock.close()


@pytest.mark.parametrize(
    "send",
    [lambda sock: None,  # connects and says nothing
     lambda sock: sock.sendall(b"GET /openapi.json HTTP/1.1\r\nHo"),  # half a head
     partial_post],  # a body that never completes
)
def test_a_request_not_complete_by_the_deadline_is_closed(
    small_sandbox: SandboxServer, send: Callable[[socket.socket], Any]
) -> None:
    with connect(small_sandbox.url) as sock:
        started = time.monotonic()
        send(sock)
        assert server_closed(sock, within=3.0)
        assert 0.8 < time.monotonic() - started < 2.5


def test_a_head_dripped_a_byte_at_a_time_is_closed_at_the_deadline(
    small_sandbox: SandboxServer,
) -> None:
    head = b"GET /openapi.json HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 100
    with connect(small_sandbox.url) as sock:
        started = time.monotonic()
        for byte in head:
            try:
                sock.sendall(bytes([byte]))
            except ConnectionError:
                break
            time.sleep(0.05)
            if time.monotonic() - started > 3:
                break
        assert server_closed(sock, within=1.0)
        assert time.monotonic() - started < 2.5


def test_keep_alive_connections_serve_many_requests(small_sandbox: SandboxServer) -> None:
    with httpx.Client(base_url=small_sandbox.url, headers=AUTH, timeout=5) as client:
        for _ in range(20):
            assert client.post("/v1/challenges").status_code == 201
        time.sleep(1.2)  # longer than a request's deadline, idle after an answer
        assert client.post("/v1/challenges").status_code == 201
