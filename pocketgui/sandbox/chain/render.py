"""Chain data in the shapes wallets read (shared by the Esplora routes and the Electrum
server), the merkle proofs they verify, and the checks on a transaction someone broadcasts."""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from embit import compact
from embit.ec import PublicKey, Signature
from embit.hashes import hash160
from embit.script import p2pkh
from embit.transaction import Transaction

from pocketgui.bitcoin.networks import Network
from pocketgui.sandbox.chain import blocks, ledger, node
from pocketgui.sandbox.chain.hashing import from_display, merkle_branch, merkle_levels, to_display
from pocketgui.sandbox.chain.scripts import address_of, asm, script_type

DIFFICULTY = 4.656542373906925e-10  # regtest's minimum difficulty, as Bitcoin Core reports it
FEE_TARGETS = (*range(1, 26), 144, 504, 1008)
RELAY_FEE = 1.0  # sat/vB
_CACHED_BLOCKS = 64
_CACHED_TXS = 20_000
_NULL_TXID = bytes(32)


class Rejected(ValueError):
    """A broadcast transaction the sandbox's node refuses (the message says why)."""


def fee_rate(target: int) -> float:
    """sat/vB for confirmation within `target` blocks: the sandbox's blocks take everything,
    so this is the relay fee, with a little more for the next block."""
    return 2.0 if target <= 2 else RELAY_FEE


def fee_histogram(pool: list[ledger.TxRow]) -> list[list[float | int]]:
    """[[fee rate, vsize]] from the highest rate down, as Electrum and Esplora answer."""
    bins: dict[float, int] = {}
    for row in pool:
        rate = round(row.fee / row.vsize, 1) if row.vsize else 0.0
        bins[rate] = bins.get(rate, 0) + row.vsize
    return [[rate, bins[rate]] for rate in sorted(bins, reverse=True)]


def is_coinbase_input(txid: bytes, vout: int) -> bool:
    return txid == _NULL_TXID and vout == 0xFFFFFFFF


@dataclass(frozen=True)
class Coin:
    """An output of a script, with where it was funded and spent (height None: mempool)."""

    output: ledger.Output
    height: int | None
    spent_height: int | None  # meaningful only when output.spent_txid is set


