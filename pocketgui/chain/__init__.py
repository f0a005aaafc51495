"""pocketgui.chain: a watch-only BDK wallet per on-chain order, synced from a chain source the
person chose (no Qt; every call marked "blocks" belongs on a worker).

Sources (`sources`):
- `ElectrumSource(host, port, tls)`: the person's own Electrum server, the suggested choice.
- `EsploraSource(url)`: an Esplora API; `EsploraSource.warning` (= `ESPLORA_WARNING`) is the
  sentence to show, because such a server learns every address.
- `check_source(source, network=None) -> SourceInfo` (blocks): tip height and chain read from
  the genesis block; `SourceInfo.sentence()` for the Settings button.

Wallets (`descriptors`, `wallets`):
- `spec_for(stored_order) -> WalletSpec`: the order's descriptors (`wpkh`/`sh(wpkh)`/`pkh` of the
  receive `/0/*` and change `/1/*` chains, with `[fingerprint/path]` when known; an address-only
  order watches its single key, recovered from its signed message).
- `ChainWallet(spec, directory)`: one BDK wallet in `<directory>/<spec.key>.sqlite3`;
  `update(connection)` (blocks) full-scans the first time, then syncs the gap window;
  `payouts()` lists what it saw, with no network.

Watching (`watcher`):
- `ChainWatcher(store, environment, network, source, directory)`: `sync() -> SyncReport`
  (blocks; never raises for a chain failure: `report.ok`, `report.error` is the sentence),
  `payouts()` (no network, e.g. right after a start), `check()`, `used_indexes(spec)`.
- `SyncReport`: `info` (tip, chain), `orders[order_id] -> OrderChain(payouts, scan, problem)`,
  `transactions` (Pocket's txids no wallet saw: their outputs, or None if unknown to the chain).
- `ChainPayout`: txid, vout, address, keychain, index, amount (Decimal BTC), height;
  `confirmations(tip)`.
- What the news means for Pocket's exchanges (matching, "known from the chain", alarms):
  `pocketgui.tracking.ExchangeTracker.observe_chain(report)`.

Errors (`errors`): `ChainError` ⊃ `SourceUnreachable`, `TlsFailure`, `WrongNetwork`,
`BadAnswer`, `CannotWatch`; each message is a sentence a person can act on.

Where the files go: `default_directory(environment)` = `<user data dir>/chain/<environment>`.
"""

from __future__ import annotations

from pathlib import Path

from pocketgui.chain.descriptors import WalletSpec, account_descriptors, spec_for, standard_xpub
from pocketgui.chain.errors import (
    BadAnswer,
    CannotWatch,
    ChainError,
    SourceUnreachable,
    TlsFailure,
    WrongNetwork,
)
from pocketgui.chain.sources import (
    ESPLORA_WARNING,
    ChainSource,
    Connection,
    ElectrumSource,
    EsploraSource,
    SourceInfo,
    check_source,
)
from pocketgui.chain.wallets import ChainPayout, ChainWallet, ScanKind
from pocketgui.chain.watcher import (
    ChainWatcher,
    OrderChain,
    SyncReport,
    TxOutput,
    account_spec,
)


def default_directory(environment: str) -> Path:
    """`<user data dir>/chain/<environment>` (platformdirs), beside the store."""
    import platformdirs

    return platformdirs.user_data_path("pocketgui", appauthor=False) / "chain" / environment


__all__ = [
    "ESPLORA_WARNING",
    "BadAnswer",
    "CannotWatch",
    "ChainError",
    "ChainPayout",
    "ChainSource",
    "ChainWallet",
    "ChainWatcher",
    "Connection",
    "ElectrumSource",
    "EsploraSource",
    "OrderChain",
    "ScanKind",
    "SourceInfo",
    "SourceUnreachable",
    "SyncReport",
    "TlsFailure",
    "TxOutput",
    "WalletSpec",
    "WrongNetwork",
    "account_descriptors",
    "account_spec",
    "check_source",
    "default_directory",
    "spec_for",
    "standard_xpub",
]
