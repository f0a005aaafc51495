"""HTTP exchanges with a size cap on the answer and a wall-clock deadline for the whole exchange.

httpx's timeouts are per socket operation: an answer dripped one byte every few seconds never
trips a 20 s read timeout, and `response.content` holds however many bytes the server sends.
Whoever answers (a broken proxy, a captive portal, an attacker on the path) could pin a worker
thread forever or fill the memory. So every call of the app goes through `exchange()`:

- the answer is read as a stream, counting raw bytes, and refused once it passes `limit`
  (`AnswerTooLarge`) — memory stays near the cap whatever the server sends, endless included.
  Compression is not asked for and a compressed answer is refused: a few KB of gzip can inflate
  to gigabytes before any byte could be counted;
- a deadline (`deadline()`, per thread) bounds connecting, sending and every read together:
  `BoundedTransport` gives httpcore a network backend whose socket timeouts never reach past
  the deadline, so a drip fails at the deadline with `httpx.ReadTimeout`.

httpx has no public seam for httpcore's network backend, so `BoundedTransport` builds its own
connection pool (the only thing `HTTPTransport.handle_request` uses).
"""

from __future__ import annotations

import functools
import ssl
import threading
import time
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpcore
import httpx

_local = threading.local()


class RefusedAnswer(Exception):
    """An answer that was not read to its end: too large, or compressed."""


class AnswerTooLarge(RefusedAnswer):
    """The answer passed the byte limit; it was not read further."""

    def __init__(self, limit: int):
        super().__init__(f"the answer is larger than {limit:,} bytes")
        self.limit = limit


@contextmanager
def deadline(seconds: float) -> Iterator[float]:
    """Every bounded socket operation of this thread ends by now + `seconds` (nested: the
    earlier deadline wins). Yields the monotonic time of the deadline."""
    outer = getattr(_local, "at", None)
    at = time.monotonic() + seconds
    _local.at = at if outer is None else min(outer, at)
    try:
        yield _local.at
    finally:
        _local.at = outer


def deadline_passed() -> bool:
    at = getattr(_local, "at", None)
    return at is not None and time.monotonic() >= at


def _within_deadline(timeout: float | None, error: type[Exception]) -> float | None:
    """`timeout` shortened to what is left of this thread's deadline; `error` once it passed."""
    at = getattr(_local, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise error("the deadline for this exchange has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _within_deadline(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _within_deadline(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(
            ssl_context, server_hostname, _within_deadline(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: typing.Iterable[typing.Any] | None = None,
                    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_tcp(
            host, port, _within_deadline(timeout, httpcore.ConnectTimeout), local_address,
            socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: typing.Iterable[typing.Any] | None = None,
                            ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_unix_socket(
            path, _within_deadline(timeout, httpcore.ConnectTimeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


@functools.cache
def _verifying_context() -> ssl.SSLContext:
    """httpx's default verifying context, made once per process: loading the CA bundle costs
    more than the rest of a client, and one context serves every connection pool."""
    return httpx.create_ssl_context()


class BoundedTransport(httpx.HTTPTransport):
    """`httpx.HTTPTransport` (HTTP/1.1) whose every socket operation keeps to the deadline of
    the calling thread (see the module docstring)."""

    def __init__(self, *, verify: bool = True) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=_verifying_context() if verify else None,
            network_backend=_DeadlineBackend(),
        )


@dataclass(frozen=True)
class Answer:
    """A complete answer, read within the cap."""

    status_code: int
    content: bytes
    headers: httpx.Headers = field(default_factory=httpx.Headers, compare=False)

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300


def exchange(http: httpx.Client, method: str, path: str, *, limit: int, seconds: float,
             content: bytes | None = None, headers: dict[str, str] | None = None) -> Answer:
    """One request and its whole answer, at most `limit` bytes, within `seconds`.

    Raises `RefusedAnswer` (`AnswerTooLarge`), `httpx.ReadTimeout` when the deadline passes
    (also with a transport that does not keep to it: checked between chunks), or httpx's
    transport errors.
    """
    request = http.build_request(method, path, content=content,
                                 headers={**(headers or {}), "Accept-Encoding": "identity"})
    with deadline(seconds):
        response = http.send(request, stream=True)
        try:
            return _read(response, limit)
        finally:
            response.close()


def _read(response: httpx.Response, limit: int) -> Answer:
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding != "identity":
        raise RefusedAnswer(f"the answer is compressed ({encoding}), which was not asked for")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise AnswerTooLarge(limit)
    if response.is_stream_consumed:  # a transport in between read it already (tests' meddlers)
        if len(response.content) > limit:
            raise AnswerTooLarge(limit)
        return Answer(response.status_code, response.content, response.headers)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_raw():
        size += len(chunk)
        if size > limit:
            raise AnswerTooLarge(limit)
        chunks.append(chunk)
        if deadline_passed():
            raise httpx.ReadTimeout("the deadline for this exchange has passed")
    return Answer(response.status_code, b"".join(chunks), response.headers)
