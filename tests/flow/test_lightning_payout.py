"""`LightningPayout` over a real sandbox, store, webhook receiver and tracker (loopback only).

Each payout error code: refused by the app's own pre-check where the app can know it (nothing
sent), and — pre-checks bypassed, the PATCH sent directly — answered by the sandbox with the
same sentence. The invoice codes' agreement is pinned in test_lightning_sandbox.py; this file
adds the exchange-state codes and the codes only Pocket can know.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from embit.ec import PrivateKey

from pocketgui.api import (
    ChannelPayoutRequest,
    Environment,
    Exchange,
    InvoicePayoutRequest,
    Order,
    OrderRequest,
    PocketClient,
)
from pocketgui.api.errors import ChannelPayoutError, PayoutError
from pocketgui.api.models import ChannelPayout, ExchangeStatus, LightningPayoutRequest
from pocketgui.bitcoin import Network, decode_invoice, encode_invoice, lightning_sign_message
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.flow.lightning import reason_for
from pocketgui.flow.lightning_payout import (
    NO_EVENT,
    NO_OPTIONS,
    Kind,
    LightningPayout,
    PayoutNotSent,
    PayoutOutcomeUnknown,
    describe_invoice,
    payout_options,
    verdict,
)
from pocketgui.orders.placing import place_order
from pocketgui.sandbox import SandboxConfig, SandboxServer, lightning_node
from pocketgui.store import Store
from pocketgui.tracking import ExchangeTracker, WebhookReceiver
from tests.api.sandbox_kit import DEBITOR_IBAN, lightning_request, message_for
from tests.flow.test_lightning_sandbox import INVOICES

NET = Network.REGTEST
SECRET = "whsec-lightning-payout"
OTHER_KEY = hashlib.sha256(b"a node the sandbox cannot reach").digest()


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(settle_delay=0.2, retry_base=0.2)) as running:
        yield running


class LoseAnswers(httpx.BaseTransport):
    """Forwards every request to the sandbox; when `lose_patch`, a PATCH reaches it but its
    answer is dropped on the way back (a connection reset after sending)."""

    def __init__(self) -> None:
        self.real = httpx.HTTPTransport()
        self.lose_patch = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.real.handle_request(request)
        if request.method == "PATCH" and self.lose_patch:
            response.read()
            raise httpx.ReadError("connection reset after the request was sent")
        return response

    def close(self) -> None:
        self.real.close()


@dataclass
class Rig:
    client: PocketClient
    store: Store
    tracker: ExchangeTracker
    bank: DemoBank
    transport: LoseAnswers

    def order(self, private_key: bytes = lightning_node.PRIVATE_KEY) -> Order:
        """An order of this store (the tracker takes news of no other)."""
        if private_key == lightning_node.PRIVATE_KEY:
            return place_order(self.client, self.store, lightning_request(self.client))
        message = message_for(self.client)
        node = PrivateKey(private_key).get_public_key().sec().hex()
        payout = LightningPayoutRequest(node, message, lightning_sign_message(private_key,
                                                                              message))
        return place_order(self.client, self.store,
                           OrderRequest(Decimal("0.015"), "eur", DEBITOR_IBAN, payout))

    def executed(self, order: Order | None = None, cost: str = "20.00") -> LightningPayout:
        order = order or self.order()
        exchange = self.bank.transfer(order.id, Decimal(cost))
        self.tracker.observe(exchange, "answer")
        return LightningPayout(self.client, self.tracker, order, exchange)

    def wait_event(self, exchange_id: str) -> None:
        deadline = time.monotonic() + 10
        while self.store.webhook_body(exchange_id, "exchange.executed") is None:
            assert time.monotonic() < deadline, "exchange.executed never arrived"
            time.sleep(0.02)


@pytest.fixture
def rig(server: SandboxServer, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Rig]:
    client_id = f"payout-{request.node.name}"[:120].replace("[", "-").replace("]", "")
    transport = LoseAnswers()
    client = PocketClient(Environment.sandbox(server.url), client_id, transport=transport)
    store = Store(tmp_path / "store.sqlite3")
    tracker = ExchangeTracker(client, store, webhooks=True)
    bank = DemoBank(server.url, client_id)
    receiver = WebhookReceiver(store, SECRET, on_event=tracker.on_webhook).start()
    bank.register_webhook(receiver.url, SECRET)
    bank.set_direct_channel(lightning_node.NODE_PUBKEY, False)  # channels are network-wide
    try:
        yield Rig(client, store, tracker, bank, transport)
    finally:
        receiver.stop()
        bank.close()
        client.close()
        store.close()


def _msat(payout: LightningPayout) -> int:
    return lightning_node.to_msat(payout.amount)


def _unpayable_invoice(payout: LightningPayout) -> str:
    """Of the order's node and right in every checked field, but with a payment hash the node
    has no preimage for: Pocket accepts it and the payment then fails."""
    return encode_invoice(lightning_node.PRIVATE_KEY, NET, _msat(payout), os.urandom(32),
                          os.urandom(32))


# Options and fees ------------------------------------------------------------------------------


def test_options_and_fees_come_from_the_stored_executed_event(rig: Rig) -> None:
    payout = rig.executed()
    rig.wait_event(payout.exchange.id)
    options = payout_options(rig.store, payout.exchange.id)
    invoice, channel = options.of("invoice"), options.of("channel")
    assert options.unknown == ""
    assert invoice is not None and invoice.fee == 0 and invoice.amount == payout.amount
    assert channel is not None and channel.fee == lightning_node.CHANNEL_FEE
    assert channel.amount == payout.amount - Decimal("0.0001")
    assert all(isinstance(v, Decimal) for o in options.options for v in (o.fee, o.amount))


def test_without_an_executed_event_the_fees_are_unknown_and_say_why(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        options = payout_options(store, "6f1c0000-0000-4000-8000-000000000000")
        assert options.options == () and options.unknown == NO_EVENT


@pytest.mark.parametrize("options", ['[{"type": "invoice", "fee": 0.0, "amount": "0.1"}]',
                                     '[{"type": "wire", "fee": 0, "amount": 0.1}]', '[]', 'null'])
def test_unreadable_payout_options_leave_the_fees_unknown(tmp_path: Path, options: str) -> None:
    exchange_id = "6f1c0000-0000-4000-8000-000000000001"
    body = ('{"event": "exchange.executed", "payload": {"exchange_id": "' + exchange_id
            + '", "payout_options": ' + options + "}}")
    with Store(tmp_path / "s.sqlite3") as store:
        store.record_webhook("k", "exchange.executed", body, 0)
        store.record_webhook("not-json", "exchange.executed", "{oops", 0)
        assert payout_options(store, exchange_id).unknown == NO_OPTIONS


# Error codes: the app's pre-checks, then the sandbox with them bypassed ------------------------


@pytest.mark.parametrize("code", sorted(INVOICES))
def test_a_refused_invoice_is_not_sent(rig: Rig, code: str) -> None:
    payout = rig.executed()
    with pytest.raises(PayoutNotSent) as raised:
        payout.pay_by_invoice(INVOICES[code](payout.exchange))
    assert raised.value.code == code and raised.value.message == reason_for(code)
    assert rig.client.get_exchange(payout.exchange.id).payout is None  # nothing reached Pocket


@pytest.mark.parametrize("code, address", [
    ("invalid_node_address", "somewhere"),
    ("unexpected_node_pubkey", f"{'02' + '11' * 32}@127.0.0.1:9735"),
])
def test_a_refused_node_address_is_not_sent(rig: Rig, code: str, address: str) -> None:
    payout = rig.executed()
    with pytest.raises(PayoutNotSent) as raised:
        payout.open_channel(address)
    assert raised.value.code == code
    assert rig.client.get_exchange(payout.exchange.id).payout is None


def test_a_payout_in_progress_is_refused_locally_and_by_pocket(rig: Rig) -> None:
    payout = rig.executed()
    payout.pay_by_invoice(rig.bank.create_invoice(payout.amount)[0])
    with pytest.raises(PayoutNotSent) as local:
        payout.open_channel()
    with pytest.raises(PayoutError) as remote:
        rig.client.patch_exchange(payout.exchange.id, ChannelPayoutRequest())
    assert local.value.code == remote.value.code == "in_progress"
    assert local.value.message == remote.value.message


def test_a_completed_payout_is_refused_locally_and_by_pocket(rig: Rig) -> None:
    payout = rig.executed()
    payout.pay_by_invoice(rig.bank.create_invoice(payout.amount)[0])
    assert verdict(payout.follow(10)).kind is Kind.PAID
    second = rig.bank.create_invoice(payout.amount)[0]
    with pytest.raises(PayoutNotSent) as local:
        payout.pay_by_invoice(second)
    with pytest.raises(PayoutError) as remote:
        rig.client.patch_exchange(payout.exchange.id, InvoicePayoutRequest(second))
    assert local.value.code == remote.value.code == "already_completed"
    assert local.value.message == remote.value.message


def test_pocket_catches_up_the_app_that_missed_a_payout(rig: Rig) -> None:
    """The app's copy says executed, Pocket's says in progress: Pocket refuses, the app re-reads."""
    payout = rig.executed()
    stale = LightningPayout(rig.client, rig.tracker, rig.order(), payout.exchange)
    payout.pay_by_invoice(rig.bank.create_invoice(payout.amount)[0])
    with pytest.raises(PayoutError) as refused:
        stale.open_channel()
    assert refused.value.code == "in_progress"
    assert verdict(stale.exchange).kind is Kind.PENDING


def test_a_tiny_amount_cannot_open_a_channel_locally_nor_at_pocket(rig: Rig) -> None:
    payout = rig.executed(cost="5.00")  # 0.0000812… BTC: less than the channel fee
    rig.wait_event(payout.exchange.id)
    options = payout_options(rig.store, payout.exchange.id)
    assert options.of("channel") is None and options.of("invoice") is not None
    with pytest.raises(PayoutNotSent) as local:
        payout.open_channel(options=options)
    with pytest.raises(ChannelPayoutError) as remote:
        rig.client.patch_exchange(payout.exchange.id, ChannelPayoutRequest())
    assert local.value.code == remote.value.code == "channel_amount_too_small"
    assert local.value.message == remote.value.message


@pytest.mark.parametrize("code", ["connect", "node_address_required"])
def test_what_only_pocket_knows_comes_back_with_its_sentence(rig: Rig, code: str) -> None:
    if code == "connect":  # the demo node, at a host where nothing listens
        payout, address = rig.executed(), f"{lightning_node.NODE_PUBKEY}@192.0.2.7:9735"
    else:  # a node the network has no address for, none given
        payout, address = rig.executed(rig.order(OTHER_KEY)), ""
    assert payout.check_channel(address) is None  # nothing the app could have known
    with pytest.raises(ChannelPayoutError) as raised:
        payout.open_channel(address)
    assert raised.value.code == code and raised.value.message == reason_for(code)


# Outcomes --------------------------------------------------------------------------------------


def test_invoice_payout_succeeds_with_a_preimage_that_hashes_to_the_payment_hash(rig: Rig) -> None:
    payout = rig.executed()
    text, payment_hash = rig.bank.create_invoice(payout.amount, "coffee")
    answered = payout.pay_by_invoice(text)
    assert verdict(answered).kind is Kind.PENDING
    assert rig.tracker.status(payout.exchange.id) is ExchangeStatus.PAYOUT_PENDING
    shown = verdict(payout.follow(10))
    assert shown.kind is Kind.PAID and shown.payment_hash == payment_hash
    assert shown.preimage is not None
    assert hashlib.sha256(bytes.fromhex(shown.preimage)).hexdigest() == payment_hash
    assert shown.text == f"✓ Paid — preimage {shown.preimage} matches the invoice's payment hash"
    assert rig.tracker.status(payout.exchange.id) is ExchangeStatus.PAYOUT_SUCCEEDED


def test_a_failed_invoice_payout_is_retried_with_a_new_invoice(rig: Rig) -> None:
    payout = rig.executed()
    payout.pay_by_invoice(_unpayable_invoice(payout))
    failed = verdict(payout.follow(10))
    assert failed.kind is Kind.FAILED and failed.can_pay and "new invoice" in failed.text
    assert rig.tracker.status(payout.exchange.id) is ExchangeStatus.PAYOUT_FAILED
    payout.pay_by_invoice(rig.bank.create_invoice(payout.amount)[0])
    assert rig.tracker.status(payout.exchange.id) is ExchangeStatus.PAYOUT_PENDING  # news again
    assert verdict(payout.follow(10)).kind is Kind.PAID
    assert rig.tracker.status(payout.exchange.id) is ExchangeStatus.PAYOUT_SUCCEEDED


def test_channel_payout_succeeds_and_a_second_channel_is_not_allowed(rig: Rig) -> None:
    order = rig.order()
    first = rig.executed(order)
    first.open_channel("", private=True)
    opened = first.follow(10)
    assert verdict(opened).kind is Kind.PAID
    assert isinstance(opened.payout, ChannelPayout) and opened.payout.private is True
    assert opened.payout.channel_id and opened.payout.channel_id in verdict(opened).text
    second = rig.executed(order)
    with pytest.raises(ChannelPayoutError) as raised:
        second.open_channel(lightning_node.ADDRESS)
    assert raised.value.code == "channel_payout_not_allowed"
    assert raised.value.message == reason_for("channel_payout_not_allowed")


def test_a_lost_patch_answer_is_unknown_and_the_exchange_is_read_again(rig: Rig) -> None:
    payout = rig.executed()
    rig.transport.lose_patch = True
    with pytest.raises(PayoutOutcomeUnknown) as raised:
        payout.pay_by_invoice(rig.bank.create_invoice(payout.amount)[0])
    rig.transport.lose_patch = False
    assert raised.value.exchange is not None  # read again: the PATCH did arrive
    assert verdict(raised.value.exchange).kind in (Kind.PENDING, Kind.PAID)
    assert "may or may not" in raised.value.message and "Nothing is sent again" in \
        raised.value.message
    with pytest.raises(PayoutNotSent):  # and nothing retries it blindly
        payout.pay_by_invoice(rig.bank.create_invoice(payout.amount)[0])


def _succeeded(invoice: str, preimage: str | None) -> Exchange:
    return Exchange.from_wire({
        "id": "e", "order_id": "o", "fee_rate": Decimal("0.015"), "pair": "btc/eur",
        "type": "buy", "cost": Decimal("20.00"), "executed_on": "2026-01-01T00:00:00.000Z",
        "amount": Decimal("0.00032833"), "rate": Decimal("60000.00"), "fee": Decimal("0.30"),
        "action": None, "reason": None,
        "payout": {"type": "invoice", "status": "succeeded", "invoice": invoice,
                   "preimage": preimage, "fee": 0, "amount": Decimal("0.00032833")}})


@pytest.mark.parametrize("preimage", ["00" * 32, None, "zz"])
def test_a_paid_invoice_without_a_matching_preimage_is_not_proven(preimage: str | None) -> None:
    invoice = lightning_node.create_invoice(32_833_000, NET)
    shown = verdict(_succeeded(invoice, preimage))
    assert shown.kind is Kind.NOT_PROVEN and shown.text.startswith("⚠ NOT PROVEN")
    assert not shown.can_pay


def test_the_decoded_invoice_reads_as_typed() -> None:
    moment = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    text = lightning_node.create_invoice(32_833_000, NET, "coffee",
                                         timestamp=int(moment.timestamp()))
    rows = dict(describe_invoice(decode_invoice(text), moment + timedelta(minutes=15)))
    assert rows == {"Amount": "0.00032833 BTC (32,833 sat)",
                    "Payee node": lightning_node.NODE_PUBKEY, "Expires": "in 45 min",
                    "Network": "regtest", "Description": "coffee"}
    later = dict(describe_invoice(decode_invoice(text), moment + timedelta(hours=3)))
    assert later["Expires"] == "expired 2 h 0 min ago"


def test_a_payout_needs_a_lightning_order(rig: Rig) -> None:
    payout = rig.executed()
    onchain = Order.from_wire({**rig.client.get_order(payout.exchange.order_id).raw,
                               "payout_method": {"bitcoin_address": "x", "message": "m",
                                                 "signature": "s", "extended_public_key": None,
                                                 "derivation_path": None, "gap_limit": None}})
    with pytest.raises(ValueError):
        LightningPayout(rig.client, rig.tracker, onchain, payout.exchange)


def test_the_sentence_of_every_payout_code_says_what_to_do() -> None:
    codes = ("in_progress", "already_completed", "invoice_amount", "invoice_network",
             "invoice_expired", "unexpected_node_pubkey", "invalid_invoice",
             "channel_payout_not_allowed", "node_address_required", "connect",
             "invalid_node_address", "channel_amount_too_small")
    for code in codes:
        sentence = reason_for(code)
        assert ":" in sentence and sentence.endswith("."), code  # a fact, then what to do
