"""The store's schema as an ordered list of migrations, tracked with `PRAGMA user_version`.

Migration N brings a database from version N-1 to N; a database is never edited by hand and a
migration is never changed once released (add a new one). Opening a store runs the missing ones
in one transaction each, so a crash mid-migration leaves the previous version intact.

Answers from Pocket are kept as the JSON text we received (`raw_json`), Decimals and all, so the
evidence survives even fields this version does not model. Times are ISO-8601 UTC text.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema.
    """
    CREATE TABLE environments (
        name        TEXT PRIMARY KEY,          -- production / staging / sandbox
        base_url    TEXT NOT NULL,
        network     TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE challenges (
        id            TEXT PRIMARY KEY,
        environment   TEXT NOT NULL,
        token         TEXT NOT NULL,
        expires_on    TEXT NOT NULL,
        completed_on  TEXT,
        raw_json      TEXT NOT NULL,
        created_at    TEXT NOT NULL
    );
    CREATE TABLE orders (
        id                  TEXT PRIMARY KEY,
        environment         TEXT NOT NULL,
        raw_json            TEXT NOT NULL,     -- the full answer of Pocket
        device_fingerprint  TEXT,              -- what only we know, below
        account_path        TEXT,
        script_type         TEXT,
        network             TEXT NOT NULL,
        created_at          TEXT NOT NULL,
        updated_at          TEXT NOT NULL
    );
    CREATE TABLE exchanges (
        id            TEXT PRIMARY KEY,
        environment   TEXT NOT NULL,
        order_id      TEXT NOT NULL,
        state         TEXT NOT NULL,
        final         INTEGER NOT NULL DEFAULT 0,
        raw_json      TEXT NOT NULL,           -- the latest answer or webhook payload
        flags         TEXT NOT NULL DEFAULT '', -- space-separated, e.g. payout_address_mismatch
        updated_at    TEXT NOT NULL
    );
    CREATE INDEX exchanges_open ON exchanges (final, environment);
    CREATE TABLE exchange_states (           -- the timeline: every state seen, and from where
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        exchange_id  TEXT NOT NULL REFERENCES exchanges (id),
        state        TEXT NOT NULL,
        source       TEXT NOT NULL,           -- poll / webhook / answer
        raw_json     TEXT NOT NULL,
        seen_at      TEXT NOT NULL
    );
    CREATE INDEX exchange_states_by_exchange ON exchange_states (exchange_id, seq);
    CREATE TABLE webhook_deliveries (
        delivery_key    TEXT PRIMARY KEY,     -- X-Correlation-Id, else sha256 of the body
        event           TEXT NOT NULL,
        body            TEXT NOT NULL,
        received_at     TEXT NOT NULL,
        deliveries      INTEGER NOT NULL DEFAULT 1,
        max_retry_count INTEGER NOT NULL DEFAULT 0,
        processed_at    TEXT
    );
    CREATE TABLE intents (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        kind          TEXT NOT NULL,           -- e.g. create_order
        environment   TEXT NOT NULL,
        request_body  TEXT NOT NULL,           -- the exact JSON sent
        created_at    TEXT NOT NULL,
        resolved_at   TEXT,
        outcome       TEXT,                    -- succeeded / failed / unknown
        result_id     TEXT,                    -- e.g. the order id
        detail        TEXT
    );
    """,
    # 2: what the chain shows (issue 12): payouts seen, the source's state, Pocket's payouts
    # the chain has yet to show.
    """
    CREATE TABLE chain_payouts (             -- an output paid to an order's wallet
        txid          TEXT NOT NULL,
        vout          INTEGER NOT NULL,
        environment   TEXT NOT NULL,
        order_id      TEXT NOT NULL,
        address       TEXT NOT NULL,
        path          TEXT NOT NULL,           -- change/index below the order's key ("0/7")
        amount        TEXT NOT NULL,           -- BTC, the Decimal's text
        block_height  INTEGER,                 -- NULL: in the mempool
        exchange_id   TEXT,                    -- Pocket's exchange it is; NULL: chain alone
        first_seen    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        PRIMARY KEY (txid, vout)
    );
    CREATE INDEX chain_payouts_by_order ON chain_payouts (environment, order_id);
    CREATE TABLE chain_status (              -- the last round of each environment's source
        environment   TEXT PRIMARY KEY,
        source        TEXT NOT NULL,
        tip_height    INTEGER,                 -- of the last successful round
        chain         TEXT,
        synced_at     TEXT,                    -- the last successful round
        error         TEXT NOT NULL DEFAULT '', -- the last round's failure, '' when it worked
        updated_at    TEXT NOT NULL
    );
    CREATE TABLE chain_expected (            -- Pocket named a payout the chain did not show
        exchange_id   TEXT PRIMARY KEY,
        txid          TEXT NOT NULL,
        since_height  INTEGER NOT NULL         -- the tip when it was first missed
    );
    """,
    # 3: the relay's feed (issue 14): where reading stopped, and the deliveries refused.
    """
    CREATE TABLE relay_cursors (             -- the last seq taken from one relay's feed
        environment   TEXT NOT NULL,
        relay_url     TEXT NOT NULL,
        last_seq      INTEGER NOT NULL,
        updated_at    TEXT NOT NULL,
        PRIMARY KEY (environment, relay_url)
    );
    CREATE TABLE relay_refusals (            -- evidence: a delivery the relay served, refused
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        environment   TEXT NOT NULL,
        relay_url     TEXT NOT NULL,
        seq           INTEGER NOT NULL,
        reason        TEXT NOT NULL,           -- e.g. bad_signature, invalid_event
        forged        INTEGER NOT NULL,        -- 1: not signed by Pocket (the relay is suspect)
        headers       TEXT NOT NULL,           -- JSON object as served
        body          BLOB NOT NULL,           -- the raw bytes as served
        refused_at    TEXT NOT NULL
    );
    CREATE INDEX relay_refusals_by_relay ON relay_refusals (environment, relay_url);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
APPLICATION_ID = 0x506B6775  # "Pkgu": `PRAGMA application_id` marks a file as pocketgui's own
OUR_TABLES = frozenset({"environments", "challenges", "orders", "exchanges", "exchange_states",
                        "webhook_deliveries", "intents"})  # migration 1's, in every version


class StoreFileError(RuntimeError):
    """The data file cannot be opened as pocketgui's store; nothing was written to it. The
    message names the file and says what to do."""


class SchemaTooNew(StoreFileError):
    """The file was written by a newer pocketgui; opening it could lose data."""


class ForeignFile(StoreFileError):
    """The file is not pocketgui's (another application's database, or not a database)."""


class DamagedFile(StoreFileError):
    """SQLite's quick check found the file damaged."""


def check_file(connection: sqlite3.Connection, path: str,
               migrations: tuple[str, ...] = MIGRATIONS) -> None:
    """Refuse a file that is not ours, is newer than this pocketgui, or is damaged — using reads
    only, before the store writes anything (not even the switch to WAL).

    Ours: marked with `APPLICATION_ID`; or unmarked and either empty (a new file) or carrying
    our tables with a schema version (written before files were marked; marked on opening)."""
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise ForeignFile(
            f"{path} is not a pocketgui data file ({exc}); it was left untouched. Move it away "
            "(or choose another data folder) and start again; keep it if it holds your data."
        ) from exc
    new = not tables and version == 0
    unmarked_ours = tables >= OUR_TABLES and version >= 1
    ours = application_id == APPLICATION_ID or (application_id == 0 and (new or unmarked_ours))
    if not ours:
        raise ForeignFile(
            f"{path} is another application's database, not a pocketgui data file; it was left "
            "untouched. Move it away (or choose another data folder) and start again."
        )
    if version > len(migrations):
        raise SchemaTooNew(
            f"{path} was written by a newer pocketgui (data file version {version}, this one "
            f"reads up to {len(migrations)}); it was left untouched. Update pocketgui to open it."
        )
    try:
        problems = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    if problems != ["ok"]:
        raise DamagedFile(
            f"{path} is damaged ({'; '.join(problems[:3])}); it was left untouched. Keep a copy, "
            "then restore it from a backup (or move it away to start with an empty one) and "
            "contact pocketgui support."
        )


def migrate(connection: sqlite3.Connection, migrations: tuple[str, ...] = MIGRATIONS) -> int:
    """Run the missing migrations; answers the version reached."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > len(migrations):
        raise SchemaTooNew(
            f"this data file has schema version {version}, newer than this pocketgui "
            f"({len(migrations)}): update pocketgui to open it"
        )
    if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for number in range(version + 1, len(migrations) + 1):
        script = migrations[number - 1]
        try:
            connection.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
            )
        except sqlite3.Error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    return len(migrations)
