"""The sandbox's SQLite database: one connection, one lock, explicit transactions.

One connection serves every thread (an in-memory database exists only inside its connection);
the lock makes each `transaction()` exclusive, and `BEGIN IMMEDIATE` keeps a second process on
the same file from interleaving. Files use WAL.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from pocketgui.sandbox.chain import ledger, node
from pocketgui.sandbox.errors import not_found

SCHEMA = """
CREATE TABLE IF NOT EXISTS challenges (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    expires_on TEXT NOT NULL,
    completed_on TEXT
);
CREATE TABLE IF NOT EXISTS orders (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    active INTEGER NOT NULL,
    created_on TEXT NOT NULL,
    affiliate_id TEXT,
    fee_rate TEXT NOT NULL,
    currency TEXT NOT NULL,
    debitor_iban TEXT NOT NULL,
    creditor_reference TEXT NOT NULL UNIQUE,
    swiss_qr_bill_payload TEXT,
    payout_method TEXT NOT NULL,
    challenge_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exchanges (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    created_on TEXT NOT NULL,
    fee_rate TEXT NOT NULL,
    pair TEXT NOT NULL,
    type TEXT NOT NULL,
    cost TEXT NOT NULL,
    lightning INTEGER NOT NULL,
    executed_on TEXT,
    amount TEXT,
    rate TEXT,
    fee TEXT,
    identification_id TEXT,
    reason_code TEXT,
    payout TEXT,
    payout_state TEXT,
    payout_index INTEGER
);
CREATE INDEX IF NOT EXISTS exchanges_by_order ON exchanges (order_id);
CREATE INDEX IF NOT EXISTS exchanges_by_identification ON exchanges (identification_id);
CREATE TABLE IF NOT EXISTS identifications (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    created_on TEXT NOT NULL,
    completed_on TEXT
);
CREATE TABLE IF NOT EXISTS rates (
    pair TEXT PRIMARY KEY,
    rate TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS lightning_channels (
    node_pubkey TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL,
    exchange_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    exchange_id TEXT NOT NULL,
    due_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS webhook_endpoints (
    id TEXT PRIMARY KEY,
    client_id TEXT,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_on TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint_id TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    event TEXT NOT NULL,
    body TEXT NOT NULL,
    retry_count INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    delivered_on TEXT,
    abandoned INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS deliveries_pending
    ON webhook_deliveries (next_attempt_at) WHERE delivered_on IS NULL AND abandoned = 0;
"""


OWNED_TABLES = ("challenges", "orders", "exchanges", "identifications")


def load_owned(cx: sqlite3.Connection, table: str, client_id: str, row_id: str) -> sqlite3.Row:
    """The row of this client; another client's row answers 404 as if it did not exist."""
    assert table in OWNED_TABLES
    row = cx.execute(
        f"SELECT * FROM {table} WHERE id = ? AND client_id = ?", (row_id, client_id)
    ).fetchone()
    if row is None:
        raise not_found()
    return row


class Database:
    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._connection = sqlite3.connect(
            path, check_same_thread=False, isolation_level=None, timeout=30.0
        )
        self._connection.row_factory = sqlite3.Row
        if path != ":memory:":
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA synchronous=NORMAL")
        self._connection.execute("PRAGMA foreign_keys=ON")
        with self.transaction() as cx:
            for statement in (SCHEMA + ";" + ledger.SCHEMA).split(";"):
                if statement.strip():
                    cx.execute(statement)
            node.start(cx)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Exclusive read-write transaction; committed on success, rolled back on any error."""
        with self._lock:
            cx = self._connection
            cx.execute("BEGIN IMMEDIATE")
            try:
                yield cx
            except BaseException:
                cx.execute("ROLLBACK")
                raise
            cx.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._connection.close()
