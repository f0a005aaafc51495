"""A real proxy alters one field of the order answer: the client must refuse it as tampered."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from pocketgui.api import (
    OnchainPayoutRequest,
    Order,
    OrderPatch,
    OrderRequest,
    TamperedResponse,
    jsonio,
)
from pocketgui.api.echo import order_mismatches, patch_mismatches
from pocketgui.bitcoin import ScriptType
from pocketgui.sandbox import SandboxServer
from pocketgui.sandbox.payment_instructions import ACCOUNTS
from tests.api import reference as ref
from tests.api.loopback import TamperingProxy
from tests.api.sandbox_kit import DEBITOR_IBAN, Wallet, onchain_request, pocket

pytestmark = pytest.mark.shared_sandbox

FOREIGN_IBAN = "DE02120300000000202051"  # checksum-valid, not Pocket's
SANDBOX_ACCOUNTS = frozenset(account.iban for account in ACCOUNTS.values())


def setter(section: str, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def tamper(body: dict[str, Any]) -> None:
        (body[section] if section else body)[key] = value

    return tamper


TAMPERINGS = {
    "payout address": setter("payout_method", "bitcoin_address",
                              Wallet(ScriptType.P2WPKH).address("0/7")),
    "extended key": setter("payout_method", "extended_public_key",
                           Wallet(ScriptType.P2SH_P2WPKH).xpub),
    "derivation path": setter("payout_method", "derivation_path", "0/3"),
    "gap limit": setter("payout_method", "gap_limit", 1000),
    "message": setter("payout_method", "message", "I confirm my bitcoin wallet. [aaaaaaaa]"),
    "signature": setter("payout_method", "signature", "H" + "A" * 87),
    "fee rate": setter("", "fee_rate", Decimal("0.045")),
    "currency": setter("payment_method", "currency", "eur"),
    "debitor iban": setter("payment_method", "debitor_iban", "CH9300762011623852957"),
    "creditor iban (QR-bill disagrees)": setter("payment_method", "creditor_iban", FOREIGN_IBAN),
    "creditor iban (bad checksum)": setter("payment_method", "creditor_iban",
                                           "CH9400778214768302003"),
    "creditor reference": setter("payment_method", "creditor_reference", "RF00GW8K79"),
}


@pytest.mark.parametrize("field", sorted(TAMPERINGS))
def test_altered_order_answer_is_tampered(sandbox: SandboxServer, field: str) -> None:
    with TamperingProxy(sandbox.url, TAMPERINGS[field]) as proxy, pocket(proxy.url) as client:
        request = onchain_request(client, extended=True)
        with pytest.raises(TamperedResponse) as caught:
            client.create_order(request)
    assert proxy.tampered == 1
    assert len(caught.value.mismatches) >= 1 and "Do not transfer money" in caught.value.message


def test_foreign_account_without_qr_bill_needs_the_known_accounts(sandbox: SandboxServer) -> None:
    tamper = setter("payment_method", "creditor_iban", FOREIGN_IBAN)
    with TamperingProxy(sandbox.url, tamper) as proxy:
        with pocket(proxy.url) as unpinned:
            unpinned.create_order(onchain_request(unpinned, currency="eur"))  # checksum passes
        with pocket(proxy.url, creditor_ibans=SANDBOX_ACCOUNTS) as pinned:
            request = onchain_request(pinned, currency="eur")
            with pytest.raises(TamperedResponse, match="not an account of Pocket's"):
                pinned.create_order(request)


def test_untouched_answers_pass_through_the_proxy(sandbox: SandboxServer) -> None:
    with TamperingProxy(sandbox.url, lambda body: None) as proxy, \
            pocket(proxy.url, creditor_ibans=SANDBOX_ACCOUNTS) as client:
        for currency in ["chf", "eur", "gbp"]:
            order = client.create_order(onchain_request(client, currency=currency))
            assert order.payment_method.currency == currency


def test_lightning_answer_for_an_onchain_request_is_tampered() -> None:

    data = jsonio.loads(ref.ORDER)
    data["payout_method"] = jsonio.loads(ref.LIGHTNING_PAYOUT_METHOD)
    request = OrderRequest(Decimal("0.03"), "chf", DEBITOR_IBAN,
                           OnchainPayoutRequest(ref.ADDRESS, ref.MESSAGE, ref.SIGNATURE))
    assert order_mismatches(request, Order.from_wire(data)) == [
        "payout_method: sent an address, answer pays over lightning"]


# The change of an order (PATCH) is held to the same rule against the order as stored ----------


def swap_creditor(body: dict[str, Any]) -> None:
    """Another account, with a QR-bill payload that agrees with it: only the stored order can
    tell."""
    pay = body["payment_method"]
    if pay.get("swiss_qr_bill_payload"):
        pay["swiss_qr_bill_payload"] = pay["swiss_qr_bill_payload"].replace(
            pay["creditor_iban"], "CH5604835012345678009")
    pay["creditor_iban"] = "CH5604835012345678009"  # checksum-valid, not the stored one


PATCH_TAMPERINGS: dict[str, Callable[[dict[str, Any]], None]] = {
    "creditor iban, consistent QR-bill": swap_creditor,
    "creditor bank name": setter("payment_method", "creditor_bank_name", "Other Bank"),
    "debitor iban": setter("payment_method", "debitor_iban", "CH9300762011623852957"),
    "extended key": setter("payout_method", "extended_public_key",
                           Wallet(ScriptType.P2SH_P2WPKH).xpub),
    "payout address": setter("payout_method", "bitcoin_address",
                             Wallet(ScriptType.P2WPKH).address("0/7")),
    "gap limit": setter("payout_method", "gap_limit", 1000),
    "signature": setter("payout_method", "signature", "H" + "A" * 87),
    "change not applied": setter("", "active", True),
    "order id": setter("", "id", "another-order"),
    "created on": setter("", "created_on", "2020-01-01T00:00:00+00:00"),
}


@pytest.mark.parametrize("field", sorted(PATCH_TAMPERINGS))
def test_altered_patch_answer_is_tampered(sandbox: SandboxServer, field: str) -> None:
    with pocket(sandbox) as direct:
        order = direct.create_order(onchain_request(direct, extended=True))
    tamper = PATCH_TAMPERINGS[field]
    with TamperingProxy(sandbox.url, tamper, ("PATCH", "/v1/orders")) as proxy, \
            pocket(proxy.url) as client, \
            pytest.raises(TamperedResponse, match="not the stored order") as caught:
        client.patch_order(order, OrderPatch(active=False))
    assert proxy.tampered == 1 and caught.value.mismatches
    assert caught.value.answer is not None  # the evidence travels with the error


def test_a_faithful_patch_answer_passes_and_checks_the_creditor_again() -> None:
    stored = ref.order()
    answer = Order.from_wire({**stored.raw, "active": False})
    assert patch_mismatches(stored, OrderPatch(active=False), answer) == []
    moved = Order.from_wire({**stored.raw, "active": False, "fee_rate": Decimal("0.02")})
    assert patch_mismatches(stored, OrderPatch(active=False), moved) == []  # an earlier change
    assert patch_mismatches(stored, OrderPatch(fee_rate=Decimal("0.025")), moved) == [
        "fee_rate: expected Decimal('0.025'), answer has Decimal('0.02')"]
    assert patch_mismatches(stored, OrderPatch(active=False), answer,
                            frozenset({"CH5604835012345678009"})) == [
        "payment_method.creditor_iban: 'CH9400778214768302002' is not an account of Pocket's"]
