"""CSV export: exact decimals as text, and the parser reads back exactly what was written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pocketgui.history import CSV_COLUMNS, parse_csv, purchases_csv
from tests.history.wire import purchase


def test_round_trip_keeps_every_digit() -> None:
    rows = [
        purchase("confirmed", cost="100.00", fee="1.50", rate="50000.00", amount="0.00197000",
                 executed_on="2021-09-15T14:35:10.122Z"),
        purchase("executed", cost="0.10", fee="0.00", rate="12345.67", amount="0.00000810",
                 executed_on="2021-09-16T00:00:00.000Z"),
        purchase("refunded"),  # bought nothing: not in the export
    ]
    text = purchases_csv(rows)
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    first = text.splitlines()[1].split(",")
    assert first[:6] == ["2021-09-15T14:35:10.122Z", "btc/chf", "100.00", "1.50", "50000.00",
                         "0.00197000"]
    back = parse_csv(text)
    assert len(back) == 2
    for row, original in zip(back, rows[:2], strict=True):
        exchange = original.exchange
        assert (row.cost, row.fee, row.rate, row.amount) == (exchange.cost, exchange.fee,
                                                             exchange.rate, exchange.amount)
        # exact as text too: trailing zeros survive (0.00197000, not 0.00197)
        assert str(row.amount) == f"{exchange.amount:f}" and str(row.cost) == f"{exchange.cost:f}"
        assert row.date == exchange.executed_on
        assert (row.txid, row.address, row.exchange_id) == (original.txid, original.address,
                                                             original.id)
        assert row.pair == "btc/chf"
    assert back[0].txid and back[1].txid == ""
    assert (back[0].payout, back[1].payout) == ("paid", "pending")


def test_no_float_and_no_exponent_even_for_tiny_or_huge_values() -> None:
    row = purchase("executed", cost="1000000.00", fee="0.01", rate="99999999.99",
                   amount="0.00000001")
    text = purchases_csv([row])
    cells = text.splitlines()[1].split(",")
    assert cells[2:6] == ["1000000.00", "0.01", "99999999.99", "0.00000001"]
    assert parse_csv(text)[0].amount == Decimal("0.00000001")


def test_a_forged_formula_is_defused_and_read_back() -> None:
    row = purchase("settled", address="=HYPERLINK(\"http://evil\")", txid="+cmd")
    text = purchases_csv([row])
    assert "'=HYPERLINK" in text and ",'+cmd," in text
    back = parse_csv(text)[0]
    assert back.address == "=HYPERLINK(\"http://evil\")" and back.txid == "+cmd"


def test_anything_else_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_csv("a,b\n1,2\n")
    with pytest.raises(ValueError):
        parse_csv(",".join(CSV_COLUMNS) + "\r\n2021-01-01,btc/chf,x,1,1,1,,,id,paid\r\n")
