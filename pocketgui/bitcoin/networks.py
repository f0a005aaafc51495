"""Networks and single-key script types."""

from __future__ import annotations

from enum import StrEnum


class Network(StrEnum):
    MAINNET = "mainnet"
    TESTNET = "testnet"
    REGTEST = "regtest"


class ScriptType(StrEnum):
    """Single-key script types a hardware wallet account can use."""

    P2PKH = "p2pkh"  # legacy, BIP-44, 1… / m…
    P2SH_P2WPKH = "p2sh-p2wpkh"  # nested segwit, BIP-49, 3… / 2…
    P2WPKH = "p2wpkh"  # native segwit, BIP-84, bc1q… / tb1q… / bcrt1q…
