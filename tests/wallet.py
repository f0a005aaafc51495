"""The one test wallet: BIP-39 `abandon … about`, signing as real wallets do.

Every test that needs a key of its own (an order placed by hand, an address the person does not
own) takes it from here, so the seed, paths and signing conventions are written once.
"""

from __future__ import annotations

from typing import Literal

from embit import bip32, bip39
from embit.networks import NETWORKS

from pocketgui.bitcoin import Network, ScriptType, derive_address, sign_message

MNEMONIC = " ".join(["abandon"] * 11 + ["about"])
DEBITOR_IBAN = "DE75512108001245126199"
PURPOSE = {ScriptType.P2PKH: 44, ScriptType.P2SH_P2WPKH: 49, ScriptType.P2WPKH: 84}
PUB_VERSION = {ScriptType.P2PKH: "xpub", ScriptType.P2SH_P2WPKH: "ypub", ScriptType.P2WPKH: "zpub"}
ROOT = bip32.HDKey.from_seed(bip39.mnemonic_to_seed(MNEMONIC))


class Wallet:
    """One account of the test seed on regtest/testnet (coin type 1) or mainnet (0)."""

    def __init__(self, script_type: ScriptType = ScriptType.P2WPKH,
                 network: Network = Network.REGTEST, *, account: int = 0) -> None:
        self.script_type = script_type
        self.network = network
        coin = 0 if network is Network.MAINNET else 1
        self.account = ROOT.derive(f"m/{PURPOSE[script_type]}h/{coin}h/{account}h")
        versions = NETWORKS["main" if network is Network.MAINNET else "regtest"]
        self.xpub = self.account.to_public().to_string(version=versions[PUB_VERSION[script_type]])

    def address(self, path: str = "0/0") -> str:
        return derive_address(self.xpub, path, self.script_type, self.network)

    def sign(self, message: str, path: str = "0/0",
             convention: Literal["electrum", "bip137"] = "electrum") -> str:
        secret = self.account.derive(f"m/{path}").key.secret
        return sign_message(secret, message, self.script_type, convention)
