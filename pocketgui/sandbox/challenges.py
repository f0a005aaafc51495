"""Challenges: an unguessable 8-character token, valid for a while, completed by one order."""

from __future__ import annotations

import re
import secrets
import sqlite3
import uuid
from datetime import timedelta
from typing import Any

from pocketgui.sandbox.errors import ApiError, ErrorCode, invalid
from pocketgui.sandbox.jsonio import format_timestamp, utc_now
from pocketgui.sandbox.store import load_owned

BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
TOKEN_LENGTH = 8
_TOKEN_RUN = re.compile(f"[{BASE58}]{{{TOKEN_LENGTH},}}")


def render(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "token": row["token"],
        "expires_on": row["expires_on"],
        "completed_on": row["completed_on"],
    }


def create(cx: sqlite3.Connection, client_id: str, ttl_seconds: float) -> dict[str, Any]:
    expires_on = format_timestamp(utc_now() + timedelta(seconds=ttl_seconds))
    while True:
        token = "".join(secrets.choice(BASE58) for _ in range(TOKEN_LENGTH))
        challenge_id = str(uuid.uuid4())
        try:
            cx.execute(
                "INSERT INTO challenges (id, client_id, token, expires_on) VALUES (?, ?, ?, ?)",
                (challenge_id, client_id, token, expires_on),
            )
        except sqlite3.IntegrityError:  # a token collision: draw again
            continue
        return {"id": challenge_id, "token": token, "expires_on": expires_on, "completed_on": None}


def get(cx: sqlite3.Connection, client_id: str, challenge_id: str) -> dict[str, Any]:
    return render(load_owned(cx, "challenges", client_id, challenge_id))


def candidate_tokens(message: str) -> set[str]:
    """Every 8-character base58 window of the message's base58 runs."""
    tokens: set[str] = set()
    for run in _TOKEN_RUN.findall(message):
        tokens.update(run[i : i + TOKEN_LENGTH] for i in range(len(run) - TOKEN_LENGTH + 1))
    return tokens


def find_live(cx: sqlite3.Connection, client_id: str, message: str) -> str:
    """Id of the one usable challenge of this client whose token the message contains. A
    message with two or more live tokens is refused: one signature would otherwise complete
    several challenges and create several orders."""
    tokens = sorted(candidate_tokens(message))  # at most 1017: messages are ≤ 1024 characters
    if not tokens:
        raise invalid("the message contains no challenge token", ErrorCode.CHALLENGE_NOT_FOUND)
    marks = ",".join("?" * len(tokens))
    rows = cx.execute(
        f"SELECT id, expires_on, completed_on FROM challenges "
        f"WHERE client_id = ? AND token IN ({marks})",
        (client_id, *tokens),
    ).fetchall()
    if not rows:
        raise invalid("no challenge of this client in the message", ErrorCode.CHALLENGE_NOT_FOUND)
    now = format_timestamp(utc_now())
    live = [row for row in rows if row["completed_on"] is None and row["expires_on"] > now]
    if len(live) > 1:
        raise invalid("the message contains more than one live challenge token",
                      ErrorCode.AMBIGUOUS_CHALLENGE)
    if live:
        return str(live[0]["id"])
    if any(row["completed_on"] is None for row in rows):
        raise invalid("the challenge has expired", ErrorCode.CHALLENGE_EXPIRED)
    raise invalid("the challenge was used by another order", ErrorCode.CHALLENGE_COMPLETED)


def complete(cx: sqlite3.Connection, challenge_id: str) -> None:
    """Mark the challenge completed; exactly one order can do this."""
    now = format_timestamp(utc_now())
    cursor = cx.execute(
        "UPDATE challenges SET completed_on = ? "
        "WHERE id = ? AND completed_on IS NULL AND expires_on > ?",
        (now, challenge_id, now),
    )
    if cursor.rowcount != 1:
        raise ApiError(ErrorCode.CHALLENGE_COMPLETED, 400, "the challenge was used meanwhile")
