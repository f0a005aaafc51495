"""`Store`: the local SQLite file that remembers everything money-related across restarts.

Why each part exists:
- orders keep Pocket's full answer plus what only this computer knows (which device, account
  path, script type, network), because the payout check needs them and Pocket cannot tell us;
- exchanges keep the latest answer and a timeline of every state seen and where it came from
  (poll, webhook or a call's answer), so a person can see what happened and when;
- webhook deliveries are keyed by their correlation id, so a retried event counts once;
- chain payouts are what the order's watch-only wallets saw, each linked to Pocket's exchange
  when Pocket told us of it, so a purchase is listed (and confirmed) from the chain alone;
  the chain status keeps the source's last tip and error, and `chain_expected` the tip at which
  a payout Pocket named was first missed, so "not on chain after N blocks" survives restarts;
- a relay's feed keeps its cursor (the last seq taken, per environment and relay URL) and the
  deliveries refused (kept as served: the evidence that the relay cannot be trusted);
- intents are written *before* a POST and resolved after, so a crash in between shows up on the
  next start as "outcome unknown — check with Pocket" instead of silently vanishing.

Opening checks the file with reads only before anything is written (`schema.check_file`): a
foreign, newer or damaged file is refused with a sentence naming it, and stays byte for byte as
it was. One connection in autocommit mode, WAL journal, every method under one lock: the
receiver and the tracker call it from their own threads. Each write is one short transaction
that is durable when the method returns (`synchronous=FULL` for the intents' sake).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from pocketgui.store.schema import check_file, migrate


def default_path() -> Path:
    """`<user data dir>/pocketgui.sqlite3` (platformdirs), created on first use."""
    import platformdirs

    return platformdirs.user_data_path("pocketgui", appauthor=False) / "pocketgui.sqlite3"


def utc_now() -> datetime:
    return datetime.now(UTC)


class IntentOutcome(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # Pocket answered with an error: nothing happened
    UNKNOWN = "unknown"  # sent, answer lost: may or may not have happened


@dataclass(frozen=True)
class Intent:
    id: int
    kind: str
    environment: str
    request_body: str
    created_at: str
    resolved_at: str | None
    outcome: IntentOutcome | None
    result_id: str | None
    detail: str | None

    @property
    def needs_checking(self) -> bool:
        return self.outcome in (None, IntentOutcome.UNKNOWN)

    @property
    def summary(self) -> str:
        what = _INTENT_WHAT.get(self.kind) or (
            self.kind.replace("_", " ").replace("create ", "").strip().capitalize() + " creation")
        if self.needs_checking:
            return f"{what} outcome unknown — check with Pocket"
        return f"{what} {self.outcome}"


_INTENT_WHAT = {"change_order": "Order change"}


@dataclass(frozen=True)
class StoredOrder:
    id: str
    environment: str
    raw_json: str
    network: str
    device_fingerprint: str | None
    account_path: str | None
    script_type: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class StoredExchange:
    id: str
    environment: str
    order_id: str
    state: str
    final: bool
    raw_json: str
    flags: frozenset[str]
    updated_at: str


@dataclass(frozen=True)
class StateRecord:
    seq: int
    exchange_id: str
    state: str
    source: str
    raw_json: str
    seen_at: str


@dataclass(frozen=True)
class ChainPayoutRow:
    """One payout a chain round saw, as the tracker records it."""

    order_id: str
    txid: str
    vout: int
    address: str
    path: str
    amount: str  # BTC as Decimal text
    block_height: int | None
    exchange_id: str | None  # Pocket's exchange it is; None: known from the chain alone


@dataclass(frozen=True)
class StoredChainPayout:
    txid: str
    vout: int
    environment: str
    order_id: str
    address: str
    path: str
    amount: str  # BTC as Decimal text
    block_height: int | None
    exchange_id: str | None
    first_seen: str
    updated_at: str

    def confirmations(self, tip: int | None) -> int:
        if self.block_height is None or tip is None or tip < self.block_height:
            return 0
        return tip - self.block_height + 1


@dataclass(frozen=True)
class ChainStatus:
    environment: str
    source: str
    tip_height: int | None
    chain: str | None
    synced_at: str | None
    error: str
    updated_at: str


@dataclass(frozen=True)
class WebhookDelivery:
    delivery_key: str
    event: str
    body: str
    received_at: str
    deliveries: int
    max_retry_count: int
    processed_at: str | None


@dataclass(frozen=True)
class RelayRefusal:
    """A delivery a relay served that the app refused, kept as it was served."""

    id: int
    environment: str
    relay_url: str
    seq: int
    reason: str
    forged: bool
    headers: str
    body: bytes
    refused_at: str


class Store:
    def __init__(self, path: str | Path | None = None, *, now: Callable[[], datetime] = utc_now):
        self.path = Path(path) if path is not None else default_path()
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._now = now
        self._lock = threading.RLock()
        self._db = sqlite3.connect(
            str(self.path), isolation_level=None, check_same_thread=False, timeout=10.0
        )
        self._db.row_factory = sqlite3.Row
        try:
            check_file(self._db, str(self.path))
        except BaseException:
            self._db.close()
            raise
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=10000")
        with self._lock:
            self.schema_version = migrate(self._db)

    # Lifecycle ---------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def integrity_problems(self) -> list[str]:
        """SQLite's own integrity check (empty when the file is sound), e.g. after a crash."""
        rows = self._query("PRAGMA integrity_check")
        return [row[0] for row in rows if row[0] != "ok"]

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _stamp(self) -> str:
        return self._now().astimezone(UTC).isoformat(timespec="milliseconds")

    def _query(self, sql: str, *args: object) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # Environments and challenges ---------------------------------------------------------------

    def save_environment(self, name: str, base_url: str, network: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO environments (name, base_url, network, updated_at) VALUES (?,?,?,?)"
                " ON CONFLICT (name) DO UPDATE SET base_url=excluded.base_url,"
                " network=excluded.network, updated_at=excluded.updated_at",
                (name, base_url, network, self._stamp()),
            )

    def environments(self) -> dict[str, tuple[str, str]]:
        """name → (base_url, network)."""
        rows = self._query("SELECT name, base_url, network FROM environments ORDER BY name")
        return {row["name"]: (row["base_url"], row["network"]) for row in rows}

    def save_challenge(
        self,
        environment: str,
        challenge_id: str,
        token: str,
        expires_on: str,
        completed_on: str | None,
        raw_json: str,
    ) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO challenges (id, environment, token, expires_on, completed_on,"
                " raw_json, created_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET"
                " completed_on=excluded.completed_on, raw_json=excluded.raw_json",
                (challenge_id, environment, token, expires_on, completed_on, raw_json,
                 self._stamp()),
            )

    def challenge_token(self, challenge_id: str) -> str | None:
        rows = self._query("SELECT token FROM challenges WHERE id = ?", challenge_id)
        return rows[0]["token"] if rows else None

    # Intents -----------------------------------------------------------------------------------

    def record_intent(self, kind: str, request_body: str, environment: str = "") -> int:
        """Write down, durably, that a request is about to be sent. Call before sending."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO intents (kind, environment, request_body, created_at)"
                " VALUES (?,?,?,?)",
                (kind, environment, request_body, self._stamp()),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def resolve_intent(
        self,
        intent_id: int,
        outcome: IntentOutcome,
        result_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE intents SET outcome=?, resolved_at=?, result_id=?, detail=? WHERE id=?",
                (IntentOutcome(outcome).value, self._stamp(), result_id, detail, intent_id),
            )

    def unresolved_intents(self) -> list[Intent]:
        """Intents whose outcome nobody knows: never resolved (a crash) or resolved unknown."""
        rows = self._query(
            "SELECT * FROM intents WHERE outcome IS NULL OR outcome = ? ORDER BY id",
            IntentOutcome.UNKNOWN.value,
        )
        return [_intent(row) for row in rows]

    def intent(self, intent_id: int) -> Intent | None:
        rows = self._query("SELECT * FROM intents WHERE id = ?", intent_id)
        return _intent(rows[0]) if rows else None

    # Orders ------------------------------------------------------------------------------------

    def save_order(
        self,
        environment: str,
        order_id: str,
        raw_json: str,
        network: str,
        *,
        device_fingerprint: str | None = None,
        account_path: str | None = None,
        script_type: str | None = None,
    ) -> None:
        """Insert or update an order; local facts given as None keep their stored value."""
        stamp = self._stamp()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO orders (id, environment, raw_json, device_fingerprint, account_path,"
                " script_type, network, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT (id) DO UPDATE SET raw_json=excluded.raw_json,"
                " device_fingerprint=coalesce(excluded.device_fingerprint, device_fingerprint),"
                " account_path=coalesce(excluded.account_path, account_path),"
                " script_type=coalesce(excluded.script_type, script_type),"
                " updated_at=excluded.updated_at",
                (order_id, environment, raw_json, device_fingerprint, account_path, script_type,
                 network, stamp, stamp),
            )

    def get_order(self, order_id: str) -> StoredOrder | None:
        rows = self._query("SELECT * FROM orders WHERE id = ?", order_id)
        return StoredOrder(**dict(rows[0])) if rows else None

    def orders(self, environment: str | None = None) -> list[StoredOrder]:
        rows = self._query(
            "SELECT * FROM orders WHERE ?1 IS NULL OR environment = ?1 ORDER BY created_at",
            environment,
        )
        return [StoredOrder(**dict(row)) for row in rows]

    # Exchanges ---------------------------------------------------------------------------------

    def record_exchange(
        self,
        environment: str,
        exchange_id: str,
        order_id: str,
        state: str,
        raw_json: str,
        source: str,
        *,
        final: bool,
    ) -> str | None:
        """Keep the latest answer; add to the timeline when the state differs from the last one.

        Answers the previous state (None for a new exchange). The caller decides whether an
        answer is newer than what is stored (see tracking.state); this only records.
        """
        stamp = self._stamp()
        with self._transaction() as db:
            row = db.execute("SELECT state FROM exchanges WHERE id = ?", (exchange_id,)).fetchone()
            old = row["state"] if row else None
            db.execute(
                "INSERT INTO exchanges (id, environment, order_id, state, final, raw_json,"
                " updated_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET"
                " state=excluded.state, final=excluded.final, raw_json=excluded.raw_json,"
                " updated_at=excluded.updated_at",
                (exchange_id, environment, order_id, state, int(final), raw_json, stamp),
            )
            if old != state:
                db.execute(
                    "INSERT INTO exchange_states (exchange_id, state, source, raw_json, seen_at)"
                    " VALUES (?,?,?,?,?)",
                    (exchange_id, state, source, raw_json, stamp),
                )
        return old

    def add_exchange_flag(self, exchange_id: str, flag: str) -> bool:
        """Add a flag (e.g. payout_address_mismatch); answers whether it is new."""
        with self._transaction() as db:
            row = db.execute("SELECT flags FROM exchanges WHERE id = ?", (exchange_id,)).fetchone()
            if row is None:
                raise KeyError(exchange_id)
            flags = set(row["flags"].split())
            if flag in flags:
                return False
            db.execute(
                "UPDATE exchanges SET flags = ? WHERE id = ?",
                (" ".join(sorted(flags | {flag})), exchange_id),
            )
        return True

    def get_exchange(self, exchange_id: str) -> StoredExchange | None:
        rows = self._query("SELECT * FROM exchanges WHERE id = ?", exchange_id)
        return _exchange(rows[0]) if rows else None

    def exchanges(self, environment: str | None = None, *, open_only: bool = False
                  ) -> list[StoredExchange]:
        rows = self._query(
            "SELECT * FROM exchanges WHERE (?1 IS NULL OR environment = ?1)"
            " AND (?2 = 0 OR final = 0) ORDER BY rowid",
            environment,
            int(open_only),
        )
        return [_exchange(row) for row in rows]

    def payout_paths(self, order_id: str) -> dict[str, tuple[str, frozenset[str]]]:
        """exchange id → (the `derivation_path` Pocket named for its payout, its flags), for
        the order's exchanges whose payout names one (read by SQLite: no JSON parsed here)."""
        rows = self._query(
            "SELECT id, flags, path FROM (SELECT id, flags, CASE WHEN json_valid(raw_json)"
            " THEN json_extract(raw_json, '$.payout.derivation_path') END AS path"
            " FROM exchanges WHERE order_id = ?) WHERE typeof(path) = 'text'",
            order_id,
        )
        return {row["id"]: (row["path"], frozenset(row["flags"].split())) for row in rows}

    def timeline(self, exchange_id: str) -> list[StateRecord]:
        rows = self._query(
            "SELECT * FROM exchange_states WHERE exchange_id = ? ORDER BY seq", exchange_id
        )
        return [StateRecord(**dict(row)) for row in rows]

    # The chain ---------------------------------------------------------------------------------

    def record_chain_payouts(self, environment: str, payouts: list[ChainPayoutRow]) -> int:
        """Insert or update the payouts one chain round saw, in one transaction; answers how
        many were new. A known exchange link is kept when this round has none (and with it the
        order); the height follows the chain (a reorganisation may take it back to the
        mempool)."""
        stamp = self._stamp()
        with self._transaction() as db:
            before = db.execute("SELECT count(*) FROM chain_payouts").fetchone()[0]
            db.executemany(
                "INSERT INTO chain_payouts (txid, vout, environment, order_id, address, path,"
                " amount, block_height, exchange_id, first_seen, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (txid, vout) DO UPDATE SET"
                " order_id=CASE WHEN excluded.exchange_id IS NULL THEN order_id"
                " ELSE excluded.order_id END,"
                " block_height=excluded.block_height,"
                " exchange_id=coalesce(excluded.exchange_id, exchange_id),"
                " updated_at=excluded.updated_at",
                [(p.txid, p.vout, environment, p.order_id, p.address, p.path, p.amount,
                  p.block_height, p.exchange_id, stamp, stamp) for p in payouts],
            )
            after = db.execute("SELECT count(*) FROM chain_payouts").fetchone()[0]
        return int(after - before)

    def chain_payouts(self, environment: str | None = None, order_id: str | None = None
                      ) -> list[StoredChainPayout]:
        rows = self._query(
            "SELECT * FROM chain_payouts WHERE (?1 IS NULL OR environment = ?1)"
            " AND (?2 IS NULL OR order_id = ?2)"
            " ORDER BY block_height IS NULL, block_height, first_seen, txid, vout",
            environment, order_id,
        )
        return [StoredChainPayout(**dict(row)) for row in rows]

    def save_chain_status(self, environment: str, source: str, *, tip_height: int | None = None,
                          chain: str | None = None, error: str = "") -> None:
        """The outcome of one round. A failed round (error) keeps the last good tip and time."""
        stamp = self._stamp()
        synced = None if error else stamp
        with self._transaction() as db:
            db.execute(
                "INSERT INTO chain_status (environment, source, tip_height, chain, synced_at,"
                " error, updated_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT (environment) DO UPDATE"
                " SET source=excluded.source,"
                " tip_height=coalesce(excluded.tip_height, tip_height),"
                " chain=coalesce(excluded.chain, chain),"
                " synced_at=coalesce(excluded.synced_at, synced_at),"
                " error=excluded.error, updated_at=excluded.updated_at",
                (environment, source, tip_height, chain, synced, error, stamp),
            )

    def chain_status(self, environment: str) -> ChainStatus | None:
        rows = self._query("SELECT * FROM chain_status WHERE environment = ?", environment)
        return ChainStatus(**dict(rows[0])) if rows else None

    def expect_on_chain(self, exchange_id: str, txid: str, tip_height: int) -> int:
        """Note that Pocket's payout `txid` was not on chain at `tip_height` (the first time
        only); answers the tip at which it was first missed."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO chain_expected (exchange_id, txid, since_height) VALUES (?,?,?)"
                " ON CONFLICT (exchange_id) DO UPDATE SET"
                " since_height = CASE WHEN txid = excluded.txid THEN since_height"
                " ELSE excluded.since_height END, txid = excluded.txid",
                (exchange_id, txid, tip_height),
            )
            row = db.execute("SELECT since_height FROM chain_expected WHERE exchange_id = ?",
                             (exchange_id,)).fetchone()
        return int(row["since_height"])

    def found_on_chain(self, exchange_id: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM chain_expected WHERE exchange_id = ?", (exchange_id,))

    # Webhook deliveries ------------------------------------------------------------------------

    def record_webhook(self, delivery_key: str, event: str, body: str, retry_count: int) -> bool:
        """Store a delivery durably; answers True the first time this event is seen."""
        with self._transaction() as db:
            row = db.execute(
                "SELECT 1 FROM webhook_deliveries WHERE delivery_key = ?", (delivery_key,)
            ).fetchone()
            if row is not None:
                db.execute(
                    "UPDATE webhook_deliveries SET deliveries = deliveries + 1,"
                    " max_retry_count = max(max_retry_count, ?) WHERE delivery_key = ?",
                    (retry_count, delivery_key),
                )
                return False
            db.execute(
                "INSERT INTO webhook_deliveries (delivery_key, event, body, received_at,"
                " max_retry_count) VALUES (?,?,?,?,?)",
                (delivery_key, event, body, self._stamp(), retry_count),
            )
        return True

    def mark_webhook_processed(self, delivery_key: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE webhook_deliveries SET processed_at = ? WHERE delivery_key = ?",
                (self._stamp(), delivery_key),
            )

    def webhook_deliveries(self, *, unprocessed_only: bool = False) -> list[WebhookDelivery]:
        rows = self._query(
            "SELECT * FROM webhook_deliveries WHERE ?1 = 0 OR processed_at IS NULL"
            " ORDER BY rowid",
            int(unprocessed_only),
        )
        return [WebhookDelivery(**dict(row)) for row in rows]

    def webhook_body(self, exchange_id: str, event: str) -> str | None:
        """The latest stored body of `event` about one exchange (e.g. `exchange.executed`, whose
        lightning payload carries the payout options only there); None when none arrived."""
        rows = self._query(
            "SELECT body FROM webhook_deliveries WHERE event = ? AND CASE WHEN json_valid(body)"
            " THEN json_extract(body, '$.payload.exchange_id') END = ?"
            " ORDER BY received_at DESC, rowid DESC LIMIT 1",
            event, exchange_id,
        )
        return str(rows[0]["body"]) if rows else None


    # The relay's feed --------------------------------------------------------------------------

    def relay_cursor(self, environment: str, relay_url: str) -> int:
        """The last seq taken from this relay's feed (0: nothing yet)."""
        rows = self._query("SELECT last_seq FROM relay_cursors WHERE environment = ?"
                           " AND relay_url = ?", environment, relay_url)
        return int(rows[0]["last_seq"]) if rows else 0

    def save_relay_cursor(self, environment: str, relay_url: str, last_seq: int) -> None:
        """Where reading stopped; call only once every delivery up to `last_seq` is stored."""
        with self._transaction() as db:
            self._put_cursor(db, environment, relay_url, last_seq)

    def refuse_relay_delivery(self, environment: str, relay_url: str, seq: int, reason: str,
                              *, forged: bool, headers: str, body: bytes) -> None:
        """Keep a refused delivery as evidence and move the cursor past it, in one step."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO relay_refusals (environment, relay_url, seq, reason, forged,"
                " headers, body, refused_at) VALUES (?,?,?,?,?,?,?,?)",
                (environment, relay_url, seq, reason, int(forged), headers, body,
                 self._stamp()),
            )
            self._put_cursor(db, environment, relay_url, seq)

    def relay_refusals(self, environment: str, relay_url: str) -> list[RelayRefusal]:
        rows = self._query("SELECT * FROM relay_refusals WHERE environment = ?"
                           " AND relay_url = ? ORDER BY id", environment, relay_url)
        return [RelayRefusal(**{**dict(row), "forged": bool(row["forged"]),
                                "body": bytes(row["body"])}) for row in rows]

    def _put_cursor(self, db: sqlite3.Connection, environment: str, relay_url: str,
                    last_seq: int) -> None:
        db.execute(
            "INSERT INTO relay_cursors (environment, relay_url, last_seq, updated_at)"
            " VALUES (?,?,?,?) ON CONFLICT (environment, relay_url) DO UPDATE SET"
            " last_seq=excluded.last_seq, updated_at=excluded.updated_at",
            (environment, relay_url, last_seq, self._stamp()),
        )


def _intent(row: sqlite3.Row) -> Intent:
    data = dict(row)
    outcome = data.pop("outcome")
    return Intent(outcome=None if outcome is None else IntentOutcome(outcome), **data)


def _exchange(row: sqlite3.Row) -> StoredExchange:
    data = dict(row)
    return StoredExchange(
        **{**data, "final": bool(data["final"]), "flags": frozenset(data["flags"].split())}
    )
