"""The wizard's lightning branch with plain pytest against the real sandbox: the node's key and
the node's signature are checked here, and only a matching pair ever reaches Pocket."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from pocketgui.api.client import PocketClient
from pocketgui.api.environments import Environment
from pocketgui.api.models import ExchangeStatus, LightningPayoutMethod, LightningPayoutRequest
from pocketgui.bitcoin import lightning_sign_message
from pocketgui.devices.hwi import HwiDevices
from pocketgui.flow import (
    Branch,
    ChallengeExpired,
    FlowError,
    Outcome,
    PurchaseFlow,
    Services,
    Step,
)
from pocketgui.flow.demo import DEMO_CLIENT_ID, SANDBOX_CREDITOR_IBANS
from pocketgui.flow.demo_bank import DemoBank
from pocketgui.flow.demo_node import demo_node_pubkey, sign_as_demo_node
from pocketgui.flow.draft import load_draft
from pocketgui.flow.lightning_order import HEX_SIGNATURE, NOT_A_SIGNATURE, node_key_problem
from pocketgui.sandbox import SandboxServer, lightning_node
from pocketgui.store import Store
from tests.flow.conftest import IBAN

OTHER_NODE_KEY = bytes(range(1, 33))


@pytest.fixture
def services(sandbox: SandboxServer, tmp_path: Path) -> Iterator[Services]:
    """What the app's Demo gives the flow, minus the hardware wallet (lightning needs none)."""
    made = Services(
        devices=HwiDevices(),
        pocket=PocketClient(Environment.sandbox(sandbox.url,
                                                creditor_ibans=SANDBOX_CREDITOR_IBANS),
                            DEMO_CLIENT_ID),
        store=Store(tmp_path / "store.sqlite3"),
        demo_bank=DemoBank(sandbox.url, DEMO_CLIENT_ID),
        enumerate_devices=False,
        draft_path=tmp_path / "draft.json",
    )
    yield made
    made.pocket.close()
    assert made.demo_bank is not None
    made.demo_bank.close()
    made.store.close()


def orders_at_pocket(sandbox: SandboxServer) -> int:
    assert sandbox.sandbox is not None
    with sandbox.sandbox.db.transaction() as cx:
        return int(cx.execute("SELECT count(*) FROM orders").fetchone()[0])


def to_signing(flow: PurchaseFlow, key: str | None = None) -> None:
    """Node page done, on the sign page with a challenge."""
    assert flow.set_node_pubkey(key or demo_node_pubkey()) == ""
    flow.next()
    flow.ensure_challenge()


def test_lightning_order_created_end_to_end_with_the_demo_nodes_signature(
        services: Services, sandbox: SandboxServer) -> None:
    flow = PurchaseFlow(services, branch=Branch.LIGHTNING)
    assert flow.is_demo and flow.step is Step.PAYOUT and not flow.can_go_next()
    to_signing(flow)
    assert flow.step is Step.PROVE and not flow.can_go_next()
    token = flow.data.challenge.token if flow.data.challenge else ""
    assert flow.data.message == f"I confirm my bitcoin wallet. [{token}]"  # as on-chain
    assert flow.paste_signature(sign_as_demo_node(flow.data.message)) == ""
    assert flow.next() is Step.PAYMENT
    flow.set_payment(currency="EUR", iban=IBAN)
    assert flow.next() is Step.REVIEW
    rows = dict(flow.review_rows())
    assert rows["Bitcoin goes to"] == f"lightning node {lightning_node.NODE_PUBKEY}"
    assert rows["Signed message"] == flow.data.message
    assert rows["Signature"] == flow.data.lightning.signature
    assert "Wallet" not in rows and "Extended public key" not in rows
    assert flow.create_order() is Outcome.CREATED
    order = flow.data.order
    assert order is not None and order.is_lightning
    assert isinstance(order.payout_method, LightningPayoutMethod)
    assert order.payout_method.node_pubkey == lightning_node.NODE_PUBKEY
    assert flow.data.signature_convention == "lightning signmessage"
    assert orders_at_pocket(sandbox) == 1 and not services.store.unresolved_intents()
    assert flow.next() is Step.INSTRUCTIONS and not flow.can_go_back()
    exchange = flow.simulate_transfer(Decimal("100.00"))
    assert exchange.status is ExchangeStatus.EXECUTED
    assert flow.payout_verdict(exchange) is None  # no on-chain address to check
    assert flow.next() is Step.TRACK


