"""Every route of the reference against the real sandbox over loopback, through our client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal

import pytest

from pocketgui.api import (
    ChannelPayout,
    ChannelPayoutRequest,
    ExchangeStatus,
    InvoicePayout,
    InvoicePayoutRequest,
    LightningPayoutMethod,
    OnchainPayout,
    OnchainPayoutMethod,
    OrderPatch,
    PocketClient,
)
from pocketgui.bitcoin import Network, ScriptType, find_address_in_gap
from pocketgui.sandbox import SandboxServer, lightning_node
from tests.api.sandbox_kit import (
    Helpers,
    Wallet,
    lightning_request,
    onchain_request,
    pocket,
)


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[PocketClient]:
    with pocket(sandbox) as opened:
        yield opened


@pytest.fixture
def helpers(sandbox: SandboxServer) -> Iterator[Helpers]:
    with Helpers(sandbox) as opened:
        yield opened


def test_challenges(client: PocketClient) -> None:
    created = client.create_challenge()
    fetched = client.get_challenge(created.id)
    assert fetched == created
    assert created.expires_on.tzinfo is not None and created.completed_on is None


def test_onchain_order_round_trip_and_patch(client: PocketClient) -> None:
    request = onchain_request(client, fee_rate=Decimal("0.0300"))
    order = client.create_order(request)  # echo-checked inside
    assert isinstance(order.payout_method, OnchainPayoutMethod)
    assert order.fee_rate == Decimal("0.03")
    assert client.get_order(order.id) == order
    patched = client.patch_order(order, OrderPatch(active=False, fee_rate=Decimal("0.025")))
    assert (patched.active, patched.fee_rate) == (False, Decimal("0.025"))
    assert patched.payout_method == order.payout_method
    assert client.get_order(order.id) == patched


@pytest.mark.parametrize("script_type", list(ScriptType))
@pytest.mark.parametrize("gap_limit", [None, 20])
def test_order_with_extended_key(client: PocketClient, script_type: ScriptType,
                                 gap_limit: int | None) -> None:
    order = client.create_order(
        onchain_request(client, Wallet(script_type), path="0/1", extended=True,
                        gap_limit=gap_limit)
    )
    method = order.payout_method
    assert isinstance(method, OnchainPayoutMethod)
    assert (method.derivation_path, method.gap_limit) == ("0/1", gap_limit)


def test_lightning_order(client: PocketClient) -> None:
    order = client.create_order(lightning_request(client))
    assert isinstance(order.payout_method, LightningPayoutMethod)
    assert client.get_order(order.id).payout_method == order.payout_method


def test_decimal_amounts_survive_exactly(sandbox_factory: Callable[..., SandboxServer]) -> None:
    server = sandbox_factory(identification_threshold=Decimal("100000.00"))
    with pocket(server) as client, Helpers(server) as helpers:
        _decimal_amounts(client, helpers)


def _decimal_amounts(client: PocketClient, helpers: Helpers) -> None:
    helpers.set_rate("btc/chf", "30000.30")
    order = client.create_order(onchain_request(client, fee_rate=Decimal("0.012")))
    for cost in ["0.10", "0.20", "0.30", "100.10", "999.99"]:
        exchange = client.get_exchange(helpers.transfer(order.id, cost)["id"])
        assert exchange.cost == Decimal(cost)
        fee = (Decimal(cost) * Decimal("0.012")).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
        amount = ((Decimal(cost) - fee) / Decimal("30000.30")).quantize(
            Decimal("0.00000001"), ROUND_DOWN)
        assert (exchange.fee, exchange.rate, exchange.amount) == (fee, Decimal("30000.30"), amount)
        assert isinstance(exchange.payout, OnchainPayout)
        assert exchange.payout.amount + exchange.payout.fee == amount  # 8 decimals, no float dust
    total = sum((client.get_exchange(helpers.transfer(order.id, c)["id"]).cost
                 for c in ["0.10", "0.20"]), Decimal(0))
    assert total == Decimal("0.30")


def test_exchange_shapes_executed_interrupted_refunded_settled_confirmed(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    server = sandbox_factory(identification_threshold=Decimal("150.00"),
                             max_transfer=Decimal("500.00"))
    with pocket(server) as client, Helpers(server) as helpers:
        onchain = client.create_order(onchain_request(client, extended=True))
        lightning = client.create_order(lightning_request(client))
        settled = client.get_exchange(helpers.transfer(onchain.id, "100.00")["id"])
        assert settled.status is ExchangeStatus.SETTLED
        assert client.get_exchange(helpers.transfer(lightning.id, "10.00")["id"]).status is (
            ExchangeStatus.EXECUTED)
        interrupted = client.get_exchange(helpers.transfer(onchain.id, "100.00")["id"])
        assert interrupted.status is ExchangeStatus.INTERRUPTED
        assert interrupted.action is not None and interrupted.amount is None
        refunded = client.get_exchange(helpers.transfer(onchain.id, "600.00")["id"])
        assert refunded.status is ExchangeStatus.REFUNDED
        assert refunded.reason is not None and refunded.reason.code == "threshold_exceeded"
        helpers.mine(1)
        confirmed = client.get_exchange(settled.id)
        assert confirmed.status is ExchangeStatus.CONFIRMED
        assert isinstance(confirmed.payout, OnchainPayout) and confirmed.payout.block_height
        assert interrupted.action.identification_id is not None
        helpers.complete_identification(interrupted.action.identification_id)
        assert client.get_exchange(interrupted.id).status is ExchangeStatus.SETTLED
        method = onchain.payout_method
        assert isinstance(method, OnchainPayoutMethod) and method.extended_public_key
        second = client.get_exchange(interrupted.id).payout
        assert isinstance(second, OnchainPayout)
        assert find_address_in_gap(method.extended_public_key, second.bitcoin_address,
                                   Network.REGTEST, 10) == second.derivation_path


def test_lightning_invoice_and_channel_payouts(client: PocketClient, helpers: Helpers) -> None:
    order = client.create_order(lightning_request(client))
    exchange = client.get_exchange(helpers.transfer(order.id, "20.00")["id"])
    assert exchange.amount is not None
    invoice = lightning_node.create_invoice(int(exchange.amount * 100_000_000_000),
                                            Network.REGTEST)
    paid = client.patch_exchange(exchange.id, InvoicePayoutRequest(invoice))
    assert isinstance(paid.payout, InvoicePayout)
    assert paid.status in (ExchangeStatus.PAYOUT_PENDING, ExchangeStatus.PAYOUT_SUCCEEDED)
    other = client.get_exchange(helpers.transfer(order.id, "30.00")["id"])
    channel = client.patch_exchange(other.id, ChannelPayoutRequest(lightning_node.ADDRESS, True))
    assert isinstance(channel.payout, ChannelPayout) and channel.payout.private is True
    assert channel.payout.amount + channel.payout.fee == other.amount
