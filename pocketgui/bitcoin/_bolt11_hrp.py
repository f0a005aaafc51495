"""The human-readable part of a BOLT11 invoice: network prefix and amount with multiplier."""

from __future__ import annotations

import re

from pocketgui.bitcoin.errors import InvalidInvoice
from pocketgui.bitcoin.networks import Network

_PREFIXES = {"bc": Network.MAINNET, "tb": Network.TESTNET, "tbs": Network.TESTNET}
_PREFIXES["bcrt"] = Network.REGTEST
_WRITE_PREFIX = {Network.MAINNET: "bc", Network.TESTNET: "tb", Network.REGTEST: "bcrt"}
# msat per unit of amount for each multiplier; 'p' is a tenth of a msat.
_MSAT_PER_UNIT = {"": 10**11, "m": 10**8, "u": 10**5, "n": 10**2}
MAX_MSAT = 21_000_000 * 10**11
_HRP = re.compile(r"ln(bcrt|bc|tbs|tb)([0-9]*)([munp]?)")


def parse_hrp(hrp: str) -> tuple[Network, int | None]:
    """(network, amount in msat or None). InvalidInvoice names the problem."""
    match = _HRP.fullmatch(hrp)
    if match is None:
        raise InvalidInvoice(f"{hrp!r} is not a BOLT11 prefix (lnbc, lntb, lntbs, lnbcrt)")
    prefix, digits, multiplier = match.groups()
    network = _PREFIXES[prefix]
    if not digits:
        if multiplier:
            raise InvalidInvoice("the amount multiplier has no amount")
        return network, None
    if digits.startswith("0"):
        raise InvalidInvoice("the amount is zero or has leading zeros")
    if len(digits) > len(str(MAX_MSAT * 10)):
        raise InvalidInvoice("the amount is more than 21 million bitcoin")
    units = int(digits)
    if multiplier == "p":
        if units % 10:
            raise InvalidInvoice("a pico-bitcoin amount must be a whole number of millisatoshi")
        msat = units // 10
    else:
        msat = units * _MSAT_PER_UNIT[multiplier]
    if msat > MAX_MSAT:
        raise InvalidInvoice("the amount is more than 21 million bitcoin")
    return network, msat


def format_hrp(network: Network, amount_msat: int | None) -> str:
    """Shortest human-readable part for the amount, as lightning nodes write it."""
    prefix = "ln" + _WRITE_PREFIX[network]
    if amount_msat is None:
        return prefix
    if not 0 < amount_msat <= MAX_MSAT:
        raise InvalidInvoice("the amount must be positive and at most 21 million bitcoin")
    for multiplier, per_unit in _MSAT_PER_UNIT.items():
        if amount_msat % per_unit == 0:
            return f"{prefix}{amount_msat // per_unit}{multiplier}"
    return f"{prefix}{amount_msat * 10}p"
