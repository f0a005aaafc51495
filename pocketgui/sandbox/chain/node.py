"""The simulated node and Pocket's hot wallet: mine blocks, pay addresses, answer the tip.

The hot wallet is one p2wpkh key of this sandbox (kept in its database), funded by the
coinbases it mines: the chain starts with 100 blocks on top of genesis, so the first coinbase
is spendable in the next block. A payment spends confirmed mature coins first, then its own
unconfirmed change (a chain of payouts between blocks, as an exchange's hot wallet makes).
Every mined block takes the whole mempool.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from embit import compact
from embit.ec import PrivateKey, PublicKey
from embit.script import Script, Witness, p2pkh, p2wpkh
from embit.transaction import Transaction, TransactionInput, TransactionOutput

from pocketgui.sandbox.chain import blocks, ledger
from pocketgui.sandbox.chain.hashing import from_display, merkle_root, scripthash, sha256d

INITIAL_HEIGHT = 100
BLOCK_SPACING = 600
DUST = 294  # below this a p2wpkh change output is uneconomic: it goes to the fee instead
SEQUENCE_RBF = 0xFFFFFFFD  # what Bitcoin Core's wallet writes by default


class InsufficientFunds(Exception):
    """The hot wallet's spendable coins do not cover the payment and its fee."""


@dataclass(frozen=True)
class Sent:
    txid: str
    vout: int  # the payee's output
    fee: int


@dataclass(frozen=True)
class HotWallet:
    key: PrivateKey
    public: PublicKey
    script: bytes
    scripthash: str


@lru_cache(maxsize=16)
def _wallet(secret_hex: str) -> HotWallet:
    key = PrivateKey(bytes.fromhex(secret_hex))
    public = key.get_public_key()
    script = bytes(p2wpkh(public).data)
    return HotWallet(key, public, script, scripthash(script))


def hot_wallet(cx: sqlite3.Connection) -> HotWallet:
    (secret_hex,) = cx.execute("SELECT hot_secret FROM chain_state WHERE id = 1").fetchone()
    return _wallet(secret_hex)


def start(cx: sqlite3.Connection) -> None:
    """A new database gets the starting chain (a copy of `_starting_chain`); a kept one is left
    as it is."""
    if ledger.tip(cx) is not None:
        return
    for table, rows in _starting_chain().items():
        marks = ", ".join("?" * len(rows[0]))
        cx.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


_CHAIN_TABLES = ("chain_state", "chain_blocks", "chain_txs", "chain_outputs", "chain_touches")
_starting: tuple[float, dict[str, list[tuple[Any, ...]]]] | None = None
_starting_lock = threading.Lock()


def _starting_chain() -> dict[str, list[tuple[Any, ...]]]:
    """The rows of the regtest genesis block and INITIAL_HEIGHT mined blocks, with a fresh hot
    wallet key. Mined once per process and copied into every new database (a test run starts
    hundreds of sandboxes), so the sandboxes of one process share the starting blocks and the
    hot wallet key; mined again once older than a block interval, so a new chain's tip stays
    about as recent as a real one's."""
    global _starting
    with _starting_lock:
        if _starting is None or time.monotonic() - _starting[0] > BLOCK_SPACING:
            _starting = (time.monotonic(), _mine_starting_chain())
        return _starting[1]


def _mine_starting_chain() -> dict[str, list[tuple[Any, ...]]]:
    cx = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for statement in ledger.SCHEMA.split(";"):
            if statement.strip():
                cx.execute(statement)
        cx.execute("BEGIN")
        cx.execute("INSERT INTO chain_state (id, hot_secret, seq) VALUES (1, ?, 0)",
                   (secrets.token_bytes(32).hex(),))
        header = blocks.genesis_header()
        genesis = blocks.parse_tx(blocks.GENESIS_COINBASE)
        size, weight = blocks.sizes(genesis)
        ledger.insert_block(cx, ledger.Block(0, blocks.display_hash(header), header,
                                             blocks.GENESIS_TIME, 80 + 1 + size, 4 * 81 + weight,
                                             1))
        # Its output is not indexed: Bitcoin never added the genesis coinbase to the UTXO set.
        ledger.insert_tx(cx, ledger.TxRow(genesis.txid().hex(), blocks.GENESIS_COINBASE, 0, 0, 0,
                                          size, weight), 0)
        # Ten minutes apart up to now, so the chain's clock does not run ahead of the wall clock.
        mine(cx, INITIAL_HEIGHT, first_time=int(time.time()) - BLOCK_SPACING * INITIAL_HEIGHT)
        return {table: cx.execute(f"SELECT * FROM {table}").fetchall()
                for table in _CHAIN_TABLES}
    finally:
        cx.close()


