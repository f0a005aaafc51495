"""End to end: sandbox → webhook receiver → store → tracker, over loopback, for every path."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from pocketgui.api import Exchange, InvoicePayoutRequest, OrderPatch, jsonio
from pocketgui.api import ExchangeStatus as S
from pocketgui.bitcoin import Network, ScriptType
from pocketgui.orders.placing import place_order
from pocketgui.sandbox import SandboxServer, lightning_node
from pocketgui.tracking import PAYOUT_ADDRESS_MISMATCH, PAYOUT_NOT_PROVEN, WebhookReceiver
from tests.api.loopback import LoopbackHTTP, QuietHandler, TamperingProxy
from tests.api.sandbox_kit import Wallet, lightning_request, onchain_request
from tests.tracking.kit import SECRET, rig

Factory = Callable[..., SandboxServer]
WAIT = 10.0


def sources(r: Any, exchange_id: str) -> list[tuple[str, str]]:
    return [(t.state, t.source) for t in r.store.timeline(exchange_id)]


def test_executed_by_webhook_without_polling(sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2)
    with rig(server, tmp_path / "db", webhooks=True) as r:
        order = place_order(r.client, r.store, lightning_request(r.client))
        exchange_id = r.helpers.transfer(order.id, "25.00")["id"]
        assert r.tracker.wait_until(lambda: r.tracker.status(exchange_id) is S.EXECUTED, WAIT)
        assert r.changes.of(exchange_id) == [S.EXECUTED]
        assert sources(r, exchange_id) == [("executed", "webhook")]
        assert r.tracker.polls(exchange_id) == 0  # executed's successor is announced


def test_interrupted_identification_executed_settled_confirmed(sandbox_factory: Factory,
                                                               tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2, identification_threshold=Decimal("50.00"))
    with rig(server, tmp_path / "db", webhooks=True) as r:
        order = place_order(r.client, r.store, onchain_request(r.client, extended=True))
        exchange = r.helpers.transfer(order.id, "100.00")
        exchange_id = exchange["id"]
        assert r.tracker.wait_until(lambda: r.tracker.status(exchange_id) is S.INTERRUPTED, WAIT)
        r.helpers.complete_identification(exchange["action"]["identification_id"])
        assert r.tracker.wait_until(lambda: r.tracker.status(exchange_id) is S.SETTLED, WAIT)
        r.helpers.mine(1)
        assert r.tracker.wait_final([exchange_id], WAIT)
        assert r.changes.of(exchange_id) == [S.INTERRUPTED, S.EXECUTED, S.SETTLED, S.CONFIRMED]
        assert sources(r, exchange_id) == [("interrupted", "webhook"), ("executed", "webhook"),
                                           ("settled", "webhook"), ("confirmed", "poll")]
        stored = r.store.get_exchange(exchange_id)
        assert stored is not None and stored.final and not stored.flags


def test_refunded_by_webhook(sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2)
    with rig(server, tmp_path / "db", webhooks=True) as r:
        order = place_order(r.client, r.store, onchain_request(r.client))
        r.client.patch_order(order, OrderPatch(active=False))
        exchange_id = r.helpers.transfer(order.id, "100.00")["id"]
        assert r.tracker.wait_final([exchange_id], WAIT)
        assert r.tracker.status(exchange_id) is S.REFUNDED
        assert sources(r, exchange_id) == [("refunded", "webhook")]
        assert r.tracker.polls(exchange_id) == 0


def test_settled_then_confirmed_with_one_poll(sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2)
    with rig(server, tmp_path / "db", webhooks=True, confirmation_interval=0.3) as r:
        order = place_order(r.client, r.store, onchain_request(r.client))
        exchange_id = r.helpers.transfer(order.id, "100.00")["id"]
        assert r.tracker.wait_until(lambda: r.tracker.status(exchange_id) is S.SETTLED, WAIT)
        r.helpers.mine(1)  # before the first poll is due (≥ 0.15 s after the webhook)
        assert r.tracker.wait_final([exchange_id], WAIT)
        assert r.tracker.polls(exchange_id) == 1
        assert r.changes.of(exchange_id) == [S.EXECUTED, S.SETTLED, S.CONFIRMED]


def test_polling_alone_follows_an_exchange(sandbox_factory: Factory, tmp_path: Path) -> None:
    server = sandbox_factory(identification_threshold=Decimal("50.00"))
    with rig(server, tmp_path / "db", webhooks=False) as r:
        order = place_order(r.client, r.store, onchain_request(r.client))
        exchange = r.helpers.transfer(order.id, "100.00")
        r.tracker.track(exchange["id"])
        assert r.tracker.wait_until(lambda: r.tracker.status(exchange["id"]) is S.INTERRUPTED,
                                    WAIT)
        r.helpers.complete_identification(exchange["action"]["identification_id"])
        assert r.tracker.wait_until(lambda: r.tracker.status(exchange["id"]) is S.SETTLED, WAIT)
        r.helpers.mine(1)
        assert r.tracker.wait_final([exchange["id"]], WAIT)
        assert {source for _, source in sources(r, exchange["id"])} == {"poll"}


def test_restart_midway_still_reaches_every_final_state(sandbox_factory: Factory,
                                                        tmp_path: Path) -> None:
    from tests.api.test_error_codes_sandbox import OTHER_NODE_KEY, World

    server = sandbox_factory(identification_threshold=Decimal("300.00"),
                             max_transfer=Decimal("2000.00"))
    db = tmp_path / "db"
    with rig(server, db, webhooks=False) as r:
        onchain = place_order(r.client, r.store, onchain_request(r.client, extended=True))
        lightning = place_order(r.client, r.store, lightning_request(r.client))
        world = World(server, sandbox_factory, "alice")
        _, failing = world.other_node_exchange()
        other_node_order = world.client.get_order(failing.order_id)  # ours too: stored here
        r.store.save_order(r.client.environment.name, other_node_order.id,
                           jsonio.dumps(other_node_order.raw), Network.REGTEST.value)
        ids = {
            "settled": r.helpers.transfer(onchain.id, "100.00")["id"],
            "refunded": r.helpers.transfer(onchain.id, "3000.00")["id"],
            "lightning": r.helpers.transfer(lightning.id, "50.00")["id"],
            "interrupted": r.helpers.transfer(onchain.id, "250.00")["id"],
            "failing": failing.id,
        }
        for exchange_id in ids.values():
            r.tracker.track(exchange_id)
        assert r.tracker.wait_until(
            lambda: r.tracker.status(ids["interrupted"]) is S.INTERRUPTED
            and r.tracker.status(ids["settled"]) is S.SETTLED
            and r.tracker.status(ids["refunded"]) is S.REFUNDED, WAIT)
    # The app is gone. Meanwhile: identification, payouts chosen elsewhere, blocks.
    identification = r.client  # closed; use a fresh client below
    del identification
    with rig(server, db, webhooks=False) as r2:
        assert set(r2.store.unresolved_intents()) == set()
        open_ids = set(r2.tracker.open_exchanges())
        assert ids["refunded"] not in open_ids and ids["settled"] in open_ids
        action = r2.client.get_exchange(ids["interrupted"]).action
        assert action is not None and action.identification_id
        r2.helpers.complete_identification(action.identification_id)
        amount = r2.client.get_exchange(ids["lightning"]).amount
        assert amount is not None
        invoice = lightning_node.create_invoice(int(amount * 100_000_000_000), Network.REGTEST)
        r2.client.patch_exchange(ids["lightning"], InvoicePayoutRequest(invoice))
        failing_amount = failing.amount
        assert failing_amount is not None
        from pocketgui.bitcoin import encode_invoice

        foreign = encode_invoice(OTHER_NODE_KEY, Network.REGTEST,
                                 int(failing_amount * 100_000_000_000), bytes(32), bytes(32))
        world.client.patch_exchange(ids["failing"], InvoicePayoutRequest(foreign))
        r2.helpers.mine(1)
        assert r2.tracker.wait_until(
            lambda: r2.tracker.status(ids["interrupted"]) in (S.SETTLED, S.CONFIRMED), WAIT)
        r2.helpers.mine(1)
        assert r2.tracker.wait_final(ids.values(), WAIT), {
            k: r2.tracker.status(v) for k, v in ids.items()}
        assert {k: r2.tracker.status(v) for k, v in ids.items()} == {
            "settled": S.CONFIRMED, "refunded": S.REFUNDED, "lightning": S.PAYOUT_SUCCEEDED,
            "interrupted": S.CONFIRMED, "failing": S.PAYOUT_FAILED}
        timeline = [t.state for t in r2.store.timeline(ids["interrupted"])]
        assert timeline[0] == "interrupted" and timeline[-1] == "confirmed"
        assert r2.changes.alarms == []  # every payout went to the person's own wallet / node
    world.close()


def test_events_acknowledged_before_a_crash_are_replayed(sandbox_factory: Factory,
                                                         tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.2)
    db = tmp_path / "db"
    with rig(server, db, webhooks=True) as r:
        assert r.receiver is not None
        order = place_order(r.client, r.store, lightning_request(r.client))

        def crash(event: object) -> None:
            raise RuntimeError("killed while processing")

        r.receiver.on_event = crash
        exchange_id = r.helpers.transfer(order.id, "25.00")["id"]
        assert r.tracker.wait_until(lambda: bool(r.store.webhook_deliveries()), WAIT)
        assert r.tracker.status(exchange_id) is None
    with rig(server, db, webhooks=False) as r2:
        assert r2.tracker.status(exchange_id) is S.EXECUTED
        assert r2.store.webhook_deliveries(unprocessed_only=True) == []
        assert sources(r2, exchange_id) == [("executed", "webhook")]


def test_payout_to_a_foreign_address_is_flagged(sandbox_factory: Factory,
                                                tmp_path: Path) -> None:
    server = sandbox_factory()
    thief = Wallet(ScriptType.P2WPKH, Network.REGTEST)
    thief_address = thief.address("1/99")

    def redirect(body: dict[str, Any]) -> None:
        if body.get("payout") and body["order_id"] == victim_order[0]:
            body["payout"]["bitcoin_address"] = thief_address

    victim_order: list[str] = [""]
    with TamperingProxy(server.url, redirect, route=("GET", "/v1/exchanges/")) as proxy, \
            rig(server, tmp_path / "db", webhooks=False, api_url=proxy.url) as r:
        honest = place_order(r.client, r.store, onchain_request(r.client, extended=True,
                                                                path="0/1"))
        victim = place_order(r.client, r.store, onchain_request(r.client, path="0/2"))
        victim_order[0] = victim.id
        fine = [r.helpers.transfer(honest.id, "10.00")["id"] for _ in range(3)]
        stolen = r.helpers.transfer(victim.id, "10.00")["id"]
        for exchange_id in [*fine, stolen]:
            r.tracker.track(exchange_id)
        r.helpers.mine(1)
        assert r.tracker.wait_final([*fine, stolen], WAIT)
        assert [a[:2] for a in r.changes.alarms] == [(stolen, PAYOUT_ADDRESS_MISMATCH)]
        assert "NOT paid to your wallet" in r.changes.alarms[0][2]
        flagged = r.store.get_exchange(stolen)
        assert flagged is not None and flagged.flags == {PAYOUT_ADDRESS_MISMATCH}
        for exchange_id in fine:
            stored = r.store.get_exchange(exchange_id)
            assert stored is not None and not stored.flags


@pytest.mark.parametrize("webhooks", [True, False])
def test_tracker_threads_stop_cleanly(sandbox: SandboxServer, tmp_path: Path,
                                      webhooks: bool) -> None:
    with rig(sandbox, tmp_path / "db", webhooks=webhooks) as r:
        assert r.tracker.open_exchanges() == []


class LossyForwarder(LoopbackHTTP):
    """Forwards webhook deliveries to `target`, but tells the sandbox 500 for the first `lose`
    of them: the event is stored on our side while Pocket believes it failed and retries."""

    def __init__(self, target: str, lose: int):
        self.forwarded: list[tuple[str, int]] = []
        forwarded, budget = self.forwarded, [lose]

        class Handler(QuietHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items()
                           if k.lower().startswith(("x-", "content-type", "user-agent"))}
                status = httpx.post(target, content=body, headers=headers).status_code
                forwarded.append((self.headers.get("X-Retry-Count", ""), status))
                if budget[0] > 0:
                    budget[0] -= 1
                    status = 500
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self._serve(Handler)


def test_retried_deliveries_count_once_end_to_end(sandbox_factory: Factory,
                                                  tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=0.1)
    with rig(server, tmp_path / "db", webhooks=True) as r:
        assert r.receiver is not None
        with LossyForwarder(r.receiver.url, lose=2) as lossy:
            r.helpers.register_webhook(lossy.url, SECRET)
            order = place_order(r.client, r.store, lightning_request(r.client))
            exchange_id = r.helpers.transfer(order.id, "25.00")["id"]
            assert r.tracker.wait_until(lambda: len(lossy.forwarded) >= 3, WAIT)
        assert [retry for retry, _ in lossy.forwarded[:3]] == ["0", "1", "2"]
        assert all(status == 200 for _, status in lossy.forwarded)
        assert r.changes.of(exchange_id) == [S.EXECUTED]
        # one signed body, one delivery: once straight to the receiver, 3 times via `lossy`
        (delivery,) = [d for d in r.store.webhook_deliveries() if d.deliveries > 1]
        assert (delivery.deliveries, delivery.max_retry_count) == (4, 2)


def test_deliveries_signed_with_another_secret_are_refused(sandbox_factory: Factory,
                                                           tmp_path: Path) -> None:
    server = sandbox_factory(retry_base=30.0)
    with rig(server, tmp_path / "db", webhooks=False) as r:
        with WebhookReceiver(r.store, SECRET, on_event=r.tracker.on_webhook) as receiver, \
                LossyForwarder(receiver.url, lose=0) as spy:
            r.helpers.register_webhook(spy.url, "not-the-shared-secret")
            order = place_order(r.client, r.store, lightning_request(r.client))
            exchange_id = r.helpers.transfer(order.id, "25.00")["id"]
            assert r.tracker.wait_until(lambda: bool(spy.forwarded), WAIT)
        assert spy.forwarded == [("0", 401)]
        assert r.store.webhook_deliveries() == [] and r.tracker.status(exchange_id) is None


def test_news_of_an_order_that_is_not_ours_is_never_a_purchase(
        sandbox_factory: Factory, tmp_path: Path) -> None:
    """The same client id created an order this store does not have (another computer, or a
    stranger's order named in a forged event): its events and answers are dropped."""
    server = sandbox_factory(retry_base=0.2)
    with rig(server, tmp_path / "db", webhooks=True) as r:
        ours = place_order(r.client, r.store, onchain_request(r.client, extended=True))
        stranger = r.client.create_order(onchain_request(r.client, Wallet(ScriptType.P2PKH)))
        foreign_id = r.helpers.transfer(stranger.id, "30.00")["id"]
        our_id = r.helpers.transfer(ours.id, "40.00")["id"]
        assert r.tracker.wait_until(lambda: r.tracker.status(our_id) is S.SETTLED, WAIT)
        r.tracker.track(foreign_id)  # an id learned elsewhere: its poll answer is dropped too
        r.tracker.poll_due(float("inf"))
        foreign = r.client.get_exchange(foreign_id)
        assert r.tracker.observe(foreign, source="poll") is None
        assert r.store.get_exchange(foreign_id) is None
        assert r.store.get_order(stranger.id) is None  # not fetched and adopted either
        assert r.changes.of(foreign_id) == [] and r.changes.alarms == []
        assert foreign_id not in r.tracker.open_exchanges()
        assert [e.id for e in r.store.exchanges()] == [our_id]
        # an exchange of ours that suddenly names another order is dropped as well
        moved = Exchange.from_wire({**r.client.get_exchange(our_id).raw, "order_id": stranger.id})
        assert r.tracker.observe(moved, source="poll") is None
        stored = r.store.get_exchange(our_id)
        assert stored is not None and stored.order_id == ours.id


@pytest.mark.parametrize("preimage", [None, "11" * 32, "not hex"],
                         ids=["missing", "another-invoices", "garbage"])
def test_a_lightning_payout_without_its_preimage_is_not_proven_and_raises_the_alarm(
        sandbox_factory: Factory, tmp_path: Path, preimage: str | None) -> None:
    server = sandbox_factory()

    def forge(body: dict[str, Any]) -> None:
        payout = body.get("payout")
        if payout and payout.get("status") == "succeeded":
            payout["preimage"] = preimage

    with TamperingProxy(server.url, forge, route=("GET", "/v1/exchanges/")) as proxy, \
            rig(server, tmp_path / "db", webhooks=False, api_url=proxy.url) as r:
        order = place_order(r.client, r.store, lightning_request(r.client))
        exchange_id = r.helpers.transfer(order.id, "20.00")["id"]
        amount = r.client.get_exchange(exchange_id).amount
        assert amount is not None
        invoice = lightning_node.create_invoice(int(amount * 100_000_000_000), Network.REGTEST)
        r.tracker.observe(r.client.patch_exchange(exchange_id, InvoicePayoutRequest(invoice)),
                          source="answer")
        assert r.tracker.wait_final([exchange_id], WAIT)
        assert r.tracker.status(exchange_id) is S.PAYOUT_SUCCEEDED  # Pocket's word, kept
        assert [a[:2] for a in r.changes.alarms] == [(exchange_id, PAYOUT_NOT_PROVEN)]
        assert "NOT proven paid to your node" in r.changes.alarms[0][2]
        stored = r.store.get_exchange(exchange_id)
        assert stored is not None and stored.flags == {PAYOUT_NOT_PROVEN}


def test_a_poll_answer_about_another_exchange_is_dropped(sandbox_factory: Factory,
                                                         tmp_path: Path) -> None:
    server = sandbox_factory()
    asked: list[str] = []

    def swap_id(body: dict[str, Any]) -> None:
        if asked:
            body["id"] = asked[0]  # an answer about another (real, ours) exchange

    with TamperingProxy(server.url, swap_id, route=("GET", "/v1/exchanges/")) as proxy, \
            rig(server, tmp_path / "db", webhooks=False, api_url=proxy.url) as r:
        order = place_order(r.client, r.store, onchain_request(r.client))
        first = r.helpers.transfer(order.id, "10.00")["id"]
        second = r.helpers.transfer(order.id, "11.00")["id"]
        asked.append(first)
        r.tracker.track(second)
        r.tracker.poll_due(float("inf"))
        assert r.tracker.polls(second) >= 1
        assert r.store.get_exchange(second) is None and r.store.get_exchange(first) is None
        assert r.changes.seen == []
