"""Challenges over a real socket: creation, retrieval, scoping, authentication."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from pocketgui.sandbox import SandboxServer

pytestmark = pytest.mark.shared_sandbox

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.url, headers={"Authorization": "client_id alice"}) as c:
        yield c


def test_create_and_get_a_challenge(client: httpx.Client) -> None:
    created = client.post("/v1/challenges", json={})
    assert created.status_code == 201
    body = created.json()
    assert list(body) == ["id", "token", "expires_on", "completed_on"]
    assert re.fullmatch(r"[1-9A-HJ-NP-Za-km-z]{8}", body["token"])
    assert TIMESTAMP.fullmatch(body["expires_on"])
    assert body["completed_on"] is None
    fetched = client.get(f"/v1/challenges/{body['id']}")
    assert fetched.status_code == 200
    assert fetched.json() == body


def test_tokens_differ(client: httpx.Client) -> None:
    tokens = {client.post("/v1/challenges").json()["token"] for _ in range(20)}
    assert len(tokens) == 20


def test_another_clients_challenge_is_not_found(client: httpx.Client) -> None:
    challenge = client.post("/v1/challenges", json={}).json()
    other = client.get(
        f"/v1/challenges/{challenge['id']}", headers={"Authorization": "client_id bob"}
    )
    assert other.status_code == 404
    assert other.json() == {
        "error": "not_found",
        "documentation_uri": "https://pocketbitcoin.com/developers",
    }


@pytest.mark.parametrize("header", [None, "", "client_id", "Bearer alice", "client_id\tx y"])
def test_missing_or_malformed_client_id_is_401(sandbox: SandboxServer, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    response = httpx.post(f"{sandbox.url}/v1/challenges", json={}, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


def test_unknown_client_id_is_401_when_ids_are_configured(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    server = sandbox_factory(client_ids=("alice",))
    ok = httpx.post(f"{server.url}/v1/challenges", headers={"Authorization": "client_id alice"})
    assert ok.status_code == 201
    refused = httpx.post(f"{server.url}/v1/challenges", headers={"Authorization": "client_id eve"})
    assert refused.status_code == 401
    assert refused.json()["error"] == "unauthorized"
