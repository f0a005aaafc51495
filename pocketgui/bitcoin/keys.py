"""Extended public keys in every common version, and address derivation at relative paths.

Pocket derives a fresh payout address from the order's extended key, so the app must derive
exactly the same addresses to recognise every payout as going to the person's own wallet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from embit import base58, bip32, ec

from pocketgui.bitcoin.addresses import decode_single_key_address, key_hash, public_key_address
from pocketgui.bitcoin.errors import InvalidExtendedKey
from pocketgui.bitcoin.networks import Network, ScriptType

_MAIN = frozenset({Network.MAINNET})
_TEST = frozenset({Network.TESTNET, Network.REGTEST})
# version bytes → (name, networks, script type it is bound to; None: any single-key type)
_PUBLIC_VERSIONS: dict[bytes, tuple[str, frozenset[Network], ScriptType | None]] = {
    bytes.fromhex("0488b21e"): ("xpub", _MAIN, None),
    bytes.fromhex("049d7cb2"): ("ypub", _MAIN, ScriptType.P2SH_P2WPKH),
    bytes.fromhex("04b24746"): ("zpub", _MAIN, ScriptType.P2WPKH),
    bytes.fromhex("043587cf"): ("tpub", _TEST, None),
    bytes.fromhex("044a5262"): ("upub", _TEST, ScriptType.P2SH_P2WPKH),
    bytes.fromhex("045f1cf6"): ("vpub", _TEST, ScriptType.P2WPKH),
}
_PRIVATE_VERSIONS = {
    bytes.fromhex(v): name
    for v, name in [
        ("0488ade4", "xprv"), ("049d7878", "yprv"), ("04b2430c", "zprv"),
        ("04358394", "tprv"), ("044a4e28", "uprv"), ("045f18bc", "vprv"),
        ("0295b005", "Yprv"), ("02aa7a99", "Zprv"), ("024285b5", "Uprv"), ("02575048", "Vprv"),
    ]
}  # fmt: skip
_MULTISIG_VERSIONS = {
    bytes.fromhex(v): name
    for v, name in [("0295b43f", "Ypub"), ("02aa7ed3", "Zpub"), ("024289ef", "Upub"),
                    ("02575483", "Vpub")]
}  # fmt: skip
_PATH_STEP = re.compile(r"0|[1-9][0-9]*")
_HARDENED = 0x80000000


@dataclass(frozen=True)
class ExtendedKey:
    text: str
    networks: frozenset[Network]  # xpub/ypub/zpub: mainnet; tpub/upub/vpub: testnet+regtest
    script_type: ScriptType | None  # ypub/upub → P2SH_P2WPKH, zpub/vpub → P2WPKH, xpub/tpub → None
    depth: int
    fingerprint: bytes  # parent fingerprint, 4 bytes
    public_key: bytes  # 33-byte compressed
    chain_code: bytes = b""
    child_number: int = 0

    @property
    def kind(self) -> str:
        """'xpub', 'zpub', … (its version's name)."""
        return self.text[:4]


def parse_extended_key(text: str) -> ExtendedKey:
    """Parse an xpub/ypub/zpub/tpub/upub/vpub. Raises InvalidExtendedKey (incl. private keys)."""
    if not isinstance(text, str) or not text:
        raise InvalidExtendedKey("no extended public key given")
    if len(text) > 120:  # 111 for every version; also bounds base58's quadratic decoding
        raise InvalidExtendedKey("too long for an extended public key")
    try:
        raw = bytes(base58.decode_check(text))
    except ValueError:
        raise InvalidExtendedKey(
            "not an extended public key (bad characters or checksum)"
        ) from None
    if len(raw) != 78:
        raise InvalidExtendedKey(f"not an extended key ({len(raw)} bytes instead of 78)")
    version, depth, fingerprint = raw[:4], raw[4], raw[5:9]
    child_number, chain_code, key = int.from_bytes(raw[9:13], "big"), raw[13:45], raw[45:]
    if version in _PRIVATE_VERSIONS:
        raise InvalidExtendedKey(
            f"this is a private key ({_PRIVATE_VERSIONS[version]}…): never share it; "
            "give the account's extended public key (xpub, ypub, zpub, …) instead"
        )
    if version in _MULTISIG_VERSIONS:
        raise InvalidExtendedKey(
            f"{_MULTISIG_VERSIONS[version]} keys are for multisig wallets; "
            "a single-key account is needed"
        )
    if version not in _PUBLIC_VERSIONS:
        raise InvalidExtendedKey("unknown extended key version (expected xpub/ypub/zpub/tpub/…)")
    if key[0] not in (2, 3):
        raise InvalidExtendedKey("the extended key does not hold a valid public key")
    try:
        ec.PublicKey.parse(key)
    except Exception:  # embit raises its own error types for off-curve points
        raise InvalidExtendedKey("the extended key's public key is not on the curve") from None
    if depth == 0 and (fingerprint != bytes(4) or child_number != 0):
        raise InvalidExtendedKey("a master key (depth 0) with a parent fingerprint or index")
    _, networks, script_type = _PUBLIC_VERSIONS[version]
    return ExtendedKey(
        text, networks, script_type, depth, fingerprint, key, chain_code, child_number
    )


def parse_relative_path(path: str) -> tuple[int, ...]:
    """'0/1' → (0, 1). Non-hardened, relative to the extended key; raises InvalidExtendedKey."""
    if not isinstance(path, str) or not path:
        raise InvalidExtendedKey("no derivation path given (expected e.g. 0/1)")
    if path.startswith("m"):
        raise InvalidExtendedKey(
            f"{path!r} is absolute; give the path below the extended key (e.g. 0/1)"
        )
    steps = []
    for step in path.split("/"):
        if step.endswith(("'", "h", "H")):
            raise InvalidExtendedKey(
                f"{path!r} has a hardened step, which a public key cannot derive"
            )
        if not _PATH_STEP.fullmatch(step) or len(step) > 10 or int(step) >= _HARDENED:
            raise InvalidExtendedKey(f"{path!r} is not a path like 0/1 (step {step!r})")
        steps.append(int(step))
    return tuple(steps)


def derive_address(
    extended_key: str, path: str, script_type: ScriptType | None, network: Network
) -> str:
    """Address of `script_type` at relative `path` below the key.

    script_type None means the key version's own type (xpub/tpub: P2PKH). Raises
    InvalidExtendedKey when the key's version does not fit `network` or `script_type`.
    """
    key = parse_extended_key(extended_key)
    chosen = _script_type_for(key, script_type, network)
    return public_key_address(_derive(key, parse_relative_path(path)), chosen, network)


def find_address_in_gap(
    extended_key: str, address: str, network: Network, gap_limit: int, start: int = 0
) -> str | None:
    """Relative path ('0/i' or '1/i') at which the key derives `address`, looking at indexes
    start..start+gap_limit-1 of the receive and change chains, in the address's own script type;
    None when it is not there."""
    key = parse_extended_key(extended_key)
    script_type, payload = decode_single_key_address(address, network)
    if start < 0 or gap_limit < 0 or start + gap_limit > _HARDENED:
        raise InvalidExtendedKey(f"index range {start}+{gap_limit} is outside 0..2^31-1")
    if key.script_type not in (None, script_type):
        return None  # a zpub/ypub never pays to another type; the network still has to fit
    _script_type_for(key, script_type, network)
    chains = [(chain, _hd(key).child(chain)) for chain in (0, 1)]
    for index in range(start, start + gap_limit):
        for chain, node in chains:
            if key_hash(bytes(node.child(index).sec()), script_type) == payload:
                return f"{chain}/{index}"
    return None


def _script_type_for(key: ExtendedKey, wanted: ScriptType | None, network: Network) -> ScriptType:
    if network not in key.networks:
        where = "mainnet" if key.networks == _MAIN else "testnet/regtest"
        raise InvalidExtendedKey(
            f"a {key.kind} is a {where} key and cannot derive {network.value} addresses"
        )
    if wanted is None:
        return key.script_type or ScriptType.P2PKH
    wanted = ScriptType(wanted)
    if key.script_type not in (None, wanted):
        raise InvalidExtendedKey(
            f"a {key.kind} is for {key.script_type.value} addresses, not {wanted.value}"
        )
    return wanted


def _hd(key: ExtendedKey) -> bip32.HDKey:
    return bip32.HDKey(
        ec.PublicKey.parse(key.public_key),
        key.chain_code,
        depth=key.depth,
        fingerprint=key.fingerprint,
        child_number=key.child_number,
    )


def _derive(key: ExtendedKey, path: tuple[int, ...]) -> bytes:
    if key.depth + len(path) > 255:
        raise InvalidExtendedKey("the path is deeper than BIP-32 allows (255)")
    node = _hd(key)
    for index in path:
        node = node.child(index)
    return bytes(node.sec())