def test_the_lightning_branch_skips_the_device_and_numbers_its_own_steps(
        services: Services) -> None:
    flow = PurchaseFlow(services, branch=Branch.LIGHTNING)
    assert flow.steps == (Step.PAYOUT, Step.PROVE, Step.PAYMENT, Step.REVIEW,
                          Step.INSTRUCTIONS, Step.TRACK)
    assert [flow.number(step) for step in flow.steps] == [1, 2, 3, 4, 5, 6]
    assert flow.heading(Step.PAYOUT) == "Your lightning node"
    assert flow.heading(Step.PROVE) == "Sign with your node"
    assert flow.rail_name(Step.PAYMENT) == "Payment"
    onchain = PurchaseFlow(services)
    assert onchain.steps[0] is Step.CONNECT and onchain.number(Step.PAYMENT) == 4
    assert onchain.heading(Step.PAYOUT) == "Choose where the bitcoin goes"


def test_back_and_next_follow_the_branch(services: Services) -> None:
    flow = PurchaseFlow(services, branch=Branch.LIGHTNING)
    assert not flow.can_go_back()  # the node page is the first: nothing before it
    with pytest.raises(FlowError):
        flow.back()
    to_signing(flow)
    assert flow.can_go_back() and flow.back() is Step.PAYOUT
    assert flow.next() is Step.PROVE
    flow.paste_signature(sign_as_demo_node(flow.data.message))
    assert flow.next() is Step.PAYMENT
    assert flow.back() is Step.PROVE and flow.valid()  # the signature is kept going back


@pytest.mark.parametrize(("typed", "words"), [
    ("", "Enter your node's public key"),
    ("02" + "ab" * 31, "66 characters long; this is 64"),
    ("04" + "ab" * 32, "starts with 02 or 03"),
    ("02" + "zz" * 32, "'z' is not one"),
    (f"{lightning_node.ADDRESS}", "enter only the key before the @"),
    ("02" + "ff" * 32, "not a point on the curve"),
])
def test_a_bad_node_key_is_named_and_keeps_next_disabled(services: Services, typed: str,
                                                         words: str) -> None:
    flow = PurchaseFlow(services, branch=Branch.LIGHTNING)
    problem = flow.set_node_pubkey(typed)
    assert words in problem
    assert not flow.valid() and not flow.can_go_next()


def test_a_good_node_key_is_accepted_in_either_case_and_sent_in_lower_case(
        services: Services) -> None:
    flow = PurchaseFlow(services, branch=Branch.LIGHTNING)
    assert flow.set_node_pubkey(f"  {demo_node_pubkey().upper()} ") == ""
    assert node_key_problem(demo_node_pubkey()) == ""
    flow.next()
    flow.ensure_challenge()
    flow.paste_signature(sign_as_demo_node(flow.data.message))
    request = flow.order_request()
    assert isinstance(request.payout, LightningPayoutRequest)
    assert request.payout.node_pubkey == demo_node_pubkey()


def test_refused_signatures_say_why_and_nothing_is_sent(services: Services,
                                                      sandbox: SandboxServer) -> None:
    flow = PurchaseFlow(services, branch=Branch.LIGHTNING)
    to_signing(flow)
    message = flow.data.message
    other_node = lightning_sign_message(OTHER_NODE_KEY, message)
    assert "not your node's" in flow.paste_signature(other_node)
    assert not flow.valid()
    wrong_message = sign_as_demo_node(message.replace("wallet", "purse"))
    assert "not your node's" in flow.paste_signature(wrong_message)
    assert flow.paste_signature("hello, this is my signature") == NOT_A_SIGNATURE
    assert flow.paste_signature("ab" * 65) == HEX_SIGNATURE
    assert not flow.valid() and not flow.can_go_next()
    flow.go_to(Step.REVIEW)  # even forced to the end, nothing leaves without a signature
    flow.set_payment(iban=IBAN)
    with pytest.raises(FlowError):
        flow.create_order()
    assert orders_at_pocket(sandbox) == 0
    assert not services.store.unresolved_intents() and not services.store.orders(
        services.environment)


