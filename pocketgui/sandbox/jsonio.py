"""JSON with exact decimals, and the wire's timestamp format.

Money never passes through a binary float: request bodies are parsed with
`parse_float=Decimal`, and a Decimal is written back as the exact number text it holds
(`0.00197000`, `100.00`, `0.015`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from starlette.responses import Response

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


def loads(raw: bytes | str) -> Any:
    """Parse JSON; numbers with a fraction or exponent become Decimal. Raises JsonDecodeError
    (DuplicateKeyError for an object that names a key twice)."""
    try:
        return json.loads(raw, parse_float=Decimal, parse_constant=_reject_constant,
                          object_pairs_hook=_object_without_duplicates)
    except DuplicateKeyError:
        raise
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, bad UTF-8, int digit limit
        raise JsonDecodeError(str(exc)) from exc


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
        if not value.is_finite():
            raise ValueError(f"not a JSON number: {value}")
        out.append(format(value, "f"))
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, Mapping):
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            if index:
                out.append(",")
            out.append(_encode_string(str(key)))
            out.append(":")
            _write(item, out)
        out.append("}")
    elif isinstance(value, Sequence):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _write(item, out)
        out.append("]")
    else:
        raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def dumps(value: Any) -> str:
    """Compact JSON text; Decimal as its exact fixed-point text, floats refused."""
    out: list[str] = []
    _write(value, out)
    return "".join(out)


class JsonResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content).encode("ascii")


def format_timestamp(moment: datetime) -> str:
    """ISO-8601 UTC with milliseconds and Z: 2021-09-10T04:55:36.887Z."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def utc_now() -> datetime:
    return datetime.now(UTC)
