"""The error paths a person meets, on the flow model: each ends in a clear state, never success."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pocketgui.api.client import PocketClient
from pocketgui.api.environments import Environment
from pocketgui.api.errors import ConnectionFailed
from pocketgui.bitcoin import ScriptType, reheader_signature
from pocketgui.devices.errors import DeviceDisconnected, UserCancelled, WrongPin
from pocketgui.devices.hwi_wallet import Timeouts
from pocketgui.flow import (
    ChallengeExpired,
    Outcome,
    PurchaseFlow,
    Services,
    SignatureRefused,
    Step,
    check_iban,
)
from pocketgui.flow.demo import Demo
from pocketgui.store import Store
from tests.flow.conftest import IBAN, through_payment, unlock
from tests.flow.transports import (
    Meddler,
    header,
    lose_answer,
    refuse_all,
    refuse_device_headers,
    swap_creditor_iban,
    swap_payout_address,
)


def test_rejecting_on_the_device_is_a_cancellation_and_changes_nothing(demo: Demo) -> None:
    flow = PurchaseFlow(demo.services)
    unlock(flow, demo)
    flow.next()
    demo.simulator.person.reject()
    with pytest.raises(UserCancelled):
        flow.show_address()
    assert not flow.data.address_confirmed and not flow.can_go_next()
    demo.simulator.person.confirm()
    flow.show_address()
    flow.next()
    demo.simulator.person.reject()
    with pytest.raises(UserCancelled):
        flow.sign()
    assert not flow.data.signature and not flow.valid(Step.PROVE)


def test_wrong_pin_then_right_pin(demo: Demo) -> None:
    flow = PurchaseFlow(demo.services)
    flow.choose_device(flow.find_devices()[0])
    flow.show_pin_keypad()
    with pytest.raises(WrongPin):
        flow.send_pin("1111")
    unlock(flow, demo)
    assert flow.valid(Step.CONNECT)


@pytest.mark.slow
def test_unplugged_while_signing_is_disconnected_not_a_hang(
        demo_factory: Callable[..., Demo]) -> None:
    demo = demo_factory(timeouts=Timeouts(person=1.5, read=5.0, probe=5.0))
    flow = PurchaseFlow(demo.services)
    unlock(flow, demo)
    flow.next()
    flow.show_address()
    flow.next()
    demo.simulator.person.wait(30)
    threading.Timer(0.3, demo.simulator.disconnect).start()
    started = time.monotonic()
    with pytest.raises(DeviceDisconnected):
        flow.sign()
    assert time.monotonic() - started < 5
    assert not flow.data.signature


@pytest.mark.parametrize(("typed", "reason"), [
    ("DE75512108001245126198", "check digits do not match"),
    ("DE7551210800124512619", "Wrong length for Germany: 21 characters, 22 expected"),
    ("XX75512108001245126199", "not a country"),
    ("DE75-5121", "only letters and digits"),
    ("", "Enter the IBAN"),
])
def test_invalid_iban_says_why(typed: str, reason: str) -> None:
    check = check_iban(typed)
    assert not check.ok and reason in check.reason


def test_invalid_iban_blocks_the_payment_step(demo: Demo) -> None:
    flow = PurchaseFlow(demo.services)
    problems = flow.set_payment(iban="CH93 0076 2011 6238 5295 8")
    assert "check digits" in problems["iban"]
    assert not flow.valid(Step.PAYMENT)
    assert flow.set_payment(iban="CH93 0076 2011 6238 5295 7") == {}


def test_fee_rate_outside_pockets_range(demo: Demo) -> None:
    from decimal import Decimal

    flow = PurchaseFlow(demo.services)
    flow.set_payment(iban=IBAN)
    assert "between 1.2 % and 4.5 %" in flow.set_payment(fee_rate=Decimal("0.05"))["fee_rate"]


def test_expired_challenge_is_renewed_not_a_dead_end(
        demo_factory: Callable[..., Demo]) -> None:
    demo = demo_factory(challenge_ttl=1.0)
    flow = PurchaseFlow(demo.services)
    through_payment(flow, demo)
    first = flow.data.challenge
    assert first is not None
    time.sleep(1.1)  # the sandbox's clock: nothing to wait on but time itself
    assert not flow.valid(Step.PROVE)
    with pytest.raises(ChallengeExpired):
        flow.create_order()
    assert flow.step is Step.PROVE and flow.data.challenge is not None
    assert flow.data.challenge.id != first.id and not flow.data.signature


def test_sandbox_unreachable_is_a_connection_error(demo: Demo, tmp_path: Path) -> None:
    dead = PocketClient(Environment.sandbox("http://127.0.0.1:9"), "demo", retries=0)
    services = Services(devices=demo.services.devices, pocket=dead,
                        store=Store(tmp_path / "s.sqlite3"),
                        extra_devices=demo.services.extra_devices, enumerate_devices=False)
    flow = PurchaseFlow(services)
    unlock(flow, demo)
    flow.next()
    flow.show_address()
    flow.next()
    with pytest.raises(ConnectionFailed) as caught:
        flow.sign()
    assert "nothing was sent" in caught.value.message
    assert flow.data.challenge is None and not flow.valid(Step.PROVE)


@pytest.mark.parametrize(("meddle", "outcome", "detail"), [
    (swap_payout_address, Outcome.TAMPERED, "bitcoin_address"),
    (swap_creditor_iban, Outcome.TAMPERED, "not an account of Pocket's"),  # EUR: no QR-bill
    (lose_answer, Outcome.UNKNOWN, "may or may not"),
])
def test_tampered_or_lost_answers_are_never_success(
        demo_factory: Callable[..., Demo], meddle: Callable[..., object], outcome: Outcome,
        detail: str) -> None:
    demo = demo_factory(transport=Meddler(meddle))  # type: ignore[arg-type]
    flow = PurchaseFlow(demo.services)
    through_payment(flow, demo)
    assert flow.create_order() is outcome
    assert detail in flow.data.outcome_detail
    assert flow.data.order is None and not flow.valid(Step.REVIEW) and not flow.can_go_next()
    intents = flow.services.store.unresolved_intents()
    assert len(intents) == 1 and "outcome unknown" in intents[0].summary


def signed_with_legacy_header(flow: PurchaseFlow) -> None:
    """The signature as a Ledger, Jade or BitBox02 gives it: header 31–34 for every type (the
    demo's Trezor signs with the type's own BIP-137 header)."""
    flow.data.onchain.signature = reheader_signature(flow.data.signature, ScriptType.P2PKH)


def test_trezor_signature_carries_the_address_types_header_and_is_accepted_at_once(
        demo_factory: Callable[..., Demo]) -> None:
    meddler = Meddler(refuse_device_headers)
    demo = demo_factory(transport=meddler)
    flow = PurchaseFlow(demo.services)
    through_payment(flow, demo)
    assert flow.create_order() is Outcome.CREATED
    sent = [header(body["payout_method"]["signature"]) for body in meddler.order_posts]
    assert len(sent) == 1 and sent[0] in range(39, 43)  # native segwit: 39–42
    assert flow.data.signature_convention == "as signed by the device"


def test_refused_device_signature_is_retried_once_with_bip137_header(
        demo_factory: Callable[..., Demo]) -> None:
    meddler = Meddler(refuse_device_headers)
    demo = demo_factory(transport=meddler)
    flow = PurchaseFlow(demo.services)
    through_payment(flow, demo)
    signed_with_legacy_header(flow)
    assert flow.create_order() is Outcome.CREATED
    sent = [header(body["payout_method"]["signature"]) for body in meddler.order_posts]
    assert sent[0] in range(31, 35) and sent[1] in range(39, 43)  # native segwit: 39–42
    assert flow.data.signature_convention.startswith("BIP-137")


def test_nested_segwit_retry_uses_35_to_38(demo_factory: Callable[..., Demo]) -> None:
    meddler = Meddler(refuse_device_headers)
    demo = demo_factory(transport=meddler)
    flow = PurchaseFlow(demo.services)
    unlock(flow, demo)
    flow.set_account(ScriptType.P2SH_P2WPKH, 0, 0)
    flow.next()
    flow.show_address()
    flow.next()
    flow.sign()
    assert header(flow.data.signature) in range(35, 39)  # signed for the nested address
    signed_with_legacy_header(flow)
    flow.next()
    flow.set_payment(iban=IBAN)
    flow.next()
    assert flow.create_order() is Outcome.CREATED
    assert header(meddler.order_posts[1]["payout_method"]["signature"]) in range(35, 39)


def test_signature_refused_twice_is_explained(demo_factory: Callable[..., Demo]) -> None:
    meddler = Meddler(refuse_all)
    demo = demo_factory(transport=meddler)
    flow = PurchaseFlow(demo.services)
    through_payment(flow, demo)
    signed_with_legacy_header(flow)
    with pytest.raises(SignatureRefused) as caught:
        flow.create_order()
    assert "Nothing was created" in str(caught.value)
    assert len(meddler.order_posts) == 2 and flow.data.outcome is None


def test_the_demo_pins_exactly_the_sandbox_creditor_accounts() -> None:
    from pocketgui.flow.demo import SANDBOX_CREDITOR_IBANS
    from pocketgui.sandbox.payment_instructions import ACCOUNTS

    assert {account.iban for account in ACCOUNTS.values()} == SANDBOX_CREDITOR_IBANS
    assert Environment.production().creditor_ibans == frozenset()  # one account known: unpinned
