"""The whole purchase set-up with plain pytest: real sandbox, real HWI, simulated Trezor."""

from __future__ import annotations

from decimal import Decimal

from pocketgui.api.models import ExchangeStatus, OnchainPayoutMethod
from pocketgui.bitcoin import ScriptType, verify_message
from pocketgui.flow import Outcome, PurchaseFlow, Step
from pocketgui.flow.demo import Demo
from tests.flow.conftest import IBAN, through_payment, unlock


def test_demo_purchase_from_device_to_settled_payout(demo: Demo) -> None:
    flow = PurchaseFlow(demo.services)
    assert flow.step is Step.CONNECT and not flow.valid()
    unlock(flow, demo)
    assert flow.data.fingerprint == demo.simulator.fingerprint()
    assert flow.next() is Step.PAYOUT
    assert not flow.can_go_next()  # "Show on device" is required
    flow.show_address()
    screens = demo.simulator.person.screens
    assert screens[-1].title == "Address"
    assert flow.data.address.startswith("bcrt1q") and flow.data.address_confirmed
    assert flow.next() is Step.PROVE
    flow.sign()
    assert flow.data.message == f"I confirm my bitcoin wallet. [{flow.data.challenge.token}]"
    assert verify_message(flow.data.address, flow.data.message, flow.data.signature,
                          flow.services.network)
    assert flow.next() is Step.PAYMENT
    assert flow.set_payment(currency="CHF", iban=IBAN, fee_rate=Decimal("0.02")) == {}
    assert flow.next() is Step.REVIEW
    rows = dict(flow.review_rows())
    assert rows["Bitcoin goes to"] == flow.data.address
    assert rows["Pocket's fee"].startswith("2 % — For a 100 CHF purchase: 2.00 CHF fee")
    assert flow.create_order() is Outcome.CREATED
    order = flow.data.order
    assert order is not None and order.payment_method.currency == "chf"
    method = order.payout_method
    assert isinstance(method, OnchainPayoutMethod) and method.extended_public_key
    assert method.derivation_path == "0/0" and method.gap_limit == 10
    assert flow.data.signature_convention.startswith("as signed")
    assert not flow.services.store.unresolved_intents()
    assert flow.next() is Step.INSTRUCTIONS and not flow.can_go_back()
    instructions = flow.payment_instructions()
    assert instructions.debitor_iban == IBAN and instructions.reference.startswith("RF")
    exchange = flow.simulate_transfer(Decimal("100.00"))
    assert exchange.status in (ExchangeStatus.EXECUTED, ExchangeStatus.SETTLED)
    flow.mine_block()
    statuses = flow.refresh_exchanges()
    assert statuses == {exchange.id: ExchangeStatus.CONFIRMED}
    assert flow.data.payout_problems == []


def test_fresh_addresses_off_sends_the_address_only(demo: Demo) -> None:
    flow = PurchaseFlow(demo.services)
    unlock(flow, demo)
    flow.set_account(ScriptType.P2SH_P2WPKH, 1, 3)
    flow.next()
    flow.show_address()
    assert flow.data.address.startswith("2")
    flow.next()
    flow.sign()
    flow.next()
    flow.set_payment(iban=IBAN, fresh_addresses=False, currency="EUR")
    flow.next()
    assert flow.order_request().payout.to_wire().keys() == {"bitcoin_address", "message",
                                                            "signature"}
    assert flow.create_order() is Outcome.CREATED


def test_changing_the_account_drops_what_the_device_proved(demo: Demo) -> None:
    flow = PurchaseFlow(demo.services)
    through_payment(flow, demo)
    assert flow.data.signature
    flow.set_account(ScriptType.P2WPKH, 0, 1)
    assert not flow.data.address_confirmed and not flow.data.signature
    assert not flow.valid(Step.PAYOUT) and not flow.valid(Step.PROVE)
