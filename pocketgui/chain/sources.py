"""Where the chain is read from: the person's own Electrum server, or an Esplora URL.

An Electrum server of one's own is what the app suggests: it learns nothing it did not know.
An Esplora server learns every address of every order (and the IP they came from), which is
why `EsploraSource.warning` exists and the app never picks such a server by itself.

`source.connect()` opens BDK's client (blocks: run it on a worker) and `check(network)` answers
the tip height and the network read from the genesis block, refusing a server on another
network before any wallet touches it.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pocketgui.bitcoin.networks import Network
from pocketgui.chain.errors import (
    BadAnswer,
    SourceUnreachable,
    TlsFailure,
    WrongNetwork,
    translate,
)
from pocketgui.i18n.catalog import N_, _
from pocketgui.i18n.formatting import format_number

if TYPE_CHECKING:
    import bdkpython as bdk

# The genesis block of each chain (fixed forever): what tells a server's network for sure.
GENESIS: dict[str, str] = {
    "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f": "mainnet",
    "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943": "testnet",
    "00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043": "testnet4",
    "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6": "signet",
    "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206": "regtest",
}
ESPLORA_WARNING = N_(  # translated where shown
    "An Esplora server learns every address of your orders, and so every purchase and your "
    "balance, together with your IP address. Use a server you run yourself or trust; your own "
    "Electrum server reveals nothing to anyone."
)
ELECTRUM_TIMEOUT = 10  # seconds, per request
ESPLORA_TIMEOUT = 15  # seconds, per request (through MINREQ_TIMEOUT: see EsploraSource.connect)
SCAN_BATCH = 25  # Electrum requests per batch
ESPLORA_PARALLEL = 4  # Esplora requests in flight


@dataclass(frozen=True)
class SourceInfo:
    """What a source test found."""

    server: str
    tip_height: int
    chain: str  # mainnet / testnet / testnet4 / signet / regtest, from the genesis block

    @property
    def network(self) -> Network | None:
        return Network(self.chain) if self.chain in set(Network) else None

    def sentence(self) -> str:
        return _("{server}: {chain}, at block {height}.").format(
            server=self.server, chain=self.chain,
            height=format_number(Decimal(self.tip_height), 0))


@dataclass(frozen=True)
class ElectrumSource:
    host: str
    port: int
    tls: bool = True
    warning = ""

    @property
    def url(self) -> str:
        return f"{'ssl' if self.tls else 'tcp'}://{self.host}:{self.port}"

    @property
    def name(self) -> str:
        return f"Electrum server {self.host}:{self.port}{' (TLS)' if self.tls else ''}"

    def connect(self) -> Connection:
        """Blocks: opens the connection (BDK connects in the constructor)."""
        import bdkpython as bdk

        if not self.host or not 0 < self.port < 65536:
            raise SourceUnreachable(_("{server} is not a valid host and port.").format(
                server=self.name))
        try:
            with translate(self.name):
                client = bdk.ElectrumClient(self.url, timeout=ELECTRUM_TIMEOUT, retry=1)
        except SourceUnreachable:
            if self.tls and self._answers_without_tls():
                raise TlsFailure(_(
                    "{server} answers on this port, but the TLS connection failed: the server "
                    "may speak plain TCP there (turn TLS off), or its certificate is not valid "
                    "for this host name.").format(server=self.name)) from None
            raise
        return Connection(self.name, client, electrum=True)

    def _answers_without_tls(self) -> bool:
        """Whether a plain TCP connection to the port succeeds (the server is up)."""
        try:
            socket.create_connection((self.host, self.port), timeout=3).close()
        except OSError:
            return False
        return True


@dataclass(frozen=True)
class EsploraSource:
    url: str
    warning = ESPLORA_WARNING

    @property
    def name(self) -> str:
        parts = urlsplit(self.url)
        return f"Esplora server {parts.netloc or self.url}"

    def connect(self) -> Connection:
        """No I/O yet: Esplora is plain HTTP, each call its own request.

        BDK's Esplora client takes no timeout; its HTTP library (minreq) reads one from the
        MINREQ_TIMEOUT environment variable, so a server that accepts and never answers cannot
        hang a sync for ever. Set once for the process, unless already set."""
        import bdkpython as bdk

        os.environ.setdefault("MINREQ_TIMEOUT", str(ESPLORA_TIMEOUT))
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SourceUnreachable(f"{self.url!r} is not an http(s) URL of an Esplora API.")
        return Connection(self.name, bdk.EsploraClient(self.url.rstrip("/")), electrum=False)


ChainSource = ElectrumSource | EsploraSource


class Connection:
    """One open BDK client and the few calls the app makes, each translated to ChainError."""

    def __init__(self, name: str, client: Any, *, electrum: bool) -> None:
        self.name = name
        self.client = client
        self.electrum = electrum
        self.requests = 0  # calls made through this connection (a restart test counts them)

    def tip_height(self) -> int:
        self.requests += 1
        with translate(self.name):
            if self.electrum:
                return int(self.client.block_headers_subscribe().height)
            return int(self.client.get_height())

    def chain(self) -> str:
        """The chain's name, from the genesis block's hash."""
        self.requests += 1
        with translate(self.name):
            if self.electrum:
                genesis = str(self.client.server_features().genesis_hash)
            else:
                genesis = str(self.client.get_block_hash(0))
        if genesis not in GENESIS:
            raise BadAnswer(_("{server} follows an unknown chain (genesis block {genesis})."
                              ).format(server=self.name, genesis=genesis))
        return GENESIS[genesis]

    def check(self, network: Network | None = None) -> SourceInfo:
        """Tip and network; WrongNetwork when `network` is given and differs."""
        info = SourceInfo(self.name, self.tip_height(), self.chain())
        if network is not None and info.chain != network.value:
            raise WrongNetwork(_(
                "{server} follows {chain}, but these orders are on {network}. Choose a "
                "{network} server in Settings.").format(server=self.name, chain=info.chain,
                                                       network=network.value))
        return info

    def full_scan(self, request: bdk.FullScanRequest, stop_gap: int) -> bdk.Update:
        self.requests += 1
        with translate(self.name):
            if self.electrum:
                return self.client.full_scan(request, stop_gap, SCAN_BATCH, False)
            return self.client.full_scan(request, stop_gap, ESPLORA_PARALLEL)

    def sync(self, request: bdk.SyncRequest) -> bdk.Update:
        self.requests += 1
        with translate(self.name):
            if self.electrum:
                return self.client.sync(request, SCAN_BATCH, False)
            return self.client.sync(request, ESPLORA_PARALLEL)

    def transaction(self, txid: str) -> bdk.Transaction | None:
        """A transaction by id; None when the server does not know it."""
        import bdkpython as bdk

        self.requests += 1
        with translate(self.name):
            tx_id = bdk.Txid.from_string(txid)
            if not self.electrum:
                return self.client.get_tx(tx_id)
            try:
                return self.client.fetch_tx(tx_id)
            except (bdk.ElectrumError.Protocol, bdk.ElectrumError.Message):
                return None  # Electrum servers answer an unknown txid with an error


def check_source(source: ChainSource, network: Network | None = None) -> SourceInfo:
    """Blocks. The Settings button: connect, read the tip and the network (see `check`)."""
    return source.connect().check(network)
