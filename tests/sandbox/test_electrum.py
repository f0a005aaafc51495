"""The Electrum server, spoken to over a raw socket as a wallet would."""

from __future__ import annotations

import hashlib
import itertools
import json
import socket
import time
from collections.abc import Callable

import pytest
from embit.script import address_to_scriptpubkey

from pocketgui.bitcoin import ScriptType
from pocketgui.sandbox import SandboxServer
from pocketgui.sandbox.chain.electrum import ElectrumServer
from tests.wallet import Wallet

from .chain_kit import (
    REGTEST_GENESIS,
    Electrum,
    display,
    electrum_scripthash,
    header_fields,
    helpers,
    merkle_root,
    root_from_branch,
    sha256d,
)
from .wallet import create_order, onchain_order_body, transfer


@pytest.fixture
def chain(sandbox_factory: Callable[..., SandboxServer]) -> SandboxServer:
    return sandbox_factory(electrum_port=0)


def _script(address: str) -> bytes:
    return bytes(address_to_scriptpubkey(address).data)


def test_the_server_introduces_itself_as_protocol_1_4_on_regtest(chain: SandboxServer) -> None:
    assert chain.electrum_url == f"tcp://127.0.0.1:{chain.electrum_port}"
    client = Electrum(chain.electrum_port)  # type: ignore[arg-type]
    assert client.result("server.version", "test", "1.4")[1] == "1.4"
    assert client.result("server.version", "test", ["1.2", "1.4"])[1] == "1.4"
    assert "error" in client.call("server.version", "test", "1.5")
    features = client.result("server.features")
    assert features["genesis_hash"] == REGTEST_GENESIS
    assert (features["protocol_min"], features["protocol_max"]) == ("1.4", "1.4")
    assert (features["hash_function"], features["pruning"]) == ("sha256", None)
    assert client.result("server.ping") is None
    assert isinstance(client.result("server.banner"), str)
    assert client.result("server.donation_address") == ""
    assert client.result("blockchain.relayfee") > 0
    assert client.result("blockchain.estimatefee", 6) > 0
    assert isinstance(client.result("mempool.get_fee_histogram"), list)
    client.close()


def test_headers_chain_from_genesis_and_checkpoint_proofs_verify(chain: SandboxServer) -> None:
    client = Electrum(chain.electrum_port)  # type: ignore[arg-type]
    tip = client.result("blockchain.headers.subscribe")
    assert tip["height"] == 100
    headers = client.result("blockchain.block.headers", 0, 2016)
    assert (headers["count"], headers["max"]) == (101, 2016)
    raw = bytes.fromhex(headers["hex"])
    chunks = [raw[i:i + 80] for i in range(0, len(raw), 80)]
    assert display(sha256d(chunks[0])) == REGTEST_GENESIS
    for previous, header in itertools.pairwise(chunks):
        assert header_fields(header)["prev"] == display(sha256d(previous))
    assert chunks[-1].hex() == tip["hex"]
    assert client.result("blockchain.block.header", 7) == chunks[7].hex()
    # a checkpoint proof: header 7's hash under the root of headers 0..60
    proof = client.result("blockchain.block.header", 7, 60)
    assert proof["header"] == chunks[7].hex()
    leaves = [display(sha256d(h)) for h in chunks[:61]]
    assert proof["root"] == merkle_root(leaves)
    assert root_from_branch(leaves[7], proof["branch"], 7) == proof["root"]
    ranged = client.result("blockchain.block.headers", 50, 11, 60)
    assert ranged["count"] == 11 and ranged["root"] == proof["root"]
    assert root_from_branch(leaves[60], ranged["branch"], 60) == proof["root"]
    assert "error" in client.call("blockchain.block.header", 7, 500)  # beyond the tip
    assert "error" in client.call("blockchain.block.header", 500)
    client.close()


def test_subscribers_hear_of_a_payment_and_of_the_block_that_confirms_it(
    chain: SandboxServer,
) -> None:
    address = Wallet(ScriptType.P2WPKH).address("0/5")
    key = electrum_scripthash(_script(address))
    client = Electrum(chain.electrum_port)  # type: ignore[arg-type]
    client.result("blockchain.headers.subscribe")
    assert client.result("blockchain.scripthash.subscribe", key) is None
    with helpers(chain) as http:
        paid = http.post("/v1/sandbox/chain/payments",
                         json={"address": address, "amount": 0.015}).json()
        note = client.notification()
        assert note["method"] == "blockchain.scripthash.subscribe"
        history = client.result("blockchain.scripthash.get_history", key)
        assert history == [{"height": 0, "tx_hash": paid["txid"], "fee": 190}]
        expected = hashlib.sha256(f"{paid['txid']}:0:".encode()).hexdigest()
        assert note["params"] == [key, expected]
        assert client.result("blockchain.scripthash.get_balance", key) == {
            "confirmed": 0, "unconfirmed": 1_500_000}
        assert client.result("blockchain.scripthash.get_mempool", key) == history

        height = http.post("/v1/sandbox/blocks").json()["height"]
    notes = [client.notification(), client.notification()]
    by_method = {n["method"]: n["params"] for n in notes}
    assert by_method["blockchain.headers.subscribe"][0]["height"] == height
    assert by_method["blockchain.scripthash.subscribe"] == [
        key, hashlib.sha256(f"{paid['txid']}:{height}:".encode()).hexdigest()]
    assert client.result("blockchain.scripthash.get_history", key) == [
        {"height": height, "tx_hash": paid["txid"]}]
    assert client.result("blockchain.scripthash.get_balance", key) == {
        "confirmed": 1_500_000, "unconfirmed": 0}
    assert client.result("blockchain.scripthash.listunspent", key) == [
        {"height": height, "tx_hash": paid["txid"], "tx_pos": paid["outpoint"],
         "value": 1_500_000}]

    raw = bytes.fromhex(client.result("blockchain.transaction.get", paid["txid"]))
    proof = client.result("blockchain.transaction.get_merkle", paid["txid"], height)
    header = bytes.fromhex(client.result("blockchain.block.header", height))
    assert proof["block_height"] == height
    assert root_from_branch(paid["txid"], proof["merkle"], proof["pos"]) == header_fields(
        header)["merkle_root"]
    assert client.result("blockchain.transaction.id_from_pos", height, proof["pos"]) == paid[
        "txid"]
    assert raw[-4:] == bytes(4)  # locktime 0, and the txid hashes the stripped serialization
    assert "error" in client.call("blockchain.transaction.get_merkle", paid["txid"], height + 1)
    assert client.result("blockchain.scripthash.unsubscribe", key) is True
    client.close()


