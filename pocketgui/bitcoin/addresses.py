"""Address parsing: which network and which single-key script type an address is.

Only single-key types can prove ownership with a signed message, so everything else is
recognised (to say precisely why it is refused) but never treated as verifiable.
"""

from __future__ import annotations

from dataclasses import dataclass

from embit import base58

from pocketgui.bitcoin import _bech32
from pocketgui.bitcoin._secp import hash160
from pocketgui.bitcoin.errors import BitcoinError, InvalidAddress, UnsupportedAddressType
from pocketgui.bitcoin.networks import Network, ScriptType

_TEST_AND_REGTEST = frozenset({Network.TESTNET, Network.REGTEST})
_MAINNET = frozenset({Network.MAINNET})

# base58 version byte → (networks, script type); testnet and regtest share their prefixes.
_BASE58: dict[int, tuple[frozenset[Network], ScriptType]] = {
    0x00: (_MAINNET, ScriptType.P2PKH),
    0x05: (_MAINNET, ScriptType.P2SH_P2WPKH),
    0x6F: (_TEST_AND_REGTEST, ScriptType.P2PKH),
    0xC4: (_TEST_AND_REGTEST, ScriptType.P2SH_P2WPKH),
}
_BASE58_PREFIX = {(n, t): v for v, (nets, t) in _BASE58.items() for n in nets}
BECH32_HRP = {Network.MAINNET: "bc", Network.TESTNET: "tb", Network.REGTEST: "bcrt"}
_HRP_NETWORK = {hrp: n for n, hrp in BECH32_HRP.items()}

_MAX_LENGTH = 90  # bech32's limit; base58 addresses are 26–35 characters
_TAPROOT_HELP = (
    "taproot (witness v1) addresses can only prove ownership with BIP-322, which hardware "
    "wallets cannot produce through HWI yet; use a native segwit, nested segwit or legacy "
    "address of the same wallet"
)
_P2WSH_HELP = (
    "P2WSH addresses belong to scripts (multisig, timelocks) and have no single key that "
    "could sign a message; use a single-key address"
)


@dataclass(frozen=True)
class _Decoded:
    networks: frozenset[Network]
    script_type: ScriptType | None  # None: valid but not single-key
    payload: bytes  # the 20-byte hash of the address (or the witness program)
    unsupported: str = ""  # why script_type is None


def address_network(address: str) -> set[Network]:
    """Networks the address is valid on (testnet and regtest share base58 prefixes).

    Raises InvalidAddress when it is not a bitcoin address at all.
    """
    return set(_decode(address).networks)


def address_script_type(address: str, network: Network) -> ScriptType:
    """Script type of a valid address on `network`.

    Raises InvalidAddress (malformed, wrong network) or UnsupportedAddressType (taproot, p2wsh,
    future witness versions). A P2SH address answers P2SH_P2WPKH: the only single-key P2SH.
    """
    return decode_single_key_address(address, network)[0]


def decode_single_key_address(address: str, network: Network) -> tuple[ScriptType, bytes]:
    """(script type, 20-byte hash in the address): what a key must hash to for it to match."""
    decoded = _decode(address)
    if network not in decoded.networks:
        found = " or ".join(sorted(n.value for n in decoded.networks))
        raise InvalidAddress(f"{address} is a {found} address, not a {network.value} one")
    if decoded.script_type is None:
        raise UnsupportedAddressType(decoded.unsupported)
    return decoded.script_type, decoded.payload


def key_hash(public_key: bytes, script_type: ScriptType) -> bytes:
    """The 20-byte hash a `script_type` address of this key carries.

    Segwit needs a compressed key; an uncompressed one gets a BitcoinError.
    """
    script_type = ScriptType(script_type)
    if script_type is not ScriptType.P2PKH and len(public_key) != 33:
        raise BitcoinError("segwit addresses need a compressed public key")
    pkh = hash160(public_key)
    if script_type is ScriptType.P2SH_P2WPKH:
        return hash160(b"\x00\x14" + pkh)
    return pkh


def public_key_address(public_key: bytes, script_type: ScriptType, network: Network) -> str:
    """Address of `script_type` for a SEC public key on `network`."""
    payload = key_hash(public_key, script_type)
    if script_type == ScriptType.P2WPKH:
        return _bech32.encode(BECH32_HRP[network], [0, *_bech32.to_words(payload)])
    prefix = _BASE58_PREFIX[Network(network), ScriptType(script_type)]
    return str(base58.encode_check(bytes([prefix]) + payload))


def _decode(address: str) -> _Decoded:
    if not isinstance(address, str) or not address:
        raise InvalidAddress("no address given")
    if len(address) > _MAX_LENGTH:
        raise InvalidAddress(f"too long for a bitcoin address ({len(address)} characters)")
    if address.lower().startswith(tuple(hrp + "1" for hrp in _HRP_NETWORK)):
        return _decode_segwit(address)
    return _decode_base58(address)


def _decode_base58(address: str) -> _Decoded:
    try:
        raw = base58.decode_check(address)
    except ValueError as exc:
        reason = "checksum does not match (a typo?)" if "hecksum" in str(exc) else str(exc)
        raise InvalidAddress(f"{address!r} is not a bitcoin address: {reason}") from None
    if len(raw) != 21 or raw[0] not in _BASE58:
        raise InvalidAddress(f"{address!r} is not a bitcoin address (unknown version or size)")
    networks, script_type = _BASE58[raw[0]]
    return _Decoded(networks, script_type, bytes(raw[1:]))


def _decode_segwit(address: str) -> _Decoded:
    try:
        hrp, data, encoding = _bech32.decode(address)
    except BitcoinError as exc:
        raise InvalidAddress(f"{address!r} is not a bitcoin address: {exc}") from None
    if hrp not in _HRP_NETWORK or not data:
        raise InvalidAddress(f"{address!r} is not a bitcoin address (unknown prefix {hrp!r})")
    version, program = data[0], _bech32.to_bytes(data[1:])
    if version > 16 or program is None or not 2 <= len(program) <= 40:
        raise InvalidAddress(f"{address!r} is not a valid segwit address")
    expected = _bech32.BECH32 if version == 0 else _bech32.BECH32M
    if encoding != expected:
        raise InvalidAddress(f"{address!r} has the wrong checksum variant for witness v{version}")
    networks = frozenset({_HRP_NETWORK[hrp]})
    if version == 0 and len(program) == 20:
        return _Decoded(networks, ScriptType.P2WPKH, program)
    if version == 0 and len(program) == 32:
        return _Decoded(networks, None, program, _P2WSH_HELP)
    if version == 0:
        raise InvalidAddress(f"{address!r} is not a valid segwit address (program size)")
    if version == 1 and len(program) == 32:
        return _Decoded(networks, None, program, _TAPROOT_HELP)
    return _Decoded(networks, None, program, f"witness v{version} addresses are not supported")
