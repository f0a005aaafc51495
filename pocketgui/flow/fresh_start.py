"""Where a new order of an account starts: past every receive index used before.

Pocket pays each purchase to the next address from the order's `derivation_path` on. An order
that started again at 0/0 would have its first payout land on an address an earlier order of
the same account was already paid to — linking the two on the blockchain. So the start is one
past the highest receive index that is known used:
- by earlier orders of this account in the store (their start, every payout Pocket named, every
  payout their watch-only wallet saw), whatever environment of the same network;
- by the chain, when a source is set: the account's watch-only wallet is brought up to date and
  every receive index that ever received counts (payments from elsewhere too).
If the chain cannot be asked, the store's answer is used and the reason says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from pocketgui.api import jsonio
from pocketgui.api.models import OnchainPayoutMethod, Order
from pocketgui.bitcoin.addresses import address_script_type
from pocketgui.bitcoin.errors import BitcoinError
from pocketgui.bitcoin.keys import parse_relative_path
from pocketgui.bitcoin.networks import Network, ScriptType
from pocketgui.chain.descriptors import standard_xpub
from pocketgui.chain.errors import ChainError
from pocketgui.chain.watcher import ChainWatcher, account_spec
from pocketgui.i18n.catalog import _
from pocketgui.store.repository import Store


@dataclass(frozen=True)
class FreshStart:
    index: int  # the receive index the new order starts at
    store_last: int | None  # the highest receive index earlier orders used (None: none)
    chain_last: int | None  # the highest receive index the chain shows used (None: none)
    chain_note: str = ""  # why the chain was not asked ("" when it was)

    @property
    def reason(self) -> str:
        """The review page's sentence: which index, and why."""
        start, store, chain = self.index, self.store_last, self.chain_last
        if store is not None and chain is not None:
            text = _("Starts at 0/{start}: earlier orders of this account used addresses up to "
                     "0/{store} and the blockchain shows addresses up to 0/{chain} used.")
        elif store is not None:
            text = _("Starts at 0/{start}: earlier orders of this account used addresses up to "
                     "0/{store}.")
        elif chain is not None:
            text = _("Starts at 0/{start}: the blockchain shows addresses up to 0/{chain} used.")
        elif self.chain_note:
            text = _("Starts at 0/{start}: no earlier order of this account.")
        else:
            text = _("Starts at 0/{start}: no earlier order of this account, and no payment on "
                     "the blockchain.")
        text = text.format(start=start, store=store, chain=chain)
        return f"{text} {self.chain_note}" if self.chain_note else text


def store_used_indexes(store: Store, extended_key: str, script_type: ScriptType,
                       network: Network) -> set[int]:
    """Receive indexes used by the stored orders of this account (same key and script type)."""
    try:
        wanted = standard_xpub(extended_key, network)
    except (ValueError, KeyError):
        return set()
    used: set[int] = set()
    order_ids = set()
    for stored in store.orders():
        if stored.network != network.value:
            continue
        try:
            order = Order.from_wire(jsonio.loads(stored.raw_json))
            method = order.payout_method
            if (not isinstance(method, OnchainPayoutMethod) or not method.extended_public_key
                    or standard_xpub(method.extended_public_key, network) != wanted
                    or address_script_type(method.bitcoin_address, network) is not script_type):
                continue
        except (ValueError, KeyError, BitcoinError):
            continue
        order_ids.add(order.id)
        used |= _receive_indexes([method.derivation_path or "0/0"])
    for exchange in store.exchanges():
        if exchange.order_id in order_ids:
            try:
                payout = jsonio.loads(exchange.raw_json).get("payout")
            except (ValueError, AttributeError):
                continue
            path = payout.get("derivation_path") if isinstance(payout, dict) else None
            used |= _receive_indexes([path] if isinstance(path, str) else [])
    for payout in store.chain_payouts():
        if payout.order_id in order_ids:
            used |= _receive_indexes([payout.path])
    return used


def fresh_start(store: Store, extended_key: str, script_type: ScriptType, network: Network,
                chain: ChainWatcher | None = None, *, gap_limit: int = 10,
                fingerprint: str | None = None, account_path: str | None = None) -> FreshStart:
    """Blocks when `chain` is given (a scan of the account's wallet). See the module docstring."""
    in_store = store_used_indexes(store, extended_key, script_type, network)
    store_last = max(in_store) if in_store else None
    chain_last, note = None, ""
    if chain is None:
        note = _("No blockchain source is set, so payments from elsewhere were not looked for.")
    else:
        try:
            on_chain = chain.used_indexes(account_spec(extended_key, script_type, network,
                                                       gap_limit, fingerprint, account_path))
            chain_last = max(on_chain) if on_chain else None
        except ChainError as exc:
            note = _("The blockchain could not be asked: {error}").format(error=exc)
    known = [i for i in (store_last, chain_last) if i is not None]
    return FreshStart(max(known) + 1 if known else 0, store_last, chain_last, note)


def _receive_indexes(paths: list[str]) -> set[int]:
    """The receive-chain (0/i) indexes among `change/index` paths (others are ignored)."""
    found = set()
    for path in paths:
        try:
            steps = parse_relative_path(path)
        except BitcoinError:
            continue
        if len(steps) == 2 and steps[0] == 0:
            found.add(steps[1])
    return found
