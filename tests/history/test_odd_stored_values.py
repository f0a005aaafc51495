"""No stored value, however odd, stops the history from loading: rows written into a real store
file before amounts were checked (or edited by hand) are left out and named, the rest loads,
and formatting never raises."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pocketgui.api import jsonio
from pocketgui.history import format_btc, format_fiat, load_history
from pocketgui.store import Store
from tests.history.wire import ORDER_ID, exchange_wire, order_wire, store_exchange

ODD_AMOUNTS = ["1E+400", "NaN", "-0.5", "-Infinity", "100000000000000000000", "0.000000001"]
SANDBOX = "sandbox"


def odd_raw(field: str, literal: str, exchange_id: str) -> str:
    """A settled exchange whose `field` is written as the JSON literal `literal`."""
    data = exchange_wire("settled", exchange_id=exchange_id)
    data[field] = Decimal("7.77")
    return jsonio.dumps(data).replace('"7.77"', literal).replace("7.77", literal)


def fill(store: Store) -> list[str]:
    store.save_order(SANDBOX, ORDER_ID, jsonio.dumps(order_wire()), "regtest")
    store.save_order(SANDBOX, "broken-order", '{"id": "broken-order", "fee_rate": 1E+400}',
                     "regtest")
    odd = []
    for index, literal in enumerate(ODD_AMOUNTS):
        for field in ("amount", "cost", "rate", "fee", "fee_rate"):
            if (field, literal) == ("fee_rate", "0.000000001"):
                continue  # a fee rate has no decimals rule: that one is fine
            exchange_id = f"odd-{field}-{index}"
            store.record_exchange(SANDBOX, exchange_id, ORDER_ID, "settled",
                                  odd_raw(field, literal, exchange_id), "webhook", final=False)
            odd.append(exchange_id)
    store.record_exchange(SANDBOX, "not-json", ORDER_ID, "settled", "{", "webhook", final=False)
    odd.append("not-json")
    return odd


def test_odd_rows_in_a_real_store_file_are_left_out_and_the_rest_loads(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with Store(path) as store:
        odd = fill(store)
        good = exchange_wire("settled")
        store_exchange(store, good, "settled")
    with Store(path) as store:
        snapshot = load_history(store, SANDBOX)
    assert [o.id for o in snapshot.orders] == [ORDER_ID]
    assert [p.id for p in snapshot.purchases[ORDER_ID]] == [good["id"]]
    left_out = "\n".join(snapshot.unreadable)
    assert all(exchange_id in left_out for exchange_id in odd)
    assert "order broken-order" in left_out
    assert len(snapshot.unreadable) == len(odd) + 1
    assert snapshot.orders[0].totals.received > 0  # the good purchase counts, the odd ones not


@pytest.mark.parametrize("literal", ["1E+400", "NaN", "sNaN", "-1", "1E+30", "-Infinity",
                                     "0.000000000001"])
def test_formatting_is_total(literal: str) -> None:
    value = Decimal(literal)
    assert format_fiat(value, "CHF").endswith("CHF")
    assert format_btc(value).endswith("BTC")
