"""`ChainWatcher`: one round of chain news for every on-chain order of an environment.

`sync()` blocks (the UI runs it on a worker, the Demo and tests call it directly): it opens the
source once, checks its network, brings each order's wallet up to date (full scan the first
time, a sync of the gap window after), looks up every payout txid Pocket named that no wallet
saw (to tell "not on chain" from "pays another address"), and answers a `SyncReport`. It never
raises for a chain failure: the report carries the error and its sentence, and every wallet
file keeps what it had. What the news means for Pocket's exchanges is decided by the tracker
(`ExchangeTracker.observe_chain`).
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from pocketgui.api import jsonio
from pocketgui.bitcoin.amounts import sat_to_btc
from pocketgui.bitcoin.networks import Network, ScriptType
from pocketgui.chain.descriptors import WalletSpec, account_descriptors, key_origin, spec_for
from pocketgui.chain.errors import CannotWatch, ChainError
from pocketgui.chain.sources import ChainSource, Connection, SourceInfo
from pocketgui.chain.wallets import ChainPayout, ChainWallet, ScanKind, bdk_network
from pocketgui.store.repository import Store, StoredOrder

log = logging.getLogger(__name__)
_TXID = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class TxOutput:
    vout: int
    address: str | None  # None: a script with no address form
    amount: Decimal


@dataclass(frozen=True)
class OrderChain:
    """What the chain shows for one order."""

    order_id: str
    payouts: tuple[ChainPayout, ...] = ()
    scan: ScanKind | None = None  # what this round did (None: nothing, see `problem`)
    problem: str = ""  # why the order is not watched (CannotWatch), or ""


@dataclass(frozen=True)
class SyncReport:
    environment: str
    source: str
    synced_at: str  # ISO-8601 UTC
    info: SourceInfo | None = None
    orders: dict[str, OrderChain] = field(default_factory=dict)
    transactions: dict[str, tuple[TxOutput, ...] | None] = field(default_factory=dict)
    failure: ChainError | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None

    @property
    def error(self) -> str:
        """The failure as a sentence a person can act on ("" when the round succeeded)."""
        return "" if self.failure is None else str(self.failure)

    @property
    def tip_height(self) -> int | None:
        return None if self.info is None else self.info.tip_height


def utc_stamp() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def account_spec(extended_key: str, script_type: ScriptType, network: Network, gap_limit: int,
                 fingerprint: str | None = None, account_path: str | None = None) -> WalletSpec:
    """The wallet of an account before any order exists (the flow asks which indexes it used);
    the same file as its orders' wallets when given the same fingerprint and path."""
    origin = key_origin(fingerprint, account_path)
    external, internal = account_descriptors(extended_key, script_type, network, origin)
    return WalletSpec("", network, external, internal, script_type, extended_key, 0, gap_limit)


