"""Address parsing: which network and which single-key script type an address is."""

from __future__ import annotations

from pocketgui.bitcoin.networks import Network, ScriptType


def address_network(address: str) -> set[Network]:
    """Networks the address is valid on (testnet and regtest share base58 prefixes).

    Raises InvalidAddress when it is not a bitcoin address at all.
    """
    raise NotImplementedError


def address_script_type(address: str, network: Network) -> ScriptType:
    """Script type of a valid address on `network`.

    Raises InvalidAddress (malformed, wrong network) or UnsupportedAddressType (taproot, p2wsh,
    future witness versions). A P2SH address answers P2SH_P2WPKH: the only single-key P2SH.
    """
    raise NotImplementedError
