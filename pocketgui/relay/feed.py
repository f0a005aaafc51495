"""The feed's contract: `GET /v1/deliveries?after=SEQ&wait=SECONDS&limit=N`, its parameters
and its answer (the desktop's relay source is written against exactly this).

Answer: `{"deliveries": [{"seq", "received_at", "headers", "body"}], "last_seq"}` in seq order;
`body` is the standard base64 of the raw bytes Pocket signed (the desktop re-verifies the HMAC
over exactly those bytes); `last_seq` is the highest seq the relay has given (it never
decreases; fewer deliveries than `limit` can come back when their bodies are large, so a
client pages on until its cursor reaches `last_seq`).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from pocketgui.relay.store import StoredDelivery

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_SEQ = (1 << 63) - 1  # SQLite's INTEGER


@dataclass(frozen=True)
class FeedQuery:
    after: int = 0
    wait: float = 0.0
    limit: int = DEFAULT_LIMIT


class BadQuery(ValueError):
    """A parameter the feed does not take, or a value out of its range (answered 400)."""


def parse_query(query: str, max_wait: float) -> FeedQuery:
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query),
                          max_num_fields=10)
    except ValueError as exc:
        raise BadQuery("the query string could not be read") from exc
    names = [name for name, _ in pairs]
    unknown = set(names) - {"after", "wait", "limit"}
    if unknown:
        raise BadQuery(f"unknown parameter: {sorted(unknown)[0]}")
    if len(set(names)) != len(names):
        raise BadQuery("a parameter is given twice")
    values = dict(pairs)
    after = _integer(values.get("after", "0"), "after", 0, MAX_SEQ)
    limit = _integer(values.get("limit", str(DEFAULT_LIMIT)), "limit", 1, MAX_LIMIT)
    wait_text = values.get("wait", "0")
    try:
        wait = float(wait_text)
    except ValueError:
        raise BadQuery("wait must be a number of seconds") from None
    if not (math.isfinite(wait) and 0 <= wait <= max_wait):
        raise BadQuery(f"wait must be between 0 and {max_wait:g} seconds")
    return FeedQuery(after, wait, limit)


def _integer(text: str, name: str, low: int, high: int) -> int:
    if not (text.isascii() and text.isdigit()):
        raise BadQuery(f"{name} must be a whole number")
    if len(text) > 19 or not low <= int(text) <= high:  # 19 digits: no huge int parsing
        raise BadQuery(f"{name} must be between {low} and {high}")
    return int(text)


def header_map(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Headers under their original names; a name given twice is joined with ", " (RFC 9110)."""
    merged: dict[str, str] = {}
    for name, value in pairs:
        merged[name] = f"{merged[name]}, {value}" if name in merged else value
    return merged


def render(deliveries: Iterable[StoredDelivery], last_seq: int) -> dict[str, Any]:
    return {
        "deliveries": [
            {
                "seq": d.seq,
                "received_at": d.received_at,
                "headers": header_map(d.headers),
                "body": base64.b64encode(d.body).decode("ascii"),
            }
            for d in deliveries
        ],
        "last_seq": last_seq,
    }
