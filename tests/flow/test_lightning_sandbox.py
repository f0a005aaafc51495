"""The lightning pre-checks agree with the sandbox: each input the app refuses locally (with a
reason), sent anyway (pre-checks bypassed), gets the same code and sentence from the sandbox."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest

from pocketgui.api import (
    ApiError,
    ChannelPayoutRequest,
    Exchange,
    InvoicePayout,
    InvoicePayoutRequest,
    PocketClient,
)
from pocketgui.bitcoin import Network, encode_invoice
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.flow.lightning import check_invoice, check_node_address
from pocketgui.sandbox import SandboxConfig, SandboxServer, lightning_node
from pocketgui.tracking.lightning_proof import preimage_matches
from tests.api.sandbox_kit import Helpers, lightning_request, pocket

NET = Network.REGTEST
OTHER_KEY = bytes(range(1, 33))
OTHER_NODE = "02" + "11" * 32


def _msat(exchange: Exchange) -> int:
    assert exchange.amount is not None
    return lightning_node.to_msat(exchange.amount)


INVOICES: dict[str, Callable[[Exchange], str]] = {
    "invalid_invoice": lambda e: "lnbcrt1notaninvoice",
    "invoice_network": lambda e: lightning_node.create_invoice(_msat(e), Network.MAINNET),
    "invoice_amount": lambda e: lightning_node.create_invoice(_msat(e) + 1000, NET),
    "invoice_expired": lambda e: lightning_node.create_invoice(
        _msat(e), NET, timestamp=int(time.time()) - 7200),
    "unexpected_node_pubkey": lambda e: encode_invoice(
        OTHER_KEY, NET, _msat(e), os.urandom(32), os.urandom(32)),
}

NODE_ADDRESSES = {
    "invalid_node_address": "somewhere",
    "unexpected_node_pubkey": f"{OTHER_NODE}@127.0.0.1:9735",
}


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig()) as running:
        yield running


def _executed(server: SandboxServer, client_id: str) -> tuple[PocketClient, Helpers, Exchange]:
    client = pocket(server, client_id=client_id)
    helpers = Helpers(server, client_id=client_id)
    order = client.create_order(lightning_request(client))
    return client, helpers, client.get_exchange(helpers.transfer(order.id, "20.00")["id"])


@pytest.mark.parametrize("code", sorted(INVOICES))
def test_invoice_precheck_agrees_with_sandbox(code: str, server: SandboxServer) -> None:
    client, helpers, exchange = _executed(server, f"inv-{code}")
    try:
        assert exchange.amount is not None
        text = INVOICES[code](exchange)
        local = check_invoice(text, network=NET, amount=exchange.amount,
                              node_pubkey=lightning_node.NODE_PUBKEY)
        assert local.code == code
        with pytest.raises(ApiError) as raised:
            client.patch_exchange(exchange.id, InvoicePayoutRequest(text))
        assert raised.value.code == code
        assert raised.value.message == local.reason
    finally:
        client.close()
        helpers.close()


@pytest.mark.parametrize("code", sorted(NODE_ADDRESSES))
def test_node_address_precheck_agrees_with_sandbox(code: str, server: SandboxServer) -> None:
    client, helpers, exchange = _executed(server, f"chan-{code}")
    try:
        address = NODE_ADDRESSES[code]
        assert check_node_address(address, lightning_node.NODE_PUBKEY) == code
        with pytest.raises(ApiError) as raised:
            client.patch_exchange(exchange.id, ChannelPayoutRequest(address))
        assert raised.value.code == code
    finally:
        client.close()
        helpers.close()


def test_good_invoice_passes_both(server: SandboxServer) -> None:
    client, helpers, exchange = _executed(server, "inv-good")
    try:
        assert exchange.amount is not None
        text = lightning_node.create_invoice(_msat(exchange), NET)
        assert check_invoice(text, network=NET, amount=exchange.amount,
                             node_pubkey=lightning_node.NODE_PUBKEY).code is None
        patched = client.patch_exchange(exchange.id, InvoicePayoutRequest(text))
        assert patched.payout is not None
    finally:
        client.close()
        helpers.close()



def test_demo_node_invoice_pays_out_with_a_verified_preimage(server: SandboxServer) -> None:
    client, helpers, exchange = _executed(server, "inv-demo-node")
    bank = DemoBank(server.url, "inv-demo-node")
    try:
        assert exchange.amount is not None
        text, payment_hash = bank.create_invoice(exchange.amount, "demo")
        local = check_invoice(text, network=NET, amount=exchange.amount,
                              node_pubkey=lightning_node.NODE_PUBKEY)
        assert local.code is None and local.invoice is not None
        assert local.invoice.payment_hash == payment_hash
        client.patch_exchange(exchange.id, InvoicePayoutRequest(text))
        payout = None
        for _ in range(250):  # the sandbox settles on its background loop
            payout = client.get_exchange(exchange.id).payout
            if isinstance(payout, InvoicePayout) and payout.status != "pending":
                break
            time.sleep(0.02)
        assert isinstance(payout, InvoicePayout) and payout.preimage is not None
        assert preimage_matches(payout.preimage, payment_hash)
    finally:
        bank.close()
        client.close()
        helpers.close()


def test_demo_node_invoice_needs_a_positive_amount(server: SandboxServer) -> None:
    bank = DemoBank(server.url, "inv-demo-bad")
    try:
        with pytest.raises(ApiError) as raised:
            bank.create_invoice(Decimal("0"))
        assert raised.value.code == "invalid_amount"
    finally:
        bank.close()
