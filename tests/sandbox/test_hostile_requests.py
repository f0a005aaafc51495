"""Requests an attacker would send, against the real sandbox over loopback: several challenge
tokens in one signed message, duplicate JSON keys, wrong methods, and clients hanging up."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from pocketgui.bitcoin import ScriptType
from pocketgui.sandbox import SandboxServer
from tests.wallet import Wallet

from .wallet import api, error_of, onchain_order_body, token

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with api(sandbox) as opened:
        yield opened


def signed_order(client: httpx.Client, message: str) -> httpx.Response:
    wallet = Wallet(ScriptType.P2WPKH)
    body = onchain_order_body(client, wallet)
    body["payout_method"].update(message=message, signature=wallet.sign(message))
    return client.post("/v1/orders", json=body)


def test_a_message_with_two_live_tokens_creates_no_order(client: httpx.Client) -> None:
    first, second = token(client), token(client)
    refused = signed_order(client, f"I confirm my bitcoin wallet. [{first}] [{second}]")
    assert refused.status_code == 400 and error_of(refused) == "ambiguous_challenge"
    assert signed_order(client, f"I confirm my bitcoin wallet. [{first}]").status_code == 201
    # the first token is used up now: the message names exactly one live token, the second
    again = signed_order(client, f"I confirm my bitcoin wallet. [{first}] [{second}]")
    assert again.status_code == 201
    third = signed_order(client, f"I confirm my bitcoin wallet. [{first}] [{second}]")
    assert third.status_code == 400 and error_of(third) == "challenge_completed"


def test_another_clients_token_does_not_count_as_a_second_live_token(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    with api(sandbox, "bob") as bob:
        foreign = token(bob)
    mine = token(client)
    assert signed_order(client, f"Mine [{mine}], not mine [{foreign}]").status_code == 201


@pytest.mark.parametrize(
    ("path", "body"),
    [("/v1/sandbox/rates", b'{"pair": "btc/chf", "rate": 1, "rate": 50000}'),
     ("/v1/sandbox/rates", b'{"pair": "btc/chf", "pair": "btc/eur", "rate": 50000}'),
     ("/v1/sandbox/blocks", b'{"count": 1, "count": 1}'),
     ("/v1/orders", b'{"active": true, "payment_method": {"currency": "chf", '
                    b'"currency": "eur", "debitor_iban": "x"}}'),
     ("/v1/challenges", b'{"a": {"b": [{"c": 1, "c": 2}]}}')],
)  # fmt: skip
def test_duplicate_keys_are_refused_wherever_they_are(
    client: httpx.Client, path: str, body: bytes
) -> None:
    response = client.post(path, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and error_of(response) == "duplicate_key"


def test_duplicate_key_is_a_documented_error_code(client: httpx.Client) -> None:
    codes = client.get("/openapi.json").json()["components"]["schemas"]["ErrorCode"]["enum"]
    assert {"duplicate_key", "ambiguous_challenge"} <= set(codes)


def test_every_405_names_all_methods_of_its_path(client: httpx.Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    checked = 0
    for template, operations in paths.items():
        path = "/".join("x" if part.startswith("{") else part for part in template.split("/"))
        served = sorted(method.upper() for method in operations)
        for method in METHODS:
            if method in served:
                continue
            response = client.request(method, path)
            assert response.status_code == 405, (method, path)
            assert error_of(response) == "method_not_allowed"
            assert response.headers["allow"] == ", ".join(served), (method, path)
            checked += 1
    assert checked >= 30


def test_a_client_hanging_up_mid_body_is_logged_quietly(
    sandbox: SandboxServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=5) as sock:
        sock.sendall(b"POST /v1/sandbox/rates HTTP/1.1\r\nHost: x\r\n"
                     b"Authorization: client_id alice\r\nContent-Length: 100\r\n\r\n{\"pa")
        time.sleep(0.2)
    deadline = time.monotonic() + 3
    while not any("hung up" in r.getMessage() for r in caplog.records):
        assert time.monotonic() < deadline, [r.getMessage() for r in caplog.records]
        time.sleep(0.02)
    time.sleep(0.1)
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert loud == []
    assert httpx.post(f"{sandbox.url}/v1/challenges",
                      headers={"Authorization": "client_id alice"}).status_code == 201
