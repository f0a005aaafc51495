"""`webhook_shape`: the reference's event bodies by default, Pocket's published shape on
request (action {code: identify, url}, welcomeReward), signed and retried the same way."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from pocketgui.bitcoin import ScriptType
from pocketgui.sandbox import SandboxConfig, SandboxServer
from pocketgui.sandbox.cli import parse_args
from pocketgui.sandbox.webhooks import published_body
from tests.wallet import Wallet

from .receiver import Receiver
from .wallet import api, create_order, onchain_order_body, transfer

SECRET = "whsec_shapes"
PORTAL_URL = re.compile(r"^https://portal\.pocketbitcoin\.com/identification/([0-9a-f-]{36})$")


def test_the_published_shape_sends_identify_with_a_portal_url(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    with Receiver(statuses=[500]) as receiver:
        server = sandbox_factory(webhooks=((receiver.url, SECRET),), webhook_shape="published",
                                 identification_threshold=Decimal("5"), retry_base=0.05)
        with api(server) as client:
            order = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
            held = transfer(client, order["id"], "10.00").json()
            first, retried = receiver.wait_for(2)
            payload = retried.event["payload"]
            assert retried.event["event"] == "exchange.interrupted"
            assert set(payload["action"]) == {"code", "url"}
            assert payload["action"]["code"] == "identify"
            match = PORTAL_URL.match(payload["action"]["url"])
            assert match and match.group(1) == held["action"]["identification_id"]
            assert "welcomeReward" in payload and payload["welcomeReward"] is None
            assert retried.body == first.body and retried.signed_by(SECRET)
            # the API itself keeps the reference's shape; the id in the URL completes it
            assert held["action"]["code"] == "identification_required"
            client.post(f"/v1/sandbox/identifications/{match.group(1)}/complete")
            later = receiver.wait_for(4)[2:]
    assert [d.event["event"] for d in later] == ["exchange.executed", "exchange.settled"]
    assert all(d.signed_by(SECRET) and d.event["payload"]["action"] is None for d in later)
    assert all("welcomeReward" in d.event["payload"] for d in later)


def test_the_reference_shape_is_the_default(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    with Receiver() as receiver:
        server = sandbox_factory(webhooks=((receiver.url, SECRET),),
                                 identification_threshold=Decimal("5"))
        assert server.config.webhook_shape == "reference"
        with api(server) as client:
            order = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
            held = transfer(client, order["id"], "10.00").json()
            (delivery,) = receiver.wait_for(1)
    assert delivery.event["payload"]["action"] == held["action"]
    assert "welcomeReward" not in delivery.event["payload"]


def test_published_refunds_keep_the_reason_object(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    with Receiver() as receiver:
        server = sandbox_factory(webhooks=((receiver.url, SECRET),), webhook_shape="published",
                                 max_transfer=Decimal("50"))
        with api(server) as client:
            order = create_order(client, onchain_order_body(client, Wallet(ScriptType.P2WPKH)))
            transfer(client, order["id"], "60.00")
            (delivery,) = receiver.wait_for(1)
    assert delivery.event["event"] == "exchange.refunded"
    assert delivery.event["payload"]["reason"] == {"code": "threshold_exceeded"}
    assert delivery.event["payload"]["action"] is None


def test_the_published_rewrite_keeps_every_number_exact() -> None:
    body = ('{"event":"exchange.executed","payload":{"exchange_id":"e","cost":100.00,'
            '"amount":0.00197000,"fee_rate":0.015,"action":null}}')
    assert published_body(body) == body[:-2] + ',"welcomeReward":null}}'
    assert published_body(published_body(body)) == published_body(body)


def test_the_flag_maps_to_the_config(tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "s.db")]
    assert parse_args([*db, "--webhook-shape", "published"]).webhook_shape == "published"
    assert parse_args(db).webhook_shape == "reference"
    with pytest.raises(SystemExit):
        parse_args([*db, "--webhook-shape", "postman"])
    with pytest.raises(ValueError, match="webhook_shape"):
        SandboxConfig(webhook_shape="postman")  # type: ignore[arg-type]