def test_batches_are_answered_in_one_array(chain: SandboxServer) -> None:
    client = Electrum(chain.electrum_port)  # type: ignore[arg-type]
    keys = [electrum_scripthash(bytes([0x00, 0x14]) + bytes([n]) * 20) for n in range(3)]
    batch = [{"jsonrpc": "2.0", "id": n, "method": "blockchain.scripthash.get_history",
              "params": [key]} for n, key in enumerate(keys)]
    batch.append({"jsonrpc": "2.0", "id": 9, "method": "blockchain.block.header", "params": [0]})
    batch.append({"jsonrpc": "2.0", "id": 10, "method": "no.such.method", "params": []})
    answer = client.send_raw(json.dumps(batch).encode())
    assert [a["id"] for a in answer] == [0, 1, 2, 9, 10]
    assert [a["result"] for a in answer[:3]] == [[], [], []]
    assert display(sha256d(bytes.fromhex(answer[3]["result"]))) == REGTEST_GENESIS
    assert answer[4]["error"]["code"] == -32601
    client.close()


@pytest.mark.parametrize("garbage", [
    b"garbage", b"{", b"[]", b"42", b'{"id": 1}', b'{"id": 1, "method": "server.ping", '
    b'"params": {"a": 1}}', b'{"id": 1, "method": "blockchain.block.header", "params": ["x"]}',
    b'{"id": 1, "method": "blockchain.scripthash.get_history", "params": ["zz"]}',
    b'{"id": 1, "method": "blockchain.transaction.get", "params": [1, 2, 3, 4]}',
    b'{"id": 1, "method": "blockchain.transaction.broadcast", "params": ["00"]}',
    b'{"id": 1, "method": "server.version", "params": [null, {"x": 1}]}',
    b"\xff\xfe\x00", b"[" * 5000 + b"]" * 5000,
])
def test_garbage_gets_an_error_and_the_connection_keeps_serving(
    chain: SandboxServer, garbage: bytes
) -> None:
    client = Electrum(chain.electrum_port)  # type: ignore[arg-type]
    answer = client.send_raw(garbage)
    assert "error" in answer and isinstance(answer["error"]["code"], int), answer
    assert client.result("server.ping") is None
    client.close()


def test_connections_are_bounded_and_idle_ones_closed(chain: SandboxServer) -> None:
    assert chain.sandbox is not None
    server = ElectrumServer(chain.sandbox.db, chain.sandbox.chain_views, "127.0.0.1", 0,
                            max_connections=2, idle_timeout=0.3).start()
    try:
        first, second = Electrum(server.port), Electrum(server.port)
        assert first.result("server.ping") is None and second.result("server.ping") is None
        third = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        assert third.recv(1) == b""  # refused: closed at once
        third.close()
        time.sleep(0.6)
        assert first.file.readline() == b""  # idle for longer than the timeout: closed
        fourth = Electrum(server.port)
        assert fourth.result("server.ping") is None
        for client in (first, second, fourth):
            client.close()
    finally:
        server.stop()


def test_a_payout_settled_later_by_the_background_reaches_subscribers(
    sandbox_factory: Callable[..., SandboxServer],
) -> None:
    server = sandbox_factory(electrum_port=0, settle_delay=0.2)
    wallet = Wallet(ScriptType.P2WPKH)
    key = electrum_scripthash(_script(wallet.address("0/0")))
    client = Electrum(server.electrum_port)  # type: ignore[arg-type]
    assert client.result("blockchain.scripthash.subscribe", key) is None
    with helpers(server) as http:
        order = create_order(http, onchain_order_body(http, wallet))
        exchange = transfer(http, order["id"], "50.00").json()
        assert exchange["payout"] is None  # executed; the payout follows in 0.2 s
        started = time.monotonic()
        note = client.notification()
        assert time.monotonic() - started < 2
        payout = http.get(f"/v1/exchanges/{exchange['id']}").json()["payout"]
    expected = hashlib.sha256(f"{payout['txid']}:0:".encode()).hexdigest()
    assert note["params"] == [key, expected]
    client.close()
