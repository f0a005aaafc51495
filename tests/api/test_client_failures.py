"""What the client does when the network or the server misbehaves (real loopback sockets)."""

from __future__ import annotations

import socket

import httpx
import pytest

from pocketgui.api import (
    AuthenticationError,
    ConnectionFailed,
    Environment,
    MalformedResponse,
    NotFound,
    OrderPatch,
    OutcomeUnknown,
    PocketClient,
    ServerError,
    Timeout,
)
from tests.api import reference as ref
from tests.api.loopback import DROP, BlackHole, ScriptedServer

FAST = httpx.Timeout(0.5)


def client(url: str, **options: object) -> PocketClient:
    return PocketClient(Environment.sandbox(url), "test-client", timeout=FAST,
                        sleep=lambda _: None, **options)  # type: ignore[arg-type]


def free_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def test_get_retries_5xx_and_dropped_connections_then_succeeds() -> None:
    with ScriptedServer([(503, "{}"), DROP, (200, ref.EXECUTED)]) as server, \
            client(server.url) as pocket:
        exchange = pocket.get_exchange("a2d75998")
    assert str(exchange.amount) == "0.00197000"
    assert server.requests == ["GET /v1/exchanges/a2d75998"] * 3


def test_get_gives_up_after_its_retries() -> None:
    with ScriptedServer([(500, "{}")] * 3) as server, client(server.url) as pocket, \
            pytest.raises(ServerError) as caught:
        pocket.get_order("x")
    assert caught.value.status == 500 and len(server.requests) == 3


def test_get_timeout_is_retried_then_reported() -> None:
    with BlackHole() as hole, client(hole.url, retries=1) as pocket, pytest.raises(Timeout):
        pocket.get_challenge("c")


def test_connection_refused_means_nothing_was_sent() -> None:
    with client(free_port_url()) as pocket, pytest.raises(ConnectionFailed, match="nothing"):
        pocket.create_challenge()


def test_post_is_never_retried_a_lost_answer_is_outcome_unknown() -> None:
    with ScriptedServer([DROP, (201, ref.CHALLENGE)]) as server, client(server.url) as pocket, \
            pytest.raises(OutcomeUnknown, match="may or may not"):
        pocket.create_challenge()
    assert server.requests == ["POST /v1/challenges"]


def test_post_read_timeout_is_outcome_unknown() -> None:
    with BlackHole() as hole, client(hole.url) as pocket, pytest.raises(OutcomeUnknown):
        pocket.create_challenge()
    assert hole.received.is_set()


def test_patch_with_5xx_is_outcome_unknown_not_retried() -> None:
    with ScriptedServer([(502, "bad gateway"), (200, ref.ORDER)]) as server, \
            client(server.url) as pocket, pytest.raises(OutcomeUnknown) as caught:
        pocket.patch_order(ref.order(), OrderPatch(active=False))
    assert caught.value.status == 502 and len(server.requests) == 1


@pytest.mark.parametrize("body", ["<html>", "[" * 50_000 + "]" * 50_000, "[]", '{"id": 1}'])
def test_a_success_that_is_not_an_order_is_malformed(body: str) -> None:
    with ScriptedServer([(200, body)]) as server, client(server.url) as pocket, \
            pytest.raises(MalformedResponse):
        pocket.get_order("o")


def test_an_error_without_pockets_body_still_gets_its_class() -> None:
    with ScriptedServer([(404, "Not Found"), (401, "{}")]) as server, \
            client(server.url) as pocket:
        with pytest.raises(NotFound) as missing:
            pocket.get_order("o")
        with pytest.raises(AuthenticationError):
            pocket.create_challenge()
    assert missing.value.code == "not_found"


def test_ids_cannot_reach_other_routes() -> None:
    with ScriptedServer([(200, ref.ORDER)]) as server, client(server.url) as pocket:
        pocket.get_order("../exchanges/x?y")
    assert server.requests == ["GET /v1/orders/..%2Fexchanges%2Fx%3Fy"]
