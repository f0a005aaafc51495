"""`ChainWallet`: one watch-only BDK wallet, persisted in its own SQLite file.

First sync: a full scan with the spec's stop gap. Later syncs: the addresses up to the gap
limit past the last used one (on each chain) are revealed, then only those are asked about —
so a restart never rescans, and a payout up to the gap limit past the last one is still found.
An update is applied and persisted only once the whole request succeeded: a failing server
leaves the file as it was.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pocketgui.bitcoin.amounts import sat_to_btc
from pocketgui.bitcoin.networks import Network
from pocketgui.chain.descriptors import WalletSpec
from pocketgui.chain.errors import CannotWatch
from pocketgui.i18n.catalog import _

if TYPE_CHECKING:
    import bdkpython as bdk

    from pocketgui.chain.sources import Connection


class ScanKind(StrEnum):
    FULL = "full scan"
    SYNC = "sync"


@dataclass(frozen=True)
class ChainPayout:
    """One output paid to an address of the wallet by a transaction that spends none of its
    coins (what a Pocket payout looks like on chain)."""

    txid: str
    vout: int
    address: str
    keychain: int  # 0 receive, 1 change
    index: int  # derivation index on that chain
    amount: Decimal  # BTC, 8 decimals
    height: int | None  # None: in the mempool

    @property
    def path(self) -> str:
        return f"{self.keychain}/{self.index}"

    def confirmations(self, tip: int | None) -> int:
        if self.height is None or tip is None or tip < self.height:
            return 0
        return tip - self.height + 1


def bdk_network(network: Network) -> bdk.Network:
    import bdkpython as bdk

    return {Network.MAINNET: bdk.Network.BITCOIN, Network.TESTNET: bdk.Network.TESTNET,
            Network.REGTEST: bdk.Network.REGTEST}[network]


def _kind(network: Network) -> bdk.NetworkKind:
    import bdkpython as bdk

    return bdk.NetworkKind.MAIN if network is Network.MAINNET else bdk.NetworkKind.TEST


class ChainWallet:
    """Not thread-safe on its own: calls are serialized by an internal lock."""

    def __init__(self, spec: WalletSpec, directory: Path) -> None:
        import bdkpython as bdk

        self.spec = spec
        self.path = directory / f"{spec.key}.sqlite3"
        directory.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        try:
            external = bdk.Descriptor(spec.external, _kind(spec.network))
            internal = (None if spec.internal is None
                        else bdk.Descriptor(spec.internal, _kind(spec.network)))
        except bdk.DescriptorError as exc:
            raise CannotWatch(_("Order {order}: its wallet cannot be described ({kind})."
                                ).format(order=spec.order_id, kind=type(exc).__name__)) from exc
        self._persister = bdk.Persister.new_sqlite(str(self.path))
        self._wallet = self._open(bdk, external, internal)
        self._payouts: list[ChainPayout] | None = None  # until an update changes a transaction

    def _open(self, bdk: Any, external: Any, internal: Any) -> Any:
        try:
            if internal is None:
                return bdk.Wallet.load_single(external, self._persister)
            return bdk.Wallet.load(external, internal, self._persister)
        except bdk.LoadWithPersistError.CouldNotLoad:
            pass  # a new file
        except bdk.LoadWithPersistError as exc:
            raise CannotWatch(_("The wallet file {path} belongs to another wallet or is damaged "
                                "({kind}); it was left untouched.").format(
                path=self.path, kind=type(exc).__name__)) from exc
        network = bdk_network(self.spec.network)
        if internal is None:
            wallet = bdk.Wallet.create_single(external, network, self._persister)
        else:
            wallet = bdk.Wallet(external, internal, network, self._persister)
        wallet.persist(self._persister)
        return wallet

    @property
    def scanned(self) -> bool:
        """Whether a full scan succeeded once (the wallet then holds a checkpoint past genesis)."""
        with self._lock:
            return self._wallet.latest_checkpoint().height > 0

    @property
    def tip_height(self) -> int:
        """The height the wallet last synced to (0 before its first scan)."""
        with self._lock:
            return int(self._wallet.latest_checkpoint().height)

    def _chains(self) -> list[Any]:
        import bdkpython as bdk

        chains = [bdk.KeychainKind.EXTERNAL]
        if self.spec.internal is not None:
            chains.append(bdk.KeychainKind.INTERNAL)
        return chains

    def update(self, connection: Connection) -> ScanKind:
        """Blocks. A full scan the first time, a sync of the gap window after; persisted."""
        with self._lock:
            full = self._wallet.latest_checkpoint().height == 0
            if full:
                request = self._wallet.start_full_scan().build()
                update = connection.full_scan(request, self.spec.stop_gap)
            else:
                self._reveal_window()
                request = self._wallet.start_sync_with_revealed_spks().build()
                update = connection.sync(request)
            self._apply(update)
            return ScanKind.FULL if full else ScanKind.SYNC

    def _apply(self, update: Any) -> None:
        from pocketgui.chain.errors import translate

        with translate("the chain source"):
            events = self._wallet.apply_update_events(update)
        self._wallet.persist(self._persister)
        if any(not event.is_CHAIN_TIP_CHANGED() for event in events):
            self._payouts = None

    def _reveal_window(self) -> None:
        """Reveal up to the gap limit past the last used index (or the order's start)."""
        for chain in self._chains():
            used = [o.derivation_index for o in self._wallet.list_output() if o.keychain == chain]
            last = max(used, default=self.spec.start_index - 1)
            if self.spec.internal is None:
                continue  # a single key has one script: index 0
            self._wallet.reveal_addresses_to(chain, max(0, last + self.spec.gap_limit))

    def used_indexes(self, keychain: int = 0) -> set[int]:
        """Derivation indexes of one chain that received anything."""
        import bdkpython as bdk

        chain = bdk.KeychainKind.EXTERNAL if keychain == 0 else bdk.KeychainKind.INTERNAL
        with self._lock:
            return {o.derivation_index for o in self._wallet.list_output() if o.keychain == chain}

    def payouts(self) -> list[ChainPayout]:
        """Every output received from outside the wallet, oldest first (mempool last)."""
        with self._lock:
            if self._payouts is None:
                self._payouts = self._read_payouts()
            return list(self._payouts)

    def _read_payouts(self) -> list[ChainPayout]:
        """Called under the lock. One canonical view for all outputs: asking per transaction
        (`get_tx`) recomputes it each time, quadratic in the payouts."""
        import bdkpython as bdk

        network = bdk_network(self.spec.network)
        incoming = {str(c.transaction.compute_txid()) for c in self._wallet.transactions()
                    if self._wallet.sent_and_received(c.transaction).sent.to_sat() == 0}
        found = []
        for output in self._wallet.list_output():
            txid = str(output.outpoint.txid)
            if txid not in incoming:
                continue  # the person spent from this wallet: change, not a payout
            position = output.chain_position
            height = (int(position.confirmation_block_time.block_id.height)
                      if position.is_CONFIRMED() else None)
            found.append(ChainPayout(
                txid, int(output.outpoint.vout),
                str(bdk.Address.from_script(output.txout.script_pubkey, network)),
                0 if output.keychain == bdk.KeychainKind.EXTERNAL else 1,
                int(output.derivation_index), sat_to_btc(output.txout.value.to_sat()), height))
        found.sort(key=lambda p: (p.height is None, p.height or 0, p.txid, p.vout))
        return found
