"""The watch-only descriptor of an on-chain order: what its BDK wallet watches.

- An order with an extended key watches the receive chain `/0/*` and the change chain `/1/*`
  of that key, in the script type of the order's own address (`wpkh`, `sh(wpkh)` or `pkh`).
  Both chains, because the payout check accepts a payout to either (Pocket's `derivation_path`
  is `change/index`) and the person's wallet shows both. The key origin `[fingerprint/path]`
  is written when the app knows it (orders it created from a device), so the descriptor can be
  imported as is into the person's wallet software.
- An address-only order watches that one address. BDK's descriptors have no `addr()`, so the
  address's public key is recovered from the order's own signed message (every order carries
  one) and the descriptor is the single key in the address's script type; the address it
  derives is checked against the order's before it is used.

Orders of one account (same key, script type and origin) share one descriptor, and so one
wallet: `WalletSpec.key` names it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from embit import base58

from pocketgui.api import jsonio
from pocketgui.api.models import OnchainPayoutMethod, Order
from pocketgui.bitcoin.addresses import address_script_type, public_key_address
from pocketgui.bitcoin.errors import BitcoinError
from pocketgui.bitcoin.keys import derive_address, parse_extended_key, parse_relative_path
from pocketgui.bitcoin.messages import recover_message_pubkey
from pocketgui.bitcoin.networks import Network, ScriptType
from pocketgui.chain.errors import CannotWatch
from pocketgui.i18n.catalog import _
from pocketgui.store.repository import StoredOrder

_XPUB = {Network.MAINNET: bytes.fromhex("0488b21e"), Network.TESTNET: bytes.fromhex("043587cf"),
         Network.REGTEST: bytes.fromhex("043587cf")}
_WRAP = {ScriptType.P2WPKH: ("wpkh(", ")"), ScriptType.P2SH_P2WPKH: ("sh(wpkh(", "))"),
         ScriptType.P2PKH: ("pkh(", ")")}


@dataclass(frozen=True)
class WalletSpec:
    """What one BDK wallet watches, and for which order."""

    order_id: str
    network: Network
    external: str  # the receive descriptor (or the single key's)
    internal: str | None  # the change descriptor; None for an address-only order
    script_type: ScriptType
    extended_key: str | None  # as the order carries it (zpub/vpub/…); None: address-only
    start_index: int  # the receive index the order starts at (0 for an address-only order)
    gap_limit: int

    @property
    def key(self) -> str:
        """Names the wallet (and its file): one per descriptor, shared by orders of an account."""
        text = f"{self.network.value}\n{self.external}\n{self.internal or ''}"
        return hashlib.sha256(text.encode()).hexdigest()[:24]

    @property
    def stop_gap(self) -> int:
        """Unused addresses a first full scan goes past the last used one: the order's own gap
        limit, and at least as far as the order's start plus that gap (an order may start at
        0/7 with 0–6 never used)."""
        return max(self.gap_limit, 1) + self.start_index + 1


def spec_for(stored: StoredOrder) -> WalletSpec:
    """The wallet of a stored on-chain order; CannotWatch for a lightning order or an order
    whose key or signature does not describe its own address."""
    try:
        order = Order.from_wire(jsonio.loads(stored.raw_json))
        network = Network(stored.network)
    except (ValueError, TypeError) as exc:
        raise CannotWatch(_("Order {order} cannot be read: {reason}").format(
            order=stored.id, reason=exc)) from exc
    method = order.payout_method
    if not isinstance(method, OnchainPayoutMethod):
        raise CannotWatch(_("Order {order} pays over lightning: there is no address to "
                            "watch.").format(order=order.id))
    try:
        script_type = address_script_type(method.bitcoin_address, network)
        if method.extended_public_key is None:
            return _single_key(order.id, method, network, script_type)
        return _extended(order.id, method, network, script_type,
                         key_origin(stored.device_fingerprint, stored.account_path))
    except BitcoinError as exc:
        raise CannotWatch(_("Order {order} cannot be watched: {reason}").format(
            order=order.id, reason=exc)) from exc


def standard_xpub(extended_key: str, network: Network) -> str:
    """The key with the plain xpub/tpub version descriptors want (zpub, vpub… are SLIP-132)."""
    raw = bytes(base58.decode_check(extended_key))
    return str(base58.encode_check(_XPUB[network] + raw[4:]))


def account_descriptors(extended_key: str, script_type: ScriptType, network: Network,
                        origin: str = "") -> tuple[str, str]:
    """(receive, change) descriptors of an account key in one script type. An `origin` whose
    path does not lead to the key's depth is left out (the key is watched all the same)."""
    if origin and parse_extended_key(extended_key).depth != origin.count("/"):
        origin = ""
    key = f"{origin}{standard_xpub(extended_key, network)}"
    opening, closing = _WRAP[script_type]
    return f"{opening}{key}/0/*{closing}", f"{opening}{key}/1/*{closing}"


def _extended(order_id: str, method: OnchainPayoutMethod, network: Network,
              script_type: ScriptType, origin: str) -> WalletSpec:
    key = method.extended_public_key
    assert key is not None
    path = method.derivation_path or "0/0"
    steps = parse_relative_path(path)
    if derive_address(key, path, script_type, network) != method.bitcoin_address:
        raise CannotWatch(_("Order {order}: its extended key does not derive its own address "
                            "{address} at {path}.").format(
            order=order_id, address=method.bitcoin_address, path=path))
    if len(steps) != 2 or steps[0] not in (0, 1):
        raise CannotWatch(_("Order {order}: its derivation path {path} is not "
                            "change/index.").format(order=order_id, path=path))
    external, internal = account_descriptors(key, script_type, network, origin)
    return WalletSpec(order_id, network, external, internal, script_type, key, steps[1],
                      method.effective_gap_limit)


def _single_key(order_id: str, method: OnchainPayoutMethod, network: Network,
                script_type: ScriptType) -> WalletSpec:
    public_key, _recovery = recover_message_pubkey(method.message, method.signature)
    if public_key_address(public_key, script_type, network) != method.bitcoin_address:
        raise CannotWatch(_("Order {order}: its signature is not by the key of its address "
                            "{address}, so the address cannot be watched.").format(
            order=order_id, address=method.bitcoin_address))
    opening, closing = _WRAP[script_type]
    return WalletSpec(order_id, network, f"{opening}{public_key.hex()}{closing}", None,
                      script_type, None, 0, 1)


def key_origin(fingerprint: str | None, account_path: str | None) -> str:
    """`[d34db33f/84h/1h/0h]` when both are known and well formed, else ''."""
    if not fingerprint or not account_path or len(fingerprint) != 8:
        return ""
    try:
        bytes.fromhex(fingerprint)
    except ValueError:
        return ""
    steps = account_path.removeprefix("m/").replace("'", "h").split("/")
    if not all(s.rstrip("h").isdigit() for s in steps):
        return ""
    return f"[{fingerprint.lower()}/{'/'.join(steps)}]"
