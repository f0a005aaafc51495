"""Webhooks to a real receiver: Pocket's headers, HMAC signature, retries, every event."""

from __future__ import annotations

import time
from collections.abc import Callable
from decimal import Decimal

from pocketgui.bitcoin import ScriptType
from pocketgui.sandbox import SandboxServer, lightning_node
from tests.wallet import Wallet

from .receiver import Receiver
from .wallet import api, create_order, lightning_order_body, onchain_order_body, transfer

SECRET = "whsec_test"
EXCHANGE_KEYS = ["exchange_id", "order_id", "fee_rate", "pair", "type", "cost", "executed_on",
                 "amount", "rate", "fee", "action", "reason", "payout"]  # fmt: skip


def test_signed_deliveries_and_a_retry(sandbox_factory: Callable[..., SandboxServer]) -> None:
    with Receiver(statuses=[500]) as receiver:
        server = sandbox_factory(retry_base=0.05)
        with api(server) as client:
            registered = client.post(
                "/v1/sandbox/webhooks", json={"url": receiver.url, "secret": SECRET}
            )
            assert registered.status_code == 201
            order = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
            exchange = transfer(client, order["id"], "100.00").json()
            deliveries = receiver.wait_for(3)
        time.sleep(0.2)
        assert len(receiver.deliveries) == 3  # nothing more once all were answered 2xx

    for delivery in deliveries:
        assert delivery.signed_by(SECRET)
        assert not delivery.signed_by("another secret")
        assert delivery.headers["user-agent"] == "Pocket-Webhook/1.0"
        assert delivery.headers["content-type"] == "application/json"
    failed, *rest = deliveries
    retried = next(d for d in rest if d.correlation_id == failed.correlation_id)
    assert (failed.retry_count, retried.retry_count) == (0, 1)
    assert retried.body == failed.body
    events = {d.event["event"]: d.event["payload"] for d in deliveries}
    assert set(events) == {"exchange.executed", "exchange.settled"}
    executed = events["exchange.executed"]
    assert list(executed) == EXCHANGE_KEYS
    assert executed["exchange_id"] == exchange["id"] and executed["order_id"] == order["id"]
    assert executed["cost"] == Decimal("100.00") and executed["payout"] is None
    assert b'"cost":100.00' in failed.body or b'"cost":100.00' in retried.body
    assert events["exchange.settled"]["payout"]["txid"] == exchange["payout"]["txid"]


def test_every_event_and_static_endpoints(sandbox_factory: Callable[..., SandboxServer]) -> None:
    with Receiver() as receiver:
        server = sandbox_factory(webhooks=((receiver.url, SECRET),), max_transfer=Decimal("500"))
        with api(server, "carol") as client:
            onchain = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
            transfer(client, onchain["id"], "600.00")  # refunded
            transfer(client, onchain["id"], "10.00")  # executed, settled
            lightning = create_order(client, lightning_order_body(client))
            ln_exchange = transfer(client, lightning["id"], "100.00").json()
            deliveries = receiver.wait_for(4)
            invoice = lightning_node.create_invoice(
                int(Decimal(str(ln_exchange["amount"])) * 100_000_000_000), server.config.network
            )
            client.patch(
                f"/v1/exchanges/{ln_exchange['id']}",
                json={"payout": {"type": "invoice", "invoice": invoice}},
            )
            deliveries = receiver.wait_for(5)
    assert all(d.signed_by(SECRET) for d in deliveries)
    events = [(d.event["event"], d.event["payload"]["exchange_id"]) for d in deliveries]
    assert [e for e, _ in events] == [
        "exchange.refunded",
        "exchange.executed",
        "exchange.settled",
        "exchange.executed",
        "exchange.settled",
    ]
    refunded = deliveries[0].event["payload"]
    assert refunded["reason"] == {"code": "threshold_exceeded"}
    ln_executed = deliveries[3].event["payload"]
    assert ln_executed["payout_options"] == [
        {"type": "invoice", "fee": 0, "amount": ln_executed["amount"]},
        {"type": "channel", "fee": Decimal("0.0001"),
         "amount": ln_executed["amount"] - Decimal("0.0001")},
    ]  # fmt: skip
    assert "payout_options" not in deliveries[1].event["payload"]
    settled = deliveries[4].event["payload"]["payout"]
    assert settled["type"] == "invoice" and settled["status"] == "succeeded"


def test_interrupted_event(sandbox_factory: Callable[..., SandboxServer]) -> None:
    with Receiver() as receiver:
        server = sandbox_factory(identification_threshold=Decimal("5"))
        with api(server) as client:
            client.post("/v1/sandbox/webhooks", json={"url": receiver.url, "secret": SECRET})
            order = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
            held = transfer(client, order["id"], "10.00").json()
            (delivery,) = receiver.wait_for(1)
            assert delivery.event["event"] == "exchange.interrupted"
            assert delivery.event["payload"]["action"] == held["action"]
            identification = held["action"]["identification_id"]
            client.post(f"/v1/sandbox/identifications/{identification}/complete")
            names = [d.event["event"] for d in receiver.wait_for(3)]
            assert names[1:] == ["exchange.executed", "exchange.settled"]


def test_removed_endpoint_gets_nothing(sandbox: SandboxServer) -> None:
    with Receiver() as receiver, api(sandbox) as client:
        endpoint = client.post(
            "/v1/sandbox/webhooks", json={"url": receiver.url, "secret": SECRET}
        ).json()
        client.delete(f"/v1/sandbox/webhooks/{endpoint['id']}")
        order = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
        transfer(client, order["id"], "10.00")
        time.sleep(0.3)
        assert receiver.deliveries == []
