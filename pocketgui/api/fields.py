"""Typed reads of one JSON object from the wire, each failure naming the field it is about.

The models call these instead of indexing dicts so that a malformed answer raises
`MalformedResponse("payment_method.creditor_iban: expected a string, got null")` rather than a
KeyError deep in the UI. Amounts come from `jsonio.loads`, so a fraction is already a `Decimal`;
an integer (`"fee": 0`) becomes one here. Booleans are never numbers.

Amounts are checked for what they are, by the annotation a model gives them: `Btc` (0 to
21,000,000, at most 8 decimals), `Fiat` (0 to `FIAT_LIMIT`, at most 2 decimals) and `FeeRate`
(0 ≤ rate < 1). Anything else — negative, 1E+400, a price of 10^20, a fraction of a satoshi —
refuses the whole answer or event, so no absurd value is ever stored or shown.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar, cast

from pocketgui.api.errors import MalformedResponse
from pocketgui.bitcoin.amounts import BTC_QUANT, FIAT_QUANT

_MISSING = object()
T = TypeVar("T")

Btc = Decimal  # a bitcoin amount (see the module docstring)
Fiat = Decimal  # a fiat amount or a price per bitcoin
FeeRate = Decimal  # a fraction of the cost, e.g. 0.015
BTC_LIMIT = Decimal(21_000_000)
# A billion: above any price of a bitcoin and any bank transfer Pocket takes (it refunds
# transfers over its limit of a few thousand), far below where a display or a sum misbehaves.
FIAT_LIMIT = Decimal(1_000_000_000)


def check_btc(value: Decimal) -> str | None:
    """What is wrong with `value` as a bitcoin amount (None: nothing)."""
    return _check(value, BTC_LIMIT, BTC_QUANT, "a bitcoin amount (0 to 21,000,000 BTC with at "
                                               "most 8 decimals)")


def check_fiat(value: Decimal) -> str | None:
    """What is wrong with `value` as a fiat amount (None: nothing)."""
    return _check(value, FIAT_LIMIT, FIAT_QUANT, "a fiat amount (0 to 1,000,000,000 with at "
                                                 "most 2 decimals)")


def check_fee_rate(value: Decimal) -> str | None:
    """What is wrong with `value` as a fee rate (None: nothing)."""
    if not value.is_finite() or value < 0 or value >= 1:
        return "a fee rate (at least 0, below 1)"
    return None


def _check(value: Decimal, limit: Decimal, quant: Decimal, what: str) -> str | None:
    if not value.is_finite() or value < 0 or value > limit:
        return what
    return None if value == value.quantize(quant) else what


class Fields:
    def __init__(self, data: Any, where: str = "answer"):
        if not isinstance(data, Mapping):
            raise MalformedResponse(f"{where}: expected an object, got {_kind(data)}")
        self.data = data
        self.where = where

    def _get(self, key: str) -> Any:
        value = self.data.get(key, _MISSING)
        if value is _MISSING:
            raise MalformedResponse(f"{self._name(key)}: missing")
        return value

    def _name(self, key: str) -> str:
        return key if self.where == "answer" else f"{self.where}.{key}"

    def _fail(self, key: str, expected: str, value: Any) -> MalformedResponse:
        return MalformedResponse(f"{self._name(key)}: expected {expected}, got {_kind(value)}")

    def has(self, key: str) -> bool:
        return key in self.data

    def is_null(self, key: str) -> bool:
        return self.data.get(key) is None

    def _typed(self, key: str, accepts: Callable[[Any], bool], expected: str) -> Any:
        value = self._get(key)
        if not accepts(value):
            raise self._fail(key, expected, value)
        return value

    def optional(self, read: Callable[[str], T], key: str) -> T | None:
        """`read(key)`, or None when the field is absent or null."""
        return None if self.data.get(key) is None else read(key)

    def text(self, key: str) -> str:
        return cast(str, self._typed(key, lambda v: isinstance(v, str), "a string"))

    def flag(self, key: str) -> bool:
        return cast(bool, self._typed(key, lambda v: isinstance(v, bool), "true or false"))

    def whole(self, key: str) -> int:
        return cast(int, self._typed(key, _is_int, "a whole number"))

    def amount(self, key: str) -> Decimal:
        value = self._typed(
            key,
            lambda v: _is_int(v) or (isinstance(v, Decimal) and v.is_finite()),
            "a decimal number",
        )
        return value if isinstance(value, Decimal) else Decimal(value)

    def _bounded(self, key: str, check: Callable[[Decimal], str | None]) -> Decimal:
        value = self.amount(key)
        if (expected := check(value)) is not None:
            raise MalformedResponse(f"{self._name(key)}: expected {expected}, got {value}")
        return value

    def btc(self, key: str) -> Decimal:
        return self._bounded(key, check_btc)

    def fiat(self, key: str) -> Decimal:
        return self._bounded(key, check_fiat)

    def fee_rate(self, key: str) -> Decimal:
        return self._bounded(key, check_fee_rate)

    def timestamp(self, key: str) -> datetime:
        text = self.text(key)
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise self._fail(key, "an ISO-8601 timestamp", text) from None
        if value.tzinfo is None:
            raise MalformedResponse(f"{self._name(key)}: timestamp without a time zone: {text!r}")
        return value

    def nested(self, key: str) -> Fields:
        return Fields(self._get(key), self._name(key))

    def opt_nested(self, key: str) -> Fields | None:
        return self.optional(self.nested, key)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_READERS: dict[str, Callable[[Fields, str], Any]] = {
    "str": Fields.text,
    "bool": Fields.flag,
    "int": Fields.whole,
    "Decimal": Fields.amount,
    "Btc": Fields.btc,
    "Fiat": Fields.fiat,
    "FeeRate": Fields.fee_rate,
    "datetime": Fields.timestamp,
}


def read_fields(cls: type, f: Fields, **given: Any) -> dict[str, Any]:
    """Keyword arguments for dataclass `cls`: each plain field read by its annotation
    (`str`, `int | None`, `Decimal`, …; `X | None` may be absent or null), `given` as is."""
    values = dict(given)
    for spec in dataclasses.fields(cls):
        if spec.name in values or spec.name == "raw" or not spec.init:
            continue
        annotation = str(spec.type)
        base = annotation.removesuffix(" | None")
        read = _READERS[base]
        if base != annotation:
            values[spec.name] = None if f.data.get(spec.name) is None else read(f, spec.name)
        else:
            values[spec.name] = read(f, spec.name)
    return values


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else "a long string"
    return {dict: "an object", list: "a list", int: "a whole number"}.get(
        type(value), type(value).__name__
    )