def add_transaction(cx: sqlite3.Connection, raw: bytes, tx: Transaction, height: int | None,
                    position: int | None, seq_no: int, coinbase: bool = False) -> ledger.TxRow:
    """Record a transaction, spend its inputs and index its scripts. Raises ValueError if an
    input is missing or spent, or the outputs are worth more than the inputs."""
    txid = tx.txid().hex()
    touches: set[tuple[str, str]] = set()
    fee = 0
    if not coinbase:
        spent_value = 0
        for index, txin in enumerate(tx.vin):
            spent = ledger.spend(cx, txin.txid.hex(), txin.vout, txid, index)
            spent_value += spent.value
            touches.add((spent.scripthash, txid))
        fee = spent_value - sum(out.value for out in tx.vout)
        if fee < 0:
            raise ValueError("the outputs are worth more than the inputs")
    outputs = []
    for vout, out in enumerate(tx.vout):
        script = bytes(out.script_pubkey.data)
        outputs.append(ledger.Output(txid, vout, scripthash(script), script, out.value,
                                     coinbase, None, None))
        touches.add((outputs[-1].scripthash, txid))
    size, weight = blocks.sizes(tx)
    row = ledger.TxRow(txid, raw, height, position, fee, size, weight)
    ledger.insert_tx(cx, row, seq_no)
    ledger.insert_outputs(cx, outputs)
    ledger.touch(cx, touches)
    return row


def mine(cx: sqlite3.Connection, count: int, first_time: int | None = None) -> int:
    """Mine `count` blocks (the first takes the mempool) paying the hot wallet. Answers the
    new tip height. Times: now (or `first_time` plus ten minutes a block), and always after
    the previous block's."""
    wallet = hot_wallet(cx)
    seq_no = ledger.next_seq(cx)
    tip = ledger.tip(cx)
    assert tip is not None
    for number in range(count):
        pool = ledger.mempool(cx)
        height = tip.height + 1
        reward = blocks.subsidy(height) + sum(row.fee for row in pool)
        coinbase_raw = blocks.coinbase(height, wallet.script, reward,
                                       [sha256d(row.raw) for row in pool])
        coinbase = blocks.parse_tx(coinbase_raw)
        merkle = merkle_root([coinbase.hash()] + [from_display(row.txid) for row in pool])
        planned = int(time.time()) if first_time is None else first_time + number * BLOCK_SPACING
        block_time = max(planned, tip.time + 1)
        header = blocks.mine_header(from_display(tip.hash), merkle, block_time)
        cb_size, cb_weight = blocks.sizes(coinbase)
        prefix = 80 + len(compact.to_bytes(len(pool) + 1))
        tip = ledger.Block(height, blocks.display_hash(header), header, block_time,
                           prefix + cb_size + sum(row.size for row in pool),
                           4 * prefix + cb_weight + sum(row.weight for row in pool),
                           len(pool) + 1)
        ledger.insert_block(cx, tip)
        ledger.confirm(cx, [row.txid for row in pool], height, 1, seq_no)
        add_transaction(cx, coinbase_raw, coinbase, height, 0, seq_no, coinbase=True)
    return tip.height


def pay(cx: sqlite3.Connection, payee_script: bytes, value: int, fee: int,
        payee_first: bool = True) -> Sent:
    """A signed transaction from the hot wallet: `value` to `payee_script`, change back, `fee`
    to the miner. It waits in the mempool for the next block."""
    wallet = hot_wallet(cx)
    tip = ledger.tip(cx)
    assert tip is not None
    need = value + fee
    chosen, total = _select_coins(cx, wallet, tip.height + 1, need)
    change = total - need
    payee = TransactionOutput(value, Script(payee_script))
    outputs = [payee]
    if change >= DUST:
        change_out = TransactionOutput(change, Script(wallet.script))
        outputs = [payee, change_out] if payee_first else [change_out, payee]
    tx = Transaction(
        version=2,
        vin=[TransactionInput(bytes.fromhex(c.txid), c.vout, sequence=SEQUENCE_RBF)
             for c in chosen],
        vout=outputs,
        locktime=0,
    )
    _sign(tx, wallet, [c.value for c in chosen])
    raw = bytes(tx.serialize())
    row = add_transaction(cx, raw, tx, None, None, ledger.next_seq(cx))
    return Sent(row.txid, outputs.index(payee), row.fee)


def _select_coins(cx: sqlite3.Connection, wallet: HotWallet, next_height: int,
                  need: int) -> tuple[list[ledger.Output], int]:
    """Confirmed mature coins first (largest first), then unconfirmed change. At least one coin,
    even when nothing is needed (a payout of 0 sat): a transaction without inputs is invalid,
    and two of them with the same output would share a txid."""
    spendable = ledger.spendable(cx, wallet.scripthash, next_height, blocks.COINBASE_MATURITY)
    spendable.sort(key=lambda pair: (pair[1] is None, -pair[0].value))
    chosen: list[ledger.Output] = []
    total = 0
    for output, _height in spendable:
        if chosen and total >= need:
            break
        chosen.append(output)
        total += output.value
    if total < need:
        raise InsufficientFunds(f"the hot wallet has {total} sat spendable, {need} needed")
    return chosen, total


def _sign(tx: Transaction, wallet: HotWallet, values: list[int]) -> None:
    """BIP-143 signatures (SIGHASH_ALL) for p2wpkh inputs of the hot wallet."""
    script_code = p2pkh(wallet.public)
    public = wallet.public.sec()
    for index, value in enumerate(values):
        digest = tx.sighash_segwit(index, script_code, value)
        signature = wallet.key.sign(digest).serialize() + b"\x01"
        tx.vin[index].witness = Witness([signature, public])
