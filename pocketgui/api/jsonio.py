"""JSON that never turns money into binary floats.

Reading: every JSON number with a fraction or exponent becomes a `Decimal`, exactly as written on
the wire (`0.00197000` keeps its eight decimals). Writing: a `Decimal` is emitted as the JSON
number it spells, never through `float()`. The standard library's encoder cannot do the second
part (it only knows float), so this module holds a small encoder of its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any


def loads(text: str | bytes) -> Any:
    """Parse JSON with `Decimal` for every non-integer number. Raises ValueError on bad JSON."""
    return json.loads(text, parse_float=Decimal)


def dumps(value: Any) -> str:
    """Compact, deterministic JSON text: keys in the given order, Decimals written exactly."""
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts)


def _write(value: Any, out: list[str]) -> None:
    if isinstance(value, Decimal):
        out.append(decimal_to_json(value))
    elif isinstance(value, float):
        raise TypeError("refusing to encode a binary float; use Decimal for amounts")
    elif value is None or isinstance(value, bool | int | str):
        out.append(json.dumps(value))
    elif isinstance(value, Mapping):
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            if not isinstance(key, str):
                raise TypeError(f"JSON object keys must be strings, not {type(key).__name__}")
            if index:
                out.append(",")
            out.append(json.dumps(key))
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
