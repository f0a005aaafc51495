"""JSON with exact decimals (`pocketgui.formats.decimal_json`) as the sandbox answers it, and
the wire's timestamp format.

Money never passes through a binary float: request bodies are parsed with
`parse_float=Decimal`, and a Decimal is written back as the exact number text it holds
(`0.00197000`, `100.00`, `0.015`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.responses import Response

from pocketgui.formats.decimal_json import DuplicateKeyError, JsonDecodeError, dumps, loads

__all__ = [
    "DuplicateKeyError",
    "JsonDecodeError",
    "JsonResponse",
    "dumps",
    "format_timestamp",
    "loads",
    "utc_now",
]


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
