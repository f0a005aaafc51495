"""The relay's deliveries: one SQLite file, each delivery durable before Pocket hears 2xx.

WAL with `synchronous=FULL`: a commit is on disk when `add` returns, also across a power cut
(NORMAL would be safe against a crash of the process only, and an acknowledged event is never
sent again). `seq` is AUTOINCREMENT so it never goes back or is reused, even after retention
deleted the newest rows: a desktop's cursor stays meaningful. A `threading.Condition` wakes the
feed's long-polls the moment a delivery is committed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_key TEXT NOT NULL UNIQUE,  -- SHA-256 hex of the signed body
    received_at TEXT NOT NULL,          -- ISO-8601 UTC with milliseconds and Z
    received_unix REAL NOT NULL,
    headers TEXT NOT NULL,              -- JSON [[name, value], ...] as received
    body BLOB NOT NULL                  -- the raw bytes whose signature verified
);
CREATE INDEX IF NOT EXISTS deliveries_received ON deliveries (received_unix);
"""


@dataclass(frozen=True)
class StoredDelivery:
    seq: int
    received_at: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


def utc_stamp(unix: float) -> str:
    moment = datetime.fromtimestamp(unix, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class RelayStore:
    """Thread-safe: one connection behind one lock (the relay's writes are one small row each)."""

    def __init__(self, path: str) -> None:
        if path != ":memory:" and not os.path.exists(path):
            # signed purchase details: readable by the relay's user only (WAL files inherit it)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        self._cx = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        self._news = threading.Condition()
        self._closed = False
        with self._lock:
            self._cx.execute("PRAGMA journal_mode=WAL")
            self._cx.execute("PRAGMA synchronous=FULL")
            self._cx.execute("PRAGMA busy_timeout=5000")
            self._cx.executescript(SCHEMA)
            self._last_seq = self._highest_seq()

    def _highest_seq(self) -> int:
        row = self._cx.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = 'deliveries'"
        ).fetchone()
        return int(row[0]) if row else 0

    @property
    def last_seq(self) -> int:
        """The highest seq ever given (0 for a new file); it never decreases."""
        with self._news:
            return self._last_seq

    def add(
        self, key: str, headers: Sequence[tuple[str, str]], body: bytes, now: float | None = None
    ) -> tuple[int, bool]:
        """Store one verified delivery; answers its seq and whether it is new (a retry of a
        stored body answers the first seq and stores nothing)."""
        received = time.time() if now is None else now
        with self._lock:
            # look first: INSERT OR IGNORE would spend a seq on every ignored retry
            self._cx.execute("BEGIN IMMEDIATE")
            try:
                row = self._cx.execute(
                    "SELECT seq FROM deliveries WHERE delivery_key = ?", (key,)
                ).fetchone()
                if row is None:
                    cursor = self._cx.execute(
                        "INSERT INTO deliveries (delivery_key, received_at, received_unix,"
                        " headers, body) VALUES (?, ?, ?, ?, ?)",
                        (key, utc_stamp(received), received,
                         json.dumps([list(h) for h in headers]), body),
                    )
                    seq, is_new = int(cursor.lastrowid or 0), True
                else:
                    seq, is_new = int(row[0]), False
                self._cx.execute("COMMIT")  # durable when it returns (synchronous=FULL)
            except BaseException:
                if self._cx.in_transaction:
                    self._cx.execute("ROLLBACK")
                raise
        if is_new:
            with self._news:
                self._last_seq = max(self._last_seq, seq)
                self._news.notify_all()
        return seq, is_new

    def after(self, seq: int, limit: int, max_bytes: int) -> list[StoredDelivery]:
        """Deliveries with a higher seq, in seq order: at most `limit`, and no more raw body
        bytes than `max_bytes` (but always the first one)."""
        found: list[StoredDelivery] = []
        size = 0
        with self._lock:
            rows = self._cx.execute(
                "SELECT seq, received_at, headers, body FROM deliveries WHERE seq > ?"
                " ORDER BY seq LIMIT ?",
                (seq, limit),
            )
            for row_seq, received_at, headers, body in rows:  # row by row: stop at the cap
                size += len(body)
                if found and size > max_bytes:
                    break
                pairs = tuple((str(name), str(value)) for name, value in json.loads(headers))
                found.append(StoredDelivery(int(row_seq), received_at, pairs, bytes(body)))
        return found

    def wait_for_news(self, after: int, timeout: float) -> bool:
        """Block until a delivery with seq > `after` is stored, the store closes, or `timeout`
        seconds pass; answers whether there is news."""
        with self._news:
            self._news.wait_for(lambda: self._last_seq > after or self._closed, timeout)
            return self._last_seq > after

    def delete_older_than(self, cutoff_unix: float) -> int:
        with self._lock:
            cursor = self._cx.execute(
                "DELETE FROM deliveries WHERE received_unix < ?", (cutoff_unix,)
            )
            return cursor.rowcount

    def count(self) -> int:
        with self._lock:
            return int(self._cx.execute("SELECT COUNT(*) FROM deliveries").fetchone()[0])

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        with self._news:
            self._closed = True
            self._news.notify_all()
        with self._lock:
            self._cx.close()
