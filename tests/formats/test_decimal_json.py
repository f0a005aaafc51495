"""The one JSON codec of client and sandbox: exact decimals, and nothing that is not a number."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pocketgui.formats.decimal_json import DuplicateKeyError, JsonDecodeError, dumps, loads


@pytest.mark.parametrize("text", ['{"a": NaN}', '[Infinity]', '[-Infinity]'])
def test_nan_and_infinity_are_refused_when_read(text: str) -> None:
    with pytest.raises(JsonDecodeError):
        loads(text)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_nan_and_infinity_are_refused_when_written(value: Decimal) -> None:
    with pytest.raises(ValueError):
        dumps({"amount": value})


def test_decimals_keep_their_digits_both_ways() -> None:
    value = loads('{"btc": 0.00197000, "n": 3}')
    assert value == {"btc": Decimal("0.00197000"), "n": 3}
    assert dumps(value) == '{"btc":0.00197000,"n":3}'


def test_a_key_named_twice_is_refused() -> None:
    with pytest.raises(DuplicateKeyError):
        loads('{"a": 1, "a": 2}')


def test_binary_floats_and_deep_nesting_are_refused_not_crashed_on() -> None:
    with pytest.raises(TypeError):
        dumps({"amount": 0.1})
    with pytest.raises(JsonDecodeError):
        loads("[" * 100_000 + "]" * 100_000)
