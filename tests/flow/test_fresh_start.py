"""A new order of an account starts past every address used before — by earlier orders in the
store and by anything the chain shows — and the review says which index and why (issue 12)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pocketgui.api import OnchainPayout, OnchainPayoutMethod
from pocketgui.chain import ChainWatcher, EsploraSource
from pocketgui.flow import Outcome, PurchaseFlow
from pocketgui.flow.demo import Demo
from tests.flow.conftest import through_payment


def create(demo: Demo) -> PurchaseFlow:
    flow = PurchaseFlow(demo.services)
    through_payment(flow, demo)
    assert flow.create_order() is Outcome.CREATED
    return flow


def start_of(flow: PurchaseFlow) -> str | None:
    order = flow.data.order
    assert order is not None and isinstance(order.payout_method, OnchainPayoutMethod)
    return order.payout_method.derivation_path


def test_a_second_order_of_an_account_starts_past_the_addresses_the_first_used(demo: Demo
                                                                              ) -> None:
    """The privacy defect seen in the Demo: the second order started at 0/0 again, and its
    first payout went to an address the first order had already been paid to."""
    first = create(demo)
    assert start_of(first) == "0/0" and first.data.fresh_start is not None
    paid = [first.simulate_transfer(Decimal("50")).payout for _ in range(2)]
    assert [p.derivation_path for p in paid if isinstance(p, OnchainPayout)] == ["0/0", "0/1"]
    first.close()
    second = create(demo)
    assert start_of(second) == "0/2"
    why = dict(second.review_rows())["Why this address"]
    assert why.startswith("Starts at 0/2: earlier orders of this account used addresses up to 0/1")
    assert "No blockchain source is set" in why


def test_an_address_the_chain_shows_used_is_skipped_too(demo: Demo, tmp_path: Path) -> None:
    demo.services.chain = ChainWatcher(demo.services.store, demo.services.environment,
                                       demo.services.network,
                                       EsploraSource(demo.sandbox.esplora_url), tmp_path / "c")
    flow = PurchaseFlow(demo.services)
    through_payment(flow, demo)  # reads 0/0 first: nothing used yet
    assert flow.data.address_index == 0 and flow.data.account_key is not None
    elsewhere = flow.data.account_key.address(4)  # the person was paid there by someone else
    assert demo.services.demo_bank is not None
    demo.services.demo_bank.pay_address(elsewhere, Decimal("0.01"))
    flow.close()
    again = create(demo)
    assert start_of(again) == "0/5"
    why = dict(again.review_rows())["Why this address"]
    assert "the blockchain shows addresses up to 0/4 used" in why


def test_an_unreachable_chain_falls_back_to_the_store_and_says_so(demo: Demo, tmp_path: Path
                                                                  ) -> None:
    demo.services.chain = ChainWatcher(demo.services.store, demo.services.environment,
                                       demo.services.network,
                                       EsploraSource("http://127.0.0.1:9/esplora"), tmp_path)
    flow = create(demo)
    assert start_of(flow) == "0/0"
    why = dict(flow.review_rows())["Why this address"]
    assert "The blockchain could not be asked" in why and "does not answer" in why
