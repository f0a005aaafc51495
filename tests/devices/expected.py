"""What embit derives from the mnemonic: the reference the device's answers are checked against."""

from __future__ import annotations

from embit import bip32, bip39, compact, script
from embit.hashes import double_sha256
from embit.networks import NETWORKS
from embit.util import secp256k1

from pocketgui.bitcoin import Network, ScriptType
from pocketgui.devices import Account

NET = {Network.MAINNET: "main", Network.TESTNET: "test", Network.REGTEST: "regtest"}
VERSION = {ScriptType.P2PKH: "xpub", ScriptType.P2SH_P2WPKH: "ypub", ScriptType.P2WPKH: "zpub"}


def root(mnemonic: str, passphrase: str = "") -> bip32.HDKey:
    return bip32.HDKey.from_seed(bip39.mnemonic_to_seed(mnemonic, password=passphrase))


def account_key(mnemonic: str, account: Account) -> str:
    node = root(mnemonic).derive(account.path)
    net = NETWORKS[NET[account.network]]
    return str(node.to_public().to_base58(version=net[VERSION[account.script_type]]))


def address(mnemonic: str, account: Account, index: int) -> str:
    pub = root(mnemonic).derive(account.address_path(index)).get_public_key()
    scripts = {
        ScriptType.P2PKH: script.p2pkh(pub),
        ScriptType.P2SH_P2WPKH: script.p2sh(script.p2wpkh(pub)),
        ScriptType.P2WPKH: script.p2wpkh(pub),
    }
    return str(scripts[account.script_type].address(NETWORKS[NET[account.network]]))


def legacy_address_at(mnemonic: str, path: str, network: Network) -> str:
    """The P2PKH address of the key at `path`, whatever the path's purpose."""
    pub = root(mnemonic).derive(path).get_public_key()
    return str(script.p2pkh(pub).address(NETWORKS[NET[network]]))


def signature_rs(mnemonic: str, path: str, message: str) -> bytes:
    """r‖s of embit's RFC 6979 signature (no grinding) over the Bitcoin message hash."""
    data = message.encode()
    digest = double_sha256(b"\x18Bitcoin Signed Message:\n" + compact.to_bytes(len(data)) + data)
    sig = root(mnemonic).derive(path).key.sign(digest, grind=False)
    return bytes(secp256k1.ecdsa_signature_serialize_compact(sig._sig))
