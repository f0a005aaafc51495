"""Output scripts as explorers show them: address ↔ script, Esplora's type names and asm."""

from __future__ import annotations

from functools import lru_cache

from embit.networks import NETWORKS
from embit.script import Script, address_to_scriptpubkey

from pocketgui.bitcoin.addresses import address_network
from pocketgui.bitcoin.errors import BitcoinError
from pocketgui.bitcoin.networks import Network

_EMBIT_NETWORK = {Network.MAINNET: NETWORKS["main"], Network.TESTNET: NETWORKS["test"],
                  Network.REGTEST: NETWORKS["regtest"]}

# rust-bitcoin's names (Esplora prints its asm); the rest print as OP_UNKNOWN (rare here).
_OPCODES = {
    0x00: "OP_0", 0x4F: "OP_PUSHNUM_NEG1", 0x61: "OP_NOP", 0x63: "OP_IF", 0x64: "OP_NOTIF",
    0x67: "OP_ELSE", 0x68: "OP_ENDIF", 0x69: "OP_VERIFY", 0x6A: "OP_RETURN", 0x75: "OP_DROP",
    0x76: "OP_DUP", 0x82: "OP_SIZE", 0x87: "OP_EQUAL", 0x88: "OP_EQUALVERIFY",
    0xA8: "OP_SHA256", 0xA9: "OP_HASH160", 0xAA: "OP_HASH256", 0xAC: "OP_CHECKSIG",
    0xAD: "OP_CHECKSIGVERIFY", 0xAE: "OP_CHECKMULTISIG", 0xAF: "OP_CHECKMULTISIGVERIFY",
    0xB1: "OP_CLTV", 0xB2: "OP_CSV", 0xBA: "OP_CHECKSIGADD",
}


class InvalidChainAddress(ValueError):
    """Not an address this chain can pay (malformed, or of another network)."""


def script_for_address(address: str, network: Network) -> bytes:
    """The output script of `address` on `network`; raises InvalidChainAddress."""
    try:
        if network not in address_network(address):
            raise InvalidChainAddress(f"{address} is not an address on {network}")
        return bytes(address_to_scriptpubkey(address).data)
    except (BitcoinError, ValueError) as exc:
        raise InvalidChainAddress(str(exc)) from None
    except Exception as exc:  # embit raises its own errors for programs it cannot encode
        raise InvalidChainAddress(f"{address} cannot be paid: {exc}") from None


@lru_cache(maxsize=65536)  # embit's bech32 is pure Python: a scan renders each address often
def address_of(script: bytes, network: Network) -> str | None:
    try:
        return str(Script(script).address(_EMBIT_NETWORK[network]))
    except Exception:  # no address form (OP_RETURN, bare scripts)
        return None


def script_type(script: bytes) -> str:
    """Esplora's `scriptpubkey_type`."""
    kind = Script(script).script_type()
    if not script:
        return "empty"
    if script[0] == 0x6A:
        return "op_return"
    if kind in ("p2pkh", "p2sh"):
        return str(kind)
    if kind in ("p2wpkh", "p2wsh"):
        return f"v0_{kind}"
    if kind == "p2tr":
        return "v1_p2tr"
    if len(script) in (35, 67) and script[-1] == 0xAC:
        return "p2pk"
    return "unknown"


def asm(script: bytes) -> str:
    """The script's opcodes in rust-bitcoin's notation (`OP_0 OP_PUSHBYTES_20 ab…`)."""
    words: list[str] = []
    i = 0
    while i < len(script):
        op = script[i]
        i += 1
        if 0x01 <= op <= 0x4E:
            if op <= 0x4B:
                size, name = op, f"OP_PUSHBYTES_{op}"
            else:
                width = {0x4C: 1, 0x4D: 2, 0x4E: 4}[op]
                size = int.from_bytes(script[i:i + width], "little")
                name = f"OP_PUSHDATA{width if width < 4 else 4}"
                i += width
            data = script[i:i + size]
            i += size
            if len(data) < size:
                words.append("<push past end>")
                break
            words.extend([name, data.hex()])
        elif 0x51 <= op <= 0x60:
            words.append(f"OP_PUSHNUM_{op - 0x50}")
        else:
            words.append(_OPCODES.get(op, f"OP_UNKNOWN_{op:02x}"))
    return " ".join(words)
