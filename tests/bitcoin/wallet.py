"""Keys of the standard test mnemonic, derived with embit exactly as a hardware wallet would."""

from __future__ import annotations

from functools import cache

from embit import bip32, bip39
from embit.networks import NETWORKS

from pocketgui.bitcoin import Network, ScriptType

MNEMONIC = " ".join(["abandon"] * 11 + ["about"])
PURPOSE = {ScriptType.P2PKH: 44, ScriptType.P2SH_P2WPKH: 49, ScriptType.P2WPKH: 84}
_EMBIT_NET = {Network.MAINNET: "main", Network.TESTNET: "test", Network.REGTEST: "regtest"}
_PUB_VERSION = {ScriptType.P2PKH: "xpub", ScriptType.P2SH_P2WPKH: "ypub", ScriptType.P2WPKH: "zpub"}


@cache
def root() -> bip32.HDKey:
    return bip32.HDKey.from_seed(bip39.mnemonic_to_seed(MNEMONIC))


def coin(network: Network) -> int:
    return 0 if network is Network.MAINNET else 1


def account(script_type: ScriptType, network: Network) -> bip32.HDKey:
    return root().derive(f"m/{PURPOSE[script_type]}h/{coin(network)}h/0h")


def account_xpub(script_type: ScriptType, network: Network, slip132: bool = True) -> str:
    """The account's extended public key: ypub/zpub (SLIP-132) or a plain xpub/tpub."""
    name = _PUB_VERSION[script_type] if slip132 else "xpub"
    version = NETWORKS[_EMBIT_NET[network]][name]
    return str(account(script_type, network).to_public(version=version).to_base58())


def private_key(script_type: ScriptType, network: Network, index: int = 0) -> bytes:
    """Secret of the first receive address (…/0/index) of the BIP-44/49/84 account."""
    return bytes(account(script_type, network).derive([0, index]).key.serialize())
