"""Extended public keys in every common version, and address derivation at relative paths."""

from __future__ import annotations

from dataclasses import dataclass

from pocketgui.bitcoin.networks import Network, ScriptType


@dataclass(frozen=True)
class ExtendedKey:
    text: str
    networks: frozenset[Network]  # xpub/ypub/zpub: mainnet; tpub/upub/vpub: testnet+regtest
    script_type: ScriptType | None  # ypub/upub → P2SH_P2WPKH, zpub/vpub → P2WPKH, xpub/tpub → None
    depth: int
    fingerprint: bytes  # parent fingerprint, 4 bytes
    public_key: bytes  # 33-byte compressed


def parse_extended_key(text: str) -> ExtendedKey:
    """Parse an xpub/ypub/zpub/tpub/upub/vpub. Raises InvalidExtendedKey (incl. private keys)."""
    raise NotImplementedError


def parse_relative_path(path: str) -> tuple[int, ...]:
    """'0/1' → (0, 1). Non-hardened, relative to the extended key; raises InvalidExtendedKey."""
    raise NotImplementedError


def derive_address(
    extended_key: str, path: str, script_type: ScriptType | None, network: Network
) -> str:
    """Address of `script_type` at relative `path` below the key.

    script_type None means the key version's own type (xpub/tpub: P2PKH). Raises
    InvalidExtendedKey when the key's version does not fit `network` or `script_type`.
    """
    raise NotImplementedError


def find_address_in_gap(
    extended_key: str, address: str, network: Network, gap_limit: int, start: int = 0
) -> str | None:
    """Relative path ('0/i' or '1/i') at which the key derives `address`, looking at indexes
    start..start+gap_limit-1 of the receive and change chains, in the address's own script type;
    None when it is not there."""
    raise NotImplementedError
