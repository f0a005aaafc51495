"""`PocketClient`: every route of Pocket REST API v1, typed, over one `httpx.Client`.

Why the retry rules differ by method: a GET changes nothing, so on a connection error, a timeout
or a 5xx it is tried again with a growing pause. A POST or PATCH moves money or creates
instructions, so it is never repeated blindly: when the connection could not even be opened it
raises `ConnectionFailed` / `Timeout` (nothing was sent, safe to try again), and when it was sent
but no usable answer came back (read timeout, dropped connection, a 5xx from somewhere on the
way) it raises `OutcomeUnknown`, so the caller checks before acting again.

Every call is bounded (`api.bounded`): its answer may be at most `ANSWER_LIMIT` bytes and the
whole call, retries included, ends by `DEFAULT_DEADLINE` seconds. 1 MiB: Pocket's largest answer
(an order with its QR-bill payload) is a few KB, so the cap never touches an honest answer and
keeps a hostile one from taking more than about a megabyte of memory. 30 s: a person waits for
every call, and on a slow link an honest exchange ends in a few seconds.

    with PocketClient(Environment.sandbox(url), client_id="demo") as pocket:
        challenge = pocket.create_challenge()
        order = pocket.create_order(request)   # raises TamperedResponse on a bad echo
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx

from pocketgui import __version__
from pocketgui.api import jsonio
from pocketgui.api.bounded import (
    Answer,
    BoundedTransport,
    RefusedAnswer,
    deadline,
    deadline_passed,
    exchange,
)
from pocketgui.api.echo import check_order_echo, check_patch_echo
from pocketgui.api.environments import Environment
from pocketgui.api.errors import (
    ConnectionFailed,
    MalformedResponse,
    OutcomeUnknown,
    Timeout,
    error_from_body,
)
from pocketgui.api.models import (
    Challenge,
    ChannelPayoutRequest,
    Exchange,
    InvoicePayoutRequest,
    Order,
    OrderPatch,
    OrderRequest,
)
from pocketgui.i18n.catalog import _

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=20.0, write=20.0, pool=5.0)
DEFAULT_DEADLINE = 30.0  # seconds for a whole call (see the module docstring)
ANSWER_LIMIT = 1 << 20  # bytes of one answer (see the module docstring)

# Raised before any byte of the request left: the server cannot have acted on it.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


class PocketClient:
    def __init__(
        self,
        environment: Environment,
        client_id: str,
        *,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        retries: int = 2,
        backoff: float = 0.25,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        deadline: float = DEFAULT_DEADLINE,
        answer_limit: int = ANSWER_LIMIT,
    ):
        if not client_id or any(c.isspace() for c in client_id):
            raise ValueError("a client id is a non-empty token without spaces")
        self.environment = environment
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self.deadline = deadline
        self.answer_limit = answer_limit
        self._http = httpx.Client(
            base_url=environment.base_url,
            headers={
                "Authorization": f"client_id {client_id}",
                "Accept": "application/json",
                "User-Agent": f"pocketgui/{__version__}",
            },
            timeout=timeout,
            transport=transport if transport is not None else BoundedTransport(),
            follow_redirects=False,
        )

    # Lifecycle ---------------------------------------------------------------------------------

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PocketClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Challenges ---------------------------------------------------------------------------------

    def create_challenge(self) -> Challenge:
        return Challenge.from_wire(self._send("POST", "/v1/challenges", {}))

    def get_challenge(self, challenge_id: str) -> Challenge:
        return Challenge.from_wire(self._get(f"/v1/challenges/{_segment(challenge_id)}"))

    # Orders -------------------------------------------------------------------------------------

    def create_order(self, request: OrderRequest) -> Order:
        """Create the order and check its echo; raises TamperedResponse when it differs."""
        order = Order.from_wire(self._send("POST", "/v1/orders", request.to_wire()))
        return check_order_echo(request, order, self.environment.creditor_ibans)

    def patch_order(self, order: Order, patch: OrderPatch) -> Order:
        """Change `order` (as stored); raises TamperedResponse unless the answer is that order
        with exactly `patch` applied and its creditor checks pass."""
        path = f"/v1/orders/{_segment(order.id)}"
        answer = Order.from_wire(self._send("PATCH", path, patch.to_wire()))
        return check_patch_echo(order, patch, answer, self.environment.creditor_ibans)

    def get_order(self, order_id: str) -> Order:
        return Order.from_wire(self._get(f"/v1/orders/{_segment(order_id)}"))

    # Exchanges ----------------------------------------------------------------------------------

    def get_exchange(self, exchange_id: str) -> Exchange:
        return Exchange.from_wire(self._get(f"/v1/exchanges/{_segment(exchange_id)}"))

    def patch_exchange(
        self, exchange_id: str, payout: InvoicePayoutRequest | ChannelPayoutRequest
    ) -> Exchange:
        path = f"/v1/exchanges/{_segment(exchange_id)}"
        return Exchange.from_wire(self._send("PATCH", path, payout.to_wire()))

    # Transport ----------------------------------------------------------------------------------

    def _get(self, path: str) -> Any:
        """GET with retries on connection errors, timeouts and 5xx, all within the deadline."""
        with deadline(self.deadline):
            for attempt in range(self.retries + 1):
                last = attempt == self.retries
                try:
                    response = self._exchange("GET", path)
                except RefusedAnswer as exc:
                    raise MalformedResponse(_("Pocket's answer to GET {path} was refused: "
                                              "{problem}.").format(path=path, problem=exc)
                                            ) from exc
                except httpx.TimeoutException as exc:
                    if last or deadline_passed():
                        raise _timeout(exc, self.deadline) from exc
                except httpx.TransportError as exc:
                    if last or deadline_passed():
                        raise _connection_failed(exc) from exc
                else:
                    if response.status_code < 500 or last or deadline_passed():
                        return _answer(response)
                self._sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable")

    def _send(self, method: str, path: str, body: dict[str, Any]) -> Any:
        """POST/PATCH exactly once. See the module docstring for what each failure means."""
        with deadline(self.deadline):
            try:
                response = self._exchange(method, path, jsonio.dumps(body).encode())
            except RefusedAnswer as exc:
                raise OutcomeUnknown(_(
                    "The request {method} {path} was sent but its answer was refused "
                    "({problem}); it may or may not have been carried out. Check with Pocket "
                    "before trying again.").format(method=method, path=path, problem=exc)
                ) from exc
            except httpx.TimeoutException as exc:
                if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
                    raise _timeout(exc, self.deadline) from exc
                raise _outcome_unknown(method, path, exc) from exc
            except _NOT_SENT as exc:
                raise _connection_failed(exc) from exc
            except httpx.TransportError as exc:
                raise _outcome_unknown(method, path, exc) from exc
        if response.status_code >= 500:
            raise OutcomeUnknown(
                _("Pocket answered {method} {path} with a server error (HTTP {status}); it may "
                  "or may not have been carried out. Check with Pocket before trying again."
                  ).format(method=method, path=path, status=response.status_code),
                code="outcome_unknown",
                status=response.status_code,
            )
        return _answer(response)

    def _exchange(self, method: str, path: str, content: bytes | None = None) -> Answer:
        headers = {"Content-Type": "application/json"} if content is not None else None
        return exchange(self._http, method, path, limit=self.answer_limit,
                        seconds=self.deadline, content=content, headers=headers)


def _segment(value: str) -> str:
    """An id as one path segment, so no id can reach another route."""
    if not value:
        raise ValueError("an id must not be empty")
    return quote(value, safe="")


def _answer(response: Answer) -> Any:
    """The parsed body of a 2xx, or the typed error of any other status."""
    try:
        body = jsonio.loads(response.content) if response.content else None
    except (ValueError, RecursionError):
        body = None
        if response.is_success:
            raise MalformedResponse(
                _("Pocket's answer (HTTP {status}) is not valid JSON.").format(
                    status=response.status_code),
                status=response.status_code,
            ) from None
    if response.is_success:
        return body
    raise error_from_body(response.status_code, body)


def _timeout(exc: Exception, seconds: float) -> Timeout:
    if deadline_passed():
        return Timeout(_(
            "Pocket's answer did not arrive within {seconds} seconds, the limit for one call: "
            "check the internet connection and try again.").format(seconds=f"{seconds:g}"))
    return Timeout(_(
        "Pocket did not answer in time ({problem}): check the internet connection and try "
        "again.").format(problem=type(exc).__name__))


def _connection_failed(exc: Exception) -> ConnectionFailed:
    return ConnectionFailed(_(
        "Could not reach Pocket ({problem}): check the internet connection and try again; "
        "nothing was sent.").format(problem=type(exc).__name__))


def _outcome_unknown(method: str, path: str, exc: Exception) -> OutcomeUnknown:
    return OutcomeUnknown(_(
        "The request {method} {path} was sent but its answer was lost ({problem}); it may or may "
        "not have been carried out. Check with Pocket before trying again.").format(
            method=method, path=path, problem=type(exc).__name__))
