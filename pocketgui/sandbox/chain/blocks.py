"""Regtest consensus pieces: the genesis block, headers with proof of work, coinbases.

Regtest's rules (Bitcoin Core chainparams): nBits 0x207fffff, a 50 BTC subsidy halving every
150 blocks, coinbases spendable after 100 confirmations, BIP-34 heights, and the BIP-141
witness commitment in every coinbase (segwit is active from genesis).
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from embit import compact
from embit.script import Script, Witness
from embit.transaction import Transaction, TransactionInput, TransactionOutput

from pocketgui.sandbox.chain.hashing import merkle_root, sha256d, to_display

BITS = 0x207FFFFF
TARGET = 0x7FFFFF << (8 * (0x20 - 3))
GENESIS_HASH = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206"
HALVING_INTERVAL = 150
COINBASE_MATURITY = 100
SUBSIDY = 50 * 100_000_000
WITNESS_MAGIC = bytes.fromhex("aa21a9ed")
_NULL_OUTPOINT = bytes(32)

# Satoshi's genesis coinbase: "The Times 03/Jan/2009 …" paying 50 BTC to an uncompressed key.
GENESIS_COINBASE = bytes.fromhex(
    "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ff"
    "ff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272"
    "696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a010000"
    "00434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4"
    "f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000"
)
GENESIS_TIME = 1296688602
GENESIS_NONCE = 2


@dataclass(frozen=True)
class Header:
    version: int
    prev_hash: bytes  # internal byte order
    merkle_root: bytes
    time: int
    bits: int
    nonce: int

    def serialize(self) -> bytes:
        return (
            struct.pack("<i", self.version)
            + self.prev_hash
            + self.merkle_root
            + struct.pack("<III", self.time, self.bits, self.nonce)
        )

    @classmethod
    def parse(cls, raw: bytes) -> Header:
        (version,) = struct.unpack_from("<i", raw, 0)
        time, bits, nonce = struct.unpack_from("<III", raw, 68)
        return cls(version, raw[4:36], raw[36:68], time, bits, nonce)


def block_hash(header: bytes) -> bytes:
    return sha256d(header)


def meets_target(header: bytes) -> bool:
    return int.from_bytes(block_hash(header), "little") <= TARGET


def mine_header(prev_hash: bytes, merkle: bytes, time: int, version: int = 0x20000000) -> bytes:
    """A header with a nonce that meets regtest's target (about two tries on average)."""
    nonce = 0
    while True:
        raw = Header(version, prev_hash, merkle, time, BITS, nonce).serialize()
        if meets_target(raw):
            return raw
        nonce += 1


def genesis_header() -> bytes:
    merkle = sha256d(GENESIS_COINBASE)
    return Header(1, bytes(32), merkle, GENESIS_TIME, BITS, GENESIS_NONCE).serialize()


def subsidy(height: int) -> int:
    halvings = height // HALVING_INTERVAL
    return 0 if halvings >= 64 else SUBSIDY >> halvings


def _script_number(value: int) -> bytes:
    """A CScriptNum push of a non-negative height, as `CScript() << nHeight` writes it."""
    if value == 0:
        return b"\x00"
    if value <= 16:
        return bytes([0x50 + value])
    data = value.to_bytes((value.bit_length() + 8) // 8, "little")  # room for the sign bit
    return bytes([len(data)]) + data


def coinbase(height: int, script_pubkey: bytes, value: int, wtxids: list[bytes]) -> bytes:
    """The block's first transaction: BIP-34 height (and an OP_0, as Core's miner writes), the
    reward to `script_pubkey`, and the witness commitment over the block's other wtxids."""
    reserved = bytes(32)
    commitment = sha256d(merkle_root([bytes(32), *wtxids]) + reserved)
    tx = Transaction(
        version=2,
        vin=[
            TransactionInput(
                _NULL_OUTPOINT, 0xFFFFFFFF, Script(_script_number(height) + b"\x00"),
                0xFFFFFFFF, Witness([reserved]),
            )
        ],
        vout=[
            TransactionOutput(value, Script(script_pubkey)),
            TransactionOutput(0, Script(b"\x6a\x24" + WITNESS_MAGIC + commitment)),
        ],
        locktime=0,
    )
    return bytes(tx.serialize())


def sizes(tx: Transaction) -> tuple[int, int]:
    """(size, weight) of a transaction: weight = 3 × stripped size + full size (BIP-141)."""
    full = len(tx.serialize())
    stripped = 8 + len(compact.to_bytes(len(tx.vin))) + len(compact.to_bytes(len(tx.vout)))
    stripped += sum(len(inp.serialize()) for inp in tx.vin)
    stripped += sum(len(out.serialize()) for out in tx.vout)
    return full, 3 * stripped + full


def parse_tx(raw: bytes) -> Transaction:
    """Raises ValueError on anything that is not exactly one transaction."""
    stream = io.BytesIO(raw)
    try:
        tx = Transaction.read_from(stream)
    except Exception as exc:  # embit raises assorted errors on truncated or odd input
        raise ValueError("not a transaction") from exc
    if stream.read(1):
        raise ValueError("trailing bytes after the transaction")
    return tx


def display_hash(header: bytes) -> str:
    return to_display(block_hash(header))
