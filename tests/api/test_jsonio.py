"""Decimal-exact JSON both ways."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pocketgui.api import jsonio


def test_floats_become_decimals_as_written() -> None:
    data = jsonio.loads('{"a": 0.1, "b": 0.2, "amount": 0.00197000, "n": 3, "e": 1e-8}')
    assert data["a"] + data["b"] == Decimal("0.3")
    assert str(data["amount"]) == "0.00197000"
    assert data["n"] == 3 and isinstance(data["n"], int)
    assert data["e"] == Decimal("0.00000001")


def test_decimals_are_written_exactly() -> None:
    body = {"fee_rate": Decimal("0.030"), "amount": Decimal("1E-8"), "x": [True, None, "é"]}
    assert jsonio.dumps(body) == '{"fee_rate":0.030,"amount":0.00000001,"x":[true,null,"\\u00e9"]}'


def test_binary_floats_are_refused() -> None:
    with pytest.raises(TypeError, match="binary float"):
        jsonio.dumps({"amount": 0.1})
    with pytest.raises(ValueError):
        jsonio.dumps(Decimal("NaN"))


@given(st.decimals(allow_nan=False, allow_infinity=False, places=8,
                   min_value=Decimal("-1e12"), max_value=Decimal("1e12")))
def test_round_trip_is_exact(value: Decimal) -> None:
    back = jsonio.loads(jsonio.dumps({"v": value}))["v"]
    assert back == value