class ChainWatcher:
    def __init__(self, store: Store, environment: str, network: Network, source: ChainSource,
                 directory: Path) -> None:
        """`directory`: where the wallet files live (`<user data dir>/chain/<environment>`)."""
        self.store = store
        self.environment = environment
        self.network = network
        self.source = source
        self.directory = directory
        self._wallets: dict[str, ChainWallet] = {}
        self._connection: Connection | None = None
        self._lock = threading.Lock()
        self.last_report: SyncReport | None = None

    # ---------------------------------------------------------------------------------------
    def wallet(self, spec: WalletSpec) -> ChainWallet:
        """The wallet of `spec`, opened from its file (no network). Orders sharing it widen its
        window to the widest of theirs."""
        wallet = self._wallets.get(spec.key)
        if wallet is None:
            wallet = self._wallets[spec.key] = ChainWallet(spec, self.directory)
        elif spec.stop_gap > wallet.spec.stop_gap:
            wallet.spec = spec
        return wallet

    def specs(self) -> tuple[dict[str, WalletSpec], dict[str, str]]:
        """(order id → spec, order id → why it cannot be watched) for the environment's
        on-chain orders."""
        specs, problems = {}, {}
        for stored in self.store.orders(self.environment):
            if _is_lightning(stored):
                continue
            try:
                specs[stored.id] = spec_for(stored)
            except CannotWatch as exc:
                problems[stored.id] = str(exc)
        return specs, problems

    def payouts(self) -> dict[str, tuple[ChainPayout, ...]]:
        """What the wallet files know, by order, without asking the network (after a restart)."""
        with self._lock:
            specs, _ = self._openable(*self.specs())
            return {order_id: tuple(p) for order_id, p in self._attribute(specs).items()}

    def connect(self) -> Connection:
        if self._connection is None:
            self._connection = self.source.connect()
        return self._connection

    def check(self) -> SourceInfo:
        """Blocks. The source's tip and network (WrongNetwork if it is not the orders')."""
        return self.connect().check(self.network)

    # ---------------------------------------------------------------------------------------
    def sync(self) -> SyncReport:
        """Blocks. One round (see the module docstring)."""
        with self._lock:
            report = self._round()
        self.last_report = report
        return report

    def _round(self) -> SyncReport:
        specs, problems = self.specs()
        orders = {i: OrderChain(i, problem=p) for i, p in problems.items()}
        try:
            connection = self.connect()
            info = connection.check(self.network)  # before any wallet file is opened
            specs, problems = self._openable(specs, problems)
            orders.update((i, OrderChain(i, problem=p)) for i, p in problems.items())
            scans: dict[str, ScanKind] = {}
            for spec in specs.values():
                if spec.key not in scans:
                    scans[spec.key] = self.wallet(spec).update(connection)
            attributed = self._attribute(specs)
            for order_id, spec in specs.items():
                orders[order_id] = OrderChain(order_id, tuple(attributed[order_id]),
                                              scans.get(spec.key))
            seen = {p.txid for o in orders.values() for p in o.payouts}
            transactions = {txid: self._outputs(connection, txid)
                            for txid in self._pocket_txids() - seen}
        except ChainError as exc:
            log.warning("chain sync from %s failed: %s", self.source.name, exc)
            self._connection = None  # a new connection next round
            return SyncReport(self.environment, self.source.name, utc_stamp(), None,
                              orders, failure=exc)
        return SyncReport(self.environment, self.source.name, utc_stamp(), info, orders,
                          transactions)

    def _openable(self, specs: dict[str, WalletSpec], problems: dict[str, str]
                  ) -> tuple[dict[str, WalletSpec], dict[str, str]]:
        """The specs whose wallet files open; an order whose file does not is a problem of its
        own (the other orders are still watched)."""
        openable = {}
        for order_id, spec in specs.items():
            try:
                self.wallet(spec)
            except CannotWatch as exc:
                problems[order_id] = str(exc)
                continue
            openable[order_id] = spec
        return openable, problems

    def _attribute(self, specs: dict[str, WalletSpec]) -> dict[str, list[ChainPayout]]:
        """Each wallet's payouts to its orders. Orders of one account share a wallet: a payout
        goes to the latest order that started at or before its index (the one Pocket was paying
        from then); the tracker corrects this by txid whenever Pocket's news names the order."""
        result: dict[str, list[ChainPayout]] = {order_id: [] for order_id in specs}
        by_wallet: dict[str, list[WalletSpec]] = {}
        for spec in specs.values():
            by_wallet.setdefault(spec.key, []).append(spec)
        for sharing in by_wallet.values():
            wallet = self.wallet(max(sharing, key=lambda s: s.stop_gap))
            ordered = sorted(sharing, key=lambda s: (s.start_index, s.order_id))
            for payout in wallet.payouts():
                owner = ordered[0]
                for spec in ordered:
                    if spec.start_index <= payout.index:
                        owner = spec
                result[owner.order_id].append(payout)
        return result

    def _pocket_txids(self) -> set[str]:
        """Txids of the on-chain payouts Pocket named for this environment's exchanges."""
        txids = set()
        for stored in self.store.exchanges(self.environment):
            try:
                payout = jsonio.loads(stored.raw_json).get("payout")
            except (ValueError, AttributeError):
                continue
            if not isinstance(payout, dict) or "bitcoin_address" not in payout:
                continue  # no payout yet, or a lightning one (a channel has a txid too)
            txid = payout.get("txid")
            if isinstance(txid, str) and _TXID.fullmatch(txid.lower()):
                txids.add(txid.lower())
        return txids

    def _outputs(self, connection: Connection, txid: str) -> tuple[TxOutput, ...] | None:
        import bdkpython as bdk

        tx = connection.transaction(txid)
        if tx is None:
            return None
        network = bdk_network(self.network)
        outputs = []
        for vout, out in enumerate(tx.output()):
            try:
                address: str | None = str(bdk.Address.from_script(out.script_pubkey, network))
            except bdk.FromScriptError:
                address = None
            outputs.append(TxOutput(vout, address, sat_to_btc(out.value.to_sat())))
        return tuple(outputs)

    # ---------------------------------------------------------------------------------------
    def used_indexes(self, spec: WalletSpec) -> set[int]:
        """Blocks. Receive indexes of an account the chain shows used (its wallet brought up to
        date first). Raises ChainError when the source fails."""
        with self._lock:
            connection = self.connect()
            try:
                connection.check(self.network)
                wallet = self.wallet(spec)
                wallet.update(connection)
            except ChainError:
                self._connection = None
                raise
            return wallet.used_indexes(0)


def _is_lightning(stored: StoredOrder) -> bool:
    try:
        payout = jsonio.loads(stored.raw_json).get("payout_method", {})
    except (ValueError, AttributeError):
        return False
    return isinstance(payout, dict) and bool(payout.get("node_pubkey"))
