"""Models parse the reference examples exactly and refuse malformed answers by field name."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pocketgui.api import (
    ChannelPayout,
    Exchange,
    ExchangeStatus,
    InvoicePayout,
    LightningPayoutMethod,
    LightningPayoutStatus,
    MalformedResponse,
    OnchainPayout,
    OnchainPayoutMethod,
    Order,
    jsonio,
)
from pocketgui.api.models import Challenge
from tests.api import reference as ref


def test_challenge() -> None:
    challenge = Challenge.from_wire(jsonio.loads(ref.CHALLENGE))
    assert challenge.token == "7v7t4Fmb"
    assert challenge.expires_on == datetime(2022, 1, 10, 0, 25, 11, 123000, tzinfo=UTC)
    assert challenge.completed_on is None


def test_order_with_extended_key() -> None:
    order = Order.from_wire(jsonio.loads(ref.ORDER))
    assert order.fee_rate == Decimal("0.03") and str(order.fee_rate) == "0.03"
    assert order.created_on.tzinfo is not None
    assert order.payment_method.creditor_iban == "CH9400778214768302002"
    assert order.payment_method.swiss_qr_bill_payload is None
    method = order.payout_method
    assert isinstance(method, OnchainPayoutMethod)
    assert (method.derivation_path, method.gap_limit, method.effective_gap_limit) == ("0/1", None,
                                                                                      10)
    assert not order.is_lightning
    assert order.raw["payment_method"]["creditor_bank_bic"] == "LUKBCH2260A"


def test_order_with_lightning_payout() -> None:
    data = jsonio.loads(ref.ORDER)
    data["payout_method"] = jsonio.loads(ref.LIGHTNING_PAYOUT_METHOD)
    order = Order.from_wire(data)
    assert isinstance(order.payout_method, LightningPayoutMethod)
    assert order.is_lightning


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (ref.EXECUTED, ExchangeStatus.EXECUTED),
        (ref.INTERRUPTED, ExchangeStatus.INTERRUPTED),
        (ref.REFUNDED, ExchangeStatus.REFUNDED),
        (ref.SETTLED, ExchangeStatus.SETTLED),
        (ref.INVOICE_PAYOUT, ExchangeStatus.PAYOUT_PENDING),
        (ref.CHANNEL_PAYOUT, ExchangeStatus.PAYOUT_PENDING),
    ],
)
def test_the_four_exchange_shapes_and_lightning_payouts(text: str, status: ExchangeStatus) -> None:
    assert Exchange.from_wire(jsonio.loads(text)).status is status


def test_exchange_amounts_are_exact_decimals() -> None:
    exchange = Exchange.from_wire(jsonio.loads(ref.SETTLED))
    assert str(exchange.cost) == "100.00"
    assert str(exchange.amount) == "0.00197000"
    assert str(exchange.fee) == "1.50"
    assert isinstance(exchange.payout, OnchainPayout)
    assert exchange.payout.fee == Decimal("0.00000190")
    assert exchange.payout.amount + exchange.payout.fee == Decimal("0.00197000")
    confirmed = jsonio.loads(ref.SETTLED)
    confirmed["payout"]["confirmed"] = True
    confirmed["payout"]["block_height"] = 700000
    assert Exchange.from_wire(confirmed).status is ExchangeStatus.CONFIRMED


def test_lightning_payouts() -> None:
    invoice = Exchange.from_wire(jsonio.loads(ref.INVOICE_PAYOUT)).payout
    assert isinstance(invoice, InvoicePayout)
    assert invoice.fee == Decimal(0) and invoice.status is LightningPayoutStatus.PENDING
    channel = Exchange.from_wire(jsonio.loads(ref.CHANNEL_PAYOUT)).payout
    assert isinstance(channel, ChannelPayout) and channel.private is True
    for outcome, status in [("succeeded", ExchangeStatus.PAYOUT_SUCCEEDED),
                            ("failed", ExchangeStatus.PAYOUT_FAILED)]:
        data = jsonio.loads(ref.CHANNEL_PAYOUT)
        data["payout"]["status"] = outcome
        assert Exchange.from_wire(data).status is status


def test_webhook_payload_carries_the_id_as_exchange_id() -> None:
    payload = jsonio.loads(ref.EXECUTED)
    payload["exchange_id"] = payload.pop("id")
    payload["payout_options"] = {"invoice": {}}  # unpublished extras are kept, not rejected
    exchange = Exchange.from_webhook_payload(payload)
    assert exchange.id == "a2d75998-5ee5-4501-a4cf-4e3788732b7a"
    assert exchange.raw["payout_options"] == {"invoice": {}}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("cost"), "cost: missing"),
        (lambda d: d.update(cost="100.00"), "cost: expected a decimal number, got '100.00'"),
        (lambda d: d.update(cost=True), "cost: expected a decimal number, got a boolean"),
        (lambda d: d.update(executed_on="yesterday"), "executed_on: expected an ISO-8601"),
        (lambda d: d.update(executed_on="2021-09-15T14:35:10"), "without a time zone"),
        (lambda d: d.update(action={"identification_id": "x"}), "action.code: missing"),
        (lambda d: d.update(payout={"type": "carrier_pigeon"}), "unknown payout type"),
        (lambda d: d.update(payout={"type": "invoice", "status": "lost"}), "unknown payout status"),
        (lambda d: d.update(payout=[]), "payout: expected an object, got a list"),
    ],
)
def test_malformed_exchange_names_the_field(change: object, message: str) -> None:
    data = jsonio.loads(ref.EXECUTED)
    change(data)  # type: ignore[operator]
    with pytest.raises(MalformedResponse, match=message.replace("(", r"\(")):
        Exchange.from_wire(data)


def test_malformed_top_level() -> None:
    with pytest.raises(MalformedResponse, match="expected an object, got a list"):
        Order.from_wire([])
    data = jsonio.loads(ref.ORDER)
    data["payment_method"]["creditor_iban"] = None
    with pytest.raises(MalformedResponse, match=r"payment_method\.creditor_iban"):
        Order.from_wire(data)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5)
    | st.decimals(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=8,
)
SHAPES = [ref.EXECUTED, ref.SETTLED, ref.INVOICE_PAYOUT, ref.CHANNEL_PAYOUT, ref.ORDER]


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(shape=st.sampled_from(SHAPES), key_index=st.integers(0, 40), value=JSON_VALUES,
       nested=st.booleans())
def test_any_altered_field_parses_or_is_malformed(shape: str, key_index: int, value: object,
                                                  nested: bool) -> None:
    data = jsonio.loads(shape)
    target = data
    if nested:
        objects = [v for v in data.values() if isinstance(v, dict)]
        target = objects[key_index % len(objects)] if objects else data
    keys = sorted(target)
    target[keys[key_index % len(keys)]] = value
    model = Order if "payment_method" in data else Exchange
    try:
        model.from_wire(data)
    except MalformedResponse:
        pass


# Amounts are checked at the wire -----------------------------------------------------------------

_BAD_AMOUNTS = {
    "amount": ["1E+400", "-0.00000001", "21000000.00000001", "0.000000001", "1E+20"],
    "cost": ["-1", "1000000000.01", "1.001", "1E+400"],
    "rate": ["1E+20", "-50000", "50000.001"],
    "fee": ["-1.50", "0.001"],
    "fee_rate": ["1", "1.5", "-0.01", "1E+400"],
}


@pytest.mark.parametrize(("field", "literal"),
                         [(f, v) for f, values in _BAD_AMOUNTS.items() for v in values])
def test_an_absurd_exchange_amount_refuses_the_answer(field: str, literal: str) -> None:
    data = jsonio.loads(ref.SETTLED)
    data[field] = jsonio.loads(literal)  # as the wire spells it
    with pytest.raises(MalformedResponse, match=f"^{field}: expected"):
        Exchange.from_wire(data)


@pytest.mark.parametrize("literal", ["-0.0000019", "1E+400", "0.000000001"])
def test_an_absurd_payout_amount_refuses_the_answer(literal: str) -> None:
    data = jsonio.loads(ref.SETTLED)
    data["payout"]["fee"] = jsonio.loads(literal)
    with pytest.raises(MalformedResponse, match=r"payout\.fee: expected a bitcoin amount"):
        Exchange.from_wire(data)


def test_the_edges_are_accepted() -> None:
    data = jsonio.loads(ref.SETTLED)
    data.update(amount=Decimal("21000000.00000000"), cost=Decimal("1000000000.00"),
                rate=Decimal("0"), fee=Decimal("0.00"), fee_rate=Decimal("0.9999"))
    exchange = Exchange.from_wire(data)
    assert exchange.amount == Decimal(21_000_000) and exchange.fee_rate == Decimal("0.9999")
    order = jsonio.loads(ref.ORDER)
    order["fee_rate"] = Decimal("1")
    with pytest.raises(MalformedResponse, match="fee_rate: expected a fee rate"):
        Order.from_wire(order)
