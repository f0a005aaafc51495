"""The simulated device's secrets: BIP-39 seed, BIP-32 nodes, addresses, message signatures.

Written against embit directly rather than pocketgui.bitcoin on purpose: the simulator plays
the device, and the tests check its answers with pocketgui.bitcoin, so the two must not share
code. Message signatures follow what Trezor firmware does: RFC 6979 deterministic ECDSA over
the Bitcoin message hash, compact recoverable form with a BIP-137 header byte.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from embit import bip32, bip39, compact, script
from embit.networks import NETWORKS
from embit.util import secp256k1

DEFAULT_MNEMONIC = (
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
)
HARDENED = 0x80000000

# InputScriptType values of the Trezor protocol (messages.InputScriptType).
SPENDADDRESS, SPENDMULTISIG, EXTERNAL, SPENDWITNESS, SPENDP2SHWITNESS, SPENDTAPROOT = range(6)


@dataclass(frozen=True)
class Coin:
    """The per-coin constants the firmware keeps (coin_name → network)."""

    name: str
    network: dict  # embit network table: address prefixes and xpub versions
    slip44: int  # the coin type a path's second level must have


COINS = {
    "Bitcoin": Coin("Bitcoin", NETWORKS["main"], 0),
    "Testnet": Coin("Testnet", NETWORKS["test"], 1),
    "Regtest": Coin("Regtest", NETWORKS["regtest"], 1),
}
# BIP-44/49/84/86: the script type each purpose is for (firmware's coin_path_check).
PURPOSE_SCRIPT = {44: SPENDADDRESS, 49: SPENDP2SHWITNESS, 84: SPENDWITNESS, 86: SPENDTAPROOT}

# SLIP-132 magic a Trezor puts on an xpub for a script type (unless ignore_xpub_magic).
_XPUB_MAGIC_KEY = {SPENDP2SHWITNESS: "ypub", SPENDWITNESS: "zpub"}


class UnknownCoin(ValueError):
    pass


class UnsupportedScript(ValueError):
    pass


class ForbiddenPath(ValueError):
    pass


def path_matches(coin_: Coin, script_type: int, path: list[int]) -> bool:
    """Does the path fit the script type and the coin (no warning)? Raises ForbiddenPath for a
    path of no known form, which the firmware's default safety checks refuse outright.

    The single-key part of the Trezor One's coin_path_check: m/purpose'/coin'/account'/change/i.
    """
    known = (
        len(path) == 5
        and path[0] & ~HARDENED in PURPOSE_SCRIPT
        and all(level & HARDENED for level in path[:3])
        and not path[3] & HARDENED
        and path[3] <= 1
        and not path[4] & HARDENED
    )
    if not known:
        raise ForbiddenPath("Forbidden key path")
    return bool(
        PURPOSE_SCRIPT[path[0] & ~HARDENED] == script_type and path[1] & ~HARDENED == coin_.slip44
    )


def coin(name: str | None) -> Coin:
    try:
        return COINS[name or "Bitcoin"]
    except KeyError:
        raise UnknownCoin(f"Invalid coin name: {name}") from None


def message_digest(message: bytes) -> bytes:
    """Bitcoin signed-message hash (Trezor uses the Bitcoin header for testnets too)."""
    data = b"\x18Bitcoin Signed Message:\n" + compact.to_bytes(len(message)) + message
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


@lru_cache(maxsize=16)
def root_key(mnemonic: str, passphrase: str) -> bip32.HDKey:
    """Master key of mnemonic + BIP-39 passphrase (PBKDF2 is slow: cached)."""
    seed = bip39.mnemonic_to_seed(mnemonic, password=passphrase)
    return bip32.HDKey.from_seed(seed)


def validate_mnemonic(mnemonic: str) -> str:
    normalized = " ".join(mnemonic.split())
    if not bip39.mnemonic_is_valid(normalized):
        raise ValueError("not a valid BIP-39 mnemonic")
    return normalized


def derive(root: bip32.HDKey, address_n: list[int]) -> bip32.HDKey:
    node = root
    for index in address_n:
        node = node.child(index & ~HARDENED, hardened=bool(index & HARDENED))
    return node


def xpub(node: bip32.HDKey, coin_: Coin, script_type: int, ignore_magic: bool) -> str:
    key = "xpub" if ignore_magic else _XPUB_MAGIC_KEY.get(script_type, "xpub")
    return str(node.to_public().to_base58(version=coin_.network[key]))


def output_script(node: bip32.HDKey, script_type: int) -> script.Script:
    pub = node.get_public_key()
    if script_type == SPENDADDRESS:
        return script.p2pkh(pub)
    if script_type == SPENDP2SHWITNESS:
        return script.p2sh(script.p2wpkh(pub))
    if script_type == SPENDWITNESS:
        return script.p2wpkh(pub)
    if script_type == SPENDTAPROOT:
        return script.p2tr(pub)
    raise UnsupportedScript("Unsupported script type")


def address(node: bip32.HDKey, coin_: Coin, script_type: int) -> str:
    return str(output_script(node, script_type).address(coin_.network))


def sign_message(
    node: bip32.HDKey, message: bytes, script_type: int, no_script_type: bool
) -> bytes:
    """65-byte signature: header (27 + 4 compressed + recid, +4 nested, +8 native) + r + s."""
    sig = secp256k1.ecdsa_sign_recoverable(message_digest(message), node.secret)
    rs, recid = secp256k1.ecdsa_recoverable_signature_serialize_compact(sig)
    header = 31 + recid
    if not no_script_type and script_type == SPENDP2SHWITNESS:
        header += 4
    elif not no_script_type and script_type == SPENDWITNESS:
        header += 8
    elif script_type not in (SPENDADDRESS, SPENDP2SHWITNESS, SPENDWITNESS):
        raise UnsupportedScript("Unsupported script type")
    return bytes([header]) + bytes(rs)


def fingerprint(node: bip32.HDKey) -> int:
    return int.from_bytes(node.my_fingerprint, "big")