class Views:
    """One per running sandbox: its network, and caches that are safe because this chain never
    reorganises (a confirmed transaction's answer never changes)."""

    def __init__(self, network: Network) -> None:
        self.network = network
        self._lock = threading.Lock()
        self._levels: OrderedDict[int, list[list[bytes]]] = OrderedDict()
        self._txs: OrderedDict[str, dict[str, Any]] = OrderedDict()

    # -- blocks ----------------------------------------------------------------------------

    def block(self, cx: sqlite3.Connection, block: ledger.Block) -> dict[str, Any]:
        header = blocks.Header.parse(block.header)
        times = [b.time for b in ledger.blocks_down_from(cx, block.height, 11)]
        body: dict[str, Any] = {
            "id": block.hash, "height": block.height, "version": header.version,
            "timestamp": block.time, "tx_count": block.tx_count, "size": block.size,
            "weight": block.weight, "merkle_root": to_display(header.merkle_root),
        }
        if block.height > 0:
            body["previousblockhash"] = to_display(header.prev_hash)
        body.update(mediantime=sorted(times)[len(times) // 2], nonce=header.nonce,
                    bits=header.bits, difficulty=DIFFICULTY)
        return body

    def block_status(self, cx: sqlite3.Connection, block: ledger.Block) -> dict[str, Any]:
        following = ledger.block_at(cx, block.height + 1)
        return {"in_best_chain": True, "height": block.height,
                "next_best": None if following is None else following.hash}

    def raw_block(self, cx: sqlite3.Connection, block: ledger.Block) -> bytes:
        rows = ledger.block_txs(cx, block.height)
        return block.header + compact.to_bytes(len(rows)) + b"".join(r.raw for r in rows)

    def merkle_branch(self, cx: sqlite3.Connection, height: int, position: int) -> list[str]:
        """The branch of the transaction at `position`, display hex, leaf side first."""
        with self._lock:
            levels = self._levels.get(height)
            if levels is not None:
                self._levels.move_to_end(height)
        if levels is None:
            levels = merkle_levels([from_display(t) for t in ledger.block_txids(cx, height)])
            with self._lock:
                self._levels[height] = levels
                while len(self._levels) > _CACHED_BLOCKS:
                    self._levels.popitem(last=False)
        return [to_display(h) for h in merkle_branch(levels, position)]

    # -- transactions ----------------------------------------------------------------------

    def status(self, cx: sqlite3.Connection, height: int | None) -> dict[str, Any]:
        if height is None:
            return {"confirmed": False}
        block = ledger.block_at(cx, height)
        assert block is not None
        return {"confirmed": True, "block_height": height, "block_hash": block.hash,
                "block_time": block.time}

    def vout(self, script: bytes, value: int) -> dict[str, Any]:
        body: dict[str, Any] = {"scriptpubkey": script.hex(), "scriptpubkey_asm": asm(script),
                                "scriptpubkey_type": script_type(script)}
        address = address_of(script, self.network)
        if address is not None:
            body["scriptpubkey_address"] = address
        body["value"] = value
        return body

    def tx(self, cx: sqlite3.Connection, row: ledger.TxRow) -> dict[str, Any]:
        """Esplora's transaction: inputs with their prevouts, outputs, size, fee, status."""
        if row.height is not None:
            with self._lock:
                cached = self._txs.get(row.txid)
            if cached is not None:
                return cached
        tx = blocks.parse_tx(row.raw)
        vin = []
        for txin in tx.vin:
            coinbase = is_coinbase_input(txin.txid, txin.vout)
            spent = None if coinbase else ledger.output(cx, txin.txid.hex(), txin.vout)
            script_sig = bytes(txin.script_sig.data)
            entry: dict[str, Any] = {
                "txid": txin.txid.hex(), "vout": txin.vout,
                "prevout": None if spent is None else self.vout(spent.script, spent.value),
                "scriptsig": script_sig.hex(), "scriptsig_asm": asm(script_sig),
            }
            if txin.witness.items:
                entry["witness"] = [item.hex() for item in txin.witness.items]
            entry.update(is_coinbase=coinbase, sequence=txin.sequence)
            vin.append(entry)
        body = {
            "txid": row.txid, "version": tx.version, "locktime": tx.locktime, "vin": vin,
            "vout": [self.vout(bytes(o.script_pubkey.data), o.value) for o in tx.vout],
            "size": row.size, "weight": row.weight, "fee": row.fee,
            "status": self.status(cx, row.height),
        }
        if row.height is not None:
            with self._lock:
                self._txs[row.txid] = body
                while len(self._txs) > _CACHED_TXS:
                    self._txs.popitem(last=False)
        return body

    def outspend(self, cx: sqlite3.Connection, output: ledger.Output) -> dict[str, Any]:
        if output.spent_txid is None:
            return {"spent": False}
        spender = ledger.tx(cx, output.spent_txid)
        assert spender is not None
        return {"spent": True, "txid": output.spent_txid, "vin": output.spent_vin,
                "status": self.status(cx, spender.height)}

    # -- scripts ---------------------------------------------------------------------------

    def coins(self, cx: sqlite3.Connection, key: str) -> list[Coin]:
        """Every output ever paid to the script `key` (funded and spent heights)."""
        found = []
        for row in ledger.history(cx, key):
            for output in ledger.outputs_of(cx, row.txid):
                if output.scripthash != key:
                    continue
                spent_height = None
                if output.spent_txid is not None:
                    spender = ledger.tx(cx, output.spent_txid)
                    spent_height = None if spender is None else spender.height
                found.append(Coin(output, row.height, spent_height))
        return found

    def stats(self, cx: sqlite3.Connection, key: str) -> dict[str, Any]:
        """Esplora's chain_stats and mempool_stats of a script."""
        chain = dict.fromkeys(("funded_txo_count", "funded_txo_sum", "spent_txo_count",
                               "spent_txo_sum", "tx_count"), 0)
        pool = dict(chain)
        for coin in self.coins(cx, key):
            funded = chain if coin.height is not None else pool
            funded["funded_txo_count"] += 1
            funded["funded_txo_sum"] += coin.output.value
            if coin.output.spent_txid is not None:
                spent = chain if coin.spent_height is not None else pool
                spent["spent_txo_count"] += 1
                spent["spent_txo_sum"] += coin.output.value
        for row in ledger.history(cx, key):
            (chain if row.height is not None else pool)["tx_count"] += 1
        return {"chain_stats": chain, "mempool_stats": pool}

    # -- broadcast ---------------------------------------------------------------------------

    def accept(self, cx: sqlite3.Connection, raw: bytes, tx: Transaction) -> str:
        """Verify a transaction and put it in the mempool. The sandbox's node checks what its
        wallets can make: p2wpkh inputs with valid BIP-143 signatures, unspent, mature, worth
        at least the outputs. Raises Rejected."""
        txid = tx.txid().hex()
        if ledger.tx(cx, txid) is not None:
            raise Rejected("txn-already-known")
        if not tx.vin or not tx.vout:
            raise Rejected("bad-txns-vin-or-vout-empty")
        tip = ledger.tip(cx)
        assert tip is not None
        for index, txin in enumerate(tx.vin):
            spent = ledger.output(cx, txin.txid.hex(), txin.vout)
            if spent is None or spent.spent_txid is not None:
                raise Rejected("bad-txns-inputs-missingorspent")
            if spent.coinbase:
                funding = ledger.tx(cx, spent.txid)
                assert funding is not None and funding.height is not None
                if funding.height + blocks.COINBASE_MATURITY > tip.height + 1:
                    raise Rejected("bad-txns-premature-spend-of-coinbase")
            _verify_p2wpkh(tx, index, spent)
        try:
            node.add_transaction(cx, raw, tx, None, None, ledger.next_seq(cx))
        except ValueError as exc:
            raise Rejected(f"bad-txns: {exc}") from None
        return txid


def _verify_p2wpkh(tx: Transaction, index: int, spent: ledger.Output) -> None:
    script = spent.script
    if not (len(script) == 22 and script[:2] == b"\x00\x14"):
        raise Rejected("the sandbox's node verifies p2wpkh inputs only")
    items = tx.vin[index].witness.items
    if len(items) != 2 or not items[0] or hash160(items[1]) != script[2:]:
        raise Rejected("non-mandatory-script-verify-flag (witness program hash mismatch)")
    try:
        public = PublicKey.parse(items[1])
        signature = Signature.parse(items[0][:-1])
        digest = tx.sighash_segwit(index, p2pkh(public), spent.value, sighash=items[0][-1])
        valid = public.verify(signature, digest)
    except Exception:  # embit raises assorted errors on malformed keys and signatures
        valid = False
    if not valid:
        raise Rejected("mandatory-script-verify-flag-failed (Signature must be zero for failed "
                       "CHECK(MULTI)SIG operation)")
