"""The chain in the sandbox's SQLite: blocks, transactions (mempool = no height), outputs with
their spender, and an index scripthash → transactions, so every wallet query is a lookup.

`chain_state.seq` counts changes to the chain; each transaction row remembers the `seq` at
which it entered the mempool or a block, so a server can ask what changed since it last looked.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

SCHEMA = """
CREATE TABLE IF NOT EXISTS chain_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    hot_secret TEXT NOT NULL,
    seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS chain_blocks (
    height INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    header BLOB NOT NULL,
    time INTEGER NOT NULL,
    size INTEGER NOT NULL,
    weight INTEGER NOT NULL,
    tx_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS chain_txs (
    txid TEXT PRIMARY KEY,
    raw BLOB NOT NULL,
    height INTEGER,
    position INTEGER,
    fee INTEGER NOT NULL,
    size INTEGER NOT NULL,
    weight INTEGER NOT NULL,
    seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS chain_txs_by_block ON chain_txs (height, position);
CREATE INDEX IF NOT EXISTS chain_txs_by_seq ON chain_txs (seq);
CREATE TABLE IF NOT EXISTS chain_outputs (
    txid TEXT NOT NULL,
    vout INTEGER NOT NULL,
    scripthash TEXT NOT NULL,
    script BLOB NOT NULL,
    value INTEGER NOT NULL,
    coinbase INTEGER NOT NULL,
    spent_txid TEXT,
    spent_vin INTEGER,
    PRIMARY KEY (txid, vout)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS chain_unspent ON chain_outputs (scripthash) WHERE spent_txid IS NULL;
CREATE TABLE IF NOT EXISTS chain_touches (
    scripthash TEXT NOT NULL,
    txid TEXT NOT NULL,
    PRIMARY KEY (scripthash, txid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS chain_touches_by_txid ON chain_touches (txid)
"""

@dataclass(frozen=True)
class Block:
    height: int
    hash: str
    header: bytes
    time: int
    size: int
    weight: int
    tx_count: int


@dataclass(frozen=True)
class TxRow:
    txid: str
    raw: bytes
    height: int | None  # None: in the mempool
    position: int | None
    fee: int
    size: int
    weight: int

    @property
    def vsize(self) -> int:
        return (self.weight + 3) // 4


@dataclass(frozen=True)
class Output:
    txid: str
    vout: int
    scripthash: str
    script: bytes
    value: int
    coinbase: bool
    spent_txid: str | None
    spent_vin: int | None


def _block(row: sqlite3.Row | None) -> Block | None:
    return None if row is None else Block(*tuple(row))


def _tx(row: sqlite3.Row | None) -> TxRow | None:
    return None if row is None else TxRow(*tuple(row))


_TX_COLUMNS = "txid, raw, height, position, fee, size, weight"
_BLOCK_COLUMNS = "height, hash, header, time, size, weight, tx_count"
_OUTPUT_COLUMNS = "txid, vout, scripthash, script, value, coinbase, spent_txid, spent_vin"


def next_seq(cx: sqlite3.Connection) -> int:
    cx.execute("UPDATE chain_state SET seq = seq + 1 WHERE id = 1")
    (seq,) = cx.execute("SELECT seq FROM chain_state WHERE id = 1").fetchone()
    return int(seq)


def seq(cx: sqlite3.Connection) -> int:
    row = cx.execute("SELECT seq FROM chain_state WHERE id = 1").fetchone()
    return 0 if row is None else int(row[0])


def tip(cx: sqlite3.Connection) -> Block | None:
    return _block(
        cx.execute(f"SELECT {_BLOCK_COLUMNS} FROM chain_blocks ORDER BY height DESC LIMIT 1")
        .fetchone()
    )


def block_at(cx: sqlite3.Connection, height: int) -> Block | None:
    return _block(
        cx.execute(f"SELECT {_BLOCK_COLUMNS} FROM chain_blocks WHERE height = ?", (height,))
        .fetchone()
    )


def block_by_hash(cx: sqlite3.Connection, block_hash: str) -> Block | None:
    return _block(
        cx.execute(f"SELECT {_BLOCK_COLUMNS} FROM chain_blocks WHERE hash = ?", (block_hash,))
        .fetchone()
    )


def blocks_down_from(cx: sqlite3.Connection, height: int, count: int) -> list[Block]:
    rows = cx.execute(
        f"SELECT {_BLOCK_COLUMNS} FROM chain_blocks WHERE height <= ? ORDER BY height DESC "
        "LIMIT ?", (height, count)).fetchall()
    return [Block(*tuple(row)) for row in rows]


def headers(cx: sqlite3.Connection, start: int, count: int) -> list[bytes]:
    rows = cx.execute(
        "SELECT header FROM chain_blocks WHERE height >= ? AND height < ? ORDER BY height",
        (start, start + count)).fetchall()
    return [bytes(row[0]) for row in rows]


def insert_block(cx: sqlite3.Connection, block: Block) -> None:
    cx.execute(
        f"INSERT INTO chain_blocks ({_BLOCK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (block.height, block.hash, block.header, block.time, block.size, block.weight,
         block.tx_count),
    )


def tx(cx: sqlite3.Connection, txid: str) -> TxRow | None:
    return _tx(cx.execute(f"SELECT {_TX_COLUMNS} FROM chain_txs WHERE txid = ?", (txid,))
               .fetchone())


def block_txids(cx: sqlite3.Connection, height: int) -> list[str]:
    rows = cx.execute(
        "SELECT txid FROM chain_txs WHERE height = ? ORDER BY position", (height,)).fetchall()
    return [row[0] for row in rows]


def block_txs(cx: sqlite3.Connection, height: int) -> list[TxRow]:
    rows = cx.execute(
        f"SELECT {_TX_COLUMNS} FROM chain_txs WHERE height = ? ORDER BY position", (height,)
    ).fetchall()
    return [TxRow(*tuple(row)) for row in rows]


def mempool(cx: sqlite3.Connection) -> list[TxRow]:
    """Unconfirmed transactions in the order they arrived (parents before children)."""
    rows = cx.execute(
        f"SELECT {_TX_COLUMNS} FROM chain_txs WHERE height IS NULL ORDER BY seq, rowid"
    ).fetchall()
    return [TxRow(*tuple(row)) for row in rows]


def insert_tx(cx: sqlite3.Connection, row: TxRow, seq_no: int) -> None:
    cx.execute(
        f"INSERT INTO chain_txs ({_TX_COLUMNS}, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (row.txid, row.raw, row.height, row.position, row.fee, row.size, row.weight, seq_no),
    )


def confirm(cx: sqlite3.Connection, txids: list[str], height: int, first_position: int,
            seq_no: int) -> None:
    cx.executemany(
        "UPDATE chain_txs SET height = ?, position = ?, seq = ? WHERE txid = ?",
        [(height, first_position + i, seq_no, txid) for i, txid in enumerate(txids)],
    )


def output(cx: sqlite3.Connection, txid: str, vout: int) -> Output | None:
    row = cx.execute(
        f"SELECT {_OUTPUT_COLUMNS} FROM chain_outputs WHERE txid = ? AND vout = ?", (txid, vout)
    ).fetchone()
    return None if row is None else Output(*tuple(row))


def outputs_of(cx: sqlite3.Connection, txid: str) -> list[Output]:
    rows = cx.execute(
        f"SELECT {_OUTPUT_COLUMNS} FROM chain_outputs WHERE txid = ? ORDER BY vout", (txid,)
    ).fetchall()
    return [Output(*tuple(row)) for row in rows]


def insert_outputs(cx: sqlite3.Connection, outputs: list[Output]) -> None:
    cx.executemany(
        f"INSERT INTO chain_outputs ({_OUTPUT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(o.txid, o.vout, o.scripthash, o.script, o.value, int(o.coinbase), o.spent_txid,
          o.spent_vin) for o in outputs],
    )


def spend(cx: sqlite3.Connection, txid: str, vout: int, by_txid: str, by_vin: int) -> Output:
    """Mark an output spent. Raises ValueError if it does not exist or is already spent."""
    spent = output(cx, txid, vout)
    if spent is None:
        raise ValueError(f"{txid}:{vout} does not exist")
    if spent.spent_txid is not None:
        raise ValueError(f"{txid}:{vout} is already spent")
    cx.execute(
        "UPDATE chain_outputs SET spent_txid = ?, spent_vin = ? WHERE txid = ? AND vout = ?",
        (by_txid, by_vin, txid, vout),
    )
    return spent


def touch(cx: sqlite3.Connection, pairs: set[tuple[str, str]]) -> None:
    cx.executemany(
        "INSERT OR IGNORE INTO chain_touches (scripthash, txid) VALUES (?, ?)", sorted(pairs))


def unspent(cx: sqlite3.Connection, scripthash: str) -> list[tuple[Output, int | None]]:
    """Unspent outputs of a script with the height of their transaction (None: mempool)."""
    rows = cx.execute(
        "SELECT o.txid, o.vout, o.scripthash, o.script, o.value, o.coinbase, o.spent_txid, "
        "o.spent_vin, t.height FROM chain_outputs o JOIN chain_txs t ON t.txid = o.txid "
        "WHERE o.scripthash = ? AND o.spent_txid IS NULL", (scripthash,)).fetchall()
    return [(Output(*tuple(row)[:8]), row[8]) for row in rows]


def spendable(cx: sqlite3.Connection, scripthash: str, next_height: int,
              maturity: int) -> list[tuple[Output, int | None]]:
    """Unspent outputs a transaction in block `next_height` may spend (coinbases mature)."""
    rows = cx.execute(
        "SELECT o.txid, o.vout, o.scripthash, o.script, o.value, o.coinbase, o.spent_txid, "
        "o.spent_vin, t.height FROM chain_outputs o JOIN chain_txs t ON t.txid = o.txid "
        "WHERE o.scripthash = ? AND o.spent_txid IS NULL "
        "AND (o.coinbase = 0 OR t.height + ? <= ?)", (scripthash, maturity, next_height),
    ).fetchall()
    return [(Output(*tuple(row)[:8]), row[8]) for row in rows]


def history(cx: sqlite3.Connection, scripthash: str) -> list[TxRow]:
    """Every transaction paying to or spending from a script: confirmed in chain order, then
    the mempool in arrival order."""
    rows = cx.execute(
        f"SELECT {', '.join('t.' + c for c in _TX_COLUMNS.split(', '))} FROM chain_touches h "
        "JOIN chain_txs t ON t.txid = h.txid WHERE h.scripthash = ? "
        "ORDER BY t.height IS NULL, t.height, t.position, t.seq, t.rowid", (scripthash,)
    ).fetchall()
    return [TxRow(*tuple(row)) for row in rows]


def scripthashes_changed_since(cx: sqlite3.Connection, since: int) -> set[str]:
    rows = cx.execute(
        "SELECT DISTINCT h.scripthash FROM chain_txs t JOIN chain_touches h ON h.txid = t.txid "
        "WHERE t.seq > ?", (since,)).fetchall()
    return {row[0] for row in rows}
