"""Stored orders of the test seed's accounts, as the app keeps them, for the chain's tests."""

from __future__ import annotations

import uuid
from pathlib import Path

from pocketgui.api import Exchange, Order, jsonio
from pocketgui.bitcoin import Network, ScriptType
from pocketgui.chain import ChainSource, ChainWatcher, ElectrumSource, EsploraSource, SyncReport
from pocketgui.orders.placing import place_order
from pocketgui.sandbox import SandboxServer
from pocketgui.store import Store, StoredOrder
from pocketgui.tracking import ExchangeTracker
from tests.api import reference as ref
from tests.api.sandbox_kit import Helpers, onchain_request, pocket
from tests.wallet import PURPOSE, Wallet

FINGERPRINT = "73c5da0a"  # the master fingerprint of `abandon … about`
MESSAGE = "I confirm my bitcoin wallet. [7v7t4Fmb]"


def order_json(wallet: Wallet, path: str = "0/0", *, extended: bool = True,
               gap_limit: int | None = None, order_id: str | None = None) -> str:
    data = jsonio.loads(ref.ORDER)
    data["id"] = order_id or str(uuid.uuid4())
    data["payout_method"] = {
        "bitcoin_address": wallet.address(path), "message": MESSAGE,
        "signature": wallet.sign(MESSAGE, path),
        "extended_public_key": wallet.xpub if extended else None,
        "derivation_path": path if extended else None,
        "gap_limit": gap_limit if extended else None,
    }
    return jsonio.dumps(data)


def account_path(wallet: Wallet) -> str:
    coin = 0 if wallet.network is Network.MAINNET else 1
    return f"m/{PURPOSE[wallet.script_type]}h/{coin}h/0h"


def save_order(store: Store, wallet: Wallet, path: str = "0/0", *, environment: str = "sandbox",
               extended: bool = True, gap_limit: int | None = None, origin: bool = True
               ) -> StoredOrder:
    """An on-chain order of `wallet`'s account, saved as the flow saves one."""
    raw = order_json(wallet, path, extended=extended, gap_limit=gap_limit)
    order_id = jsonio.loads(raw)["id"]
    store.save_order(environment, order_id, raw, wallet.network.value,
                     device_fingerprint=FINGERPRINT if origin else None,
                     account_path=account_path(wallet) if origin else None,
                     script_type=wallet.script_type.value)
    stored = store.get_order(order_id)
    assert stored is not None
    return stored


SCRIPT_TYPES = [ScriptType.P2WPKH, ScriptType.P2SH_P2WPKH, ScriptType.P2PKH]


# -- against the sandbox's real chain ----------------------------------------------------------

class ChainRig:
    """The sandbox (Pocket and its chain), the app's store, tracker and chain watcher."""

    def __init__(self, server: SandboxServer, tmp_path: Path, source: ChainSource,
                 network: Network = Network.REGTEST) -> None:
        self.server = server
        self.tmp_path = tmp_path
        self.store = Store(tmp_path / "store.sqlite3")
        self.client = pocket(server)
        self.helpers = Helpers(server)
        self.environment = self.client.environment.name
        self.tracker = ExchangeTracker(self.client, self.store)
        self.alarms: list[tuple[str, str, str]] = []
        self.tracker.on_alarm(lambda e, f, x, _: self.alarms.append((e, f, x)))
        self.source = source
        self.watcher = self.new_watcher(network)

    def new_watcher(self, network: Network = Network.REGTEST,
                    source: ChainSource | None = None) -> ChainWatcher:
        return ChainWatcher(self.store, self.environment, network, source or self.source,
                            self.tmp_path / "chain")

    def order(self, wallet: Wallet, path: str = "0/0", gap_limit: int | None = 5) -> Order:
        request = onchain_request(self.client, wallet, path=path, extended=True,
                                  gap_limit=gap_limit)
        return place_order(self.client, self.store, request, device_fingerprint=FINGERPRINT,
                           account_path=account_path(wallet),
                           script_type=wallet.script_type.value)

    def buy(self, order: Order, amount: str = "100", *, tell: bool = True) -> Exchange:
        """A bank transfer; with `tell` the app hears of it (Pocket's news), else not."""
        exchange = Exchange.from_wire(self.helpers.transfer(order.id, amount))
        if tell:
            self.tracker.observe(exchange, "poll")
        return exchange

    def tip(self) -> int:
        response = self.helpers.http.get("/v1/sandbox/chain/tip")
        assert response.is_success, response.text
        return int(response.json()["height"])

    def round(self) -> SyncReport:
        report = self.watcher.sync()
        self.tracker.observe_chain(report)
        return report

    def close(self) -> None:
        self.helpers.close()
        self.client.close()
        self.store.close()


def sources(server: SandboxServer) -> dict[str, ChainSource]:
    port = server.electrum_port
    assert port is not None
    return {"esplora": EsploraSource(server.esplora_url),
            "electrum": ElectrumSource("127.0.0.1", port, tls=False)}
