"""Double-SHA256, display-order hex, scripthashes and merkle trees as Bitcoin defines them.

Hand-written because embit has no merkle tree; each function is a few lines of the consensus
rules (Bitcoin duplicates the last hash of an odd level).
"""

from __future__ import annotations

import hashlib


def sha256d(data: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def to_display(digest: bytes) -> str:
    """Internal byte order → the hex wallets and explorers show (reversed)."""
    return digest[::-1].hex()


def from_display(text: str) -> bytes:
    """Display hex → internal byte order. Raises ValueError unless 64 hex digits."""
    if len(text) != 64:
        raise ValueError("a hash is 64 hex digits")
    return bytes.fromhex(text)[::-1]


def scripthash(script: bytes) -> str:
    """Electrum's and Esplora's key of an output script: sha256, shown reversed."""
    return hashlib.sha256(script).digest()[::-1].hex()


def merkle_levels(hashes: list[bytes]) -> list[list[bytes]]:
    """Every level of the tree, leaves first, root last (an empty list's root is 32 zeros)."""
    level = list(hashes) or [bytes(32)]
    levels = [level]
    while len(level) > 1:
        if len(level) % 2:
            level = [*level, level[-1]]
        level = [sha256d(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
        levels.append(level)
    return levels


def merkle_root(hashes: list[bytes]) -> bytes:
    return merkle_levels(hashes)[-1][0]


def merkle_branch(levels: list[list[bytes]], index: int) -> list[bytes]:
    """The sibling hashes from leaf `index` up to (not including) the root."""
    branch = []
    for level in levels[:-1]:
        sibling = index ^ 1
        branch.append(level[sibling] if sibling < len(level) else level[index])
        index //= 2
    return branch