def test_a_signature_of_a_renewed_challenge_is_named_as_such(services: Services) -> None:
    flow = PurchaseFlow(services, branch=Branch.LIGHTNING)
    to_signing(flow)
    old = sign_as_demo_node(flow.data.message)
    flow.paste_signature(old)
    assert flow.valid()
    flow.renew_challenge()
    assert not flow.valid() and flow.data.lightning.pasted == ""  # renewal drops it
    assert "earlier challenge" in flow.paste_signature(old)


def test_the_whole_json_answer_of_either_tool_can_be_pasted(services: Services) -> None:
    flow = PurchaseFlow(services, branch=Branch.LIGHTNING)
    to_signing(flow)
    signature = sign_as_demo_node(flow.data.message)
    lnd = json.dumps({"signature": signature}, indent=4)
    cln = json.dumps({"signature": "ab" * 64, "recid": "00", "zbase": signature}, indent=3)
    for pasted in (lnd, cln, f'"{signature}"\n'):
        assert flow.paste_signature(pasted) == "" and flow.data.lightning.signature == signature


def test_another_node_key_drops_the_signature(services: Services) -> None:
    flow = PurchaseFlow(services, branch=Branch.LIGHTNING)
    to_signing(flow)
    flow.paste_signature(sign_as_demo_node(flow.data.message))
    flow.back()
    flow.set_node_pubkey("02" + lightning_node.NODE_PUBKEY[2:].replace("a", "b", 1))
    assert flow.data.lightning.signature == "" and not flow.valid(Step.PROVE)


def test_the_draft_keeps_the_branch_and_the_node_key(services: Services) -> None:
    flow = PurchaseFlow(services, branch=Branch.LIGHTNING)
    flow.set_node_pubkey(demo_node_pubkey())
    flow.set_payment(currency="CHF", iban=IBAN)
    flow.save()
    draft = load_draft(services.draft_path)
    assert draft is not None and draft.branch == "lightning"
    again = PurchaseFlow(services)  # no branch chosen: the draft's
    assert again.is_lightning and again.step is Step.PAYOUT
    assert again.data.lightning.node_pubkey == demo_node_pubkey() and again.valid()
    assert again.data.lightning.signature == ""  # never a signature from a draft
    assert not PurchaseFlow(services, branch=Branch.ONCHAIN).is_lightning


def test_a_draft_from_before_the_lightning_branch_opens_on_chain(services: Services) -> None:
    assert services.draft_path is not None
    services.draft_path.write_text(json.dumps({
        "environment": services.environment, "fingerprint": "", "script_type": "p2wpkh",
        "account_index": 0, "address_index": 0, "currency": "CHF", "iban": IBAN,
        "fee_rate": "0.015", "fresh_addresses": True, "affiliate_id": "", "saved_at": ""}))
    flow = PurchaseFlow(services)
    assert not flow.is_lightning and flow.step is Step.CONNECT
    assert flow.data.currency == "CHF" and flow.data.lightning.node_pubkey == ""


def test_an_expired_challenge_sends_nothing_and_asks_the_node_to_sign_again(
        services: Services, sandbox: SandboxServer) -> None:
    clock = [datetime.now(UTC)]
    flow = PurchaseFlow(services, branch=Branch.LIGHTNING, now=lambda: clock[0])
    to_signing(flow)
    signed = sign_as_demo_node(flow.data.message)
    flow.paste_signature(signed)
    flow.next()
    flow.set_payment(iban=IBAN)
    flow.next()
    clock[0] += timedelta(hours=2)  # the person went for lunch
    with pytest.raises(ChallengeExpired):
        flow.create_order()
    assert flow.step is Step.PROVE and not flow.valid()
    assert orders_at_pocket(sandbox) == 0
    assert "earlier challenge" in flow.paste_signature(signed)


def test_a_stored_lightning_order_reopens_in_the_lightning_branch(services: Services) -> None:
    flow = PurchaseFlow(services, branch=Branch.LIGHTNING)
    to_signing(flow)
    flow.paste_signature(sign_as_demo_node(flow.data.message))
    flow.next()
    flow.set_payment(iban=IBAN)
    flow.next()
    assert flow.create_order() is Outcome.CREATED
    assert flow.data.order is not None
    reopened = PurchaseFlow(services)  # the draft was cleared: on-chain by default
    assert not reopened.is_lightning
    reopened.open_order(flow.data.order)
    assert reopened.is_lightning and reopened.step is Step.INSTRUCTIONS
    assert reopened.number(Step.INSTRUCTIONS) == 5
