"""Every error code the sandbox can answer, provoked for real and turned into its typed error.

Where our typed requests can say it, the client itself sends the request and must raise; where
they cannot (unknown fields, both payout kinds at once, broken JSON…: the client never sends
those), the raw answer goes through the same `error_from_body` the client uses. The last test
checks that the scenarios cover every code of the sandbox's `ErrorCode`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import httpx
import pytest
from embit import ec, script
from embit.networks import NETWORKS

from pocketgui.api import (
    ApiError,
    AuthenticationError,
    BadRequest,
    ChallengeError,
    ChannelPayoutError,
    ChannelPayoutRequest,
    Exchange,
    InvoicePayoutError,
    InvoicePayoutRequest,
    LightningPayoutRequest,
    NotFound,
    OnchainPayoutRequest,
    OrderPatch,
    OrderRequest,
    OrderValidationError,
    PayoutError,
    PocketClient,
    jsonio,
)
from pocketgui.api.errors import SandboxError, error_from_body
from pocketgui.bitcoin import (
    Network,
    ScriptType,
    encode_invoice,
    lightning_sign_message,
)
from pocketgui.sandbox import SandboxConfig, SandboxServer, lightning_node
from pocketgui.sandbox.errors import ErrorCode
from tests.api.sandbox_kit import Helpers, Wallet, lightning_request, onchain_request, pocket

OTHER_NODE_KEY = bytes(range(1, 33))
OTHER_NODE = ec.PrivateKey(OTHER_NODE_KEY).get_public_key().sec().hex()


@dataclass
class World:
    server: SandboxServer
    factory: Callable[..., SandboxServer]
    code: str
    _open: list[Any] = field(default_factory=list)

    @property
    def client(self) -> PocketClient:
        opened = pocket(self.server, client_id=self.code)
        self._open.append(opened)
        return opened

    @property
    def helpers(self) -> Helpers:
        opened = Helpers(self.server, client_id=self.code)
        self._open.append(opened)
        return opened

    def raw(self, method: str, path: str, content: str | bytes) -> httpx.Response:
        return self.helpers.http.request(method, path, content=content,
                                         headers={"Content-Type": "application/json"})

    def lightning_exchange(self, cost: str = "20.00", settle_delay: float | None = None
                           ) -> tuple[PocketClient, Exchange]:
        if settle_delay is not None:
            self.server = self.factory(settle_delay=settle_delay)
        client = self.client
        order = client.create_order(lightning_request(client))
        return client, client.get_exchange(self.helpers.transfer(order.id, cost)["id"])

    def other_node_exchange(self) -> tuple[PocketClient, Exchange]:
        client = self.client
        message = f"I confirm my bitcoin wallet. [{client.create_challenge().token}]"
        request = OrderRequest(Decimal("0.015"), "eur", "DE75512108001245126199",
                               LightningPayoutRequest(OTHER_NODE, message,
                                                      lightning_sign_message(OTHER_NODE_KEY,
                                                                             message)))
        order = client.create_order(request)
        return client, client.get_exchange(self.helpers.transfer(order.id, "20.00")["id"])

    def close(self) -> None:
        for opened in self._open:
            opened.close()


def with_payout(request: OrderRequest, **changes: Any) -> OrderRequest:
    return replace(request, payout=replace(request.payout, **changes))  # type: ignore[type-var]


def invoice_for(exchange: Exchange, network: Network = Network.REGTEST, **options: Any) -> str:
    assert exchange.amount is not None
    return lightning_node.create_invoice(int(exchange.amount * 100_000_000_000), network,
                                         **options)


def settled_payout(client: PocketClient, exchange_id: str) -> None:
    for _ in range(200):
        payout = client.get_exchange(exchange_id).payout
        if payout is not None and getattr(payout, "status", None) != "pending":
            return
        time.sleep(0.02)
    raise AssertionError("the lightning payout did not complete")


def s_challenge_expired(w: World) -> Any:
    w.server = w.factory(challenge_ttl=0.05)
    client = w.client
    request = onchain_request(client)
    time.sleep(0.2)
    return client.create_order(request)


def s_ambiguous_challenge(w: World) -> Any:
    client = w.client
    tokens = f"[{client.create_challenge().token}] [{client.create_challenge().token}]"
    message = f"I confirm my bitcoin wallet. {tokens}"
    return client.create_order(with_payout(onchain_request(client), message=message,
                                           signature=Wallet(ScriptType.P2WPKH).sign(message)))


def s_challenge_completed(w: World) -> Any:
    client = w.client
    request = onchain_request(client)
    client.create_order(request)
    return client.create_order(request)


def s_in_progress(w: World) -> Any:
    client, exchange = w.lightning_exchange(settle_delay=60.0)
    client.patch_exchange(exchange.id, InvoicePayoutRequest(invoice_for(exchange)))
    return client.patch_exchange(exchange.id, InvoicePayoutRequest(invoice_for(exchange)))


def s_already_completed(w: World) -> Any:
    client, exchange = w.lightning_exchange()
    client.patch_exchange(exchange.id, InvoicePayoutRequest(invoice_for(exchange)))
    settled_payout(client, exchange.id)
    return client.patch_exchange(exchange.id, InvoicePayoutRequest(invoice_for(exchange)))


def s_channel_payout_not_allowed(w: World) -> Any:
    client, exchange = w.lightning_exchange()
    client.patch_exchange(exchange.id, ChannelPayoutRequest(lightning_node.ADDRESS))
    settled_payout(client, exchange.id)
    _, second = w.lightning_exchange()
    return client.patch_exchange(second.id, ChannelPayoutRequest(lightning_node.ADDRESS))


def s_unexpected_node_pubkey(w: World) -> Any:
    client, exchange = w.lightning_exchange()
    assert exchange.amount is not None
    foreign = encode_invoice(OTHER_NODE_KEY, Network.REGTEST,
                             int(exchange.amount * 100_000_000_000), bytes(32), bytes(32))
    return client.patch_exchange(exchange.id, InvoicePayoutRequest(foreign))


def s_exchange_not_executed(w: World) -> Any:
    w.server = w.factory(identification_threshold=Decimal("10.00"))
    client, exchange = w.lightning_exchange(cost="50.00")
    return client.patch_exchange(exchange.id, InvoicePayoutRequest("lnbcrt1"))


def s_not_lightning_exchange(w: World) -> Any:
    client = w.client
    order = client.create_order(onchain_request(client))
    exchange_id = w.helpers.transfer(order.id, "10.00")["id"]
    return client.patch_exchange(exchange_id, InvoicePayoutRequest("lnbcrt1"))


def s_identification_completed(w: World) -> Any:
    w.server = w.factory(identification_threshold=Decimal("10.00"))
    client = w.client
    order = client.create_order(onchain_request(client))
    exchange = client.get_exchange(w.helpers.transfer(order.id, "50.00")["id"])
    assert exchange.action is not None and exchange.action.identification_id
    path = f"/v1/sandbox/identifications/{exchange.action.identification_id}/complete"
    w.helpers.post(path, {})
    return w.helpers.post(path, {})


def taproot_address() -> str:
    key = ec.PrivateKey(bytes(range(2, 34))).get_public_key()
    return str(script.p2tr(key).address(NETWORKS["regtest"]))


def order_with(w: World, **changes: Any) -> Any:
    client = w.client
    return client.create_order(with_payout(onchain_request(client), **changes))


def order_field(w: World, **changes: Any) -> Any:
    client = w.client
    return client.create_order(replace(onchain_request(client), **changes))


def raw_order(w: World, change: Callable[[dict[str, Any]], None]) -> httpx.Response:
    body = onchain_request(w.client).to_wire()
    change(body)
    return w.raw("POST", "/v1/orders", jsonio.dumps(body))


SCENARIOS: dict[str, tuple[type[ApiError], Callable[[World], Any]]] = {
    # transport and protocol
    "unauthorized": (AuthenticationError, lambda w: pocket(
        w.factory(client_ids=("alice",)), "mallory").create_challenge()),
    "not_found": (NotFound, lambda w: w.client.get_order("64decab6-4129-4fe7-9f6e-1db68283f5ce")),
    "method_not_allowed": (BadRequest, lambda w: w.raw("DELETE", "/v1/orders/x", "")),
    "payload_too_large": (BadRequest, lambda w: w.raw(
        "POST", "/v1/challenges", '{"a": "' + "x" * 70_000 + '"}')),
    "invalid_json": (BadRequest, lambda w: w.raw("POST", "/v1/orders", "{")),
    "duplicate_key": (BadRequest, lambda w: w.raw("POST", "/v1/sandbox/blocks",
                                                  '{"count": 1, "count": 2}')),
    "validation_error": (BadRequest, lambda w: w.raw(
        "POST", "/v1/sandbox/blocks", '{"count": "many"}')),
    "unknown_field": (BadRequest, lambda w: w.raw("POST", "/v1/challenges", '{"x": 1}')),
    # challenges and proof of ownership
    "challenge_not_found": (ChallengeError, lambda w: w.client.create_order(with_payout(
        onchain_request(w.client), message="I confirm my bitcoin wallet. [zzzzzzzz]",
        signature=Wallet(ScriptType.P2WPKH).sign("I confirm my bitcoin wallet. [zzzzzzzz]")))),
    "challenge_expired": (ChallengeError, s_challenge_expired),
    "challenge_completed": (ChallengeError, s_challenge_completed),
    "ambiguous_challenge": (ChallengeError, s_ambiguous_challenge),
    "invalid_signature": (ChallengeError, lambda w: order_with(
        w, signature=Wallet(ScriptType.P2WPKH).sign("another message"))),
    # on-chain payout method
    "invalid_bitcoin_address": (OrderValidationError, lambda w: order_with(
        w, bitcoin_address="not-an-address")),
    "address_network_mismatch": (OrderValidationError, lambda w: order_with(
        w, bitcoin_address=Wallet(ScriptType.P2WPKH, Network.MAINNET).address())),
    "unsupported_address_type": (OrderValidationError, lambda w: order_with(
        w, bitcoin_address=taproot_address())),
    "invalid_extended_public_key": (OrderValidationError, lambda w: order_with(
        w, extended_public_key="vpub-garbage", derivation_path="0/0")),
    "extended_public_key_network_mismatch": (OrderValidationError, lambda w: order_with(
        w, extended_public_key=Wallet(ScriptType.P2WPKH, Network.MAINNET).xpub,
        derivation_path="0/0")),
    "extended_public_key_mismatch": (OrderValidationError, lambda w: order_with(
        w, extended_public_key=Wallet(ScriptType.P2WPKH).xpub, derivation_path="0/5")),
    "derivation_path_required": (OrderValidationError, lambda w: order_with(
        w, extended_public_key=Wallet(ScriptType.P2WPKH).xpub)),
    "invalid_derivation_path": (OrderValidationError, lambda w: order_with(
        w, extended_public_key=Wallet(ScriptType.P2WPKH).xpub, derivation_path="0h/0")),
    "extended_public_key_required": (OrderValidationError, lambda w: raw_order(
        w, lambda body: body["payout_method"].update(derivation_path="0/0"))),
    "invalid_gap_limit": (OrderValidationError, lambda w: order_with(
        w, extended_public_key=Wallet(ScriptType.P2WPKH).xpub, derivation_path="0/0",
        gap_limit=0)),
    # lightning payout method
    "invalid_node_pubkey": (OrderValidationError, lambda w: w.client.create_order(
        replace(lightning_request(w.client), payout=LightningPayoutRequest("02zz", "m", "s")))),
    "ambiguous_payout_method": (OrderValidationError, lambda w: raw_order(
        w, lambda body: body["payout_method"].update(node_pubkey=lightning_node.NODE_PUBKEY))),
    # order fields
    "invalid_fee_rate": (OrderValidationError, lambda w: order_field(w, fee_rate=Decimal("0.5"))),
    "invalid_currency": (OrderValidationError, lambda w: order_field(w, currency="usd")),
    "invalid_iban": (OrderValidationError, lambda w: order_field(
        w, debitor_iban="DE75512108001245126198")),
    "invalid_affiliate_id": (OrderValidationError, lambda w: order_field(
        w, affiliate_id="not-a-uuid")),
    "field_not_patchable": (OrderValidationError, lambda w: w.raw(
        "PATCH", f"/v1/orders/{w.client.create_order(onchain_request(w.client)).id}",
        '{"payment_method": {"currency": "eur"}}')),
    # lightning payouts (reference)
    "in_progress": (PayoutError, s_in_progress),
    "already_completed": (PayoutError, s_already_completed),
    "invoice_amount": (InvoicePayoutError, lambda w: (lambda c, e: c.patch_exchange(
        e.id, InvoicePayoutRequest(lightning_node.create_invoice(1000, Network.REGTEST))))(
        *w.lightning_exchange())),
    "invoice_network": (InvoicePayoutError, lambda w: (lambda c, e: c.patch_exchange(
        e.id, InvoicePayoutRequest(invoice_for(e, Network.MAINNET))))(*w.lightning_exchange())),
    "invoice_expired": (InvoicePayoutError, lambda w: (lambda c, e: c.patch_exchange(
        e.id, InvoicePayoutRequest(invoice_for(e, timestamp=int(time.time()) - 7200))))(
        *w.lightning_exchange())),
    "unexpected_node_pubkey": (PayoutError, s_unexpected_node_pubkey),
    "invalid_invoice": (InvoicePayoutError, lambda w: (lambda c, e: c.patch_exchange(
        e.id, InvoicePayoutRequest("lnbcrt1notaninvoice")))(*w.lightning_exchange())),
    "channel_payout_not_allowed": (ChannelPayoutError, s_channel_payout_not_allowed),
    "node_address_required": (ChannelPayoutError, lambda w: (lambda c, e: c.patch_exchange(
        e.id, ChannelPayoutRequest()))(*w.other_node_exchange())),
    "connect": (ChannelPayoutError, lambda w: (lambda c, e: c.patch_exchange(
        e.id, ChannelPayoutRequest(f"{OTHER_NODE}@127.0.0.1:1")))(*w.other_node_exchange())),
    # lightning payouts (sandbox)
    "invalid_payout_type": (PayoutError, lambda w: (lambda c, e: w.raw(
        "PATCH", f"/v1/exchanges/{e.id}", '{"payout": {"type": "pigeon"}}'))(
        *w.lightning_exchange())),
    "invalid_node_address": (ChannelPayoutError, lambda w: (lambda c, e: c.patch_exchange(
        e.id, ChannelPayoutRequest("somewhere")))(*w.lightning_exchange())),
    "channel_amount_too_small": (ChannelPayoutError, lambda w: (lambda c, e: c.patch_exchange(
        e.id, ChannelPayoutRequest(lightning_node.ADDRESS)))(*w.lightning_exchange("1.00"))),
    "not_lightning_exchange": (PayoutError, s_not_lightning_exchange),
    "exchange_not_executed": (PayoutError, s_exchange_not_executed),
    # test helpers
    "invalid_amount": (SandboxError, lambda w: w.helpers.post(
        f"/v1/sandbox/orders/{w.client.create_order(onchain_request(w.client)).id}/transfers",
        {"amount": Decimal("0.001")})),
    "invalid_pair": (SandboxError, lambda w: w.helpers.post(
        "/v1/sandbox/rates", {"pair": "btc/usd", "rate": Decimal(1)})),
    "invalid_rate": (SandboxError, lambda w: w.helpers.post(
        "/v1/sandbox/rates", {"pair": "btc/eur", "rate": Decimal(-1)})),
    "invalid_block_count": (SandboxError, lambda w: w.helpers.post(
        "/v1/sandbox/blocks", {"count": 0})),
    "invalid_webhook_url": (SandboxError, lambda w: w.helpers.post(
        "/v1/sandbox/webhooks", {"url": "ftp://x", "secret": "s"})),
    "invalid_webhook_secret": (SandboxError, lambda w: w.helpers.post(
        "/v1/sandbox/webhooks", {"url": "http://127.0.0.1:1/", "secret": ""})),
    "identification_completed": (SandboxError, s_identification_completed),
}

# Codes no input can provoke: the sandbox's last-resort answer to its own failures.
UNREACHABLE = {"bad_request"}


@pytest.fixture(scope="module")
def shared_sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig()) as server:
        yield server


@pytest.mark.parametrize("code", sorted(SCENARIOS))
def test_error_code_becomes_its_typed_error(
    code: str, shared_sandbox: SandboxServer, sandbox_factory: Callable[..., SandboxServer]
) -> None:
    expected, scenario = SCENARIOS[code]
    world = World(shared_sandbox, sandbox_factory, code)
    try:
        try:
            outcome = scenario(world)
        except ApiError as raised:
            error = raised
        else:
            assert isinstance(outcome, httpx.Response), f"{code}: no error at all"
            assert not outcome.is_success, outcome.text
            error = error_from_body(outcome.status_code, jsonio.loads(outcome.content))
    finally:
        world.close()
    assert (type(error), error.code) == (expected, code), error
    assert error.status is not None and 400 <= error.status < 500
    assert error.message.endswith(".")


def test_scenarios_cover_every_sandbox_error_code() -> None:
    assert set(SCENARIOS) | UNREACHABLE == {code.value for code in ErrorCode}


def test_order_patch_of_another_client_is_not_found(shared_sandbox: SandboxServer) -> None:
    with pocket(shared_sandbox, "alice") as alice, pocket(shared_sandbox, "bob") as bob:
        order = alice.create_order(onchain_request(alice))
        with pytest.raises(NotFound):
            bob.patch_order(order, OrderPatch(active=False))
        with pytest.raises(NotFound):
            bob.get_order(order.id)


def test_unused_request_type_is_complete() -> None:
    assert OnchainPayoutRequest("a", "m", "s").to_wire() == {
        "bitcoin_address": "a", "message": "m", "signature": "s"}
