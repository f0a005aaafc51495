"""A sandbox on a database file survives a restart; one challenge makes exactly one order."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from pocketgui.bitcoin import ScriptType
from pocketgui.sandbox import SandboxServer
from tests.wallet import Wallet

from .receiver import Receiver
from .wallet import api, create_order, error_of, onchain_order_body, transfer

SECRET = "restart-secret"


@pytest.mark.slow
def test_restart_keeps_everything_and_resumes_deliveries(
    sandbox_factory: Callable[..., SandboxServer], tmp_path: Path
) -> None:
    db = str(tmp_path / "sandbox.sqlite3")
    with Receiver(default_status=503) as receiver:
        first = sandbox_factory(db_path=db, retry_base=2.0)
        with api(first) as client:
            client.post("/v1/sandbox/webhooks", json={"url": receiver.url, "secret": SECRET})
            challenge = client.post("/v1/challenges").json()
            order = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
            exchange = transfer(client, order["id"], "100.00").json()
            height = client.post("/v1/sandbox/blocks", json={"count": 5}).json()["height"]
            confirmed = client.get(f"/v1/exchanges/{exchange['id']}").json()
            failed = receiver.wait_for(2)  # executed and settled, both answered 503
        first.stop()
        receiver.default_status = 200

        second = sandbox_factory(db_path=db, retry_base=2.0)
        with api(second) as client:
            assert client.get(f"/v1/challenges/{challenge['id']}").json() == challenge
            assert client.get(f"/v1/orders/{order['id']}").json() == order
            assert client.get(f"/v1/exchanges/{exchange['id']}").json() == confirmed
            assert client.post("/v1/sandbox/blocks").json() == {"height": height + 1}
            delivered = receiver.wait_for(4)[2:]
    assert {d.correlation_id for d in delivered} == {d.correlation_id for d in failed}
    assert all(d.retry_count == 1 and d.signed_by(SECRET) for d in delivered)


def test_one_challenge_makes_exactly_one_order(sandbox: SandboxServer) -> None:
    wallet = Wallet(ScriptType.P2WPKH)
    with api(sandbox) as client:
        body = onchain_order_body(client, wallet)
    barrier = threading.Barrier(2)
    responses: list[httpx.Response] = []

    def create() -> None:
        with api(sandbox) as own:
            own.get("/v1/challenges/warm-up")  # connect before the race
            barrier.wait()
            responses.append(own.post("/v1/orders", json=body))

    for _ in range(5):  # a few rounds, each with a fresh challenge
        responses.clear()
        threads = [threading.Thread(target=create) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(r.status_code for r in responses) == [201, 400]
        loser = next(r for r in responses if r.status_code == 400)
        assert error_of(loser) == "challenge_completed"
        with api(sandbox) as client:
            body = onchain_order_body(client, wallet)


def test_completion_is_atomic_in_the_database() -> None:
    """Below HTTP: two threads run the order transaction with one challenge; one completes it."""
    from pocketgui.sandbox import challenges
    from pocketgui.sandbox.errors import ApiError
    from pocketgui.sandbox.store import Database

    db = Database(":memory:")
    with db.transaction() as cx:
        challenge = challenges.create(cx, "alice", 60)
    message = f"I confirm my bitcoin wallet. [{challenge['token']}]"
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def complete() -> None:
        barrier.wait()
        try:
            with db.transaction() as cx:
                challenges.complete(cx, challenges.find_live(cx, "alice", message))
            outcomes.append("completed")
        except ApiError as exc:
            outcomes.append(exc.code.value)

    threads = [threading.Thread(target=complete) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["challenge_completed", "completed"]
    db.close()
