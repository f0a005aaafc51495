"""Totals and the chart's series: exact Decimals, the average price weighted by amount."""

from __future__ import annotations

from decimal import Decimal

from pocketgui.history import chart_points, totals
from pocketgui.tracking import PAYOUT_ADDRESS_MISMATCH
from tests.history.wire import purchase


def test_only_executed_purchases_count_and_the_average_is_weighted() -> None:
    rows = [
        purchase("confirmed", cost="100.00", fee="1.50", rate="50000.00", amount="0.00197000"),
        purchase("settled", cost="1000.00", fee="15.00", rate="40000.00", amount="0.02462500"),
        purchase("executed", cost="10.00", fee="0.15", rate="60000.00", amount="0.00016416"),
        purchase("interrupted", cost="5000.00"),
        purchase("refunded", cost="7000.00"),
    ]
    result = totals(rows)
    assert (result.purchases, result.executed) == (5, 3)
    assert result.spent == Decimal("1110.00")
    assert result.fees == Decimal("16.65")
    assert result.bought == Decimal("0.02675916")
    # two payouts so far, each less the network fee of 190 sat
    assert result.received == Decimal("0.00197000") + Decimal("0.02462500") - 2 * Decimal(
        "0.00000190")
    # Σ(cost − fee) / Σ amount = 1093.35 / 0.02675916, to the cent (not the mean of the rates)
    assert result.average_price == Decimal("40858.91")
    assert result.all_in_price == Decimal("41481.12")
    assert (result.interrupted, result.refunded, result.mismatches) == (1, 1, 0)
    assert result.needs_attention


def test_no_purchase_no_average() -> None:
    result = totals([purchase("refunded")])
    assert result.average_price is None and result.spent == 0 and result.bought == 0
    assert not result.needs_attention
    assert totals([purchase("confirmed", flags=frozenset({PAYOUT_ADDRESS_MISMATCH}))]).mismatches


def test_chart_points_in_execution_order_with_running_average() -> None:
    late = purchase("executed", cost="200.00", fee="3.00", rate="60000.00", amount="0.00328333",
                    executed_on="2021-10-15T10:00:00.000Z")
    early = purchase("confirmed", cost="100.00", fee="1.50", rate="50000.00",
                     amount="0.00197000", executed_on="2021-09-15T14:35:10.122Z")
    points = chart_points([late, purchase("refunded"), early])
    assert [p.exchange_id for p in points] == [early.id, late.id]
    assert [p.price for p in points] == [Decimal("50000.00"), Decimal("60000.00")]
    assert points[0].average == Decimal("50000.00")
    assert points[1].average == totals([early, late]).average_price == Decimal("56250.04")


def test_lightning_payouts_count_as_received_once_they_succeeded() -> None:
    from pocketgui.api.models import Exchange
    from pocketgui.history import Purchase, Step, timeline
    from tests.history.test_lightning_proof import INVOICE, PREIMAGE
    from tests.history.wire import exchange_wire

    def lightning(status: str) -> Purchase:  # succeeded: with the preimage that proves it
        data = exchange_wire("executed")
        preimage = PREIMAGE.hex() if status == "succeeded" else None
        data["payout"] = {"type": "invoice", "status": status, "invoice": INVOICE,
                          "preimage": preimage, "fee": Decimal(0), "amount": Decimal("0.00197000")}
        return Purchase(Exchange.from_wire(data), frozenset(), "2021-09-15T14:35:09+00:00",
                        "2021-09-15T14:35:09+00:00")

    pending, paid, failed = lightning("pending"), lightning("succeeded"), lightning("failed")
    assert totals([pending, failed]).received == 0
    assert totals([pending, paid, failed]).received == Decimal("0.00197000")
    assert totals([pending, paid, failed]).bought == 3 * Decimal("0.00197000")
    assert [s.step for s in timeline(paid, [])] == [Step.FUNDED, Step.EXECUTED,
                                                     Step.PAYOUT_PENDING, Step.PAID]
    assert [s.reached for s in timeline(pending, [])] == [True, True, True, False]
    assert timeline(failed, [])[-1].step is Step.PAYOUT_FAILED
