"""Whatever a wallet or a stranger sends the chain's servers: Esplora never answers 5xx, and
the Electrum server answers every request with JSON-RPC and keeps serving."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pocketgui.bitcoin import ScriptType
from pocketgui.sandbox import SandboxConfig, SandboxServer
from tests.wallet import Wallet

from .chain_kit import Electrum, helpers

pytestmark = pytest.mark.slow

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck),
                    database=None)
ROUTES = [
    "/blocks/tip/height", "/blocks/tip/hash", "/blocks", "/blocks/{x}", "/block-height/{x}",
    "/block/{x}", "/block/{x}/header", "/block/{x}/status", "/block/{x}/txids",
    "/block/{x}/txs", "/block/{x}/txs/{x}", "/block/{x}/txid/{x}", "/block/{x}/raw",
    "/tx/{x}", "/tx/{x}/hex", "/tx/{x}/raw", "/tx/{x}/status", "/tx/{x}/merkle-proof",
    "/tx/{x}/outspend/{x}", "/tx/{x}/outspends", "/tx", "/address/{x}", "/address/{x}/txs",
    "/address/{x}/txs/chain/{x}", "/address/{x}/utxo", "/scripthash/{x}",
    "/scripthash/{x}/txs", "/scripthash/{x}/txs/chain/{x}", "/scripthash/{x}/txs/mempool",
    "/scripthash/{x}/utxo", "/mempool", "/mempool/txids", "/fee-estimates", "", "/{x}",
]  # fmt: skip
METHODS = {
    "server.version", "server.ping", "server.features", "blockchain.headers.subscribe",
    "blockchain.block.header", "blockchain.block.headers", "blockchain.scripthash.subscribe",
    "blockchain.scripthash.get_history", "blockchain.scripthash.get_balance",
    "blockchain.scripthash.listunspent", "blockchain.transaction.get",
    "blockchain.transaction.get_merkle", "blockchain.transaction.broadcast",
    "blockchain.estimatefee", "blockchain.transaction.id_from_pos", "mempool.get_fee_histogram",
    "no.such",
}
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=70),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=10,
)


class Chain:
    def __init__(self, server: SandboxServer) -> None:
        self.server = server
        with helpers(server) as client:
            address = Wallet(ScriptType.P2WPKH).address("0/0")
            paid = client.post("/v1/sandbox/chain/payments",
                               json={"address": address, "amount": 0.1}).json()
            client.post("/v1/sandbox/blocks")
            tx = client.get(f"/esplora/tx/{paid['txid']}").json()
            self.values = [paid["txid"], address, tx["status"]["block_hash"], "0", "1", "101",
                           "-1", tx["vin"][0]["txid"], tx["vout"][0]["scriptpubkey"], "25"]


@pytest.fixture(scope="module")
def chain() -> Iterator[Chain]:
    with SandboxServer(SandboxConfig(electrum_port=0)) as server:
        yield Chain(server)


def test_esplora_never_answers_5xx(chain: Chain) -> None:
    client = httpx.Client(base_url=chain.server.esplora_url, timeout=10)

    @SETTINGS
    @given(method=st.sampled_from(["GET", "GET", "POST", "HEAD", "DELETE"]),
           route=st.sampled_from(ROUTES), body=st.binary(max_size=300),
           segment=st.sampled_from(chain.values) | st.text(min_size=1, max_size=70))
    def run(method: str, route: str, body: bytes, segment: str) -> None:
        path = route.replace("{x}", quote(segment, safe=""))
        response = client.request(method, path, content=body)
        assert response.status_code < 500, (method, path, response.text)

    run()
    client.close()


def test_electrum_answers_anything_and_keeps_serving(chain: Chain) -> None:
    assert chain.server.electrum_port is not None
    client = Electrum(chain.server.electrum_port)

    @SETTINGS
    @given(method=st.sampled_from(sorted(METHODS)) | st.text(max_size=20),
           params=st.lists(JSON | st.sampled_from(chain.values), max_size=4) | JSON,
           request_id=st.integers(0, 10**6))
    def run(method: str, params: object, request_id: int) -> None:
        line = json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method,
                           "params": params}).encode()
        answer = client.send_raw(line)
        while "method" in answer:  # a notification on the way
            answer = client.read()
        assert answer["id"] in (request_id, None), answer
        assert ("result" in answer) != ("error" in answer), answer

    run()
    assert client.result("server.ping") is None
    client.close()
