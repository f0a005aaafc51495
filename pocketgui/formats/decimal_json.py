"""JSON that never turns money into binary floats, and refuses what is not a JSON number.

Reading: every number with a fraction or exponent becomes a `Decimal`, exactly as written
(`0.00197000` keeps its eight decimals); NaN and Infinity (which Python's parser accepts) and an
object naming a key twice (parsers disagree on which one wins) are refused. Writing: a `Decimal`
is emitted as the number it spells, never through `float()`; a float, NaN or Infinity is refused.
The standard library's encoder only knows float, so the writer is our own.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

_encode_string = json.encoder.encode_basestring_ascii


class JsonDecodeError(ValueError):
    pass


class DuplicateKeyError(JsonDecodeError):
    """An object names a key twice: parsers disagree on which one wins, so none does."""


def _reject_constant(name: str) -> Any:
    raise JsonDecodeError(f"{name} is not a JSON number")


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        twice = next(key for key, count in Counter(key for key, _ in pairs).items() if count > 1)
        raise DuplicateKeyError(f"the key {twice!r} appears twice in one object")
    return result


def loads(raw: str | bytes) -> Any:
    """Parse JSON with `Decimal` for every non-integer number. Raises JsonDecodeError (a
    ValueError; DuplicateKeyError for a key named twice) on anything that is not JSON."""
    try:
        return json.loads(raw, parse_float=Decimal, parse_constant=_reject_constant,
                          object_pairs_hook=_object_without_duplicates)
    except JsonDecodeError:
        raise
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, bad UTF-8, int digit limit
        raise JsonDecodeError(str(exc)) from exc


def dumps(value: Any) -> str:
    """Compact, deterministic JSON text: keys in the given order, Decimals written exactly."""
    out: list[str] = []
    _write(value, out)
    return "".join(out)


def _write(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_encode_string(value))
    elif isinstance(value, Decimal):
        out.append(decimal_to_json(value))
    elif isinstance(value, float):
        raise TypeError("refusing to encode a binary float; use Decimal for amounts")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, Mapping):
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys must be strings, not {type(key).__name__}")
            if index:
                out.append(",")
            out.append(_encode_string(key))
            out.append(":")
            _write(item, out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _write(item, out)
        out.append("]")
    else:
        raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def decimal_to_json(value: Decimal) -> str:
    """The JSON number of a finite Decimal, digits kept (`Decimal('0.10')` → `0.10`)."""
    if not value.is_finite():
        raise ValueError(f"{value} is not a JSON number")
    return format(value, "f")
